"""Drilling down: from a row that names a video, a country, a traffic source, a device...
to that value's own report over the same dates (Qt-free)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..api import catalogue
from ..api.errors import InvalidRequest

__all__ = ["DRILLABLE", "drill_dimension", "drill_query"]

DRILLABLE = frozenset(
    {
        "video",
        "playlist",
        "group",
        "country",
        "province",
        "city",
        "dma",
        "continent",
        "subContinent",
        "insightTrafficSourceType",
        "insightTrafficSourceDetail",
        "insightPlaybackLocationType",
        "deviceType",
        "operatingSystem",
        "sharingService",
        "subscribedStatus",
        "youtubeProduct",
        "liveOrOnDemand",
        "creatorContentType",
        "ageGroup",
        "gender",
    }
)
"""Dimensions whose values name something a report can be filtered to."""


def drill_dimension(dimensions: Sequence[str], clicked: str | None = None) -> str | None:
    """Which of a row's ``dimensions`` to drill into: the ``clicked`` column when it can
    be, else the first that can; None when none can (e.g. a row that is only a day)."""
    if clicked in DRILLABLE and clicked in dimensions:
        return clicked
    return next((name for name in dimensions if name in DRILLABLE), None)


_BREAKDOWN = {
    "insightTrafficSourceType": "insightTrafficSourceDetail",
    "insightPlaybackLocationType": "insightPlaybackLocationDetail",
    "deviceType": "operatingSystem",
    "operatingSystem": "deviceType",
}
"""Where a value that no time report can be filtered to leads instead, as in Studio: a
traffic source to its details (search terms, suggesting videos...), a device type to
its operating systems and back."""
_DETAIL_ROWS = 25  # Google's limit for the detail reports


def drill_query(
    query: catalogue.Query,
    dimension: str,
    value: str,
    *,
    groups: Mapping[str, str] | None = None,
) -> catalogue.Query | None:
    """The report of ``dimension == value`` over ``query``'s dates and within its filters:
    its metrics over time (by month when ``query`` was, else by day) when a report takes
    that filter, else the value's own breakdown (``_BREAKDOWN``). Metrics the narrower
    report does not take are left out; None when no report fits.
    """
    time = "month" if "month" in query.dimensions else "day"
    start, end = query.start_date, query.end_date
    if time == "month":
        start, end = start.replace(day=1), end.replace(day=1)
    filters = {**query.filters, dimension: value}
    over_time = catalogue.Query(
        dimensions=(time,),
        metrics=query.metrics,
        filters=filters,
        sort_options=(time,),
        start_date=start,
        end_date=end,
        currency=query.currency,
    )
    candidates = [over_time]
    breakdown = _BREAKDOWN.get(dimension)
    if breakdown is not None:
        detail = breakdown.endswith("Detail")
        candidates.append(
            catalogue.Query(
                dimensions=(breakdown,),
                metrics=query.metrics,
                filters=filters,
                sort_options=(f"-{query.metrics[0]}",) if query.metrics else (),
                start_date=query.start_date,
                end_date=query.end_date,
                max_results=_DETAIL_ROWS if detail else 0,
                currency=query.currency,
            )
        )
    for candidate in candidates:
        accepted = _accepted(candidate, groups)
        if accepted is not None:
            return accepted
    return None


def _accepted(query: catalogue.Query, groups: Mapping[str, str] | None) -> catalogue.Query | None:
    """``query`` with only the metrics its report takes, if a report takes it."""
    taken = [name for name in query.metrics if _valid(_with(query, (name,)), groups)]
    candidate = _with(query, tuple(taken))
    return candidate if taken and _valid(candidate, groups) else None


def _with(query: catalogue.Query, metrics: tuple[str, ...]) -> catalogue.Query:
    """``query`` with ``metrics``, sorted by the first when its sort metric is gone."""
    sort = query.sort_options
    if sort and metrics and sort[0].lstrip("-") not in (*query.dimensions, *metrics):
        sort = (f"-{metrics[0]}",)
    return replace(query, metrics=metrics, sort_options=sort)


def _valid(query: catalogue.Query, groups: Mapping[str, str] | None) -> bool:
    try:
        catalogue.validate(query, groups=groups)
    except InvalidRequest:
        return False
    return True
