"""Reopening a stored report: from the History dock's Open to the report's first paint.

A 90,000-row report (``day,deviceType,operatingSystem``, as in ``gui_stall.py``) is
fetched once from the sandbox (in a child process, as Google would be elsewhere) and
kept in a local report store under a temporary folder. Then, in interleaved rounds, the
same report is shown in a new report pane two ways, each timed from the request to the
first paint of the pane with its table and chart:

- **reopen**: read back from the store on a worker (``ReportHistory.open``), as History's
  Open does;
- **fetch** (the reference): fetched again over HTTP from the local sandbox.

"First paint" is the first paint event of the pane's report page (header, table and the
chart's frame, whose lines are then drawn in steps); "drawn" is when the pane says the
whole report, chart lines included, is on screen.

Run: ``.venv/bin/python bench/gui_reopen.py [--rows 90000] [--rounds 5]`` (offscreen);
``--quick`` runs 2,000 rows and 2 rounds. The limit is 300 ms to the first paint at
90,000 rows; the exit status is 1 when the best round is over it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from gui_stall import SMALL_DIMENSIONS, serve

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROWS = 90_000
QUICK_ROWS = 2_000
ROUNDS = 5
LIMIT_MS = 300.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS, help="rows of the report (90000)")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="rounds of each (5)")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ROWS:,} rows: a smoke run")
    args = parser.parse_args(argv)
    rows, rounds = (QUICK_ROWS, 2) if args.quick else (args.rows, args.rounds)
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(target=serve, args=(child,), daemon=True)
    server.start()
    url, token, title = parent.recv()
    try:
        with tempfile.TemporaryDirectory() as folder:
            return run(url, token, title, rows, rounds, Path(folder))
    finally:
        parent.send("stop")
        server.join(timeout=10)


def run(url: str, token: str, title: str, rows: int, rounds: int, folder: Path) -> int:
    from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    from analytix_desktop.api import catalogue
    from analytix_desktop.api.endpoints import Endpoints
    from analytix_desktop.api.scopes import Scopes
    from analytix_desktop.api.shard import Shard
    from analytix_desktop.api.tokens import Tokens
    from analytix_desktop.api.transport import Transport
    from analytix_desktop.core.context import ChannelContext
    from analytix_desktop.core.report_history import ReportHistory, query_key, query_record
    from analytix_desktop.core.tasks import TaskFailure
    from analytix_desktop.gui.report_view import ReportDock
    from analytix_desktop.gui.tasks import Lane, submit
    from analytix_desktop.store.report_db import ReportStore

    app = QApplication.instance() or QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1400, 900)
    window.show()
    context = ChannelContext("", title)
    end = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=2)
    query = catalogue.Query(
        dimensions=SMALL_DIMENSIONS,
        metrics=("views", "estimatedMinutesWatched"),
        start_date=dt.date(2005, 4, 23),
        end_date=end,
        max_results=rows,
    )
    endpoints = Endpoints.rooted_at(url)
    tokens = Tokens(access_token=token, expires_in=3600, expires_at=time.time() + 3600)
    transport = Transport()

    def fetch() -> Any:
        shard = Shard(Scopes.READONLY, tokens, session=transport, endpoints=endpoints)
        return shard.run(query)

    store = ReportStore(folder / "reports.sqlite3")
    history = ReportHistory(store)
    fetched = fetch()
    stored = store.add_report(
        "",
        title,
        fetched.type.name,
        query_record(query),
        query_key(query),
        fetched.json_bytes(),
        rows=fetched.shape[0],
        columns=fetched.shape[1],
    )
    shown_rows = fetched.shape[0]
    del fetched

    clock = QElapsedTimer()
    clock.start()
    times: dict[str, list[float]] = {"reopen": [], "fetch": []}
    drawn: dict[str, list[float]] = {"reopen": [], "fetch": []}

    class FirstPaint(QObject):
        """Notes the first paint of a report page."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "painted" not in state:
                state["painted"] = clock.nsecsElapsed()
            return False

    first_paint = FirstPaint()
    plan = [kind for _ in range(rounds) for kind in ("reopen", "fetch")]
    docks: list[Any] = []
    state: dict[str, Any] = {}

    def failed(failure: TaskFailure) -> None:
        print(failure.details, file=sys.stderr)
        app.exit(2)

    def next_round() -> None:
        for old in docks:
            old.close()
            old.deleteLater()
        docks.clear()
        if not plan:
            app.quit()
            return
        kind = plan.pop(0)
        dock = ReportDock("Report", title)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        docks.append(dock)
        dock.report_page.installEventFilter(first_paint)
        state.pop("painted", None)
        state["kind"], state["start"] = kind, clock.nsecsElapsed()
        dock.set_busy("Opening…")
        dock.shown.connect(lambda: QTimer.singleShot(0, painted))
        if kind == "reopen":
            submit(
                lambda _ctx: history.open(stored.id).report,
                lambda report: dock.show_report(report, context, query=query),
                on_error=failed,
                lane=Lane.LOCAL,
            )
        else:
            submit(
                lambda _ctx: fetch(),
                lambda report: dock.show_report(report, context, query=query),
                on_error=failed,
            )

    def painted() -> None:
        docks[-1].repaint()
        kind, start = state["kind"], state["start"]
        drawn[kind].append((clock.nsecsElapsed() - start) / 1e6)
        times[kind].append((state.get("painted", clock.nsecsElapsed()) - start) / 1e6)
        QTimer.singleShot(200, next_round)

    QTimer.singleShot(300, next_round)
    status = app.exec()
    store.close()
    transport.close()
    if status:
        return status
    return report(times, drawn, shown_rows)


def report(times: dict[str, list[float]], drawn: dict[str, list[float]], rows: int) -> int:
    reopen, fetch = times["reopen"], times["fetch"]
    best, median = min(reopen), statistics.median(reopen)
    print(
        f"reopen/fetch to first paint: best {best / min(fetch):.2f}x, "
        f"median {median / statistics.median(fetch):.2f}x"
    )
    print(
        f"reopen a stored {rows:,}-row report -> first paint: best {best:.0f} ms, "
        f"median {median:.0f} ms (limit {LIMIT_MS:.0f} ms)"
    )
    print(
        f"  fetch it from a local server -> first paint: best {min(fetch):.0f} ms, "
        f"median {statistics.median(fetch):.0f} ms"
    )
    for kind, words in (("reopen", "reopened"), ("fetch", "fetched")):
        print(
            f"  {words}, chart lines drawn: best {min(drawn[kind]):.0f} ms, "
            f"median {statistics.median(drawn[kind]):.0f} ms"
        )
    return 0 if best < LIMIT_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
