from __future__ import annotations

import json
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from analytix_desktop.api import Client, Scopes, Tokens
from analytix_desktop.api import client as client_module
from analytix_desktop.api.client import browser_available
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.errors import Unauthorised
from analytix_desktop.sandbox import Sandbox


class FakeBrowser:
    """Stands in for ``webbrowser.open``: follows the consent redirect back to the app."""

    def __init__(self, *, works: bool = True) -> None:
        self.opened: list[str] = []
        self.pages: list[str] = []
        self.works = works

    def __call__(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        if self.works:
            self.pages.append(requests.get(url, timeout=10).text)
        return self.works


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> FakeBrowser:
    fake = FakeBrowser()
    monkeypatch.setattr(client_module.webbrowser, "open", fake)
    return fake


@pytest.fixture
def tokens_file(tmp_path: Path) -> Path:
    return tmp_path / "tokens.json"


@pytest.fixture
def client(
    secrets_file: Path, tokens_file: Path, endpoints: Endpoints, sandbox: Sandbox
) -> Iterator[Client]:
    sandbox.consent.reset()
    with Client(
        secrets_file,
        tokens_file=tokens_file,
        ws_port=0,
        auto_open_browser=True,
        endpoints=endpoints,
    ) as client:
        yield client
    sandbox.consent.reset()


def test_tokens_file_must_be_json(secrets_file: Path) -> None:
    with pytest.raises(ValueError, match=r"\.json"):
        Client(secrets_file, tokens_file="tokens.txt")


def test_browser_available(monkeypatch: pytest.MonkeyPatch) -> None:
    class Uname:
        release = "5.15.153.1-microsoft-standard-WSL2"

    monkeypatch.setattr(client_module.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    assert browser_available()
    monkeypatch.delenv("DISPLAY")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert not browser_available()
    monkeypatch.setattr(client_module.sys, "platform", "darwin")
    assert browser_available()
    monkeypatch.setattr(client_module.platform, "uname", Uname)
    assert not browser_available()


def test_first_authorise_runs_the_flow_and_saves(
    client: Client, browser: FakeBrowser, tokens_file: Path
) -> None:
    tokens = client.authorise()
    assert len(browser.opened) == 1
    assert "Authorisation complete" in browser.pages[0]
    assert stat.S_IMODE(tokens_file.stat().st_mode) == 0o600
    assert Tokens.load_from(tokens_file) == tokens
    assert not tokens.expired


def test_fresh_stored_tokens_need_no_network(
    client: Client, browser: FakeBrowser, sandbox: Sandbox
) -> None:
    first = client.authorise()
    sandbox.log.clear()
    assert client.authorise().access_token == first.access_token
    assert sandbox.log.count() == 0
    assert len(browser.opened) == 1


def test_expired_tokens_are_refreshed_without_tokeninfo(
    client: Client, browser: FakeBrowser, sandbox: Sandbox, tokens_file: Path
) -> None:
    first = client.authorise()
    first.expires_at = time.time() - 10
    first.save_to(tokens_file)
    sandbox.log.clear()
    second = client.authorise()
    assert second.access_token != first.access_token
    assert second.refresh_token == first.refresh_token
    assert [e.path for e in sandbox.log] == ["/token"]
    assert Tokens.load_from(tokens_file).access_token == second.access_token
    assert len(browser.opened) == 1


def test_unknown_expiry_is_checked_with_tokeninfo(
    client: Client, browser: FakeBrowser, sandbox: Sandbox, tokens_file: Path
) -> None:
    first = client.authorise()
    data = json.loads(tokens_file.read_text())
    del data["expires_at"]  # as analytix 5.x writes it
    tokens_file.write_text(json.dumps(data))
    sandbox.log.clear()
    second = client.authorise()
    assert second.access_token == first.access_token
    assert [e.path for e in sandbox.log] == ["/tokeninfo"]
    assert not Tokens.load_from(tokens_file).expired


def test_force_refresh_and_force(client: Client, browser: FakeBrowser, sandbox: Sandbox) -> None:
    first = client.authorise()
    sandbox.log.clear()
    refreshed = client.authorise(force_refresh=True)
    assert refreshed.access_token != first.access_token
    assert [e.path for e in sandbox.log] == ["/token"]
    client.authorise(force=True)
    assert len(browser.opened) == 2


def test_dead_refresh_token_runs_the_flow_again(
    client: Client, browser: FakeBrowser, sandbox: Sandbox, tokens_file: Path
) -> None:
    first = client.authorise()
    assert first.refresh_token is not None
    sandbox.grants.revoke(first.refresh_token)
    first.expires_at = 0
    first.save_to(tokens_file)
    second = client.authorise()
    assert second.refresh_token != first.refresh_token
    assert len(browser.opened) == 2


def test_insufficient_stored_scopes_run_the_flow(
    secrets_file: Path, tokens_file: Path, endpoints: Endpoints, browser: FakeBrowser
) -> None:
    with Client(
        secrets_file,
        tokens_file=tokens_file,
        ws_port=0,
        auto_open_browser=True,
        endpoints=endpoints,
    ) as c:
        c.authorise()
    with Client(
        secrets_file,
        tokens_file=tokens_file,
        ws_port=0,
        auto_open_browser=True,
        scopes=Scopes.ALL,
        endpoints=endpoints,
    ) as c:
        tokens = c.authorise()
    assert len(browser.opened) == 2
    assert Scopes.from_formatted(tokens.scope) == Scopes.ALL


def test_corrupt_tokens_file_runs_the_flow(
    client: Client, browser: FakeBrowser, tokens_file: Path
) -> None:
    tokens_file.write_text("{broken")
    client.authorise()
    assert len(browser.opened) == 1


def test_url_is_printed_without_a_browser(
    secrets_file: Path, tokens_file: Path, endpoints: Endpoints, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed: list[str] = []

    def fake_print(text: str) -> None:
        printed.append(text)
        requests.get(text.splitlines()[-1], timeout=10)

    monkeypatch.setattr(client_module, "print", fake_print, raising=False)
    with Client(
        secrets_file,
        tokens_file=tokens_file,
        ws_port=0,
        auto_open_browser=False,
        endpoints=endpoints,
    ) as c:
        c.authorise()
    assert "Open this link" in printed[0]


def test_browser_failing_to_open_prints(
    secrets_file: Path, tokens_file: Path, endpoints: Endpoints, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_module.webbrowser, "open", FakeBrowser(works=False))
    printed: list[str] = []

    def fake_print(text: str) -> None:
        printed.append(text)
        requests.get(text.splitlines()[-1], timeout=10)

    monkeypatch.setattr(client_module, "print", fake_print, raising=False)
    with Client(
        secrets_file,
        tokens_file=tokens_file,
        ws_port=0,
        auto_open_browser=True,
        endpoints=endpoints,
    ) as c:
        c.authorise()
    assert len(printed) == 1


def test_id_token_nonce_is_verified(
    secrets_file: Path, tokens_file: Path, endpoints: Endpoints, browser: FakeBrowser
) -> None:
    scopes = Scopes.READONLY | Scopes.OPENID | Scopes.EMAIL
    with Client(
        secrets_file,
        tokens_file=tokens_file,
        ws_port=0,
        auto_open_browser=True,
        scopes=scopes,
        endpoints=endpoints,
    ) as c:
        tokens = c.authorise()
        assert tokens.id_token is not None
        assert "nonce" in c.decode_id_token(tokens.id_token)


def test_401_refreshes_once_and_retries(
    client: Client, browser: FakeBrowser, sandbox: Sandbox
) -> None:
    client.authorise()
    sandbox.grants.expire_access_tokens()  # Google no longer takes it; our clock says fresh
    sandbox.log.clear()
    report = client.fetch_report(dimensions=("day",), metrics=("views",))
    assert report.shape[1] == 2
    assert [(e.path, e.status) for e in sandbox.log] == [
        ("/v2/reports", 401),
        ("/token", 200),
        ("/v2/reports", 200),
    ]


def test_second_401_is_raised(client: Client, browser: FakeBrowser, sandbox: Sandbox) -> None:
    client.authorise()
    sandbox.faults.inject("/v2/reports", status=401, times=2)
    with pytest.raises(Unauthorised):
        client.fetch_report(dimensions=("day",), metrics=("views",))
    assert sandbox.log.count("/v2/reports") == 2


def test_fetch_groups_and_items(client: Client, browser: FakeBrowser) -> None:
    groups = client.fetch_groups()
    assert len(browser.opened) == 1
    for group in groups:
        items = client.fetch_group_items(group.id)
        assert all(item.group_id == group.id for item in items)
