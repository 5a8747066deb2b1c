"""The channel report types (video, playlist and ad performance), as data.

The three reports Google added in May 2024 live in :mod:`.report_types_2024`.

Order matters: ``detect`` takes the first type whose rules fit, so broader types
with richer metric sets come before their narrower cousins.
"""

from __future__ import annotations

from types import MappingProxyType

from .metrics import in_column_order
from .report_type import ReportType
from .report_types_2024 import REPORT_TYPES_2024
from .rules import ExactlyOne, OneOrMore, Required, ZeroOrMore, ZeroOrOne
from .values import DETAILED_TRAFFIC_SOURCES

__all__ = ["REPORT_TYPES", "REPORT_TYPES_BY_NAME"]


_ANNOTATIONS_AND_CARDS = (
    "annotationClickThroughRate", "annotationCloseRate", "annotationImpressions",
    "annotationClickableImpressions", "annotationClosableImpressions", "annotationClicks",
    "annotationCloses", "cardClickRate", "cardTeaserClickRate", "cardImpressions",
    "cardTeaserImpressions", "cardClicks", "cardTeaserClicks",
)  # fmt: skip
_REVENUE = (
    "estimatedRevenue", "estimatedAdRevenue", "grossRevenue", "estimatedRedPartnerRevenue",
    "monetizedPlaybacks", "playbackBasedCpm", "adImpressions", "cpm",
)  # fmt: skip
# engagedViews (a core metric since 31 Mar 2025) goes wherever views does.
LIVE = in_column_order(
    "engagedViews", "views", "redViews", "estimatedMinutesWatched", "estimatedRedMinutesWatched",
    "averageViewDuration",
)  # fmt: skip
VIEW_PCT = in_column_order(*LIVE, "averageViewPercentage")
PROVINCE = in_column_order(*VIEW_PCT, *_ANNOTATIONS_AND_CARDS)
SUBSCRIPTION = in_column_order(
    *PROVINCE, "likes", "dislikes", "videosAddedToPlaylists", "videosRemovedFromPlaylists",
    "shares",
)  # fmt: skip
VIDEO = in_column_order(
    *SUBSCRIPTION, "comments", "subscribersGained", "subscribersLost", *_REVENUE
)
LT = in_column_order("engagedViews", "views", "estimatedMinutesWatched")
CITY = in_column_order(*LT, "averageViewDuration", "averageViewPercentage")
RETENTION = in_column_order(
    "audienceWatchRatio", "relativeRetentionPerformance", "startedWatching", "stoppedWatching",
    "totalSegmentImpressions",
)  # fmt: skip
TOP_PL = in_column_order(
    "averageTimeInPlaylist", "playlistAverageViewDuration", "playlistEstimatedMinutesWatched",
    "playlistSaves", "playlistStarts", "playlistViews", "viewsPerPlaylistStart",
)  # fmt: skip
PLAYLIST = in_column_order(*LT, "averageViewDuration", *TOP_PL)
LOC_PL = tuple(m for m in PLAYLIST if m != "playlistSaves")
GEO_PL = in_column_order(*LT, "averageViewDuration")
AD = in_column_order("grossRevenue", "adImpressions", "cpm")

SORT_TOP = ("views", "redViews", "estimatedMinutesWatched", "estimatedRedMinutesWatched")
SORT_TOP_EXTRA = (*SORT_TOP, "estimatedRevenue", "estimatedRedPartnerRevenue",
                  "subscribersGained", "subscribersLost")  # fmt: skip
SORT_LT = ("views", "estimatedMinutesWatched")
SORT_PL = ("playlistViews", "playlistEstimatedMinutesWatched", "playlistStarts")

CCT = "creatorContentType"
LIVE_D, SUB, YTP = "liveOrOnDemand", "subscribedStatus", "youtubeProduct"
GEO = ZeroOrOne("country", "province", "continent", "subContinent")
GEO_NP = ZeroOrOne("country", "continent", "subContinent")
CONT = ZeroOrOne("continent", "subContinent")
VG = ZeroOrOne("video", "group")
PG = ExactlyOne("playlist", "group")
TIME = ExactlyOne("day", "month")
TIME_OPT = ZeroOrOne("day", "month")
US = Required("country==US")
DETAIL = MappingProxyType({"insightTrafficSourceType": DETAILED_TRAFFIC_SOURCES})
TRAFFIC_LIMIT = 50_000  # videos x days, Google's rule since 18 Nov 2024

