"""Start-up, the crash dialog, error messages, the demo and the real Secret Service keyring."""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QToolBar

from analytix_desktop import __version__
from analytix_desktop.__main__ import main, parse_args
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.errors import (
    Forbidden,
    InvalidRequest,
    InvalidSecrets,
    NetworkError,
    RateLimited,
    RefreshTokenExpired,
    ServerError,
    Unauthorised,
)
from analytix_desktop.api.secrets import Secrets
from analytix_desktop.api.tokens import Tokens
from analytix_desktop.gui.app import create_app, icon, install_excepthook
from analytix_desktop.gui.crash import CrashDialog
from analytix_desktop.gui.demo import Demo
from analytix_desktop.gui.errors import explain
from analytix_desktop.store import KeyringUnavailable, TokenStore, backend_problem

ICONS = Path(__file__).resolve().parents[2] / "analytix_desktop" / "resources" / "icons"


def test_version_and_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert __version__ in capsys.readouterr().out
    args = parse_args(["--demo", "--config-dir", "/tmp/x"])
    assert args.demo
    assert args.config_dir == Path("/tmp/x")
    assert not parse_args([]).demo


def test_application_names_and_icons(qapp: QApplication) -> None:
    app = create_app()
    assert app is qapp
    assert app.applicationName() == "analytix-desktop"
    assert not app.windowIcon().isNull()
    names = sorted(path.stem for path in ICONS.glob("*.svg"))
    assert "app" in names
    for name in names:
        assert not icon(name).pixmap(32, 32).isNull(), name


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook()


def _crash_dialogs() -> list[CrashDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()
    ]


@pytest.mark.usefixtures("hook")
def test_uncaught_exception_shows_a_copyable_crash_dialog(qtbot) -> None:
    try:
        raise ValueError("boom in a slot")
    except ValueError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    qtbot.waitUntil(lambda: bool(_crash_dialogs()), timeout=5000)
    dialog = _crash_dialogs()[0]
    qtbot.addWidget(dialog)
    details = dialog.details.toPlainText()
    assert "ValueError: boom in a slot" in details
    assert "test_uncaught_exception" in details  # the traceback
    assert "PySide6" in details
    assert "Python" in details
    dialog.copy()
    assert QGuiApplication.clipboard().text() == details
    dialog.close()


def test_error_messages_carry_googles_text_and_what_to_do() -> None:
    limited = explain(
        RateLimited(
            429,
            "Quota exceeded for quota metric 'Queries'.",
            reason="rateLimitExceeded",
            retry_after=30,
        )
    )
    assert limited.title == "Too many requests"
    assert "Quota exceeded" in limited.text
    assert "Wait 30 seconds" in limited.hint
    server = explain(
        ServerError(503, "The service is currently unavailable.", reason="backendError")
    )
    assert server.title == "Google had a problem (503)"
    assert "currently unavailable" in server.text
    assert explain(Unauthorised(401, "Request had invalid authentication credentials.")).reconnect
    scopes = explain(
        Forbidden(
            403, "Request had insufficient authentication scopes.", reason="insufficientPermissions"
        )
    )
    assert "tick" in scopes.hint
    dead = explain(RefreshTokenExpired("Google refused the saved refresh token (invalid_grant)"))
    assert dead.reconnect
    assert "7 days" in dead.text
    assert "Testing" in dead.text
    assert explain(KeyringUnavailable("no keyring", hint="memory")).hint == "memory"
    assert explain(InvalidRequest("the 'views' metric is unknown")).text.startswith("The 'views'")
    assert "connection" in explain(NetworkError("GET host timed out")).hint
    wrong = explain(InvalidSecrets("client secrets file /x/notes.json is not JSON (line 1)"))
    assert wrong.text.startswith("Client secrets file")
    assert wrong.text.endswith(".")
    assert "Desktop app" in wrong.hint
    web = explain(
        InvalidSecrets(
            "This file is for a 'Web application' OAuth client; make a 'Desktop app' client instead"
        )
    )
    assert web.hint == ""  # the text says it already: no second telling
    bug = explain(KeyError("x"))
    assert bug.unexpected
    assert "KeyError" in bug.text


def test_demo_runs_the_sandbox_in_process(qtbot, tmp_path) -> None:
    environment = dict(os.environ)
    demo = Demo(tmp_path / "demo", seed=3)
    paths = demo.start()
    try:
        # The app is given the sandbox's endpoints; the environment is left alone.
        assert dict(os.environ) == environment
        assert demo.endpoints == Endpoints.rooted_at(demo.sandbox.url)
        assert demo.sandbox.url.startswith("http://127.0.0.1:")
        assert not demo.sandbox.auto_consent  # the user picks the channel in the browser
        assert Secrets.load_from(paths.secrets_file).type == "installed"
    finally:
        demo.stop()
    assert dict(os.environ) == environment
    # The demo's folder stays for the next run; its secrets are the user's only.
    assert paths.config_dir == tmp_path / "demo"
    assert paths.secrets_file.stat().st_mode & 0o777 == 0o600


def test_main_in_demo_mode(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path, memory_keyring
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    seen: dict[str, object] = {}

    def look_and_close() -> None:
        window = next(
            w
            for w in QApplication.topLevelWidgets()
            if w.objectName() == "mainWindow" and w.isVisible()
        )
        seen["title"] = window.windowTitle()
        banner = window.findChild(QToolBar, "demoBanner")
        seen["banner"] = banner is not None and banner.isVisible()
        seen["service"] = window.store.service
        seen["client"] = window.client is not None
        window.close()

    QTimer.singleShot(500, look_and_close)
    assert main(["--demo", "--config-dir", str(tmp_path)]) == 0
    assert "demo" in str(seen["title"])
    assert seen["banner"] is True
    assert seen["service"] == "analytix-desktop-demo"  # apart from real channels
    assert (tmp_path / "demo" / "settings.ini").exists()
    assert seen["client"] is True


def _secret_service() -> Iterator[keyring.backend.KeyringBackend]:
    from keyring.backends import SecretService

    try:
        SecretService.Keyring.priority  # noqa: B018 - raises when no service is reachable
    except Exception as error:
        pytest.skip(
            "no Secret Service is reachable on the session bus (run under dbus-run-session "
            f"with gnome-keyring-daemon --unlock): {error}"
        )
    backend = SecretService.Keyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


secret_service = pytest.fixture(_secret_service)


@pytest.mark.keyring
def test_tokens_in_the_real_secret_service(secret_service: keyring.backend.KeyringBackend) -> None:
    assert backend_problem(secret_service) is None
    store = TokenStore()
    channel_id = f"UCtest-{uuid.uuid4().hex}"
    tokens = Tokens(
        access_token="ya29.real-keyring",
        expires_in=3599,
        scope="s",
        refresh_token="1//real-keyring",
        expires_at=round(time.time()) + 3599.0,
    )
    try:
        store.save(channel_id, tokens)
        assert store.load(channel_id) == tokens
        raw = secret_service.get_password("analytix-desktop", channel_id)
        assert json.loads(raw or "{}")["refresh_token"] == "1//real-keyring"
    finally:
        store.delete(channel_id)
    assert store.load(channel_id) is None
    assert not store.session_only
