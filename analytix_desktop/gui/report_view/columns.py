"""Column arrays of a report, built off the GUI thread for the table and the chart.

Dimensions are stored as codes into their sorted unique raw values, with one human
label per unique value (country names, video titles, readable dates), so a 90,000-row
report is labelled with a few hundred calls rather than 90,000, and sorted by integers.
Every column also keeps its rows in ascending and in descending order, so that the
table sorts without sorting on the GUI thread.

The worker building them shares the GIL with the GUI thread, and the interpreter hands
the GIL over only between two bytecodes: no single C call here (a numpy conversion of a
Python list, a sort of strings) may take more than a millisecond or two. Lists are
converted in slices of ``_SLICE`` cells, and dimensions are coded with a dict rather than
by sorting their strings.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt

from analytix_desktop.api import catalogue
from analytix_desktop.api.dates import parse_day, parse_month
from analytix_desktop.api.report import Report
from analytix_desktop.api.table import Cell
from analytix_desktop.core.compare import CHANGE, CHANGE_PERCENT, ITEM, comparison_totals
from analytix_desktop.core.compare import KINDS as COMPARISON_KINDS
from analytix_desktop.core.compare import split_name as split_comparison
from analytix_desktop.core.context import ChannelContext
from analytix_desktop.core.derived import DERIVED, derive, derived_totals
from analytix_desktop.gui.formatting import (
    format_date,
    format_duration,
    format_month,
    format_percent,
    metric_formatter,
    plain_title,
    unit_suffix,
)
from analytix_desktop.gui.labels import metric_info, reach_totals

__all__ = [
    "Column",
    "Table",
    "build_table",
    "dimension_label",
    "label_function",
    "metric_header",
    "seconds_per_unit",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
RowOrder = npt.NDArray[np.int32]
"""Row numbers of a report in some order (Google returns at most 2**31 - 1 rows)."""

NUMERIC_DIMENSIONS = frozenset({"elapsedVideoTimeRatio", "livestreamPosition"})
"""Positions in a video or stream: ordered by value and drawn as lines, not ranked bars."""
TIME_DIMENSIONS = ("day", "month")
_SLICE = 32_768  # cells converted by one numpy call: about a millisecond with the GIL held


@dataclass
class Column:
    """One report column, ready to show: raw values, labels, a sort key."""

    name: str
    title: str  # without a unit: see ``header``
    description: str
    is_metric: bool
    sort_key: npt.NDArray[np.float64] | IntArray
    ascending: RowOrder
    """The rows in ascending order of ``sort_key``, ties in report order (NaN last)."""
    descending: RowOrder
    """The rows in descending order of ``sort_key``, ties in report order (NaN first)."""
    # Metrics: the values (NaN when missing) and the formatter of their unit.
    values: FloatArray | None = None
    integer: bool = False
    unit: str = "count"
    additive: bool = False
    formatter: Callable[[float | int | None], str] = str
    currency: str = "USD"
    # Dimensions: per row an index into ``uniques`` (raw strings) and ``labels``.
    codes: IntArray | None = None
    uniques: npt.NDArray[np.str_] | None = None
    labels: list[str] | None = None

    @property
    def header(self) -> str:
        """The column's heading, with the unit its cells are in where that is not obvious."""
        if self.is_metric:
            return metric_header(self.name, self.title, self.unit, self.currency)
        return self.title

    def raw(self, row: int) -> object:
        """The value of ``row`` as Report.column gives it (dates for day and month)."""
        if self.values is not None:
            value = float(self.values[row])
            return int(value) if self.integer else value
        assert self.codes is not None
        assert self.uniques is not None
        text = str(self.uniques[self.codes[row]])
        return _typed_dimension(self.name, text)

    def text(self, row: int) -> str:
        """The human text of ``row``."""
        if self.values is not None:
            value = float(self.values[row])
            return self.formatter(int(value) if self.integer else value)
        assert self.codes is not None
        assert self.labels is not None
        return self.labels[int(self.codes[row])]


@dataclass
class Table:
    """Every column of a report plus its total row (None where totals make no sense)."""

    columns: list[Column]
    rows: int
    totals: dict[str, int | float | None] | None
    currency: str
    video_seconds: float | None = None

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def dimensions(self) -> list[Column]:
        return [column for column in self.columns if not column.is_metric]

    @property
    def metrics(self) -> list[Column]:
        return [column for column in self.columns if column.is_metric]

    def date_span(self) -> tuple[str, str] | None:
        """The first and last day (or month) of the report, as labelled; None without dates."""
        for column in self.dimensions:
            if column.name in TIME_DIMENSIONS and column.labels:
                return column.labels[0], column.labels[-1]
        return None


