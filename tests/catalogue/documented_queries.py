"""Channel-report queries written by hand from Google's YouTube Analytics API documentation.

This table is the independent check on the app's report catalogue: every case rests on a section of
developers.google.com/youtube/analytics (channel_reports, dimensions, metrics, revision_history,
reference/reports/query, sample-requests), never on the catalogue's own code. A reject names why.

Section names in ``source`` follow the page's report headings; ``revision_history <date>`` names the
dated entry. Values that are inherently lists (500 video ids) are spelt by a helper, not derived.
"""

from __future__ import annotations

from dataclasses import dataclass, field

VIDEO = "dQw4w9WgXcQ"
OTHER_VIDEO = "9bZkp7q19f0"
PLAYLIST = "PLrAXtmErZgOeiKm4sgNOknGvNjby9efdf"
OTHER_PLAYLIST = "PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs"
VIDEO_GROUP = "VideoGroup01"
PLAYLIST_GROUP = "PlaylistGroup01"
GROUP_KINDS = {VIDEO_GROUP: "video", PLAYLIST_GROUP: "playlist"}


def video_ids(count: int) -> str:
    """A comma list of ``count`` distinct, well-formed 11-character video ids."""
    return ",".join(f"vid{number:08d}" for number in range(count))


@dataclass(frozen=True)
class DocumentedQuery:
    """One query and whether Google's documentation lets a channel run it."""

    label: str
    report: str
    accept: bool
    source: str
    why: str = ""
    dimensions: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ("views",)
    filters: dict[str, str] = field(default_factory=dict)
    sort: tuple[str, ...] = ()
    max_results: int = 0
    currency: str = "USD"
    days: int = 28
    groups: dict[str, str] = field(default_factory=dict)


def accepted(label: str, report: str, source: str, **query: object) -> DocumentedQuery:
    """A query the documentation supports."""
    return DocumentedQuery(label, report, True, source, **query)  # type: ignore[arg-type]


def refused(label: str, report: str, source: str, why: str, **query: object) -> DocumentedQuery:
    """A query the documentation does not support, with the reason."""
    return DocumentedQuery(label, report, False, source, why, **query)  # type: ignore[arg-type]


# My names for the channel report types Google lists; the coverage test checks each has an accept.
VIDEO_REPORTS = (
    "basic",
    "basic_us",
    "time_based",
    "time_based_us",
    "geography",
    "geography_us",
    "city",
    "subscribed_status",
    "subscribed_status_us",
    "playback_details_live",
    "playback_details_view_percentage",
    "geography_playback_details_live",
    "geography_playback_details_view_percentage",
    "geography_playback_details_live_us",
    "geography_playback_details_view_percentage_us",
    "playback_locations",
    "playback_locations_detailed",
    "traffic_sources",
    "traffic_sources_detailed",
    "device_type",
    "operating_system",
    "operating_system_and_device_type",
    "demographics",
    "sharing_service",
    "audience_retention",
    "top_videos_region",
    "top_videos_state",
    "top_videos_subscriber_type",
    "top_videos_youtube_product",
    "top_videos_playback_details",
    "dma",
    "concurrent_viewers",
    "membership_cancellations",
)
PLAYLIST_REPORTS = (
    "playlist_basic",
    "playlist_time_based",
    "playlist_geography",
    "playlist_geography_us",
    "playlist_playback_locations",
    "playlist_playback_locations_detailed",
    "playlist_traffic_sources",
    "playlist_traffic_sources_detailed",
    "playlist_device_type",
    "playlist_operating_system",
    "playlist_operating_system_and_device_type",
    "playlist_demographics",
    "top_playlists",
)
AD_REPORTS = ("ad_performance",)
REPORT_TYPES = VIDEO_REPORTS + PLAYLIST_REPORTS + AD_REPORTS

_BASIC = "channel_reports#Video reports: Basic stats"
_BASIC_US = "channel_reports#Video reports: Basic stats (US)"
_TIME = "channel_reports#Video reports: Time-based"
_TIME_US = "channel_reports#Video reports: Time-based (US)"
_GEO = "channel_reports#Video reports: Geography-based"
_GEO_US = "channel_reports#Video reports: Geography-based (US)"
_CITY = "channel_reports#Video reports: Geography-based (city); revision_history 2022-12-15"
_SUB = "channel_reports#Video reports: User activity by subscribed status"
_SUB_US = "channel_reports#Video reports: User activity by subscribed status (US)"
_PD_LIVE = "channel_reports#Video reports: Playback details (live)"
_PD_PCT = "channel_reports#Video reports: Playback details (view percentage)"
_GEO_PD_LIVE = "channel_reports#Video reports: Geography-based playback details (live)"
_GEO_PD_PCT = "channel_reports#Video reports: Geography-based playback details (view percentage)"
_GEO_PD_LIVE_US = "channel_reports#Video reports: Geography-based playback details (live, US)"
_GEO_PD_PCT_US = "channel_reports#Video reports: Geography-based playback details (view pct, US)"
_LOC = "channel_reports#Video reports: Playback locations"
_LOC_DETAIL = "channel_reports#Video reports: Playback locations (detailed)"
_TRAFFIC = "channel_reports#Video reports: Traffic sources"
_TRAFFIC_DETAIL = "channel_reports#Video reports: Traffic sources (detailed)"
_TRAFFIC_LIMIT = "revision_history 2024-11-15 (traffic sources: videos x days <= 50,000)"
_DEVICE = "channel_reports#Video reports: Device type"
_OS = "channel_reports#Video reports: Operating system"
_OS_DEVICE = "channel_reports#Video reports: Operating system and device type"
_DEMO = "channel_reports#Video reports: Viewer demographics"
_SHARING = "channel_reports#Video reports: Engagement and content sharing"
_RETENTION = "channel_reports#Video reports: Audience retention"
_TOP_REGION = "channel_reports#Video reports: Top videos by region"
_TOP_STATE = "channel_reports#Video reports: Top videos by state"
_TOP_SUB = "channel_reports#Video reports: Top videos by subscriber type"
_TOP_PRODUCT = "channel_reports#Video reports: Top videos by YouTube product"
_TOP_PLAYBACK = "channel_reports#Video reports: Top videos by playback details"
_DMA = "revision_history 2024-05-06; channel_reports#Video reports: User activity by DMA"
_CONCURRENT = "revision_history 2024-05-06; channel_reports#Video reports: Concurrent viewers"
_MEMBERS = "revision_history 2024-05-06; channel_reports#Video reports: Member cancellations"
_PL = "channel_reports#Playlist reports"
_PL_2024 = "revision_history 2024-01-19 (channel playlist reports)"
_TOP_PL = "channel_reports#Playlist reports: Top playlists"
# Where the stored copy of a playlist table could not be read, the second reading is analytix
# 5.3's transcription of the same tables (its 2024 update), read as a document, not as code.
_PL_TABLES = "channel_reports#Playlist reports (table as transcribed by analytix 5.3)"
_AD = "channel_reports#Ad performance reports"
_FILTERS = "channel_reports#Filters (multiple video/playlist values may also be dimensions)"
_PROVINCE = "dimensions#province (ISO 3166-2: US states and DC only)"
_CONTINENT = "dimensions#continent (UN M49 codes 002, 019, 142, 150, 009)"
_SUBCONTINENT = "dimensions#subContinent (UN M49 sub-region codes)"
_CREATOR = "dimensions#creatorContentType; revision_history 2022-12-15 (dimension only)"
_ENGAGED = "metrics#engagedViews (core); revision_history 2025-03-26/2025-03-31"
_CURRENCY = "reference/reports/query#currency (ISO 4217 code; retired codes are not ISO 4217)"
_MONTH = "dimensions#month (startDate and endDate both the first of a month)"
_SORT = "reference/reports/query#sort; sample-requests#Sorting by multiple dimensions/metrics"
_GROUPS = "data_model#Groups; channel_reports#Filters (group follows its item type)"