R = ReportType
_VIDEO_TYPES = (
    R("Basic user activity", (), (GEO_NP, VG), VIDEO),
    R("Basic user activity (US)", (), (Required("province"), VG), PROVINCE),
    R("Time-based activity", (TIME, ZeroOrMore(CCT)), (GEO_NP, VG), VIDEO),
    R("Time-based activity (US)", (TIME, ZeroOrMore(CCT)), (Required("province"), VG), PROVINCE),
    R("Geography-based activity", (Required("country"), ZeroOrMore(CCT)), (CONT, VG), VIDEO),
    R("Geography-based activity (US)", (Required("province"), ZeroOrMore(CCT)), (US, VG), PROVINCE),
    R(
        "Geography-based activity (by city)",
        (Required("city"), ZeroOrMore(CCT, "country", SUB), TIME_OPT),
        (GEO, VG),
        CITY,
        sort_options=SORT_LT,
        max_results=250,
        descending_only=True,
    ),
    R(
        "Geography-based activity (by city, US)",
        (Required("city", "province"), ZeroOrMore(CCT, "country", SUB), TIME_OPT),
        (US, VG),
        CITY,
        sort_options=SORT_LT,
        max_results=250,
        descending_only=True,
    ),
    R(
        "User activity by subscribed status",
        (ZeroOrMore(CCT, SUB), TIME_OPT),
        (GEO_NP, VG, ZeroOrMore(SUB)),
        SUBSCRIPTION,
    ),
    R(
        "User activity by subscribed status (US)",
        (ZeroOrMore(CCT, SUB), TIME_OPT),
        (VG, ZeroOrMore("province", SUB)),
        PROVINCE,
    ),
    # averageViewPercentage cannot be used with liveOrOnDemand (as a dimension or a filter),
    # so each playback-detail report comes as a "(live)" and a "(view percentage)" variant.
    R(
        "Time-based playback details (live)",
        (ZeroOrMore(CCT, LIVE_D, SUB, YTP), TIME_OPT),
        (GEO, VG, ZeroOrMore(LIVE_D, SUB, YTP)),
        LIVE,
    ),
    R(
        "Time-based playback details (view percentage)",
        (ZeroOrMore(CCT, SUB, YTP), TIME_OPT),
        (GEO, VG, ZeroOrMore(SUB, YTP)),
        VIEW_PCT,
    ),
    R(
        "Geography-based playback details (live)",
        (Required("country"), ZeroOrMore(CCT, LIVE_D, SUB, YTP)),
        (CONT, VG, ZeroOrMore(LIVE_D, SUB, YTP)),
        LIVE,
    ),
    R(
        "Geography-based playback details (view percentage)",
        (Required("country"), ZeroOrMore(CCT, SUB, YTP)),
        (CONT, VG, ZeroOrMore(SUB, YTP)),
        VIEW_PCT,
    ),
    R(
        "Geography-based playback details (live, US)",
        (Required("province"), ZeroOrMore(CCT, LIVE_D, SUB, YTP)),
        (US, VG, ZeroOrMore(LIVE_D, SUB, YTP)),
        LIVE,
    ),
    R(
        "Geography-based playback details (view percentage, US)",
        (Required("province"), ZeroOrMore(CCT, SUB, YTP)),
        (US, VG, ZeroOrMore(SUB, YTP)),
        VIEW_PCT,
    ),
    R(
        "Playback locations",
        (Required("insightPlaybackLocationType"), ZeroOrMore(CCT, "day", LIVE_D, SUB)),
        (GEO, VG, ZeroOrMore(LIVE_D, SUB)),
        LT,
    ),
    R(
        "Playback locations (detailed)",
        (Required("insightPlaybackLocationDetail"), ZeroOrMore(CCT)),
        (Required("insightPlaybackLocationType==EMBEDDED"), GEO, VG, ZeroOrMore(LIVE_D, SUB)),
        LT,
        sort_options=SORT_LT,
        max_results=25,
        descending_only=True,
    ),
    R(
        "Traffic sources",
        (Required("insightTrafficSourceType"), ZeroOrMore(CCT, "day", LIVE_D, SUB)),
        (GEO, VG, ZeroOrMore(LIVE_D, SUB)),
        LT,
        video_days_limit=TRAFFIC_LIMIT,
    ),
    R(
        "Traffic sources (detailed)",
        (Required("insightTrafficSourceDetail"), ZeroOrMore(CCT)),
        (Required("insightTrafficSourceType"), GEO, VG, ZeroOrMore(LIVE_D, SUB)),
        LT,
        sort_options=SORT_LT,
        max_results=25,
        descending_only=True,
        filter_values=DETAIL,
        video_days_limit=TRAFFIC_LIMIT,
    ),
    R(
        "Device types",
        (Required("deviceType"), ZeroOrMore(CCT, "day", LIVE_D, SUB, YTP)),
        (GEO, VG, ZeroOrMore("operatingSystem", LIVE_D, SUB, YTP)),
        LT,
    ),
    R(
        "Operating systems",
        (Required("operatingSystem"), ZeroOrMore(CCT, "day", LIVE_D, SUB, YTP)),
        (GEO, VG, ZeroOrMore("deviceType", LIVE_D, SUB, YTP)),
        LT,
    ),
    R(
        "Device types and operating systems",
        (Required("deviceType", "operatingSystem"), ZeroOrMore(CCT, "day", LIVE_D, SUB, YTP)),
        (GEO, VG, ZeroOrMore(LIVE_D, SUB, YTP)),
        LT,
    ),
    R(
        "Viewer demographics",
        (OneOrMore("ageGroup", "gender"), ZeroOrMore(CCT, LIVE_D, SUB)),
        (GEO, VG, ZeroOrMore(LIVE_D, SUB)),
        in_column_order("viewerPercentage"),
    ),
    R(
        "Engagement and content sharing",
        (Required("sharingService"), ZeroOrMore(CCT, SUB)),
        (GEO_NP, VG, ZeroOrMore(SUB)),
        in_column_order("shares"),
    ),
    R(
        "Audience retention",
        (Required("elapsedVideoTimeRatio"), ZeroOrMore(CCT)),
        (Required("video"), ZeroOrMore("audienceType", SUB, YTP)),
        RETENTION,
        single_value=frozenset({"video"}),
    ),
    R(
        "Top videos by region",
        (Required("video"), ZeroOrMore(CCT)),
        (GEO_NP,),
        VIDEO,
        sort_options=SORT_TOP_EXTRA,
        max_results=200,
        descending_only=True,
    ),
    R(
        "Top videos by state",
        (Required("video"), ZeroOrMore(CCT)),
        (Required("province"), ZeroOrMore(SUB)),
        PROVINCE,
        sort_options=SORT_TOP,
        max_results=200,
        descending_only=True,
    ),
    R(
        "Top videos by subscription status",
        (Required("video"), ZeroOrMore(CCT)),
        (ZeroOrMore(SUB), GEO_NP),
        SUBSCRIPTION,
        sort_options=SORT_TOP,
        max_results=200,
        descending_only=True,
    ),
    R(
        "Top videos by YouTube product",
        (Required("video"), ZeroOrMore(CCT)),
        (GEO, ZeroOrMore(SUB, YTP)),
        VIEW_PCT,
        sort_options=SORT_TOP,
        max_results=200,
        descending_only=True,
    ),
    R(
        "Top videos by playback detail (live)",
        (Required("video"), ZeroOrMore(CCT)),
        (GEO, ZeroOrMore(LIVE_D, SUB, YTP)),
        LIVE,
        sort_options=SORT_TOP,
        max_results=200,
        descending_only=True,
    ),
    R(
        "Top videos by playback detail (view percentage)",
        (Required("video"), ZeroOrMore(CCT)),
        (GEO, ZeroOrMore(SUB, YTP)),
        VIEW_PCT,
        sort_options=SORT_TOP,
        max_results=200,
        descending_only=True,
    ),
)

