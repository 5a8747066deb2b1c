"""Workspaces: the open panes and the window layout saved under a name in the real store,
reopened from File > Open workspace, replaced and deleted, against the sandbox."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from analytix_desktop.gui.main_window import STATE_VERSION, MainWindow
from analytix_desktop.gui.workspaces import Workspaces, install_workspaces
from analytix_desktop.sandbox import Sandbox

from .conftest import accept_button
from .test_main_window import COUNTRIES, DAILY, REPORTS, WAIT, add_channel, wait_report
from .test_panes import activate


def workspaces_of(window: MainWindow) -> Workspaces:
    return install_workspaces(window, STATE_VERSION)


def save_as(qtbot, window: MainWindow, workspaces: Workspaces, name: str) -> None:
    """File > Save workspace…, type ``name``, press Enter."""
    activate(qtbot, window)
    workspaces.save_action.trigger()
    field = workspaces.name_field()
    assert field is not None
    QTest.keyClicks(field, name)
    QTest.keyClick(field, Qt.Key.Key_Return)


def status_messages(window: MainWindow) -> list[str]:
    """Every status bar message from now on (a later one soon replaces each)."""
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)
    return shown


def menu_entries(workspaces: Workspaces) -> list[str]:
    return [a.text() for a in workspaces.open_menu.actions() if a.text() and not a.menu()]


def test_save_and_reopen_a_workspace(qtbot, window: MainWindow, consent: Sandbox) -> None:
    channel_id = add_channel(qtbot, window, consent)
    workspaces = workspaces_of(window)
    assert workspaces.open_menu.menuAction() in window.file_menu.actions()
    assert menu_entries(workspaces) == ["No saved workspaces"]
    window.run_query(DAILY)
    window.run_query_in_new_pane(COUNTRIES)
    for pane in window.runner.panes:
        wait_report(qtbot, pane)
    window.builder_dock.hide()  # part of the layout the workspace keeps
    save_as(qtbot, window, workspaces, "Weekly check")
    store = window.services.reports
    qtbot.waitUntil(lambda: store.workspaces() == ["Weekly check"], timeout=WAIT)
    state = store.workspace("Weekly check")
    assert [p["channel"] for p in state["panes"]] == [channel_id, channel_id]
    qtbot.waitUntil(lambda: menu_entries(workspaces) == ["Weekly check"], timeout=WAIT)

    # Another arrangement: one other pane, the builder shown.
    window.runner.close_all()
    window.builder_dock.show()
    window.run_query_in_new_pane(DAILY)
    wait_report(qtbot, window.runner.current)
    consent.log.clear()
    shown = status_messages(window)
    (entry,) = [a for a in workspaces.open_menu.actions() if a.text() == "Weekly check"]
    entry.trigger()
    qtbot.waitUntil(lambda: len(window.runner.panes) == 2, timeout=WAIT)
    for pane in window.runner.panes:
        wait_report(qtbot, pane)
    assert [p.query for p in window.runner.panes] == [DAILY, COUNTRIES]
    assert [p.dock.objectName() for p in window.runner.panes] == ["report-1", "report-2"]
    assert window.builder_dock.isHidden()
    assert "Opened the workspace “Weekly check”." in shown
    # Both reports were fetched within the hour: the local store serves them.
    assert consent.log.count(REPORTS) == 0


def test_replace_and_delete_a_workspace(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    workspaces = workspaces_of(window)
    window.run_query(DAILY)
    wait_report(qtbot, window.runner.current)
    store = window.services.reports
    save_as(qtbot, window, workspaces, "Mine")
    qtbot.waitUntil(lambda: menu_entries(workspaces) == ["Mine"], timeout=WAIT)
    window.run_query_in_new_pane(COUNTRIES)
    wait_report(qtbot, window.runner.current)
    save_as(qtbot, window, workspaces, "mine")
    box = workspaces.prompt
    assert box is not None
    assert box.objectName() == "replaceWorkspacePrompt"
    assert "“Mine”" in box.text()
    qtbot.mouseClick(accept_button(box), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(store.workspace("Mine")["panes"]) == 2, timeout=WAIT)
    assert store.workspaces() == ["Mine"]
    # Delete workspace ▸ Mine, confirmed.
    (entry,) = workspaces.delete_menu.actions()
    entry.trigger()
    box = workspaces.prompt
    assert box.objectName() == "deleteWorkspacePrompt"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert store.workspaces() == ["Mine"]
    entry.trigger()
    qtbot.mouseClick(accept_button(workspaces.prompt), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: menu_entries(workspaces) == ["No saved workspaces"], timeout=WAIT)
    assert store.workspaces() == []
    assert len(window.runner.panes) == 2  # open panes stay


def test_a_malformed_workspace_changes_nothing(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    workspaces = workspaces_of(window)
    window.run_query(DAILY)
    pane = window.runner.current
    wait_report(qtbot, pane)
    window.services.reports.save_workspace("Future", {"version": 99, "panes": []})
    workspaces.reload()
    qtbot.waitUntil(lambda: menu_entries(workspaces) == ["Future"], timeout=WAIT)
    shown = status_messages(window)
    (entry,) = [a for a in workspaces.open_menu.actions() if a.text() == "Future"]
    entry.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT)
    assert shown == [
        "The workspace “Future” could not be opened: it was saved by another version of the app."
    ]
    assert window.runner.panes == [pane]