_MONEY = ("views", "estimatedRevenue")
_TOP = ("views", "estimatedMinutesWatched")

# The tables keep one case per few lines, as a reader scans them.
# fmt: off
BASIC_CASES = (
    accepted("basic-core-metrics", "basic", _BASIC,
        metrics=("views", "comments", "likes", "dislikes", "shares", "estimatedMinutesWatched",
                 "averageViewDuration", "subscribersGained", "subscribersLost")),
    accepted("basic-engaged-views", "basic", f"{_BASIC}; {_ENGAGED}",
        metrics=("views", "engagedViews")),
    accepted("basic-country-filter", "basic", _BASIC, filters={"country": "GB"}),
    accepted("basic-continent-filter", "basic", f"{_BASIC}; {_CONTINENT}",
        filters={"continent": "019"}),
    accepted("basic-subcontinent-filter", "basic", f"{_BASIC}; {_SUBCONTINENT}",
        filters={"subContinent": "154"}),
    accepted("basic-two-videos", "basic", _BASIC, filters={"video": f"{VIDEO},{OTHER_VIDEO}"}),
    accepted("basic-revenue-eur", "basic", f"{_BASIC}; {_CURRENCY}", metrics=_MONEY,
        currency="EUR"),
    refused("basic-country-and-continent", "basic", _BASIC,
        "the table allows at most one of country, continent, subContinent",
        filters={"country": "GB", "continent": "150"}),
    refused("basic-video-and-group", "basic", _BASIC,
        "the table allows at most one of video, group",
        filters={"video": VIDEO, "group": VIDEO_GROUP}, groups=GROUP_KINDS),
    refused("basic-unknown-continent", "basic", _CONTINENT, "999 is not a continent code",
        filters={"continent": "999"}),
    refused("basic-continent-as-subcontinent", "basic", _SUBCONTINENT,
        "150 (Europe) is a continent code, not a sub-continent code",
        filters={"subContinent": "150"}),
    refused("basic-alpha3-country", "basic", "dimensions#country (ISO 3166-1 alpha-2)",
        "USA is alpha-3; the API takes two-letter codes", filters={"country": "USA"}),
    refused("basic-in-playlist-metric", "basic", f"{_BASIC}; {_PL_2024}",
        "playlistStarts is an in-playlist metric; no video report lists it",
        metrics=("views", "playlistStarts")),
    refused("basic-unknown-metric", "basic", "metrics",
        "impressions is not a YouTube Analytics metric", metrics=("views", "impressions")),
)

CREATOR_CONTENT_TYPE_CASES = (
    accepted("time-day-creator-content-type", "time_based", f"{_TIME}; {_CREATOR}",
        dimensions=("day", "creatorContentType")),
    accepted("geo-country-creator-content-type", "geography", f"{_GEO}; {_CREATOR}",
        dimensions=("country", "creatorContentType")),
    refused("basic-creator-content-type-filter", "basic", _CREATOR,
        "creatorContentType is documented as a dimension, not a filter",
        filters={"creatorContentType": "SHORTS"}),
    refused("time-creator-content-type-filter", "time_based", _CREATOR,
        "creatorContentType is documented as a dimension, not a filter", dimensions=("day",),
        filters={"creatorContentType": "VIDEO_ON_DEMAND"}),
    refused("traffic-creator-content-type-filter", "traffic_sources", _CREATOR,
        "creatorContentType is documented as a dimension, not a filter",
        dimensions=("insightTrafficSourceType",), filters={"creatorContentType": "LIVE_STREAM"}),
)

US_CASES = (
    accepted("basic-us-california", "basic_us", f"{_BASIC_US}; {_PROVINCE}",
        filters={"province": "US-CA"}),
    accepted("basic-us-district-of-columbia", "basic_us", f"{_BASIC_US}; {_PROVINCE}",
        filters={"province": "US-DC"}),
    accepted("basic-us-new-york-one-video", "basic_us", _BASIC_US,
        filters={"province": "US-NY", "video": VIDEO}),
    refused("basic-us-puerto-rico", "basic_us", _PROVINCE,
        "PR has its own ISO 3166-1 code; not a state or DC", filters={"province": "US-PR"}),
    refused("basic-us-guam", "basic_us", _PROVINCE, "GU is not a US state or DC",
        filters={"province": "US-GU"}),
    refused("basic-us-virgin-islands", "basic_us", _PROVINCE, "VI is not a US state or DC",
        filters={"province": "US-VI"}),
    refused("basic-us-american-samoa", "basic_us", _PROVINCE, "AS is not a US state or DC",
        filters={"province": "US-AS"}),
    refused("basic-us-northern-mariana", "basic_us", _PROVINCE, "MP is not a US state or DC",
        filters={"province": "US-MP"}),
    refused("basic-us-outlying-islands", "basic_us", _PROVINCE, "UM is not a US state or DC",
        filters={"province": "US-UM"}),
    refused("basic-us-canadian-province", "basic_us", _PROVINCE, "CA-ON is not a US state",
        filters={"province": "CA-ON"}),
    refused("basic-us-likes", "basic_us", _BASIC_US,
        "the US tables list view/watch-time/annotation/card metrics, not likes",
        metrics=("views", "likes"), filters={"province": "US-CA"}),
    refused("basic-us-subscribers", "basic_us", _BASIC_US,
        "the US tables do not list subscribersGained", metrics=("views", "subscribersGained"),
        filters={"province": "US-TX"}),
    accepted("time-us-washington", "time_based_us", _TIME_US, dimensions=("day",),
        filters={"province": "US-WA"}),
    refused("time-us-guam", "time_based_us", _PROVINCE, "GU is not a US state or DC",
        dimensions=("day",), filters={"province": "US-GU"}),
    accepted("geo-us-province", "geography_us", _GEO_US, dimensions=("province",),
        filters={"country": "US"}, metrics=("views", "estimatedMinutesWatched")),
    accepted("geo-us-province-video", "geography_us", _GEO_US, dimensions=("province",),
        filters={"country": "US", "video": VIDEO}),
    refused("geo-us-without-country", "geography_us", _GEO_US,
        "the table requires the filter country==US", dimensions=("province",)),
    refused("geo-us-canada", "geography_us", _GEO_US, "the table requires country==US, not CA",
        dimensions=("province",), filters={"country": "CA"}),
    refused("geo-us-comments", "geography_us", _GEO_US, "the US tables do not list comments",
        dimensions=("province",), filters={"country": "US"}, metrics=("views", "comments")),
)

TIME_AND_GEO_CASES = (
    accepted("time-day", "time_based", _TIME, dimensions=("day",),
        metrics=("views", "likes", "subscribersGained")),
    accepted("time-month", "time_based", f"{_TIME}; {_MONTH}", dimensions=("month",), days=31),
    refused("time-month-ends-mid-month", "time_based", _MONTH,
        "with month, endDate must be the first of a month", dimensions=("month",), days=30),
    accepted("time-day-engaged-views", "time_based", f"{_TIME}; {_ENGAGED}", dimensions=("day",),
        metrics=("engagedViews",)),
    accepted("time-day-revenue", "time_based", _TIME, dimensions=("day",), metrics=_MONEY),
    accepted("time-day-subcontinent", "time_based", f"{_TIME}; {_SUBCONTINENT}",
        dimensions=("day",), filters={"subContinent": "039"}),
    accepted("time-day-ascending-sort", "time_based", _SORT, dimensions=("day",), sort=("day",)),
    refused("time-day-and-month", "time_based", _TIME, "the table takes exactly one of day, month",
        dimensions=("day", "month"), days=31),
    refused("time-day-video-single-filter", "time_based", _FILTERS,
        "video is a dimension only with several video filter values", dimensions=("day", "video")),
    accepted("time-day-video-several", "time_based", _FILTERS, dimensions=("day", "video"),
        filters={"video": f"{VIDEO},{OTHER_VIDEO}"}),
    accepted("geo-country", "geography", _GEO, dimensions=("country",),
        metrics=("views", "likes", "comments", "subscribersGained")),
    accepted("geo-country-engaged-views", "geography", f"{_GEO}; {_ENGAGED}",
        dimensions=("country",), metrics=("views", "engagedViews")),
    accepted("geo-country-in-europe", "geography", f"{_GEO}; {_CONTINENT}",
        dimensions=("country",), filters={"continent": "150"}),
    refused("geo-country-viewer-percentage", "geography", _GEO,
        "viewerPercentage belongs to the demographics report", dimensions=("country",),
        metrics=("viewerPercentage",)),
)

