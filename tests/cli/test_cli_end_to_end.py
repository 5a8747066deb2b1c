"""The command line as a user runs it: a subprocess against the sandbox over sockets, the
real keyring, real files; numbers checked against the sandbox's own answers and the
zero-request guarantee against its request log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from analytix_desktop.core.services import open_services
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store.paths import AppPaths
from analytix_desktop.store.tokens import TokenStore
from tests.sandbox_answers import sandbox_report

from .conftest import Connected
from .support import ROOT, cli_env, run_cli, write_browser

pytestmark = pytest.mark.keyring

LAST = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=2)
FIRST = LAST - dt.timedelta(days=13)
REPORTS = "/v2/reports"


def definition(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Daily views",
        "dimensions": ["day"],
        "metrics": ["views", "estimatedMinutesWatched"],
        "filters": {},
        "sort": ["day"],
        "max_results": 0,
        "range": {"start": FIRST.isoformat(), "end": LAST.isoformat()},
        "currency": "USD",
    }
    data.update(changes)
    return data


def write_definition(folder: Path, **changes: Any) -> Path:
    path = folder / "definition.json"
    path.write_text(json.dumps(definition(**changes)), encoding="utf-8")
    return path


def test_channels_add_used_the_browser_and_printed_the_link(connected: Connected) -> None:
    urls = connected.browser_urls.read_text(encoding="utf-8").split()
    assert len(urls) == 1
    assert urls[0] in connected.added.stderr  # the link, for a machine without a browser
    assert connected.added.stdout == f"{connected.channel_id}\t{connected.title}\n"
    assert TokenStore().load(connected.channel_id) is not None  # in the real keyring


def test_channels_list(connected: Connected, sandbox: Sandbox) -> None:
    listed = run_cli("channels", "list", env=connected.env, config=connected.config)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == f"{connected.channel_id}\t{connected.title}\n"
    assert sandbox.log.count() == 0


def test_export_a_definition_then_again_from_the_store_then_refreshed(
    connected: Connected, sandbox: Sandbox, tmp_path: Path
) -> None:
    source = write_definition(tmp_path, name="Views by day (e2e)")
    output = tmp_path / "views.csv"
    args = ("export", "--channel", connected.title.upper(), "--definition", source)
    first = run_cli(*args, "--output", output, "--raw", env=connected.env, config=connected.config)
    assert first.returncode == 0, first.stderr
    assert sandbox.log.count(REPORTS) == 1
    written = output.read_bytes()

    sandbox.log.clear()
    again = run_cli(*args, "--output", output, "--raw", env=connected.env, config=connected.config)
    assert again.returncode == 0, again.stderr
    assert sandbox.log.count() == 0  # not one request: served from the local store
    assert "Served from the local store" in again.stderr
    assert output.read_bytes() == written

    refreshed = run_cli(
        *args, "--output", output, "--raw", "--refresh", env=connected.env, config=connected.config
    )
    assert refreshed.returncode == 0, refreshed.stderr
    assert sandbox.log.count(REPORTS) == 1
    assert "Served" not in refreshed.stderr

    expected = sandbox_report(
        sandbox,
        connected.channel_id,
        startDate=FIRST.isoformat(),
        endDate=LAST.isoformat(),
        dimensions="day",
        metrics="views,estimatedMinutesWatched",
        sort="day",
    )
    lines = written.decode("utf-8").splitlines()
    assert lines[0] == "day,views,estimatedMinutesWatched"
    assert lines[1:] == [",".join(str(cell) for cell in row) for row in expected["rows"]]
    assert len(lines) == 15


def test_export_a_saved_report_as_json_and_as_shown(
    connected: Connected, sandbox: Sandbox, tmp_path: Path
) -> None:
    saved = definition(name="Weekly e2e", range="last_28_days", sort=["-day"])
    services = open_services(AppPaths.under(connected.config))
    try:
        services.reports.save_report("Weekly e2e", saved, channel_id=None)
    finally:
        services.close()
    listed = run_cli("reports", "list", env=connected.env, config=connected.config)
    assert listed.returncode == 0, listed.stderr
    assert "Weekly e2e\tany channel\tlast_28_days\n" in listed.stdout

    raw = tmp_path / "weekly.json"
    args = ("export", "--channel", connected.channel_id, "--saved", "weekly E2E")
    done = run_cli(*args, "--output", raw, env=connected.env, config=connected.config)
    assert done.returncode == 0, done.stderr
    assert sandbox.log.count(REPORTS) == 1
    request = sandbox.log.entries(REPORTS)[0]
    start, end = request.query["startDate"][0], request.query["endDate"][0]
    assert dt.date.fromisoformat(end) - dt.date.fromisoformat(start) == dt.timedelta(days=27)
    expected = sandbox_report(
        sandbox,
        connected.channel_id,
        startDate=start,
        endDate=end,
        dimensions="day",
        metrics="views,estimatedMinutesWatched",
        sort="-day",
    )
    assert json.loads(raw.read_text(encoding="utf-8")) == expected

    shown = tmp_path / "weekly-shown.csv"
    done = run_cli(*args, "--output", shown, env=connected.env, config=connected.config)
    assert done.returncode == 0, done.stderr
    assert "Served from the local store" in done.stderr
    text = shown.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")  # as the app's "as shown" CSV: a BOM for Excel
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows[0][0] == "Day"
    assert any("hours" in header for header in rows[0])  # watch time in Studio's unit
    assert len(rows) == 1 + 28 + 1
    assert rows[-1][0] == "Total"
    views = [int(row[1]) for row in expected["rows"]]
    assert re.sub(r"\D", "", rows[-1][1]) == str(sum(views))


def test_an_invalid_definition_is_refused_before_any_request(
    connected: Connected, sandbox: Sandbox, tmp_path: Path
) -> None:
    source = write_definition(tmp_path, metrics=["views", "vews"])
    output = tmp_path / "out.csv"
    args = ("export", "--channel", connected.channel_id, "--definition", source)
    done = run_cli(*args, "--output", output, env=connected.env, config=connected.config)
    assert done.returncode == 2
    assert "metrics: 'vews' is not a metric" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert sandbox.log.count() == 0
    assert not output.exists()


@pytest.mark.parametrize("status", [503, 429])
def test_google_failing_exits_4_and_leaves_the_output_alone(
    connected: Connected, sandbox: Sandbox, tmp_path: Path, status: int
) -> None:
    source = write_definition(tmp_path, name=f"fails {status}")
    output = tmp_path / "kept.tsv"
    output.write_bytes(b"an earlier export\n")
    sandbox.faults.inject(REPORTS, status=status, retry_after=0, times=20)
    args = ("export", "--channel", connected.channel_id, "--definition", source, "--refresh")
    done = run_cli(*args, "--output", output, env=connected.env, config=connected.config)
    assert done.returncode == 4, done.stderr
    assert str(status) in done.stderr
    assert "Traceback" not in done.stderr
    assert sandbox.log.count(REPORTS) >= 2  # retried first
    assert output.read_bytes() == b"an earlier export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["definition.json", "kept.tsv"]


def test_ctrl_c_stops_the_export_and_writes_nothing(
    connected: Connected, sandbox: Sandbox, tmp_path: Path
) -> None:
    source = write_definition(tmp_path, name="interrupted")
    output = tmp_path / "never.csv"
    fault = sandbox.faults.inject(REPORTS, delay=30)
    command = [sys.executable, "-m", "analytix_desktop", "export", "--channel"]
    command += [connected.channel_id, "--definition", str(source), "--output", str(output)]
    command += ["--refresh", "--config-dir", str(connected.config)]
    process = subprocess.Popen(
        command, env=connected.env, cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    try:
        while fault.remaining > 0 and process.poll() is None:  # the request is in flight
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr
    assert "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["definition.json"]


def test_no_client_secrets_exits_3(sandbox: Sandbox, tmp_path: Path) -> None:
    env = cli_env(sandbox)
    done = run_cli("channels", "add", env=env, config=tmp_path / "empty")
    assert done.returncode == 3
    assert "secrets import" in done.stderr
    assert sandbox.log.count() == 0


def test_channels_remove_revokes_and_forgets(sandbox: Sandbox, tmp_path: Path) -> None:
    browser, _urls = write_browser(tmp_path)
    env = cli_env(sandbox, browser)
    config = tmp_path / "config"
    secrets = sandbox.write_secrets(tmp_path / "client_secret.json")
    assert run_cli("secrets", "import", secrets, env=env, config=config).returncode == 0
    channel = next(c for c in sandbox.channels.values() if c.monetised)
    sandbox.consent.channel = channel.id
    added = run_cli("channels", "add", env=env, config=config)
    assert added.returncode == 0, added.stderr
    assert TokenStore().load(channel.id) is not None
    sandbox.log.clear()

    removed = run_cli("channels", "remove", channel.title.lower(), env=env, config=config)
    assert removed.returncode == 0, removed.stderr
    assert "revoked" in removed.stderr
    assert any("revoke" in entry.path for entry in sandbox.log)
    assert TokenStore().load(channel.id) is None
    listed = run_cli("channels", "list", env=env, config=config)
    assert listed.stdout == ""


def test_a_definition_s_creators_metrics_are_in_the_as_shown_export(
    connected: Connected, sandbox: Sandbox, tmp_path: Path
) -> None:
    path = write_definition(
        tmp_path,
        name="Engagement",
        metrics=["views", "comments", "likes", "shares"],
        range={"start": (FIRST - dt.timedelta(days=40)).isoformat(), "end": FIRST.isoformat()},
        derived=["engagementRate"],
    )
    out = tmp_path / "engagement.csv"
    args = ("export", "--channel", connected.channel_id, "--definition", path, "--output", out)
    done = run_cli(*args, env=connected.env, config=connected.config)
    assert done.returncode == 0, done.stderr
    [request] = sandbox.log.entries(REPORTS)
    assert "engagementRate" not in request.query["metrics"][0]  # computed, never asked for
    expected = sandbox_report(
        sandbox,
        connected.channel_id,
        **{key: values[0] for key, values in request.query.items() if key != "ids"},
    )
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0][-1].startswith("Engagement rate")
    sums = [sum(row[i] for row in expected["rows"]) for i in range(1, 5)]
    views, comments, likes, shares = sums
    total = 100 * (comments + likes + shares) / views
    assert rows[-1][0] == "Total"
    assert float(rows[-1][-1].rstrip("%").replace(",", "")) == pytest.approx(total, abs=0.05)
    first = expected["rows"][0]
    if first[1]:
        rate = 100 * (first[2] + first[3] + first[4]) / first[1]
        assert float(rows[1][-1].rstrip("%").replace(",", "")) == pytest.approx(rate, abs=0.05)
