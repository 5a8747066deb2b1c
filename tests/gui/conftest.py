"""GUI fixtures: keyrings, a config folder with the sandbox's secrets, a fake browser, a window."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
import requests
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QMessageBox

from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.transport import RetryPolicy, Transport
from analytix_desktop.gui.tasks import task_runner
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store import AppPaths, TokenStore
from analytix_desktop.store.settings import Settings


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps entries in a dict (no file, no D-Bus)."""

    priority = -1  # never chosen on its own: tests set it explicitly

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("no such entry")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring(memory_keyring: MemoryKeyring) -> Iterator[None]:
    """No usable backend (set after, and undone before, the memory keyring of other fixtures)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def consent(sandbox: Sandbox) -> Iterator[Sandbox]:
    """The sandbox, with its automatic consent policy reset after the test."""
    sandbox.consent.reset()
    yield sandbox
    sandbox.consent.reset()


@pytest.fixture
def paths(sandbox: Sandbox, tmp_path: Path) -> AppPaths:
    """A config folder holding the sandbox's client secrets (its OAuth URIs on the sandbox)."""
    paths = AppPaths.under(tmp_path / "config")
    sandbox.write_secrets(paths.secrets_file)
    return paths


@pytest.fixture
def transport() -> Iterator[Transport]:
    """Retries that give up fast, so that error paths take milliseconds."""
    with Transport(retry=RetryPolicy(attempts=2, base=0.01, cap=0.02, deadline=2.0)) as t:
        yield t


def accept_button(box: QMessageBox) -> QAbstractButton:
    """The message box's button of the accepting role ("Keep", "Reconnect", "Sign out")."""
    return next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)


class FakeBrowser:
    """Stands in for the system browser: GETs the URL and follows the sandbox's redirects."""

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.works = True
        self.threads: list[threading.Thread] = []
        self.pages: list[str] = []

    def open(self, url: QUrl) -> bool:
        self.opened.append(url.toString())
        if not self.works:
            return False
        thread = threading.Thread(target=self.visit, args=(url.toString(),), daemon=True)
        self.threads.append(thread)
        thread.start()
        return True

    def visit(self, url: str) -> None:
        # The loopback listener may be gone already (after a cancel): that is no error here.
        with contextlib.suppress(requests.RequestException):
            self.pages.append(requests.get(url, timeout=10).text)


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeBrowser]:
    fake = FakeBrowser()
    monkeypatch.setattr(QDesktopServices, "openUrl", fake.open)
    yield fake
    for thread in fake.threads:
        thread.join(timeout=10)


@pytest.fixture
def reach_sync_on_start() -> bool:
    """Whether the ``window`` syncs reach reports by itself: not in ordinary GUI tests, so
    that a sandbox's request log holds only what the test asked for (the reach tests
    override this fixture, or parametrize it)."""
    return False


@pytest.fixture
def window(
    qtbot,
    paths: AppPaths,
    memory_keyring: MemoryKeyring,
    consent: Sandbox,
    browser: FakeBrowser,
    transport: Transport,
    endpoints: Endpoints,
    reach_sync_on_start: bool,
):
    """The main window on a fresh config folder, with the in-memory keyring; its settings
    (read by ``assemble``) say whether reach reports are synced at start."""
    from analytix_desktop.gui.assemble import assemble

    settings = Settings.load(paths.settings_file)
    settings.reach_sync_on_start = reach_sync_on_start
    settings.save(paths.settings_file)
    main = assemble(paths, store=TokenStore(), transport=transport, endpoints=endpoints).window
    qtbot.addWidget(main)
    main.show()
    yield main
    for pane in list(main.runner.panes):
        if pane.task is not None:
            pane.task.cancel()
    task_runner().wait_idle(15)