CITY_CASES = (
    accepted("city-top-250", "city", _CITY, dimensions=("city",), metrics=_TOP, sort=("-views",),
        max_results=250),
    accepted("city-in-france", "city", _CITY, dimensions=("city",), filters={"country": "FR"},
        sort=("-estimatedMinutesWatched",), metrics=_TOP, max_results=25),
    accepted("city-with-province-in-us", "city", f"{_CITY}; {_PROVINCE}",
        dimensions=("city", "province"), filters={"country": "US"}, sort=("-views",),
        max_results=50),
    refused("city-over-250", "city", _CITY, "the city report documents at most 250 results",
        dimensions=("city",), metrics=_TOP, sort=("-views",), max_results=251),
    refused("city-no-sort", "city", _CITY, "the city report is sorted by its documented options",
        dimensions=("city",), metrics=_TOP, max_results=25),
    refused("city-likes", "city", _CITY, "the city table lists view and watch-time metrics only",
        dimensions=("city",), metrics=("views", "likes"), sort=("-views",), max_results=25),
)

SUBSCRIBED_STATUS_CASES = (
    accepted("sub-dimension", "subscribed_status", _SUB, dimensions=("subscribedStatus",),
        metrics=("views", "likes", "estimatedMinutesWatched")),
    accepted("sub-dimension-by-day", "subscribed_status", _SUB,
        dimensions=("subscribedStatus", "day")),
    accepted("sub-filter-only", "subscribed_status", _SUB,
        filters={"subscribedStatus": "SUBSCRIBED"}, metrics=("views", "averageViewPercentage")),
    accepted("sub-filter-by-month", "subscribed_status", _SUB, dimensions=("month",),
        filters={"subscribedStatus": "UNSUBSCRIBED"}, days=31),
    refused("sub-subscribers-gained", "subscribed_status", _SUB,
        "subscribersGained is not listed for the subscribed-status report",
        dimensions=("subscribedStatus",), metrics=("views", "subscribersGained")),
    refused("sub-unknown-value", "subscribed_status", "dimensions#subscribedStatus",
        "values are SUBSCRIBED and UNSUBSCRIBED", filters={"subscribedStatus": "FREE"}),
    accepted("sub-us-california", "subscribed_status_us", _SUB_US,
        dimensions=("subscribedStatus",), filters={"province": "US-CA"}),
    refused("sub-us-puerto-rico", "subscribed_status_us", _PROVINCE, "PR is not a US state or DC",
        dimensions=("subscribedStatus",), filters={"province": "US-PR"}),
)

PLAYBACK_DETAILS_CASES = (
    accepted("pd-live", "playback_details_live", _PD_LIVE, dimensions=("liveOrOnDemand",),
        metrics=("views", "estimatedMinutesWatched", "averageViewDuration")),
    accepted("pd-live-product-filter", "playback_details_live", _PD_LIVE,
        dimensions=("liveOrOnDemand", "day"), filters={"youtubeProduct": "CORE"}),
    refused("pd-live-view-percentage", "playback_details_live", f"{_PD_LIVE}; {_PD_PCT}",
        "averageViewPercentage is not offered with liveOrOnDemand", dimensions=("liveOrOnDemand",),
        metrics=("views", "averageViewPercentage")),
    accepted("pd-view-percentage", "playback_details_view_percentage", _PD_PCT,
        dimensions=("youtubeProduct",), metrics=("views", "averageViewPercentage")),
    refused("pd-unknown-product", "playback_details_view_percentage", "dimensions#youtubeProduct",
        "MUSIC_APP is not a youtubeProduct value", dimensions=("youtubeProduct",),
        filters={"youtubeProduct": "MUSIC_APP"}),
    accepted("geo-pd-live", "geography_playback_details_live", _GEO_PD_LIVE,
        dimensions=("country", "liveOrOnDemand")),
    accepted("geo-pd-view-percentage", "geography_playback_details_view_percentage", _GEO_PD_PCT,
        dimensions=("country", "youtubeProduct"), metrics=("views", "averageViewPercentage")),
    accepted("geo-pd-live-us", "geography_playback_details_live_us", _GEO_PD_LIVE_US,
        dimensions=("province", "liveOrOnDemand"), filters={"country": "US"}),
    refused("geo-pd-live-us-no-country", "geography_playback_details_live_us", _GEO_PD_LIVE_US,
        "province as a dimension needs country==US", dimensions=("province", "liveOrOnDemand")),
    accepted("geo-pd-view-percentage-us", "geography_playback_details_view_percentage_us",
        _GEO_PD_PCT_US, dimensions=("province", "subscribedStatus"), filters={"country": "US"},
        metrics=("views", "averageViewPercentage")),
)

PLAYBACK_LOCATION_CASES = (
    accepted("loc-type", "playback_locations", _LOC, dimensions=("insightPlaybackLocationType",),
        metrics=_TOP),
    accepted("loc-type-by-day", "playback_locations", _LOC,
        dimensions=("insightPlaybackLocationType", "day")),
    accepted("loc-type-unsubscribed", "playback_locations", _LOC,
        dimensions=("insightPlaybackLocationType",), filters={"subscribedStatus": "UNSUBSCRIBED"}),
    accepted("loc-type-engaged-views", "playback_locations", f"{_LOC}; {_ENGAGED}",
        dimensions=("insightPlaybackLocationType",), metrics=("engagedViews",)),
    refused("loc-type-likes", "playback_locations", _LOC,
        "playback-location tables list view and watch-time metrics only",
        dimensions=("insightPlaybackLocationType",), metrics=("views", "likes")),
    accepted("loc-detail-embedded", "playback_locations_detailed", _LOC_DETAIL,
        dimensions=("insightPlaybackLocationDetail",),
        filters={"insightPlaybackLocationType": "EMBEDDED"}, sort=("-views",), max_results=25),
    refused("loc-detail-watch-page", "playback_locations_detailed", _LOC_DETAIL,
        "detail is documented for insightPlaybackLocationType==EMBEDDED only",
        dimensions=("insightPlaybackLocationDetail",),
        filters={"insightPlaybackLocationType": "WATCH"}, sort=("-views",), max_results=25),
    refused("loc-detail-no-type", "playback_locations_detailed", _LOC_DETAIL,
        "the filter insightPlaybackLocationType==EMBEDDED is required",
        dimensions=("insightPlaybackLocationDetail",), sort=("-views",), max_results=25),
    refused("loc-detail-over-25", "playback_locations_detailed", _LOC_DETAIL, "at most 25 results",
        dimensions=("insightPlaybackLocationDetail",),
        filters={"insightPlaybackLocationType": "EMBEDDED"}, sort=("-views",), max_results=26),
    refused("loc-detail-no-sort", "playback_locations_detailed", _LOC_DETAIL,
        "a descending sort is required", dimensions=("insightPlaybackLocationDetail",),
        filters={"insightPlaybackLocationType": "EMBEDDED"}, max_results=25),
    refused("loc-detail-ascending", "playback_locations_detailed", _LOC_DETAIL,
        "sort options are descending only", dimensions=("insightPlaybackLocationDetail",),
        filters={"insightPlaybackLocationType": "EMBEDDED"}, sort=("views",), max_results=25),
)

