"""What a pane's chart choices make of its chart: metrics, weeks or months, stacking, uploads.

Run off the GUI thread, like chart_data. Weeks and months are summed up from the daily
rows by core.aggregate's rules; a metric they cannot give correctly is left out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

import numpy as np

from analytix_desktop.api.dates import parse_days
from analytix_desktop.core.aggregate import Granularity, Period, aggregate, periods
from analytix_desktop.core.aggregate import unavailable_reason as _unavailable_reason
from analytix_desktop.core.context import ChannelContext
from analytix_desktop.gui.report_view.chart_data import ChartData, Series, build_chart
from analytix_desktop.gui.report_view.columns import Column, Table

__all__ = [
    "CHART_KINDS",
    "ChartKind",
    "ChartOptions",
    "by_period",
    "shaped_chart",
    "unavailable_reasons",
]

ChartKind = Literal["line", "bar", "stacked area", "stacked bar"]
CHART_KINDS: tuple[ChartKind, ...] = ("line", "bar", "stacked area", "stacked bar")
_STACK_NOTE = (
    "Stacking needs a breakdown over time of a metric that adds up (e.g. views by device)."
)
_EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class ChartOptions:
    """A pane's chart choices; ``metrics`` () draws the default ones."""

    metrics: tuple[str, ...] = ()
    kind: ChartKind = "line"
    granularity: Granularity = "day"
    fit_y: bool = False  # the y axis fits the data rather than starting at zero
    uploads: bool = True  # a dot per upload day on a time series


def unavailable_reasons(table: Table) -> dict[str, str]:
    """Per metric of ``table`` that weeks and months cannot give correctly, why not."""
    names = {column.name for column in table.metrics}
    reasons = {name: _unavailable_reason(name, names) for name in names}
    return {name: reason for name, reason in reasons.items() if reason}


def _x(day: dt.date) -> float:
    return float((day - _EPOCH).days * 86400)


def by_period(table: Table, granularity: Granularity) -> tuple[Table, list[Period]]:
    """``table`` (with a day column) summed up per week or month; metrics that cannot
    be aggregated correctly are left out."""
    day = table.column("day")
    assert day.uniques is not None
    assert day.codes is not None
    found, index = periods(parse_days(day.uniques.tolist()), granularity)
    others = [column for column in table.dimensions if column is not day]
    key = index[day.codes].astype(np.int64)
    for column in others:
        assert column.uniques is not None
        assert column.codes is not None
        key = key * len(column.uniques) + column.codes
    groups, rows = np.unique(key, return_inverse=True)
    empty, no_rows = np.zeros(0), np.zeros(0, dtype=np.int32)
    columns: list[Column] = []
    remaining = groups
    for column in reversed(others):
        assert column.uniques is not None
        remaining, codes = np.divmod(remaining, len(column.uniques))
        columns.insert(0, dataclasses.replace(column, codes=codes.astype(np.intp)))
    month = granularity == "month"
    starts = [period.start for period in found]
    x_column = dataclasses.replace(
        day,
        name="month" if month else "day",
        title="Month" if month else "Week (from Monday)",
        codes=remaining.astype(np.intp),
        uniques=np.array([s.isoformat()[: 7 if month else 10] for s in starts]),
        labels=[s.isoformat() for s in starts],
    )
    values = {c.name: c.values for c in table.metrics if c.values is not None}
    kept = [c for c in table.metrics if c.name not in unavailable_reasons(table)]
    summed = aggregate(rows.astype(np.intp), len(groups), values, [c.name for c in kept])
    for column in kept:
        columns.append(dataclasses.replace(column, values=summed[column.name]))
    columns = [
        dataclasses.replace(c, sort_key=empty, ascending=no_rows, descending=no_rows)
        for c in columns
    ]
    shaped = Table([x_column, *columns], len(groups), None, table.currency, table.video_seconds)
    return shaped, found


def _stack(chart: ChartData, kind: ChartKind, additive: bool) -> None:
    """Stack the split lines of ``chart`` (each on the ones before) and add their total;
    ``additive``: whether its metric adds up."""
    lines = chart.series
    if not (chart.metric and lines and additive):
        chart.style = "bar" if kind == "stacked bar" else "line"
        chart.note = " ".join(part for part in (chart.note, _STACK_NOTE) if part)
        return
    base = np.zeros(len(lines[0].x))
    for line in lines:
        line.base = base
        base = base + np.nan_to_num(line.y)
    chart.total = Series("Total", lines[0].x, base, chart.metric, False, True)


def _uploads(chart: ChartData, context: ChannelContext, granularity: Granularity) -> None:
    """The uploads published within ``chart``'s days, per day (or period) they fall in."""
    if chart.kind != "time" or not chart.series or not len(chart.series[0].x):
        return
    x = chart.series[0].x
    first = _EPOCH + dt.timedelta(days=int(x[0] // 86400))
    last = _EPOCH + dt.timedelta(days=int(x[-1] // 86400))
    if granularity == "week":
        last += dt.timedelta(days=6)
    elif granularity == "month" or chart.x_dimension == "month":
        last = (last + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    titles: dict[float, list[str]] = defaultdict(list)
    for video in context.videos.values():
        day = video.published
        if day is None or not first <= day <= last or video.kind != "video":
            continue
        position = x[max(int(np.searchsorted(x, _x(day), side="right")) - 1, 0)]
        titles[float(position)].append(f"{video.title} ({day.isoformat()})")
    chart.uploads = [
        (position, "\n".join(sorted(names))) for position, names in sorted(titles.items())
    ]


def shaped_chart(
    table: Table,
    options: ChartOptions,
    *,
    sort_metric: str = "",
    video_seconds: float | None = None,
    context: ChannelContext | None = None,
) -> ChartData:
    """The chart of ``table`` as ``options`` ask (build_chart's, then shaped)."""
    granularity = options.granularity
    names = {column.name for column in table.metrics}
    metrics = [name for name in options.metrics if name in names]
    found: list[Period] = []
    daily = any(column.name == "day" for column in table.dimensions)
    if granularity != "day" and daily and table.rows:
        table, found = by_period(table, granularity)
        kept = {column.name for column in table.metrics}
        metrics = [name for name in metrics if name in kept]
        if not table.metrics:
            return ChartData(
                "none", reason="No metric of this report adds up into weeks or months."
            )
    else:
        granularity = "day"
    chart = build_chart(
        table, metrics or None, sort_metric=sort_metric, video_seconds=video_seconds
    )
    chart.granularity = granularity
    chart.partial = [_x(period.start) for period in found if period.partial]
    if chart.kind == "time":
        chart.style = options.kind
        if options.kind.startswith("stacked"):
            additive = bool(chart.metric) and table.column(chart.metric).additive
            _stack(chart, options.kind, additive)
    for series in [*chart.series, *([chart.total] if chart.total else [])]:
        series.from_zero = not options.fit_y
    if options.uploads and context is not None:
        _uploads(chart, context, granularity)
    return chart
