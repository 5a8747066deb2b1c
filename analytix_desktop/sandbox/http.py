"""Requests, responses and Google's error envelopes, independent of the socket server."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import parse_qs

__all__ = ["Request", "Response", "etag", "failure", "google_error", "oauth_error"]

# Google's canonical "status" for each HTTP code of its v1 error envelope.
_STATUS_TEXT = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ALREADY_EXISTS",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
}


@dataclass
class Request:
    """One parsed HTTP request as a handler sees it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: Message
    body: bytes = b""

    @classmethod
    def parse(cls, method: str, target: str, headers: Message, body: bytes) -> Request:
        path, _, query = target.partition("?")
        return cls(method, path, parse_qs(query, keep_blank_values=True), headers, body)

    def param(self, name: str) -> str | None:
        """The first value of a query parameter, or None when absent."""
        values = self.query.get(name)
        return values[0] if values else None

    def form(self) -> dict[str, str]:
        """The body as an ``application/x-www-form-urlencoded`` form (first values)."""
        parsed = parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
        return {key: values[0] for key, values in parsed.items()}

    def json(self) -> Any:
        """The body parsed as JSON; raises ValueError when it is not JSON."""
        try:
            return json.loads(self.body.decode("utf-8"))
        except RecursionError:  # nested deeper than the parser goes: not JSON we can read
            raise ValueError("JSON nested too deeply") from None

    def bearer_token(self) -> str | None:
        """The token of an ``Authorization: Bearer`` header or an ``access_token`` parameter."""
        header = self.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return token.strip()
        return self.param("access_token") or None


@dataclass
class Response:
    """What a handler answers; the server writes it to the socket."""

    status: int
    body: bytes = b""
    content_type: str = "application/json; charset=UTF-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
        body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
        return cls(status, body, headers=dict(headers or {}))

    @classmethod
    def html(cls, status: int, text: str) -> Response:
        return cls(status, text.encode("utf-8"), "text/html; charset=UTF-8")

    @classmethod
    def redirect(cls, location: str) -> Response:
        return cls(302, b"", "text/html; charset=UTF-8", {"Location": location})


def etag(*parts: object) -> str:
    """A resource's ``etag``: the same parts, the same tag."""
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:27]  # noqa: S324 - not security


def google_error(
    status: int,
    message: str,
    reason: str,
    *,
    domain: str = "global",
    location: str | None = None,
    location_type: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """Google's API error envelope (``{"error": {"code", "message", "errors", "status"}}``)."""
    detail: dict[str, str] = {"message": message, "domain": domain, "reason": reason}
    if location:
        detail["location"] = location
        detail["locationType"] = location_type or "parameter"
    payload = {
        "error": {
            "code": status,
            "message": message,
            "errors": [detail],
            "status": _STATUS_TEXT.get(status, "UNKNOWN"),
        }
    }
    return Response.json(status, payload, headers)


def oauth_error(status: int, error: str, description: str | None = None) -> Response:
    """The OAuth endpoints' flat error body (``{"error", "error_description"}``)."""
    payload = {"error": error}
    if description is not None:
        payload["error_description"] = description
    return Response.json(status, payload)


def failure(status: int, message: str, *, oauth: bool) -> Response:
    """An error raised outside any handler's own checks, in the endpoint's style.

    The OAuth back channel answers ``{"error", "error_description"}``; every other
    endpoint answers Google's API envelope. 5xx codes say the fault is the server's.
    """
    if oauth:
        return oauth_error(
            status, "internal_failure" if status >= 500 else "invalid_request", message
        )
    return google_error(status, message, "backendError" if status >= 500 else "badRequest")
