"""The local report store in the window: the History dock, the quota meter, and the
Local data dialog (freshness, size cap, reach syncs at start, Clear local data). Every
store call runs on a worker (``Lane.STORAGE``); results come back to the GUI thread as
plain data."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.quota import ANALYTICS, DATA, DATA_API_DAILY_UNITS, REPORTING
from ..core.tasks import TaskContext, TaskFailure
from ..store.report_db import StoredReport
from .history_dock import HistoryDock, stored_size
from .labels import plural
from .tasks import Lane, submit

if TYPE_CHECKING:
    from .main_window import MainWindow

__all__ = ["REACH_SYNC_ON_START", "LocalData", "LocalDataDialog", "quota_text"]

T = TypeVar("T")
_METER_DELAY = 400  # ms: one store read for a burst of requests
REACH_SYNC_ON_START = "Download new reach reports when the app starts"


def quota_text(counts: dict[str, int]) -> str:
    """The status bar's meter: today's requests against Google's daily quotas (the
    Reporting API's once it was used: reach reports)."""
    analytics, data = counts.get(ANALYTICS, 0), counts.get(DATA, 0)
    text = (
        f"Today: {plural(analytics, 'Analytics request')} · "
        f"{data:,} of {DATA_API_DAILY_UNITS:,} Data API units"
    )
    reporting = counts.get(REPORTING, 0)
    return f"{text} · {plural(reporting, 'Reporting API request')}" if reporting else text


class LocalDataDialog(QDialog):
    """How long fetched reports are reused, how much is kept, whether reach reports are
    downloaded at start, and Clear local data."""

    clear_requested = Signal()

    def __init__(
        self, freshness: int, max_mb: int, stored: str, parent: QWidget, *, reach_sync: bool
    ) -> None:
        super().__init__(parent)
        self.setObjectName("localDataDialog")
        self.setWindowTitle("Local data")
        self.freshness = QSpinBox()
        self.freshness.setObjectName("freshnessMinutes")
        self.freshness.setRange(0, 10080)
        self.freshness.setSuffix(" min")
        self.freshness.setSpecialValueText("Never (always fetch)")
        self.freshness.setValue(freshness)
        self.freshness.setToolTip(
            "An identical report fetched this recently is shown from local history without "
            "asking Google. Days older than Google's reporting lag are always reused."
        )
        self.max_mb = QSpinBox()
        self.max_mb.setObjectName("historyMaxMb")
        self.max_mb.setRange(16, 1_048_576)
        self.max_mb.setSuffix(" MB")
        self.max_mb.setValue(max_mb)
        self.stored = QLabel(stored)
        self.reach_sync = QCheckBox(REACH_SYNC_ON_START)
        self.reach_sync.setObjectName("reachSyncOnStart")
        self.reach_sync.setChecked(reach_sync)
        self.reach_sync.setToolTip(
            "Every channel's new daily reach reports are downloaded a few seconds after the "
            "app starts, and a channel's soon after you add it. Off: only when you choose "
            "Sync now (Report > Sync reach reports)."
        )
        clear = QPushButton("Clear local data…")
        clear.setObjectName("clearLocalData")
        clear.clicked.connect(self.clear_requested)
        form = QFormLayout()
        form.addRow("Reuse reports fetched within:", self.freshness)
        form.addRow("Keep at most:", self.max_mb)
        form.addRow("Stored now:", self.stored)
        form.addRow(self.reach_sync)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(clear, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)


