"""The socket side of the sandbox: read a request, apply faults, dispatch, log, answer."""

from __future__ import annotations

import socket
import sys
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .bearer import INVALID_CREDENTIAL
from .faults import Faults, LoggedRequest, RequestLog
from .http import Request, Response, google_error
from .routing import Router

__all__ = ["HTTPServer"]


class HTTPServer(ThreadingHTTPServer):
    """A threaded HTTP/1.1 server that answers through ``router``."""

    daemon_threads = True
    allow_reuse_address = False

    def __init__(
        self, address: tuple[str, int], router: Router, faults: Faults, log: RequestLog
    ) -> None:
        self.router = router
        self.faults = faults
        self.log = log
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _RequestHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hung up (a timed-out test, a closed browser tab) is not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


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

    def _handle(self) -> None:
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Request.parse(self.command, self.path, self.headers, body)
        fault = server.faults.take(request.method, request.path)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
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
                traceback.print_exc()
                response = google_error(500, "Internal error encountered.", "backendError")
        server.log.record(
            LoggedRequest(request.method, request.path, request.query, response.status)
        )
        body_out = response.body
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(body_out)))
        if "Cache-Control" not in response.headers:
            self.send_header("Cache-Control", "private, max-age=0")
        for name, value in response.headers.items():
            self.send_header(name, value)
        if fault is not None and fault.truncate:
            self.send_header("Connection", "close")
            self.close_connection = True
            body_out = body_out[: len(body_out) // 2]
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
