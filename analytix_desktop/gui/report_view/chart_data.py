"""What the chart draws, computed with numpy off the GUI thread.

A day or month dimension gives a time series (one line per metric, or, when another
dimension splits the rows, one line per top value of it plus "All others (N)"). An axis
carries one unit only: metrics of a third unit are left out of a multi-metric chart, and
its ``note`` says so (a count beside hours of watch time beside m:ss would read wrong); the
audience retention ratio gives a line over its numeric axis; other breakdowns give
horizontal bars of the top values plus "All others (N)" (additive metrics only: averages
cannot be summed, and a ``note`` says what was left out). The remainder is never called
plain "Other": Google has real values of that name (sharing service OTHER, ...).

Bars and split lines show one metric: by default the one the report is sorted by.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from analytix_desktop.api.dates import parse_days, parse_months
from analytix_desktop.core.compare import ITEM, is_period_part
from analytix_desktop.core.compare import KINDS as COMPARISON_KINDS
from analytix_desktop.core.compare import split_name as split_comparison
from analytix_desktop.gui.formatting import axis_kind, format_count
from analytix_desktop.gui.report_view.columns import (
    NUMERIC_DIMENSIONS,
    TIME_DIMENSIONS,
    Column,
    Table,
    seconds_per_unit,
)

__all__ = ["ChartData", "Series", "build_chart", "others_label", "sort_metric"]

SPLIT_LINES = 5
TOP_BARS = 12
MAX_LINES = 5
# A metric whose peak differs from the first metric's by this factor or more goes on
# the right-hand axis, so it is not drawn as a flat line along the bottom.
SCALE_FACTOR = 10.0

FloatArray = npt.NDArray[np.float64]


@dataclass
class Series:
    """One line: x (POSIX seconds for dates) and y, and which axis it belongs on."""

    name: str
    x: FloatArray
    y: FloatArray
    metric: str
    right: bool = False
    from_zero: bool = False  # counts and sums: the y axis includes zero
    base: FloatArray | None = None  # a stacked series' bottom (the ones below it, summed)
    compared: bool = False  # another period's values, aligned by day offset: drawn dashed


@dataclass
class ChartData:
    """The chart of a report; ``kind`` "none" when there is nothing to plot."""

    kind: Literal["time", "line", "bars", "none"]
    x_title: str = ""
    x_kind: str = "date"  # for "line": "fraction" of the video, or its "duration" (s)
    series: list[Series] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    bars: FloatArray = field(default_factory=lambda: np.zeros(0))
    metric: str = ""  # the one metric drawn, for bars and split lines
    x_dimension: str = ""
    reason: str = ""
    units: dict[str, str] = field(default_factory=dict)  # metric name -> catalogue unit
    titles: dict[str, str] = field(default_factory=dict)  # metric name -> title, no unit
    currency: str = "USD"
    note: str = ""  # what the chart leaves out, shown with it
    others: int = 0  # how many values the "All others" bar or line sums up (0: none)
    rows: list[int] = field(default_factory=list)  # per bar, a table row of it (-1: others)
    legend_corner: str = "top-left"  # where the legend covers the fewest points
    style: str = "line"  # of a time chart: "line", "bar", "stacked area" or "stacked bar"
    granularity: str = "day"  # of a daily time chart: "day", "week" or "month"
    total: Series | None = None  # the total line of a stacked chart
    partial: list[float] = field(default_factory=list)  # x of periods the report half covers
    uploads: list[tuple[float, str]] = field(default_factory=list)  # (x, titles) per upload day


def others_label(count: int) -> str:
    """The label of the bar or line that sums up the ``count`` values below the top ones."""
    return f"All others ({format_count(count)})"


def _left_out_note(shown: int, total: int, what: str) -> str:
    return (
        f"Top {format_count(shown)} of {format_count(total)} {what} shown: averages and "
        "ratios cannot be added up into “All others”."
    )


# A corner of the plot as (x from, x to, y from, y to), in shares of the data's ranges.
_CORNERS = {
    "top-left": (0.0, 0.35, 0.6, 1.0),
    "top-right": (0.65, 1.0, 0.6, 1.0),
    "bottom-right": (0.65, 1.0, 0.0, 0.4),
    "bottom-left": (0.0, 0.35, 0.0, 0.4),
}


def _legend_corner(series: list[Series]) -> str:
    """The corner of the plot with the fewest points of ``series`` (the legend goes there).

    Each line is placed on the scale of its own axis (left or right), as drawn (from
    zero for counts).
    """
    if not series or not len(series[0].x):
        return "top-left"
    x = series[0].x
    x_span = float(x[-1] - x[0]) or 1.0
    nx = (x - x[0]) / x_span
    counts = dict.fromkeys(_CORNERS, 0)
    for right in (False, True):
        lines = [s.y for s in series if s.right == right]
        finite = [y[np.isfinite(y)] for y in lines]
        if not any(len(values) for values in finite):
            continue
        low = min(float(v.min()) for v in finite if len(v))
        high = max(float(v.max()) for v in finite if len(v))
        if all(s.from_zero for s in series if s.right == right):  # drawn from zero
            low, high = min(low, 0.0), max(high, 0.0)
        for y in lines:
            ny = (y - low) / ((high - low) or 1.0)
            for corner, (x0, x1, y0, y1) in _CORNERS.items():
                inside = (nx >= x0) & (nx <= x1) & (ny >= y0) & (ny <= y1)
                counts[corner] += int(np.count_nonzero(inside))
    return min(_CORNERS, key=lambda corner: counts[corner])  # ties: the first corner


def _x_values(column: Column, video_seconds: float | None) -> FloatArray:
    """Per unique value of an x dimension, its position: POSIX seconds at UTC midnight,
    or the share of the video (its time in seconds when ``video_seconds`` is known)."""
    assert column.uniques is not None
    if column.name in NUMERIC_DIMENSIONS:
        return column.uniques.astype(np.float64) * (
            seconds_per_unit(column.name, video_seconds) or 1.0
        )
    parse = parse_days if column.name == "day" else parse_months
    days = np.asarray(parse(column.uniques.tolist()), dtype="datetime64[D]")
    epoch = np.datetime64(dt.date(1970, 1, 1), "D")
    return (days - epoch).astype(np.float64) * 86400.0


def _split_key(columns: list[Column], rows: int) -> tuple[npt.NDArray[np.intp], list[str]]:
    """One code per row for the combination of ``columns``, and a label per code."""
    if not columns:
        return np.zeros(rows, dtype=np.intp), [""]
    combined = np.zeros(rows, dtype=np.int64)
    for column in columns:
        assert column.uniques is not None
        assert column.codes is not None
        combined = combined * len(column.uniques) + column.codes
    keys, codes = np.unique(combined, return_inverse=True)
    labels = []
    for key in keys.tolist():
        parts = []
        for column in reversed(columns):
            assert column.uniques is not None
            assert column.labels is not None
            key, code = divmod(key, len(column.uniques))
            parts.append(column.labels[code])
        labels.append(" · ".join(reversed(parts)))
    return codes.astype(np.intp), labels


def _assign_axes(series: list[Series]) -> None:
    if len(series) < 2:
        return
    peaks = [float(np.nanmax(np.abs(s.y))) if np.isfinite(s.y).any() else 0.0 for s in series]
    reference = peaks[0] or 1.0
    for line, peak in zip(series, peaks, strict=True):
        ratio = (peak or reference) / reference
        line.right = not (1 / SCALE_FACTOR < ratio < SCALE_FACTOR)


def _unit_key(column: Column) -> str:
    """What an axis must share to read right: its tick format, and for plain numbers the unit."""
    kind = axis_kind(column.unit, column.name)
    return column.unit if kind == "number" else kind


def _by_axis(metrics: list[Column]) -> tuple[list[tuple[Column, bool]], list[Column]]:
    """The metrics to draw with their side (right or not), and those of a third unit."""
    chosen = metrics[:MAX_LINES]
    keys = [_unit_key(metric) for metric in chosen]
    second = next((key for key in keys if key != keys[0]), None)
    drawn = [(m, k == second) for m, k in zip(chosen, keys, strict=True) if k in (keys[0], second)]
    left_out = [m for m, k in zip(chosen, keys, strict=True) if k not in (keys[0], second)]
    return drawn, left_out + metrics[MAX_LINES:]


def _left_out_metrics(columns: list[Column]) -> str:
    if not columns:
        return ""
    names = ", ".join(column.title for column in columns)
    verb = "is" if len(columns) == 1 else "are"
    return f"{names} {verb} not drawn: each axis shows one unit. Pick a metric above."


def _lines(
    table: Table, x_column: Column, metrics: list[Column], video_seconds: float | None
) -> ChartData:
    assert x_column.codes is not None
    x_unique = _x_values(x_column, video_seconds)
    order = np.argsort(x_unique, kind="stable")
    position = np.empty(len(order), dtype=np.intp)
    position[order] = np.arange(len(order))
    x_index = position[x_column.codes]
    x_sorted = x_unique[order]
    kind: Literal["time", "line"] = "line" if x_column.name in NUMERIC_DIMENSIONS else "time"
    seconds = seconds_per_unit(x_column.name, video_seconds)
    x_kind = "date" if kind == "time" else "duration" if seconds else "fraction"
    others = [c for c in table.dimensions if c is not x_column]
    series: list[Series] = []
    if not others:
        drawn, left_out = _by_axis(metrics)
        for metric, right in drawn:
            assert metric.values is not None
            y = np.full(len(x_sorted), np.nan)
            y[x_index] = metric.values
            series.append(Series(metric.title, x_sorted, y, metric.name, right, metric.additive))
        if not any(line.right for line in series):
            _assign_axes(series)  # one unit: a far smaller series gets the right axis
        series = _with_compared(table, series, x_index)
        return ChartData(
            kind,
            x_column.title,
            x_kind,
            series,
            x_dimension=x_column.name,
            legend_corner=_legend_corner(series),
            note=_left_out_metrics(left_out),
        )
    metric = metrics[0]
    assert metric.values is not None
    key, labels = _split_key(others, table.rows)
    weight = np.bincount(key, weights=np.nan_to_num(np.abs(metric.values)), minlength=len(labels))
    top = np.argsort(-weight, kind="stable")[:SPLIT_LINES]
    for code in top.tolist():
        mask = key == code
        # A missing row of an additive metric is a zero (no views that day); of an
        # average it is unknown.
        y = np.zeros(len(x_sorted)) if metric.additive else np.full(len(x_sorted), np.nan)
        y[x_index[mask]] = metric.values[mask]
        series.append(Series(labels[code], x_sorted, y, metric.name, False, metric.additive))
    rest = ~np.isin(key, top)
    rest_count = len(labels) - len(top)
    note = ""
    if metric.additive and rest.any():
        y = np.bincount(x_index[rest], weights=metric.values[rest], minlength=len(x_sorted))
        series.append(
            Series(
                others_label(rest_count), x_sorted, y.astype(np.float64), metric.name, False, True
            )
        )
    else:
        if rest_count:
            note = _left_out_note(len(top), len(labels), "lines")
        rest_count = 0
    return ChartData(
        kind,
        x_column.title,
        x_kind,
        series,
        note=note,
        metric=metric.name,
        x_dimension=x_column.name,
        others=rest_count,
        legend_corner=_legend_corner(series),
    )


def _with_compared(
    table: Table, series: list[Series], x_index: npt.NDArray[np.intp]
) -> list[Series]:
    """Each line followed by its comparison's (``core.compare``), on the same axis."""
    columns = {column.name: column for column in table.metrics}
    drawn: list[Series] = []
    for line in series:
        drawn.append(line)
        compared = next(
            (
                columns[name]
                for kind in COMPARISON_KINDS
                if (name := f"{line.metric}~{kind}") in columns
            ),
            None,
        )
        if compared is None or compared.values is None:
            continue
        y = np.full(len(line.x), np.nan)
        y[x_index] = compared.values
        drawn.append(
            Series(compared.title, line.x, y, compared.name, line.right, line.from_zero, None, True)
        )
    return drawn