# Google dropped location filters from the channel playlist reports on 19 Jan 2024.
_PLAYLIST_TYPES = (
    R("Basic user activity for playlists", (), (PG,), PLAYLIST, playlist=True),
    R("Time-based activity for playlists", (TIME,), (PG,), PLAYLIST, playlist=True),
    R(
        "Geography-based activity for playlists",
        (Required("country"),),
        (PG,),
        GEO_PL,
        playlist=True,
    ),
    R(
        "Geography-based activity for playlists (US)",
        (Required("province"),),
        (US, PG),
        GEO_PL,
        playlist=True,
    ),
    R(
        "Playback locations for playlists",
        (Required("insightPlaybackLocationType"),),
        (PG,),
        LOC_PL,
        playlist=True,
    ),
    R(
        "Playback locations for playlists (detailed)",
        (Required("insightPlaybackLocationDetail"),),
        (Required("insightPlaybackLocationType==EMBEDDED"), PG),
        LOC_PL,
        sort_options=SORT_PL,
        max_results=25,
        descending_only=True,
        playlist=True,
    ),
    R(
        "Traffic sources for playlists",
        (Required("insightTrafficSourceType"),),
        (PG,),
        PLAYLIST,
        playlist=True,
        video_days_limit=TRAFFIC_LIMIT,
    ),
    R(
        "Traffic sources for playlists (detailed)",
        (Required("insightTrafficSourceDetail"),),
        (Required("insightTrafficSourceType"), PG),
        PLAYLIST,
        sort_options=SORT_PL,
        max_results=25,
        descending_only=True,
        playlist=True,
        filter_values=DETAIL,
        video_days_limit=TRAFFIC_LIMIT,
    ),
    R("Device types for playlists", (Required("deviceType"),), (PG,), LOC_PL, playlist=True),
    R(
        "Operating systems for playlists",
        (Required("operatingSystem"),),
        (PG,),
        LOC_PL,
        playlist=True,
    ),
    R(
        "Device types and operating systems for playlists",
        (Required("deviceType", "operatingSystem"),),
        (PG,),
        LOC_PL,
        playlist=True,
    ),
    R(
        "Viewer demographics for playlists",
        (OneOrMore("ageGroup", "gender"),),
        (PG,),
        in_column_order("viewerPercentage"),
        playlist=True,
    ),
    R(
        "Top playlists",
        (Required("playlist"),),
        (),
        TOP_PL,
        sort_options=SORT_PL,
        max_results=200,
        descending_only=True,
        playlist=True,
    ),
)

REPORT_TYPES: tuple[ReportType, ...] = (
    *_VIDEO_TYPES,
    *_PLAYLIST_TYPES,
    R("Ad performance", (Required("adType"), ZeroOrMore("day")), (VG, GEO_NP), AD),
    *REPORT_TYPES_2024,
)
REPORT_TYPES_BY_NAME: dict[str, ReportType] = {rt.name: rt for rt in REPORT_TYPES}
