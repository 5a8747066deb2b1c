"""A query in the UI's own words: the pane header, its tab title and its tooltip.

Everything a report was asked for is named here (channel, dates, every filter by its
human value, sort, row limit, currency), so that a report never looks like another one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate, QLocale

from analytix_desktop.api import catalogue
from analytix_desktop.api.errors import InvalidRequest
from analytix_desktop.core.context import ChannelContext
from analytix_desktop.gui.builder.breakdowns import BREAKDOWNS
from analytix_desktop.gui.formatting import format_date, format_month
from analytix_desktop.gui.labels import (
    DEFAULT_ORDER,
    filter_title,
    filter_value_label,
    plural,
    sort_label,
)

__all__ = ["QueryDescription", "describe_dates", "describe_query", "report_kind"]

TAB_KEY_CHARS = 24
# The filter that tells panes of one breakdown apart, most telling first.
_KEY_FILTERS = ("video", "playlist", "group", "country", "province", "continent", "subContinent")


def report_kind(query: catalogue.Query) -> tuple[str, str]:
    """(breakdown tab title, report type name) of ``query``; cosmetic, so never raises."""
    try:
        kind = catalogue.detect(query).name
    except InvalidRequest:  # an invalid query still gets a title
        kind = "Report"
    short = next((b.title for b in BREAKDOWNS if b.dimensions == query.dimensions), kind)
    return short, kind


def _dates(query: catalogue.Query) -> str:
    if "month" in query.dimensions:
        return f"{format_month(query.start_date)} – {format_month(query.end_date)}"
    return f"{format_date(query.start_date)} – {format_date(query.end_date)}"


def describe_dates(query: catalogue.Query | None, span: tuple[str, str] | None = None) -> str:
    """The query's date range; without a query, the report's own first and last dates."""
    if query is not None:
        return _dates(query)
    return f"{span[0]} – {span[1]}" if span else ""


def _short_dates(start: dt.date, end: dt.date) -> str:
    """``28 Oct–24 Nov`` style, with years only where they differ from the end's or today's."""
    same_year = start.year == end.year
    this_year = end.year == dt.date.today().year
    locale = QLocale()

    def text(day: dt.date, year: bool) -> str:
        return locale.toString(
            QDate(day.year, day.month, day.day), "d MMM yyyy" if year else "d MMM"
        )

    return f"{text(start, not same_year)}–{text(end, not (same_year and this_year))}"


def _elide(text: str, limit: int = TAB_KEY_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class QueryDescription:
    """The parts of a query, each already in the UI's words."""

    channel: str
    breakdown: str
    report_type: str
    dates: str
    short_dates: str
    filters: tuple[tuple[str, str], ...]
    key_filter: str
    sort: str
    rows: str
    currency: str

    def short_title(self) -> str:
        """A tab title that tells panes apart: ``Top videos · Bread · 28 Oct–24 Nov``."""
        parts = (self.breakdown, _elide(self.key_filter), self.short_dates)
        return " · ".join(part for part in parts if part)

    def lines(self) -> list[str]:
        """One line per part of the query, for the header and the tooltip."""
        lines = [
            f"Channel: {self.channel}" if self.channel else "",
            f"Report: {self.report_type}",
            f"Dates: {self.dates}",
        ]
        lines += [f"{title}: {value}" for title, value in self.filters]
        if not self.filters:
            lines.append("Filters: none (the whole channel)")
        lines += [f"Sort: {self.sort}", f"Rows: {self.rows}"]
        if self.currency:
            lines.append(f"Currency: {self.currency}")
        return [line for line in lines if line]

    def tooltip(self) -> str:
        return "\n".join(self.lines())

    def header(self, rows: int | None = None) -> str:
        """The pane's header: the whole query on two or three short lines."""
        first = " — ".join(p for p in (self.channel, self.report_type, self.dates) if p)
        if rows is not None:
            first += f" — {plural(rows, 'row')}"
        where = "; ".join(f"{title}: {value}" for title, value in self.filters)
        second = [
            where or "No filters (the whole channel)",
            f"Sort: {self.sort}",
            f"Rows: {self.rows}",
        ]
        if self.currency:
            second.append(f"Currency: {self.currency}")
        return f"{first}\n{' · '.join(second)}"


def _filters(query: catalogue.Query, context: ChannelContext | None) -> tuple[tuple[str, str], ...]:
    described = []
    for key in query.filters:
        values = query.values(key)
        labels = [filter_value_label(key, value, context) for value in values]
        title = filter_title(key)
        if len(labels) > 3:
            text = f"{', '.join(labels[:3])} and {len(labels) - 3} more"
        else:
            text = ", ".join(labels)
        described.append((title if len(labels) == 1 else _plural_title(title), text))
    return tuple(described)


def _plural_title(title: str) -> str:
    return title if title.endswith("s") else title + "s"


def _key_filter(query: catalogue.Query, context: ChannelContext | None) -> str:
    for key in _KEY_FILTERS:
        values = query.values(key)
        if values:
            first = filter_value_label(key, values[0], context)
            return first if len(values) == 1 else f"{first} +{len(values) - 1}"
    other = next(iter(query.filters), None)
    return filter_value_label(other, query.filters[other], context) if other else ""


def _rows(query: catalogue.Query) -> str:
    if not query.max_results:
        return "No limit"
    return f"Top {query.max_results:,}" if query.sort_options else f"First {query.max_results:,}"


def describe_query(
    query: catalogue.Query, context: ChannelContext | None = None, channel_title: str = ""
) -> QueryDescription:
    """``query`` in the UI's words (names from ``context`` for the channel's own items)."""
    breakdown, report_type = report_kind(query)
    revenue = any(
        catalogue.METRICS[m].unit in ("currency", "rate")
        for m in query.metrics
        if m in catalogue.METRICS
    )
    return QueryDescription(
        channel=channel_title or (context.title if context is not None else ""),
        breakdown=breakdown,
        report_type=report_type,
        dates=_dates(query),
        short_dates=_short_dates(query.start_date, query.end_date),
        filters=_filters(query, context),
        key_filter=_key_filter(query, context),
        sort=sort_label(query.sort_options[0]) if query.sort_options else DEFAULT_ORDER,
        rows=_rows(query),
        currency=query.currency if revenue else "",
    )