class LocalData(QObject):
    """Wires the store into the window: history, meter, settings."""

    _counted = Signal()  # emitted on a worker after each request: queued to the GUI thread

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.services = window.services
        self.search = ""
        self.dialog: LocalDataDialog | None = None
        self.confirm: QMessageBox | None = None
        self.dock = HistoryDock(window)
        self.dock.model.context_of = window.accounts.context
        self.dock.hide()
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        window.tabifyDockWidget(window.builder_dock, self.dock)
        window.builder_dock.raise_()
        self.dock.search_changed.connect(self._searched)
        self.dock.open_requested.connect(self._open)
        self.dock.delete_requested.connect(self._delete)
        self.dock.clear_requested.connect(self.ask_clear)
        self.dock.visibilityChanged.connect(self._dock_shown)
        window.runner.report_stored.connect(self.refresh)
        window.runner.report_stored.connect(self._meter_soon)
        self.meter_label = QLabel()
        self.meter_label.setObjectName("quotaMeter")
        self.meter_label.setToolTip(
            "Requests this app made today (Pacific time, when Google's quotas reset). "
            "Reports shown from local history cost none."
        )
        window.statusBar().addPermanentWidget(self.meter_label)
        self._meter_timer = QTimer(self)
        self._meter_timer.setSingleShot(True)
        self._meter_timer.setInterval(_METER_DELAY)
        self._meter_timer.timeout.connect(self.update_meter)
        self._counted.connect(self._meter_soon, Qt.ConnectionType.QueuedConnection)
        window.meter.add_listener(self._counted.emit)
        # Not the dock's toggleViewAction: tabbed behind the builder, it would stay hidden.
        self.history_action = QAction("&History", window)
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        self.history_action.setToolTip("Reports fetched before, kept on this computer")
        self.history_action.triggered.connect(self.show_history)
        self.settings_action = QAction("&Local data…", window)
        self.settings_action.triggered.connect(self.open_dialog)
        window.view_menu.addAction(self.history_action)
        window.file_menu.insertAction(window.quit_action, self.settings_action)
        window.file_menu.insertSeparator(window.quit_action)
        QTimer.singleShot(0, self, self._start)

    def _start(self) -> None:
        """After the window shows: the store opens on a worker, then the meter reads it."""
        max_bytes = self.window.settings.history_max_mb * 1_048_576

        def opened(_ctx: TaskContext) -> list[str]:
            store = self.services.reports
            store.max_bytes = max_bytes
            return list(store.warnings)

        self._store_call(opened, self._opened)

    def _opened(self, warnings: list[str]) -> None:
        for warning in warnings:
            self.window.show_status(warning)
        self.update_meter()

    def _store_call(
        self, function: Callable[[TaskContext], T], done: Callable[[T], None] | None = None
    ) -> None:
        submit(function, done, on_error=self._failed, owner=self, lane=Lane.STORAGE)

    def _failed(self, failure: TaskFailure) -> None:
        self.window.show_status(f"Local history: {failure.error}")

    # -- history -----------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the history again (when the dock shows, after a search or a fetch)."""
        if self.dock.isHidden():
            return
        search, store = self.search, self.services

        def read(_ctx: TaskContext) -> tuple[list[StoredReport], int]:
            reports = store.reports
            return reports.history(search), reports.stored_bytes()

        self._store_call(read, lambda result: self.dock.show_entries(*result))

    def show_history(self) -> None:
        """View > History: the dock in front, its list read again, the search focused."""
        self.dock.show()
        self.dock.raise_()
        self.dock.search.setFocus()
        self.refresh()

    def _dock_shown(self, visible: bool) -> None:
        if visible:
            self.refresh()

    def _searched(self, text: str) -> None:
        self.search = text
        self.refresh()

    def _open(self, entry: StoredReport) -> None:
        self.window.runner.open_stored(entry)

    def _delete(self, entry: StoredReport) -> None:
        store = self.services
        self._store_call(lambda _ctx: store.reports.delete_report(entry.id), self._changed)

    def _changed(self, _result: Any = None) -> None:
        self.refresh()

    def ask_clear(self) -> None:
        """Clear local data, once the user confirms: every stored report is deleted."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Clear local data",
            "Delete every report kept in local history? Saved reports and workspaces are "
            "kept; the next run of a report asks Google again.",
            QMessageBox.StandardButton.Cancel,
            self.dialog or self.window,
        )
        box.setObjectName("clearLocalDataPrompt")
        clear = box.addButton("Clear", QMessageBox.ButtonRole.DestructiveRole)

        def answered() -> None:
            if box.clickedButton() is clear:
                store = self.services
                self._store_call(lambda _ctx: store.reports.clear_reports(), self._cleared)

        box.finished.connect(answered)
        self.confirm = box
        box.open()

    def _cleared(self, _result: object) -> None:
        self.window.show_status("Local history cleared.")
        self.refresh()
        if self.dialog is not None:
            self.dialog.stored.setText("nothing")

    # -- the meter ---------------------------------------------------------------------

    def _meter_soon(self) -> None:
        self._meter_timer.start()

    def update_meter(self) -> None:
        meter = self.window.meter
        self._store_call(lambda _ctx: meter.today(), self._show_meter)

    def _show_meter(self, counts: dict[str, int]) -> None:
        self.meter_label.setText(quota_text(counts))

    # -- settings ----------------------------------------------------------------------

    def open_dialog(self) -> None:
        """File > Local data…: the store's size is read first (on a worker)."""
        store = self.services
        self._store_call(lambda _ctx: store.reports.stored_bytes(), self._show_dialog)

    def _show_dialog(self, stored_bytes: int) -> None:
        settings = self.window.settings
        dialog = LocalDataDialog(
            settings.freshness_minutes,
            settings.history_max_mb,
            stored_size(stored_bytes),
            self.window,
            reach_sync=settings.reach_sync_on_start,
        )
        dialog.clear_requested.connect(self.ask_clear)
        dialog.accepted.connect(lambda: self._apply(dialog))
        self.dialog = dialog
        dialog.open()

    def _apply(self, dialog: LocalDataDialog) -> None:
        settings = self.window.settings
        settings.freshness_minutes = dialog.freshness.value()
        settings.history_max_mb = dialog.max_mb.value()
        settings.reach_sync_on_start = dialog.reach_sync.isChecked()
        self.services.set_freshness(settings.freshness_minutes * 60.0)
        max_bytes = settings.history_max_mb * 1_048_576
        store = self.services

        def cap(_ctx: TaskContext) -> None:
            store.reports.max_bytes = max_bytes

        self._store_call(cap)
        self.window.save_settings()
        self.dialog = None