def _typed_dimension(name: str, text: str) -> object:
    if name == "day":
        return parse_day(text)
    if name == "month":
        return parse_month(text)
    if name in NUMERIC_DIMENSIONS:  # a FLOAT column, as Report.column gives it
        return float(text)
    return text


def metric_header(name: str, title: str, unit: str, currency: str = "USD") -> str:
    """``title`` with the unit the cells of metric ``name`` are in: "Watch time (hours)",
    "Estimated revenue (USD)"; durations (m:ss) and percentages speak for themselves."""
    suffix = unit_suffix(unit, name, currency)
    return f"{title} ({suffix})" if suffix else title


def seconds_per_unit(name: str, video_seconds: float | None) -> float | None:
    """How many seconds one unit of position dimension ``name`` is, when known: a
    stream's minute is 60 s; a share of the video is the video's length."""
    if name == "livestreamPosition":
        return 60.0
    return video_seconds if name in NUMERIC_DIMENSIONS else None


def label_function(
    name: str, context: ChannelContext | None, video_seconds: float | None = None
) -> Callable[[str], str]:
    """How to turn one raw value of dimension ``name`` into a human label.

    A position in the video reads as its time (m:ss) when the video's length is known.
    """
    if name == "day":
        return format_date
    if name == "month":
        return format_month
    seconds = seconds_per_unit(name, video_seconds)
    if seconds:
        return lambda value: format_duration(float(value) * seconds)
    if name in NUMERIC_DIMENSIONS:
        return lambda value: format_percent(float(value), fraction=True, decimals=0)
    if name in ("video", "playlist", "group") and context is not None:
        return lambda value: context.name_of(name, value) or value
    table = catalogue.VALUE_LABELS.get(name, {})
    return lambda value: table.get(value, value)


def dimension_label(name: str, value: str, context: ChannelContext | None = None) -> str:
    """A human label for one value of dimension ``name``."""
    return label_function(name, context)(value)


def _orders(key: FloatArray | IntArray) -> tuple[RowOrder, RowOrder]:
    """The rows in ascending and in descending order of ``key``, ties in report order.

    numpy sorts without holding the GIL.
    """
    ascending = np.argsort(key, kind="stable")
    # Stable descending: the reverse of a stable ascending sort of the reversed keys.
    descending = (len(key) - 1 - np.argsort(key[::-1], kind="stable"))[::-1]
    return ascending.astype(np.int32), descending.astype(np.int32)


def _floats(cells: Sequence[Cell]) -> FloatArray:
    """``np.asarray(cells, dtype=np.float64)``, converted a slice at a time."""
    values = np.empty(len(cells), dtype=np.float64)
    for start in range(0, len(cells), _SLICE):
        values[start : start + _SLICE] = cells[start : start + _SLICE]
    return values


def _factorise(cells: Sequence[Cell]) -> tuple[list[Hashable], IntArray]:
    """The distinct cells in order of appearance, and per row the index of its cell."""
    first: dict[Hashable, int] = {}
    codes = np.empty(len(cells), dtype=np.intp)
    for start in range(0, len(cells), _SLICE):
        codes[start : start + _SLICE] = [
            first.setdefault(cell, len(first)) for cell in cells[start : start + _SLICE]
        ]
    return list(first), codes


def _unique_texts(cells: Sequence[Cell]) -> tuple[npt.NDArray[np.str_], IntArray]:
    """What ``np.unique(np.asarray(cells).astype(np.str_), return_inverse=True)`` gives:
    the sorted distinct texts and per row the index of its text."""
    distinct, codes = _factorise(cells)
    if not all(type(value) is str and not value.endswith("\0") for value in distinct):
        # Numbers (positions in a video, a few hundred rows) and texts numpy would cut:
        # numpy's own conversion, so that they read exactly as before.
        uniques, inverse = np.unique(np.asarray(cells).astype(np.str_), return_inverse=True)
        return uniques, inverse.astype(np.intp)
    texts = cast(list[str], distinct)
    order = sorted(range(len(texts)), key=texts.__getitem__)  # code points, as numpy
    rank = np.empty(len(texts), dtype=np.intp)
    rank[order] = np.arange(len(texts))
    return np.array([texts[i] for i in order], dtype=np.str_), rank[codes]


