"""Reach reports synced in the window, against a sandbox of the test's own: a channel
without jobs costs one jobs.list call and offers Turn on reach reports; turning on makes
the jobs and names the time the first reports are expected; with the sandbox's clock 49
hours on, Sync now downloads them and a reach pane says which days are not yet published;
failed downloads are summed up in one line and fetched at the next sync; a sync can be
cancelled from the status bar, its bar at the core's percent; signing out with the box
ticked deletes the jobs at YouTube before the access is revoked. With "Download new
reach reports when the app starts" off (File > Local data…), nothing syncs by itself,
and the tab's last sync is the store's, across a restart."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QMessageBox

from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.transport import Transport
from analytix_desktop.gui.local_data import REACH_SYNC_ON_START
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.gui.reach import START_DELAY_MS
from analytix_desktop.gui.reach_dialogs import DELETE_JOBS
from analytix_desktop.gui.tasks import task_runner
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store import AppPaths
from analytix_desktop.store.settings import Settings
from tests.sandbox_answers import token

from .conftest import MemoryKeyring, accept_button
from .reach_support import (
    ALEX,
    PIXEL,
    add_synced_channel,
    click_reach_tab,
    local_moment,
    own_sandbox,  # noqa: F401 - the fixture named sandbox, in this module
    sandbox_jobs,
    sync_on_start,  # noqa: F401 - the fixture named reach_sync_on_start, in this module
    type_range,
)
from .test_main_window import WAIT, add_channel, reopen, wait_report

SERVICE = "analytix-desktop"
MEDIA = "/v1/media/"
REACH_TYPES = {"channel_reach_basic_a1", "channel_reach_combined_a1", "channel_basic_a3"}


def _media(sandbox: Sandbox) -> int:
    return sum(1 for entry in sandbox.log.entries() if entry.path.startswith(MEDIA))


def _reporting(sandbox: Sandbox) -> list[tuple[str, str]]:
    return [(e.method, e.path) for e in sandbox.log.entries() if e.path.startswith("/v1/")]


def _click_sync_now(qtbot, window: MainWindow, channel: str) -> object:
    """Sync now on the Reach tab; the sync's SyncResult."""
    with qtbot.waitSignal(
        window.reach.sync_finished,
        check_params_cb=lambda synced, _result: synced == channel,
        timeout=WAIT * 3,
    ) as ended:
        qtbot.mouseClick(window.builder.reach.sync, Qt.MouseButton.LeftButton)
    return ended.args[1]


def test_turn_on_then_the_first_reports_after_two_days(
    qtbot, window: MainWindow, sandbox: Sandbox
) -> None:
    channel = add_synced_channel(qtbot, window, sandbox, PIXEL)
    # A channel without jobs costs one call: jobs.list.
    assert _reporting(sandbox) == [("GET", "/v1/jobs")]
    click_reach_tab(qtbot, window)
    form = window.builder.reach
    assert form.turn_on.isVisible()
    assert form.coverage.text().startswith("No reach data on this computer yet.")

    sandbox.log.clear()
    qtbot.mouseClick(form.turn_on, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.reach.message is not None, timeout=WAIT)
    posts = [e for e in sandbox.log.entries("/v1/jobs") if e.method == "POST"]
    assert len(posts) == 3
    assert set(sandbox_jobs(sandbox, channel)) == REACH_TYPES
    created = min(job.create_time for job in sandbox.reporting_jobs.of_channel(channel))
    message = window.reach.message
    assert message is not None
    text = message.text()
    assert text.startswith("Reach reports are on for Pixel Garden Studio.")
    expected = created + dt.timedelta(hours=48)
    assert f"(around {local_moment(expected, 'ddd d MMM HH:mm')})" in text
    assert "about 48 hours from now" in text
    assert form.note.text() == text
    assert form.turn_on.isHidden()
    message.done(0)

    # Two days later (the sandbox's clock): Sync now downloads the backfill.
    sandbox.clock.advance(hours=49)
    sandbox.log.clear()
    result = _click_sync_now(qtbot, window, channel)
    assert result is not None
    assert result.downloaded >= 3 * 30  # the backfill of every type
    assert _media(sandbox) == result.downloaded
    assert "new daily reports" in form.note.text()
    assert form.coverage.text().startswith("Reach data on this computer: ")

    # A reach pane by day up to today: the days YouTube has not published are named.
    today = dt.date.today()
    type_range(qtbot, window, today - dt.timedelta(days=6), today)
    before = len(window.runner.panes)
    qtbot.mouseClick(form.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.runner.panes) > before, timeout=WAIT)
    pane = window.runner.panes[-1]
    wait_report(qtbot, pane)
    note = pane.dock.provenance.text()
    assert "Missing " in note
    assert "not yet published: expected around " in note


