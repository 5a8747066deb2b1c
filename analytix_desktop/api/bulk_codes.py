"""The codes of the YouTube Reporting API's CSV reports, and what they mean.

The one home of these tables: the client, the store, the GUI and the sandbox all read
them here. Codes are the numbers the reports hold; the words are the user's.
"""

from __future__ import annotations

__all__ = [
    "DEVICE_TYPES",
    "LIVE_OR_ON_DEMAND",
    "OPERATING_SYSTEMS",
    "SUBSCRIBED_STATUSES",
    "TRAFFIC_SOURCE_NAMES",
    "TRAFFIC_SOURCE_TYPES",
    "traffic_source_name",
]

TRAFFIC_SOURCE_TYPES: dict[int, str] = {
    0: "Direct or unknown",
    1: "YouTube advertising",
    3: "Browse features",
    4: "Channel pages",
    5: "YouTube search",
    7: "Suggested videos",
    8: "Other YouTube features",
    9: "External",
    11: "Cards and annotations",
    14: "Playlists",
    17: "Notifications",
    18: "Playlist pages",
    19: "Programming from claimed content",
    20: "End screens",
    23: "Stories",
    24: "Shorts feed",
    25: "Product pages",
    26: "Hashtag pages",
    27: "Sound pages",
    28: "Live redirect",
    30: "Remixed video",
    31: "Vertical live feed",
    32: "Related video",
}
"""``traffic_source_type`` code -> words."""

# The Analytics API's insightTrafficSourceType for each code, spelt as api/catalogue
# spells them; a code the Analytics API has no value for gets a token of our own.
TRAFFIC_SOURCE_NAMES: dict[int, str] = {
    0: "NO_LINK_OTHER",
    1: "ADVERTISING",
    3: "SUBSCRIBER",  # the Analytics API's name for Browse features
    4: "YT_CHANNEL",
    5: "YT_SEARCH",
    7: "RELATED_VIDEO",
    8: "YT_OTHER_PAGE",
    9: "EXT_URL",
    11: "ANNOTATION",
    14: "PLAYLIST",
    17: "NOTIFICATION",
    18: "YT_PLAYLIST_PAGE",
    19: "REPORTING_19",
    20: "END_SCREEN",
    23: "REPORTING_23",
    24: "SHORTS",
    25: "PRODUCT_PAGE",
    26: "HASHTAGS",
    27: "SOUND_PAGE",
    28: "LIVE_REDIRECT",
    30: "VIDEO_REMIXES",
    31: "IMMERSIVE_LIVE",  # the Analytics API's vertical live feed
    32: "REPORTING_32",
}
"""``traffic_source_type`` code -> the Analytics API's ``insightTrafficSourceType`` value."""

DEVICE_TYPES: dict[int, str] = {
    100: "Unknown",
    101: "Computer",
    102: "TV",
    103: "Game console",
    104: "Mobile phone",
    105: "Tablet",
}
"""``device_type`` code -> words."""

OPERATING_SYSTEMS: dict[int, str] = {
    1: "Other",
    2: "Windows",
    3: "Windows Mobile",
    4: "Android",
    5: "iOS",
    9: "Macintosh",
    13: "Linux",
    19: "Smart TV",
    21: "Chromecast",
    22: "Tizen",
    26: "Roku",
    28: "Apple TV (tvOS)",
    29: "Fire OS",
    30: "ChromeOS",
}
"""``operating_system`` code -> words."""

LIVE_OR_ON_DEMAND: dict[str, str] = {"live": "Live", "on_demand": "On demand"}
"""``live_or_on_demand`` value -> words."""

SUBSCRIBED_STATUSES: dict[str, str] = {"subscribed": "Subscribed", "unsubscribed": "Not subscribed"}
"""``subscribed_status`` value -> words."""


def traffic_source_name(code: int) -> str:
    """The ``insightTrafficSourceType`` of a code, or ``REPORTING_<code>`` for one not in
    :data:`TRAFFIC_SOURCE_NAMES` (YouTube adds codes; a new one still gets a stable name)."""
    return TRAFFIC_SOURCE_NAMES.get(code, f"REPORTING_{code}")
