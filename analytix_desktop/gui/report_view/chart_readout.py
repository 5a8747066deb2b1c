"""The words of a chart's read-out: where the pointer is (a day, week, month or a point
of the video) and the values there, formatted like the table."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from analytix_desktop.gui.formatting import (
    format_date,
    format_duration,
    format_month,
    format_number,
    format_percent,
)
from analytix_desktop.gui.report_view.chart_data import ChartData

__all__ = ["Formatter", "value_text", "x_text"]

Formatter = Callable[[float | int | None], str]


def value_text(formatters: Mapping[str, Formatter], metric: str, value: float) -> str:
    """``value`` of ``metric`` as the table shows it ("–" when unknown)."""
    if not np.isfinite(value):
        return "–"
    return formatters.get(metric, format_number)(value)


def x_text(data: ChartData, x: float) -> str:
    """Position ``x`` of chart ``data`` in words; a period the report half covers says so."""
    if data.kind == "line":
        if data.x_kind == "duration":
            return format_duration(x)
        return format_percent(x, fraction=True, decimals=0)
    day = np.datetime64(int(x // 86400), "D").item()
    partial = " (partial)" if x in data.partial else ""
    if data.x_dimension == "month":
        return format_month(day) + partial
    if data.granularity == "week":
        return f"Week of {format_date(day, weekday=True)}{partial}"
    return format_date(day, weekday=True)