TRAFFIC_CASES = (
    accepted("traffic-type", "traffic_sources", _TRAFFIC, dimensions=("insightTrafficSourceType",),
        metrics=_TOP),
    accepted("traffic-sample-sort", "traffic_sources", _SORT,
        dimensions=("day", "insightTrafficSourceType"), metrics=_TOP, sort=("day", "-views")),
    accepted("traffic-engaged-views", "traffic_sources", f"{_TRAFFIC}; {_ENGAGED}",
        dimensions=("insightTrafficSourceType",), metrics=("views", "engagedViews")),
    accepted("traffic-live-filter", "traffic_sources", _TRAFFIC,
        dimensions=("insightTrafficSourceType",), filters={"liveOrOnDemand": "LIVE"}),
    accepted("traffic-province-dc", "traffic_sources", f"{_TRAFFIC}; {_PROVINCE}",
        dimensions=("insightTrafficSourceType",), filters={"province": "US-DC"}),
    refused("traffic-province-guam", "traffic_sources", _PROVINCE, "GU is not a US state or DC",
        dimensions=("insightTrafficSourceType",), filters={"province": "US-GU"}),
    accepted("traffic-500-videos-100-days", "traffic_sources", _TRAFFIC_LIMIT,
        dimensions=("insightTrafficSourceType",), filters={"video": video_ids(500)}, days=100),
    refused("traffic-500-videos-101-days", "traffic_sources", _TRAFFIC_LIMIT,
        "500 videos x 101 days = 50,500 > 50,000", dimensions=("insightTrafficSourceType",),
        filters={"video": video_ids(500)}, days=101),
    refused("traffic-200-videos-year", "traffic_sources", _TRAFFIC_LIMIT,
        "200 videos x 365 days = 73,000 > 50,000", dimensions=("day", "insightTrafficSourceType"),
        filters={"video": video_ids(200)}, days=365),
    accepted("traffic-100-videos-year", "traffic_sources", _TRAFFIC_LIMIT,
        dimensions=("insightTrafficSourceType",), filters={"video": video_ids(100)}, days=365),
    accepted("traffic-one-video-two-years", "traffic_sources", _TRAFFIC_LIMIT,
        dimensions=("insightTrafficSourceType",), filters={"video": VIDEO}, days=730),
    refused("traffic-likes", "traffic_sources", _TRAFFIC,
        "traffic-source tables list view and watch-time metrics only",
        dimensions=("insightTrafficSourceType",), metrics=("views", "likes")),
    accepted("traffic-detail-search", "traffic_sources_detailed", _TRAFFIC_DETAIL,
        dimensions=("insightTrafficSourceDetail",),
        filters={"insightTrafficSourceType": "YT_SEARCH"}, metrics=_TOP, sort=("-views",),
        max_results=25),
    accepted("traffic-detail-external", "traffic_sources_detailed", _TRAFFIC_DETAIL,
        dimensions=("insightTrafficSourceDetail",),
        filters={"insightTrafficSourceType": "EXT_URL"}, sort=("-views",), max_results=10),
    accepted("traffic-detail-hashtags", "traffic_sources_detailed", _TRAFFIC_DETAIL,
        dimensions=("insightTrafficSourceDetail",),
        filters={"insightTrafficSourceType": "HASHTAGS"}, sort=("-views",), max_results=10),
    accepted("traffic-detail-sound-page", "traffic_sources_detailed", _TRAFFIC_DETAIL,
        dimensions=("insightTrafficSourceDetail",),
        filters={"insightTrafficSourceType": "SOUND_PAGE"}, sort=("-views",), max_results=10),
    accepted("traffic-detail-remixes", "traffic_sources_detailed", _TRAFFIC_DETAIL,
        dimensions=("insightTrafficSourceDetail",),
        filters={"insightTrafficSourceType": "VIDEO_REMIXES"}, sort=("-views",), max_results=10),
    accepted("traffic-detail-related", "traffic_sources_detailed", _TRAFFIC_DETAIL,
        dimensions=("insightTrafficSourceDetail",),
        filters={"insightTrafficSourceType": "RELATED_VIDEO", "country": "DE"}, metrics=_TOP,
        sort=("-estimatedMinutesWatched",), max_results=25),
    refused("traffic-detail-direct", "traffic_sources_detailed", _TRAFFIC_DETAIL,
        "NO_LINK_OTHER is not one of the detail-capable source types",
        dimensions=("insightTrafficSourceDetail",),
        filters={"insightTrafficSourceType": "NO_LINK_OTHER"}, sort=("-views",), max_results=10),
    refused("traffic-detail-no-type", "traffic_sources_detailed", _TRAFFIC_DETAIL,
        "an insightTrafficSourceType filter is required",
        dimensions=("insightTrafficSourceDetail",), sort=("-views",), max_results=10),
    refused("traffic-detail-over-25", "traffic_sources_detailed", _TRAFFIC_DETAIL,
        "at most 25 results", dimensions=("insightTrafficSourceDetail",),
        filters={"insightTrafficSourceType": "YT_SEARCH"}, sort=("-views",), max_results=26),
    refused("traffic-detail-no-sort", "traffic_sources_detailed", _TRAFFIC_DETAIL,
        "a descending sort is required", dimensions=("insightTrafficSourceDetail",),
        filters={"insightTrafficSourceType": "YT_SEARCH"}, max_results=10),
    refused("traffic-detail-ascending", "traffic_sources_detailed", _TRAFFIC_DETAIL,
        "sort options are descending only", dimensions=("insightTrafficSourceDetail",),
        filters={"insightTrafficSourceType": "YT_SEARCH"}, sort=("views",), max_results=10),
    refused("traffic-detail-500-videos-year", "traffic_sources_detailed", _TRAFFIC_LIMIT,
        "500 videos x 365 days = 182,500 > 50,000", dimensions=("insightTrafficSourceDetail",),
        filters={"insightTrafficSourceType": "YT_SEARCH", "video": video_ids(500)},
        sort=("-views",), max_results=10, days=365),
)

DEVICE_CASES = (
    accepted("device-type", "device_type", _DEVICE, dimensions=("deviceType",), metrics=_TOP),
    accepted("device-type-by-day-mobile-os", "device_type", _DEVICE,
        dimensions=("deviceType", "day"), filters={"operatingSystem": "ANDROID"}),
    accepted("device-type-engaged-views", "device_type", f"{_DEVICE}; {_ENGAGED}",
        dimensions=("deviceType",), metrics=("engagedViews",)),
    refused("device-type-likes", "device_type", _DEVICE,
        "device tables list view and watch time only", dimensions=("deviceType",),
        metrics=("views", "likes")),
    refused("device-type-unknown-value", "device_type", "dimensions#deviceType",
        "PHONE is not a deviceType value", dimensions=("deviceType",),
        filters={"deviceType": "PHONE"}),
    accepted("os", "operating_system", _OS, dimensions=("operatingSystem",),
        filters={"deviceType": "MOBILE"}),
    accepted("os-and-device", "operating_system_and_device_type", _OS_DEVICE,
        dimensions=("operatingSystem", "deviceType"), filters={"subscribedStatus": "SUBSCRIBED"}),
    accepted("os-and-device-by-day", "operating_system_and_device_type", _OS_DEVICE,
        dimensions=("deviceType", "operatingSystem", "day"), filters={"continent": "142"}),
    refused("os-unknown-value", "operating_system", "dimensions#operatingSystem",
        "MACOS is not an operatingSystem value (MACINTOSH is)", dimensions=("operatingSystem",),
        filters={"operatingSystem": "MACOS"}),
)

