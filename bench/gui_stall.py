"""Longest GUI-thread stall while a 90,000-row report is fetched, parsed, tabled and charted.

A 10 ms QTimer heartbeat runs on the GUI thread; the longest gap between two beats,
minus the 10 ms period, is the longest stall. The sandbox runs in a child process (as
Google would be elsewhere), so its request handling does not compete for this
process's GIL. The report is ``day,deviceType,operatingSystem`` over a channel's
lifetime, capped at 90,000 rows: Google has no ``day,country`` channel report.

Run: ``.venv/bin/python bench/gui_stall.py`` (offscreen); exits 1 when the stall is 50 ms or more.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import os
import sys
import time
from multiprocessing.connection import Connection

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROWS = 90_000
PERIOD_MS = 10
LIMIT_MS = 50.0
SCOPES = (
    "https://www.googleapis.com/auth/yt-analytics.readonly",
    "https://www.googleapis.com/auth/youtube.readonly",
)


def serve(connection: Connection) -> None:
    """Child process: run the sandbox, send (url, access token, channel title), wait for stop."""
    from analytix_desktop.sandbox import Sandbox
    from analytix_desktop.sandbox.grants import Grant

    with Sandbox(seed=7) as sandbox:
        user = sandbox.users[0]
        channel_id = user.channel_ids[0]
        grant = Grant(next(iter(sandbox.clients)), user.sub, channel_id, frozenset(SCOPES))
        token, _ = sandbox.grants.issue_access(grant)
        connection.send((sandbox.url, token, sandbox.channels[channel_id].title))
        connection.recv()


def main() -> int:
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(target=serve, args=(child,), daemon=True)
    server.start()
    url, token, title = parent.recv()
    os.environ["ANALYTIX_DESKTOP_GOOGLE_ROOT"] = url
    try:
        return run_gui(token, title)
    finally:
        parent.send("stop")
        server.join(timeout=10)


def run_gui(token: str, title: str) -> int:
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    from analytix_desktop.api import catalogue
    from analytix_desktop.api.scopes import Scopes
    from analytix_desktop.api.shard import Shard
    from analytix_desktop.api.tokens import Tokens
    from analytix_desktop.gui.context import ChannelContext
    from analytix_desktop.gui.report_view import ReportDock
    from analytix_desktop.gui.workers import start_job

    app = QApplication.instance() or QApplication(sys.argv)
    window = QMainWindow()
    dock = ReportDock("Report 1", title)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.resize(1400, 900)
    window.show()
    context = ChannelContext("", title)
    end = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=2)
    query = catalogue.Query(
        dimensions=("day", "deviceType", "operatingSystem"),
        metrics=("views", "estimatedMinutesWatched"),
        start_date=dt.date(2005, 4, 23),
        end_date=end,
        max_results=ROWS,
    )
    clock = QElapsedTimer()
    clock.start()
    beats: list[int] = []
    marks: dict[str, float] = {}
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(PERIOD_MS)
    heartbeat.timeout.connect(lambda: beats.append(clock.nsecsElapsed()))

    def fetch() -> object:
        tokens = Tokens(access_token=token, expires_in=3600, expires_at=time.time() + 3600)
        with Shard(Scopes.READONLY, tokens) as shard:
            return shard.fetch_report(
                dimensions=query.dimensions,
                metrics=query.metrics,
                start_date=query.start_date,
                end_date=query.end_date,
                max_results=query.max_results,
            )

    def fetched(report: object) -> None:
        marks["fetched"] = clock.nsecsElapsed() / 1e6
        dock.show_report(report, context, query=query)  # type: ignore[arg-type]

    def failed(error: BaseException, details: str) -> None:
        print(details, file=sys.stderr)
        app.exit(2)

    def shown() -> None:
        marks["shown"] = clock.nsecsElapsed() / 1e6
        QTimer.singleShot(300, sort)

    def sort() -> None:
        # Sort the table by views, as a user would, then let it paint for a while.
        marks["sort"] = clock.nsecsElapsed() / 1e6
        dock.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        QTimer.singleShot(300, app.quit)

    def start() -> None:
        marks["start"] = clock.nsecsElapsed() / 1e6
        dock.set_busy("Fetching the report…")
        start_job(lambda job: fetch(), on_result=fetched, on_error=failed)

    dock.shown.connect(shown)
    heartbeat.start()
    QTimer.singleShot(300, start)
    status = app.exec()
    heartbeat.stop()
    if status:
        return status
    rows = dock.model.rowCount() - (1 if dock.model.has_total_row else 0)
    measured = [b / 1e6 for b in beats if b / 1e6 >= marks["start"]]
    gaps = [(b - a, b) for a, b in itertools.pairwise(measured)]
    phases = {
        "fetch+parse (worker)": 0.0,
        "prepare (worker) and show": 0.0,
        "first paint": 0.0,
        "sort by views and repaint": 0.0,
    }
    for gap, at in gaps:
        phase = (
            "fetch+parse (worker)"
            if at <= marks["fetched"]
            else "prepare (worker) and show"
            if at <= marks["shown"]
            else "first paint"
            if at <= marks["sort"]
            else "sort by views and repaint"
        )
        phases[phase] = max(phases[phase], gap - PERIOD_MS)
    longest = max(gap for gap, _ in gaps)
    stall = longest - PERIOD_MS
    print(
        f"rows tabled: {rows:,}; chart: {dock.chart.data.kind} with "
        f"{len(dock.chart.data.series)} series"
    )
    print(
        f"fetched+parsed after {marks['fetched'] - marks['start']:.0f} ms, "
        f"shown after {marks['shown'] - marks['start']:.0f} ms"
    )
    print(f"heartbeats: {len(gaps)}, longest gap {longest:.1f} ms")
    for phase, worst in phases.items():
        print(f"  longest stall during {phase}: {worst:.1f} ms")
    print(f"max GUI-thread stall: {stall:.1f} ms (limit {LIMIT_MS:.0f} ms)")
    return 0 if stall < LIMIT_MS and rows == ROWS else 1


if __name__ == "__main__":
    sys.exit(main())
