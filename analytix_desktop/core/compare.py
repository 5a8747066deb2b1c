"""Comparing a report with another period, or across channels or videos, in one table.

The compared range is the previous period of the same length, the same period last year
shifted by 364 days (52 weeks, so Mondays meet Mondays; 12 months for a monthly report),
or a custom range. The two reports are merged into one result table: rows joined on
their dimensions, a day or month by its offset from the start of its own range. Per
metric the table gains ``<metric>~<kind>`` (the compared value), ``<metric>~change`` and
``<metric>~change%`` (in percent of the compared value). Totals of averages and ratios
are recomputed from the summed parts of each period (``core.aggregate.RULES``), never
averaged. Items side by side (the same query for several channels, or a report split per
video or playlist) merge likewise, joined on their dimensions, with one
``<metric>~of:<title>`` column per item. Qt-free.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal, cast

from ..api import catalogue
from ..api.errors import NotMonetised
from ..api.report import Report
from .aggregate import RULES
from .context import ChannelContext
from .desktop_client import DesktopClient
from .report_history import ReportHistory
from .tasks import TaskContext

__all__ = [
    "CHANGE",
    "CHANGE_PERCENT",
    "ITEM",
    "KINDS",
    "ComparisonKind",
    "ItemReport",
    "channel_report",
    "compared_query",
    "compared_range",
    "comparison_totals",
    "is_period_part",
    "merge_items",
    "merge_periods",
    "per_item_query",
    "split_by",
    "split_name",
]

ComparisonKind = Literal["previous", "last_year", "custom"]
KINDS: Mapping[str, str] = {
    "previous": "previous period",
    "last_year": "same period last year",
    "custom": "compared range",
}
"""Each kind of comparison and how the user reads it in a column title."""
CHANGE = "change"
CHANGE_PERCENT = "change%"
ITEM = "of:"
SEPARATOR = "~"
WEEKDAY_YEAR = dt.timedelta(days=364)
_TIME = ("day", "month")


def split_name(name: str) -> tuple[str, str]:
    """A comparison column's metric and part (a kind, ``change``, ``change%`` or
    ``of:<title>``); ``(name, "")`` for any other column."""
    metric, _, part = name.partition(SEPARATOR)
    known = part in (*KINDS, CHANGE, CHANGE_PERCENT) or part.startswith(ITEM)
    return (metric, part) if known else (name, "")


def is_period_part(part: str) -> bool:
    """Whether ``part`` (of :func:`split_name`) belongs to a comparison of periods."""
    return part in (*KINDS, CHANGE, CHANGE_PERCENT)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_end(day: dt.date) -> dt.date:
    return _add_months(day, 1) - dt.timedelta(days=1)


def compared_range(
    query: catalogue.Query, kind: ComparisonKind, custom: tuple[dt.date, dt.date] | None = None
) -> tuple[dt.date, dt.date]:
    """The range ``query``'s is compared with (``custom``: the range a person chose)."""
    start, end = query.start_date, query.end_date
    if kind == "custom":
        if custom is None:
            raise ValueError("a custom comparison needs a range")
        return custom
    if "month" in query.dimensions:  # whole months, as Google requires
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        back = months if kind == "previous" else 12
        first = _add_months(start, -back)
        return first, _month_end(_add_months(first, months - 1))
    if kind == "previous":
        return start - dt.timedelta(days=query.days), start - dt.timedelta(days=1)
    return start - WEEKDAY_YEAR, end - WEEKDAY_YEAR


def compared_query(query: catalogue.Query, start: dt.date, end: dt.date) -> catalogue.Query:
    """``query`` over ``start``..``end``, all else the same."""
    return replace(query, start_date=start, end_date=end)


def _offset(name: str, value: str, start: dt.date) -> int:
    """How far a day or month lies from the start of its report's range."""
    if name == "day":
        return (dt.date.fromisoformat(value) - start).days
    year, month = (int(part) for part in value.split("-")[:2])
    return (year - start.year) * 12 + month - start.month


def _at_offset(name: str, offset: int, start: dt.date) -> str:
    if name == "day":
        return (start + dt.timedelta(days=offset)).isoformat()
    return _add_months(start, offset).strftime("%Y-%m")


Key = tuple[object, ...]


def _keyed(report: Report, start: dt.date | None) -> dict[Key, dict[str, float]]:
    """Each row's metric values under its dimensions' key (with ``start``, a time as its
    offset from it)."""
    dimensions, metrics = report.dimensions, report.metrics
    columns = report.columns
    rows: dict[Key, dict[str, float]] = {}
    for row in report.resource.rows:
        cells = dict(zip(columns, row, strict=True))
        key = tuple(
            _offset(name, str(cells[name]), start)
            if start is not None and name in _TIME
            else str(cells[name])
            for name in dimensions
        )
        rows[key] = {name: _number(cells[name]) for name in metrics}
    return rows


