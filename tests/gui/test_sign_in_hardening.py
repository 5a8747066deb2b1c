"""The desktop sign-in when it fails after the code was redeemed, and unusable stored secrets.

Every grant a failed sign-in made must be revoked at the sandbox before the failure
is shown; a stored secrets file that points off Google is refused when it is loaded.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from keyring.errors import KeyringLocked

from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.errors import NetworkError
from analytix_desktop.api.flow import LoopbackFlow
from analytix_desktop.api.transport import RetryPolicy, Transport
from analytix_desktop.core.desktop_client import DesktopClient
from analytix_desktop.core.tasks import Cancelled, Control
from analytix_desktop.gui.assemble import assemble
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store import AppPaths, ThumbnailCache, TokenStore, TokenStoreError

from ..api.grant_support import TokenAnswers
from .conftest import MemoryKeyring

WAIT = 15000


@pytest.fixture
def answers() -> TokenAnswers:
    return TokenAnswers()


@pytest.fixture
def client(
    paths: AppPaths,
    memory_keyring: MemoryKeyring,
    consent: Sandbox,
    endpoints: Endpoints,
    answers: TokenAnswers,
) -> Iterator[DesktopClient]:
    session = answers.session()
    transport = Transport(session, retry=RetryPolicy(attempts=2, base=0.01, cap=0.02, deadline=2))
    client = DesktopClient(
        paths.secrets_file,
        TokenStore(),
        ThumbnailCache(paths.thumbnails_dir),
        transport=transport,
        timeout=20,
        endpoints=endpoints,
    )
    yield client
    session.close()


def answered_flow(client: DesktopClient) -> LoopbackFlow:
    """A started flow whose browser (a thread here) consents and comes back to it."""
    flow = client.new_flow()
    url = flow.start()
    threading.Thread(target=requests.get, args=(url,), kwargs={"timeout": 10}, daemon=True).start()
    return flow


def assert_revoked(sandbox: Sandbox, answers: TokenAnswers) -> None:
    assert answers.tokens(), "the code was never redeemed"
    assert answers.live(sandbox) == []
    assert [entry.status for entry in sandbox.log.entries("/revoke")] == [200]


def test_a_failed_channel_lookup_revokes_the_grant(
    client: DesktopClient, consent: Sandbox, answers: TokenAnswers, memory_keyring: MemoryKeyring
) -> None:
    consent.faults.inject("/youtube/v3/channels", drop=True, times=2)
    with pytest.raises(NetworkError):
        client.connect(answered_flow(client))
    assert_revoked(consent, answers)
    assert memory_keyring.entries == {}


def test_a_keyring_that_refuses_the_save_revokes_the_grant(
    client: DesktopClient,
    consent: Sandbox,
    answers: TokenAnswers,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def locked(service: str, username: str, password: str) -> None:
        raise KeyringLocked("locked")

    monkeypatch.setattr(memory_keyring, "set_password", locked)
    with pytest.raises(TokenStoreError, match="locked"):
        client.connect(answered_flow(client))
    assert_revoked(consent, answers)


def test_a_sign_in_cancelled_after_the_exchange_revokes_the_grant(
    client: DesktopClient, consent: Sandbox, answers: TokenAnswers, memory_keyring: MemoryKeyring
) -> None:
    ctx = Control()
    ctx.cancel()  # Cancel was clicked while the code was being redeemed
    with pytest.raises(Cancelled):
        client.connect(answered_flow(client), ctx)
    assert_revoked(consent, answers)
    assert memory_keyring.entries == {}


def test_a_stored_secrets_file_pointing_off_google_is_refused_on_load(
    qtbot,
    paths: AppPaths,
    memory_keyring: MemoryKeyring,
    consent: Sandbox,
    endpoints: Endpoints,
    transport: Transport,
) -> None:
    data = json.loads(paths.secrets_file.read_text())
    data["installed"]["token_uri"] = "http://evil.example/token"
    paths.secrets_file.write_text(json.dumps(data))
    consent.log.clear()
    window = assemble(paths, store=TokenStore(), transport=transport, endpoints=endpoints).window
    qtbot.addWidget(window)
    assert window.client is None
    assert window.central.currentWidget() is window.welcome
    message = window.welcome.message.text()
    assert "unusable" in message
    assert "token_uri must be an https address at Google" in message
    assert "got http://evil.example/…" in message
    assert data["installed"]["client_secret"] not in message
    assert consent.log.count() == 0


def test_the_welcome_page_refuses_crafted_and_oversized_files(
    qtbot, tmp_path: Path, sandbox: Sandbox, memory_keyring: MemoryKeyring, endpoints: Endpoints
) -> None:
    paths = AppPaths.under(tmp_path / "fresh")
    window = assemble(paths, store=TokenStore(), endpoints=endpoints).window
    qtbot.addWidget(window)
    crafted = sandbox.write_secrets(tmp_path / "client_secret_crafted.json")
    data = json.loads(crafted.read_text())
    data["installed"]["auth_uri"] = "smb://attacker.example/share"
    crafted.write_text(json.dumps(data))
    window.welcome.import_file(crafted)
    qtbot.waitUntil(lambda: "auth_uri must be" in window.welcome.message.text(), timeout=WAIT)
    assert "got smb://attacker.example/…" in window.welcome.message.text()
    big = tmp_path / "client_secret_big.json"
    with big.open("wb") as file:
        file.truncate(76 * 1024 * 1024)
    window.welcome.import_file(big)
    qtbot.waitUntil(lambda: "it is 76 MB" in window.welcome.message.text(), timeout=WAIT)
    assert not paths.secrets_file.exists()
    assert window.client is None
