"""Running reports into panes: one job per pane, superseded runs cancelled, closed panes ignored."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow

from ..api import catalogue
from ..api.report import Report
from .accounts import AccountManager
from .app import show_crash
from .errors import explain
from .report_view import ReportDock
from .workers import Job, start_job

__all__ = ["Pane", "ReportRunner"]


@dataclasses.dataclass(eq=False)
class Pane:
    """A report dock and what it was run for; it keeps its channel for good."""

    dock: ReportDock
    channel_id: str
    channel_title: str
    query: catalogue.Query | None = None
    report: Report | None = None
    job: Job | None = None
    generation: int = 0
    closed: bool = False


def _title(query: catalogue.Query) -> str:
    try:
        kind = catalogue.detect(query).name
    except Exception:  # a title is cosmetic; detection is only a guess at the breakdown
        kind = "Report"
    return f"{kind} ({query.start_date:%d %b %Y} – {query.end_date:%d %b %Y})"


class ReportRunner(QObject):
    """Creates report panes in the main window and fetches their reports off-thread."""

    status_message = Signal(str)
    panes_changed = Signal()

    def __init__(self, window: QMainWindow, accounts: AccountManager) -> None:
        super().__init__(window)
        self.window = window
        self.accounts = accounts
        self.panes: list[Pane] = []
        self.current: Pane | None = None

    # -- panes -------------------------------------------------------------------------

    def _new_pane(self, channel_id: str, title: str) -> Pane:
        account = self.accounts.account(channel_id)
        channel_title = account.title if account else channel_id
        dock = ReportDock(title, channel_title, self.window)
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
        self.panes.append(pane)
        self.current = pane
        dock.show()
        dock.raise_()
        self.panes_changed.emit()
        return pane

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
        if pane.closed:
            return
        pane.closed = True
        if pane.job is not None:
            pane.job.cancel()
            pane.job = None
        if pane in self.panes:
            self.panes.remove(pane)
        if self.current is pane:
            self.current = self.panes[-1] if self.panes else None
        self.panes_changed.emit()

    def close_current(self) -> None:
        if self.current is not None:
            self.current.dock.close()

    # -- running -----------------------------------------------------------------------

    def run(self, query: catalogue.Query, *, in_current: bool = False) -> Pane | None:
        """Fetch ``query`` for the active channel, in a new pane or the current one.

        The current pane is reused only when it belongs to the active channel.
        """
        channel_id = self.accounts.active
        if channel_id is None or self.accounts.client is None:
            self.status_message.emit("Add a channel first (Channels > Add channel).")
            return None
        pane = self.current
        if not in_current or pane is None or pane.closed or pane.channel_id != channel_id:
            pane = self._new_pane(channel_id, _title(query))
        else:
            pane.dock.setWindowTitle(_title(query))
        self._start(pane, query)
        return pane

    def rerun(self, pane: Pane) -> None:
        if pane.query is not None and not pane.closed:
            self._start(pane, pane.query)

    def _start(self, pane: Pane, query: catalogue.Query) -> None:
        client = self.accounts.client
        assert client is not None
        if pane.job is not None:
            pane.job.cancel()  # superseded: its result will never arrive
        pane.query = query
        pane.generation += 1
        generation = pane.generation
        pane.dock.set_busy(f"Fetching the report for {pane.channel_title}...")
        pane.job = start_job(
            client.fetch_report,
            pane.channel_id,
            query,
            on_result=lambda report: self._result(pane, generation, report),
            on_error=lambda error, details: self._error(pane, generation, error, details),
            owner=pane.dock,
        )

    def _live(self, pane: Pane, generation: int) -> bool:
        return not pane.closed and pane.generation == generation

    def _result(self, pane: Pane, generation: int, report: object) -> None:
        if not self._live(pane, generation):
            return
        assert isinstance(report, Report)
        pane.job = None
        pane.report = report
        context = self.accounts.context(pane.channel_id)
        pane.dock.show_report(report, context, query=pane.query)
        rows, columns = report.shape
        self.status_message.emit(f"{pane.channel_title}: {rows} rows, {columns} columns.")

    def _error(self, pane: Pane, generation: int, error: BaseException, details: str) -> None:
        if not self._live(pane, generation):
            return
        pane.job = None
        explanation = explain(error)
        pane.dock.show_error(explanation.title, explanation.text, explanation.hint)
        self.status_message.emit(f"{pane.channel_title}: {explanation.title}.")
        if explanation.unexpected:
            show_crash(error, details)
        elif explanation.reconnect:
            self.accounts.reconnect_prompt(pane.channel_id)

    def cancel(self, pane: Pane | None = None) -> None:
        """Stop waiting for the pane's report (the current pane by default)."""
        pane = pane or self.current
        if pane is None or pane.job is None:
            return
        pane.job.cancel()
        pane.job = None
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
