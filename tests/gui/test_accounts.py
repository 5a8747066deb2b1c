"""Adding, switching, signing out and reconnecting channels against the sandbox."""

from __future__ import annotations

import concurrent.futures
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from keyring.errors import KeyringLocked
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QWidget

from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.errors import RefreshTokenExpired, ServerError
from analytix_desktop.api.tokens import Tokens
from analytix_desktop.api.transport import Transport
from analytix_desktop.core.desktop_client import DesktopClient
from analytix_desktop.gui.accounts import AccountManager, ChannelSwitcher
from analytix_desktop.gui.errors import RECONNECT_CAUSE
from analytix_desktop.gui.tasks import task_runner
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store import SERVICE, AppPaths, ThumbnailCache, TokenStore
from analytix_desktop.store.settings import Settings

from ..api.grant_support import TokenAnswers
from .conftest import FakeBrowser, MemoryKeyring, accept_button

WAIT = 15000


@pytest.fixture
def manager(
    qtbot,
    paths: AppPaths,
    consent: Sandbox,
    browser: FakeBrowser,
    transport: Transport,
    memory_keyring: MemoryKeyring,
    endpoints: Endpoints,
) -> Iterator[AccountManager]:
    parent = QWidget()
    qtbot.addWidget(parent)
    settings = Settings()
    store = TokenStore()
    manager = AccountManager(settings, store, lambda: settings.save(paths.settings_file), parent)
    client = DesktopClient(
        paths.secrets_file,
        store,
        ThumbnailCache(paths.thumbnails_dir),
        transport=transport,
        timeout=20,
        endpoints=endpoints,
    )
    manager.set_client(client)
    yield manager
    if manager.dialog is not None:
        manager.dialog.cancel()
    task_runner().wait_idle(15)


def channels_of(sandbox: Sandbox) -> list[str]:
    """Two channels of the first demo user (a personal one and a Brand Account)."""
    return list(sandbox.users[0].channel_ids[:2])


def add(qtbot, manager: AccountManager, sandbox: Sandbox, channel_id: str) -> None:
    sandbox.consent.channel = channel_id
    with qtbot.waitSignals([manager.accounts_changed, manager.context_loaded], timeout=WAIT):
        manager.add_channel()
    assert manager.dialog is not None
    assert not manager.dialog.isVisible()


def saved_tokens(keyring: MemoryKeyring, channel_id: str) -> Tokens:
    return Tokens.from_json(keyring.entries[(SERVICE, channel_id)])


def test_add_a_channel(
    qtbot,
    manager: AccountManager,
    consent: Sandbox,
    memory_keyring: MemoryKeyring,
    browser: FakeBrowser,
    paths: AppPaths,
) -> None:
    channel_id = channels_of(consent)[0]
    add(qtbot, manager, consent, channel_id)
    account = manager.account(channel_id)
    assert account is not None
    assert account.title == consent.channels[channel_id].title
    assert manager.active == channel_id
    assert account.thumbnail_path is not None
    assert Path(account.thumbnail_path).parent == paths.thumbnails_dir
    assert not QIcon(account.thumbnail_path).isNull()
    # The browser was sent to the sandbox's consent URL with a loopback redirect and PKCE.
    query = parse_qs(urlsplit(browser.opened[0]).query)
    assert query["redirect_uri"][0].startswith("http://127.0.0.1:")
    assert query["code_challenge_method"] == ["S256"]
    assert "select_account" in query["prompt"][0]
    # Tokens are in the keyring only; the settings hold the metadata.
    tokens = saved_tokens(memory_keyring, channel_id)
    assert tokens.refresh_token
    assert set(account.scopes) == set(tokens.scope.split())
    text = paths.settings_file.read_text()
    assert channel_id in text
    assert tokens.access_token not in text
    assert tokens.refresh_token not in text
    # The channel's own videos arrived in its context.
    context = manager.context(channel_id)
    assert context is not None
    assert context.videos
    videos = consent.world.catalog(channel_id).videos
    assert set(context.videos) == {video.id for video in videos}
    assert {item.title for item in context.videos.values()} == {video.title for video in videos}


