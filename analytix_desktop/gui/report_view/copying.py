"""Copying the report table: the selection (or everything) with its headers, as TSV and HTML.

The texts are formatted on a worker from a :class:`Snapshot`, so that copying a
90,000-row report does not stall the GUI; the clipboard is filled when they are ready.
"""

from __future__ import annotations

import atexit
import csv
import html
import io
from collections.abc import Callable, Sequence

import numpy as np
from PySide6.QtCore import QEvent, QMimeData, QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QTableView

from analytix_desktop.gui.labels import plural
from analytix_desktop.gui.report_view.model import RAW_ROLE, ReportTableModel
from analytix_desktop.gui.report_view.shown import Snapshot, column_texts
from analytix_desktop.gui.tasks import Lane, submit

__all__ = ["TableCopier", "as_html", "as_tsv", "selected_texts", "take_snapshot"]

Range = tuple[int, int, int, int]
"""A selected rectangle: top, bottom, left, right (inclusive view rows and columns)."""

_last_copy: list[QMimeData] = []


def _hand_over_clipboard() -> None:
    """At exit, replace the clipboard's data made here with Qt's own copy of its text.

    The clipboard deletes a QMimeData made in Python only when Qt shuts down, after
    Python has: PySide6 then crashes. Qt's own data outlives us safely (the HTML is lost).
    """
    if QGuiApplication.instance() is None or not _last_copy:
        return
    clipboard = QGuiApplication.clipboard()
    if clipboard.mimeData() is _last_copy[0]:
        clipboard.setText(_last_copy[0].text())


def take_snapshot(model: ReportTableModel) -> Snapshot | None:
    """What ``model`` shows, read on the GUI thread: headers, total row, row order."""
    table = model.table
    if table is None:
        return None
    columns = range(model.columnCount())
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
    total_texts: list[str] | None = None
    total_values: list[object] | None = None
    if model.has_total_row:
        last = model.rowCount() - 1
        total_texts = [str(model.data(model.index(last, c)) or "") for c in columns]
        total_values = [model.data(model.index(last, c), RAW_ROLE) for c in columns]
    return Snapshot(table, model.row_order(), headers, total_texts, total_values)


def selected_texts(snapshot: Snapshot, ranges: Sequence[Range]) -> list[list[str]]:
    """The header and rows of the rows and columns holding a selected cell; others empty."""
    if not ranges:
        return []
    rows = np.unique(np.concatenate([np.arange(top, bottom + 1) for top, bottom, _, _ in ranges]))
    columns = sorted({c for _, _, left, right in ranges for c in range(left, right + 1)})
    grid = [column_texts(snapshot, column, rows.astype(np.intp)) for column in columns]
    if len(ranges) > 1:
        row_numbers = rows.tolist()
        for cells, column in zip(grid, columns, strict=True):
            for i, row in enumerate(row_numbers):
                if not any(t <= row <= b and lft <= column <= r for t, b, lft, r in ranges):
                    cells[i] = ""
    header = [snapshot.headers[column] for column in columns]
    return [header, *map(list, zip(*grid, strict=True))]


def as_tsv(lines: Sequence[Sequence[str]]) -> str:
    """Tab-separated text; cells with tabs, quotes or line breaks quoted as spreadsheets expect."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t", lineterminator="\n").writerows(lines)
    return buffer.getvalue()


def as_html(lines: Sequence[Sequence[str]]) -> str:
    """An HTML table, the first line as its header."""
    if not lines:
        return ""

    def row(cells: Sequence[str], tag: str) -> str:
        return "<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>"

    body = "".join(row(cells, "td") for cells in lines[1:])
    return (
        '<html><head><meta charset="utf-8"></head><body><table>'
        f"<thead>{row(lines[0], 'th')}</thead><tbody>{body}</tbody></table></body></html>"
    )


class TableCopier(QObject):
    """Ctrl+C and a context menu ("Copy", "Copy all") on the report table."""

    def __init__(
        self, view: QTableView, model: ReportTableModel, notify: Callable[[str], None]
    ) -> None:
        super().__init__(view)
        self.view, self.model, self.notify = view, model, notify
        self.copy_action = self._action("Copy", self.copy_selection, QKeySequence.StandardKey.Copy)
        self.copy_all_action = self._action("Copy all", self.copy_all)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        # The view would copy only its current cell's text on Ctrl+C: take the key first.
        view.installEventFilter(self)

    def _action(
        self, text: str, slot: Callable[[], None], key: QKeySequence.StandardKey | None = None
    ) -> QAction:
        action = QAction(text, self.view)
        if key is not None:
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.view.addAction(action)
        return action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (
            kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Copy)
        ):
            if kind == QEvent.Type.KeyPress:
                self.copy_selection()
            # Overridden: a key press for this view, not a window's shortcut.
            event.accept()
            return True
        return super().eventFilter(watched, event)

    def copy_selection(self) -> None:
        """Copy the selected cells (the current one when nothing is selected)."""
        selection = self.view.selectionModel().selection()
        ranges: list[Range] = []
        for number in range(selection.count()):
            part = selection.at(number)
            ranges.append((part.top(), part.bottom(), part.left(), part.right()))
        current = self.view.currentIndex()
        if not ranges and current.isValid():
            ranges = [(current.row(), current.row(), current.column(), current.column())]
        self._copy(ranges)

    def copy_all(self) -> None:
        """Copy every row and column, the header and the total row included."""
        rows, columns = self.model.rowCount(), self.model.columnCount()
        self._copy([(0, rows - 1, 0, columns - 1)] if rows and columns else [])

    def _copy(self, ranges: list[Range]) -> None:
        snapshot = take_snapshot(self.model)
        if snapshot is None or not ranges:
            return
        submit(
            lambda _ctx: selected_texts(snapshot, ranges), self._copied, owner=self, lane=Lane.LOCAL
        )

    def _copied(self, lines: list[list[str]]) -> None:
        mime = QMimeData()
        mime.setText(as_tsv(lines))
        mime.setHtml(as_html(lines))
        QGuiApplication.clipboard().setMimeData(mime)
        if not _last_copy:
            atexit.register(_hand_over_clipboard)
        _last_copy[:] = [mime]
        self.notify(f"Copied {plural(len(lines) - 1, 'row')}")
