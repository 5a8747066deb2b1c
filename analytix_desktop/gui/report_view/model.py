"""The table model of a report: lazy formatting, integer sorting, a pinned total row."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from analytix_desktop.gui.formatting import display_changes
from analytix_desktop.gui.report_view.columns import RowOrder, Table

__all__ = ["RAW_ROLE", "TOTAL_ROLE", "ReportTableModel"]

RAW_ROLE = Qt.ItemDataRole.UserRole + 1
"""The typed value (as Report.column gives it; the total for the total row)."""
TOTAL_ROLE = Qt.ItemDataRole.UserRole + 2
"""True on the cells of the total row."""

Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
# The view asks about seven roles of every cell it paints; looking a role up on its enum
# is a Python call of its own, so the roles are looked up once, here.
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_FONT = Qt.ItemDataRole.FontRole
_ANSWERED = frozenset({_DISPLAY, _TOOLTIP, _ALIGNMENT, _FONT, RAW_ROLE, TOTAL_ROLE})


class ReportTableModel(QAbstractTableModel):
    """A report's rows (formatted only when a view asks) and a total row kept at the bottom.

    Every column comes with its rows in both orders (sorted on a worker), so sorting
    only swaps an index array, whatever the size of the report; the total row never moves.
    """

    def __init__(self, table: Table | None = None, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._table: Table | None = None
        self._order: RowOrder = np.zeros(0, dtype=np.int32)
        self._bold = QFont()
        self._bold.setBold(True)
        # Cells are formatted when asked: a new watch time unit only needs a repaint.
        display_changes.changed.connect(self._units_changed)
        if table is not None:
            self.set_table(table)

    def _units_changed(self) -> None:
        rows, columns = self.rowCount(), self.columnCount()
        if rows and columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, columns - 1))

    def set_table(self, table: Table | None) -> None:
        """Show ``table`` (prepared on a worker) in its original row order."""
        self.beginResetModel()
        self._table = table
        self._order = np.arange(table.rows if table else 0, dtype=np.int32)
        self.endResetModel()

    @property
    def table(self) -> Table | None:
        return self._table

    @property
    def has_total_row(self) -> bool:
        return self._table is not None and self._table.totals is not None

    def source_row(self, row: int) -> int:
        """The report's row number shown at view row ``row`` (-1 for the total row)."""
        return int(self._order[row]) if row < len(self._order) else -1

    def row_order(self) -> npt.NDArray[np.intp]:
        """A copy of the report's row numbers in view order (without the total row)."""
        return self._order.astype(np.intp)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._table is None:
            return 0
        return self._table.rows + (1 if self.has_total_row else 0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._table is None:
            return 0
        return len(self._table.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if self._table is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return "Σ" if section >= self._table.rows else str(section + 1)
            return None
        column = self._table.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{column.header} ({column.name})\n{column.description}".strip()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.is_metric else _LEFT
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        table = self._table
        if table is None or role not in _ANSWERED or not index.isValid():
            return None
        row = index.row()
        total = row >= table.rows
        if role == TOTAL_ROLE:
            return total
        if total:
            return self._total_data(index.column(), role)
        column = table.columns[index.column()]
        if role == _ALIGNMENT:
            return _RIGHT if column.is_metric else _LEFT
        source = int(self._order[row])
        if role == _DISPLAY:
            return column.text(source)
        if role == RAW_ROLE:
            return column.raw(source)
        if role == _TOOLTIP and not column.is_metric:
            assert column.uniques is not None
            assert column.codes is not None
            return str(column.uniques[column.codes[source]])
        return None

    def _total_data(self, section: int, role: int) -> object:
        assert self._table is not None
        assert self._table.totals is not None
        column = self._table.columns[section]
        value = self._table.totals.get(column.name) if column.is_metric else None
        if role == Qt.ItemDataRole.DisplayRole:
            if column.is_metric:
                return column.formatter(value)
            return "Total" if section == 0 else ""
        if role == RAW_ROLE:
            return value
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.is_metric and value is None:
                return f"{column.title} is an average or ratio: it has no total."
            return "Total of the rows shown"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.is_metric else _LEFT
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._table is None or not 0 <= column < len(self._table.columns):
            return
        info = self._table.columns[column]
        permutation = info.descending if order == Qt.SortOrder.DescendingOrder else info.ascending
        if permutation is self._order:
            return  # QTableView.sortByColumn may ask twice
        self.layoutAboutToBeChanged.emit()
        self._order = permutation  # shared with the table, never written to
        self.layoutChanged.emit()