def _period_base(name: str) -> str:
    """The metric of a column of a comparison of periods; any other column's own name."""
    metric, part = split_comparison(name)
    return metric if is_period_part(part) else name


def _category_values(key: npt.NDArray[np.intp], count: int, metric: Column) -> FloatArray:
    """Per category of ``key``, ``metric`` summed (its row's own value when it does not add up)."""
    assert metric.values is not None
    if metric.additive:
        sums = np.bincount(key, weights=np.nan_to_num(metric.values), minlength=count)
        return sums.astype(np.float64)
    values = np.full(count, np.nan)  # rows are unique per key
    values[key] = metric.values
    return values


def _bars(table: Table, metric: Column, group: list[Column]) -> ChartData:
    """A ranking of ``metric``; with a ``group`` (a column per channel or video compared),
    one bar per column in each category, ranked by their sum."""
    key, labels = _split_key(table.dimensions, table.rows)
    each = [_category_values(key, len(labels), column) for column in group or [metric]]
    values = each[0] if len(each) == 1 else np.nansum(np.vstack(each), axis=0)
    order = np.argsort(-np.nan_to_num(values, nan=-np.inf), kind="stable")
    top = order[:TOP_BARS]
    first_rows = np.full(len(labels), -1, dtype=np.intp)
    first_rows[key[::-1]] = np.arange(table.rows, dtype=np.intp)[::-1]
    categories = [labels[code] for code in top.tolist()]
    rows = first_rows[top].tolist()
    others = len(order) - TOP_BARS if metric.additive and len(order) > TOP_BARS else 0
    note = _left_out_note(TOP_BARS, len(order), "bars") if len(order) > TOP_BARS else ""
    if others:
        categories.append(others_label(others))
        rows.append(-1)
        note = ""

    def ranked(by: FloatArray) -> FloatArray:
        shown = np.asarray(by[top], dtype=np.float64)
        return np.append(shown, by[order[TOP_BARS:]].sum()) if others else shown

    x = np.arange(len(categories), dtype=np.float64)
    series = [
        Series(split_comparison(column.name)[1].removeprefix(ITEM), x, ranked(by), column.name)
        for column, by in zip(group, each, strict=False)
    ]
    title = " · ".join(column.title for column in table.dimensions)
    return ChartData(
        "bars",
        title,
        series=series,
        categories=categories,
        note=note,
        bars=ranked(values),
        metric=metric.name,
        others=others,
        rows=rows,
    )


