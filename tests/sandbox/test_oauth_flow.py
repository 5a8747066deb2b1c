"""The sandbox's OAuth code flow, driven over real sockets as an app and browser would."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar

import pytest
import requests

from analytix_desktop.sandbox import Sandbox

from .oauthflow import (
    ANALYTICS,
    EMAIL,
    MONETARY,
    PROFILE,
    REDIRECT_URI,
    YOUTUBE_READONLY,
    App,
    pkce_pair,
    query_of,
    registered_app,
)


@pytest.fixture
def app(sandbox: Sandbox) -> Iterator[App]:
    with registered_app(sandbox) as registered:
        yield registered


class _Listener(BaseHTTPRequestHandler):
    """The app's loopback listener: keeps the query of the one redirect it gets."""

    received: ClassVar[dict[str, str]] = {}

    def do_GET(self) -> None:
        type(self).received = query_of(self.path)
        body = b"Authorisation complete."
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


def test_code_flow_with_pkce_through_a_loopback_listener(app: App) -> None:
    listener = HTTPServer(("127.0.0.1", 0), _Listener)
    thread = threading.Thread(target=listener.handle_request, daemon=True)
    thread.start()
    redirect_uri = f"http://127.0.0.1:{listener.server_address[1]}/"
    verifier, challenge = pkce_pair()
    try:
        params = app.auth_params(
            redirect_uri=redirect_uri,
            code_challenge=challenge,
            code_challenge_method="S256",
            state="xyz 123",
        )
        landing = requests.get(app.sandbox.url + "/o/oauth2/v2/auth", params=params, timeout=5)
        thread.join(5)
    finally:
        listener.server_close()
    assert landing.text == "Authorisation complete."
    received = _Listener.received
    assert received["state"] == "xyz 123"
    assert set(received["scope"].split()) == {
        ANALYTICS,
        MONETARY,
        YOUTUBE_READONLY,
        "openid",
        EMAIL,
        PROFILE,
    }

    response = app.exchange(received["code"], verifier, redirect_uri=redirect_uri)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    tokens = response.json()
    assert tokens["token_type"] == "Bearer"
    assert tokens["access_token"].startswith("ya29.")
    assert tokens["refresh_token"].startswith("1//")
    assert 3500 < tokens["expires_in"] <= 3600
    assert set(tokens["scope"].split()) == set(received["scope"].split())
    assert tokens["id_token"].count(".") == 2
    assert "refresh_token_expires_in" not in tokens

    whoami = app.whoami(tokens["access_token"])
    first = app.sandbox.users[0]
    assert whoami.json() == {
        "channel": first.channel_ids[0],
        "user": first.sub,
        "scopes": sorted(received["scope"].split()),
    }


@pytest.mark.parametrize("method", ["S256", "plain"])
def test_pkce_methods(app: App, method: str) -> None:
    verifier, challenge = pkce_pair(method)
    query = app.code(code_challenge=challenge, code_challenge_method=method)
    assert app.exchange(query["code"], verifier).status_code == 200


def test_flow_without_pkce_and_client_auth_by_http_basic(app: App) -> None:
    query = app.code(scope=ANALYTICS)
    response = app.token(
        auth=(app.client.client_id, app.client.client_secret),
        grant_type="authorization_code",
        code=query["code"],
        redirect_uri=REDIRECT_URI,
    )
    assert response.status_code == 200
    tokens = response.json()
    assert tokens["scope"] == ANALYTICS
    assert "id_token" not in tokens


def test_short_identity_scopes_are_rewritten_and_openid_added(app: App) -> None:
    query = app.code(scope=f"email profile {ANALYTICS}")
    assert set(query["scope"].split()) == {EMAIL, PROFILE, ANALYTICS, "openid"}
    assert query["authuser"] == "0"


def test_refresh_token_only_on_first_offline_consent_or_when_forced(app: App) -> None:
    assert "refresh_token" not in app.sign_in(access_type=None, prompt=None)
    assert "refresh_token" in app.sign_in(prompt=None)
    again = app.sign_in(prompt="select_account")
    assert "refresh_token" not in again
    assert "refresh_token" in app.sign_in(prompt="consent")
    assert app.whoami(again["access_token"]).status_code == 200


