"""The OAuth loopback flow for installed apps: PKCE, state, nonce and a local listener."""

from __future__ import annotations

import base64
import hashlib
import html
import logging
import secrets
import string
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from .errors import APIError, AuthorisationError
from .scopes import Scopes
from .secrets import Secrets
from .tokens import Tokens
from .transport import Transport

__all__ = ["LoopbackFlow", "as_transport", "landing_page"]

_log = logging.getLogger(__name__)
_STRAY = (
    "This address waits for Google's answer to a sign-in, and this request was not it. "
    "The sign-in goes on: finish it in the tab with Google's page."
)


def as_transport(session: Transport | requests.Session | None) -> Transport:
    """A Transport over ``session`` (shared, not closed by us), or a new one."""
    if isinstance(session, Transport):
        return session
    return Transport(session)


def landing_page(title: str, message: str, *, ok: bool) -> bytes:
    """The small self-contained page the browser shows after the redirect."""
    template = string.Template(
        resources.files(__package__).joinpath("landing.html").read_text(encoding="utf-8")
    )
    return template.substitute(
        title=html.escape(title), message=html.escape(message), outcome="ok" if ok else "failed"
    ).encode("utf-8")


def _pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(64)  # 86 characters of [A-Za-z0-9_-]
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class _Listener(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False
    flow: LoopbackFlow


class _Handler(BaseHTTPRequestHandler):
    server: _Listener
    timeout = 10  # a browser's idle pre-connection must not hold a thread for ever

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the query string holds the authorisation code."""

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        flow = self.server.flow
        if parts.path != "/":
            # favicon, prefetches and the like: not the redirect we wait for.
            self._reply(404, landing_page("Not found", "Nothing here.", ok=False))
            return
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        outcome = flow._judge(query)
        if outcome is None:
            # Any web page can send the browser here: only Google's answer, which
            # carries this sign-in's state, may end the wait.
            _log.info("the loopback listener ignored a request that was not Google's answer")
            self._reply(400, landing_page("Not a sign-in answer", _STRAY, ok=False))
            return
        if isinstance(outcome, str):
            page = landing_page(
                "Authorisation complete", "analytix-desktop has been authorised.", ok=True
            )
        else:
            page = landing_page("Authorisation failed", str(outcome), ok=False)
        self._reply(200, page)
        flow._settle(outcome)

    def _reply(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()


class LoopbackFlow:
    """One authorisation: ``start()`` for the URL, ``wait()`` for the code, ``exchange()``.

    Safe to run on a worker thread; ``cancel()`` may be called from any thread.
    """

    def __init__(
        self,
        secrets: Secrets,
        scopes: Scopes,
        *,
        port: int = 0,
        host: str = "127.0.0.1",
        timeout: float = 300.0,
        prompt: str = "select_account consent",
        login_hint: str | None = None,
    ) -> None:
        scopes.validate()
        self.secrets = secrets
        self.scopes = scopes
        self.host = host
        self.port = port
        self.timeout = timeout
        self.prompt = prompt
        self.login_hint = login_hint
        self.state = secrets_token()
        self.nonce = secrets_token()
        self._verifier, self._challenge = _pkce_pair()
        self._server: _Listener | None = None
        self._thread: threading.Thread | None = None
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._outcome: str | AuthorisationError | None = None
        self._redirect_uri: str | None = None

    @property
    def redirect_uri(self) -> str:
        """The loopback URI Google sends the browser back to (known once started)."""
        if self._redirect_uri is None:
            raise RuntimeError("start() the flow first")
        return self._redirect_uri

    def authorization_url(self) -> str:
        params = {
            "client_id": self.secrets.client_id,
            "redirect_uri": self.redirect_uri,
            "response_type": "code",
            "scope": self.scopes.formatted,
            "state": self.state,
            "nonce": self.nonce,
            "code_challenge": self._challenge,
            "code_challenge_method": "S256",
            "access_type": "offline",
            "include_granted_scopes": "true",
        }
        if self.prompt:
            params["prompt"] = self.prompt
        if self.login_hint:
            params["login_hint"] = self.login_hint
        joiner = "&" if "?" in self.secrets.auth_uri else "?"
        return f"{self.secrets.auth_uri}{joiner}{urlencode(params)}"

    def start(self) -> str:
        """Listen on the loopback port and return the URL to open in a browser."""
        if self._server is not None:
            return self.authorization_url()
        try:
            server = _Listener((self.host, self.port), _Handler)
        except OSError as exc:
            raise AuthorisationError(
                f"could not listen on {self.host} port {self.port} for Google's answer "
                f"({exc.strerror or type(exc).__name__}); is another program using it?"
            ) from None
        server.flow = self
        self._server = server
        self._redirect_uri = f"http://{self.host}:{server.server_address[1]}/"
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="oauth-loopback",
            daemon=True,
        )
        self._thread.start()
        _log.debug("waiting for the OAuth redirect on %s", self.redirect_uri)
        return self.authorization_url()

    def wait(self) -> str:
        """Block until the browser comes back; return the code or raise AuthorisationError."""
        if self._server is None:
            self.start()
        try:
            if not self._done.wait(self.timeout):
                raise AuthorisationError(
                    f"no answer came from the browser within {self.timeout:g} seconds"
                )
            with self._lock:
                outcome = self._outcome
            if outcome is None:
                raise AuthorisationError("the authorisation was cancelled")
            if isinstance(outcome, AuthorisationError):
                raise outcome
            return outcome
        finally:
            self.close()

    def cancel(self) -> None:
        """Make ``wait()`` give up now (from any thread)."""
        self._done.set()

    def close(self) -> None:
        """Stop listening (idempotent)."""
        with self._lock:
            server, self._server = self._server, None
            thread, self._thread = self._thread, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2)

    def __enter__(self) -> LoopbackFlow:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _judge(self, query: dict[str, str]) -> str | AuthorisationError | None:
        """The code, or the error, of Google's answer; None when ``query`` is not it."""
        if not secrets.compare_digest(query.get("state", ""), self.state):
            return None
        error = query.get("error")
        if error == "access_denied":
            return AuthorisationError("the authorisation was declined in the browser")
        if error is not None:
            return AuthorisationError(f"Google did not authorise the app ({error})")
        return query.get("code")

    def _settle(self, outcome: str | AuthorisationError) -> None:
        with self._lock:
            if self._outcome is None and not self._done.is_set():
                self._outcome = outcome
        self._done.set()

    def redeem(
        self, code: str, session: Transport | requests.Session | None = None
    ) -> dict[str, Any]:
        """Trade the code (and PKCE verifier) at the secrets' token URI; Google's answer.

        Once this returns, a grant exists: a sign-in that then fails should revoke it
        (``BaseClient.redeem`` and ``BaseClient.revoked_on_failure`` do).
        """
        transport = as_transport(session)
        data = {
            "code": code,
            "client_id": self.secrets.client_id,
            "client_secret": self.secrets.client_secret,
            "redirect_uri": self.redirect_uri,
            "grant_type": "authorization_code",
            "code_verifier": self._verifier,
        }
        try:
            payload = transport.json("POST", self.secrets.token_uri, data=data, idempotent=False)
        except APIError as exc:
            suffix = f" ({exc.reason})" if exc.reason else ""
            raise AuthorisationError(
                f"Google refused the authorisation code: {exc.message}{suffix}"
            ) from None
        finally:
            if session is None:
                transport.close()
        if not isinstance(payload, dict):
            raise AuthorisationError("the token endpoint's answer is not a JSON object")
        return payload

    def exchange(self, code: str, session: Transport | requests.Session | None = None) -> Tokens:
        """``redeem`` the code and read the tokens from Google's answer."""
        return Tokens.from_dict(self.redeem(code, session), received_at=time.time())


def secrets_token() -> str:
    """An unguessable URL-safe value for ``state`` and ``nonce``."""
    return secrets.token_urlsafe(32)
