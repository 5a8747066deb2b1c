"""The script client's sign-in under attack or failure, against the sandbox over real sockets.

Forged answers on the fixed loopback port, sign-ins that fail after the code was
redeemed (their grant must be revoked), and stored tokens that cannot be used.
"""

from __future__ import annotations

import json
import logging
import math
import socket
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import requests

from analytix_desktop.api import Client, Scopes, Tokens
from analytix_desktop.api import client as client_module
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.errors import AuthorisationError, IdTokenError, NotFound
from analytix_desktop.sandbox import Sandbox

from .grant_support import LoopbackServer, TokenAnswers, altered_token_endpoint, secrets_via
from .test_client import FakeBrowser

SCOPES_WITH_ID = Scopes.READONLY | Scopes.OPENID | Scopes.EMAIL


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> FakeBrowser:
    fake = FakeBrowser()
    monkeypatch.setattr(client_module.webbrowser, "open", fake)
    return fake


@pytest.fixture
def answers() -> TokenAnswers:
    return TokenAnswers()


@pytest.fixture
def tokens_file(tmp_path: Path) -> Path:
    return tmp_path / "tokens.json"


def client_for(
    secrets_file: Path,
    endpoints: Endpoints,
    answers: TokenAnswers,
    tokens_file: Path,
    **options: Any,
) -> Client:
    return Client(
        secrets_file,
        tokens_file=tokens_file,
        ws_port=0,
        auto_open_browser=True,
        endpoints=endpoints,
        session=answers.session(),
        **options,
    )


@pytest.fixture
def client(
    secrets_file: Path,
    endpoints: Endpoints,
    answers: TokenAnswers,
    tokens_file: Path,
    sandbox: Sandbox,
) -> Iterator[Client]:
    with client_for(secrets_file, endpoints, answers, tokens_file) as client:
        yield client
    client.transport.session.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def assert_revoked(sandbox: Sandbox, answers: TokenAnswers) -> None:
    """A grant was made, and nothing of it is alive any more."""
    assert answers.tokens(), "the code was never redeemed"
    assert answers.live(sandbox) == []
    assert [entry.status for entry in sandbox.log.entries("/revoke")] == [200]


# -- forged answers on the loopback port --------------------------------------------------


