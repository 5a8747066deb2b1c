"""Test support for the sandbox's OAuth endpoints: the test plays app and browser."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from analytix_desktop.sandbox import OAuthClient, Sandbox
from analytix_desktop.sandbox.http import Request, Response

ANALYTICS = "https://www.googleapis.com/auth/yt-analytics.readonly"
MONETARY = "https://www.googleapis.com/auth/yt-analytics-monetary.readonly"
YOUTUBE_READONLY = "https://www.googleapis.com/auth/youtube.readonly"
EMAIL = "https://www.googleapis.com/auth/userinfo.email"
PROFILE = "https://www.googleapis.com/auth/userinfo.profile"
ALL_SCOPES = f"{ANALYTICS} {MONETARY} {YOUTUBE_READONLY} openid {EMAIL} {PROFILE}"
# Nothing listens here: tests read the Location header instead of following it.
REDIRECT_URI = "http://127.0.0.1:1/callback"
TIMEOUT = 5


def pkce_pair(method: str = "S256") -> tuple[str, str]:
    """A fresh (verifier, challenge) pair."""
    verifier = secrets.token_urlsafe(64)[:96]
    if method == "plain":
        return verifier, verifier
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def query_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


@dataclass
class App:
    """An installed app registered with the sandbox, doing the code flow by hand."""

    sandbox: Sandbox
    client: OAuthClient
    session: requests.Session = field(default_factory=requests.Session)

    def auth_params(self, **overrides: str | None) -> dict[str, str]:
        params: dict[str, str | None] = {
            "client_id": self.client.client_id,
            "redirect_uri": REDIRECT_URI,
            "response_type": "code",
            "scope": ALL_SCOPES,
            "state": "state-" + secrets.token_hex(4),
            "access_type": "offline",
            "prompt": "select_account consent",
        }
        params.update(overrides)
        return {name: value for name, value in params.items() if value is not None}

    def authorize(self, path: str = "/o/oauth2/auth", **overrides: str | None) -> requests.Response:
        return self.session.get(
            self.sandbox.url + path,
            params=self.auth_params(**overrides),
            allow_redirects=False,
            timeout=TIMEOUT,
        )

    def code(self, **overrides: str | None) -> dict[str, str]:
        """The query the sandbox redirects back with (automatic consent)."""
        response = self.authorize(**overrides)
        assert response.status_code == 302, response.text
        return query_of(response.headers["Location"])

    def token(self, auth: tuple[str, str] | None = None, **form: str | None) -> requests.Response:
        fields = {name: value for name, value in form.items() if value is not None}
        return self.session.post(
            self.sandbox.url + "/token", data=fields, auth=auth, timeout=TIMEOUT
        )

    def exchange(
        self, code: str | None, verifier: str | None = None, **form: str | None
    ) -> requests.Response:
        fields: dict[str, str | None] = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "client_id": self.client.client_id,
            "client_secret": self.client.client_secret,
            "code_verifier": verifier,
        }
        fields.update(form)
        return self.token(**fields)

    def refresh(self, refresh_token: str, **form: str | None) -> requests.Response:
        return self.token(
            grant_type="refresh_token",
            refresh_token=refresh_token,
            client_id=self.client.client_id,
            client_secret=self.client.client_secret,
            **form,
        )

    def sign_in(self, **overrides: str | None) -> dict[str, Any]:
        """The whole flow with PKCE S256: the token endpoint's JSON."""
        verifier, challenge = pkce_pair()
        query = self.code(code_challenge=challenge, code_challenge_method="S256", **overrides)
        response = self.exchange(query["code"], verifier)
        assert response.status_code == 200, response.text
        tokens: dict[str, Any] = response.json()
        return tokens

    def whoami(self, access_token: str) -> requests.Response:
        """The protected test route: which grant the sandbox sees behind a token."""
        return self.session.get(
            self.sandbox.url + "/test/whoami",
            timeout=TIMEOUT,
            headers={"Authorization": f"Bearer {access_token}"},
        )


@contextmanager
def registered_app(sandbox: Sandbox) -> Iterator[App]:
    """A client of its own (so "first consent" is really first) and default consent."""
    name = secrets.token_hex(6)
    client = OAuthClient(f"{name}-test.apps.googleusercontent.com", "GOCSPX-" + name)
    sandbox.clients[client.client_id] = client
    sandbox.route("GET", "/test/whoami", lambda request: _whoami(sandbox, request))
    sandbox.consent.reset()
    app = App(sandbox, client)
    try:
        yield app
    finally:
        app.session.close()
        del sandbox.clients[client.client_id]
        sandbox.consent.reset()
        sandbox.auto_consent = True
        sandbox.grants.refresh_lifetime = None


def _whoami(sandbox: Sandbox, request: Request) -> Response:
    grant = sandbox.authenticate(request, [ANALYTICS, MONETARY, YOUTUBE_READONLY])
    return Response.json(
        200, {"channel": grant.channel_id, "user": grant.user_sub, "scopes": sorted(grant.scopes)}
    )


class FormParser(HTMLParser):
    """The forms of a consent page: hidden fields, radios, checkboxes and buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.hidden: dict[str, str] = {}
        self.radios: list[tuple[str, bool]] = []
        self.checkboxes: list[tuple[str, bool]] = []
        self.buttons: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.action = a.get("action")
        elif tag == "input" and a.get("type") == "hidden":
            self.hidden[a["name"]] = a["value"]
        elif tag == "input" and a.get("type") == "radio":
            self.radios.append((a["value"], "checked" in a))
        elif tag == "input" and a.get("type") == "checkbox":
            self.checkboxes.append((a["value"], "checked" in a))
        elif tag == "button":
            self.buttons.append((a.get("name", ""), a.get("value", "")))

    @classmethod
    def of(cls, html: str) -> FormParser:
        parser = cls()
        parser.feed(html)
        return parser
