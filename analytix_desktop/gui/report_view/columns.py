"""Column arrays of a report, built off the GUI thread for the table and the chart.

Dimensions are stored as codes into their sorted unique raw values, with one human
label per unique value (country names, video titles, readable dates), so a 90,000-row
report is labelled with a few hundred calls rather than 90,000, and sorted by integers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from analytix_desktop.api import catalogue
from analytix_desktop.api.dates import parse_day, parse_month
from analytix_desktop.api.report import Report
from analytix_desktop.core.context import ChannelContext
from analytix_desktop.gui.formatting import (
    format_date,
    format_duration,
    format_month,
    format_percent,
    metric_formatter,
    plain_title,
    unit_suffix,
)

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

NUMERIC_DIMENSIONS = frozenset({"elapsedVideoTimeRatio", "livestreamPosition"})
"""Positions in a video or stream: ordered by value and drawn as lines, not ranked bars."""
TIME_DIMENSIONS = ("day", "month")


@dataclass
class Column:
    """One report column, ready to show: raw values, labels, a sort key."""

    name: str
    title: str  # without a unit: see ``header``
    description: str
    is_metric: bool
    sort_key: npt.NDArray[np.float64] | IntArray
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


def _dimension_column(
    report: Report, name: str, context: ChannelContext | None, video_seconds: float | None
) -> Column:
    raw = np.asarray(report.raw_column(name)).astype(np.str_)
    uniques, codes = np.unique(raw, return_inverse=True)
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
    return Column(
        name=name,
        title=info.title if info else name,
        description=info.description if info else "",
        is_metric=False,
        sort_key=rank[codes],
        codes=codes.astype(np.intp),
        uniques=uniques,
        labels=labels,
    )


def _metric_column(report: Report, name: str, currency: str) -> Column:
    info = catalogue.METRICS.get(name)
    header = report.header(name)
    integer = header.data_type.value == "INTEGER"
    values = np.asarray(report.raw_column(name), dtype=np.float64)
    unit = info.unit if info else "count"
    return Column(
        name=name,
        title=plain_title(info.title) if info else name,
        description=info.description if info else "",
        is_metric=True,
        sort_key=values,
        values=values,
        integer=integer,
        unit=unit,
        additive=bool(info and info.additive),
        formatter=metric_formatter(unit, header.data_type.value, currency, name),
        currency=currency,
    )


def build_table(
    report: Report,
    context: ChannelContext | None,
    currency: str = "USD",
    video_seconds: float | None = None,
) -> Table:
    """Build the columns of ``report`` (meant to run on a worker thread).

    ``video_seconds``, the length of the one video a retention report is about, turns
    positions in the video into times.
    """
    columns = [
        _metric_column(report, name, currency)
        if name in report.metrics
        else _dimension_column(report, name, context, video_seconds)
        for name in report.columns
    ]
    rows = report.shape[0]
    totals: dict[str, int | float | None] | None = None
    if report.dimensions and rows > 1:
        totals = report.totals()
        if all(value is None for value in totals.values()):
            totals = None
    return Table(columns, rows, totals, currency, video_seconds)
