"""The History dock: every report fetched before, searchable, reopened from the local store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..api import catalogue
from ..core.report_history import query_from_record
from ..store.report_db import StoredReport
from .describe import describe_query
from .formatting import format_count, format_moment
from .labels import plural

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..core.context import ChannelContext

__all__ = ["HistoryDock", "HistoryModel", "stored_size"]

_Index = QModelIndex | QPersistentModelIndex
_HEADERS = ("Fetched", "Channel", "Report", "Dates", "Filters", "Rows")
_FETCHED, _CHANNEL, _REPORT, _DATES, _FILTERS, _ROWS = range(len(_HEADERS))


def stored_size(size: int) -> str:
    """Bytes kept in the store, in words ("nothing", "240 KB", "3.4 MB")."""
    if size <= 0:
        return "nothing"
    if size < 1_048_576:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1_048_576:.1f} MB"


class HistoryModel(QAbstractTableModel):
    """Stored reports, newest first; the report's description is made when first shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[StoredReport] = []
        self._described: dict[int, tuple[str, str, str, str]] = {}
        self.context_of: Callable[[str], ChannelContext | None] = lambda _channel: None
        """The channel's names of videos, playlists and groups, for the filters' words."""

    def set_entries(self, entries: list[StoredReport]) -> None:
        self.beginResetModel()
        self.entries = entries
        self._described = {}
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        return None

    def _description(self, entry: StoredReport) -> tuple[str, str, str, str]:
        """(report, dates, filters, whole query) of ``entry`` in words, made once."""
        cached = self._described.get(entry.id)
        if cached is None:
            try:
                query: catalogue.Query | None = query_from_record(entry.query)
            except ValueError:
                query = None
            if query is None:
                cached = (entry.report_type, "", "", entry.report_type)
            else:
                described = describe_query(
                    query, self.context_of(entry.channel_id), entry.channel_title
                )
                filters = "; ".join(f"{title}: {value}" for title, value in described.filters)
                cached = (
                    described.breakdown or described.report_type,
                    described.dates,
                    filters or "None",
                    described.tooltip(),
                )
            self._described[entry.id] = cached
        return cached

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == _FETCHED:
                return format_moment(entry.fetched_at)
            if column == _CHANNEL:
                return entry.channel_title
            if column in (_REPORT, _DATES, _FILTERS):
                return self._description(entry)[column - _REPORT]
            return format_count(entry.rows)
        if role == Qt.ItemDataRole.ToolTipRole:
            fetched = format_moment(entry.fetched_at)
            return (
                f"{self._description(entry)[3]}\nFetched {fetched}; "
                f"{plural(entry.rows, 'row')}, {stored_size(entry.size)} stored"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == _ROWS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class HistoryDock(QDockWidget):
    """Search box, the list of stored reports, Open and Delete; the store is read elsewhere."""

    search_changed = Signal(str)
    open_requested = Signal(object)  # a StoredReport
    delete_requested = Signal(object)  # a StoredReport
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("History", parent)
        self.setObjectName("historyDock")
        body = QWidget()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search channel, report, dates, filters…")
        self.search.setAccessibleName("Search the history")
        self.search.setClearButtonEnabled(True)
        self.model = HistoryModel(self)
        self.view = QTableView()
        self.view.setObjectName("historyTable")
        self.view.setAccessibleName("Reports fetched before")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(_FILTERS, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._activated)  # double-click or Enter
        self.summary = QLabel()
        self.summary.setObjectName("historySummary")
        self.open_button = QPushButton("Open")
        self.open_button.setToolTip("Show the selected report as it was fetched (no request)")
        self.open_button.clicked.connect(lambda: self._activated(self.view.currentIndex()))
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Forget the selected report")
        self.delete_button.clicked.connect(self._delete_current)
        self.clear_button = QPushButton("Clear local data…")
        self.clear_button.clicked.connect(self.clear_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        layout = QVBoxLayout(body)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.setWidget(body)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._delete_current)
        # Searching waits for a pause in typing: one store query, not one per key.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(lambda: self.search_changed.emit(self.search.text()))
        self.search.textChanged.connect(lambda _text: self._debounce.start())

    def show_entries(self, entries: list[StoredReport], stored_bytes: int) -> None:
        self.model.set_entries(entries)
        size = stored_size(stored_bytes)
        self.summary.setText(f"{plural(len(entries), 'report')} shown; {size} stored.")
        if entries and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))

    def _current(self) -> StoredReport | None:
        index = self.view.currentIndex()
        return self.model.entries[index.row()] if index.isValid() else None

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.entries[index.row()])

    def _delete_current(self) -> None:
        entry = self._current()
        if entry is not None:
            self.delete_requested.emit(entry)