DEMOGRAPHIC_SHARING_RETENTION_CASES = (
    accepted("demo-age-gender", "demographics", _DEMO, dimensions=("ageGroup", "gender"),
        metrics=("viewerPercentage",)),
    accepted("demo-age-in-germany", "demographics", _DEMO, dimensions=("ageGroup",),
        filters={"country": "DE"}, metrics=("viewerPercentage",)),
    accepted("demo-gender-subscribed", "demographics", _DEMO, dimensions=("gender",),
        filters={"subscribedStatus": "SUBSCRIBED"}, metrics=("viewerPercentage",)),
    refused("demo-views", "demographics", _DEMO, "demographics report viewerPercentage only",
        dimensions=("ageGroup",), metrics=("viewerPercentage", "views")),
    refused("demo-engaged-views", "demographics", _DEMO,
        "demographics report viewerPercentage only", dimensions=("gender",),
        metrics=("engagedViews",)),
    accepted("sharing", "sharing_service", _SHARING, dimensions=("sharingService",),
        metrics=("shares",)),
    accepted("sharing-subscribed", "sharing_service", _SHARING, dimensions=("sharingService",),
        filters={"subscribedStatus": "SUBSCRIBED"}, metrics=("shares",)),
    refused("sharing-views", "sharing_service", _SHARING, "the sharing report lists shares only",
        dimensions=("sharingService",), metrics=("shares", "views")),
    accepted("retention", "audience_retention", _RETENTION, dimensions=("elapsedVideoTimeRatio",),
        filters={"video": VIDEO}, metrics=("audienceWatchRatio", "relativeRetentionPerformance")),
    accepted("retention-2024-metrics", "audience_retention",
        f"{_RETENTION}; revision_history 2024-05-06", dimensions=("elapsedVideoTimeRatio",),
        filters={"video": VIDEO},
        metrics=("startedWatching", "stoppedWatching", "totalSegmentImpressions")),
    accepted("retention-organic", "audience_retention", _RETENTION,
        dimensions=("elapsedVideoTimeRatio",), filters={"video": VIDEO, "audienceType": "ORGANIC"},
        metrics=("audienceWatchRatio",)),
    accepted("retention-subscribed", "audience_retention", _RETENTION,
        dimensions=("elapsedVideoTimeRatio",),
        filters={"video": VIDEO, "subscribedStatus": "SUBSCRIBED"},
        metrics=("audienceWatchRatio",)),
    refused("retention-no-video", "audience_retention", _RETENTION, "a video filter is required",
        dimensions=("elapsedVideoTimeRatio",), metrics=("audienceWatchRatio",)),
    refused("retention-two-videos", "audience_retention", _RETENTION,
        "the report is for one video", dimensions=("elapsedVideoTimeRatio",),
        filters={"video": f"{VIDEO},{OTHER_VIDEO}"}, metrics=("audienceWatchRatio",)),
    refused("retention-country", "audience_retention", _RETENTION,
        "country is not a listed filter", dimensions=("elapsedVideoTimeRatio",),
        filters={"video": VIDEO, "country": "US"}, metrics=("audienceWatchRatio",)),
    refused("retention-views", "audience_retention", _RETENTION, "views is not a retention metric",
        dimensions=("elapsedVideoTimeRatio",), filters={"video": VIDEO},
        metrics=("audienceWatchRatio", "views")),
    refused("retention-unknown-audience", "audience_retention", "dimensions#audienceType",
        "values are ORGANIC, AD_INSTREAM, AD_INDISPLAY", dimensions=("elapsedVideoTimeRatio",),
        filters={"video": VIDEO, "audienceType": "PAID"}, metrics=("audienceWatchRatio",)),
)

TOP_VIDEO_CASES = (
    accepted("top-region-200", "top_videos_region", _TOP_REGION, dimensions=("video",),
        metrics=("views", "estimatedMinutesWatched", "likes", "subscribersGained"),
        sort=("-views",), max_results=200),
    accepted("top-region-japan", "top_videos_region", _TOP_REGION, dimensions=("video",),
        filters={"country": "JP"}, metrics=_TOP, sort=("-estimatedMinutesWatched",),
        max_results=10),
    accepted("top-region-asia", "top_videos_region", _TOP_REGION, dimensions=("video",),
        filters={"continent": "142"}, metrics=_TOP, sort=("-views",), max_results=10),
    accepted("top-region-engaged-views", "top_videos_region", f"{_TOP_REGION}; {_ENGAGED}",
        dimensions=("video",), metrics=("views", "engagedViews"), sort=("-views",), max_results=10),
    accepted("top-region-revenue", "top_videos_region", _TOP_REGION, dimensions=("video",),
        metrics=_MONEY, sort=("-views",), max_results=10, currency="GBP"),
    refused("top-region-201", "top_videos_region", _TOP_REGION, "at most 200 results",
        dimensions=("video",), metrics=_TOP, sort=("-views",), max_results=201),
    refused("top-region-no-sort", "top_videos_region", _TOP_REGION, "a sort is required",
        dimensions=("video",), metrics=_TOP, max_results=10),
    refused("top-region-ascending", "top_videos_region", _TOP_REGION, "sort is descending only",
        dimensions=("video",), metrics=_TOP, sort=("views",), max_results=10),
    accepted("top-state-texas", "top_videos_state", _TOP_STATE, dimensions=("video",),
        filters={"province": "US-TX"}, metrics=_TOP, sort=("-views",), max_results=50),
    refused("top-state-puerto-rico", "top_videos_state", _PROVINCE, "PR is not a US state or DC",
        dimensions=("video",), filters={"province": "US-PR"}, metrics=_TOP, sort=("-views",),
        max_results=50),
    refused("top-state-likes", "top_videos_state", _TOP_STATE,
        "the state tables do not list likes", dimensions=("video",), filters={"province": "US-TX"},
        metrics=("views", "likes"), sort=("-views",), max_results=50),
    accepted("top-subscriber-type", "top_videos_subscriber_type", _TOP_SUB, dimensions=("video",),
        filters={"subscribedStatus": "SUBSCRIBED"}, metrics=("views", "likes"), sort=("-views",),
        max_results=20),
    refused("top-subscriber-type-201", "top_videos_subscriber_type", _TOP_SUB,
        "at most 200 results", dimensions=("video",), filters={"subscribedStatus": "SUBSCRIBED"},
        metrics=_TOP, sort=("-views",), max_results=201),
    accepted("top-youtube-product", "top_videos_youtube_product", _TOP_PRODUCT,
        dimensions=("video",), filters={"youtubeProduct": "CORE"},
        metrics=("views", "averageViewPercentage"), sort=("-views",), max_results=10),
    accepted("top-playback-details-live", "top_videos_playback_details", _TOP_PLAYBACK,
        dimensions=("video",), filters={"liveOrOnDemand": "LIVE"}, metrics=_TOP,
        sort=("-estimatedMinutesWatched",), max_results=25),
    refused("top-playback-details-view-percentage", "top_videos_playback_details", _TOP_PLAYBACK,
        "averageViewPercentage is not offered with a liveOrOnDemand filter", dimensions=("video",),
        filters={"liveOrOnDemand": "LIVE"}, metrics=("views", "averageViewPercentage"),
        sort=("-views",), max_results=25),
    refused("top-playback-details-ascending", "top_videos_playback_details", _TOP_PLAYBACK,
        "sort is descending only", dimensions=("video",), filters={"liveOrOnDemand": "ON_DEMAND"},
        metrics=_TOP, sort=("estimatedMinutesWatched",), max_results=25),
)

