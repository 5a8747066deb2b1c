"""Every metric of the channel reports, in canonical column order.

Columns of ``_TABLE``: name | title | data type (I/F) | unit | flags (a = additive,
r = revenue) | description.
"""

# ruff: noqa: E501 (data tables keep one record per line)

from __future__ import annotations

from typing import cast

from .model import Metric, Unit

__all__ = ["METRICS", "REVENUE_METRICS", "in_column_order"]

_TABLE = """
views|Views|I|count|a|How many times the videos were watched (for Shorts, every start or replay counts).
engagedViews|Engaged views|I|count|a|Views that lasted past the first few seconds; the pre-2025 way of counting Shorts views.
redViews|Premium views|I|count|a|Views by YouTube Premium members.
comments|Comments|I|count|a|Comments left on the videos.
likes|Likes|I|count|a|Times viewers liked a video.
dislikes|Dislikes|I|count|a|Times viewers disliked a video.
videosAddedToPlaylists|Added to playlists|I|count|a|Times a video was added to a viewer's playlist.
videosRemovedFromPlaylists|Removed from playlists|I|count|a|Times a video was taken out of a viewer's playlist.
shares|Shares|I|count|a|Times viewers used the Share button.
estimatedMinutesWatched|Watch time (minutes)|I|minutes|a|Estimated minutes spent watching.
estimatedRedMinutesWatched|Premium watch time (minutes)|I|minutes|a|Estimated minutes spent watching by YouTube Premium members.
averageViewDuration|Average view duration (s)|I|seconds||Average length of a playback, in seconds.
averageViewPercentage|Average percentage viewed|F|percent||Average share of a video's length that a playback covered.
annotationClickThroughRate|Annotation click-through rate|F|ratio||Clicked annotations as a share of clickable annotation impressions.
annotationCloseRate|Annotation close rate|F|ratio||Closed annotations as a share of all annotation impressions.
annotationImpressions|Annotation impressions|I|count|a|Times annotations were shown.
annotationClickableImpressions|Clickable annotation impressions|I|count|a|Times annotations that can be clicked were shown.
annotationClosableImpressions|Closable annotation impressions|I|count|a|Times annotations that can be closed were shown.
annotationClicks|Annotation clicks|I|count|a|Times annotations were clicked.
annotationCloses|Annotation closes|I|count|a|Times annotations were closed.
cardClickRate|Card click rate|F|ratio||Card clicks as a share of card impressions.
cardTeaserClickRate|Card teaser click rate|F|ratio||Teaser clicks as a share of teaser impressions.
cardImpressions|Card impressions|I|count|a|Times cards were shown.
cardTeaserImpressions|Card teaser impressions|I|count|a|Times card teasers were shown.
cardClicks|Card clicks|I|count|a|Times cards were clicked.
cardTeaserClicks|Card teaser clicks|I|count|a|Times card teasers were clicked.
subscribersGained|Subscribers gained|I|count|a|New subscriptions to the channel.
subscribersLost|Subscribers lost|I|count|a|Cancelled subscriptions to the channel.
estimatedRevenue|Estimated revenue|F|currency|ar|Net revenue from every Google-sold source, after the revenue share.
estimatedAdRevenue|Estimated ad revenue|F|currency|ar|Net revenue from ads sold through Google.
grossRevenue|Gross revenue|F|currency|ar|Gross ad revenue before the revenue share.
estimatedRedPartnerRevenue|Estimated Premium revenue|F|currency|ar|Net revenue from YouTube Premium subscriptions.
monetizedPlaybacks|Monetised playbacks|I|count|ar|Playbacks that showed at least one ad.
playbackBasedCpm|Playback-based CPM|F|rate|r|Gross revenue per thousand playbacks that showed an ad.
adImpressions|Ad impressions|I|count|ar|Verified ad impressions served.
cpm|CPM|F|rate|r|Gross revenue per thousand ad impressions.
viewerPercentage|Viewer percentage|F|percent||Share of signed-in viewers in a demographic group.
audienceWatchRatio|Audience watch ratio|F|ratio||Viewers still watching at a point of the video, relative to its views.
relativeRetentionPerformance|Relative retention|F|ratio||Retention at a point compared with videos of similar length (0 worst, 1 best).
startedWatching|Started watching|I|count|a|Viewers who began watching within a segment of the video.
stoppedWatching|Stopped watching|I|count|a|Viewers who stopped watching within a segment of the video.
totalSegmentImpressions|Segment impressions|I|count|a|Times a segment of the video was watched, rewatches included.
averageConcurrentViewers|Average concurrent viewers|I|count||Average number of viewers watching a live stream at once (per minute, or over the stream).
peakConcurrentViewers|Peak concurrent viewers|I|count||Most viewers watching a live stream at once (per minute, or over the stream).
membershipsCancellationSurveyResponses|Cancellation survey responses|I|count|a|Channel memberships cancelled, counted by the reason given in the cancellation survey.
averageTimeInPlaylist|Average time in playlist (min)|F|minutes||Average minutes a viewer stayed in a playlist after starting it.
playlistAverageViewDuration|Playlist average view duration (s)|I|seconds||Average length of a playback within a playlist, in seconds.
playlistEstimatedMinutesWatched|Playlist watch time (minutes)|F|minutes|a|Estimated minutes watched within a playlist.
playlistSaves|Playlist saves|I|count|a|Net times a playlist was saved.
playlistStarts|Playlist starts|I|count|a|Times playback of a playlist began.
playlistViews|Playlist views|I|count|a|Video views that happened within a playlist.
viewsPerPlaylistStart|Views per playlist start|F|ratio||Average video views each time a playlist was started.
"""


def _parse(table: str) -> dict[str, Metric]:
    metrics: dict[str, Metric] = {}
    for line in table.strip().splitlines():
        name, title, kind, unit, flags, description = line.split("|")
        metrics[name] = Metric(
            name=name,
            title=title,
            description=description,
            data_type="INTEGER" if kind == "I" else "FLOAT",
            unit=cast(Unit, unit),
            additive="a" in flags,
            revenue="r" in flags,
        )
    return metrics


METRICS: dict[str, Metric] = _parse(_TABLE)
REVENUE_METRICS: frozenset[str] = frozenset(m.name for m in METRICS.values() if m.revenue)


def in_column_order(*names: str) -> tuple[str, ...]:
    """``names`` in canonical column order (KeyError on a typo, at import)."""
    wanted = {METRICS[name].name for name in names}
    return tuple(name for name in METRICS if name in wanted)
