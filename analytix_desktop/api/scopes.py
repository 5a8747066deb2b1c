"""OAuth scopes the client can ask for."""

from __future__ import annotations

import enum

from .errors import AuthorisationError

__all__ = ["Scopes"]

_URLS = {
    1: "https://www.googleapis.com/auth/yt-analytics.readonly",
    2: "https://www.googleapis.com/auth/yt-analytics-monetary.readonly",
    4: "openid",
    8: "https://www.googleapis.com/auth/userinfo.profile",
    16: "https://www.googleapis.com/auth/userinfo.email",
    32: "https://www.googleapis.com/auth/youtube.readonly",
    64: "https://www.googleapis.com/auth/youtube",
}
# Google rewrites the short OpenID names into the userinfo URLs in granted scopes.
_ALIASES = {"profile": 8, "email": 16}
_BY_URL = {url: bit for bit, url in _URLS.items()} | _ALIASES


class Scopes(enum.Flag):
    """The scopes of a grant; combine members with ``|``."""

    READONLY = 1
    MONETARY_READONLY = 2
    ALL = 3
    OPENID = 4
    PROFILE = 8
    EMAIL = 16
    ALL_JWT = 28
    YOUTUBE_READONLY = 32
    YOUTUBE = 64

    @property
    def formatted(self) -> str:
        """The space-separated scope URLs, as the authorisation request takes them."""
        return " ".join(url for bit, url in _URLS.items() if self.value & bit)

    def validate(self) -> None:
        """Raise AuthorisationError unless an Analytics scope is present."""
        if not self & Scopes.ALL:
            raise AuthorisationError("the READONLY or MONETARY_READONLY scope must be provided")

    @classmethod
    def from_formatted(cls, scopes: str) -> Scopes:
        """The members named in a granted scope string; unknown scopes are ignored."""
        value = 0
        for name in scopes.split():
            value |= _BY_URL.get(name, 0)
        return cls(value)

    def covers(self, required: Scopes) -> bool:
        """Whether a grant of these scopes is enough for ``required``."""
        granted = self | Scopes.YOUTUBE_READONLY if self & Scopes.YOUTUBE else self
        return required & ~granted == Scopes(0)
