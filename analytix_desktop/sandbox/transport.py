"""The socket side of the sandbox: read a request, apply faults, dispatch, log, answer."""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .bearer import INVALID_CREDENTIAL
from .faults import Faults, LoggedRequest, RequestLog
from .http import Request, Response, google_error
from .routing import Router

__all__ = ["IDLE_TIMEOUT", "MAX_BODY", "READ_TIMEOUT", "HTTPServer"]

_log = logging.getLogger(__name__)

READ_TIMEOUT = 10.0
"""Seconds a client may pause once its request has begun (headers, body) before it is
answered 400 or dropped: a stalled body frees its thread."""
IDLE_TIMEOUT = 120.0
"""Seconds a kept-alive connection may wait for its next request."""
MAX_BODY = 10 * 1024 * 1024
"""The largest body read; a larger Content-Length is refused before any is read."""
_CLOSE_GRACE = 2.0  # seconds server_close waits, in all, for hung-up handlers to end
_DIGITS = re.compile(r"[0-9]{1,12}")
_HEX = re.compile(rb"[0-9A-Fa-f]{1,8}")


class HTTPServer(ThreadingHTTPServer):
    """A threaded HTTP/1.1 server that answers through ``router``."""

    daemon_threads = True
    # server_close hangs up on every client and then waits a bounded time for the handlers,
    # rather than the mixin's unbounded join, which a stuck client could block for ever.
    block_on_close = False
    allow_reuse_address = False

    def __init__(
        self,
        address: tuple[str, int],
        router: Router,
        faults: Faults,
        log: RequestLog,
        *,
        read_timeout: float = READ_TIMEOUT,
        idle_timeout: float = IDLE_TIMEOUT,
    ) -> None:
        self.router = router
        self.faults = faults
        self.log = log
        self.read_timeout = read_timeout
        self.idle_timeout = idle_timeout
        self._clients: dict[socket.socket, threading.Thread] = {}
        self._clients_lock = threading.Lock()
        self._closing = False
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _RequestHandler)

    def add_client(self, connection: socket.socket) -> None:
        """Note a connection a handler thread serves; hang up at once when closing."""
        with self._clients_lock:
            closing = self._closing
            if not closing:
                self._clients[connection] = threading.current_thread()
        if closing:
            _hang_up(connection)

    def remove_client(self, connection: socket.socket) -> None:
        with self._clients_lock:
            self._clients.pop(connection, None)

    def server_close(self) -> None:
        super().server_close()
        with self._clients_lock:
            self._closing = True
            clients = dict(self._clients)
        for connection in clients:
            _hang_up(connection)
        deadline = time.monotonic() + _CLOSE_GRACE
        for thread in clients.values():
            thread.join(max(0.0, deadline - time.monotonic()))

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        # A client that hung up or stalled (a timed-out test, a closed browser tab), or a
        # connection cut by server_close, is not a server error.
        if isinstance(error, ConnectionError | TimeoutError):
            return
        if isinstance(error, OSError) and self._closing:
            return
        _log.error("sandbox connection failed", exc_info=error)


def _hang_up(connection: socket.socket) -> None:
    """End a client's connection so that a handler blocked on it wakes up."""
    with contextlib.suppress(OSError):  # already closed by either side
        connection.shutdown(socket.SHUT_RDWR)


