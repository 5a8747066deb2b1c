"""Longest GUI-thread stall while a 90,000-row report is fetched, parsed, tabled and charted.

A 10 ms QTimer heartbeat runs on the GUI thread; the longest gap between two beats,
minus the 10 ms period, is the longest stall. The sandbox runs in a child process (as
Google would be elsewhere), so its request handling does not compete for this
process's GIL. The report is ``day,deviceType,operatingSystem`` over a channel's
lifetime, capped at 90,000 rows: Google has no ``day,country`` channel report.

For context, the same process first measures two references with the same heartbeat:
the window idle (the timer's own jitter), and the same request decoded on a worker
with a plain ``json.loads`` into a Report (what the client did before the body was
decoded in slices: one C call holding the GIL, with a full garbage collection inside).

Run: ``.venv/bin/python bench/gui_stall.py`` (offscreen); exits 1 when the stall is 50 ms or more.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import json
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
    from analytix_desktop.api.report import Report
    from analytix_desktop.api.scopes import Scopes
    from analytix_desktop.api.shard import Shard, report_params
    from analytix_desktop.api.tokens import Tokens
    from analytix_desktop.api.transport import Transport
    from analytix_desktop.core.context import ChannelContext
    from analytix_desktop.core.tasks import TaskFailure
    from analytix_desktop.gui.report_view import ReportDock
    from analytix_desktop.gui.tasks import submit

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
        with Shard(Scopes.READONLY, tokens, session=Transport()) as shard:
            return shard.fetch_report(
                dimensions=query.dimensions,
                metrics=query.metrics,
                start_date=query.start_date,
                end_date=query.end_date,
                max_results=query.max_results,
            )

    def fetch_plain() -> object:
        """The reference: the same request, the body decoded by one ``json.loads``."""
        tokens = Tokens(access_token=token, expires_in=3600, expires_at=time.time() + 3600)
        with Shard(Scopes.READONLY, tokens) as shard:
            full, report_type = shard.build_query(
                dimensions=query.dimensions,
                metrics=query.metrics,
                start_date=query.start_date,
                end_date=query.end_date,
                max_results=query.max_results,
            )
            response = shard._transport.request(
                "GET",
                shard.endpoints.reports,
                params=report_params(full),
                token=token,
            )
            return Report(json.loads(response.content), report_type)

    def now() -> float:
        return clock.nsecsElapsed() / 1e6

    def idle() -> None:
        marks["idle"] = now()
        QTimer.singleShot(300, reference)

    def reference() -> None:
        marks["reference"] = now()
        submit(lambda _ctx: fetch_plain(), referenced, on_error=failed)

    def referenced(report: object) -> None:
        marks["referenced"] = now()
        plain_rows.append(len(report.resource.rows))  # type: ignore[attr-defined]
        del report
        QTimer.singleShot(100, settle)

    def settle() -> None:
        # Outside any measured window: collect the reference's garbage, so that the
        # measured run starts from a heap like a fresh process's.
        marks["settled"] = now()
        gc.collect()
        QTimer.singleShot(300, start)

    def fetched(report: object) -> None:
        marks["fetched"] = now()
        dock.show_report(report, context, query=query)  # type: ignore[arg-type]

    def failed(failure: TaskFailure) -> None:
        print(failure.details, file=sys.stderr)
        app.exit(2)

    def shown() -> None:
        marks["shown"] = now()
        QTimer.singleShot(300, sort)

    def sort() -> None:
        # Sort the table by views, as a user would, then let it paint for a while.
        marks["sort"] = now()
        dock.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        QTimer.singleShot(300, finish)

    def finish() -> None:
        marks["end"] = now()
        app.quit()

    def start() -> None:
        marks["start"] = now()
        dock.set_busy("Fetching the report…")
        submit(lambda _ctx: fetch(), fetched, on_error=failed)

    plain_rows: list[int] = []
    dock.shown.connect(shown)
    heartbeat.start()
    QTimer.singleShot(300, idle)
    status = app.exec()
    heartbeat.stop()
    if status:
        return status
    rows = dock.model.rowCount() - (1 if dock.model.has_total_row else 0)
    times = [b / 1e6 for b in beats]
    # Each gap (between two beats) belongs to the window its later beat falls in.
    gaps = [(b - a, b) for a, b in itertools.pairwise(times)]

    def worst(begin: str, end: str) -> float:
        inside = [gap for gap, at in gaps if marks[begin] < at <= marks[end]]
        return max(inside, default=PERIOD_MS) - PERIOD_MS

    phases = {
        "fetch+parse (worker)": ("start", "fetched"),
        "prepare (worker) and show": ("fetched", "shown"),
        "first paint": ("shown", "sort"),
        "sort by views and repaint": ("sort", "end"),
    }
    print(
        f"rows tabled: {rows:,}; chart: {dock.chart.data.kind} with "
        f"{len(dock.chart.data.series)} series"
    )
    print(
        f"fetched+parsed after {marks['fetched'] - marks['start']:.0f} ms, "
        f"shown after {marks['shown'] - marks['start']:.0f} ms"
    )
    stall = worst("start", "end")
    for phase, (begin, end) in phases.items():
        print(f"  longest stall during {phase}: {worst(begin, end):.1f} ms")
    print(f"max GUI-thread stall: {stall:.1f} ms (limit {LIMIT_MS:.0f} ms)")
    print("references, same process and heartbeat:")
    print(f"  idle window, nothing running (300 ms): {worst('idle', 'reference'):.1f} ms")
    print(
        f"  same request + one json.loads + Report on a worker "
        f"({plain_rows[0]:,} rows, {marks['referenced'] - marks['reference']:.0f} ms): "
        f"{worst('reference', 'referenced'):.1f} ms"
    )
    return 0 if stall < LIMIT_MS and rows == ROWS else 1


if __name__ == "__main__":
    sys.exit(main())
