"""The script client's loopback flow with a real headless Chromium as the user's browser.

The browser clicks through the sandbox's interactive consent pages (account, then a
Brand-Account channel, then Allow or Cancel) and follows Google's redirect back to the
client's loopback listener, exactly as a person's browser would.
"""

from __future__ import annotations

import stat
import threading
import webbrowser
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytix_desktop.api import Client, Scopes
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.errors import AuthorisationError
from analytix_desktop.sandbox import Sandbox

from .chromium import Chromium, chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCOPES = Scopes.READONLY | Scopes.YOUTUBE_READONLY | Scopes.OPENID | Scopes.EMAIL


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[Chromium]:
    if chromium_path() is None:
        pytest.skip("Debian's chromium is not installed (scripts/test installs it)")
    with Chromium(tmp_path / "profile") as browser:
        yield browser


def _consent_clicker(
    browser: Chromium, channel_title: str, decision: str, errors: list[BaseException]
) -> object:
    """A stand-in for ``webbrowser.open`` that lets Chromium click through consent."""

    def click_through(url: str) -> None:
        try:
            browser.consent(url, channel_title, decision)
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)

    def open_url(url: str, new: int = 0, autoraise: bool = True) -> bool:
        threading.Thread(target=click_through, args=(url,), daemon=True).start()
        return True

    return open_url


def test_authorise_with_real_browser_and_channel_picker(
    sandbox: Sandbox,
    secrets_file: Path,
    endpoints: Endpoints,
    chromium: Chromium,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sandbox.auto_consent = False
    errors: list[BaseException] = []
    monkeypatch.setattr(
        webbrowser, "open", _consent_clicker(chromium, "Northern Lights Kitchen", "allow", errors)
    )
    tokens_file = tmp_path / "tokens.json"
    client = Client(
        secrets_file,
        scopes=SCOPES,
        tokens_file=tokens_file,
        ws_port=0,
        auto_open_browser=True,
        flow_timeout=30,
        endpoints=endpoints,
    )

    tokens = client.authorise()

    assert not errors
    assert chromium.wait_for("document.body.innerText")
    assert "Authorisation complete" in chromium.evaluate("document.body.innerText")
    assert stat.S_IMODE(tokens_file.stat().st_mode) == 0o600
    assert tokens.refresh_token
    with client.shard(tokens) as shard:
        assert shard.fetch_channel().title == "Northern Lights Kitchen"
    claims = client.decode_id_token(tokens.id_token or "")
    assert claims["email"] == "alex.rivera@example.com"
    report = client.fetch_report(dimensions=("day",), metrics=("views",))
    assert report.shape[0] > 0
    # The stored tokens are fresh, so a second authorise needs no browser at all.
    monkeypatch.setattr(webbrowser, "open", lambda *args, **kwargs: pytest.fail("browser"))
    assert client.authorise().access_token == tokens.access_token


def test_cancel_on_consent_page_is_a_clear_error(
    sandbox: Sandbox,
    secrets_file: Path,
    chromium: Chromium,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sandbox.auto_consent = False
    errors: list[BaseException] = []
    monkeypatch.setattr(
        webbrowser, "open", _consent_clicker(chromium, "Pixel Garden Studio", "deny", errors)
    )
    client = Client(
        secrets_file,
        scopes=SCOPES,
        tokens_file=tmp_path / "tokens.json",
        ws_port=0,
        auto_open_browser=True,
        flow_timeout=30,
    )

    with pytest.raises(AuthorisationError, match="declined"):
        client.authorise()

    assert not errors
    assert "declined" in chromium.wait_for("document.body.innerText")
    assert not (tmp_path / "tokens.json").exists()
