"""Open the real main window on an X server, run a report, and grab the screen to a PNG.

Run by tests/e2e/test_screenshot.py with DISPLAY set and QT_QPA_PLATFORM=xcb:

    python tests/e2e/screenshot_app.py OUT.png
    python tests/e2e/screenshot_app.py --tabs OUT_DIR

    python tests/e2e/screenshot_app.py --local-data OUT_DIR
    python tests/e2e/screenshot_app.py --creator OUT_DIR
    python tests/e2e/screenshot_app.py --reach OUT_DIR

The second form clicks through every breakdown tab of the builder, runs each tab's
default report and grabs one PNG per tab (``tab-<key>.png``); its last line is JSON with
each tab's header text. The third runs the daily report twice (the second time it comes
from local history), opens History, saves the report with Save report… and shows the
Saved reports dock: ``history.png``, ``save-report.png`` (the whole screen, with the
dialog) and ``saved-reports.png``; its last line is JSON with what the panes said. The
fourth grabs the creator views: a day x device report as weekly stacked bars
(``chart-control.png``), a country drilled into from a country report (``drill-down.png``),
the Content dock (``content.png``) and the daily report compared with the same days last
year (``compare.png``). The fifth waits for the start-up sync of the channel's daily
reach reports, then runs the builder's Reach tab by video over the last 28 days
(``reach.png``) and by traffic source (``reach-traffic.png``); its last line is JSON with
the panes' header, note and rows.

The window is set up as in ``--demo`` (the sandbox in this process, tokens in memory), but
the sandbox consents automatically and the "browser" is Qt's URL handler, which just
follows the consent redirect. Then the builder gets a daily report over the last 90 days
(views and watch time) and runs it. Once the pane shows its chart and table, the window is
grabbed from the X server (what is really on screen, not a widget render). The last line
printed is JSON: the PNG's path and the window's size in device pixels.
"""

from __future__ import annotations

import json
import sys
import tempfile
import threading
from pathlib import Path

import requests

TIMEOUT_MS = 30000
WIDTH, HEIGHT = 1440, 900  # the whole Xvfb screen
BUILDER_WIDTH = 600