def _number(cell: object) -> float:
    return float(cell) if isinstance(cell, int | float) else math.nan


def _missing(metric: str) -> float:
    """A row one period lacks: no views that day (0); an average of nothing is unknown."""
    info = catalogue.METRICS.get(metric)
    return 0.0 if info is not None and info.additive else math.nan


def _change(value: float, compared: float) -> tuple[float, float]:
    change = value - compared
    percent = change / compared * 100 if compared and math.isfinite(compared) else math.nan
    return change, percent


def merge_periods(
    base: Report,
    base_start: dt.date,
    other: Report,
    other_start: dt.date,
    kind: ComparisonKind,
) -> Report:
    """One report of ``base`` beside ``other`` (the same query over another range).

    Rows keep ``base``'s order; rows only ``other`` has come last, placed at their offset.
    Every metric column is FLOAT: a value a period lacks is 0 for a sum, NaN otherwise.
    """
    dimensions, metrics = base.dimensions, base.metrics
    mine, theirs = _keyed(base, base_start), _keyed(other, other_start)
    keys = list(mine) + [key for key in theirs if key not in mine]
    headers: list[dict[str, str]] = [base.header(name).data for name in dimensions]
    for metric in metrics:
        for part in ("", kind, CHANGE, CHANGE_PERCENT):
            name = f"{metric}{SEPARATOR}{part}" if part else metric
            headers.append({"name": name, "columnType": "METRIC", "dataType": "FLOAT"})
    rows: list[list[object]] = []
    for key in keys:
        row: list[object] = [
            _at_offset(name, cast(int, value), base_start) if name in _TIME else value
            for name, value in zip(dimensions, key, strict=True)
        ]
        for metric in metrics:
            value = mine[key][metric] if key in mine else _missing(metric)
            compared = theirs[key][metric] if key in theirs else _missing(metric)
            row += [value, compared, *_change(value, compared)]
        rows.append(row)
    data = {"kind": "youtubeAnalytics#resultTable", "columnHeaders": headers, "rows": rows}
    return Report(data, base.type)


def _sum(values: Sequence[float]) -> float:
    return math.fsum(value for value in values if math.isfinite(value))


def _period_total(metric: str, column: Mapping[str, Sequence[float]]) -> float:
    """The total of ``metric`` over one period's ``column`` values (by metric name)."""
    info = catalogue.METRICS.get(metric)
    if info is not None and info.additive:
        return _sum(column[metric])
    rule = RULES.get(metric)
    if rule is None or any(part not in column for part in rule.parts):
        return math.nan
    if rule.kind == "weighted":
        pairs = [
            (value, weight)
            for value, weight in zip(column[metric], column[rule.parts[0]], strict=True)
            if math.isfinite(value) and math.isfinite(weight)
        ]
        weights = math.fsum(weight for _, weight in pairs)
        return math.fsum(v * w for v, w in pairs) / weights if weights else math.nan
    denominator = _sum(column[rule.parts[1]])
    return _sum(column[rule.parts[0]]) * rule.scale / denominator if denominator else math.nan


def _named(metric: str, part: str) -> str:
    return f"{metric}{SEPARATOR}{part}" if part else metric


def comparison_totals(report: Report) -> dict[str, float | None]:
    """The total row of a :func:`merge_periods` or :func:`merge_items` report: each
    period's or item's total (averages and ratios from its own summed parts), and the
    change and the change in % between periods; {} for other reports."""
    if not any(split_name(name)[1] for name in report.metrics):
        return {}  # a plain report: its cells are not even read
    index = {name: number for number, name in enumerate(report.columns)}
    groups: dict[str, dict[str, list[float]]] = {}  # part -> metric -> values
    for name in report.metrics:
        metric, part = split_name(name)
        if part not in (CHANGE, CHANGE_PERCENT):
            cells = [_number(row[index[name]]) for row in report.resource.rows]
            groups.setdefault(part, {})[metric] = cells
    if not any(groups):
        return {}
    sums = {
        _named(metric, part): _period_total(metric, columns)
        for part, columns in groups.items()
        for metric in columns
    }
    kind = next((part for part in groups if part in KINDS), "")
    for metric in groups.get("", {}) if kind else {}:
        change, percent = _change(sums[metric], sums[_named(metric, kind)])
        sums[_named(metric, CHANGE)], sums[_named(metric, CHANGE_PERCENT)] = change, percent
    return {name: total if math.isfinite(total) else None for name, total in sums.items()}


@dataclass(frozen=True)
class ItemReport:
    """One item's report (a channel's, a video's) of a side-by-side comparison, and
    what it could not give."""

    title: str
    report: Report | None
    """None when the item could give none of the query's metrics."""
    missing: tuple[str, ...] = ()
    """Metrics of the query this item's report lacks (revenue refused, say)."""
    reason: str = ""
    """Why they are missing, in the user's words."""


