"""Running reports into panes: one task per pane, superseded runs cancelled, closed panes freed."""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar

from ..api import catalogue
from ..api.errors import NotMonetised
from ..api.report import Report
from ..core.report_history import query_from_record
from ..core.report_run import ReportRun
from ..core.services import Services
from ..core.tasks import Progress, TaskContext, TaskFailure
from .accounts import AccountManager
from .app import show_crash
from .errors import explain
from .labels import plural
from .pane_texts import pane_titles, provenance_text, retry_text
from .tasks import Lane, Task, submit

if TYPE_CHECKING:
    from ..store.report_db import StoredReport
    from .report_view import ReportDock

__all__ = ["Pane", "ReportRunner"]


@dataclasses.dataclass(eq=False)
class Pane:
    """A report dock and what it was run for; it keeps its channel for good."""

    dock: ReportDock
    channel_id: str
    channel_title: str
    query: catalogue.Query | None = None
    report: Report | None = None
    task: Task[Any] | None = None
    generation: int = 0
    closed: bool = False
    trail: tuple[tuple[str, str], ...] = ()
    """The panes this one was drilled down from: (dock object name, tab title) each."""
    derived: tuple[str, ...] = ()
    """Creators' metrics computed from the report's columns (``core.derived``)."""
    refresh: Callable[[], None] | None = None
    """Refresh of a pane without a query (a comparison): whoever made its report again."""


