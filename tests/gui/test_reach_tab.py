"""The builder's Reach tab, used as a person would: the start-up sync downloads the
channel's daily reach reports from the sandbox, then a click on Reach, "Video" or
"Traffic source" chosen by keyboard, a range typed, Run: the pane's impressions and
click-through rates equal the sums over the sandbox's own CSVs for that range. The By
and range chosen are there again after a restart."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from PySide6.QtCore import Qt

from analytix_desktop.api import catalogue
from analytix_desktop.api.bulk_codes import traffic_source_name
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.transport import Transport
from analytix_desktop.core.ranges import CUSTOM
from analytix_desktop.gui.formatting import format_count, format_percent
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.gui.report_view.model import ReportTableModel
from analytix_desktop.gui.runner import Pane
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store import AppPaths

from .reach_support import (
    ALEX,
    add_synced_channel,
    click_reach_tab,
    local_moment,
    own_sandbox,  # noqa: F401 - the fixture named sandbox, in this module
    reach_sums,
    sync_on_start,  # noqa: F401 - the fixture named reach_sync_on_start, in this module
    type_range,
)
from .test_main_window import WAIT, reopen, wait_report


def _headers(model: ReportTableModel) -> list[str]:
    return [
        str(model.headerData(column, Qt.Orientation.Horizontal))
        for column in range(model.columnCount())
    ]


def _rows(model: ReportTableModel) -> dict[str, dict[str, str]]:
    """The table's rows by their first cell, each as header -> text (no total row)."""
    headers = _headers(model)
    rows = {}
    for row in range(model.rowCount()):
        cells = [str(model.data(model.index(row, c))) for c in range(model.columnCount())]
        rows[cells[0]] = dict(zip(headers, cells, strict=True))
    return rows


def _media(sandbox: Sandbox) -> int:
    return sum(1 for entry in sandbox.log.entries() if entry.path.startswith("/v1/media/"))


def _choose_by(qtbot, window: MainWindow, title: str) -> None:
    """Choose "By" with the arrow keys, as a person would."""
    by = window.builder.reach.by
    by.setFocus()
    qtbot.keyClick(by, Qt.Key.Key_Home)
    for _ in range(by.count()):
        if by.currentText() == title:
            return
        qtbot.keyClick(by, Qt.Key.Key_Down)
    assert by.currentText() == title


def _run(qtbot, window: MainWindow) -> Pane:
    before = list(window.runner.panes)
    qtbot.mouseClick(window.builder.reach.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.runner.panes) > len(before), timeout=WAIT)
    pane = window.runner.panes[-1]
    wait_report(qtbot, pane)
    return pane


def test_reach_by_video_and_by_traffic_source_match_the_sandbox_csvs(
    qtbot, window: MainWindow, sandbox: Sandbox
) -> None:
    channel = add_synced_channel(qtbot, window, sandbox, ALEX)
    assert sandbox.log.count() > 0
    assert _media(sandbox) > 30  # the start-up sync downloaded the daily reports

    click_reach_tab(qtbot, window)
    form = window.builder.reach
    assert form.coverage.text().startswith("Reach data on this computer: ")
    synced = window.reach.states[channel].last_synced
    assert synced is not None
    assert form.coverage.text().endswith(f" Last synced {local_moment(synced, 'd MMM HH:mm')}.")
    assert form.turn_on.isHidden()  # the channel's jobs exist
    today = dt.date.today()
    start, end = today - dt.timedelta(days=24), today - dt.timedelta(days=10)
    type_range(qtbot, window, start, end)
    _choose_by(qtbot, window, "Video")
    pane = _run(qtbot, window)

    expected, days = reach_sums(sandbox, channel, "channel_reach_basic_a1", "video_id", start, end)
    assert days == 15  # every day of the range is published and was downloaded
    context = window.accounts.context(channel)
    assert context is not None
    rows = _rows(pane.dock.model)
    assert "Impressions" in _headers(pane.dock.model)
    assert "Impressions click-through rate" in _headers(pane.dock.model)
    for video, (impressions, clicks) in expected.items():
        title = context.name_of("video", video) or video
        row = rows[title]
        assert row["Impressions"] == format_count(impressions)
        ctr = clicks / impressions if impressions else 0.0
        assert row["Impressions click-through rate"] == format_percent(
            ctr, fraction=True, decimals=2
        )
    total = rows["Total"]
    all_impressions = sum(i for i, _ in expected.values())
    all_clicks = math.fsum(c for _, c in expected.values())
    assert total["Impressions"] == format_count(all_impressions)
    assert total["Impressions click-through rate"] == format_percent(
        all_clicks / all_impressions, fraction=True, decimals=2
    )
    note = pane.dock.provenance.text()
    assert "Reach data for 15 of 15 days" in note
    assert "Views:" in note
    assert pane.dock.windowTitle().startswith("Reach by video")

    _choose_by(qtbot, window, "Traffic source")
    by_source = _run(qtbot, window)
    sources, _ = reach_sums(
        sandbox, channel, "channel_reach_combined_a1", "traffic_source_type", start, end
    )
    rows = _rows(by_source.dock.model)
    assert len(rows) == len(sources) + 1  # and the total
    labels = catalogue.VALUE_LABELS["insightTrafficSourceType"]
    for code, (impressions, clicks) in sources.items():
        name = traffic_source_name(int(code))
        row = rows[labels.get(name, name)]
        assert row["Impressions"] == format_count(impressions)
        assert row["Impressions click-through rate"] == format_percent(
            clicks / impressions if impressions else 0.0, fraction=True, decimals=2
        )
        assert row["Views from impressions"] == format_count(clicks)
    assert rows["Total"]["Impressions"] == format_count(all_impressions)  # the same days

    # Refresh syncs the channel (nothing new: nothing downloaded) and reads the store again.
    shown, media = by_source.report, _media(sandbox)
    qtbot.mouseClick(by_source.dock.rerun_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: by_source.report is not shown, timeout=WAIT)
    wait_report(qtbot, by_source)
    assert _media(sandbox) == media
    assert _rows(by_source.dock.model)["Total"]["Impressions"] == format_count(all_impressions)


@pytest.mark.parametrize("reach_sync_on_start", [False])
def test_the_reach_tabs_by_and_range_are_kept_across_a_restart(
    qtbot, window: MainWindow, paths: AppPaths, transport: Transport, endpoints: Endpoints
) -> None:
    click_reach_tab(qtbot, window)
    today = dt.date.today()
    start, end = today - dt.timedelta(days=40), today - dt.timedelta(days=3)
    type_range(qtbot, window, start, end)
    _choose_by(qtbot, window, "Traffic source")
    window.close()

    again = reopen(qtbot, paths, transport, endpoints)
    again.show()
    form = again.builder.reach
    assert form.by.currentText() == "Traffic source"
    assert form.dates.preset_key() == CUSTOM
    assert form.dates.dates() == (start, end)
