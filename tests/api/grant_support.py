"""Test support for failed sign-ins: which grants were handed out, and odd token endpoints.

``TokenAnswers`` watches a client's real HTTP session (a ``requests`` response hook) and
keeps the tokens the token endpoint hands out, so that a test can ask the sandbox
afterwards whether their grant is still alive. ``LoopbackServer`` is a small real HTTP
server on 127.0.0.1 whose answers a test decides: a token endpoint that forwards to the
sandbox's and alters its answer, or a tokeninfo endpoint with a strange expiry.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from analytix_desktop.sandbox import Sandbox

Answer = tuple[int, Any]
"""An HTTP status and the JSON body to send (NaN and infinities as Python writes them)."""


class TokenAnswers:
    """A response hook keeping the JSON of every successful answer from a ``/token`` path."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.answers: list[dict[str, Any]] = []

    def __call__(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        if response.ok and urlsplit(response.url).path == "/token":
            with self._lock:
                self.answers.append(json.loads(response.content))

    def session(self) -> requests.Session:
        """A real session that reports to this recorder."""
        session = requests.Session()
        session.hooks["response"].append(self)
        return session

    def tokens(self) -> list[str]:
        """Every access and refresh token handed out so far."""
        with self._lock:
            return [
                answer[name]
                for answer in self.answers
                for name in ("access_token", "refresh_token")
                if isinstance(answer.get(name), str)
            ]

    def live(self, sandbox: Sandbox) -> list[str]:
        """The tokens handed out whose grant the sandbox still honours."""
        return [
            token
            for token in self.tokens()
            if sandbox.grants.access(token) is not None or sandbox.grants.refresh(token) is not None
        ]


class LoopbackServer:
    """A real HTTP server on 127.0.0.1: ``answer(method, path, body)`` decides each reply."""

    def __init__(self, answer: Callable[[str, str, bytes], Answer]) -> None:
        self.requests: list[tuple[str, str]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

            def do_GET(self) -> None:
                self._answer("GET")

            def do_POST(self) -> None:
                self._answer("POST")

            def _answer(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                path = urlsplit(self.path).path
                owner.requests.append((method, path))
                status, payload = answer(method, path, body)
                content = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def altered_token_endpoint(
    sandbox: Sandbox, alter: Callable[[dict[str, Any]], dict[str, Any]]
) -> LoopbackServer:
    """A token endpoint that redeems at the sandbox's, then alters a successful answer."""

    def answer(method: str, path: str, body: bytes) -> Answer:
        response = requests.post(
            f"{sandbox.url}/token",
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            timeout=10,
        )
        payload = response.json()
        return response.status_code, alter(payload) if response.ok else payload

    return LoopbackServer(answer)


def secrets_via(sandbox: Sandbox, path: Path, token_uri: str) -> Path:
    """The sandbox's client secrets file at ``path``, with another token URI."""
    written = sandbox.write_secrets(path)
    data = json.loads(written.read_text())
    data["installed"]["token_uri"] = token_uri
    written.write_text(json.dumps(data))
    return written