class ReportRunner(QObject):
    """Creates report panes in the main window and fetches their reports off-thread."""

    status_message = Signal(str)
    panes_changed = Signal()
    report_stored = Signal()
    """A fetched report was added to the local history."""
    pane_created = Signal(object)
    """A new Pane, before its dock shows (for what every pane offers, e.g. drilling)."""

    def __init__(self, window: QMainWindow, accounts: AccountManager, services: Services) -> None:
        super().__init__(window)
        self.window = window
        self.accounts = accounts
        self.services = services
        self.panes: list[Pane] = []
        self.current: Pane | None = None

    # -- panes -------------------------------------------------------------------------

    def _new_pane(
        self, channel_id: str, title: str, name: str = "", channel_title: str = ""
    ) -> Pane:
        # Imported at the first pane, not with the main window: its chart brings pyqtgraph
        # and numpy, which the window's first paint does not need (see MainWindow.showEvent).
        from .report_view import ReportDock

        account = self.accounts.account(channel_id)
        channel_title = account.title if account else channel_title or channel_id
        dock = ReportDock(title, channel_title, self.window)
        dock.full_title = title
        dock.setMinimumSize(320, 220)  # room for a few rows of the table and the buttons
        dock.splitter.setChildrenCollapsible(False)  # neither chart nor table vanishes
        # The lowest free number: a restored layout finds its panes by these names.
        used = {p.dock.objectName() for p in self.panes}
        free = (n for i in itertools.count(1) if (n := f"report-{i}") not in used)
        dock.setObjectName(name if name and name not in used else next(free))
        pane = Pane(dock, channel_id, channel_title)
        previous = self.panes[-1].dock if self.panes else None
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        if previous is not None:
            self.window.tabifyDockWidget(previous, dock)
        else:
            self._share_width(dock)
        dock.cancel_requested.connect(lambda: self.cancel(pane))
        dock.rerun_requested.connect(lambda: self.rerun(pane))
        dock.closed.connect(lambda: self._closed(pane))
        dock.status_message.connect(self.status_message)
        dock.visibilityChanged.connect(lambda visible: self._shown(pane, visible))
        dock.dockLocationChanged.connect(self._update_tab_tips)
        dock.topLevelChanged.connect(self._update_tab_tips)
        self.panes.append(pane)
        self.current = pane
        self.pane_created.emit(pane)
        # Told first, so that the window hides its empty page before the pane shows: both
        # at once would widen a small window past its screen.
        self.panes_changed.emit()
        dock.show()
        dock.raise_()
        self._update_tab_tips()
        return pane

    def _set_titles(self, pane: Pane, short: str, full: str) -> None:
        pane.dock.setWindowTitle(short)
        pane.dock.full_title = full
        pane.dock.setAccessibleName(f"Report pane {full}")
        self._update_tab_tips()

    def _update_tab_tips(self, *args: Any) -> None:
        """Soon: the full title as the tooltip of each pane's tab (Qt sets the short one)."""
        QTimer.singleShot(0, self, self._set_tab_tips)

    def _set_tab_tips(self) -> None:
        titles = {p.dock.windowTitle(): p.dock.full_title for p in self.panes}
        for bar in self.window.findChildren(QTabBar):
            if bar.parent() is not self.window:  # e.g. the builder's breakdown tabs
                continue
            for index in range(bar.count()):
                full = titles.get(bar.tabText(index))
                if full:
                    bar.setTabToolTip(index, full)

    def _share_width(self, dock: ReportDock) -> None:
        """Give the first pane most of the width: reports need it more than the builder."""
        builder = self.window.findChild(QDockWidget, "builderDock")
        if builder is not None and builder.isVisible() and not builder.isFloating():
            width = self.window.width()
            self.window.resizeDocks(
                [builder, dock], [width * 2 // 5, width * 3 // 5], Qt.Orientation.Horizontal
            )

    def _shown(self, pane: Pane, visible: bool) -> None:
        if visible and not pane.closed:
            self.current = pane

    def _closed(self, pane: Pane) -> None:
        """A closed pane is gone for good: its dock is deleted, with its report and chart.

        Its connections (whose lambdas hold the pane) are cut; a task still running
        holds the pane until it ends, and delivers nothing (it is cancelled).
        """
        if pane.closed:
            return
        pane.closed = True
        if pane.task is not None:
            pane.task.cancel()
            pane.task = None
        if pane in self.panes:
            self.panes.remove(pane)
        if self.current is pane:
            self.current = self.panes[-1] if self.panes else None
        dock = pane.dock
        for signal in (
            dock.cancel_requested,
            dock.rerun_requested,
            dock.closed,
            dock.status_message,
            dock.visibilityChanged,
            dock.dockLocationChanged,
            dock.topLevelChanged,
            dock.view.activated,
            dock.breadcrumb_clicked,
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect()
        pane.report = None
        self.window.removeDockWidget(dock)
        dock.deleteLater()
        self.panes_changed.emit()

    def close_current(self) -> None:
        if self.current is not None:
            self.current.dock.close()

    def close_others(self, keep: Pane | None = None) -> None:
        """Close every pane but ``keep`` (the current one by default)."""
        keep = keep or self.current
        for pane in list(self.panes):
            if pane is not keep:
                pane.dock.close()

    def close_all(self) -> None:
        for pane in list(self.panes):
            pane.dock.close()

    # -- running -----------------------------------------------------------------------

    def run(
        self, query: catalogue.Query, *, new_pane: bool = False, derived: tuple[str, ...] = ()
    ) -> Pane | None:
        """Fetch ``query`` for the active channel, in the current pane or a new one.

        The current pane is replaced only when it belongs to the active channel: a pane
        keeps its channel for good.
        """
        channel_id = self.accounts.active
        if channel_id is None or self.accounts.client is None:
            self.status_message.emit("Add a channel first (Channels > Add channel).")
            return None
        pane = self.current
        if new_pane or pane is None or pane.closed or pane.channel_id != channel_id:
            return self.open(channel_id, query, derived=derived)
        pane.derived = derived
        self._start_titled(pane, query)
        return pane

    def open(
        self,
        channel_id: str,
        query: catalogue.Query,
        *,
        name: str = "",
        stored_ok: bool = False,
        derived: tuple[str, ...] = (),
    ) -> Pane:
        """Fetch ``query`` for ``channel_id`` in a new pane (a client must be set).

        ``name``: the dock's object name (a restored layout's), else the lowest free one;
        ``stored_ok``: the newest stored copy will do, however old (restored panes);
        ``derived``: creators' metrics to compute from its columns (``core.derived``).
        """
        pane = self._new_pane(channel_id, "Report", name)  # titled at once, from the query
        pane.derived = derived
        self._start_titled(pane, query, stored_ok=stored_ok)
        return pane

    def open_stored(self, stored: StoredReport) -> Pane:
        """A report of the local history in a new pane, read from the store (no request)."""
        pane = self._new_pane(stored.channel_id, "Report", channel_title=stored.channel_title)
        try:
            query: catalogue.Query | None = query_from_record(stored.query)
        except ValueError:
            query = None
        if query is not None:
            short, full = pane_titles(query, self.accounts.context(pane.channel_id))
            self._set_titles(pane, short, full)
        pane.query = query
        pane.generation += 1
        generation = pane.generation
        pane.dock.set_busy("Reading the report from local history…")
        services = self.services  # its store opens on first use: on the worker
        pane.task = submit(
            lambda _ctx: services.history.open(stored.id),
            lambda run: self._result(pane, generation, run),
            on_error=lambda failure: self._error(pane, generation, failure),
            owner=pane.dock,
            lane=Lane.LOCAL,
        )
        return pane

    def show_run(
        self,
        channel_id: str,
        query: catalogue.Query | None,
        run: ReportRun,
        title: str = "",
        rerun: Callable[[], None] | None = None,
    ) -> Pane:
        """A report made elsewhere (a comparison, say) in a new pane, fetching nothing;
        ``query`` describes it (None: the report describes itself), ``title`` names its tab,
        ``rerun`` makes it again on Refresh (without it or a query, there is no Refresh)."""
        pane = self._new_pane(channel_id, title or "Report")
        if query is not None:
            short, full = pane_titles(query, self.accounts.context(channel_id))
            self._set_titles(pane, title or short, full)
        pane.query = query
        pane.refresh = rerun
        pane.dock.rerun_button.setVisible(query is not None or rerun is not None)
        pane.generation += 1
        self._result(pane, pane.generation, run)
        return pane

    def _start_titled(self, pane: Pane, query: catalogue.Query, *, stored_ok: bool = False) -> None:
        short, full = pane_titles(query, self.accounts.context(pane.channel_id))
        self._set_titles(pane, short, full)
        self._start(pane, query, stored_ok=stored_ok)

    def rerun(self, pane: Pane) -> None:
        """Refresh: fetch the pane's report from Google again, whatever the store holds."""
        if pane.query is None and pane.refresh is not None and not pane.closed:
            pane.refresh()
        elif pane.query is not None and not pane.closed:
            if self.accounts.client is None:
                self.status_message.emit("Import client secrets to fetch reports.")
                return
            self._start(pane, pane.query, force=True)

    def _start(
        self,
        pane: Pane,
        query: catalogue.Query,
        *,
        force: bool = False,
        stored_ok: bool = False,
    ) -> None:
        client = self.accounts.client
        assert client is not None
        if pane.task is not None:
            pane.task.cancel()  # superseded: its result will never arrive
        pane.query = query
        pane.generation += 1
        generation = pane.generation
        pane.dock.set_busy(f"Fetching the report for {pane.channel_title}...")
        channel_id, channel_title = pane.channel_id, pane.channel_title
        context = self.accounts.context(channel_id)
        groups = context.group_types if context is not None else {}
        services = self.services

        def fetch(ctx: TaskContext) -> ReportRun:
            def retrying(delay: float, status: int, message: str) -> None:
                ctx.check()  # cancelled: no point in waiting, nor in asking again
                ctx.report(-1, retry_text(delay, status, message))

            return services.history.run(
                client,
                channel_id,
                channel_title,
                query,
                ctx,
                on_retry=retrying,
                groups=groups,
                force=force,
                stored_ok=stored_ok,
            )

        pane.task = submit(
            fetch,
            lambda run: self._result(pane, generation, run),
            on_error=lambda failure: self._error(pane, generation, failure),
            on_progress=lambda progress: self._progress(pane, generation, progress),
            owner=pane.dock,
        )

    def _live(self, pane: Pane, generation: int) -> bool:
        return not pane.closed and pane.generation == generation

    def _progress(self, pane: Pane, generation: int, progress: Progress) -> None:
        if self._live(pane, generation) and progress.text:
            pane.dock.set_busy_text(progress.text)

    def _result(self, pane: Pane, generation: int, run: ReportRun) -> None:
        if not self._live(pane, generation):
            return
        pane.task = None
        report = pane.report = run.report
        context = self.accounts.context(pane.channel_id)
        pane.dock.show_report(
            report,
            context,
            query=pane.query,
            video_seconds=run.video_seconds,
            derived=pane.derived,
        )
        pane.dock.set_provenance(provenance_text(run))
        rows, columns = report.shape
        source = " (from local history)" if run.from_store else ""
        self.status_message.emit(
            f"{pane.channel_title}: {plural(rows, 'row')}, {plural(columns, 'column')}{source}."
        )
        if run.store_problem:
            self.status_message.emit(f"Local history: {run.store_problem}")
        if run.stored is not None and not run.from_store:
            self.report_stored.emit()

    def _error(self, pane: Pane, generation: int, failure: TaskFailure) -> None:
        if not self._live(pane, generation):
            return
        pane.task = None
        explanation = explain(failure.error)
        pane.dock.show_error(explanation.title, explanation.text, explanation.hint)
        self.status_message.emit(f"{pane.channel_title}: {explanation.title}.")
        if isinstance(failure.error, NotMonetised):
            self.accounts.note_not_monetised(pane.channel_id)
        if explanation.unexpected:
            show_crash(failure.error, failure.details)
        elif explanation.reconnect:
            self.accounts.reconnect_prompt(pane.channel_id)

    def cancel(self, pane: Pane | None = None) -> None:
        """Stop waiting for the pane's report (the current pane by default)."""
        pane = pane or self.current
        if pane is None or pane.task is None:
            return
        pane.task.cancel()
        pane.task = None
        pane.generation += 1
        pane.dock.show_error(
            "Cancelled", "The report was not fetched.", "Press Run to fetch it again."
        )
        self.status_message.emit("Cancelled.")

    # -- exporting ---------------------------------------------------------------------

    def export_current(self, kind: str) -> None:
        """File > Export: the current pane's own CSV or JSON export (a save dialog)."""
        pane = self.current
        if pane is None or pane.report is None:
            self.status_message.emit("There is no report to export yet.")
            return
        if kind == "csv":
            pane.dock.export_csv()
        else:
            pane.dock.export_json()