def _compared_items(table: Table, metric: Column) -> list[Column]:
    """The columns of ``metric``'s metric, one per channel or video compared (none when
    ``metric`` is not of a comparison of items)."""
    name, part = split_comparison(metric.name)
    if not part.startswith(ITEM):
        return []
    parts = (split_comparison(column.name) for column in table.metrics)
    return [table.column(f"{name}~{p}") for m, p in parts if m == name and p.startswith(ITEM)]


def sort_metric(table: Table, sort_options: tuple[str, ...] | list[str]) -> str:
    """The metric of ``table`` the report is sorted by first ("" when sorted otherwise)."""
    names = {column.name for column in table.metrics}
    for option in sort_options:
        return option.removeprefix("-") if option.removeprefix("-") in names else ""
    return ""


def build_chart(
    table: Table,
    metrics: list[str] | None = None,
    *,
    sort_metric: str = "",
    video_seconds: float | None = None,
) -> ChartData:
    """The chart of ``table`` for ``metrics``.

    By default bars and split lines show ``sort_metric`` (the metric the report is
    sorted by) or else the first metric, and plain time series the first metrics.
    ``video_seconds`` (default: the table's) puts a retention curve on the video's time.
    """
    chosen = [table.column(name) for name in metrics] if metrics else table.metrics
    # A column of another period is drawn with its metric's line (``_with_compared``).
    folded = (_period_base(column.name) for column in chosen)
    chosen = [table.column(name) for name in dict.fromkeys(folded)]
    if not metrics and chosen and split_comparison(chosen[0].name)[1].startswith(ITEM):
        # Channels compared: by default the first metric, one line or bar per channel.
        first = split_comparison(chosen[0].name)[0]
        chosen = [column for column in chosen if split_comparison(column.name)[0] == first]
    if not metrics and any(column.name == sort_metric for column in chosen):
        chosen.sort(key=lambda column: column.name != sort_metric)
    if video_seconds is None:
        video_seconds = table.video_seconds
    if table.rows == 0:
        return ChartData("none", reason="The report has no rows.")
    if not chosen:
        return ChartData("none", reason="The report has no metrics.")
    if not table.dimensions:
        return ChartData("none", reason="One row of totals: see the table.")
    chart = None
    for name in (*TIME_DIMENSIONS, *NUMERIC_DIMENSIONS):
        if any(column.name == name for column in table.dimensions):
            chart = _lines(table, table.column(name), chosen, video_seconds)
            break
    chart = chart or _bars(table, chosen[0], _compared_items(table, chosen[0]))
    chart.units = {column.name: column.unit for column in table.metrics}
    chart.titles = {column.name: column.title for column in table.metrics}
    chart.currency = table.currency
    return chart
