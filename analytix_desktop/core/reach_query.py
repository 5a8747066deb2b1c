"""Reach queries: impressions, CTR, views from impressions and views, summed from the
stored daily reports' facts by day, by video or by traffic source (no request).

Only covered days count (those whose ``channel_reach_basic_a1`` report is stored), so
that the three breakdowns of a range add up to the same totals. A CTR, per row and in
the totals, is clicks (impressions x CTR, summed) over impressions: never a mean of rates.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Literal, cast

from ..api.bulk_codes import traffic_source_name
from ..api.catalogue import ReportType
from ..api.report import Report
from ..api.table import RESULT_TABLE_KIND
from ..store.reach_db import ReachJob, ReachStore, SumKey
from .reach_days import COVERAGE_TYPE, MissingDay, missing_days

__all__ = ["BREAKDOWNS", "REACH_REPORT_TYPE", "VIEWS_TYPE", "ReachQuery", "ReachResult", "answer"]

VIEWS_TYPE = "channel_basic_a3"
BREAKDOWNS = ("day", "video", "traffic_source")
_METRICS = (
    "videoThumbnailImpressions",
    "videoThumbnailImpressionsCtr",
    "viewsFromImpressions",
    "views",
)
_DIMENSIONS = {"day": "day", "video": "video", "traffic_source": "insightTrafficSourceType"}
_TYPES = {
    "videoThumbnailImpressions": "INTEGER",
    "videoThumbnailImpressionsCtr": "FLOAT",
    "viewsFromImpressions": "INTEGER",
    "views": "INTEGER",
}

REACH_REPORT_TYPE = ReportType(
    name="Reach (YouTube Reporting API)", dimensions=(), filters=(), metrics=_METRICS
)
"""The report type of every reach result (its rules are empty: it is never sent)."""


@dataclass(frozen=True)
class ReachQuery:
    """Days ``start`` to ``end`` (Pacific dates, inclusive) ``by`` "day", "video" or
    "traffic_source", of ``videos`` only when given."""

    start: dt.date
    end: dt.date
    by: str
    videos: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.by not in BREAKDOWNS:
            raise ValueError(f"a reach query is by {', '.join(BREAKDOWNS)}, not {self.by!r}")
        if self.end < self.start:
            raise ValueError("a reach query's range ends before it starts")


@dataclass(frozen=True)
class ReachResult:
    """A reach query's rows as a result table (see the module), with its totals, how many
    days its range covers, the days it misses and why, and where its views come from."""

    query: ReachQuery
    report: Report
    covered_days: int
    missing: list[MissingDay]
    views_source: str
    totals: dict[str, int | float] = field(default_factory=dict)


def _ctr(impressions: int, clicks: float) -> float:
    return clicks / impressions if impressions else 0.0


def _metrics(impressions: int, clicks: float, views: int | None) -> list[int | float]:
    cells: list[int | float] = [impressions, _ctr(impressions, clicks), round(clicks)]
    return cells if views is None else [*cells, views]


def answer(
    store: ReachStore,
    channel_id: str,
    query: ReachQuery,
    job: ReachJob | None,
    now: dt.datetime,
) -> ReachResult:
    """The answer to ``query`` from ``store``; ``job``: the channel's coverage job."""
    by = cast(Literal["day", "video", "traffic_source"], query.by)
    start, end = query.start, query.end
    covered = store.stored_days(channel_id, COVERAGE_TYPE, start, end)
    seen = store.sums(
        channel_id,
        start,
        end,
        of="impressions",
        by=by,
        videos=query.videos,
        covered_by=COVERAGE_TYPE,
    )
    views = None
    if by != "traffic_source":
        views = store.sums(
            channel_id, start, end, of="views", by=by, videos=query.videos, covered_by=COVERAGE_TYPE
        )
    keys: list[SumKey] = list(covered)
    if by != "day":
        keys = sorted(
            {*seen, *(views or {})}, key=lambda key: (-seen.get(key, (0, 0.0))[0], str(key))
        )
    rows = [_row(key, seen.get(key, (0, 0.0)), views) for key in keys]
    metrics = _METRICS if views is not None else _METRICS[:3]
    table = {
        "kind": RESULT_TABLE_KIND,
        "columnHeaders": [
            {"name": _DIMENSIONS[by], "columnType": "DIMENSION", "dataType": "STRING"},
            *({"name": n, "columnType": "METRIC", "dataType": _TYPES[n]} for n in metrics),
        ],
        "rows": rows,
    }
    total_views = None if views is None else sum(count for count, _ in views.values())
    totals = _metrics(
        sum(count for count, _ in seen.values()),
        math.fsum(part for _, part in seen.values()),
        total_views,
    )
    with_views = set(store.stored_days(channel_id, VIEWS_TYPE, start, end)).intersection(covered)
    return ReachResult(
        query,
        Report(table, REACH_REPORT_TYPE),
        len(covered),
        missing_days(store, channel_id, start, end, job, now),
        _views_source(len(covered), len(with_views)),
        dict(zip(metrics, totals, strict=True)),
    )


def _row(
    key: SumKey,
    seen: tuple[int, float],
    views: dict[SumKey, tuple[int, float]] | None,
) -> list[str | int | float]:
    if isinstance(key, dt.date):
        label = key.isoformat()
    elif isinstance(key, int):
        label = traffic_source_name(key)
    else:
        label = key
    viewed = None if views is None else views.get(key, (0, 0.0))[0]
    return [label, *_metrics(*seen, viewed)]


def _views_source(covered: int, with_views: int) -> str:
    source = f"Views: YouTube Reporting API daily reports ({VIEWS_TYPE})"
    if with_views < covered:
        source += f"; {covered - with_views} of the {covered} days covered have none stored yet"
    return source
