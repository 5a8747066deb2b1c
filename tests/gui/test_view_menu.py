"""View > Watch time in minutes: open reports follow at once, and the choice is kept."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from analytix_desktop.gui.formatting import set_watch_time_unit, watch_time_unit
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store import Settings

from .test_main_window import DAILY, add_channel, run, wait_report

WATCH = dataclasses.replace(DAILY, metrics=("views", "estimatedMinutesWatched"))


def header(pane, column: int) -> str:
    return str(pane.dock.model.headerData(column, Qt.Orientation.Horizontal))


def test_watch_time_in_hours_or_minutes(qtbot, window: MainWindow, consent: Sandbox) -> None:
    try:
        add_channel(qtbot, window, consent)
        pane = run(qtbot, window, WATCH)
        wait_report(qtbot, pane)
        minutes = pane.report.column("estimatedMinutesWatched")[0]
        assert header(pane, 2) == "Watch time (hours)"
        hours_text = pane.dock.model.index(0, 2).data()
        assert float(hours_text.replace(",", "")) == round(minutes / 60, 1)
        window.watch_minutes_action.trigger()
        assert watch_time_unit() == "minutes"
        assert header(pane, 2) == "Watch time (minutes)"
        assert pane.dock.model.index(0, 2).data() == f"{minutes:,}"
        window.close()
        assert Settings.load(window.paths.settings_file).watch_time_minutes
    finally:
        set_watch_time_unit("hours")
