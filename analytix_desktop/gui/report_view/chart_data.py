"""What the chart draws, computed with numpy off the GUI thread.

A day or month dimension gives a time series (one line per metric, or, when another
dimension splits the rows, one line per top value of it plus "Other"); the audience
retention ratio gives a line over its numeric axis; other breakdowns give horizontal
bars of the top values plus "Other" (additive metrics only: averages cannot be summed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from analytix_desktop.gui.report_view.columns import (
    NUMERIC_DIMENSIONS,
    TIME_DIMENSIONS,
    Column,
    Table,
)

__all__ = ["OTHER", "ChartData", "Series", "build_chart"]

OTHER = "Other"
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


@dataclass
class ChartData:
    """The chart of a report; ``kind`` "none" when there is nothing to plot."""

    kind: Literal["time", "line", "bars", "none"]
    x_title: str = ""
    series: list[Series] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    bars: FloatArray = field(default_factory=lambda: np.zeros(0))
    metric: str = ""  # the one metric drawn, for bars and split lines
    metric_title: str = ""
    x_dimension: str = ""
    reason: str = ""


def _x_values(column: Column) -> FloatArray:
    """Per unique value of an x dimension, its position (POSIX seconds at UTC midnight)."""
    assert column.uniques is not None
    if column.name in NUMERIC_DIMENSIONS:
        return column.uniques.astype(np.float64)
    text = column.uniques if column.name == "day" else np.char.add(column.uniques, "-01")
    days = text.astype("datetime64[D]")
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


def _lines(table: Table, x_column: Column, metrics: list[Column]) -> ChartData:
    assert x_column.codes is not None
    x_unique = _x_values(x_column)
    order = np.argsort(x_unique, kind="stable")
    position = np.empty(len(order), dtype=np.intp)
    position[order] = np.arange(len(order))
    x_index = position[x_column.codes]
    x_sorted = x_unique[order]
    kind: Literal["time", "line"] = "line" if x_column.name in NUMERIC_DIMENSIONS else "time"
    others = [c for c in table.dimensions if c is not x_column]
    series: list[Series] = []
    if not others:
        for metric in metrics[:MAX_LINES]:
            assert metric.values is not None
            y = np.full(len(x_sorted), np.nan)
            y[x_index] = metric.values
            series.append(Series(metric.title, x_sorted, y, metric.name))
        _assign_axes(series)
        return ChartData(kind, x_column.title, series, x_dimension=x_column.name)
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
        series.append(Series(labels[code], x_sorted, y, metric.name))
    rest = ~np.isin(key, top)
    if metric.additive and rest.any():
        y = np.bincount(x_index[rest], weights=metric.values[rest], minlength=len(x_sorted))
        series.append(Series(OTHER, x_sorted, y.astype(np.float64), metric.name))
    return ChartData(
        kind,
        x_column.title,
        series,
        metric=metric.name,
        metric_title=metric.title,
        x_dimension=x_column.name,
    )


def _bars(table: Table, metric: Column) -> ChartData:
    assert metric.values is not None
    key, labels = _split_key(table.dimensions, table.rows)
    values = np.bincount(key, weights=np.nan_to_num(metric.values), minlength=len(labels))
    if not metric.additive:
        # Rows are unique per key, so the "sum" is the row's own value.
        values = np.full(len(labels), np.nan)
        values[key] = metric.values
    order = np.argsort(-np.nan_to_num(values, nan=-np.inf), kind="stable")
    top = order[:TOP_BARS]
    categories = [labels[code] for code in top.tolist()]
    bars = np.asarray(values[top], dtype=np.float64)
    if metric.additive and len(order) > TOP_BARS:
        categories.append(OTHER)
        bars = np.append(bars, values[order[TOP_BARS:]].sum())
    title = " · ".join(column.title for column in table.dimensions)
    return ChartData(
        "bars",
        title,
        categories=categories,
        bars=bars,
        metric=metric.name,
        metric_title=metric.title,
    )


def build_chart(table: Table, metrics: list[str] | None = None) -> ChartData:
    """The chart of ``table`` for ``metrics`` (default: the first metrics of the report)."""
    chosen = [table.column(name) for name in metrics] if metrics else table.metrics
    if table.rows == 0:
        return ChartData("none", reason="The report has no rows.")
    if not chosen:
        return ChartData("none", reason="The report has no metrics.")
    if not table.dimensions:
        return ChartData("none", reason="One row of totals: see the table.")
    for name in (*TIME_DIMENSIONS, *NUMERIC_DIMENSIONS):
        if any(column.name == name for column in table.dimensions):
            return _lines(table, table.column(name), chosen)
    return _bars(table, chosen[0])
