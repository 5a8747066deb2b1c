"""The exception hierarchy of the client layer.

Messages never contain a token or a client secret: callers pass only Google's own
error text and our own descriptions into them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

__all__ = [
    "MAX_RETRY_AFTER",
    "APIError",
    "AnalytixError",
    "AuthorisationError",
    "BadRequest",
    "Conflict",
    "DataFrameConversionError",
    "Forbidden",
    "IdTokenError",
    "InvalidEndpoint",
    "InvalidRequest",
    "InvalidSecrets",
    "MalformedResponse",
    "MissingOptionalComponents",
    "NetworkError",
    "NotAuthorised",
    "NotFound",
    "NotMonetised",
    "RateLimited",
    "RefreshTokenExpired",
    "ServerError",
    "Unauthorised",
    "bounded_wait",
    "list_of",
]

MAX_RETRY_AFTER = 3600.0
"""The longest wait (seconds) taken from Google's Retry-After: a longer one is cut to this."""


def list_of(items: Iterable[Any], *, conjunction: str = "and") -> str:
    """Render items as "'a', 'b', and 'c'" for messages."""
    quoted = [f"'{item}'" for item in items]
    if not quoted:
        return "nothing"
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return f"{quoted[0]} {conjunction} {quoted[1]}"
    return f"{', '.join(quoted[:-1])}, {conjunction} {quoted[-1]}"


class AnalytixError(Exception):
    """Base class of every error this package raises on purpose."""


class MissingOptionalComponents(AnalytixError):
    """An optional library needed for this call is not installed."""

    def __init__(self, *libraries: str, extra: str | None = None) -> None:
        self.libraries = libraries
        hint = f"analytix-desktop[{extra}]" if extra else " ".join(libraries)
        super().__init__(
            f"{list_of(libraries)} must be installed for this (hint: pip install {hint})"
        )


class DataFrameConversionError(AnalytixError):
    """A report could not be turned into a data frame."""


def bounded_wait(seconds: float | None) -> float | None:
    """A wait Google asked for, made usable: ``None`` when it is not a number, 0 for
    one in the past, at most :data:`MAX_RETRY_AFTER` (so never infinite)."""
    if seconds is None or math.isnan(seconds):
        return None
    return min(max(0.0, seconds), MAX_RETRY_AFTER)


class NetworkError(AnalytixError):
    """Google could not be reached, or its answer could not be read."""


class MalformedResponse(NetworkError):
    """An answer arrived but is not what Google sends: not JSON, cut short, nested
    absurdly deep, or not of the resource's shape. The body itself is never quoted."""


class APIError(AnalytixError):
    """Google answered with an error status.

    ``message`` and ``reason`` are Google's own (``error.message`` and
    ``error.errors[0].reason``, or ``error_description`` and ``error`` for OAuth).
    ``retry_after`` is the wait Google asked for, through :func:`bounded_wait`.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        reason: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.status = status
        self.message = message
        self.reason = reason
        self.retry_after = bounded_wait(retry_after)
        super().__init__(self.describe())

    def describe(self) -> str:
        """The exception's text."""
        suffix = f" ({self.reason})" if self.reason else ""
        return f"API returned {self.status}: {self.message}{suffix}"


class BadRequest(APIError):
    """HTTP 400."""


class Unauthorised(APIError):
    """HTTP 401: the access token is missing, expired or revoked."""


class Forbidden(APIError):
    """HTTP 403: insufficient scopes, someone else's channel, or no monetisation."""


class NotMonetised(Forbidden):
    """HTTP 403 to a report with revenue metrics: the channel is not monetised.

    Google answers a bare "Forbidden" when a channel outside the YouTube Partner
    Program asks for revenue; ``metrics`` are the revenue metrics of that query.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        reason: str | None = None,
        retry_after: float | None = None,
        metrics: Iterable[str] = (),
    ) -> None:
        self.metrics = tuple(metrics)
        super().__init__(status, message, reason=reason, retry_after=retry_after)

    def describe(self) -> str:
        named = f" ({list_of(self.metrics)})" if self.metrics else ""
        return (
            "this channel is not monetised (it is not in the YouTube Partner Program), so "
            f"revenue metrics{named} cannot be fetched for it; run the report without them "
            f"({super().describe()})"
        )


class NotFound(APIError):
    """HTTP 404."""


class Conflict(APIError):
    """HTTP 409: the resource exists already (a Reporting API job for that report type)."""


class RateLimited(APIError):
    """HTTP 429, or a quota error: slow down or wait for the quota to reset."""


class ServerError(APIError):
    """HTTP 5xx: a problem on Google's side, usually transient."""


class AuthorisationError(AnalytixError):
    """Authorisation could not be completed."""


class NotAuthorised(AuthorisationError):
    """No usable tokens are available and none could be obtained."""


class RefreshTokenExpired(AuthorisationError):
    """The refresh token is dead (revoked, or expired as in Google's 7-day Testing limit)."""


class IdTokenError(AuthorisationError):
    """An ID token could not be verified."""


class InvalidSecrets(AuthorisationError):
    """A client secrets file is missing, unreadable, or not of Google's shape."""


class InvalidEndpoint(AnalytixError):
    """An endpoint root was refused (not HTTP(S), or an override off this computer)."""


class InvalidRequest(AnalytixError):
    """A report query was refused locally, before any request was sent.

    ``kind`` says what class of fault it is, so that the sandbox can answer with
    the matching Google error: ``"unknown"`` (an unknown identifier), ``"value"``
    (a bad value of a known field), ``"required"`` (a required parameter is
    missing), ``"date"`` (an unparsable date) or ``"unsupported"`` (a combination
    that no report type accepts). ``field`` names the request parameter
    (``metrics``, ``dimensions``, ``filters``, ``sort``, ...) and ``value`` the
    offending text, where there is one.
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str = "unsupported",
        field: str | None = None,
        value: str | None = None,
    ) -> None:
        self.kind = kind
        self.field = field
        self.value = value
        super().__init__(message)
