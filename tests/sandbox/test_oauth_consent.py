"""The interactive consent screen: choose an account, a channel, untick scopes, Allow / Deny."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import requests

from analytix_desktop.sandbox import Sandbox

from .oauthflow import (
    ANALYTICS,
    EMAIL,
    MONETARY,
    REDIRECT_URI,
    YOUTUBE_READONLY,
    App,
    FormParser,
    pkce_pair,
    query_of,
    registered_app,
)


@pytest.fixture
def app(sandbox: Sandbox) -> Iterator[App]:
    with registered_app(sandbox) as registered:
        sandbox.auto_consent = False
        yield registered


def _post(app: App, form: FormParser, **fields: str | list[str]) -> requests.Response:
    assert form.action is not None
    return app.session.post(
        app.sandbox.url + form.action,
        data={**form.hidden, **fields},
        allow_redirects=False,
        timeout=5,
    )


def _channel_page(app: App, user_index: int, **overrides: str | None) -> FormParser:
    """Open the consent screen and choose an account: the channel-and-scopes form."""
    page = app.authorize(**overrides)
    assert page.status_code == 200
    accounts = FormParser.of(page.text)
    user = app.sandbox.users[user_index]
    assert ("user", user.sub) in accounts.buttons
    chosen = _post(app, accounts, user=user.sub)
    assert chosen.status_code == 200
    return FormParser.of(chosen.text)


def test_allow_with_a_brand_account_and_an_unticked_scope(app: App) -> None:
    verifier, challenge = pkce_pair()
    form = _channel_page(app, 0, code_challenge=challenge, code_challenge_method="S256", state="st")
    user = app.sandbox.users[0]
    assert [value for value, _ in form.radios] == list(user.channel_ids)
    assert form.radios[0][1]  # the personal channel is preselected
    offered = [value for value, checked in form.checkboxes if checked]
    assert offered == [ANALYTICS, MONETARY, YOUTUBE_READONLY]  # sign-in scopes are not optional

    brand = user.channel_ids[2]
    answer = _post(app, form, channel=brand, scope=[ANALYTICS, YOUTUBE_READONLY], decision="allow")
    assert answer.status_code == 302
    query = query_of(answer.headers["Location"])
    assert query["state"] == "st"
    granted = set(query["scope"].split())
    assert MONETARY not in granted
    assert {ANALYTICS, YOUTUBE_READONLY, EMAIL, "openid"} <= granted

    tokens = app.exchange(query["code"], verifier).json()
    assert set(tokens["scope"].split()) == granted
    assert app.whoami(tokens["access_token"]).json()["channel"] == brand


def test_deny(app: App) -> None:
    form = _channel_page(app, 1, state="deny-me")
    answer = _post(app, form, decision="deny")
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"{REDIRECT_URI}?error=access_denied&state=deny-me"


def test_unticking_every_scope_is_a_denial(app: App) -> None:
    form = _channel_page(app, 1, scope=ANALYTICS)
    answer = _post(app, form, channel=app.sandbox.users[1].channel_ids[0], decision="allow")
    assert query_of(answer.headers["Location"])["error"] == "access_denied"


def test_a_consent_page_answers_once(app: App) -> None:
    form = _channel_page(app, 1)
    channel = app.sandbox.users[1].channel_ids[0]
    assert _post(app, form, channel=channel, decision="allow").status_code == 302
    again = _post(app, form, channel=channel, decision="allow")
    assert again.status_code == 400
    assert "Location" not in again.headers


@pytest.mark.parametrize("page", ["forged", ""])
def test_unknown_page_id(app: App, page: str) -> None:
    response = app.session.post(
        app.sandbox.url + "/signin/oauth/consent",
        data={"page": page, "decision": "allow"},
        timeout=5,
    )
    assert response.status_code == 400


def test_a_channel_of_another_user_is_refused(app: App) -> None:
    form = _channel_page(app, 0)
    other = app.sandbox.users[1].channel_ids[0]
    assert _post(app, form, channel=other, decision="allow").status_code == 400


def test_login_hint_skips_the_account_chooser(app: App) -> None:
    user = app.sandbox.users[0]
    page = app.authorize(login_hint=user.channel_ids[1], prompt="consent")
    form = FormParser.of(page.text)
    assert form.hidden["user"] == user.sub
    assert dict(form.radios)[user.channel_ids[1]] is True

    chooser = FormParser.of(app.authorize(login_hint=user.email).text)
    assert "user" not in chooser.hidden  # select_account forces the chooser


def test_page_is_self_contained(app: App, sandbox: Sandbox) -> None:
    page = app.authorize().text
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"\b(src|href)=|url\(|@import", page)
    assert 'method="post"' in page
    # Every account is offered.
    for user in sandbox.users:
        assert user.email in page