class _UnreadableBody(Exception):
    """The request's body cannot be read as its headers describe it."""


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: without this, Nagle's algorithm and the
    # client's delayed ACK hold every keep-alive response back by about 40 ms.
    disable_nagle_algorithm = True
    server_version = "ESF"
    sys_version = ""
    server: HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the sandbox keeps its own request log, without tokens."""

    def setup(self) -> None:
        super().setup()
        self.server.add_client(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.remove_client(self.connection)

    def handle_one_request(self) -> None:
        # Between requests a kept-alive client may idle; parse_request shortens the wait.
        self.connection.settimeout(self.server.idle_timeout)
        self.path = ""  # a refusal before the request line is parsed has no path yet
        super().handle_one_request()

    def parse_request(self) -> bool:
        # The request line has come: the rest of the request must follow without stalling.
        self.connection.settimeout(self.server.read_timeout)
        return super().parse_request()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (bad request line, headers too long): Google's envelope."""
        self.close_connection = True
        if self.request_version == "HTTP/0.9":  # garbage, not a real 0.9 request: status line
            self.request_version = self.protocol_version
        text = message or self.responses.get(code, ("Error",))[0]
        self._send(self.server.router.failure(self.path, code, text))

    def _read_body(self) -> bytes:
        """The body its Content-Length announces (or its chunks), or _UnreadableBody."""
        coding = ",".join(self.headers.get_all("Transfer-Encoding") or []).strip().lower()
        if coding:
            if coding != "chunked" or self.headers.get("Content-Length") is not None:
                # RFC 9112 6.1: only chunked is understood here; with a length it is smuggling.
                raise _UnreadableBody("Unsupported Transfer-Encoding.")
            return self._read_chunks()
        values = self.headers.get_all("Content-Length") or []
        if not values:
            return b""
        texts = {value.strip() for value in values}
        text = texts.pop() if len(texts) == 1 else ""
        if not _DIGITS.fullmatch(text):
            raise _UnreadableBody("Invalid Content-Length header.")
        length = int(text)
        if length > MAX_BODY:
            raise _UnreadableBody(f"Request payload size exceeds the limit: {MAX_BODY} bytes.")
        try:
            body = self.rfile.read(length)
        except TimeoutError:
            body = b""
        if len(body) < length:
            raise _UnreadableBody("The request body is shorter than its Content-Length.")
        return body

    def _read_chunks(self) -> bytes:
        """A chunked body (RFC 9112 7.1), bounded by MAX_BODY; trailers are skipped."""
        body = bytearray()
        try:
            while True:
                size_line = self.rfile.readline(64).split(b";", 1)[0].strip()
                if not _HEX.fullmatch(size_line):
                    raise _UnreadableBody("Invalid chunk size in the request body.")
                size = int(size_line, 16)
                if len(body) + size > MAX_BODY:
                    raise _UnreadableBody(
                        f"Request payload size exceeds the limit: {MAX_BODY} bytes."
                    )
                if size == 0:
                    break
                chunk = self.rfile.read(size)
                if len(chunk) < size or self.rfile.readline(3) not in (b"\r\n", b"\n"):
                    raise _UnreadableBody("The request body's chunks are cut short.")
                body += chunk
            for _ in range(64):  # trailer fields, up to the blank line
                if self.rfile.readline(8192) in (b"\r\n", b"\n", b""):
                    break
        except TimeoutError:
            raise _UnreadableBody("The request body's chunks are cut short.") from None
        return bytes(body)

    def _handle(self) -> None:
        server = self.server
        try:
            body = self._read_body()
        except _UnreadableBody as problem:
            # Where this request ends in the stream is unknown: answer, then hang up.
            self.close_connection = True
            request = Request.parse(self.command, self.path, self.headers, b"")
            response = server.router.failure(request.path, 400, str(problem))
            server.log.record(LoggedRequest(request.method, request.path, request.query, 400))
            self._send(response)
            return
        request = Request.parse(self.command, self.path, self.headers, body)
        fault = server.faults.take(request.method, request.path)
        if fault is not None and fault.delay and not server.faults.delay(fault):
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault is not None and fault.drop:
            server.log.record(LoggedRequest(request.method, request.path, request.query, 0))
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault is not None and fault.status is not None:
            response = _fault_response(fault.status, fault.retry_after)
        else:
            try:
                response = server.router.dispatch(request)
            except Exception:  # a bug in a handler: answer as Google's backend would
                # The path only: a query may hold an access token.
                _log.exception("sandbox handler failed: %s %s", request.method, request.path)
                response = server.router.failure(request.path, 500, "Internal error encountered.")
        server.log.record(
            LoggedRequest(request.method, request.path, request.query, response.status)
        )
        self._send(response, truncate=fault is not None and fault.truncate)

    def _send(self, response: Response, *, truncate: bool = False) -> None:
        body_out = response.body
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(body_out)))
        if "Cache-Control" not in response.headers:
            self.send_header("Cache-Control", "private, max-age=0")
        for name, value in response.headers.items():
            self.send_header(name, value)
        if truncate:
            self.close_connection = True
            body_out = body_out[: len(body_out) // 2]
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body_out)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle


def _fault_response(status: int, retry_after: int | None) -> Response:
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    if status == 429:
        return google_error(
            429,
            "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute' of service "
            "'youtubeanalytics.googleapis.com' for consumer 'project_number:100000000001'.",
            "rateLimitExceeded",
            headers=headers,
        )
    texts = {
        401: (INVALID_CREDENTIAL, "authError"),
        403: ("The caller does not have permission", "forbidden"),
        500: ("Internal error encountered.", "backendError"),
        502: ("Bad Gateway", "backendError"),
        503: ("The service is currently unavailable.", "backendError"),
        504: ("Deadline exceeded.", "backendError"),
    }
    message, reason = texts.get(status, ("Error", "error"))
    return google_error(status, message, reason, headers=headers)