NEW_2024_CASES = (
    accepted("dma", "dma", _DMA, dimensions=("dma",), filters={"country": "US"}, metrics=_TOP),
    refused("dma-no-country", "dma", _DMA, "the filters value must be country==US",
        dimensions=("dma",), metrics=_TOP),
    refused("dma-canada", "dma", _DMA, "the filters value must be country==US, not CA",
        dimensions=("dma",), filters={"country": "CA"}, metrics=_TOP),
    accepted("concurrent", "concurrent_viewers", _CONCURRENT, dimensions=("livestreamPosition",),
        filters={"video": VIDEO}, metrics=("averageConcurrentViewers", "peakConcurrentViewers")),
    refused("concurrent-no-video", "concurrent_viewers", _CONCURRENT,
        "the report is for a single live-streamed video", dimensions=("livestreamPosition",),
        metrics=("averageConcurrentViewers", "peakConcurrentViewers")),
    refused("concurrent-views", "concurrent_viewers", _CONCURRENT,
        "the report's metrics are the concurrent-viewer metrics",
        dimensions=("livestreamPosition",), filters={"video": VIDEO}, metrics=("views",)),
    accepted("member-cancellations", "membership_cancellations", _MEMBERS,
        dimensions=("membershipsCancellationSurveyReason",),
        metrics=("membershipsCancellationSurveyResponses",)),
    refused("member-cancellations-views", "membership_cancellations", _MEMBERS,
        "the reason dimension comes with membershipsCancellationSurveyResponses",
        dimensions=("membershipsCancellationSurveyReason",), metrics=("views",)),
    refused("member-cancellations-by-video", "membership_cancellations", _MEMBERS,
        "video is not a dimension of the member-cancellations report",
        dimensions=("membershipsCancellationSurveyReason", "video"),
        metrics=("membershipsCancellationSurveyResponses",)),
)

PLAYLIST_CASES = (
    accepted("pl-basic", "playlist_basic", f"{_PL}: Basic stats; {_PL_2024}",
        filters={"playlist": PLAYLIST},
        metrics=("views", "playlistViews", "playlistStarts", "averageTimeInPlaylist")),
    refused("pl-basic-us-only", "playlist_basic", f"{_PL_TABLES}: Basic stats; {_PL_2024}",
        "playlist tables list only playlist or group as filters; country is a dimension of the "
        "geography reports, and 2024-01-19 dropped the location filters",
        filters={"playlist": PLAYLIST, "country": "US"}, metrics=("playlistViews",)),
    refused("pl-basic-continent", "playlist_basic", _PL_2024,
        "location filters such as continent are not supported for channel playlist reports",
        filters={"playlist": PLAYLIST, "continent": "150"}, metrics=("playlistViews",)),
    refused("pl-basic-subcontinent", "playlist_basic", _PL_2024,
        "location filters such as subContinent are not supported for channel playlist reports",
        filters={"playlist": PLAYLIST, "subContinent": "039"}, metrics=("playlistViews",)),
    refused("pl-basic-red-views", "playlist_basic", _PL_2024,
        "redViews is no longer supported for channel playlist reports",
        filters={"playlist": PLAYLIST}, metrics=("playlistViews", "redViews")),
    refused("pl-basic-red-minutes", "playlist_basic", _PL_2024,
        "estimatedRedMinutesWatched is no longer supported for channel playlist reports",
        filters={"playlist": PLAYLIST}, metrics=("views", "estimatedRedMinutesWatched")),
    refused("pl-basic-subscribed-filter", "playlist_basic", _PL_2024,
        "subscribedStatus is no longer a filter for channel playlist reports",
        filters={"playlist": PLAYLIST, "subscribedStatus": "SUBSCRIBED"}),
    refused("pl-basic-product-filter", "playlist_basic", _PL_2024,
        "youtubeProduct is no longer a filter for channel playlist reports",
        filters={"playlist": PLAYLIST, "youtubeProduct": "CORE"}),
    refused("pl-is-curated-dimension", "playlist_basic", _PL_2024,
        "isCurated is not supported for channel reports on or after 2024-06-30",
        dimensions=("isCurated",), filters={"playlist": PLAYLIST}),
    refused("pl-is-curated-filter", "playlist_basic", _PL_2024,
        "isCurated is not supported for channel reports on or after 2024-06-30",
        filters={"playlist": PLAYLIST, "isCurated": "1"}, metrics=("playlistStarts",)),
    refused("pl-playlist-and-group", "playlist_basic", _PL,
        "a playlist report filters by one of playlist or group",
        filters={"playlist": PLAYLIST, "group": PLAYLIST_GROUP}, groups=GROUP_KINDS),
    refused("pl-in-playlist-metric-no-playlist", "playlist_basic", _PL,
        "in-playlist metrics need a playlist (or playlist group) filter", dimensions=("day",),
        metrics=("playlistStarts",)),
    accepted("pl-time-based", "playlist_time_based", f"{_PL}: Time-based", dimensions=("day",),
        filters={"playlist": PLAYLIST},
        metrics=("playlistViews", "playlistEstimatedMinutesWatched",
                 "playlistAverageViewDuration")),
    accepted("pl-time-based-several", "playlist_time_based", f"{_PL}: Time-based; {_FILTERS}",
        dimensions=("day", "playlist"), filters={"playlist": f"{PLAYLIST},{OTHER_PLAYLIST}"},
        metrics=("playlistViews",)),
    accepted("pl-geography", "playlist_geography", f"{_PL}: Geography-based",
        dimensions=("country",), filters={"playlist": PLAYLIST},
        metrics=("views", "estimatedMinutesWatched", "averageViewDuration")),
    refused("pl-geography-in-playlist-metric", "playlist_geography",
        f"{_PL_TABLES}: Geography-based",
        "the geography table lists views, watch time and view duration, not in-playlist metrics",
        dimensions=("country",), filters={"playlist": PLAYLIST},
        metrics=("views", "playlistViews")),
    accepted("pl-geography-us", "playlist_geography_us", f"{_PL}: Geography-based (US)",
        dimensions=("province",), filters={"playlist": PLAYLIST, "country": "US"},
        metrics=("views",)),
    refused("pl-geography-us-in-playlist-metric", "playlist_geography_us",
        f"{_PL_TABLES}: Geography-based (US)",
        "the geography table lists views, watch time and view duration, not in-playlist metrics",
        dimensions=("province",), filters={"playlist": PLAYLIST, "country": "US"},
        metrics=("playlistViews",)),
    refused("pl-geography-us-no-country", "playlist_geography_us", f"{_PL}: Geography-based (US)",
        "province as a dimension needs country==US", dimensions=("province",),
        filters={"playlist": PLAYLIST}),
    accepted("pl-playback-locations", "playlist_playback_locations", f"{_PL}: Playback locations",
        dimensions=("insightPlaybackLocationType",), filters={"playlist": PLAYLIST},
        metrics=("views", "playlistViews")),
    accepted("pl-playback-locations-detail", "playlist_playback_locations_detailed",
        f"{_PL}: Playback locations (detailed)", dimensions=("insightPlaybackLocationDetail",),
        filters={"playlist": PLAYLIST, "insightPlaybackLocationType": "EMBEDDED"},
        metrics=("views", "playlistViews"), sort=("-playlistViews",), max_results=25),
    refused("pl-playback-locations-detail-by-views", "playlist_playback_locations_detailed",
        f"{_PL_TABLES}: Playback locations (detailed)",
        "its sort options are playlistViews, playlistEstimatedMinutesWatched and playlistStarts",
        dimensions=("insightPlaybackLocationDetail",),
        filters={"playlist": PLAYLIST, "insightPlaybackLocationType": "EMBEDDED"},
        metrics=("views",), sort=("-views",), max_results=25),
    refused("pl-playback-locations-detail-no-type", "playlist_playback_locations_detailed",
        f"{_PL}: Playback locations (detailed)", "insightPlaybackLocationType==EMBEDDED required",
        dimensions=("insightPlaybackLocationDetail",), filters={"playlist": PLAYLIST},
        metrics=("playlistViews",), sort=("-playlistViews",), max_results=25),
    accepted("pl-traffic-in-playlist-views", "playlist_traffic_sources",
        f"{_PL}: Traffic sources; {_PL_2024}", dimensions=("insightTrafficSourceType",),
        filters={"playlist": PLAYLIST}, metrics=("playlistViews",)),
    accepted("pl-traffic", "playlist_traffic_sources", f"{_PL}: Traffic sources",
        dimensions=("insightTrafficSourceType",), filters={"playlist": PLAYLIST},
        metrics=("views", "playlistViews")),
    refused("pl-traffic-by-day", "playlist_traffic_sources", f"{_PL_TABLES}: Traffic sources",
        "the playlist traffic-source table has no optional day dimension (the video one has)",
        dimensions=("insightTrafficSourceType", "day"), filters={"playlist": PLAYLIST},
        metrics=("views", "playlistViews")),
    accepted("pl-traffic-detail-in-playlist-sort", "playlist_traffic_sources_detailed",
        f"{_PL}: Traffic sources (detailed); {_PL_2024}",
        dimensions=("insightTrafficSourceDetail",),
        filters={"playlist": PLAYLIST, "insightTrafficSourceType": "EXT_URL"},
        metrics=("playlistViews",), sort=("-playlistViews",), max_results=25),
    refused("pl-traffic-detail", "playlist_traffic_sources_detailed",
        f"{_PL_TABLES}: Traffic sources (detailed)",
        "its sort options are playlistViews, playlistEstimatedMinutesWatched and playlistStarts",
        dimensions=("insightTrafficSourceDetail",),
        filters={"playlist": PLAYLIST, "insightTrafficSourceType": "YT_SEARCH"},
        metrics=("views",), sort=("-views",), max_results=25),
    refused("pl-traffic-detail-over-25", "playlist_traffic_sources_detailed",
        f"{_PL}: Traffic sources (detailed)", "at most 25 results",
        dimensions=("insightTrafficSourceDetail",),
        filters={"playlist": PLAYLIST, "insightTrafficSourceType": "YT_SEARCH"},
        metrics=("playlistViews",), sort=("-playlistViews",), max_results=26),
    accepted("pl-device", "playlist_device_type", f"{_PL}: Device type",
        dimensions=("deviceType",), filters={"playlist": PLAYLIST},
        metrics=("views", "estimatedMinutesWatched")),
    accepted("pl-os", "playlist_operating_system", f"{_PL}: Operating system",
        dimensions=("operatingSystem",), filters={"playlist": PLAYLIST}),
    accepted("pl-os-device", "playlist_operating_system_and_device_type",
        f"{_PL}: Operating system and device type", dimensions=("operatingSystem", "deviceType"),
        filters={"playlist": PLAYLIST}),
    accepted("pl-demographics", "playlist_demographics", f"{_PL}: Viewer demographics",
        dimensions=("ageGroup", "gender"), filters={"playlist": PLAYLIST},
        metrics=("viewerPercentage",)),
    refused("pl-demographics-views", "playlist_demographics", f"{_PL}: Viewer demographics",
        "demographics report viewerPercentage only", dimensions=("ageGroup",),
        filters={"playlist": PLAYLIST}, metrics=("views",)),
    refused("pl-sharing-service", "playlist_basic", _PL,
        "no playlist report has the sharingService dimension", dimensions=("sharingService",),
        filters={"playlist": PLAYLIST}, metrics=("shares",)),
    refused("pl-city", "playlist_basic", _PL, "no playlist report has the city dimension",
        dimensions=("city",), filters={"playlist": PLAYLIST}, sort=("-views",), max_results=25),
    accepted("top-playlists-in-playlist-metrics", "top_playlists", f"{_TOP_PL}; {_PL_2024}",
        dimensions=("playlist",), metrics=("playlistViews", "playlistStarts"),
        sort=("-playlistViews",), max_results=200),
    refused("top-playlists", "top_playlists", f"{_PL_TABLES}: Top playlists; {_PL_2024}",
        "top playlists report in-playlist metrics, sorted by one of them, not by views",
        dimensions=("playlist",), metrics=("views", "playlistStarts", "estimatedMinutesWatched"),
        sort=("-views",), max_results=200),
    refused("top-playlists-201", "top_playlists", _TOP_PL, "at most 200 results",
        dimensions=("playlist",), metrics=("playlistViews",), sort=("-playlistViews",),
        max_results=201),
    refused("top-playlists-no-sort", "top_playlists", _TOP_PL, "a sort is required",
        dimensions=("playlist",), metrics=("playlistViews",), max_results=10),
    refused("top-playlists-ascending", "top_playlists", _TOP_PL, "sort is descending only",
        dimensions=("playlist",), metrics=("playlistViews",), sort=("playlistViews",),
        max_results=10),
    refused("top-playlists-continent", "top_playlists", _PL_2024,
        "location filters such as continent are not supported for channel playlist reports",
        dimensions=("playlist",), filters={"continent": "002"}, metrics=("playlistViews",),
        sort=("-playlistViews",), max_results=10),
)

