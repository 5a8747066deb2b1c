"""The OAuth scopes that open the YouTube Analytics and Data endpoints."""

from __future__ import annotations

__all__ = ["ANALYTICS_SCOPES", "DATA_SCOPES", "MANAGE_SCOPE", "MONETARY_SCOPE"]

_AUTH = "https://www.googleapis.com/auth/"
MONETARY_SCOPE = _AUTH + "yt-analytics-monetary.readonly"
MANAGE_SCOPE = _AUTH + "youtube"
# Any one of these lets a token read reports and groups (Google's discovery document).
ANALYTICS_SCOPES = frozenset({
    _AUTH + "yt-analytics.readonly", MONETARY_SCOPE, MANAGE_SCOPE,
    _AUTH + "youtube.readonly", _AUTH + "youtubepartner",
})  # fmt: skip
DATA_SCOPES = frozenset({_AUTH + "youtube.readonly", MANAGE_SCOPE})
