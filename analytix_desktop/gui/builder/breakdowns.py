"""The breakdown tabs of the builder (like YouTube Studio's Advanced mode), as data."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BREAKDOWNS", "Breakdown", "breakdown"]


@dataclass(frozen=True)
class Breakdown:
    """A tab: the dimensions and metrics it preselects, and the sort/limit a top list needs."""

    key: str
    title: str
    dimensions: tuple[str, ...]
    metrics: tuple[str, ...]
    sort: tuple[str, ...] = ()
    max_results: int = 0
    hint: str = ""
    needs_video: bool = False
    """Preselect the channel's newest upload as the video filter (a one-video report)."""
    needs_live_video: bool = False
    """Preselect the channel's newest live stream as the video filter, and offer only live
    streams there (a report of one live stream)."""
    filters: tuple[tuple[str, str], ...] = ()
    """Filters the report cannot do without (a US-only report's country)."""


_WATCH = ("views", "estimatedMinutesWatched", "averageViewDuration")
_MOST_VIEWED = ("-views",)  # like Studio: the biggest rows first

BREAKDOWNS: tuple[Breakdown, ...] = (
    Breakdown("time", "Time", ("day",), (*_WATCH, "likes", "subscribersGained")),
    Breakdown("geography", "Geography", ("country",), _WATCH, sort=_MOST_VIEWED),
    Breakdown(
        "traffic",
        "Traffic source",
        ("insightTrafficSourceType",),
        ("views", "estimatedMinutesWatched"),
        sort=_MOST_VIEWED,
    ),
    Breakdown(
        "device", "Device", ("deviceType",), ("views", "estimatedMinutesWatched"), sort=_MOST_VIEWED
    ),
    Breakdown(
        "os",
        "Operating system",
        ("operatingSystem",),
        ("views", "estimatedMinutesWatched"),
        sort=_MOST_VIEWED,
    ),
    Breakdown("demographics", "Demographics", ("ageGroup", "gender"), ("viewerPercentage",)),
    Breakdown(
        "playback",
        "Playback location",
        ("insightPlaybackLocationType",),
        ("views", "estimatedMinutesWatched"),
        sort=_MOST_VIEWED,
    ),
    Breakdown("sharing", "Sharing", ("sharingService",), ("shares",), sort=("-shares",)),
    Breakdown(
        "retention",
        "Retention",
        ("elapsedVideoTimeRatio",),
        ("audienceWatchRatio", "relativeRetentionPerformance"),
        hint="Audience retention is for one video: choose it under Filters > Video.",
        needs_video=True,
    ),
    Breakdown(
        "dma",
        "US markets",
        ("dma",),
        ("views", "estimatedMinutesWatched", "averageViewDuration"),
        sort=_MOST_VIEWED,
        filters=(("country", "US"),),
        hint="US television markets (Nielsen DMAs) need Filters > Country set to United States.",
    ),
    Breakdown(
        "live",
        "Live viewers",
        ("livestreamPosition",),
        ("averageConcurrentViewers", "peakConcurrentViewers"),
        hint="Concurrent viewers are for one live stream: choose it under Filters > Video.",
        needs_live_video=True,
    ),
    Breakdown(
        "members",
        "Memberships",
        ("membershipsCancellationSurveyReason",),
        ("membershipsCancellationSurveyResponses",),
        sort=("-membershipsCancellationSurveyResponses",),
        hint="Why members cancelled, from YouTube's cancellation survey.",
    ),
    Breakdown(
        "top_videos", "Top videos", ("video",), (*_WATCH, "likes"), sort=("-views",), max_results=25
    ),
    Breakdown(
        "playlists",
        "Playlists",
        ("playlist",),
        ("playlistViews", "playlistStarts", "playlistEstimatedMinutesWatched"),
        sort=("-playlistViews",),
        max_results=25,
    ),
    Breakdown(
        "ads",
        "Ad performance",
        ("adType",),
        ("grossRevenue", "adImpressions", "cpm"),
        sort=("-grossRevenue",),
        hint="Ad performance needs the monetary scope and a monetised channel.",
    ),
)


def breakdown(key: str) -> Breakdown | None:
    """The breakdown named ``key``, or None."""
    return next((item for item in BREAKDOWNS if item.key == key), None)
