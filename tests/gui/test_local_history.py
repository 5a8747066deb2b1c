"""Local history in the window, used as a person would: Run twice (no second request),
Refresh, the History dock (search, open offline, delete), the quota meter, Local data."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton

from analytix_desktop.core.quota import ANALYTICS, DATA
from analytix_desktop.gui.describe import describe_dates
from analytix_desktop.gui.local_data import quota_text
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.gui.tasks import task_runner
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store.settings import Settings

from .test_main_window import COUNTRIES, DAILY, REPORTS, WAIT, add_channel, wait_report
from .test_panes import activate


def run_with_button(qtbot, window: MainWindow, query) -> object:
    window.builder.set_query(query)
    qtbot.mouseClick(window.builder.run_button, Qt.MouseButton.LeftButton)
    pane = window.runner.current
    assert pane is not None
    wait_report(qtbot, pane)
    return pane


def stored_count(window: MainWindow) -> int:
    return len(window.services.reports.history())


def test_the_same_report_twice_costs_one_request_and_refresh_asks_again(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    add_channel(qtbot, window, consent)
    consent.log.clear()
    first = run_with_button(qtbot, window, DAILY)
    assert consent.log.count(REPORTS) == 1
    assert first.dock.provenance.text().startswith("Fetched from Google")
    first_table = first.dock.table_data

    second = run_with_button(qtbot, window, COUNTRIES)
    assert second is first  # the current pane, replaced
    qtbot.waitUntil(lambda: first.dock.table_data is not first_table, timeout=WAIT)
    again_table = first.dock.table_data
    window.builder.set_query(DAILY)
    qtbot.mouseClick(window.builder.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: first.dock.table_data is not again_table, timeout=WAIT)
    qtbot.waitUntil(lambda: first.task is None, timeout=WAIT)
    assert consent.log.count(REPORTS) == 2, "the repeated daily report was asked again"
    assert first.dock.provenance.text().startswith("From local history")
    assert "from local history" in window.statusBar().currentMessage()

    stored_table = first.dock.table_data
    qtbot.mouseClick(first.dock.rerun_button, Qt.MouseButton.LeftButton)  # Refresh
    qtbot.waitUntil(lambda: first.dock.table_data is not stored_table, timeout=WAIT)
    assert consent.log.count(REPORTS) == 3
    assert first.dock.provenance.text().startswith("Fetched from Google")
    assert stored_count(window) == 3


def test_history_dock_search_open_and_delete(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    run_with_button(qtbot, window, DAILY)
    run_with_button(qtbot, window, COUNTRIES)
    activate(qtbot, window)
    QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    dock = window.local_data.dock
    qtbot.waitUntil(dock.isVisible, timeout=WAIT)
    qtbot.waitUntil(lambda: dock.model.rowCount() == 2, timeout=WAIT)
    # Newest first: the countries report.
    row = [dock.model.index(0, column).data() for column in range(dock.model.columnCount())]
    assert row[1:] == [
        window.accounts.active_context().title,
        "Geography",
        describe_dates(COUNTRIES),
        "None",
        "10",
    ]

    QTest.keyClicks(dock.search, "country")
    qtbot.waitUntil(lambda: dock.model.rowCount() == 1, timeout=WAIT)
    dock.search.clear()
    qtbot.waitUntil(lambda: dock.model.rowCount() == 2, timeout=WAIT)

    # Open the older (daily) one with Enter: a new pane, from the store, no request.
    consent.log.clear()
    panes = len(window.runner.panes)
    dock.view.setFocus()
    dock.view.setCurrentIndex(dock.model.index(1, 0))
    QTest.keyClick(dock.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.runner.panes) == panes + 1, timeout=WAIT)
    opened = window.runner.current
    assert opened is not None
    wait_report(qtbot, opened)
    assert consent.log.count() == 0, "opening from history made a request"
    assert opened.dock.provenance.text().startswith("From local history")
    assert opened.query == DAILY
    assert opened.report is not None
    assert opened.report.shape[0] == DAILY.days

    # Delete the newest with the Delete key.
    dock.view.setFocus()
    dock.view.setCurrentIndex(dock.model.index(0, 0))
    QTest.keyClick(dock.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: dock.model.rowCount() == 1, timeout=WAIT)
    assert stored_count(window) == 1


def test_the_meter_shows_todays_requests(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    run_with_button(qtbot, window, DAILY)
    task_runner().wait_idle(10)  # the channel's names are fetched too (Data API)
    counts = window.meter.today()
    assert counts[ANALYTICS] >= 1
    assert counts[DATA] >= 1
    label = window.local_data.meter_label
    qtbot.waitUntil(lambda: label.text() == quota_text(window.meter.today()), timeout=WAIT)
    assert f"{counts[ANALYTICS]} Analytics request" in label.text()
    assert f"{counts[DATA]:,} of 10,000 Data API units" in label.text()


def test_local_data_dialog_sets_freshness_and_clears(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    add_channel(qtbot, window, consent)
    run_with_button(qtbot, window, DAILY)
    window.local_data.settings_action.trigger()
    qtbot.waitUntil(lambda: window.local_data.dialog is not None, timeout=WAIT)
    dialog = window.local_data.dialog
    assert dialog is not None
    dialog.freshness.selectAll()
    QTest.keyClicks(dialog.freshness, "0")
    dialog.findChild(QPushButton, "clearLocalData").click()
    box = window.local_data.confirm
    assert isinstance(box, QMessageBox)
    clear = next(
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole
    )
    clear.click()
    qtbot.waitUntil(lambda: stored_count(window) == 0, timeout=WAIT)
    dialog.accept()
    assert window.settings.freshness_minutes == 0
    assert window.services.freshness == 0
    task_runner().wait_idle(10)
    assert Settings.load(window.paths.settings_file).freshness_minutes == 0
    # Freshness 0: the same recent report is fetched again.
    consent.log.clear()
    pane = window.runner.current
    assert pane is not None
    table = pane.dock.table_data
    window.builder.set_query(DAILY)
    qtbot.mouseClick(window.builder.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.dock.table_data is not table, timeout=WAIT)
    assert consent.log.count(REPORTS) == 1


def test_history_names_a_filtered_video_by_its_title(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    channel_id = add_channel(qtbot, window, consent)
    qtbot.waitUntil(lambda: bool(window.accounts.context(channel_id).videos), timeout=WAIT)
    video = next(iter(window.accounts.context(channel_id).videos.values()))
    run_with_button(qtbot, window, replace(DAILY, filters={"video": video.id}))
    window.local_data.show_history()
    dock = window.local_data.dock
    qtbot.waitUntil(lambda: dock.model.rowCount() == 1, timeout=WAIT)
    assert video.title in dock.model.index(0, 4).data()