GROUP_CASES = (
    accepted("group-video-country", "geography", f"{_GEO}; {_GROUPS}", dimensions=("country",),
        filters={"group": VIDEO_GROUP}, groups=GROUP_KINDS),
    accepted("group-video-continent", "time_based", f"{_TIME}; {_GROUPS}", dimensions=("day",),
        filters={"group": VIDEO_GROUP, "continent": "150"}, groups=GROUP_KINDS),
    accepted("group-video-subcontinent", "basic", f"{_BASIC}; {_GROUPS}",
        filters={"group": VIDEO_GROUP, "subContinent": "029"}, groups=GROUP_KINDS),
    accepted("group-video-province", "basic_us", f"{_BASIC_US}; {_GROUPS}",
        filters={"group": VIDEO_GROUP, "province": "US-CA"}, groups=GROUP_KINDS),
    refused("group-video-province-guam", "basic_us", _PROVINCE, "GU is not a US state or DC",
        filters={"group": VIDEO_GROUP, "province": "US-GU"}, groups=GROUP_KINDS),
    accepted("group-video-traffic-live", "traffic_sources", f"{_TRAFFIC}; {_GROUPS}",
        dimensions=("insightTrafficSourceType",),
        filters={"group": VIDEO_GROUP, "liveOrOnDemand": "LIVE"}, groups=GROUP_KINDS),
    accepted("group-video-embedded-detail", "playback_locations_detailed",
        f"{_LOC_DETAIL}; {_GROUPS}", dimensions=("insightPlaybackLocationDetail",),
        filters={"group": VIDEO_GROUP, "insightPlaybackLocationType": "EMBEDDED"},
        sort=("-views",), max_results=10, groups=GROUP_KINDS),
    accepted("group-video-device-subscribed-us", "device_type", f"{_DEVICE}; {_GROUPS}",
        dimensions=("deviceType",),
        filters={"group": VIDEO_GROUP, "subscribedStatus": "SUBSCRIBED", "country": "US"},
        groups=GROUP_KINDS),
    accepted("group-video-product", "playback_details_view_percentage", f"{_PD_PCT}; {_GROUPS}",
        dimensions=("youtubeProduct",), filters={"group": VIDEO_GROUP, "youtubeProduct": "CORE"},
        metrics=("averageViewPercentage",), groups=GROUP_KINDS),
    refused("group-video-in-playlist-metric", "basic", f"{_BASIC}; {_GROUPS}",
        "a video group makes a video report; playlistStarts is an in-playlist metric",
        filters={"group": VIDEO_GROUP}, metrics=("playlistStarts",), groups=GROUP_KINDS),
    refused("group-video-playlist-views-by-day", "time_based", f"{_TIME}; {_GROUPS}",
        "a video group makes a video report; playlistViews is an in-playlist metric",
        dimensions=("day",), filters={"group": VIDEO_GROUP}, metrics=("playlistViews",),
        groups=GROUP_KINDS),
    refused("group-video-retention", "audience_retention", f"{_RETENTION}; {_GROUPS}",
        "the retention report requires a single video filter, not a group",
        dimensions=("elapsedVideoTimeRatio",), filters={"group": VIDEO_GROUP},
        metrics=("audienceWatchRatio",), groups=GROUP_KINDS),
    accepted("group-playlist-by-day", "playlist_time_based", f"{_PL}: Time-based; {_GROUPS}",
        dimensions=("day",), filters={"group": PLAYLIST_GROUP},
        metrics=("playlistViews", "playlistStarts"), groups=GROUP_KINDS),
    accepted("group-playlist-country", "playlist_geography", f"{_PL}: Geography-based; {_GROUPS}",
        dimensions=("country",), filters={"group": PLAYLIST_GROUP}, groups=GROUP_KINDS),
    refused("group-playlist-in-us", "playlist_time_based",
        f"{_PL_TABLES}: Time-based; {_GROUPS}",
        "a playlist group makes a playlist report, whose tables take no country filter",
        dimensions=("day",), filters={"group": PLAYLIST_GROUP, "country": "US"},
        metrics=("playlistViews",), groups=GROUP_KINDS),
    accepted("group-playlist-traffic", "playlist_traffic_sources",
        f"{_PL}: Traffic sources; {_GROUPS}", dimensions=("insightTrafficSourceType",),
        filters={"group": PLAYLIST_GROUP}, groups=GROUP_KINDS),
    accepted("group-playlist-embedded-detail", "playlist_playback_locations_detailed",
        f"{_PL}: Playback locations (detailed); {_GROUPS}",
        dimensions=("insightPlaybackLocationDetail",),
        filters={"group": PLAYLIST_GROUP, "insightPlaybackLocationType": "EMBEDDED"},
        metrics=("playlistViews",), sort=("-playlistViews",), max_results=10, groups=GROUP_KINDS),
    refused("group-playlist-continent", "playlist_time_based", f"{_PL_2024}; {_GROUPS}",
        "a playlist group makes a playlist report; continent is not supported there",
        dimensions=("day",), filters={"group": PLAYLIST_GROUP, "continent": "150"},
        metrics=("playlistViews",), groups=GROUP_KINDS),
    refused("group-playlist-subcontinent", "playlist_basic", f"{_PL_2024}; {_GROUPS}",
        "a playlist group makes a playlist report; subContinent is not supported there",
        filters={"group": PLAYLIST_GROUP, "subContinent": "154"}, groups=GROUP_KINDS),
    refused("group-playlist-subscribed-filter", "playlist_basic", f"{_PL_2024}; {_GROUPS}",
        "a playlist group makes a playlist report; subscribedStatus is not a filter there",
        filters={"group": PLAYLIST_GROUP, "subscribedStatus": "SUBSCRIBED"}, groups=GROUP_KINDS),
    refused("group-playlist-product-filter", "playlist_device_type", f"{_PL_2024}; {_GROUPS}",
        "a playlist group makes a playlist report; youtubeProduct is not a filter there",
        dimensions=("deviceType",), filters={"group": PLAYLIST_GROUP, "youtubeProduct": "CORE"},
        groups=GROUP_KINDS),
    refused("group-playlist-sharing", "playlist_basic", f"{_PL}; {_GROUPS}",
        "sharingService is a video-only dimension", dimensions=("sharingService",),
        filters={"group": PLAYLIST_GROUP}, metrics=("shares",), groups=GROUP_KINDS),
    refused("group-playlist-city", "playlist_basic", f"{_PL}; {_GROUPS}",
        "city is a video-only dimension", dimensions=("city",), filters={"group": PLAYLIST_GROUP},
        sort=("-views",), max_results=25, groups=GROUP_KINDS),
    refused("group-playlist-red-views", "playlist_basic", f"{_PL_2024}; {_GROUPS}",
        "redViews is no longer supported for channel playlist reports",
        filters={"group": PLAYLIST_GROUP}, metrics=("views", "redViews"), groups=GROUP_KINDS),
    refused("group-playlist-live-breakdown", "playlist_basic", f"{_PL}; {_GROUPS}",
        "liveOrOnDemand is a dimension of video playback-details reports only",
        dimensions=("liveOrOnDemand",), filters={"group": PLAYLIST_GROUP}, groups=GROUP_KINDS),
    refused("group-playlist-retention", "audience_retention", f"{_RETENTION}; {_GROUPS}",
        "audience retention is a video report needing one video",
        dimensions=("elapsedVideoTimeRatio",), filters={"group": PLAYLIST_GROUP},
        metrics=("audienceWatchRatio",), groups=GROUP_KINDS),
)

