"""Saved reports end to end: Save report… (Ctrl+S), the Saved dock's run, rename, duplicate,
delete, export and import, against the sandbox and a real SQLite store under tmp_path."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QToolButton

from analytix_desktop.core.definitions import ReportDefinition, read_definitions
from analytix_desktop.core.ranges import preset_range, utc_today
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.gui.saved_model import NAME
from analytix_desktop.gui.saved_reports import SavedReports, install_saved_reports, unique_name
from analytix_desktop.sandbox import Sandbox

from .conftest import accept_button
from .test_main_window import DAILY, REPORTS, WAIT, add_channel, wait_report
from .test_panes import activate

DAILY_DEFINITION = {
    "name": "Daily views",
    "dimensions": ["day"],
    "metrics": ["views", "likes"],
    "filters": {},
    "sort": ["day"],
    "max_results": 0,
    "range": "last_28_days",
    "currency": "USD",
}
# Names Google knows, in a combination no report type takes: a US state without the US.
REFUSED_DEFINITION = {**DAILY_DEFINITION, "name": "Refused", "filters": {"province": "US-CA"}}


def saved_dock(qtbot, window: MainWindow) -> SavedReports:
    saved = install_saved_reports(window)
    saved.dock.show()
    activate(qtbot, window)
    return saved


def store_names(window: MainWindow) -> list[str]:
    return [s.name for s in window.services.reports.saved_reports()]


def reload(qtbot, saved: SavedReports, rows: int) -> None:
    saved.reload()
    qtbot.waitUntil(lambda: saved.model.rowCount() == rows, timeout=WAIT)


def click_row(saved: SavedReports, row: int, *, double: bool = False) -> None:
    view = saved.dock.view
    point = view.visualRect(saved.model.index(row, NAME)).center()
    click = QTest.mouseDClick if double else QTest.mouseClick
    if double:
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    click(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def fill_save_dialog(qtbot, window: MainWindow, saved: SavedReports, name: str) -> None:
    """Ctrl+S, then type ``name`` over the suggested one."""
    activate(qtbot, window)
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    dialog = saved.dialog
    assert dialog is not None
    assert dialog.isVisible()
    QTest.keyClick(dialog.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(dialog.name, name)
    assert dialog.name.text() == name


def request_dates(sandbox: Sandbox) -> list[tuple[dt.date, dt.date]]:
    return [
        (
            dt.date.fromisoformat(e.query["startDate"][0]),
            dt.date.fromisoformat(e.query["endDate"][0]),
        )
        for e in sandbox.log.entries(REPORTS)
    ]


def test_save_a_relative_report_then_run_it_for_todays_last_28_days(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    channel_id = add_channel(qtbot, window, consent)
    saved = saved_dock(qtbot, window)
    window.builder.set_query(DAILY)
    window.builder.dates.set_preset("last28")
    fill_save_dialog(qtbot, window, saved, "Daily views")
    dialog = saved.dialog
    assert dialog.relative.isChecked()
    assert "Last 28 days" in dialog.relative.text()
    assert dialog.this_channel.isChecked()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: saved.model.rowCount() == 1, timeout=WAIT)
    (stored,) = window.services.reports.saved_reports()
    assert (stored.name, stored.channel_id) == ("Daily views", channel_id)
    assert stored.definition["range"] == "last_28_days"
    assert saved.model.index(0, 1).data() == consent.channels[channel_id].title
    assert saved.model.index(0, 2).data() == "Last 28 days"
    assert saved.model.index(0, 3).data().endswith("Views, Likes")
    # Saving fetched nothing; a double-click runs it, dated as of today, in a new pane.
    assert consent.log.count(REPORTS) == 0
    click_row(saved, 0, double=True)
    pane = window.runner.current
    assert pane is not None
    assert pane.channel_id == channel_id
    wait_report(qtbot, pane)
    assert request_dates(consent) == [preset_range("last28", utc_today())]
    sent = consent.log.entries(REPORTS)[0].query
    assert sent["metrics"] == ["views,likes"]
    assert sent["dimensions"] == ["day"]


def test_custom_dates_are_saved_as_fixed_dates(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    saved = saved_dock(qtbot, window)
    window.builder.set_query(DAILY)  # its own dates: a custom range
    fill_save_dialog(qtbot, window, saved, "March")
    dialog = saved.dialog
    assert not dialog.relative.isEnabled()
    assert dialog.fixed.isChecked()
    qtbot.mouseClick(dialog.any_channel, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: saved.model.rowCount() == 1, timeout=WAIT)
    (stored,) = window.services.reports.saved_reports()
    assert stored.channel_id is None
    assert stored.definition["range"] == {
        "start": DAILY.start_date.isoformat(),
        "end": DAILY.end_date.isoformat(),
    }
    assert saved.model.index(0, 1).data() == "Any channel"


def test_a_taken_name_keeps_the_dialog_open(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    saved = saved_dock(qtbot, window)
    window.builder.set_query(DAILY)
    fill_save_dialog(qtbot, window, saved, "Weekly")
    qtbot.mouseClick(saved.dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: saved.model.rowCount() == 1, timeout=WAIT)
    fill_save_dialog(qtbot, window, saved, "weekly")
    dialog = saved.dialog
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.problem.isVisible(), timeout=WAIT)
    assert "already a saved report named “weekly”" in dialog.problem.text()
    assert dialog.isVisible()
    QTest.keyClicks(dialog.name, " 2")
    assert not dialog.problem.isVisible()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: saved.model.rowCount() == 2, timeout=WAIT)
    assert store_names(window) == ["Weekly", "weekly 2"]


def test_an_invalid_builder_query_is_not_saved(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    saved = saved_dock(qtbot, window)
    window.builder.set_query(dataclasses.replace(DAILY, filters={"province": "US-CA"}))
    assert window.builder.query() is None
    activate(qtbot, window)
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved.dialog is None
    box = saved.prompt
    assert isinstance(box, QMessageBox)
    assert box.objectName() == "saveRefused"
    why = window.builder.status.text().removeprefix("✗ ")
    assert box.text() == f"This report cannot be saved: {why}"
    assert "Likes" in why
    box.close()
    assert window.services.reports.saved_reports() == []


def test_a_refused_saved_report_makes_no_request(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    add_channel(qtbot, window, consent)
    saved = saved_dock(qtbot, window)
    window.services.reports.save_report("Refused", REFUSED_DEFINITION)
    reload(qtbot, saved, 1)
    click_row(saved, 0)
    saved.dock.run_action.trigger()
    assert saved.dock.message.text().startswith("“Refused” cannot run: Metric “Likes”")
    assert window.runner.panes == []
    qtbot.wait(300)  # nothing is on its way either
    assert consent.log.count(REPORTS) == 0


def test_a_report_of_a_channel_no_longer_connected_does_not_run(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    add_channel(qtbot, window, consent)
    saved = saved_dock(qtbot, window)
    window.services.reports.save_report("Elsewhere", DAILY_DEFINITION, channel_id="UCgone")
    reload(qtbot, saved, 1)
    assert saved.model.index(0, 1).data() == "UCgone (not connected)"
    view = saved.dock.view
    view.customContextMenuRequested.emit(view.visualRect(saved.model.index(0, NAME)).center())
    menu = saved.dock.menu
    assert menu is not None
    assert [a.text() for a in menu.actions() if a.text()] == [
        "&Run",
        "Re&name",
        "&Duplicate",
        "&Delete…",
        "&Export…",
        "&Import…",
    ]
    menu.actions()[0].trigger()
    assert "no longer connected" in saved.dock.message.text()
    assert window.runner.panes == []
    assert consent.log.count(REPORTS) == 0


def test_an_any_channel_report_runs_for_the_active_channel(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    add_channel(qtbot, window, consent, 0)
    second = add_channel(qtbot, window, consent, 1)
    saved = saved_dock(qtbot, window)
    window.services.reports.save_report("Daily views", DAILY_DEFINITION)
    reload(qtbot, saved, 1)
    click_row(saved, 0)
    QTest.keyClick(saved.dock.view, Qt.Key.Key_Return)
    pane = window.runner.current
    assert pane is not None
    assert pane.channel_id == second
    wait_report(qtbot, pane)
    assert request_dates(consent) == [preset_range("last28", utc_today())]


def test_rename_duplicate_and_delete_with_the_keyboard(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    add_channel(qtbot, window, consent)
    saved = saved_dock(qtbot, window)
    window.services.reports.save_report("Daily views", DAILY_DEFINITION)
    window.services.reports.save_report("Other", {**DAILY_DEFINITION, "name": "Other"})
    reload(qtbot, saved, 2)
    view = saved.dock.view
    click_row(saved, 0)
    QTest.keyClick(view, Qt.Key.Key_F2)
    editor = view.findChild(QLineEdit)
    assert editor is not None
    assert editor.text() == "Daily views"
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(editor, "28 days")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: store_names(window) == ["28 days", "Other"], timeout=WAIT)
    (renamed,) = window.services.reports.saved_by_name("28 days")
    assert renamed.definition["name"] == "28 days"
    qtbot.waitUntil(lambda: saved.model.index(0, NAME).data() == "28 days", timeout=WAIT)
    # A name already taken is refused, and said so.
    click_row(saved, 0)
    QTest.keyClick(view, Qt.Key.Key_F2)
    editor = view.findChild(QLineEdit)
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(editor, "other")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "already" in saved.dock.message.text(), timeout=WAIT)
    assert store_names(window) == ["28 days", "Other"]
    # Duplicate, by its button.
    click_row(saved, 0)
    (duplicate,) = [
        b
        for b in saved.dock.findChildren(QToolButton)
        if b.defaultAction() is saved.dock.duplicate_action
    ]
    qtbot.mouseClick(duplicate, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: saved.model.rowCount() == 3, timeout=WAIT)
    (copy,) = window.services.reports.saved_by_name("28 days (copy)")
    assert copy.definition == {**renamed.definition, "name": "28 days (copy)"}
    # Delete asks first; Cancel keeps it, Delete deletes it.
    click_row(saved, 1)
    assert saved.dock.current().saved.name == "28 days (copy)"
    activate(qtbot, window)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Delete)
    box = saved.prompt
    assert box is not None
    assert box.objectName() == "deleteSavedPrompt"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert len(store_names(window)) == 3
    QTest.keyClick(view, Qt.Key.Key_Delete)
    box = saved.prompt
    qtbot.mouseClick(accept_button(box), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: saved.model.rowCount() == 2, timeout=WAIT)
    assert store_names(window) == ["28 days", "Other"]


def test_export_then_import_round_trips(
    qtbot, window: MainWindow, consent: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    channel_id = add_channel(qtbot, window, consent)
    saved = saved_dock(qtbot, window)
    fixed = {
        **DAILY_DEFINITION,
        "name": "March",
        "range": {"start": "2026-03-01", "end": "2026-03-31"},
        "channel": channel_id,
    }
    store = window.services.reports
    store.save_report("Daily views", DAILY_DEFINITION)
    store.save_report("March", fixed, channel_id=channel_id)
    reload(qtbot, saved, 2)
    assert saved.model.index(1, 2).data().count("2026") == 2
    target = tmp_path / "shared" / "definitions"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    saved.dock.export_action.trigger()
    exported = target.with_suffix(".json")
    qtbot.waitUntil(lambda: "Exported 2 saved reports" in saved.dock.message.text(), timeout=WAIT)
    definitions = read_definitions(exported)
    assert [d.to_json() for d in definitions] == [DAILY_DEFINITION, fixed]
    assert json.loads(exported.read_text(encoding="utf-8"))[1]["channel"] == channel_id
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(exported), ""))
    saved.dock.import_action.trigger()
    qtbot.waitUntil(lambda: saved.model.rowCount() == 4, timeout=WAIT)
    assert store_names(window) == ["Daily views", "Daily views (2)", "March", "March (2)"]
    (copy,) = store.saved_by_name("March (2)")
    assert copy.channel_id == channel_id
    assert ReportDefinition.from_json(copy.definition) == dataclasses.replace(
        definitions[1], name="March (2)"
    )


def test_an_invalid_file_imports_nothing_and_names_the_field(
    qtbot, window: MainWindow, consent: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = saved_dock(qtbot, window)
    source = tmp_path / "bad.json"
    bad = {**DAILY_DEFINITION, "name": "Typo", "metrics": ["vews"]}
    source.write_text(json.dumps([DAILY_DEFINITION, bad]), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(source), ""))
    saved.dock.import_action.trigger()
    qtbot.waitUntil(lambda: saved.prompt is not None, timeout=WAIT)
    box = saved.prompt
    assert box.objectName() == "importRefused"
    assert "Nothing was imported" in box.text()
    assert "definition 2" in box.text()
    assert "metrics" in box.text()
    assert "vews" in box.text()
    assert window.services.reports.saved_reports() == []


def test_unique_names() -> None:
    taken = {"daily", "daily (2)"}
    assert unique_name("Daily", taken) == "Daily (3)"
    assert unique_name("Weekly", taken) == "Weekly"
