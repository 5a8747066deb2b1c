"""The content view's figures: every upload's views, watch time, average view duration,
likes and subscribers gained over a range, fetched in few requests. Qt-free.

Design, within Google's limits:

- Figures come from one ``dimensions=video`` report per batch of at most
  :data:`BATCH_SIZE` ids (``filters=video==id1,id2,...``): a channel of 2,000 uploads
  costs 4 Analytics requests per range. Each batch runs through the report history,
  so the same batch and range within the freshness window is read from the local
  store, and a batch already fetched is also kept in memory per (channel, range).
- Videos are batched in publish order. "Since published" (each video from its own
  publish day to the newest day with data) then asks each batch from the publish day
  of its oldest video: a video has no views before it is published, so its totals
  over the batch's range are its totals since publication. Still one request a batch.
- Durations (for the Short / video type and the Duration column) come from the Data
  API's ``videos.list`` (50 ids a call, 1 quota unit each), once per channel.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..api import catalogue
from ..api.report import Report
from ..api.shard import Shard
from .context import NamedItem
from .desktop_client import DesktopClient
from .ranges import CUSTOM, LIFETIME_START, PRESETS, last_data_day, preset_range, utc_today
from .report_history import ReportHistory
from .tasks import TaskContext

__all__ = [
    "BATCH_SIZE",
    "CONTENT_METRICS",
    "DURATION_BATCH",
    "RANGES",
    "SHORT_SECONDS",
    "SINCE_PUBLISHED",
    "ContentCache",
    "ContentFigures",
    "VideoFigures",
    "batch_queries",
    "content_range",
    "fetch_content",
    "fetch_durations",
    "video_analytics_queries",
    "video_kind",
]

BATCH_SIZE = 500
"""Video ids per report request: Google takes up to 500 values in one ``video`` filter."""
DURATION_BATCH = 50
"""Video ids per ``videos.list`` call (the Data API's maximum)."""
SHORT_SECONDS = 60
"""A video of at most this many seconds counts as a Short."""
SINCE_PUBLISHED = "since_published"
CONTENT_METRICS = (
    "views",
    "estimatedMinutesWatched",
    "averageViewDuration",
    "likes",
    "subscribersGained",
)
RANGES: tuple[tuple[str, str], ...] = (
    *(
        (preset.key, preset.title)
        for preset in PRESETS
        if preset.key not in (CUSTOM, SINCE_PUBLISHED)
    ),
    (SINCE_PUBLISHED, "Since published"),
)
"""(key, title) of each range the content view offers: the builder's presets and
"Since published"."""


def video_kind(duration: int | None, live: bool) -> str:
    """ "Live stream", "Short" (at most :data:`SHORT_SECONDS` long) or "Video"."""
    if live:
        return "Live stream"
    if duration is not None and duration <= SHORT_SECONDS:
        return "Short"
    return "Video"


def content_range(
    key: str, today: dt.date | None = None, created: dt.date | None = None
) -> tuple[dt.date | None, dt.date]:
    """(start, end) of range ``key``; start is None for "Since published" (per video)."""
    today = today or utc_today()
    if key == SINCE_PUBLISHED:
        return None, last_data_day(today)
    return preset_range(key, today, created)


@dataclass(frozen=True)
class VideoFigures:
    """One video's figures over the range (zero when Google has no row for it)."""

    views: int = 0
    minutes: int = 0
    average_seconds: float | None = None
    likes: int = 0
    subscribers: int = 0


@dataclass(frozen=True)
class ContentFigures:
    """Every video's figures over one range, and what fetching them took."""

    figures: dict[str, VideoFigures]
    start: dt.date | None
    end: dt.date
    requests: int
    """Batches fetched from Google (0 when all came from memory or the local store)."""


def _publish_order(videos: Sequence[NamedItem], created: dt.date | None) -> list[NamedItem]:
    oldest = created or dt.date.min
    return sorted(videos, key=lambda video: (video.published or oldest, video.id))


def batch_queries(
    videos: Sequence[NamedItem],
    start: dt.date | None,
    end: dt.date,
    *,
    created: dt.date | None = None,
    size: int = BATCH_SIZE,
) -> list[catalogue.Query]:
    """One ``dimensions=video`` query per ``size`` videos in publish order (a batch of
    one video has no dimension, as Google wants it); ``start``
    None starts each batch on its oldest video's publish day (see the module's notes)."""
    ordered = _publish_order(videos, created)
    queries = []
    for first in range(0, len(ordered), size):
        batch = ordered[first : first + size]
        since = start or batch[0].published or created or LIFETIME_START
        queries.append(
            catalogue.Query(
                # Google refuses a video dimension filtered to one video: then none.
                dimensions=("video",) if len(batch) > 1 else (),
                metrics=CONTENT_METRICS,
                filters={"video": ",".join(video.id for video in batch)},
                start_date=min(since, end),
                end_date=end,
            )
        )
    return queries


def _count(value: object) -> int:
    return int(value) if isinstance(value, int | float) else 0


def _figures(report: Report, query: catalogue.Query) -> dict[str, VideoFigures]:
    found: dict[str, VideoFigures] = {}
    columns = report.columns
    for row in report.rows_typed():
        cells = dict(zip(columns, row, strict=True))
        average = cells.get("averageViewDuration")
        video = str(cells["video"]) if "video" in cells else query.values("video")[0]
        found[video] = VideoFigures(
            views=_count(cells.get("views")),
            minutes=_count(cells.get("estimatedMinutesWatched")),
            average_seconds=float(average) if isinstance(average, int | float) else None,
            likes=_count(cells.get("likes")),
            subscribers=_count(cells.get("subscribersGained")),
        )
    return found


class ContentCache:
    """What was fetched this session, per (channel, range, newest day), and durations per
    channel; safe to share between workers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._figures: dict[tuple[str, str, dt.date], ContentFigures] = {}
        self._durations: dict[str, dict[str, int]] = {}

    def figures(self, channel_id: str, key: str, end: dt.date) -> ContentFigures | None:
        with self._lock:
            return self._figures.get((channel_id, key, end))

    def keep_figures(self, channel_id: str, key: str, found: ContentFigures) -> None:
        with self._lock:
            self._figures[(channel_id, key, found.end)] = found

    def durations(self, channel_id: str) -> dict[str, int]:
        with self._lock:
            return dict(self._durations.get(channel_id, {}))

    def keep_durations(self, channel_id: str, durations: dict[str, int]) -> None:
        with self._lock:
            self._durations.setdefault(channel_id, {}).update(durations)


def fetch_content(
    history: ReportHistory,
    client: DesktopClient,
    channel_id: str,
    channel_title: str,
    videos: Sequence[NamedItem],
    key: str,
    ctx: TaskContext,
    *,
    cache: ContentCache | None = None,
    created: dt.date | None = None,
    today: dt.date | None = None,
    size: int = BATCH_SIZE,
) -> ContentFigures:
    """Every video's figures over range ``key`` (one of :data:`RANGES`), a batch a request,
    reporting progress and stopping when ``ctx`` is cancelled."""
    start, end = content_range(key, today, created)
    if cache is not None and (kept := cache.figures(channel_id, key, end)) is not None:
        return kept
    queries = batch_queries(videos, start, end, created=created, size=size)
    figures: dict[str, VideoFigures] = {}
    requests = 0
    for number, query in enumerate(queries, 1):
        ctx.check()
        ctx.report(
            100 * (number - 1) // len(queries),
            f"Fetching figures: batch {number} of {len(queries)}…",
        )
        run = history.run(client, channel_id, channel_title, query, ctx)
        requests += not run.from_store
        figures.update(_figures(run.report, query))
    ctx.report(100, "")
    found = ContentFigures(figures, start, end, requests)
    if cache is not None:
        cache.keep_figures(channel_id, key, found)
    return found


def fetch_durations(
    client: DesktopClient,
    channel_id: str,
    video_ids: Sequence[str],
    ctx: TaskContext,
    *,
    cache: ContentCache | None = None,
) -> dict[str, int]:
    """Each video's length in seconds: from ``cache`` when known, else ``videos.list``
    calls of :data:`DURATION_BATCH` ids."""
    known = cache.durations(channel_id) if cache is not None else {}
    missing = [video for video in video_ids if video not in known]
    calls = math.ceil(len(missing) / DURATION_BATCH)
    fetched: dict[str, int] = {}
    for number in range(calls):
        ctx.check()
        ctx.report(100 * number // calls, f"Fetching durations: {number + 1} of {calls}…")
        chunk = missing[number * DURATION_BATCH : (number + 1) * DURATION_BATCH]
        fetched.update(client.call(channel_id, _durations_of(chunk), ctx))
    if cache is not None:
        cache.keep_durations(channel_id, fetched)
    return {**known, **fetched}


def _durations_of(chunk: list[str]) -> Callable[[Shard], dict[str, int]]:
    return lambda shard: shard.fetch_durations(chunk)


_ANALYTICS: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    ("Views over time", ("day",), ("views", "estimatedMinutesWatched"), ("day",)),
    ("Audience retention", ("elapsedVideoTimeRatio",), ("audienceWatchRatio",), ()),
    (
        "Traffic sources",
        ("insightTrafficSourceType",),
        ("views", "estimatedMinutesWatched"),
        ("-views",),
    ),
    (
        "Geography",
        ("country",),
        ("views", "estimatedMinutesWatched", "averageViewDuration"),
        ("-views",),
    ),
    (
        "Devices",
        ("deviceType",),
        ("views", "estimatedMinutesWatched"),
        ("-views",),
    ),
)


def video_analytics_queries(
    video_id: str, start: dt.date, end: dt.date
) -> list[tuple[str, catalogue.Query]]:
    """Studio's per-video set, each filtered to ``video_id`` over ``start``..``end`` and
    validated: views over time, audience retention, traffic sources, geography, devices."""
    queries = []
    for title, dimensions, metrics, sort in _ANALYTICS:
        query = catalogue.Query(
            dimensions=dimensions,
            metrics=metrics,
            filters={"video": video_id},
            sort_options=sort,
            start_date=start,
            end_date=end,
        )
        catalogue.validate(query)
        queries.append((title, query))
    return queries
