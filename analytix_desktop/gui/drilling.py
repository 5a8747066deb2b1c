"""Drilling down in every report pane: a double-clicked (or Entered) row or bar opens its
value's own report in a new pane, with a breadcrumb back."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject

from ..core.drill import drill_dimension, drill_query

if TYPE_CHECKING:
    from .report_view.columns import Table
    from .report_view.model import ReportTableModel
    from .runner import Pane, ReportRunner

__all__ = ["DrillTarget", "Drilling", "breadcrumb", "drill_target"]

DrillTarget = tuple[str, str, str]
"""(dimension, raw value, the value as the table shows it)."""


def drill_target(model: ReportTableModel, table: Table, row: int, column: int) -> DrillTarget | str:
    """The value at view ``row`` to drill into (the clicked ``column``'s when it names
    something), or why there is none."""
    if row >= table.rows:
        return "The total row has nothing to drill into."
    dimensions = [item.name for item in table.columns if not item.is_metric]
    dimension = drill_dimension(dimensions, table.columns[column].name)
    if dimension is None:
        return "These rows name nothing to drill into."
    named = next(item for item in table.columns if item.name == dimension)
    source = model.source_row(row)
    return dimension, str(named.raw(source)), named.text(source)


def breadcrumb(trail: tuple[tuple[str, str], ...], label: str) -> str:
    """Links to the panes of ``trail`` (object name, title), then ``label``."""
    links = [f'<a href="{escape(name)}">{escape(title)}</a>' for name, title in trail]
    return " › ".join([*links, escape(label)])


class Drilling(QObject):
    """Connects every new pane's table (and, through it, its chart's bars) to ``drill``."""

    def __init__(self, runner: ReportRunner) -> None:
        super().__init__(runner)
        self.runner = runner
        runner.pane_created.connect(self._attach)

    def _attach(self, pane: Pane) -> None:
        dock = pane.dock
        dock.view.activated.connect(lambda index: self.drill(pane, index))  # double-click, Enter
        dock.breadcrumb_clicked.connect(self._go_back)

    def drill(self, pane: Pane, index: QModelIndex) -> Pane | None:
        """A row's video, country, traffic source, device... in a new pane over the same
        dates (``core.drill``), with a breadcrumb back to this one."""
        runner, accounts = self.runner, self.runner.accounts
        table = pane.dock.model.table
        if pane.query is None or table is None or not index.isValid():
            return None
        target = drill_target(pane.dock.model, table, index.row(), index.column())
        if isinstance(target, str):
            runner.status_message.emit(target)
            return None
        dimension, value, label = target
        context = accounts.context(pane.channel_id)
        groups = context.group_types if context is not None else None
        query = drill_query(pane.query, dimension, value, groups=groups)
        if query is None or accounts.client is None:
            runner.status_message.emit(f"No report narrows down to {label}.")
            return None
        child = runner.open(pane.channel_id, query)
        child.trail = (*pane.trail, (pane.dock.objectName(), pane.dock.windowTitle()))
        child.dock.breadcrumb.setText(breadcrumb(child.trail, label))
        child.dock.breadcrumb.setToolTip("Back to the report this one was drilled down from")
        child.dock.breadcrumb.show()
        return child

    def _go_back(self, name: str) -> None:
        """A breadcrumb's link: bring that pane to the front, if it is still open."""
        pane = next((p for p in self.runner.panes if p.dock.objectName() == name), None)
        if pane is None:
            self.runner.status_message.emit("That report pane was closed.")
            return
        pane.dock.show()
        pane.dock.raise_()