def _dimension_column(
    report: Report, name: str, context: ChannelContext | None, video_seconds: float | None
) -> Column:
    uniques, codes = _unique_texts(report.raw_column(name))
    label = label_function(name, context, video_seconds)
    labels = [label(str(value)) for value in uniques]
    if name in TIME_DIMENSIONS or name in NUMERIC_DIMENSIONS:
        order = (
            np.argsort(uniques.astype(np.float64), kind="stable")
            if name in NUMERIC_DIMENSIONS
            else np.arange(len(uniques))
        )
    else:
        order = np.argsort(np.asarray([text.casefold() for text in labels], dtype=np.str_))
    rank = np.empty(len(uniques), dtype=np.intp)
    rank[order] = np.arange(len(uniques))
    info = catalogue.DIMENSIONS.get(name)
    sort_key = rank[codes]
    ascending, descending = _orders(sort_key)
    return Column(
        name=name,
        title=info.title if info else name,
        description=info.description if info else "",
        is_metric=False,
        sort_key=sort_key,
        ascending=ascending,
        descending=descending,
        codes=codes,
        uniques=uniques,
        labels=labels,
    )


def _comparison_title(title: str, part: str) -> str:
    """The heading of a comparison column (``core.compare``): "Views (previous period)",
    "Views change", "Views change %", "Views · Trail and Tide"."""
    if part.startswith(ITEM):
        return f"{title} · {part.removeprefix(ITEM)}"
    if part == CHANGE:
        return f"{title} change"
    if part == CHANGE_PERCENT:
        return f"{title} change %"
    return f"{title} ({COMPARISON_KINDS[part]})"


def _metric_column(report: Report, name: str, currency: str) -> Column:
    metric, part = split_comparison(name)  # a comparison column reads as its metric
    info = metric_info(metric)  # a reach report's columns too
    header = report.header(name)
    integer = header.data_type.value == "INTEGER"
    values = _floats(report.raw_column(name))
    ascending, descending = _orders(values)
    unit = "percent" if part == CHANGE_PERCENT else info.unit if info else "count"
    title = plain_title(info.title) if info else metric
    return Column(
        name=name,
        title=_comparison_title(title, part) if part else title,
        description=info.description if info else "",
        is_metric=True,
        sort_key=values,
        ascending=ascending,
        descending=descending,
        values=values,
        integer=integer,
        unit=unit,
        additive=bool(info and info.additive) and part not in (CHANGE, CHANGE_PERCENT),
        formatter=metric_formatter(unit, header.data_type.value, currency, metric),
        currency=currency,
    )


def _derived_column(name: str, cells: list[float | None], currency: str) -> Column:
    """A creators' metric computed from the report's own columns (``core.derived``)."""
    info = DERIVED[name]
    values = np.array([math.nan if cell is None else cell for cell in cells], dtype=np.float64)
    ascending, descending = _orders(values)
    return Column(
        name=name,
        title=info.title,
        description=info.description,
        is_metric=True,
        sort_key=values,
        ascending=ascending,
        descending=descending,
        values=values,
        integer=info.unit == "count",
        unit=info.unit,
        additive=info.additive,
        formatter=metric_formatter(info.unit, "FLOAT", currency, name),
        currency=currency,
    )


def build_table(
    report: Report,
    context: ChannelContext | None,
    currency: str = "USD",
    video_seconds: float | None = None,
    derived: Sequence[str] = (),
) -> Table:
    """Build the columns of ``report`` (meant to run on a worker thread).

    ``video_seconds``, the length of the one video a retention report is about, turns
    positions in the video into times; ``derived`` names creators' metrics computed
    from the report's columns (``core.derived``), shown after Google's.
    """
    columns = [
        _metric_column(report, name, currency)
        if name in report.metrics
        else _dimension_column(report, name, context, video_seconds)
        for name in report.columns
    ]
    computable = [name for name in derived if set(DERIVED[name].inputs) <= set(report.metrics)]
    columns += [
        _derived_column(name, cells, currency) for name, cells in derive(report, computable).items()
    ]
    rows = report.shape[0]
    totals: dict[str, int | float | None] | None = None
    if report.dimensions and rows > 1:
        sums = {**report.totals(), **reach_totals(report)}
        totals = {
            **sums,
            **derived_totals(report, computable, sums),
            **comparison_totals(report),
        }
        if all(value is None for value in totals.values()):
            totals = None
    return Table(columns, rows, totals, currency, video_seconds)