AD_CASES = (
    accepted("ad-type", "ad_performance", _AD, dimensions=("adType",),
        metrics=("grossRevenue", "adImpressions", "cpm")),
    accepted("ad-type-by-day", "ad_performance", _AD, dimensions=("adType", "day"),
        metrics=("grossRevenue",)),
    accepted("ad-type-yen", "ad_performance", f"{_AD}; {_CURRENCY}", dimensions=("adType",),
        metrics=("cpm",), currency="JPY"),
    refused("ad-type-views", "ad_performance", _AD,
        "the ad-performance report lists ad metrics only", dimensions=("adType",),
        metrics=("views",)),
    refused("ad-type-estimated-revenue", "ad_performance", _AD,
        "estimatedRevenue is not broken down by adType", dimensions=("adType",),
        metrics=("estimatedRevenue",)),
    refused("ad-type-by-country", "ad_performance", _AD,
        "country is not a dimension of this report", dimensions=("adType", "country"),
        metrics=("grossRevenue",)),
)

CURRENCY_CASES = (
    accepted("currency-mru", "basic", _CURRENCY, metrics=_MONEY, currency="MRU"),
    accepted("currency-ves", "basic", _CURRENCY, metrics=_MONEY, currency="VES"),
    accepted("currency-jpy", "time_based", _CURRENCY, dimensions=("day",), metrics=_MONEY,
        currency="JPY"),
    refused("currency-hrk", "basic", _CURRENCY, "HRK was replaced by EUR in 2023", metrics=_MONEY,
        currency="HRK"),
    refused("currency-mro", "basic", _CURRENCY, "MRO was replaced by MRU in 2018", metrics=_MONEY,
        currency="MRO"),
    refused("currency-std", "basic", _CURRENCY, "STD was replaced by STN in 2018", metrics=_MONEY,
        currency="STD"),
    refused("currency-vef", "basic", _CURRENCY, "VEF was replaced by VES in 2018", metrics=_MONEY,
        currency="VEF"),
    refused("currency-sll", "basic", _CURRENCY, "SLL was replaced by SLE", metrics=_MONEY,
        currency="SLL"),
    refused("currency-cuc", "basic", _CURRENCY, "CUC was withdrawn in 2021", metrics=_MONEY,
        currency="CUC"),
    refused("currency-zwl", "basic", _CURRENCY, "ZWL was replaced by ZWG in 2024", metrics=_MONEY,
        currency="ZWL"),
    refused("currency-lowercase", "basic", _CURRENCY, "the code is three upper-case letters",
        metrics=_MONEY, currency="eur"),
    refused("currency-four-letters", "basic", _CURRENCY, "the code is three letters",
        metrics=_MONEY, currency="EURO"),
    refused("currency-unknown", "basic", _CURRENCY, "ABC is not an ISO 4217 code", metrics=_MONEY,
        currency="ABC"),
)

CASES: tuple[DocumentedQuery, ...] = (
    BASIC_CASES
    + CREATOR_CONTENT_TYPE_CASES
    + US_CASES
    + TIME_AND_GEO_CASES
    + CITY_CASES
    + SUBSCRIBED_STATUS_CASES
    + PLAYBACK_DETAILS_CASES
    + PLAYBACK_LOCATION_CASES
    + TRAFFIC_CASES
    + DEVICE_CASES
    + DEMOGRAPHIC_SHARING_RETENTION_CASES
    + TOP_VIDEO_CASES
    + NEW_2024_CASES
    + PLAYLIST_CASES
    + GROUP_CASES
    + AD_CASES
    + CURRENCY_CASES
)
# fmt: on