def merge_items(items: Sequence[ItemReport]) -> Report:
    """One report of the same query for several items: rows joined on their
    dimensions (the same dates), and per metric one column per item that has it,
    ``<metric>~of:<title>``. Every metric column is FLOAT."""
    given = [item for item in items if item.report is not None]
    if not given:
        raise ValueError("no item gave a report")
    first = _report(given[0])
    dimensions = first.dimensions
    keyed = [_keyed(_report(item), None) for item in given]
    keys = list(dict.fromkeys(key for rows in keyed for key in rows))
    if any(name in _TIME for name in dimensions):
        keys.sort(key=lambda key: tuple(map(str, key)))
    titles: list[str] = []
    for item in given:  # two items of one name stay apart
        title = item.title
        while title in titles:
            title += " (2)"
        titles.append(title)
    metrics = list(dict.fromkeys(m for item in given for m in _report(item).metrics))
    columns = [
        (metric, number)
        for metric in metrics
        for number, item in enumerate(given)
        if metric in _report(item).metrics
    ]
    headers = [first.header(name).data for name in dimensions]
    headers += [
        {
            "name": _named(metric, ITEM + titles[number]),
            "columnType": "METRIC",
            "dataType": "FLOAT",
        }
        for metric, number in columns
    ]
    rows = [
        [
            *key,
            *(
                keyed[number][key][metric] if key in keyed[number] else _missing(metric)
                for metric, number in columns
            ),
        ]
        for key in keys
    ]
    data = {"kind": "youtubeAnalytics#resultTable", "columnHeaders": headers, "rows": rows}
    return Report(data, first.type)


def _report(item: ItemReport) -> Report:
    assert item.report is not None
    return item.report


def _without(query: catalogue.Query, dropped: Sequence[str]) -> catalogue.Query | None:
    metrics = tuple(name for name in query.metrics if name not in dropped)
    sort = tuple(key for key in query.sort_options if key.removeprefix("-") not in dropped)
    return replace(query, metrics=metrics, sort_options=sort) if metrics else None


def channel_report(
    history: ReportHistory,
    client: DesktopClient,
    channel: ChannelContext,
    query: catalogue.Query,
    ctx: TaskContext | None = None,
    *,
    force: bool = False,
) -> ItemReport:
    """``query`` for ``channel`` through the local history (``force``: from Google, whatever
    the history holds); revenue metrics it cannot give (no revenue access granted, or
    refused: not monetised) are left out and said so."""
    revenue = [name for name in query.metrics if (m := catalogue.METRICS.get(name)) and m.revenue]
    dropped: Sequence[str] = () if channel.monetary else revenue
    reason = "" if channel.monetary else "revenue access was not granted for this channel"
    while True:
        asked = _without(query, dropped)
        if asked is None:
            return ItemReport(channel.title, None, tuple(dropped), reason)
        try:
            run = history.run(
                client,
                channel.channel_id,
                channel.title,
                asked,
                ctx,
                groups=channel.group_types,
                force=force,
            )
        except NotMonetised as error:
            if dropped:
                raise
            dropped, reason = error.metrics or revenue, "the channel is not monetised"
            continue
        return ItemReport(channel.title, run.report, tuple(dropped), reason)


SPLITTABLE = ("video", "playlist")
"""Dimensions a report can be split by into one column or line per item."""


def per_item_query(query: catalogue.Query) -> tuple[catalogue.Query, str] | None:
    """``query`` with the dimension of its two or more filtered videos (or playlists)
    added, and that dimension; None when it filters fewer than two."""
    for dimension in SPLITTABLE:
        if len(query.values(dimension)) >= 2:
            if dimension in query.dimensions:
                return query, dimension
            return replace(query, dimensions=(*query.dimensions, dimension)), dimension
    return None


def split_by(report: Report, dimension: str, titles: Mapping[str, str]) -> list[ItemReport]:
    """``report`` split into one report per value of ``dimension`` (which each drops),
    titled by ``titles`` (the value itself when it has none), in the order of ``titles``."""
    headers = [header.data for header in report.resource.column_headers]
    column = report.columns.index(dimension)
    kept = headers[:column] + headers[column + 1 :]
    parts: dict[str, list[list[object]]] = {}
    for row in report.resource.rows:
        cells: list[object] = list(row)
        value = str(cells.pop(column))
        parts.setdefault(value, []).append(cells)
    data = {"kind": "youtubeAnalytics#resultTable", "columnHeaders": kept}
    order = {value: number for number, value in enumerate(titles)}
    return [
        ItemReport(titles.get(value, value), Report({**data, "rows": parts[value]}, report.type))
        for value in sorted(parts, key=lambda value: order.get(value, len(order)))
    ]
