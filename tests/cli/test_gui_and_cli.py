"""The window and the command line on one config folder at once: the same channels
(real keyring), one report store (a report fetched by one is served to the other with no
request), one quota meter, and runs in both at the same time."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from analytix_desktop.api import catalogue
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.transport import RetryPolicy, Transport
from analytix_desktop.core.quota import ANALYTICS
from analytix_desktop.gui.assemble import assemble
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.gui.tasks import task_runner
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store import AppPaths, TokenStore

from .conftest import Connected
from .support import ROOT, TIMEOUT, run_cli

pytestmark = pytest.mark.keyring

REPORTS = "/v2/reports"
WAIT = 20000


def query(start: dt.date, days: int, *metrics: str) -> catalogue.Query:
    return catalogue.Query(
        dimensions=("day",),
        metrics=metrics,
        sort_options=("day",),
        start_date=start,
        end_date=start + dt.timedelta(days=days - 1),
    )


def definition_file(folder: Path, name: str, q: catalogue.Query) -> Path:
    path = folder / f"{name}.json"
    path.write_text(
        json.dumps(
            {
                "name": name,
                "dimensions": list(q.dimensions),
                "metrics": list(q.metrics),
                "sort": list(q.sort_options),
                "range": {"start": q.start_date.isoformat(), "end": q.end_date.isoformat()},
            }
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def window(qtbot: Any, connected: Connected, sandbox: Sandbox) -> Iterator[MainWindow]:
    """The GUI on the command line's config folder, with the real keyring."""
    transport = Transport(retry=RetryPolicy(attempts=2, base=0.01, cap=0.02, deadline=2.0))
    main = assemble(
        AppPaths.under(connected.config),
        store=TokenStore(),
        transport=transport,
        endpoints=Endpoints.rooted_at(sandbox.url),
    ).window
    qtbot.addWidget(main)
    main.show()
    yield main
    task_runner().wait_idle(15)
    main.close()
    transport.close()


def run_in_window(qtbot: Any, window: MainWindow, q: catalogue.Query) -> Any:
    window.builder.set_query(q)
    qtbot.mouseClick(window.builder.run_button, Qt.MouseButton.LeftButton)
    pane = window.runner.current
    assert pane is not None
    qtbot.waitUntil(lambda: pane.task is None and pane.dock.table_data is not None, timeout=WAIT)
    return pane


def test_the_window_and_the_command_line_share_channels_store_and_meter(
    qtbot: Any, window: MainWindow, connected: Connected, sandbox: Sandbox, tmp_path: Path
) -> None:
    assert [a.channel_id for a in window.accounts.accounts] == [connected.channel_id]
    qtbot.waitUntil(lambda: window.accounts.active_context() is not None, timeout=WAIT)
    task_runner().wait_idle(15)  # the channel's names (videos, playlists, groups) are in
    before = window.meter.today().get(ANALYTICS, 0)
    sandbox.log.clear()

    # Fetched by the command line, then asked in the window: no second request.
    first = query(dt.date(2025, 2, 3), 14, "views", "likes")
    out = tmp_path / "first.csv"
    done = run_cli(
        "export", "--channel", connected.channel_id,
        "--definition", definition_file(tmp_path, "first", first),
        "--output", out, "--raw", env=connected.env, config=connected.config,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert sandbox.log.count(REPORTS) == 1
    pane = run_in_window(qtbot, window, first)
    assert sandbox.log.count(REPORTS) == 1, "the window asked again for what the CLI fetched"
    assert pane.dock.provenance.text().startswith("From local history")
    assert pane.report.shape[0] == 14

    # Both at once, each with a question of its own.
    second = query(dt.date(2025, 3, 3), 21, "views", "comments")
    third = query(dt.date(2025, 4, 7), 10, "views", "shares")
    command = [
        sys.executable, "-m", "analytix_desktop", "export",
        "--channel", connected.title,
        "--definition", str(definition_file(tmp_path, "second", second)),
        "--output", str(tmp_path / "second.json"),
        "--config-dir", str(connected.config),
    ]  # fmt: skip
    with subprocess.Popen(
        command, env=connected.env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as cli:
        window_pane = run_in_window(qtbot, window, third)
        _, errors = cli.communicate(timeout=TIMEOUT)
    assert cli.returncode == 0, errors.decode()
    assert window_pane.report.shape[0] == 10
    assert len(json.loads((tmp_path / "second.json").read_text())["rows"]) == 21
    assert sandbox.log.count(REPORTS) == 3

    # The command line's fetches are in the window's History, and in its meter.
    window.local_data.show_history()
    dock = window.local_data.dock
    qtbot.waitUntil(lambda: dock.model.rowCount() >= 3, timeout=WAIT)
    starts = {entry.query["start"] for entry in dock.model.entries}
    assert {"2025-02-03", "2025-03-03", "2025-04-07"} <= starts
    assert window.meter.today().get(ANALYTICS, 0) - before == 3
