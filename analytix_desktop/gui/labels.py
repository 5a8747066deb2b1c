"""Filter keys and values, counts, and the reach reports' columns, as the user reads them."""

from __future__ import annotations

import math

from analytix_desktop.api import catalogue
from analytix_desktop.api.report import Report
from analytix_desktop.core.context import ChannelContext
from analytix_desktop.gui.formatting import plain_title

__all__ = [
    "DEFAULT_ORDER",
    "REACH_METRICS",
    "filter_title",
    "filter_value_label",
    "metric_info",
    "plural",
    "reach_totals",
    "sort_label",
]

DEFAULT_ORDER = "Default order"
_DATES = {"day", "month"}

_REGIONS = {"continent": catalogue.CONTINENTS, "subContinent": catalogue.SUBCONTINENTS}
_IMPRESSIONS, _CTR, _FROM_IMPRESSIONS = (
    "videoThumbnailImpressions",
    "videoThumbnailImpressionsCtr",
    "viewsFromImpressions",
)
REACH_METRICS: dict[str, catalogue.Metric] = {
    _IMPRESSIONS: catalogue.Metric(
        _IMPRESSIONS,
        "Impressions",
        "Times the video's thumbnail was shown to viewers on YouTube (YouTube Reporting API).",
        "INTEGER",
        "count",
        additive=True,
        revenue=False,
    ),
    _CTR: catalogue.Metric(
        _CTR,
        "Impressions click-through rate",
        "Views from impressions as a share of impressions.",
        "FLOAT",
        "ratio",
        additive=False,
        revenue=False,
    ),
    _FROM_IMPRESSIONS: catalogue.Metric(
        _FROM_IMPRESSIONS,
        "Views from impressions",
        "Impressions that led to a view (impressions × click-through rate).",
        "FLOAT",
        "count",
        additive=True,
        revenue=False,
    ),
}
"""The reach reports' metric columns (not the Analytics API's), as the user reads them."""


def metric_info(name: str) -> catalogue.Metric | None:
    """The Analytics API's metric ``name``, or a reach report's column of that name."""
    return catalogue.METRICS.get(name) or REACH_METRICS.get(name)


def reach_totals(report: Report) -> dict[str, int | float | None]:
    """The total row of a reach report's own columns: impressions summed, the rate
    weighted by impressions (never a mean of rates)."""
    columns = set(report.metrics)
    sums = {
        name: math.fsum(float(v) for v in report.column(name) if isinstance(v, int | float))
        for name in (_IMPRESSIONS, _FROM_IMPRESSIONS)
        if name in columns
    }
    totals: dict[str, int | float | None] = {
        name: round(total) if name == _IMPRESSIONS else total for name, total in sums.items()
    }
    if _CTR in columns and _IMPRESSIONS in columns:
        impressions = sums.get(_IMPRESSIONS, 0.0)
        clicks = math.fsum(
            float(i) * float(r)
            for i, r in zip(report.column(_IMPRESSIONS), report.column(_CTR), strict=True)
            if isinstance(i, int | float) and isinstance(r, int | float)
        )
        totals[_CTR] = clicks / impressions if impressions else None
    return totals


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 row``, ``2 rows``, ``1,234 rows``."""
    return f"{count:,} {noun if count == 1 else (nouns or noun + 's')}"


def filter_title(key: str) -> str:
    """The label the builder shows for filter ``key`` ("Country", "US state")."""
    info = catalogue.FILTERS.get(key)
    return info.title if info is not None else key


def filter_value_label(key: str, value: str, context: ChannelContext | None = None) -> str:
    """One filter value as the user knows it: a country's or video's name, "YouTube search"."""
    if key in ("video", "playlist", "group"):
        name = context.name_of(key, value) if context is not None else None
        return name or value
    if key == "country":
        return catalogue.COUNTRIES.get(value, value)
    if key == "province":
        return catalogue.PROVINCES.get(value, value)
    if key in _REGIONS:
        region = _REGIONS[key].get(value)
        return region.name if region is not None else value
    return catalogue.VALUE_LABELS.get(key, {}).get(value, value)


def sort_label(option: str) -> str:
    """ "Views, highest first", "Day, newest first", "Country, Z to A"."""
    name = option.removeprefix("-")
    down = option.startswith("-")
    if name in catalogue.METRICS:
        title = plain_title(catalogue.METRICS[name].title)
        arrow = "highest first" if down else "lowest first"
    else:
        dimension = catalogue.DIMENSIONS.get(name)
        title = dimension.title if dimension is not None else name
        if name in _DATES:
            arrow = "newest first" if down else "oldest first"
        else:
            arrow = "Z to A" if down else "A to Z"
    return f"{title}, {arrow}"