def test_add_a_second_channel_and_switch(
    qtbot, manager: AccountManager, consent: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    first, second = channels_of(consent)
    switcher = ChannelSwitcher(manager)
    qtbot.addWidget(switcher)
    add(qtbot, manager, consent, first)
    add(qtbot, manager, consent, second)
    assert {c for _, c in memory_keyring.entries} == {first, second}
    assert switcher.count() == 2
    assert switcher.currentData() == second
    assert switcher.currentText() == consent.channels[second].title
    with qtbot.waitSignal(manager.active_changed, timeout=WAIT) as changed:
        switcher.setCurrentIndex(switcher.findData(first))
        switcher.activated.emit(switcher.currentIndex())
    assert manager.active == first
    assert changed.args == [first]
    assert manager.settings.last_channel == first


def test_denied_consent(
    qtbot, manager: AccountManager, consent: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    consent.consent.deny = True
    manager.add_channel()
    qtbot.waitUntil(lambda: manager.dialog is not None, timeout=WAIT)
    # The refusal may arrive before a waitSignal could start listening: wait for its text.
    qtbot.waitUntil(lambda: "declined" in manager.dialog.status.text(), timeout=WAIT)
    assert manager.accounts == []
    assert memory_keyring.entries == {}


def test_cancel_when_no_browser_opens(
    qtbot, manager: AccountManager, consent: Sandbox, browser: FakeBrowser
) -> None:
    browser.works = False
    manager.add_channel()
    qtbot.waitUntil(lambda: manager.dialog is not None and manager.dialog.isVisible(), timeout=WAIT)
    dialog = manager.dialog
    assert "No browser" in dialog.status.text()
    assert "Your browser shows" not in dialog.intro.text()
    assert dialog.link.text() == browser.opened[0]
    # Every wrapped line of the texts set after showing is visible, none cut off.
    assert dialog.height() >= dialog.heightForWidth(dialog.width())
    assert dialog.status.height() >= dialog.status.heightForWidth(dialog.status.width())
    dialog.copy_link()
    assert dialog.url == browser.opened[0]
    redirect = parse_qs(urlsplit(dialog.url).query)["redirect_uri"][0]
    port = urlsplit(redirect).port
    dialog.cancel_button.click()
    assert not dialog.isVisible()
    # The loopback listener is closed: nothing answers there any more.
    qtbot.waitUntil(lambda: _closed(port), timeout=WAIT)
    assert manager.accounts == []


def _closed(port: int | None) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port or 0)) != 0


