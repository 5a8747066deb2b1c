"""The main window end to end against the sandbox: channels, report runs, errors, layout."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import json
import weakref

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QTabBar, QToolBar

from analytix_desktop.api import catalogue
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.transport import Transport
from analytix_desktop.gui.assemble import assemble
from analytix_desktop.gui.formatting import format_date
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.gui.pane_texts import pane_titles
from analytix_desktop.gui.runner import Pane
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store import SERVICE, AppPaths, TokenStore

from .conftest import MemoryKeyring, accept_button

WAIT = 20000
REPORTS = "/v2/reports"
END = dt.date.today() - dt.timedelta(days=3)
DAILY = catalogue.Query(
    dimensions=("day",),
    metrics=("views", "likes"),
    sort_options=("day",),
    start_date=END - dt.timedelta(days=27),
    end_date=END,
)
COUNTRIES = catalogue.Query(
    dimensions=("country",),
    metrics=("views",),
    sort_options=("-views",),
    start_date=END - dt.timedelta(days=27),
    end_date=END,
    max_results=10,
)


def add_channel(qtbot, window: MainWindow, sandbox: Sandbox, index: int = 0) -> str:
    channel_id = sandbox.users[0].channel_ids[index]
    sandbox.consent.channel = channel_id
    with qtbot.waitSignal(window.accounts.accounts_changed, timeout=WAIT):
        window.add_channel_action.trigger()
    qtbot.waitUntil(lambda: not window.accounts.dialog.isVisible(), timeout=WAIT)
    return channel_id


def reopen(qtbot, paths: AppPaths, transport: Transport, endpoints: Endpoints) -> MainWindow:
    """The app started again on the same folder, as after a restart (not shown yet)."""
    again = assemble(paths, store=TokenStore(), transport=transport, endpoints=endpoints).window
    qtbot.addWidget(again)
    return again


def run(qtbot, window: MainWindow, query: catalogue.Query, *, new_pane: bool = False) -> Pane:
    if new_pane:
        window.run_query_in_new_pane(query)
    else:
        window.run_query(query)
    pane = window.runner.current
    assert pane is not None
    return pane


def wait_report(qtbot, pane: Pane) -> None:
    qtbot.waitUntil(lambda: pane.report is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: pane.dock.table_data is not None, timeout=WAIT)


def error_title(pane: Pane) -> str:
    return pane.dock.error_page.title.text()


def test_run_a_report_end_to_end(qtbot, window: MainWindow, consent: Sandbox) -> None:
    channel_id = add_channel(qtbot, window, consent)
    assert window.switcher.currentData() == channel_id
    window.builder.set_query(DAILY)
    assert window.builder.query() is not None
    window.run_action.trigger()
    pane = window.runner.current
    assert pane is not None
    wait_report(qtbot, pane)
    assert pane.channel_id == channel_id
    assert pane.report.columns == ["day", "views", "likes"]
    assert pane.report.shape[0] == 28
    assert pane.dock.model.rowCount() >= 28
    assert consent.channels[channel_id].title in pane.dock.header.text()
    assert not window.central.isVisible()
    assert window.export_csv_action.isEnabled()
    logged = consent.log.entries(REPORTS)
    assert [entry.status for entry in logged] == [200]
    assert logged[0].query["metrics"] == ["views,likes"]


def test_panes_keep_the_channel_they_were_run_for(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    first = add_channel(qtbot, window, consent, 0)
    second = add_channel(qtbot, window, consent, 1)
    assert window.accounts.active == second
    window.accounts.set_active(first)
    one = run(qtbot, window, COUNTRIES)
    window.accounts.set_active(second)
    two = run(qtbot, window, COUNTRIES)
    wait_report(qtbot, one)
    wait_report(qtbot, two)
    assert one is not two
    assert (one.channel_id, two.channel_id) == (first, second)
    assert one.channel_title == consent.channels[first].title
    assert one.dock.objectName() != two.dock.objectName()
    assert window.tabifiedDockWidgets(one.dock) == [two.dock]


def test_run_replaces_the_current_pane_and_supersedes_the_old_run(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    add_channel(qtbot, window, consent)
    consent.faults.inject(REPORTS, delay=1.5)
    pane = run(qtbot, window, COUNTRIES)
    first_task = pane.task
    assert run(qtbot, window, DAILY) is pane
    assert first_task.cancelled
    wait_report(qtbot, pane)
    assert pane.report.columns[0] == "day"
    qtbot.wait(1700)  # the slow first answer arrives now and must be dropped
    assert pane.report.columns[0] == "day"
    assert len(window.runner.panes) == 1


def test_cancel_a_run(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    consent.faults.inject(REPORTS, delay=1.0)
    pane = run(qtbot, window, DAILY)
    assert pane.task is not None
    window.cancel_action.trigger()
    assert pane.task is None
    assert error_title(pane) == "Cancelled"
    qtbot.wait(1300)
    assert pane.report is None
    assert error_title(pane) == "Cancelled"


def test_closed_pane_drops_its_result(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    consent.faults.inject(REPORTS, delay=1.0)
    pane = run(qtbot, window, DAILY)
    qtbot.wait(300)  # the request is on its way, its answer delayed
    window.close_pane_action.trigger()
    assert pane.closed
    assert window.runner.panes == []
    qtbot.wait(1300)
    assert pane.report is None
    assert consent.log.count(REPORTS) == 1


def test_closed_pane_is_freed(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    shown = run(qtbot, window, COUNTRIES)
    wait_report(qtbot, shown)
    chart = shown.dock.chart
    qtbot.waitUntil(lambda: chart.items != [], timeout=WAIT)
    consent.faults.inject(REPORTS, delay=1.0)
    pane = run(qtbot, window, DAILY, new_pane=True)
    dock, task = pane.dock, pane.task
    qtbot.wait(300)  # the request is on its way, its answer delayed
    dock.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(dock)  # deleted, not only hidden
    assert window.runner.panes == [shown]
    assert window.runner.current is shown
    # The late result is dropped, and nothing is left holding the pane.
    assert task.cancelled
    qtbot.waitUntil(lambda: consent.log.count(REPORTS) == 2, timeout=WAIT)
    qtbot.wait(1200)
    assert pane.report is None
    alive = weakref.ref(pane)
    del pane, dock, task
    gc.collect()
    assert alive() is None
    # A pane that showed its report frees the report, its table and its chart too.
    holder, table = weakref.ref(shown), weakref.ref(shown.dock.table_data)
    window.close_pane_action.trigger()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    del shown
    gc.collect()
    assert (holder(), table()) == (None, None)
    assert window.runner.panes == []
    assert window.central.isVisible()


def test_tab_titles_are_short_with_the_full_one_as_tooltip(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    channel_id = add_channel(qtbot, window, consent)
    qtbot.waitUntil(lambda: bool(window.accounts.context(channel_id).videos), timeout=WAIT)
    context = window.accounts.context(channel_id)
    one = run(qtbot, window, COUNTRIES)
    short, full = pane_titles(COUNTRIES, context)
    start, end = COUNTRIES.start_date, COUNTRIES.end_date
    assert short.startswith("Geography · ")
    assert f"{end.day} {end:%b}" in short
    assert len(short) < len(full)
    assert len(short) <= 40
    assert one.dock.windowTitle() == short
    video_id, video = next(iter(context.videos.items()))
    retention = dataclasses.replace(
        COUNTRIES,
        dimensions=("elapsedVideoTimeRatio",),
        sort_options=(),
        max_results=0,
        metrics=("audienceWatchRatio",),
        filters={"video": video_id},
    )
    two = run(qtbot, window, retention, new_pane=True)
    wait_report(qtbot, two)
    assert video.title[:10] in two.dock.windowTitle()
    assert video.title in two.dock.full_title
    assert format_date(start) in two.dock.full_title
    assert video.title in two.dock.header.text()  # the pane says which video, too

    def tips() -> dict[str, str]:
        found = {}
        for bar in window.findChildren(QTabBar):
            for index in range(bar.count()):
                found[bar.tabText(index)] = bar.tabToolTip(index)
        return found

    qtbot.waitUntil(lambda: tips().get(short) == full, timeout=WAIT)
    assert tips()[two.dock.windowTitle()] == two.dock.full_title


def test_rate_limit_wait_is_shown_then_the_report(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    add_channel(qtbot, window, consent)
    consent.faults.inject(REPORTS, status=429, retry_after=1)
    pane = run(qtbot, window, DAILY)
    label = pane.dock.busy_page.label
    qtbot.waitUntil(lambda: "wait 1 s" in label.text(), timeout=WAIT)
    assert "429" in label.text()
    assert "again" in label.text()
    assert pane.dock.busy_page.isVisible()
    wait_report(qtbot, pane)
    assert [e.status for e in consent.log.entries(REPORTS)] == [429, 200]


def test_rate_limit_then_success(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    consent.faults.inject(REPORTS, status=429, retry_after=0)
    pane = run(qtbot, window, DAILY)
    wait_report(qtbot, pane)
    assert [e.status for e in consent.log.entries(REPORTS)] == [429, 200]


def test_rate_limit_that_persists(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    consent.faults.inject(REPORTS, status=429, retry_after=0, times=2)
    pane = run(qtbot, window, DAILY)
    qtbot.waitUntil(lambda: pane.task is None, timeout=WAIT)
    assert error_title(pane) == "Too many requests"
    assert "Quota exceeded" in pane.dock.error_page.text.text()
    assert "Wait" in pane.dock.error_page.hint.text()


def test_server_error(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    consent.faults.inject(REPORTS, status=500, times=2)  # every attempt fails
    pane = run(qtbot, window, DAILY)
    qtbot.waitUntil(lambda: pane.task is None, timeout=WAIT)
    assert error_title(pane) == "Google had a problem (500)"
    assert "Internal error encountered." in pane.dock.error_page.text.text()
    assert "again" in pane.dock.error_page.hint.text()
    pane.dock.rerun_requested.emit()  # Run again, now that Google is fine
    wait_report(qtbot, pane)


def test_revoked_token_asks_to_reconnect(
    qtbot, window: MainWindow, consent: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    channel_id = add_channel(qtbot, window, consent)
    saved = json.loads(memory_keyring.entries[(SERVICE, channel_id)])
    consent.grants.revoke(saved["refresh_token"])  # e.g. removed in the Google Account
    pane = run(qtbot, window, DAILY)
    qtbot.waitUntil(lambda: pane.task is None, timeout=WAIT)
    assert error_title(pane) == "Reconnect this channel"
    prompt = window.accounts.prompt
    assert prompt is not None
    assert prompt.isVisible()
    assert prompt.objectName() == "reconnectPrompt"
    assert "7 days" in prompt.informativeText()
    assert [e.status for e in consent.log.entries(REPORTS)] == [401]
    assert [e.status for e in consent.log.entries("/token")][-1] == 400


def test_sign_out_from_the_menu(
    qtbot, window: MainWindow, consent: Sandbox, memory_keyring: MemoryKeyring
) -> None:
    channel_id = add_channel(qtbot, window, consent)
    window.sign_out_action.trigger()
    box = window.sign_out_box
    button = accept_button(box)
    button.click()
    qtbot.waitUntil(lambda: (SERVICE, channel_id) not in memory_keyring.entries, timeout=WAIT)
    assert window.accounts.accounts == []
    assert not window.switcher.isEnabled()
    assert not window.sign_out_action.isEnabled()


def test_first_run_welcome_and_import(
    qtbot, tmp_path, sandbox: Sandbox, memory_keyring: MemoryKeyring, endpoints: Endpoints
) -> None:
    paths = AppPaths.under(tmp_path / "fresh")
    window = assemble(paths, store=TokenStore(), endpoints=endpoints).window
    qtbot.addWidget(window)
    assert window.central.currentWidget() is window.welcome
    assert not window.add_channel_action.isEnabled()
    # Nothing to build without a client: the welcome page gets the whole window.
    assert window.builder_dock.isHidden()
    web = tmp_path / "web.json"
    web.write_text(
        json.dumps(
            {
                "web": {
                    "client_id": "x",
                    "client_secret": "y",
                    "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                    "token_uri": "https://oauth2.googleapis.com/token",
                }
            }
        )
    )
    window.welcome.import_file(web)
    qtbot.waitUntil(lambda: "Desktop app" in window.welcome.message.text(), timeout=WAIT)
    assert not paths.secrets_file.exists()
    source = sandbox.write_secrets(tmp_path / "client_secret_1.json")
    with qtbot.waitSignal(window.welcome.secrets_imported, timeout=WAIT):
        window.welcome.import_file(source)
    assert paths.secrets_file.exists()
    assert window.client is not None
    assert window.central.currentWidget() is window.hint
    assert window.add_channel_action.isEnabled()
    assert not window.builder_dock.isHidden()


def test_the_builder_is_a_column_not_half_the_window(qtbot, window: MainWindow) -> None:
    window.resize(1440, 900)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.builder_dock.width() > 0)
    assert 380 <= window.builder_dock.width() <= 0.45 * window.width()


def test_layout_and_choices_persist(
    qtbot,
    paths: AppPaths,
    window: MainWindow,
    consent: Sandbox,
    memory_keyring: MemoryKeyring,
    transport: Transport,
) -> None:
    channel_id = add_channel(qtbot, window, consent)
    window.builder.set_query(COUNTRIES)
    window.removeDockWidget(window.builder_dock)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.builder_dock)
    window.builder_dock.show()
    builder_state = window.builder.to_settings()
    window.close()
    again = reopen(qtbot, paths, transport, window.endpoints)
    assert again.accounts.active == channel_id
    assert again.switcher.currentData() == channel_id
    assert again.builder.to_settings() == builder_state
    assert again.dockWidgetArea(again.builder_dock) == Qt.DockWidgetArea.RightDockWidgetArea


def test_menus_shortcuts_and_names(window: MainWindow) -> None:
    shortcuts = {
        window.new_report_action: QKeySequence(QKeySequence.StandardKey.New),
        window.run_action: QKeySequence("Ctrl+Return"),
        window.cancel_action: QKeySequence("Esc"),
        window.close_pane_action: QKeySequence(QKeySequence.StandardKey.Close),
        window.quit_action: QKeySequence(QKeySequence.StandardKey.Quit),
    }
    for action, key in shortcuts.items():
        assert action.shortcut() == key, action.text()
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "Report", "Channels", "View", "Help"]
    docks_and_bars = [*window.findChildren(QDockWidget), *window.findChildren(QToolBar)]
    names = [w.objectName() for w in docks_and_bars]
    assert all(names)
    assert len(names) == len(set(names))
    assert window.switcher.accessibleName() == "Active channel"
    window.show_about()
    text = window.about_box.informativeText()
    for part in ("analytix-desktop", "Qt ", "PySide6", "pyqtgraph", "Python"):
        assert part in text


@pytest.mark.usefixtures("no_keyring")
def test_no_keyring_in_the_window(qtbot, window: MainWindow, consent: Sandbox) -> None:
    window.add_channel_action.trigger()
    qtbot.waitUntil(lambda: window.accounts.prompt is not None, timeout=WAIT)
    prompt = window.accounts.prompt
    assert prompt.objectName() == "keyringPrompt"
    keep = accept_button(prompt)
    consent.consent.channel = consent.users[0].channel_ids[0]
    with qtbot.waitSignal(window.accounts.accounts_changed, timeout=WAIT):
        keep.click()
    pane = run(qtbot, window, DAILY)
    wait_report(qtbot, pane)
    window.show_about()
    assert "this session only" in window.about_box.informativeText()