def main(argv: list[str]) -> int:
    tabs = argv[1] == "--tabs"
    local_data = argv[1] == "--local-data"
    creator = argv[1] == "--creator"
    reach = argv[1] == "--reach"
    out = Path(argv[-1]).resolve()
    from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Slot
    from PySide6.QtGui import QDesktopServices, QGuiApplication
    from PySide6.QtTest import QTest

    from analytix_desktop.api import catalogue
    from analytix_desktop.api.endpoints import Endpoints
    from analytix_desktop.gui.app import create_app
    from analytix_desktop.gui.assemble import assemble
    from analytix_desktop.gui.builder import BREAKDOWNS
    from analytix_desktop.gui.tasks import task_runner
    from analytix_desktop.sandbox import Sandbox
    from analytix_desktop.store import AppPaths, TokenStore

    class RedirectFollower(QObject):
        """The system browser: GET the consent URL, which redirects back to the app."""

        def __init__(self) -> None:
            super().__init__()
            self.threads: list[threading.Thread] = []

        @Slot(QUrl)
        def open(self, url: QUrl) -> None:
            thread = threading.Thread(
                target=lambda: requests.get(url.toString(), timeout=20), daemon=True
            )
            self.threads.append(thread)
            thread.start()

    app = create_app([sys.argv[0]])
    assert QGuiApplication.platformName() == "xcb", QGuiApplication.platformName()
    failures: list[str] = []

    def fail(message: str) -> None:
        failures.append(message)
        app.exit(1)

    with Sandbox(seed=7, auto_consent=True) as sandbox, tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(tmp)
        sandbox.write_secrets(paths.secrets_file)
        follower = RedirectFollower()
        QDesktopServices.setUrlHandler("http", follower, "open")
        user = sandbox.users[0]
        sandbox.consent.channel = user.channel_ids[1]  # "Northern Lights Kitchen"
        store = TokenStore()
        store.use_memory()  # as in --demo: made-up tokens do not belong in a keyring
        endpoints = Endpoints.rooted_at(sandbox.url)
        window = assemble(paths, store=store, endpoints=endpoints, demo_banner=True).window
        window.setGeometry(0, 0, WIDTH, HEIGHT)
        window.show()

        def run_report() -> None:
            builder = window.builder
            builder.set_query(
                catalogue.Query(
                    dimensions=("day",),
                    metrics=("views", "estimatedMinutesWatched"),
                    sort_options=("day",),
                )
            )
            builder.dates.set_preset("last90")
            if builder.query() is None:
                fail(f"the builder refuses the query: {builder.draft()}")
                return
            window.run_action.trigger()
            pane = window.runner.current
            if pane is None:
                fail("Run opened no report pane")
                return
            # As a user would drag it: the builder narrower, the report pane wider.
            window.resizeDocks(
                [window.builder_dock, pane.dock],
                [BUILDER_WIDTH, WIDTH - BUILDER_WIDTH],
                Qt.Orientation.Horizontal,
            )

            def shown_once() -> None:
                pane.dock.shown.disconnect(shown_once)
                QTimer.singleShot(0, lambda: grab(pane))

            pane.dock.shown.connect(shown_once)

        headers: dict[str, str] = {}

        def run_tab(index: int) -> None:
            """Click the breakdown tab ``index``, run its default report, grab it."""
            if index == len(BREAKDOWNS):
                print(json.dumps({"tabs": headers}), flush=True)
                app.exit(0)
                return
            builder = window.builder
            builder.tabs.setCurrentIndex(index)
            if builder.query() is None:
                fail(f"tab {BREAKDOWNS[index].key} refuses its default: {builder.status.text()}")
                return
            builder.request_run()
            pane = window.runner.current
            if pane is None:
                fail("Run opened no report pane")
                return
            if index == 0:
                window.resizeDocks(
                    [window.builder_dock, pane.dock],
                    [BUILDER_WIDTH, WIDTH - BUILDER_WIDTH],
                    Qt.Orientation.Horizontal,
                )

            def shown() -> None:
                pane.dock.shown.disconnect(shown)
                QTimer.singleShot(300, lambda: grab_tab(pane, index))

            pane.dock.shown.connect(shown)

        def grab_tab(pane: object, index: int) -> None:
            key = BREAKDOWNS[index].key
            if save_window(out / f"tab-{key}.png"):
                headers[key] = pane.dock.header.text()  # type: ignore[attr-defined]
                run_tab(index + 1)

        def save_window(path: Path) -> bool:
            window.raise_()
            window.repaint()  # paint now, and flush to the X server below
            app.processEvents()
            image = window.screen().grabWindow(window.winId())
            if image.isNull() or not image.save(str(path), "PNG"):
                fail(f"the window could not be grabbed from the X server to {path}")
                return False
            return True

        said: dict[str, str] = {}

        def run_again(pane: object) -> None:
            """The same report again: it comes from local history, with no request."""
            dock = pane.dock  # type: ignore[attr-defined]
            said["first"] = dock.provenance.text()
            requests_before = len(sandbox.log.entries("/v2/reports"))

            def shown() -> None:
                dock.shown.disconnect(shown)
                said["again"] = dock.provenance.text()
                said["requests"] = str(len(sandbox.log.entries("/v2/reports")) - requests_before)
                window.local_data.history_action.trigger()
                history = window.local_data.dock
                QTimer.singleShot(800, lambda: grab_history(history))

            dock.shown.connect(shown)
            window.run_action.trigger()

        def grab_history(history: object) -> None:
            rows = history.model.rowCount()  # type: ignore[attr-defined]
            said["history_rows"] = str(rows)
            if rows == 0 or not save_window(out / "history.png"):
                fail("History lists no report")
                return
            saved = window.saved_reports
            saved.save_current()
            QTimer.singleShot(500, lambda: fill_dialog(saved))

        def fill_dialog(saved: object) -> None:
            dialog = saved.dialog  # type: ignore[attr-defined]
            if dialog is None:
                fail("Save report… opened no dialog")
                return
            dialog.name.selectAll()
            QTest.keyClicks(dialog.name, "Daily views, last 90 days")
            app.processEvents()
            screen = window.screen().grabWindow(0)
            if screen.isNull() or not screen.save(str(out / "save-report.png"), "PNG"):
                fail("the screen could not be grabbed")
                return
            QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            window.saved_reports.dock.show()
            window.saved_reports.dock.raise_()
            QTimer.singleShot(800, grab_saved)

        def grab_saved() -> None:
            said["saved_rows"] = str(window.saved_reports.model.rowCount())
            if save_window(out / "saved-reports.png"):
                print(json.dumps(said), flush=True)
                app.exit(0)

        def after(delay: int, step: object) -> None:
            QTimer.singleShot(delay, step)  # type: ignore[arg-type]

        def creator_views(pane: object) -> None:
            """Weekly stacked bars of day x device, then a drill-down, then Content."""
            builder = window.builder
            builder.set_query(
                catalogue.Query(
                    dimensions=("day", "deviceType"),
                    metrics=("views",),
                    sort_options=("day",),
                )
            )
            builder.dates.set_preset("last90")
            window.run_action.trigger()
            stacked = window.runner.current
            dock = stacked.dock  # type: ignore[union-attr]

            def shown() -> None:
                dock.shown.disconnect(shown)
                controls = dock.chart_controls
                controls.kind.setCurrentIndex(controls.kind.findText("Stacked bars"))
                controls.kind.activated.emit(controls.kind.currentIndex())
                controls.granularity.setCurrentIndex(controls.granularity.findText("Weekly"))
                controls.granularity.activated.emit(controls.granularity.currentIndex())
                after(1500, lambda: save_and(out / "chart-control.png", countries))

            dock.shown.connect(shown)

        def save_and(path: Path, step: object) -> None:
            if save_window(path):
                after(0, step)

        def countries() -> None:
            builder = window.builder
            builder.set_query(
                catalogue.Query(
                    dimensions=("country",),
                    metrics=("views", "estimatedMinutesWatched", "averageViewDuration"),
                    sort_options=("-views",),
                    max_results=10,
                )
            )
            builder.dates.set_preset("last90")
            window.run_action.trigger()
            pane = window.runner.current
            dock = pane.dock  # type: ignore[union-attr]

            def shown() -> None:
                dock.shown.disconnect(shown)
                index = dock.model.index(0, 0)
                child = window.drilling.drill(pane, index)
                if child is None:
                    fail("the first country could not be drilled into")
                    return
                said["drilled"] = child.dock.breadcrumb.text()

                def drilled() -> None:
                    child.dock.shown.disconnect(drilled)
                    after(800, lambda: save_and(out / "drill-down.png", content))

                child.dock.shown.connect(drilled)

            dock.shown.connect(shown)

        def content() -> None:
            view = window.content_view
            view.show_dock()
            after(4000, lambda: grab_content(view))

        def grab_content(view: object) -> None:
            said["content_rows"] = str(view.model.rowCount())  # type: ignore[attr-defined]
            if save_window(out / "content.png"):
                after(0, compare)

        def compare() -> None:
            """The first (daily) pane against the same days last year, weekday-aligned."""
            window.builder_dock.raise_()
            first = next(p for p in window.runner.panes if p.query and "day" in p.query.dimensions)
            before = set(map(id, window.runner.panes))
            window.comparisons.compare_period(first, "last_year")

            def opened() -> None:
                new = [p for p in window.runner.panes if id(p) not in before]
                if not new:
                    after(200, opened)
                    return
                pane = new[0]
                pane.dock.raise_()

                def shown() -> None:
                    pane.dock.shown.disconnect(shown)
                    said["compared"] = pane.dock.model.headerData(
                        3, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole
                    )
                    after(800, lambda: save_and(out / "compare.png", finish))

                if pane.dock.table_data is not None:
                    after(800, lambda: save_and(out / "compare.png", finish))
                else:
                    pane.dock.shown.connect(shown)

            after(200, opened)

        def finish() -> None:
            print(json.dumps(said), flush=True)
            app.exit(0)

        def reach_report(channel: str, _result: object) -> None:
            """The Reach tab by video over the last 28 days, once the sync is done."""
            if channel != user.channel_ids[1]:
                return
            builder = window.builder
            builder.tabs.setCurrentIndex(builder.tabs.count() - 1)
            form = builder.reach
            form.by.setCurrentIndex(form.by.findData("video"))
            form.dates.set_preset("last28")
            form.request_run()

            def opened() -> None:
                if not window.runner.panes:
                    after(200, opened)
                    return
                pane = window.runner.panes[-1]
                window.resizeDocks(
                    [window.builder_dock, pane.dock],
                    [BUILDER_WIDTH, WIDTH - BUILDER_WIDTH],
                    Qt.Orientation.Horizontal,
                )

                def shown() -> None:
                    said["header"] = pane.dock.header.text()
                    said["note"] = pane.dock.provenance.text()
                    said["rows"] = str(pane.dock.model.rowCount())
                    after(800, lambda: save_and(out / "reach.png", by_source))

                if pane.dock.table_data is not None:
                    shown()
                else:
                    pane.dock.shown.connect(shown)

            def by_source() -> None:
                """The same days by traffic source, in a pane of its own."""
                before = len(window.runner.panes)
                form.by.setCurrentIndex(form.by.findData("traffic_source"))
                form.request_run()

                def sources_shown() -> None:
                    if len(window.runner.panes) == before:
                        after(200, sources_shown)
                        return
                    pane = window.runner.panes[-1]
                    if pane.dock.table_data is None:
                        after(200, sources_shown)
                        return
                    said["sources"] = str(pane.dock.model.rowCount())
                    after(800, lambda: save_and(out / "reach-traffic.png", finish))

                after(200, sources_shown)

            after(200, opened)

        def grab(pane: object) -> None:
            dock = pane.dock  # type: ignore[attr-defined]
            if dock.table_data is None or dock.model.rowCount() == 0:
                fail("the report pane shows no rows")
                return
            if creator:
                QTimer.singleShot(0, lambda: creator_views(pane))
                return
            if local_data:
                QTimer.singleShot(0, lambda: run_again(pane))
                return
            if not save_window(out):
                return
            ratio = window.devicePixelRatio()
            print(
                json.dumps(
                    {
                        "png": str(out),
                        "width": round(window.width() * ratio),
                        "height": round(window.height() * ratio),
                        "rows": dock.model.rowCount(),
                        "header": dock.header.text(),
                    }
                ),
                flush=True,
            )
            app.exit(0)

        def connected() -> None:
            window.accounts.accounts_changed.disconnect(connected)
            # The builder is filled once the channel's names are in (context_loaded).
            if tabs:
                out.mkdir(parents=True, exist_ok=True)
                QTimer.singleShot(500, lambda: run_tab(0))
            elif reach:
                out.mkdir(parents=True, exist_ok=True)
                window.reach.sync_finished.connect(reach_report)
            elif local_data or creator:
                out.mkdir(parents=True, exist_ok=True)
                QTimer.singleShot(0, run_report)
            else:
                QTimer.singleShot(0, run_report)

        window.accounts.accounts_changed.connect(connected)
        QTimer.singleShot(0, window.add_channel_action.trigger)
        limit = TIMEOUT_MS * (3 if tabs else 1)
        QTimer.singleShot(limit, lambda: fail(f"no screenshot within {limit} ms"))
        status = app.exec()
        QDesktopServices.unsetUrlHandler("http")
        task_runner().wait_idle(10)
        window.close()
    for message in failures:
        print(f"screenshot_app: {message}", file=sys.stderr)
    return status or (1 if failures else 0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
