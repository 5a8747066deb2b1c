"""Drill-down as a person does it: double-click a country, Enter on a device type; the
new pane asks Google for exactly that value over the same dates; the breadcrumb leads back."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from analytix_desktop.api import catalogue
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.sandbox import Sandbox

from .test_main_window import REPORTS, WAIT, add_channel, wait_report

END = dt.date.today() - dt.timedelta(days=5)
START = END - dt.timedelta(days=20)


def run_pane(qtbot, window: MainWindow, query: catalogue.Query):  # type: ignore[no-untyped-def]
    window.builder.set_query(query)
    qtbot.mouseClick(window.builder.run_button, Qt.MouseButton.LeftButton)
    pane = window.runner.current
    assert pane is not None
    wait_report(qtbot, pane)
    qtbot.waitUntil(pane.dock.view.isVisible, timeout=WAIT)  # the report page, not busy
    return pane


def row_of(pane, column: int, text: str) -> int:  # type: ignore[no-untyped-def]
    model = pane.dock.model
    return next(r for r in range(model.rowCount()) if model.index(r, column).data() == text)


def test_double_click_a_country_then_back(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    countries = catalogue.Query(
        dimensions=("country",),
        metrics=("views", "estimatedMinutesWatched"),
        sort_options=("-views",),
        start_date=START,
        end_date=END,
        max_results=10,
    )
    parent = run_pane(qtbot, window, countries)
    row = row_of(parent, 0, "United States")
    view = parent.dock.view
    consent.log.clear()
    rect = view.visualRect(parent.dock.model.index(row, 1))
    # A double-click as Qt sees one from a person: a press and release, then the second.
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.runner.current is not parent, timeout=WAIT)
    child = window.runner.current
    assert child is not None
    wait_report(qtbot, child)
    [asked] = consent.log.entries(REPORTS)
    assert asked.query["filters"] == ["country==US"]
    assert asked.query["dimensions"] == ["day"]
    assert (asked.query["startDate"], asked.query["endDate"]) == (
        [START.isoformat()],
        [END.isoformat()],
    )
    assert child.report.shape[0] == (END - START).days + 1
    crumb = child.dock.breadcrumb
    qtbot.waitUntil(crumb.isVisible, timeout=WAIT)  # once the report page shows
    assert crumb.text().endswith("› United States")
    assert parent.dock.windowTitle() in crumb.text()
    # The breadcrumb's link brings the country report back to the front.
    crumb.linkActivated.emit(parent.dock.objectName())
    qtbot.waitUntil(lambda: window.runner.current is parent, timeout=WAIT)


def test_enter_on_a_device_type_shows_its_operating_systems(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    add_channel(qtbot, window, consent)
    devices = catalogue.Query(
        dimensions=("deviceType",),
        metrics=("views", "estimatedMinutesWatched"),
        sort_options=("-views",),
        start_date=START,
        end_date=END,
    )
    parent = run_pane(qtbot, window, devices)
    row = row_of(parent, 0, "Mobile phone")
    view = parent.dock.view
    view.setFocus()
    view.setCurrentIndex(parent.dock.model.index(row, 0))
    consent.log.clear()
    QTest.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.runner.current is not parent, timeout=WAIT)
    child = window.runner.current
    wait_report(qtbot, child)
    [asked] = consent.log.entries(REPORTS)
    assert asked.query["dimensions"] == ["operatingSystem"]
    assert asked.query["filters"] == ["deviceType==MOBILE"]
    assert asked.query["metrics"] == ["views,estimatedMinutesWatched"]

    # The total row drills into nothing, and says so.
    total = parent.dock.model.rowCount() - 1
    consent.log.clear()
    panes = len(window.runner.panes)
    window.drilling.drill(parent, parent.dock.model.index(total, 0))
    assert len(window.runner.panes) == panes
    assert "total row" in window.statusBar().currentMessage()
    assert consent.log.entries(REPORTS) == []
