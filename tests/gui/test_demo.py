"""The demo: remembered between runs, problems on demand, reset, and a clean exit on signals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import QProcess, Qt
from PySide6.QtWidgets import QMessageBox

from analytix_desktop.api.transport import Transport
from analytix_desktop.gui.assemble import assemble
from analytix_desktop.gui.demo import DEMO_SERVICE, Demo
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.gui.tasks import task_runner
from analytix_desktop.store import AppPaths, TokenStore

from .conftest import FakeBrowser, MemoryKeyring, accept_button
from .test_main_window import DAILY, REPORTS, WAIT, wait_report

ROOT = Path(__file__).resolve().parents[2]


class DemoRun:
    """Starts the demo in a folder and opens its window, as ``--demo`` does."""

    def __init__(self, qtbot, folder: Path, transport: Transport) -> None:
        self.qtbot, self.folder, self.transport = qtbot, folder, transport
        self.demo: Demo | None = None

    def open(self) -> MainWindow:
        self.demo = Demo(self.folder, seed=3)
        paths = self.demo.start()
        self.demo.sandbox.auto_consent = True  # no browser page to click through here
        window = assemble(
            paths,
            store=TokenStore(DEMO_SERVICE),
            endpoints=self.demo.endpoints,
            demo=self.demo,
            transport=self.transport,
        ).window
        self.qtbot.addWidget(window)
        window.show()
        return window

    def close(self, window: MainWindow) -> None:
        window.close()
        task_runner().wait_idle(15)
        assert self.demo is not None
        self.demo.stop()
        self.demo = None


@pytest.fixture
def demo_run(
    qtbot, tmp_path: Path, memory_keyring: MemoryKeyring, browser: FakeBrowser, transport: Transport
) -> Iterator[DemoRun]:
    run = DemoRun(qtbot, tmp_path / "demo", transport)
    yield run
    task_runner().wait_idle(15)
    if run.demo is not None:
        run.demo.stop()


def add_demo_channel(qtbot, window: MainWindow, demo: Demo) -> str:
    channel_id = demo.sandbox.users[0].channel_ids[0]
    demo.sandbox.consent.channel = channel_id
    with qtbot.waitSignal(window.accounts.accounts_changed, timeout=WAIT):
        window.add_channel_action.trigger()
    qtbot.waitUntil(lambda: not window.accounts.dialog.isVisible(), timeout=WAIT)
    return channel_id


def test_the_demo_remembers_its_channels_and_panes(
    qtbot, demo_run: DemoRun, memory_keyring: MemoryKeyring
) -> None:
    window = demo_run.open()
    assert demo_run.demo is not None
    channel_id = add_demo_channel(qtbot, window, demo_run.demo)
    assert (DEMO_SERVICE, channel_id) in memory_keyring.entries
    window.builder.set_query(DAILY)
    window.run_action.trigger()
    wait_report(qtbot, window.runner.current)
    grants = demo_run.folder / "sandbox-grants.json"
    assert grants.stat().st_mode & 0o777 == 0o600
    demo_run.close(window)

    again = demo_run.open()  # a new sandbox, on a new port, with no tokens in memory
    assert demo_run.demo is not None
    assert again.accounts.active == channel_id
    assert again.builder.query() == DAILY
    [pane] = again.runner.panes
    wait_report(qtbot, pane)  # from local history, at once and with no request
    log = demo_run.demo.sandbox.log
    assert log.entries(REPORTS) == []
    assert pane.dock.provenance.text().startswith("From local history")
    stored = pane.dock.table_data
    qtbot.mouseClick(pane.dock.rerun_button, Qt.MouseButton.LeftButton)  # Refresh
    qtbot.waitUntil(lambda: pane.dock.table_data is not stored, timeout=WAIT)
    # The saved refresh token still works. The new sandbox knows only refresh tokens: a
    # report sent with the saved access token before the one refresh lands is refused
    # once, then sent again with the new token.
    assert [e.status for e in log.entries(REPORTS)] in ([200], [401, 200])
    assert len(log.entries("/token")) == 1
    assert 200 in [e.status for e in log.entries("/token")]
    assert pane.report is not None
    assert pane.report.shape[0] == 28
    demo_run.close(again)


def test_simulate_problems(qtbot, demo_run: DemoRun) -> None:
    window = demo_run.open()
    demo = demo_run.demo
    assert demo is not None
    add_demo_channel(qtbot, window, demo)
    menu = window.findChild(type(window.switch_menu), "simulateMenu")
    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert texts == [
        "No problems",
        "Offline",
        "Slow responses",
        "Quota exceeded (429)",
        "Google errors (503)",
    ]
    window.demo_menu.problem_actions["quota"].trigger()
    assert "quota exceeded (429)" in window.demo_menu.problem_label.text()
    assert window.demo_menu.problem_label.isVisible()
    window.builder.set_query(DAILY)
    window.run_action.trigger()
    pane = window.runner.current
    qtbot.waitUntil(lambda: pane.dock.error_page.isVisible(), timeout=WAIT)
    assert {e.status for e in demo.sandbox.log.entries(REPORTS)} == {429}
    window.demo_menu.problem_actions["server"].trigger()
    assert not window.demo_menu.problem_actions["quota"].isChecked()  # one at a time
    window.demo_menu.problem_actions[""].trigger()
    assert not window.demo_menu.problem_label.isVisible()
    window.run_action.trigger()  # in the same pane
    wait_report(qtbot, pane)
    assert demo.sandbox.log.entries(REPORTS)[-1].status == 200


def test_reset_demo(qtbot, demo_run: DemoRun, memory_keyring: MemoryKeyring) -> None:
    window = demo_run.open()
    assert demo_run.demo is not None
    channel_id = add_demo_channel(qtbot, window, demo_run.demo)
    window.builder.set_query(DAILY)
    window.run_action.trigger()
    wait_report(qtbot, window.runner.current)
    window.demo_menu.reset_action.trigger()
    box = window.demo_menu.reset_box
    assert isinstance(box, QMessageBox)
    assert box.isVisible()
    assert window.accounts.accounts  # nothing is forgotten before the answer
    accept_button(box).click()
    assert window.accounts.accounts == []
    assert window.runner.panes == []
    assert window.builder.query() != DAILY
    qtbot.waitUntil(lambda: (DEMO_SERVICE, channel_id) not in memory_keyring.entries, timeout=WAIT)
    demo_run.close(window)
    again = demo_run.open()
    assert again.accounts.accounts == []
    assert again.runner.panes == []
    demo_run.close(again)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_ends_the_demo_cleanly(tmp_path: Path, signum: int) -> None:
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    config = tmp_path / "config"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(private_tmp),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "analytix_desktop", "--demo", "--config-dir", str(config)],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        for line in process.stderr:  # the demo says where its sandbox runs
            if "demo sandbox on" in line:
                break
        time.sleep(1.5)  # into the event loop
        process.send_signal(signum)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert (config / "demo" / "settings.ini").exists()  # saved on the way out
    assert (config / "demo" / "client_secrets.json").stat().st_mode & 0o777 == 0o600
    assert not list(private_tmp.glob("analytix-desktop-demo-*"))


def test_try_the_demo_opens_in_this_process(
    qtbot, tmp_path: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The welcome page's "Try the demo": a window of its own, no second process, no
    environment variable; closing it stops its sandbox."""
    monkeypatch.setattr(
        QProcess, "startDetached", lambda *a, **k: pytest.fail("a second process was started")
    )
    environment = dict(os.environ)
    first = assemble(
        AppPaths.under(tmp_path / "config"), store=TokenStore(), config_dir=tmp_path
    ).window
    qtbot.addWidget(first)
    first.show()
    assert first.central.currentWidget() is first.welcome
    qtbot.mouseClick(first.welcome.demo_button, Qt.MouseButton.LeftButton)
    demo = first.demo_window
    assert demo is not None
    qtbot.waitUntil(demo.isVisible)
    assert demo.client is not None  # the demo's own client secrets, in its own folder
    assert demo.paths.settings_file.is_relative_to(tmp_path / "demo")
    url = demo.client.endpoints.reports
    assert url.startswith("http://127.0.0.1:")
    assert dict(os.environ) == environment
    assert requests.get(url, timeout=5).status_code in (400, 401)  # the sandbox answers
    demo.close()
    with pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=5)
    qtbot.waitUntil(lambda: first.demo_window is None)
    first.close()
