"""The reach commands as a user (or cron) runs them: subprocesses against the sandbox's
Reporting API over sockets, the real keyring, real SQLite; what reached YouTube checked in
the sandbox's request log, the numbers against the sandbox's own CSVs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from analytix_desktop.cli import main
from analytix_desktop.sandbox import Sandbox
from tests.sandbox_answers import (
    daily_reports,
    newest_per_day,
    report_day,
    report_rows,
    reporting_jobs,
)

from .conftest import Connected
from .support import ROOT, TIMEOUT, cli_env, need_secret_service, run_cli, write_browser

pytestmark = pytest.mark.keyring

JOBS = "/v1/jobs"
MEDIA = "/v1/media/"
BASIC = "channel_reach_basic_a1"
NO_JOBS = "Pixel Garden Studio"  # the demo channel whose reach reports are not turned on


@dataclass(frozen=True)
class Config:
    """A config folder of its own with the demo channel that has no reach jobs."""

    config: Path
    env: dict[str, str]
    channel_id: str
    title: str


def add_channel(sandbox: Sandbox, channel_id: str, env: dict[str, str], config: Path) -> None:
    sandbox.consent.channel = channel_id
    try:
        added = run_cli("channels", "add", env=env, config=config)
    finally:
        sandbox.consent.reset()
    assert added.returncode == 0, added.stderr


@pytest.fixture(scope="module")
def no_jobs(sandbox_session: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Config]:
    need_secret_service()
    folder = tmp_path_factory.mktemp("cli-reach")
    config = folder / "config"
    browser, _urls = write_browser(folder)
    env = cli_env(sandbox_session, browser)
    secrets = sandbox_session.write_secrets(folder / "client_secret.json")
    assert run_cli("secrets", "import", secrets, env=env, config=config).returncode == 0
    channel = next(c for c in sandbox_session.channels.values() if c.title == NO_JOBS)
    add_channel(sandbox_session, channel.id, env, config)
    yield Config(config, env, channel.id, channel.title)
    # The session's sandbox goes on without jobs for it, as the other tests expect.
    sandbox_session.clock.reset()
    run_cli("reach", "disable", "--channel", channel.id, env=env, config=config)
    run_cli("channels", "remove", channel.id, env=env, config=config)


def run_on_terminal(*args: str | Path, env: dict[str, str], config: Path) -> tuple[int, str]:
    """Run the command with stderr on a pseudo-terminal: its exit status and what it drew."""
    command = [sys.executable, "-m", "analytix_desktop", *map(str, args)]
    command += ["--config-dir", str(config)]
    leader, follower = os.openpty()
    process = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
    )
    os.close(follower)
    chunks = []
    try:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed with the process (Linux: EIO)
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = process.wait(timeout=TIMEOUT)
    finally:
        os.close(leader)
        if process.poll() is None:
            process.kill()
    return code, b"".join(chunks).decode("utf-8", "replace")


def listed_reports(sandbox: Sandbox, channel_id: str) -> dict[str, list[dict[str, Any]]]:
    """The channel's reach jobs' reports as YouTube lists them now, by report type."""
    jobs = reporting_jobs(sandbox, channel_id)
    return {kind: daily_reports(sandbox, channel_id, job["id"]) for kind, job in jobs.items()}


def media_path(report: dict[str, Any]) -> str:
    return urlsplit(str(report["downloadUrl"])).path


def downloads(sandbox: Sandbox) -> list[str]:
    """The paths of the reports downloaded (answered 200), in order."""
    return [
        e.path
        for e in sandbox.log
        if e.path.startswith(MEDIA) and e.method == "GET" and e.status == 200
    ]


def requests_to_jobs(sandbox: Sandbox, method: str) -> int:
    return sum(1 for e in sandbox.log if e.method == method and e.path.startswith(JOBS))


def test_sync_downloads_each_report_once_and_retries_a_failed_one(
    connected: Connected, sandbox: Sandbox
) -> None:
    listed = listed_reports(sandbox, connected.channel_id)
    assert sorted(listed) == sorted(
        ["channel_basic_a3", "channel_reach_basic_a1", "channel_reach_combined_a1"]
    )
    wanted = {
        media_path(r) for reports in listed.values() for r in newest_per_day(reports).values()
    }
    failing = media_path(max(listed[BASIC], key=lambda r: r["startTime"]))
    sandbox.faults.inject(failing, status=503, retry_after=0, times=100)
    sandbox.log.clear()
    args = ("reach", "sync", "--channel", connected.title)

    first = run_cli(*args, env=connected.env, config=connected.config)
    assert first.returncode == 4, first.stderr  # cron mails
    got = downloads(sandbox)
    assert len(got) == len(set(got))
    assert wanted - {failing} <= set(got)
    assert failing not in got
    assert sum(e.path == failing for e in sandbox.log) >= 2  # retried before giving up
    [line] = first.stderr.splitlines()
    assert line.startswith(f"{connected.title}: {len(got)} new daily reports downloaded, ")
    assert "1 failed (" in line
    assert BASIC in line
    assert "503" in line
    assert line.endswith("will retry next sync")

    sandbox.faults.clear()
    sandbox.log.clear()
    second, drawn = run_on_terminal("reach", "sync", env=connected.env, config=connected.config)
    assert second == 0, drawn
    again = downloads(sandbox)
    assert failing in again
    assert not set(again) & set(got)  # never a report twice
    assert "\r\x1b[K" in drawn  # the progress line, on a terminal only
    summary = drawn.rsplit("\r\x1b[K", 1)[-1].strip()
    assert summary == (
        f"{connected.title}: {len(again)} new daily report{'s' if len(again) > 1 else ''} "
        f"downloaded, {len(got)} already here"
    )

    sandbox.log.clear()
    third = run_cli(*args, env=connected.env, config=connected.config)
    assert third.returncode == 0, third.stderr
    assert third.stderr == ""  # quiet for cron
    assert not set(downloads(sandbox)) & (set(got) | set(again))


def sandbox_impressions(
    sandbox: Sandbox, channel_id: str, start: dt.date, end: dt.date
) -> dict[str, tuple[int, float]]:
    """Per video, impressions and clicks (impressions x CTR) summed over the newest
    ``channel_reach_basic_a1`` CSV of each day from ``start`` to ``end``, downloaded here."""
    sums: dict[str, tuple[int, float]] = defaultdict(lambda: (0, 0.0))
    for day, report in newest_per_day(listed_reports(sandbox, channel_id)[BASIC]).items():
        if not start <= day <= end:
            continue
        for row in report_rows(sandbox, channel_id, report):
            assert row["date"] == day.strftime("%Y%m%d")
            impressions, clicks = sums[row["video_id"]]
            shown = int(row["video_thumbnail_impressions"])
            rate = float(row["video_thumbnail_impressions_ctr"])
            sums[row["video_id"]] = (impressions + shown, clicks + shown * rate)
    return dict(sums)


def newest_listed_day(sandbox: Sandbox, channel_id: str) -> dt.date:
    return max(report_day(r) for r in listed_reports(sandbox, channel_id)[BASIC])


def test_export_reach_by_video_sums_the_sandbox_s_own_csvs(
    connected: Connected, sandbox: Sandbox, tmp_path: Path
) -> None:
    synced = run_cli("reach", "sync", env=connected.env, config=connected.config)
    assert synced.returncode == 0, synced.stderr
    end = newest_listed_day(sandbox, connected.channel_id)
    start = end - dt.timedelta(days=27)  # the default: the last 28 days stored
    expected = sandbox_impressions(sandbox, connected.channel_id, start, end)
    assert sum(shown for shown, _ in expected.values()) > 0
    sandbox.log.clear()

    raw = tmp_path / "reach.csv"
    args = ("export", "--channel", connected.title, "--reach", "video")
    done = run_cli(*args, "--output", raw, "--raw", env=connected.env, config=connected.config)
    assert done.returncode == 0, done.stderr
    assert sandbox.log.count() == 0, [(e.method, e.path) for e in sandbox.log]  # the store only
    assert "Views: YouTube Reporting API daily reports (channel_basic_a3)." in done.stderr
    assert "missing" not in done.stderr  # every day of the range is stored
    rows = list(csv.DictReader(io.StringIO(raw.read_text(encoding="utf-8"))))
    assert list(rows[0]) == [
        "video",
        "videoThumbnailImpressions",
        "videoThumbnailImpressionsCtr",
        "viewsFromImpressions",
        "views",
    ]
    exported = {row["video"]: row for row in rows}
    assert {
        v: int(r["videoThumbnailImpressions"])
        for v, r in exported.items()
        if r["videoThumbnailImpressions"] != "0"
    } == {v: shown for v, (shown, _) in expected.items() if shown}
    for video, (shown, clicks) in expected.items():
        if shown:  # a weighted rate, never a mean of the days' rates
            ctr = float(exported[video]["videoThumbnailImpressionsCtr"])
            assert ctr == pytest.approx(clicks / shown, rel=1e-9)

    shown_csv = tmp_path / "reach-shown.csv"
    done = run_cli(*args, "--output", shown_csv, env=connected.env, config=connected.config)
    assert done.returncode == 0, done.stderr
    text = shown_csv.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")  # as the app's "as shown" CSV
    table = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert "Impressions" in table[0]
    assert not any("videoThumbnail" in header for header in table[0])
    assert table[-1][0] == "Total"
    total = sum(shown for shown, _ in expected.values())
    assert re.sub(r"\D", "", table[-1][table[0].index("Impressions")]) == str(total)
    assert sandbox.log.count() == 0, [(e.method, e.path) for e in sandbox.log]


def test_export_reach_names_the_missing_days_and_why(
    connected: Connected, sandbox: Sandbox, tmp_path: Path
) -> None:
    synced = run_cli("reach", "sync", env=connected.env, config=connected.config)
    assert synced.returncode == 0, synced.stderr
    end = newest_listed_day(sandbox, connected.channel_id) + dt.timedelta(days=1)
    start = end - dt.timedelta(days=119)  # from before the backfill, to a day not published
    out = tmp_path / "days.tsv"
    args = ["export", "--channel", connected.channel_id, "--reach", "day", "--raw"]
    args += ["--start", start.isoformat(), "--end", end.isoformat(), "--output", str(out)]
    sandbox.log.clear()
    done = run_cli(*args, env=connected.env, config=connected.config)
    assert done.returncode == 0, done.stderr
    assert sandbox.log.count() == 0, [(e.method, e.path) for e in sandbox.log]
    assert " missing (" in done.stderr
    assert "Expired before it was downloaded" in done.stderr or "Before " in done.stderr
    assert f"{end.day} " in done.stderr
    assert "published" in done.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t")[0] == "day"
    assert all(start.isoformat() <= line.split("\t")[0] <= end.isoformat() for line in lines[1:])

    status = run_cli("reach", "status", env=connected.env, config=connected.config)
    assert status.returncode == 0, status.stderr
    assert sandbox.log.count() == 0, [(e.method, e.path) for e in sandbox.log]
    assert status.stdout.startswith(f"{connected.title} ({connected.channel_id}): reach reports")
    assert f"job {BASIC} (" in status.stdout
    assert "days covered: " in status.stdout
    assert "last sync: " in status.stdout
    assert "  missing " in status.stdout


def test_enable_creates_the_jobs_once_and_disable_deletes_them(
    no_jobs: Config, sandbox: Sandbox, tmp_path: Path
) -> None:
    channel = ("--channel", no_jobs.title)
    enabled = run_cli("reach", "enable", *channel, env=no_jobs.env, config=no_jobs.config)
    assert enabled.returncode == 0, enabled.stderr
    assert requests_to_jobs(sandbox, "POST") == 3
    assert enabled.stderr.startswith(
        f"Reach reports turned on for {no_jobs.title} (3 jobs created). YouTube publishes the "
        "first daily reports about 48 hours after the jobs were created (around "
    )
    assert 'run "analytix-desktop reach sync" daily (cron)' in enabled.stderr
    made = {job["reportTypeId"] for job in sandbox_jobs(sandbox, no_jobs.channel_id)}
    assert made == {"channel_basic_a3", BASIC, "channel_reach_combined_a1"}

    sandbox.log.clear()
    again = run_cli("reach", "enable", *channel, env=no_jobs.env, config=no_jobs.config)
    assert again.returncode == 0, again.stderr
    assert requests_to_jobs(sandbox, "POST") == 0
    assert f"for {no_jobs.title} (already on)" in again.stderr

    sandbox.log.clear()
    status = run_cli("reach", "status", *channel, env=no_jobs.env, config=no_jobs.config)
    assert status.returncode == 0, status.stderr
    assert "days covered: 0 of " in status.stdout
    assert "Not yet published: expected around" in status.stdout
    out = tmp_path / "none.csv"
    export = ("export", *channel, "--reach", "traffic-source", "--output", out)
    empty = run_cli(*export, env=no_jobs.env, config=no_jobs.config)
    assert empty.returncode == 1
    assert "no reach reports of Pixel Garden Studio are stored" in empty.stderr
    assert not out.exists()
    assert sandbox.log.count() == 0, [(e.method, e.path) for e in sandbox.log]
    synced = run_cli("reach", "sync", *channel, env=no_jobs.env, config=no_jobs.config)
    assert synced.returncode == 0, synced.stderr
    assert downloads(sandbox) == []  # nothing is published before 48 hours

    sandbox.log.clear()
    disabled = run_cli("reach", "disable", *channel, env=no_jobs.env, config=no_jobs.config)
    assert disabled.returncode == 0, disabled.stderr
    assert requests_to_jobs(sandbox, "DELETE") == 3
    assert sandbox_jobs(sandbox, no_jobs.channel_id) == []
    synced = run_cli("reach", "sync", *channel, env=no_jobs.env, config=no_jobs.config)
    assert synced.returncode == 0
    assert synced.stderr == (
        f"{no_jobs.title}: reach reports are not turned on (run: analytix-desktop reach "
        f"enable --channel {no_jobs.channel_id})\n"
    )


def sandbox_jobs(sandbox: Sandbox, channel_id: str) -> list[dict[str, Any]]:
    return list(reporting_jobs(sandbox, channel_id).values())


def test_ctrl_c_stops_a_sync_and_the_next_one_completes(no_jobs: Config, sandbox: Sandbox) -> None:
    channel = ("--channel", no_jobs.channel_id)
    enabled = run_cli("reach", "enable", *channel, env=no_jobs.env, config=no_jobs.config)
    assert enabled.returncode == 0, enabled.stderr
    try:
        sandbox.clock.advance(days=3)  # past the publication delay: the backfill is out
        listed = listed_reports(sandbox, no_jobs.channel_id)
        slow = media_path(newest_per_day(listed[BASIC])[max(newest_per_day(listed[BASIC]))])
        fault = sandbox.faults.inject(slow, delay=30)
        sandbox.log.clear()
        command = [sys.executable, "-m", "analytix_desktop", "reach", "sync", *channel]
        command += ["--config-dir", str(no_jobs.config)]
        process = subprocess.Popen(
            command, env=no_jobs.env, cwd=ROOT, stderr=subprocess.PIPE, text=True
        )
        try:
            while fault.remaining > 0 and process.poll() is None:  # that download is on
                time.sleep(0.05)
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=20)
        finally:
            if process.poll() is None:
                process.kill()
        assert process.returncode == 130, stderr
        assert stderr.endswith("interrupted; the reports downloaded so far are kept\n")
        assert "Traceback" not in stderr
        before = [path for path in downloads(sandbox) if path != slow]

        sandbox.faults.clear()
        sandbox.log.clear()
        synced = run_cli("reach", "sync", *channel, env=no_jobs.env, config=no_jobs.config)
        assert synced.returncode == 0, synced.stderr
        after = downloads(sandbox)
        assert slow in after
        assert not set(after) & set(before)  # what the first sync kept is not asked again
        wanted = {
            media_path(r) for reports in listed.values() for r in newest_per_day(reports).values()
        }
        assert wanted <= set(before) | set(after)
    finally:
        sandbox.clock.reset()
        disabled = run_cli("reach", "disable", *channel, env=no_jobs.env, config=no_jobs.config)
        assert disabled.returncode == 0, disabled.stderr


def test_channels_remove_leaves_or_deletes_the_reach_jobs(
    no_jobs: Config, sandbox: Sandbox
) -> None:
    channel = ("--channel", no_jobs.channel_id)
    enabled = run_cli("reach", "enable", *channel, env=no_jobs.env, config=no_jobs.config)
    assert enabled.returncode == 0, enabled.stderr
    sandbox.log.clear()
    removed = run_cli(
        "channels", "remove", no_jobs.channel_id, env=no_jobs.env, config=no_jobs.config
    )
    assert removed.returncode == 0, removed.stderr
    assert requests_to_jobs(sandbox, "DELETE") == 0
    assert removed.stderr.splitlines()[-1] == (
        "Its 3 reach reporting jobs remain at YouTube; to delete them, add the channel again "
        f'and run "analytix-desktop reach disable --channel {no_jobs.channel_id}" (or remove '
        "it with --delete-reach-jobs)."
    )

    add_channel(sandbox, no_jobs.channel_id, no_jobs.env, no_jobs.config)
    sandbox.log.clear()
    removed = run_cli(
        "channels",
        "remove",
        no_jobs.title,
        "--delete-reach-jobs",
        env=no_jobs.env,
        config=no_jobs.config,
    )
    assert removed.returncode == 0, removed.stderr
    assert requests_to_jobs(sandbox, "DELETE") == 3
    assert "Deleted 3 reach reporting jobs at YouTube." in removed.stderr
    assert "remain" not in removed.stderr
    assert any("revoke" in entry.path for entry in sandbox.log)
    add_channel(sandbox, no_jobs.channel_id, no_jobs.env, no_jobs.config)
    assert sandbox_jobs(sandbox, no_jobs.channel_id) == []


def test_usage_errors_of_the_reach_commands_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = ["--config-dir", str(tmp_path)]
    output = ["--output", str(tmp_path / "out.csv"), *config]
    for argv, words in (
        (
            ["export", "--channel", "UC1", "--reach", "video", "--refresh", *output],
            "a reach export reads the local store only",
        ),
        (["reach", "enable", *config], "required: --channel"),
        (["export", "--channel", "UC1", "--reach", "week", *output], "--reach"),
        (["export", "--channel", "UC1", "--reach", "day", "--saved", "x", *output], "not allowed"),
    ):
        err = io.StringIO()
        assert main(argv, endpoints=None, out=io.StringIO(), err=err) == 2, argv
        assert words in err.getvalue() + capsys.readouterr().err  # argparse's: sys.stderr
    assert not (tmp_path / "out.csv").exists()
