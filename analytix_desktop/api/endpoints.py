"""Where the client layer sends its requests: an :class:`Endpoints` value, passed in.

The OAuth ``auth_uri`` and ``token_uri`` are not here: they come from the client
secrets file. For the sandbox and development, ``ANALYTIX_DESKTOP_GOOGLE_ROOT`` may
re-root every URL on this computer; it is read by :meth:`Endpoints.from_environment`,
which entry points call once, never per request.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from urllib.parse import urlsplit, urlunsplit

from .errors import InvalidEndpoint

__all__ = ["LOOPBACK_HOSTS", "OVERRIDE_VARIABLE", "Endpoints"]

OVERRIDE_VARIABLE = "ANALYTIX_DESKTOP_GOOGLE_ROOT"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
"""The only hosts the override may name: a variable must not send tokens elsewhere."""


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The full URL of every Google endpoint the package calls."""

    reports: str = "https://youtubeanalytics.googleapis.com/v2/reports"
    groups: str = "https://youtubeanalytics.googleapis.com/v2/groups"
    group_items: str = "https://youtubeanalytics.googleapis.com/v2/groupItems"
    channels: str = "https://www.googleapis.com/youtube/v3/channels"
    playlists: str = "https://www.googleapis.com/youtube/v3/playlists"
    playlist_items: str = "https://www.googleapis.com/youtube/v3/playlistItems"
    videos: str = "https://www.googleapis.com/youtube/v3/videos"
    revoke: str = "https://oauth2.googleapis.com/revoke"
    tokeninfo: str = "https://oauth2.googleapis.com/tokeninfo"
    jwks: str = "https://www.googleapis.com/oauth2/v3/certs"
    reporting: str = "https://youtubereporting.googleapis.com/v1"
    """The YouTube Reporting API's base: its resource paths are appended to it."""

    @classmethod
    def google(cls) -> Endpoints:
        """Google's own endpoints."""
        return cls()

    @classmethod
    def rooted_at(cls, root: str) -> Endpoints:
        """Google's paths on another ``scheme://host[:port]`` (a sandbox, a test server)."""
        scheme, netloc = _root(root)
        google = cls.google()
        return replace(
            google,
            **{
                f.name: urlunsplit((scheme, netloc, *urlsplit(getattr(google, f.name))[2:]))
                for f in fields(cls)
            },
        )

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Endpoints:
        """Google's endpoints, or those at ``ANALYTIX_DESKTOP_GOOGLE_ROOT`` when it is set.

        The override is accepted only for a loopback host (127.0.0.1, localhost or ::1,
        any port, http or https); anything else raises :class:`InvalidEndpoint`.
        """
        root = (os.environ if environ is None else environ).get(OVERRIDE_VARIABLE, "")
        if not root:
            return cls.google()
        try:
            host = urlsplit(root).hostname or ""
        except ValueError:
            host = ""
        if host not in LOOPBACK_HOSTS:
            shown = f"'{host}'" if host else "a malformed URL"
            raise InvalidEndpoint(
                f"{OVERRIDE_VARIABLE} may only point at this computer (127.0.0.1, localhost "
                f"or ::1), not at {shown}; unset it to use Google"
            )
        return cls.rooted_at(root)


def _root(root: str) -> tuple[str, str]:
    """The scheme and host[:port] of an endpoint root; InvalidEndpoint if it is not one."""
    try:
        parts = urlsplit(root)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise InvalidEndpoint(
            "an endpoint root must be a URL such as http://127.0.0.1:8080"
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidEndpoint(
            "an endpoint root must be an http or https URL with a host, "
            "such as http://127.0.0.1:8080"
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise InvalidEndpoint(
            "an endpoint root must be only a scheme, host and port (no path, query or user)"
        )
    return parts.scheme, parts.netloc
