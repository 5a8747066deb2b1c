"""Google's endpoint URLs, with the ``ANALYTIX_DESKTOP_GOOGLE_ROOT`` override.

When that variable is set (to e.g. a sandbox root ``http://127.0.0.1:43121``), every
URL built here keeps its path but takes the override's scheme, host and port.
The OAuth ``auth_uri`` and ``token_uri`` are not built here: they always come
from the client secrets file.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

__all__ = [
    "ANALYTICS_GROUPS",
    "ANALYTICS_GROUP_ITEMS",
    "ANALYTICS_REPORTS",
    "DATA_CHANNELS",
    "JWKS",
    "OVERRIDE_VARIABLE",
    "REVOKE",
    "TOKENINFO",
    "USERINFO",
    "google_url",
]

OVERRIDE_VARIABLE = "ANALYTIX_DESKTOP_GOOGLE_ROOT"

ANALYTICS_REPORTS = "https://youtubeanalytics.googleapis.com/v2/reports"
ANALYTICS_GROUPS = "https://youtubeanalytics.googleapis.com/v2/groups"
ANALYTICS_GROUP_ITEMS = "https://youtubeanalytics.googleapis.com/v2/groupItems"
DATA_CHANNELS = "https://www.googleapis.com/youtube/v3/channels"
REVOKE = "https://oauth2.googleapis.com/revoke"
TOKENINFO = "https://oauth2.googleapis.com/tokeninfo"
JWKS = "https://www.googleapis.com/oauth2/v3/certs"
USERINFO = "https://www.googleapis.com/oauth2/v3/userinfo"


def google_url(url: str, root: str | None = None) -> str:
    """Return ``url``, re-rooted on ``root`` or on the override variable when set."""
    root = root if root is not None else os.environ.get(OVERRIDE_VARIABLE)
    if not root:
        return url
    target = urlsplit(root)
    parts = urlsplit(url)
    return urlunsplit((target.scheme, target.netloc, parts.path, parts.query, parts.fragment))