def test_forged_answers_on_the_fixed_port_do_not_end_the_sign_in(
    secrets_file: Path,
    endpoints: Endpoints,
    tokens_file: Path,
    sandbox: Sandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = _free_port()
    listener = f"http://127.0.0.1:{port}/"
    statuses: list[int] = []
    pages: list[str] = []

    def browser(url: str, new: int = 0, autoraise: bool = True) -> bool:
        # Any web page can send requests to a port it knows, before Google's answer.
        for forged in ({"code": "4/forged", "state": "guess"}, {"error": "access_denied"}):
            statuses.append(requests.get(listener, params=forged, timeout=5).status_code)
        statuses.append(requests.get(listener + "favicon.ico", timeout=5).status_code)
        pages.append(requests.get(url, timeout=10).text)
        return True

    monkeypatch.setattr(client_module.webbrowser, "open", browser)
    with Client(
        secrets_file,
        tokens_file=tokens_file,
        ws_port=port,
        auto_open_browser=True,
        endpoints=endpoints,
    ) as client:
        tokens = client.authorise()
    assert statuses == [400, 400, 404]
    assert "Authorisation complete" in pages[0]
    assert tokens.refresh_token
    assert Tokens.load_from(tokens_file) == tokens


# -- failures after the code was redeemed revoke the grant -------------------------------


def test_a_failed_key_set_fetch_revokes_the_grant(
    secrets_file: Path,
    endpoints: Endpoints,
    answers: TokenAnswers,
    tokens_file: Path,
    sandbox: Sandbox,
    browser: FakeBrowser,
) -> None:
    sandbox.faults.inject("/oauth2/v3/certs", status=404)
    with (
        client_for(secrets_file, endpoints, answers, tokens_file, scopes=SCOPES_WITH_ID) as client,
        pytest.raises(NotFound),
    ):
        client.authorise()
    assert_revoked(sandbox, answers)
    assert not tokens_file.exists()


def test_an_id_token_that_fails_its_check_revokes_the_grant(
    secrets_file: Path,
    endpoints: Endpoints,
    answers: TokenAnswers,
    tokens_file: Path,
    sandbox: Sandbox,
    browser: FakeBrowser,
) -> None:
    with altered_token_endpoint(sandbox, lambda answer: {**answer, "id_token": "x.y.z"}) as token:
        secrets = secrets_via(sandbox, secrets_file, f"{token.url}/token")
        with (
            client_for(secrets, endpoints, answers, tokens_file, scopes=SCOPES_WITH_ID) as client,
            pytest.raises(IdTokenError),
        ):
            client.authorise()
    assert_revoked(sandbox, answers)
    assert not tokens_file.exists()


def test_tokens_that_cannot_be_saved_revoke_the_grant(
    secrets_file: Path,
    endpoints: Endpoints,
    answers: TokenAnswers,
    tmp_path: Path,
    sandbox: Sandbox,
    browser: FakeBrowser,
) -> None:
    nowhere = tmp_path / "no such folder" / "tokens.json"
    with (
        client_for(secrets_file, endpoints, answers, nowhere) as client,
        pytest.raises(FileNotFoundError),
    ):
        client.authorise()
    assert_revoked(sandbox, answers)


@pytest.mark.parametrize("expires_in", [math.nan, math.inf])
def test_an_answer_with_a_non_finite_lifetime_is_refused_and_revoked(
    secrets_file: Path,
    endpoints: Endpoints,
    answers: TokenAnswers,
    tokens_file: Path,
    sandbox: Sandbox,
    browser: FakeBrowser,
    expires_in: float,
) -> None:
    def alter(answer: dict[str, Any]) -> dict[str, Any]:
        return {**answer, "expires_in": expires_in}

    with altered_token_endpoint(sandbox, alter) as token:
        secrets = secrets_via(sandbox, secrets_file, f"{token.url}/token")
        with (
            client_for(secrets, endpoints, answers, tokens_file) as client,
            pytest.raises(AuthorisationError, match="expires_in is not a finite"),
        ):
            client.authorise()
    assert_revoked(sandbox, answers)
    assert not tokens_file.exists()


# -- stored tokens that cannot be used ---------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe not UTF-8 ya29.secret",
        b'{"access_token": "ya29.secret", "refresh_token": "1//secret", "expires_at": NaN}',
        b'{"access_token": "ya29.secret", "expires_at": Infinity}',
        b'{"access_token": "ya29.secret", "expires_in": Infinity}',
        b'{"access_token": "ya29.secret", "scope": ["not", "text"]}',
        b"[" * 100000,
        b"{broken",
    ],
    ids=[
        "not-utf8",
        "nan-expiry",
        "infinite-expiry",
        "infinite-lifetime",
        "list-scope",
        "deep",
        "not-json",
    ],
)
def test_an_unusable_tokens_file_means_signing_in_again(
    client: Client,
    browser: FakeBrowser,
    tokens_file: Path,
    caplog: pytest.LogCaptureFixture,
    content: bytes,
) -> None:
    tokens_file.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger=client_module.__name__):
        tokens = client.authorise()
    assert len(browser.opened) == 1
    assert "ignoring the stored tokens" in caplog.text
    assert "ya29.secret" not in caplog.text
    assert "1//secret" not in caplog.text
    assert Tokens.load_from(tokens_file) == tokens
    assert math.isfinite(tokens.expires_at)
    assert not tokens.expired


def test_an_unusable_tokens_file_is_kept_when_signing_in_again_fails(
    client: Client, browser: FakeBrowser, tokens_file: Path, sandbox: Sandbox
) -> None:
    tokens_file.write_bytes(b"\xff\xfe not UTF-8")
    sandbox.consent.deny = True
    with pytest.raises(AuthorisationError, match="declined"):
        client.authorise()
    assert tokens_file.read_bytes() == b"\xff\xfe not UTF-8"


def test_a_non_finite_tokeninfo_expiry_is_not_trusted(
    secrets_file: Path,
    answers: TokenAnswers,
    tokens_file: Path,
    sandbox: Sandbox,
    browser: FakeBrowser,
) -> None:
    with LoopbackServer(lambda *_: (200, {"expires_in": "NaN", "scope": "s"})) as info:
        endpoints = replace(Endpoints.rooted_at(sandbox.url), tokeninfo=f"{info.url}/tokeninfo")
        with client_for(secrets_file, endpoints, answers, tokens_file) as client:
            first = client.authorise()
            saved = json.loads(tokens_file.read_text())
            del saved["expires_at"]  # as analytix writes it: the expiry is asked of Google
            tokens_file.write_text(json.dumps(saved))
            sandbox.log.clear()
            second = client.authorise()
    assert info.requests == [("POST", "/tokeninfo")]
    assert sandbox.log.count("/token") == 1  # refreshed, since tokeninfo's answer was no use
    assert second.access_token != first.access_token
    assert not second.expired
    assert math.isfinite(Tokens.load_from(tokens_file).expires_at)
