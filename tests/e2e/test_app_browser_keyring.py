"""The desktop app end to end with real components: headless Chromium and the Secret Service.

The main window (pytest-qt, offscreen) runs against the sandbox with interactive consent.
"Add channel" opens the system browser through ``QDesktopServices.openUrl``; the only
stand-in is the URL handler Qt offers for that (``QDesktopServices.setUrlHandler``), which
hands the URL to a real headless Chromium that clicks account, channel and Allow. Tokens
go to the real Secret Service keyring backend (gnome-keyring under dbus-run-session).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
import requests
from keyring.backend import KeyringBackend
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from analytix_desktop.api import catalogue
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.tokens import Tokens
from analytix_desktop.gui.tasks import task_runner
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store import SERVICE, AppPaths, TokenStore
from analytix_desktop.store.settings import Settings

from .chromium import Chromium, chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.keyring, pytest.mark.slow]

WAIT = 20000
CHANNEL_TITLE = "Northern Lights Kitchen"  # a Brand Account of the sandbox's first user
END = dt.date.today() - dt.timedelta(days=3)
DAILY = catalogue.Query(
    dimensions=("day",),
    metrics=("views", "estimatedMinutesWatched"),
    sort_options=("day",),
    start_date=END - dt.timedelta(days=27),
    end_date=END,
)


def _secret_service() -> KeyringBackend:
    """The real Secret Service backend, or a skip that says why it cannot be reached."""
    try:
        from keyring.backends import SecretService
    except ImportError as error:  # pragma: no cover - keyring always ships it
        pytest.skip(f"keyring's SecretService backend cannot be imported: {error}")
    try:
        SecretService.Keyring.priority  # noqa: B018 - raises when no Secret Service answers
    except Exception as error:
        pytest.skip(
            "no Secret Service is reachable (run under dbus-run-session with an unlocked "
            f"gnome-keyring, as scripts/test does): {error}"
        )
    backend = SecretService.Keyring()
    probe = f"probe-{uuid.uuid4().hex}"
    try:  # reachable is not enough: the collection must be unlocked and writable
        backend.set_password(f"{SERVICE}-test-probe", probe, "x")
        backend.delete_password(f"{SERVICE}-test-probe", probe)
    except Exception as error:
        pytest.skip(f"the Secret Service answers but cannot store a secret: {error}")
    return backend


@pytest.fixture
def secret_service() -> Iterator[KeyringBackend]:
    backend = _secret_service()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[Chromium]:
    if chromium_path() is None:
        pytest.skip("Debian's chromium is not installed (scripts/test installs it)")
    with Chromium(tmp_path / "profile") as browser:
        yield browser


class ChromiumOpener(QObject):
    """Qt's URL handler for http: the real Chromium opens the page and clicks through consent.

    The clicking runs on a thread (each DevTools command blocks), so the GUI stays live.
    """

    def __init__(self, browser: Chromium, channel_title: str) -> None:
        super().__init__()
        self.browser = browser
        self.channel_title = channel_title
        self.opened: list[str] = []
        self.errors: list[BaseException] = []
        self.threads: list[threading.Thread] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())
        thread = threading.Thread(target=self._click_through, args=(url.toString(),), daemon=True)
        self.threads.append(thread)
        thread.start()

    def _click_through(self, url: str) -> None:
        try:
            self.browser.consent(url, self.channel_title)
        except BaseException as error:  # reported by the test, not lost in the thread
            self.errors.append(error)


@pytest.fixture
def opener(chromium: Chromium) -> Iterator[ChromiumOpener]:
    handler = ChromiumOpener(chromium, CHANNEL_TITLE)
    QDesktopServices.setUrlHandler("http", handler, "open")
    yield handler
    QDesktopServices.unsetUrlHandler("http")
    for thread in handler.threads:
        thread.join(timeout=20)


@pytest.fixture
def paths(sandbox: Sandbox, tmp_path: Path) -> AppPaths:
    paths = AppPaths.under(tmp_path / "config")
    sandbox.write_secrets(paths.secrets_file)
    return paths


def _files_containing(folder: Path, secret: str) -> list[Path]:
    needle = secret.encode()
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_add_channel_in_chromium_tokens_in_secret_service(
    qtbot,
    sandbox: Sandbox,
    paths: AppPaths,
    secret_service: KeyringBackend,
    opener: ChromiumOpener,
    chromium: Chromium,
    endpoints: Endpoints,
) -> None:
    from analytix_desktop.gui.main_window import MainWindow

    sandbox.auto_consent = False  # the consent pages are shown and clicked in Chromium
    channel_id = next(c for c, ch in sandbox.channels.items() if ch.title == CHANNEL_TITLE)
    assert keyring.get_keyring() is secret_service
    assert keyring.get_password(SERVICE, channel_id) is None, "a stale entry from another run"

    window = MainWindow(
        paths, Settings.load(paths.settings_file), store=TokenStore(), endpoints=endpoints
    )
    qtbot.addWidget(window)
    window.show()
    try:
        # Add channel: the system browser (Chromium) opens, the user picks the channel.
        with qtbot.waitSignal(window.accounts.accounts_changed, timeout=WAIT):
            window.add_channel_action.trigger()
        qtbot.waitUntil(lambda: not window.accounts.dialog.isVisible(), timeout=WAIT)
        for thread in opener.threads:  # one user of the DevTools pipe at a time
            thread.join(timeout=WAIT / 1000)
            assert not thread.is_alive()
        assert not opener.errors, opener.errors
        assert len(opener.opened) == 1
        assert "Authorisation complete" in chromium.wait_for("document.body.innerText")

        # The channel is in the switcher with its title.
        assert window.switcher.currentData() == channel_id
        assert window.switcher.currentText() == CHANNEL_TITLE
        assert window.accounts.active == channel_id

        # The tokens are in the Secret Service under the app's service, keyed by channel id...
        saved = keyring.get_password(SERVICE, channel_id)
        assert saved is not None
        tokens = Tokens.from_json(saved)
        assert tokens.access_token
        assert tokens.refresh_token
        assert secret_service.get_password(SERVICE, channel_id) == saved
        # ...and nowhere on disk in the app's folders.
        assert paths.settings_file.exists()
        assert channel_id in paths.settings_file.read_text()
        assert _files_containing(paths.config_dir, tokens.access_token) == []
        assert _files_containing(paths.config_dir, tokens.refresh_token) == []

        # A report runs with those tokens, and its table shows rows.
        window.builder.set_query(DAILY)
        window.run_action.trigger()
        pane = window.runner.current
        assert pane is not None
        with qtbot.waitSignal(pane.dock.shown, timeout=WAIT):
            pass
        assert pane.channel_id == channel_id
        assert pane.report is not None
        assert pane.report.shape[0] == 28
        assert pane.dock.model.rowCount() >= 28
        assert pane.dock.view.isVisible()
        assert CHANNEL_TITLE in pane.dock.header.text()

        # Sign out: Google (the sandbox) revokes, and the keyring entry is gone.
        window.sign_out_action.trigger()
        box = window.sign_out_box
        sign_out = next(
            b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
        )
        with qtbot.waitSignal(
            window.accounts.status_message,
            timeout=WAIT,
            check_params_cb=lambda text: text.startswith("Signed out of"),
        ):
            sign_out.click()
        assert keyring.get_password(SERVICE, channel_id) is None
        assert window.accounts.accounts == []
        assert sandbox.grants.refresh(tokens.refresh_token) is None
        assert sandbox.grants.access(tokens.access_token) is None
        rejected = requests.get(
            f"{sandbox.url}/youtube/v3/channels",
            params={"part": "snippet", "mine": "true"},
            headers={"Authorization": f"Bearer {tokens.access_token}"},
            timeout=10,
        )
        assert rejected.status_code == 401
        refused = requests.post(
            f"{sandbox.url}/token",
            timeout=10,
            data={
                "grant_type": "refresh_token",
                "refresh_token": tokens.refresh_token,
                **_client_credentials(paths),
            },
        )
        assert refused.status_code == 400
        assert refused.json()["error"] == "invalid_grant"
    finally:
        for pane in list(window.runner.panes):
            if pane.task is not None:
                pane.task.cancel()
        task_runner().wait_idle(15)
        # Never leave a test's sign-in behind in the user's (or CI's) keyring.
        if keyring.get_password(SERVICE, channel_id) is not None:
            keyring.delete_password(SERVICE, channel_id)


def _client_credentials(paths: AppPaths) -> dict[str, str]:
    installed = json.loads(paths.secrets_file.read_text())["installed"]
    return {"client_id": installed["client_id"], "client_secret": installed["client_secret"]}
