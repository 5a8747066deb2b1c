"""The Saved dock: its table of saved reports (name, channel, range and report in words),
its buttons and context menu; what they do is ``saved_reports``' business."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..api import catalogue
from ..core.context import ChannelContext
from ..core.definitions import DefinitionError, ReportDefinition
from ..core.ranges import utc_today
from ..store.report_db import ReportStore, SavedReport
from .describe import describe_query
from .formatting import format_date, plain_title
from .save_report_dialog import range_title

__all__ = [
    "NAME",
    "SavedDock",
    "SavedEntry",
    "SavedModel",
    "load_entries",
    "range_words",
    "report_summary",
]

_Index = QModelIndex | QPersistentModelIndex
_HEADERS = ("Name", "Channel", "Range", "Report")
NAME, CHANNEL, RANGE, REPORT = range(len(_HEADERS))
_SHOWN_METRICS = 3


@dataclass(frozen=True)
class SavedEntry:
    """A saved report and its definition, or why its stored definition is unusable."""

    saved: SavedReport
    definition: ReportDefinition | None
    problem: str = ""


def range_words(definition: ReportDefinition) -> str:
    """ "Last 28 days", or fixed dates: "1 Mar 2026 – 31 Mar 2026"."""
    if isinstance(definition.range, str):
        return range_title(definition.range)
    start, end = definition.range
    return f"{format_date(start)} – {format_date(end)}"


def report_summary(query: catalogue.Query, context: ChannelContext | None = None) -> str:
    """ "Geography · United States: Views, Likes" — the breakdown, key filter and metrics."""
    described = describe_query(query, context)
    metrics = [plain_title(catalogue.METRICS[m].title) for m in query.metrics]
    shown = ", ".join(metrics[:_SHOWN_METRICS])
    if len(metrics) > _SHOWN_METRICS:
        shown += f" and {len(metrics) - _SHOWN_METRICS} more"
    head = " · ".join(part for part in (described.breakdown, described.key_filter) if part)
    return f"{head}: {shown}"


def load_entries(store: ReportStore) -> list[SavedEntry]:
    """Every saved report with its definition read (on a worker: it reads the store).

    The store's name and channel are the saved report's own; a definition that no
    longer reads (an older or hand-edited one) is kept with the reason.
    """
    entries = []
    for saved in store.saved_reports():
        try:
            definition = ReportDefinition.from_json(saved.definition)
        except DefinitionError as error:
            entries.append(SavedEntry(saved, None, str(error)))
            continue
        definition = replace(definition, name=saved.name, channel_id=saved.channel_id)
        entries.append(SavedEntry(saved, definition))
    return entries


class SavedModel(QAbstractTableModel):
    """Saved reports by name; the Name column is edited in place (F2) to rename."""

    rename_requested = Signal(object, str)  # a SavedEntry and its new name

    def __init__(
        self,
        context_of: Callable[[str], ChannelContext | None],
        parent: QWidget | None = None,
    ) -> None:
        """``context_of``: a connected channel's context (None when not connected)."""
        super().__init__(parent)
        self.context_of = context_of
        self.entries: list[SavedEntry] = []
        self._today = utc_today()
        self._described: dict[int, tuple[str, str]] = {}

    def set_entries(self, entries: list[SavedEntry], today: dt.date | None = None) -> None:
        self.beginResetModel()
        self.entries = entries
        self._today = today or utc_today()
        self._described = {}
        self.endResetModel()

    def channels_changed(self) -> None:
        """Channel titles and names may differ now (connected, signed out, loaded)."""
        self._described = {}
        if self.entries:
            last = self.index(len(self.entries) - 1, len(_HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

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

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == NAME else flags

    def channel_text(self, entry: SavedEntry) -> str:
        channel_id = entry.saved.channel_id
        if channel_id is None:
            return "Any channel"
        context = self.context_of(channel_id)
        return context.title if context is not None else f"{channel_id} (not connected)"

    def _description(self, entry: SavedEntry) -> tuple[str, str]:
        """(summary, whole query as of today) of ``entry``, made once."""
        cached = self._described.get(entry.saved.id)
        if cached is None:
            definition = entry.definition
            if definition is None:
                cached = (f"Unusable: {entry.problem}", entry.problem)
            else:
                channel_id = entry.saved.channel_id
                context = self.context_of(channel_id) if channel_id else None
                try:
                    query = definition.query(today=self._today)
                except ValueError as error:
                    cached = (f"Unusable: {error}", str(error))
                else:
                    whole = describe_query(query, context).tooltip()
                    cached = (report_summary(query, context), f"{whole}\n(dates as of today)")
            self._described[entry.saved.id] = cached
        return cached

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == NAME:
                return entry.saved.name
            if column == CHANNEL:
                return self.channel_text(entry)
            if column == RANGE:
                return range_words(entry.definition) if entry.definition else ""
            return self._description(entry)[0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.saved.name}\n{self._description(entry)[1]}"
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Renaming goes through the store: the list shows the new name once it is saved."""
        if role != Qt.ItemDataRole.EditRole or index.column() != NAME or not index.isValid():
            return False
        entry = self.entries[index.row()]
        name = str(value).strip()
        if name != entry.saved.name:
            self.rename_requested.emit(entry, name)
        return False


class SavedDock(QDockWidget):
    """The saved reports' table, with Run, Rename, Duplicate, Delete, Export… and Import…."""

    def __init__(self, model: SavedModel, parent: QWidget | None = None) -> None:
        super().__init__("Saved reports", parent)
        self.setObjectName("savedDock")
        self.model = model
        self.view = QTableView()
        self.view.setObjectName("savedTable")
        self.view.setAccessibleName("Saved reports")
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # F2 renames in place; a double-click runs (``activated``), as does Enter.
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(REPORT, QHeaderView.ResizeMode.Stretch)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.message = QLabel()
        self.message.setObjectName("savedMessage")
        self.message.setWordWrap(True)
        key = QKeySequence.StandardKey
        self.run_action = self._action("&Run", "Run the selected report in a new pane")
        self.rename_action = self._action("Re&name", "Rename the selected report", "F2")
        self.duplicate_action = self._action("&Duplicate", "Copy the selected report")
        self.delete_action = self._action("&Delete…", "Delete the selected report", key.Delete)
        self.export_action = self._action("&Export…", "Write every saved report to a JSON file")
        self.import_action = self._action("&Import…", "Add saved reports from a JSON file")
        buttons = QHBoxLayout()
        for action in (
            self.run_action,
            self.rename_action,
            self.duplicate_action,
            self.delete_action,
        ):
            buttons.addWidget(self._button(action))
        files = QHBoxLayout()  # a row of its own: the dock stays narrow beside the builder
        files.addStretch(1)
        files.addWidget(self._button(self.export_action))
        files.addWidget(self._button(self.import_action))
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addLayout(files)
        self.setWidget(body)
        self.menu: QMenu | None = None  # the last context menu shown (tests)
        self.view.selectionModel().currentRowChanged.connect(self._update_actions)
        model.modelReset.connect(self._update_actions)
        self._update_actions()

    def _action(
        self, text: str, tip: str, shortcut: QKeySequence.StandardKey | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            # Only while the table has the focus: an editor's Del deletes a character.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.view.addAction(action)
        return action

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def current(self) -> SavedEntry | None:
        index = self.view.currentIndex()
        return self.model.entries[index.row()] if index.isValid() else None

    def select(self, name: str) -> None:
        """Make the saved report named ``name`` current (after a save or rename)."""
        for row, entry in enumerate(self.model.entries):
            if entry.saved.name == name:
                self.view.setCurrentIndex(self.model.index(row, NAME))
                return

    def edit_name(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(self.model.index(index.row(), NAME))

    def _update_actions(self, *_args: object) -> None:
        chosen = self.view.currentIndex().isValid()
        for action in (
            self.run_action,
            self.rename_action,
            self.duplicate_action,
            self.delete_action,
        ):
            action.setEnabled(chosen)
        self.export_action.setEnabled(bool(self.model.entries))

    def _context_menu(self, point: QPoint) -> None:
        index = self.view.indexAt(point)
        if index.isValid():
            self.view.setCurrentIndex(index)
        menu = QMenu(self.view)
        menu.setObjectName("savedMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addActions([self.run_action, self.rename_action, self.duplicate_action])
        menu.addAction(self.delete_action)
        menu.addSeparator()
        menu.addActions([self.export_action, self.import_action])
        self.menu = menu
        menu.popup(self.view.viewport().mapToGlobal(point))
