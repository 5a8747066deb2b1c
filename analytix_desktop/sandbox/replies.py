"""Shortcuts for the data endpoints' early answers (Google's error envelopes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import server
from .http import Response, google_error

if TYPE_CHECKING:
    from .server import Reply

__all__ = ["bad_request", "forbidden", "not_found", "reply", "required"]


def reply(response: Response) -> Reply:
    """A Reply to raise; server imports the endpoint modules, so look Reply up late."""
    return server.Reply(response)


def bad_request(message: str, reason: str = "invalid", location: str | None = None) -> Reply:
    return reply(google_error(400, message, reason, location=location))


def required(name: str) -> Reply:
    """Google's answer to a missing required parameter."""
    return reply(google_error(400, "Required", "required", location=name))


def not_found(message: str, reason: str = "notFound") -> Reply:
    return reply(google_error(404, message, reason))


def forbidden(message: str = "Forbidden", reason: str = "forbidden") -> Reply:
    return reply(google_error(403, message, reason))