def test_failed_downloads_are_summed_up_and_fetched_at_the_next_sync(
    qtbot, window: MainWindow, sandbox: Sandbox
) -> None:
    sandbox.faults.inject(MEDIA + "*", status=404, times=3)  # three downloads refused
    channel = add_synced_channel(qtbot, window, sandbox, ALEX)
    note = window.builder.reach.note.text()
    assert "3 reports of " in note
    assert "could not be downloaded" in note
    assert "tried again at the next sync" in note
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert not [w for w in shown if isinstance(w, QMessageBox)]  # no box, let alone a storm

    sandbox.log.clear()
    click_reach_tab(qtbot, window)
    result = _click_sync_now(qtbot, window, channel)
    assert result is not None
    assert result.downloaded == 3
    assert not result.failed
    assert _media(sandbox) == 3  # nothing stored is downloaded again


def test_a_sync_is_cancelled_from_the_status_bar_and_the_next_one_resumes(
    qtbot, window: MainWindow, sandbox: Sandbox
) -> None:
    sandbox.faults.inject(MEDIA + "*", delay=0.2, times=1000)  # slow downloads
    channel = add_channel(qtbot, window, sandbox, ALEX)
    indicator = window.reach.indicator
    # Four downloads asked for, one after another: three have arrived.
    qtbot.waitUntil(lambda: indicator.isVisible() and _media(sandbox) >= 4, timeout=WAIT)
    # The core's own words after the channel's title; the bar at the core's percent.
    said = re.fullmatch(
        r"Reach for Alex Rivera: Downloading (\d+) of (\d+) daily reports…",
        indicator.text.text(),
    )
    assert said is not None, indicator.text.text()
    number, total = int(said[1]), int(said[2])
    assert indicator.bar.maximum() == 100
    assert indicator.bar.value() == 100 * (number - 1) // total
    with qtbot.waitSignal(window.reach.sync_finished, timeout=WAIT) as ended:
        qtbot.mouseClick(indicator.cancel, Qt.MouseButton.LeftButton)
    assert ended.args == [channel, None]
    assert not indicator.isVisible()
    click_reach_tab(qtbot, window)
    assert window.builder.reach.note.text().startswith("Reach sync cancelled")
    cut_short = _media(sandbox)
    assert 3 <= cut_short < total

    sandbox.faults.clear()
    result = _click_sync_now(qtbot, window, channel)
    assert result is not None
    # What the cancelled sync stored is not downloaded again; only the download that the
    # cancel cut off (never stored) may be asked for a second time.
    media = [e.path for e in sandbox.log.entries() if e.path.startswith(MEDIA)]
    assert len(media) - len(set(media)) <= 1
    first_sync = len(set(media)) - result.downloaded
    assert first_sync in (cut_short, cut_short + 1)


