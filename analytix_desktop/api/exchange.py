"""One HTTP exchange on a thread of its own: the caller waits as long as it chooses.

Socket timeouts bound each read, not an exchange: a server sending a byte now and then
keeps a read alive for ever. :class:`Exchange` lets :class:`.transport.Transport` hold a
total deadline and a cancel event over connecting, headers and body, and caps the body.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3.exceptions

from .errors import MalformedResponse

__all__ = ["Exchange", "never_sent", "place"]

_READ_PIECE = 1 << 20


def place(url: str) -> str:
    """Host and path only: query strings are never logged or put in messages."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"


class Exchange:
    """One request and its whole body, read on a thread of its own.

    When the caller stops waiting, :meth:`abandon` shuts the socket so that the thread
    ends too (before the headers are in, there is no socket to reach: the thread then
    ends with its own read timeout; the caller does not wait for it).
    """

    def __init__(self, session: requests.Session, kwargs: dict[str, Any], max_body: int) -> None:
        self.done = threading.Event()
        self._max_body = max_body
        self.response: requests.Response | None = None
        self.error: Exception | None = None
        self._lock = threading.Lock()
        self._abandoned = False
        run = threading.Thread(target=self._run, args=(session, kwargs), daemon=True)
        run.start()

    def _run(self, session: requests.Session, kwargs: dict[str, Any]) -> None:
        try:
            response = session.request(**kwargs, stream=True)
            with self._lock:
                self.response = response
                abandoned = self._abandoned
            if abandoned:
                response.close()
            else:
                self._read(response)  # all of it, so that a cut-off body fails here
        except Exception as exc:  # handed to the caller, who raises it or its NetworkError
            self.error = exc
        finally:
            self.done.set()

    def _read(self, response: requests.Response) -> None:
        """Read the decoded body, refusing it past ``max_body`` bytes.

        A body of a known length that is not compressed is read in one piece (no pieces
        to join, half the memory); a compressed one in pieces, so that one that inflates
        without end is stopped at the cap.
        """
        length = _plain_length(response)
        if length is not None and length > self._max_body:
            response.close()
            raise self._too_large(response)
        pieces, size = [], 0
        for piece in response.iter_content(None if length is not None else _READ_PIECE):
            size += len(piece)
            if size > self._max_body:
                response.close()
                raise self._too_large(response)
            pieces.append(piece)
        # What requests itself does once a streamed body is read: later .content uses it.
        response._content = b"".join(pieces)  # one piece is kept as it is, not copied

    def _too_large(self, response: requests.Response) -> MalformedResponse:
        return MalformedResponse(
            f"the answer from {place(response.url)} is larger than "
            f"{self._max_body >> 20} MiB once decoded"
        )

    def abandon(self) -> None:
        """Stop caring about the answer; cut the connection if it is open."""
        with self._lock:
            self._abandoned = True
            response = self.response
        if response is not None:
            connection = getattr(response.raw, "connection", None)
            sock = getattr(connection, "sock", None)
            if isinstance(sock, socket.socket):  # the blocked read fails; the thread cleans up
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def _plain_length(response: requests.Response) -> int | None:
    """The body's length when the headers give it and it is not compressed, else None."""
    if response.headers.get("Content-Encoding", "identity").strip().lower() != "identity":
        return None
    if "chunked" in response.headers.get("Transfer-Encoding", "").lower():
        return None  # a length beside it is to be ignored (RFC 9112, 6.3)
    try:
        length = int(response.headers.get("Content-Length", ""))
    except ValueError:
        return None
    return length if length >= 0 else None


def never_sent(exc: requests.RequestException) -> bool:
    """Whether the request surely never reached a server: no connection was made."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.ConnectionError) and exc.args:
        cause = exc.args[0]
        reason = getattr(cause, "reason", cause)  # requests wraps urllib3's MaxRetryError
        return isinstance(reason, urllib3.exceptions.NewConnectionError)
    return False
