"""Every dimension name the API knows, and the filter keys with their allowed values."""

# ruff: noqa: E501 (data tables keep one record per line)

from __future__ import annotations

from . import values as v
from .countries import COUNTRIES
from .dmas import DMAS
from .model import Dimension, FilterKey
from .regions import CONTINENTS, PROVINCES, SUBCONTINENTS

__all__ = ["DIMENSIONS", "FILTERS", "MULTI_VALUE_FILTERS", "VALUE_LABELS"]

# name | title | description
_TABLE = """
video|Video|A video of the channel, by its YouTube ID.
playlist|Playlist|A playlist of the channel, by its YouTube ID.
channel|Channel|A channel ID; used only in content-owner reports.
creatorContentType|Content type|What kind of content was watched: a Short, a live stream, a story or an ordinary video.
country|Country|The viewer's country (ISO 3166-1 alpha-2 code).
province|US state|The viewer's US state or the District of Columbia (ISO 3166-2 code).
city|City|The viewer's city, by Google's place ID.
dma|US TV market|The viewer's Designated Market Area: a US television market, by Nielsen's code.
day|Day|A calendar day (YYYY-MM-DD, Pacific time).
month|Month|A calendar month (YYYY-MM).
insightPlaybackLocationType|Playback location|The kind of page or app where the video played.
insightPlaybackLocationDetail|Playback location detail|The embedding site or app where the video played.
liveOrOnDemand|Live or on demand|Whether the view happened during a live broadcast.
subscribedStatus|Subscription status|Whether the viewer was subscribed to the channel.
youtubeProduct|YouTube product|The YouTube service the view came from (main site, Gaming, Kids...).
insightTrafficSourceType|Traffic source|How the viewer reached the video.
insightTrafficSourceDetail|Traffic source detail|The page, search term or site behind a traffic source.
deviceType|Device type|The viewer's kind of device.
operatingSystem|Operating system|The viewer's operating system.
ageGroup|Age group|The signed-in viewer's age bracket.
gender|Gender|The signed-in viewer's gender.
sharingService|Sharing service|Where a viewer shared a video to.
elapsedVideoTimeRatio|Position in video|How far into the video, as a fraction of its length.
livestreamPosition|Minute of the stream|A minute of a live stream, counted from its start.
membershipsCancellationSurveyReason|Cancellation reason|Why a member cancelled a channel membership, as answered in the survey.
audienceType|Audience type|Whether the viewing started organically or from an ad.
adType|Ad type|The kind of ad shown during playback.
claimedStatus|Claimed status|Whether a Content ID claim exists; content-owner reports only.
uploaderType|Uploader|Who uploaded the video; content-owner reports only.
"""


def _parse() -> dict[str, Dimension]:
    rows = (line.split("|") for line in _TABLE.strip().splitlines())
    return {name: Dimension(name, title, text) for name, title, text in rows}


DIMENSIONS: dict[str, Dimension] = _parse()

# Labels of dimension values, for filters and for showing report rows.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "country": COUNTRIES,
    "province": PROVINCES,
    "dma": DMAS,
    "continent": {code: region.name for code, region in CONTINENTS.items()},
    "subContinent": {code: region.name for code, region in SUBCONTINENTS.items()},
    "creatorContentType": v.CREATOR_CONTENT_TYPES,
    "insightPlaybackLocationType": v.PLAYBACK_LOCATIONS,
    "liveOrOnDemand": v.LIVE_OR_ON_DEMAND,
    "subscribedStatus": v.SUBSCRIBED_STATUSES,
    "youtubeProduct": v.YOUTUBE_PRODUCTS,
    "insightTrafficSourceType": v.TRAFFIC_SOURCES,
    "deviceType": v.DEVICE_TYPES,
    "operatingSystem": v.OPERATING_SYSTEMS,
    "ageGroup": v.AGE_GROUPS,
    "gender": v.GENDERS,
    "sharingService": v.SHARING_SERVICES,
    "elapsedVideoTimeRatio": v.ELAPSED_VIDEO_TIME_RATIOS,
    "audienceType": v.AUDIENCE_TYPES,
    "adType": v.AD_TYPES,
    "membershipsCancellationSurveyReason": v.MEMBERSHIP_CANCELLATION_REASONS,
    "claimedStatus": {"claimed": "Claimed"},
    "uploaderType": {"self": "Uploaded by the owner", "thirdParty": "Uploaded by others"},
}

_FILTER_ONLY = {
    "continent": "Continent",
    "subContinent": "Sub-continent",
    "group": "Group",
}

# Filter keys: every dimension except creatorContentType, plus the filter-only keys.
FILTERS: dict[str, FilterKey] = {
    name: FilterKey(name, title, VALUE_LABELS.get(name, {}))
    for name, title in [
        *((d.name, d.title) for d in DIMENSIONS.values() if d.name != "creatorContentType"),
        *_FILTER_ONLY.items(),
    ]
}

# Keys that take a comma-separated list, with the most values Google accepts.
MULTI_VALUE_FILTERS: dict[str, int] = {"video": 500, "playlist": 500}