def test_sign_out_deletes_the_reach_jobs_before_revoking(
    qtbot, window: MainWindow, sandbox: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    channel = add_synced_channel(qtbot, window, sandbox, ALEX)
    assert set(sandbox_jobs(sandbox, channel)) == REACH_TYPES
    sandbox.log.clear()
    window.sign_out_action.trigger()
    box = window.sign_out_box
    check = box.checkBox()
    assert check is not None
    assert check.text() == DELETE_JOBS
    assert not check.isChecked()
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert check.isChecked()
    accept_button(box).click()
    qtbot.waitUntil(lambda: (SERVICE, channel) not in memory_keyring.entries, timeout=WAIT)
    qtbot.waitUntil(lambda: sandbox.log.count("/revoke") == 1, timeout=WAIT)
    calls = [(e.method, e.path) for e in sandbox.log.entries()]
    deletes = [i for i, (method, _path) in enumerate(calls) if method == "DELETE"]
    assert len(deletes) == 3
    assert max(deletes) < calls.index(("POST", "/revoke"))
    # Asked with a token of the test's own: the channel has no reach jobs left.
    answer = requests.get(
        f"{sandbox.url}/v1/jobs",
        headers={"Authorization": f"Bearer {token(sandbox, channel)}"},
        timeout=30,
    ).json()
    assert answer.get("jobs", []) == []


def test_sign_out_without_jobs_does_not_offer_to_delete_them(
    qtbot, window: MainWindow, sandbox: Sandbox
) -> None:
    add_synced_channel(qtbot, window, sandbox, PIXEL)
    window.sign_out_action.trigger()
    assert window.sign_out_box.checkBox() is None
    window.sign_out_box.done(0)


def _coverage(qtbot, window: MainWindow, channel: str) -> str:
    """The Reach tab's status line once the channel's state was read from the store."""
    qtbot.waitUntil(lambda: channel in window.reach.states, timeout=WAIT)
    click_reach_tab(qtbot, window)
    return window.builder.reach.coverage.text()


@pytest.mark.parametrize("reach_sync_on_start", [False])
def test_without_the_start_sync_nothing_syncs_and_the_last_sync_comes_from_the_store(
    qtbot,
    window: MainWindow,
    sandbox: Sandbox,
    paths: AppPaths,
    transport: Transport,
    endpoints: Endpoints,
) -> None:
    channel = add_channel(qtbot, window, sandbox, ALEX)  # a channel with reach jobs
    qtbot.wait(2 * START_DELAY_MS)
    assert _reporting(sandbox) == []  # no sync started by itself
    assert _coverage(qtbot, window, channel) == "No reach data on this computer yet."

    result = _click_sync_now(qtbot, window, channel)
    assert result is not None
    assert result.downloaded > 30
    ended = window.services.reach.last_sync(channel)
    assert ended is not None
    last = f" Last synced {local_moment(dt.datetime.fromtimestamp(ended, dt.UTC), 'd MMM HH:mm')}."
    assert window.builder.reach.coverage.text().endswith(last)
    window.close()

    # After a restart, the store still knows when the channel last synced; still no sync.
    sandbox.log.clear()
    again = reopen(qtbot, paths, transport, endpoints)
    again.show()
    assert _coverage(qtbot, again, channel).endswith(last)
    qtbot.wait(2 * START_DELAY_MS)
    assert _reporting(sandbox) == []


@pytest.mark.parametrize("reach_sync_on_start", [False])
def test_the_local_data_dialog_turns_the_start_sync_on(
    qtbot, window: MainWindow, sandbox: Sandbox
) -> None:
    window.local_data.settings_action.trigger()
    qtbot.waitUntil(lambda: window.local_data.dialog is not None, timeout=WAIT)
    dialog = window.local_data.dialog
    assert dialog is not None
    check = dialog.findChild(QCheckBox, "reachSyncOnStart")
    assert check.text() == REACH_SYNC_ON_START
    assert not check.isChecked()  # as the settings file says
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    dialog.accept()
    assert window.settings.reach_sync_on_start
    task_runner().wait_idle(10)
    assert Settings.load(window.paths.settings_file).reach_sync_on_start

    # Now a channel the user adds syncs soon, by itself.
    channel = add_synced_channel(qtbot, window, sandbox, PIXEL)
    assert _reporting(sandbox) == [("GET", "/v1/jobs")]
    assert _coverage(qtbot, window, channel).startswith("No reach data on this computer yet.")
