"""One-video tabs: the video they start on, and the live-streams-only rule of Live viewers.

Google reports concurrent viewers only for a video that was streamed live; any other
video gets an empty report, so the Live viewers tab offers only the channel's live streams.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from analytix_desktop.api import catalogue
from analytix_desktop.core.context import LIVE_CHECKED_UPLOADS, ChannelContext
from analytix_desktop.core.ranges import last_data_day
from analytix_desktop.gui.builder.breakdowns import Breakdown
from analytix_desktop.gui.builder.explain import Fix
from analytix_desktop.gui.formatting import format_date

__all__ = ["NOT_LIVE", "first_video", "no_live_streams", "stream_outside_dates"]

_CONCURRENCY = frozenset({"averageConcurrentViewers", "peakConcurrentViewers"})

NOT_LIVE = "not a live stream"
"""Why the Live viewers tab's video picker greys out a video."""


def first_video(item: Breakdown, context: ChannelContext | None) -> str | None:
    """The video a one-video tab starts on, as Studio does: the newest upload, or for
    the Live viewers tab the newest live stream (None: there is none, or no channel)."""
    videos = context.videos if context is not None else {}
    if item.needs_live_video:  # uploads come newest first
        return next((video_id for video_id, video in videos.items() if video.live), None)
    return next(iter(videos), None) if item.needs_video else None


def no_live_streams(item: Breakdown, context: ChannelContext | None) -> str:
    """Why ``item`` cannot run on the channel: it needs a live stream and the channel's
    (loaded) uploads have none; "" when it can."""
    if not item.needs_live_video or context is None or not context.videos:
        return ""
    if any(video.live for video in context.videos.values()):
        return ""
    if len(context.videos) > LIVE_CHECKED_UPLOADS:
        return f"This channel has no live streams among its newest {LIVE_CHECKED_UPLOADS} uploads"
    return "This channel has no live streams among its uploads"


def stream_outside_dates(
    query: catalogue.Query, context: ChannelContext | None
) -> tuple[str, Fix] | None:
    """A warning and a fix when the one stream of a concurrent-viewers query was streamed
    outside its dates: Google has viewers for the days it was live, so its report would be
    empty. The fix sets the dates to the stream's day and the next (a stream may run past
    midnight), as far as there is data."""
    videos = query.values("video")
    if not _CONCURRENCY & set(query.metrics) or len(videos) != 1 or context is None:
        return None
    video = context.videos.get(videos[0])
    day = video.published if video is not None else None
    if video is None or day is None or query.start_date <= day <= query.end_date:
        return None
    end = max(day, min(day + dt.timedelta(days=1), last_data_day()))
    note = f"“{video.title}” was streamed on {format_date(day)}, outside these dates"
    return note, Fix(
        "Use the days of the stream", dataclasses.replace(query, start_date=day, end_date=end)
    )
