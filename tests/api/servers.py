"""Small real-socket servers for transport tests: a failing gateway and a slow server."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

__all__ = ["Gateway", "SlowServer"]

# What the gateway passes on from the upstream's answer.
_RELAYED = ("Content-Type", "Retry-After", "Location")


class Gateway:
    """A reverse proxy in front of ``upstream``, like Google's front end: it can pass
    a request on, let the upstream carry it out, and answer 502 instead of its answer."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self._upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._lock = threading.Lock()
        self._failures: dict[tuple[str, str], int] = {}
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

            def _relay(self) -> None:
                gateway._relay(self)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _relay

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def fail_after(self, method: str, path: str, times: int = 1) -> None:
        """The next ``times`` ``method`` requests to ``path`` reach the upstream, whose
        answer is dropped: the client gets a 502."""
        with self._lock:
            self._failures[method, path] = times

    def _fails(self, method: str, path: str) -> bool:
        with self._lock:
            left = self._failures.get((method, path), 0)
            if left:
                self._failures[method, path] = left - 1
            return left > 0

    def _relay(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        headers = {
            name: value
            for name, value in handler.headers.items()
            if name.lower() not in ("host", "connection")
        }
        upstream = http.client.HTTPConnection(*self._upstream, timeout=10)
        try:
            upstream.request(handler.command, handler.path, body=body, headers=headers)
            answer = upstream.getresponse()
            status, relayed, content = answer.status, answer.getheaders(), answer.read()
        finally:
            upstream.close()
        if self._fails(handler.command, urlsplit(handler.path).path):
            status, relayed = 502, [("Content-Type", "application/json; charset=UTF-8")]
            error = {"code": 502, "message": "Bad Gateway", "errors": [{"reason": "backendError"}]}
            content = json.dumps({"error": error}).encode()
        handler.send_response(status)
        for name, value in relayed:
            if name in _RELAYED:
                handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        handler.wfile.write(content)

    def __enter__(self) -> Gateway:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()


class SlowServer:
    """Answers every request with ``answer``: its first ``prompt`` bytes at once, then
    one byte every ``interval`` seconds (a server or link that trickles)."""

    def __init__(self, answer: bytes, *, prompt: int, interval: float) -> None:
        self.answer = answer
        self.prompt = prompt
        self.interval = interval
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @classmethod
    def json_body(cls, body: bytes, *, interval: float) -> SlowServer:
        """Prompt headers, then ``body`` a byte at a time."""
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        return cls(head + body, prompt=len(head), interval=interval)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def _accept(self) -> None:
        self._listener.settimeout(0.05)  # to see ``_stopped`` (close does not wake accept)
        while not self._stopped.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connection.settimeout(None)
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection, contextlib.suppress(OSError):
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = connection.recv(4096)
                if not chunk:
                    return
                request += chunk
            connection.sendall(self.answer[: self.prompt])
            for index in range(self.prompt, len(self.answer)):
                if self._stopped.wait(self.interval):
                    return
                connection.sendall(self.answer[index : index + 1])

    def __enter__(self) -> SlowServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopped.set()
        self._thread.join(1)
        self._listener.close()