def test_a_sign_in_the_keyring_refuses_is_revoked_before_it_is_shown(
    qtbot,
    manager: AccountManager,
    consent: Sandbox,
    memory_keyring: MemoryKeyring,
    transport: Transport,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = TokenAnswers()
    transport.session.hooks["response"].append(answers)

    def locked(service: str, username: str, password: str) -> None:
        raise KeyringLocked("locked")

    monkeypatch.setattr(memory_keyring, "set_password", locked)
    consent.consent.channel = channels_of(consent)[0]
    manager.add_channel()
    qtbot.waitUntil(lambda: manager.dialog is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: "keyring is locked" in manager.dialog.status.text(), timeout=WAIT)
    assert answers.tokens()
    assert answers.live(consent) == []
    assert manager.accounts == []


@pytest.mark.usefixtures("no_keyring")
def test_no_keyring_offers_memory_for_this_session(
    qtbot, manager: AccountManager, consent: Sandbox
) -> None:
    manager.add_channel()
    qtbot.waitUntil(lambda: manager.prompt is not None and manager.prompt.isVisible(), timeout=WAIT)
    prompt = manager.prompt
    assert prompt.objectName() == "keyringPrompt"
    assert "password manager" in prompt.text()
    keep = accept_button(prompt)
    consent.consent.channel = channels_of(consent)[0]
    with qtbot.waitSignal(manager.accounts_changed, timeout=WAIT):
        keep.click()
    assert manager.store.session_only
    assert manager.store.load(channels_of(consent)[0]) is not None


@pytest.mark.usefixtures("no_keyring")
def test_no_keyring_and_refusing_memory_adds_nothing(qtbot, manager: AccountManager) -> None:
    manager.add_channel()
    qtbot.waitUntil(lambda: manager.prompt is not None and manager.prompt.isVisible(), timeout=WAIT)
    manager.prompt.button(QMessageBox.StandardButton.Cancel).click()
    assert manager.dialog is None
    assert not manager.store.session_only


def test_sign_out_revokes_and_forgets(
    qtbot, manager: AccountManager, consent: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    first, second = channels_of(consent)
    add(qtbot, manager, consent, first)
    add(qtbot, manager, consent, second)
    tokens = saved_tokens(memory_keyring, second)
    with qtbot.waitSignal(
        manager.status_message,
        timeout=WAIT,
        check_params_cb=lambda text: text.startswith("Signed out"),
    ):
        manager.sign_out(second)
    assert consent.grants.refresh(tokens.refresh_token or "") is None
    assert (SERVICE, second) not in memory_keyring.entries
    assert manager.account(second) is None
    assert manager.active == first


def test_dead_refresh_token_prompts_to_reconnect(
    qtbot, manager: AccountManager, consent: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    channel_id = channels_of(consent)[0]
    add(qtbot, manager, consent, channel_id)
    old = saved_tokens(memory_keyring, channel_id)
    # Google's 7-day limit for apps in Testing: the refresh token dies.
    consent.grants.expire_access_tokens()
    consent.grants.expire_refresh_tokens()
    client = manager.client
    assert client is not None
    with pytest.raises(RefreshTokenExpired):
        client.fetch_context(manager.account(channel_id))
    manager.handle_error(channel_id, RefreshTokenExpired("dead"), "")
    prompt = manager.prompt
    assert prompt is not None
    assert prompt.isVisible()
    assert prompt.objectName() == "reconnectPrompt"
    assert prompt.informativeText() == RECONNECT_CAUSE
    assert "7 days" in prompt.informativeText()
    again = accept_button(prompt)
    consent.consent.channel = channel_id
    with qtbot.waitSignal(manager.accounts_changed, timeout=WAIT):
        again.click()
    assert "Reconnect" in manager.dialog.windowTitle()
    fresh = saved_tokens(memory_keyring, channel_id)
    assert fresh.refresh_token != old.refresh_token
    assert client.tokens_for(channel_id).access_token == fresh.access_token


def test_expired_access_token_is_refreshed_and_saved(
    qtbot, manager: AccountManager, consent: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    channel_id = channels_of(consent)[0]
    add(qtbot, manager, consent, channel_id)
    old = saved_tokens(memory_keyring, channel_id)
    consent.grants.expire_access_tokens()  # Google says 401 though we think it is valid
    consent.log.clear()
    context = manager.client.fetch_context(manager.account(channel_id))
    assert context.videos
    assert consent.log.count("/token") == 1
    fresh = saved_tokens(memory_keyring, channel_id)
    assert fresh.access_token != old.access_token
    assert fresh.refresh_token == old.refresh_token


def test_calls_refused_together_share_one_refresh(
    qtbot, manager: AccountManager, consent: Sandbox
) -> None:
    """Eight calls sent with an access token Google no longer knows (as after its restart)
    are all refused; the first to come back refreshes, the others retry with its token."""
    channel_id = channels_of(consent)[0]
    add(qtbot, manager, consent, channel_id)
    consent.grants.expire_access_tokens()
    consent.log.clear()
    client = manager.client
    assert client is not None
    started = threading.Barrier(8)

    def fetch() -> str:
        started.wait()
        return client.call(channel_id, lambda shard: shard.fetch_channel().id)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: fetch(), range(8)))
    assert answers == [channel_id] * 8
    assert consent.log.count("/token") == 1
    refused = [e for e in consent.log.entries("/youtube/v3/channels") if e.status == 401]
    assert 1 <= len(refused) <= 8


def test_server_errors_are_not_swallowed(qtbot, manager: AccountManager, consent: Sandbox) -> None:
    channel_id = channels_of(consent)[0]
    add(qtbot, manager, consent, channel_id)
    consent.faults.inject("/youtube/v3/playlists", status=500, times=5)
    consent.faults.inject("/youtube/v3/playlistItems", status=500, times=5)
    with pytest.raises(ServerError):
        manager.client.fetch_context(manager.account(channel_id))
    with qtbot.waitSignal(
        manager.status_message,
        timeout=WAIT,
        check_params_cb=lambda text: "Google had a problem" in text,
    ):
        manager.handle_error(
            channel_id, ServerError(500, "Internal error encountered."), "", what="Names"
        )


def test_tokens_stay_out_of_the_settings_file(
    qtbot, manager: AccountManager, consent: Sandbox, memory_keyring: MemoryKeyring, paths: AppPaths
) -> None:
    add(qtbot, manager, consent, channels_of(consent)[0])
    text = paths.settings_file.read_text()
    for value in memory_keyring.entries.values():
        for secret in (json.loads(value)["access_token"], json.loads(value)["refresh_token"]):
            assert secret not in text
