"""The sandbox: a threaded HTTP server that answers like Google's OAuth and YouTube APIs."""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from . import groups, oauth, reports, youtube
from .accounts import demo_accounts
from .codes import CodeStore
from .consent import ConsentPolicy
from .faults import Faults, LoggedRequest, RequestLog
from .grants import Grant, GrantStore
from .groups import GroupStore
from .http import Request, Response, google_error
from .idtokens import SigningKey
from .world import World

__all__ = ["OAuthClient", "Reply", "Sandbox"]

Handler = Callable[[Request], Response]

_MISSING_CREDENTIAL = (
    "Request is missing required authentication credential. Expected OAuth 2 access token, "
    "login cookie or other valid authentication credential. See "
    "https://developers.google.com/identity/sign-in/web/devconsole-project."
)
_INVALID_CREDENTIAL = (
    "Request had invalid authentication credentials. Expected OAuth 2 access token, login "
    "cookie or other valid authentication credential. See "
    "https://developers.google.com/identity/sign-in/web/devconsole-project."
)


class Reply(Exception):
    """Raised by a handler to answer at once with ``response``."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


@dataclass(frozen=True)
class OAuthClient:
    """An OAuth client registered with the sandbox, as in a Cloud project."""

    client_id: str
    client_secret: str
    type: str = "installed"
    redirect_uris: tuple[str, ...] = ("http://localhost",)


DEFAULT_CLIENT = OAuthClient(
    "100000000001-sandbox.apps.googleusercontent.com", "GOCSPX-sandbox-desktop-secret"
)


class Sandbox:
    """Google's endpoints on one loopback root URL, with deterministic synthetic data."""

    def __init__(
        self,
        *,
        seed: int = 0,
        auto_consent: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the sandbox binds to loopback only")
        self.seed = seed
        self.auto_consent = auto_consent
        self.users, self.channels = demo_accounts(seed)
        self.clients: dict[str, OAuthClient] = {DEFAULT_CLIENT.client_id: DEFAULT_CLIENT}
        self.grants = GrantStore()
        self.consent = ConsentPolicy()  # what automatic consent picks, unticks or denies
        self.codes = CodeStore()  # consent pages, authorization codes, given authorisations
        self.signing_key = SigningKey()  # signs ID tokens; published at /oauth2/v3/certs
        self.world = World(seed, self.channels)  # videos and playlists; metrics built lazily
        self.group_store = GroupStore(self.world)
        self.group_page_size = 25  # groups.list page size
        self.empty_rows_as_list = False  # empty reports say "rows": [] instead of omitting it
        self.faults = Faults()
        self.log = RequestLog()
        self.started_at = time.time()
        self._routes: dict[tuple[str, str], Handler] = {}
        self._server = _Server((host, port), _RequestHandler, self)
        self._thread: threading.Thread | None = None
        for module in (oauth, reports, groups, youtube):
            module.register(self)

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        assert isinstance(host, str)
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def start(self) -> Sandbox:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="sandbox", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- routing ---------------------------------------------------------------------------

    def route(self, method: str, path: str, handler: Handler) -> None:
        self._routes[(method, path)] = handler

    def dispatch(self, request: Request) -> Response:
        handler = self._routes.get((request.method, request.path))
        if handler is None:
            if any(path == request.path for _, path in self._routes):
                return google_error(405, "Method Not Allowed", "httpMethodNotAllowed")
            return Response.html(404, "<!DOCTYPE html><title>Error 404 (Not Found)</title>")
        try:
            return handler(request)
        except Reply as reply:
            return reply.response

    # -- helpers for handlers ----------------------------------------------------------------

    def authenticate(self, request: Request, accepted_scopes: Iterable[str]) -> Grant:
        """The grant behind the request's bearer token, or a Reply with Google's 401/403."""
        token = request.bearer_token()
        if token is None:
            raise Reply(
                google_error(
                    401, _MISSING_CREDENTIAL, "required",
                    location="Authorization", location_type="header",
                    headers={"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'},
                )
            )
        entry = self.grants.access(token)
        if entry is None:
            raise Reply(
                google_error(
                    401, _INVALID_CREDENTIAL, "authError",
                    location="Authorization", location_type="header",
                    headers={"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", '
                             'error="invalid_token"'},
                )
            )
        grant = entry[0]
        if not grant.scopes & set(accepted_scopes):
            raise Reply(
                google_error(403, "Request had insufficient authentication scopes.",
                             "insufficientPermissions")
            )
        return grant

    def write_secrets(
        self, path: str | os.PathLike[str], client: OAuthClient = DEFAULT_CLIENT
    ) -> Path:
        """Write an ``installed`` client secrets file pointing at this sandbox (0600)."""
        path = Path(path)
        payload: dict[str, Any] = {
            client.type: {
                "client_id": client.client_id,
                "project_id": "analytix-desktop-sandbox",
                "auth_uri": f"{self.url}/o/oauth2/auth",
                "token_uri": f"{self.url}/token",
                "auth_provider_x509_cert_url": f"{self.url}/oauth2/v1/certs",
                "client_secret": client.client_secret,
                "redirect_uris": list(client.redirect_uris),
            }
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(payload, file, indent=2)
        return path


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, address: tuple[str, int], handler: type, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)

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
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the sandbox keeps its own request log, without tokens."""

    def _handle(self) -> None:
        sandbox = self.server.sandbox
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Request.parse(self.command, self.path, self.headers, body)
        fault = sandbox.faults.take(request.method, request.path)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.drop:
            sandbox.log.record(LoggedRequest(request.method, request.path, request.query, 0))
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault is not None and fault.status is not None:
            response = _fault_response(fault.status, fault.retry_after)
        else:
            try:
                response = sandbox.dispatch(request)
            except Exception:  # a bug in a handler: answer as Google's backend would
                traceback.print_exc()
                response = google_error(500, "Internal error encountered.", "backendError")
        sandbox.log.record(
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
        401: (_INVALID_CREDENTIAL, "authError"),
        403: ("The caller does not have permission", "forbidden"),
        500: ("Internal error encountered.", "backendError"),
        502: ("Bad Gateway", "backendError"),
        503: ("The service is currently unavailable.", "backendError"),
        504: ("Deadline exceeded.", "backendError"),
    }
    message, reason = texts.get(status, ("Error", "error"))
    return google_error(status, message, reason, headers=headers)
