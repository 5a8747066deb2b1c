"""What a double-clicked row of a report table drills into, and the breadcrumb back."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from ..core.drill import drill_dimension

if TYPE_CHECKING:
    from .report_view.columns import Table
    from .report_view.model import ReportTableModel

__all__ = ["DrillTarget", "breadcrumb", "drill_target"]

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
