"""A handler's early answer (``Reply``) and shortcuts for Google's usual error envelopes."""

from __future__ import annotations

from .http import Response, google_error

__all__ = ["Reply", "bad_request", "forbidden", "not_found", "required"]


class Reply(Exception):
    """Raised by a handler to answer at once with ``response``."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


def bad_request(message: str, reason: str = "invalid", location: str | None = None) -> Reply:
    return Reply(google_error(400, message, reason, location=location))


def required(name: str) -> Reply:
    """Google's answer to a missing required parameter."""
    return Reply(google_error(400, "Required", "required", location=name))


def not_found(message: str, reason: str = "notFound") -> Reply:
    return Reply(google_error(404, message, reason))


def forbidden(message: str = "Forbidden", reason: str = "forbidden") -> Reply:
    return Reply(google_error(403, message, reason))