def test_token_without_a_new_refresh_token_dies_with_the_authorisation(app: App) -> None:
    first = app.sign_in(prompt=None)
    second = app.sign_in(prompt=None)
    assert "refresh_token" not in second
    assert app.sandbox.grants.revoke(first["refresh_token"])
    assert app.whoami(second["access_token"]).status_code == 401


def test_refresh_gives_a_new_access_token_and_id_token(app: App) -> None:
    tokens = app.sign_in()
    response = app.refresh(tokens["refresh_token"])
    assert response.status_code == 200
    refreshed = response.json()
    assert "refresh_token" not in refreshed
    assert refreshed["access_token"] != tokens["access_token"]
    assert refreshed["scope"] == tokens["scope"]
    assert "id_token" in refreshed
    assert app.whoami(refreshed["access_token"]).status_code == 200


def test_refresh_with_a_scope_subset_narrows_the_new_token(app: App) -> None:
    tokens = app.sign_in()
    narrowed = app.refresh(tokens["refresh_token"], scope=ANALYTICS).json()
    assert narrowed["scope"] == ANALYTICS
    assert app.whoami(narrowed["access_token"]).json()["scopes"] == [ANALYTICS]
    assert "id_token" not in narrowed
    # Revoking the narrowed token ends the whole authorisation.
    app.sandbox.grants.revoke(narrowed["access_token"])
    assert app.refresh(tokens["refresh_token"]).json()["error"] == "invalid_grant"


def test_refresh_cannot_widen_scopes(app: App) -> None:
    tokens = app.sign_in(scope=ANALYTICS)
    response = app.refresh(tokens["refresh_token"], scope=f"{ANALYTICS} {MONETARY}")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_time_limited_refresh_tokens(app: App) -> None:
    app.sandbox.grants.refresh_lifetime = 604800
    tokens = app.sign_in()
    assert 604790 < tokens["refresh_token_expires_in"] <= 604800
    assert "refresh_token_expires_in" in app.refresh(tokens["refresh_token"]).json()
    app.sandbox.grants.expire_refresh_tokens()
    response = app.refresh(tokens["refresh_token"])
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": "Token has been expired or revoked.",
    }


def test_include_granted_scopes_adds_earlier_grants(app: App) -> None:
    app.sign_in(scope=ANALYTICS)
    query = app.code(scope=YOUTUBE_READONLY, include_granted_scopes="true")
    assert set(query["scope"].split()) == {ANALYTICS, YOUTUBE_READONLY}
    query = app.code(scope=YOUTUBE_READONLY)
    assert query["scope"] == YOUTUBE_READONLY


def test_automatic_consent_picks_the_configured_channel(app: App) -> None:
    user = app.sandbox.users[0]
    app.sandbox.consent.channel = user.channel_ids[1]
    tokens = app.sign_in()
    assert app.whoami(tokens["access_token"]).json()["channel"] == user.channel_ids[1]


@pytest.mark.parametrize("hint", ["channel", "email"])
def test_login_hint_picks_the_channel_or_account(app: App, hint: str) -> None:
    user = app.sandbox.users[1]
    value = user.channel_ids[0] if hint == "channel" else user.email
    tokens = app.sign_in(login_hint=value)
    assert app.whoami(tokens["access_token"]).json() == {
        "channel": user.channel_ids[0],
        "user": user.sub,
        "scopes": sorted(tokens["scope"].split()),
    }


def test_automatic_consent_can_withhold_scopes_and_deny(app: App) -> None:
    app.sandbox.consent.withhold = frozenset({MONETARY, EMAIL})
    query = app.code()
    # Sign-in scopes cannot be unticked, as on Google's granular consent screen.
    assert MONETARY not in query["scope"].split()
    assert EMAIL in query["scope"].split()

    app.sandbox.consent.deny = True
    response = app.authorize(state="s1")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{REDIRECT_URI}?error=access_denied&state=s1"


def test_prompt_none_needs_an_earlier_consent(app: App) -> None:
    query = app.code(prompt="none", scope=ANALYTICS, state="q")
    assert query == {"error": "consent_required", "state": "q"}
    app.sign_in(scope=ANALYTICS)
    query = app.code(prompt="none", scope=ANALYTICS)
    assert query["scope"] == ANALYTICS
    assert "code" in query
