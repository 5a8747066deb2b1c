"""The Content dock used as a person would: View > Content lists every upload with the
sandbox's own figures, typing searches titles, a header click sorts by number, and a
double-click (or Enter) on a video opens Studio's per-video set as panes."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from analytix_desktop.core.content import BATCH_SIZE
from analytix_desktop.core.ranges import last_data_day, preset_range
from analytix_desktop.gui.content_dock import ContentView, install_content_view
from analytix_desktop.gui.content_model import AVERAGE, SORT_ROLE, TYPE, VIEWS
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.sandbox import Sandbox
from tests.sandbox_answers import sandbox_report

from .test_main_window import REPORTS, WAIT, add_channel

PER_VIDEO = ["day", "elapsedVideoTimeRatio", "insightTrafficSourceType", "country", "deviceType"]


def open_content(qtbot, window: MainWindow, sandbox: Sandbox) -> ContentView:
    add_channel(qtbot, window, sandbox)
    qtbot.waitUntil(lambda: bool(window.accounts.active_context().videos), timeout=WAIT)
    content = install_content_view(window)
    sandbox.log.clear()
    assert content.show_action is not None
    content.show_action.trigger()
    qtbot.waitUntil(content.dock.isVisible, timeout=WAIT)
    qtbot.waitUntil(lambda: content.task is None and bool(content.model.figures), timeout=WAIT)
    return content


def column(content: ContentView, number: int) -> list:
    proxy = content.dock.proxy
    return [proxy.index(row, number).data(SORT_ROLE) for row in range(proxy.rowCount())]


def test_every_upload_with_the_sandboxs_figures_searchable_and_sortable(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    content = open_content(qtbot, window, consent)
    context = window.accounts.active_context()
    videos = list(context.videos.values())
    dock = content.dock
    assert dock.proxy.rowCount() == len(videos)
    assert consent.log.count(REPORTS) == math.ceil(len(videos) / BATCH_SIZE)
    start, end = preset_range("last28")
    answer = sandbox_report(
        consent, context.channel_id, dimensions="video", metrics="views,likes",
        sort="-views", maxResults="5", startDate=start.isoformat(), endDate=end.isoformat(),
    )  # fmt: skip
    for video_id, views, likes in answer["rows"]:
        figures = content.model.figures[video_id]
        assert (figures.views, figures.likes) == (views, likes)
    assert "Last 28 days" in dock.message.text()
    assert dock.model.headerData(TYPE, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "60 seconds" in dock.model.headerData(
        TYPE, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )

    word = videos[0].title.split()[0]
    qtbot.mouseClick(dock.search, Qt.MouseButton.LeftButton)
    QTest.keyClicks(dock.search, word.upper())
    expected = sum(word.casefold() in video.title.casefold() for video in videos)
    assert 0 < dock.proxy.rowCount() == expected < len(videos)
    dock.search.clear()
    assert dock.proxy.rowCount() == len(videos)

    header = dock.view.horizontalHeader()
    for number in (VIEWS, AVERAGE):
        at = QPoint(header.sectionViewportPosition(number) + 5, header.height() // 2)
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
        values = column(content, number)
        assert values in (sorted(values), sorted(values, reverse=True))
        assert len(set(values)) > 10  # numbers of many sizes, in numeric order


def per_video_requests(sandbox: Sandbox, video_id: str) -> dict[str, tuple[str, str]]:
    asked = {}
    for entry in sandbox.log.entries(REPORTS):
        if entry.query.get("filters") == [f"video=={video_id}"]:
            dates = (entry.query["startDate"][0], entry.query["endDate"][0])
            asked[entry.query["dimensions"][0]] = dates
    return asked


def test_a_video_opens_studios_per_video_set(qtbot, window: MainWindow, consent: Sandbox) -> None:
    content = open_content(qtbot, window, consent)
    dock = content.dock
    view = dock.view
    panes_before = len(window.runner.panes)
    first = view.model().index(0, 0)
    video = content.model.videos[dock.proxy.mapToSource(first).row()]
    center = view.visualRect(first).center()
    # A double-click as Qt's test events make one: a click, then the second press.
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.waitUntil(lambda: len(window.runner.panes) == panes_before + 5, timeout=WAIT)
    qtbot.waitUntil(lambda: all(p.task is None for p in window.runner.panes), timeout=WAIT)
    start, end = preset_range("last28")
    assert per_video_requests(consent, video.id) == {
        dimension: (start.isoformat(), end.isoformat()) for dimension in PER_VIDEO
    }

    # "Since published", then Enter on another video: from its own publish day.
    dock.range.setCurrentIndex(dock.range.findData("since_published"))
    qtbot.waitUntil(lambda: content.task is None, timeout=WAIT)
    second = dock.proxy.index(1, 0)
    other = content.model.videos[dock.proxy.mapToSource(second).row()]
    view.setFocus()
    view.setCurrentIndex(second)
    QTest.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.runner.panes) == panes_before + 10, timeout=WAIT)
    qtbot.waitUntil(lambda: all(p.task is None for p in window.runner.panes), timeout=WAIT)
    assert other.published is not None
    newest = last_data_day().isoformat()
    assert per_video_requests(consent, other.id) == {
        dimension: (other.published.isoformat(), newest) for dimension in PER_VIDEO
    }
    retention = next(
        pane
        for pane in window.runner.panes
        if pane.query is not None
        and pane.query.dimensions == ("elapsedVideoTimeRatio",)
        and pane.query.filters == {"video": other.id}
    )
    assert retention.report is not None


def test_cancel_stops_the_fetch_and_keeps_the_figures_shown(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    content = open_content(qtbot, window, consent)
    dock = content.dock
    shown = content.model.figures
    consent.faults.inject(REPORTS, delay=1.5)
    dock.range.setFocus()
    QTest.keyClick(dock.range, Qt.Key.Key_Down)  # Last 28 days -> Last 90 days
    assert dock.range.currentText() == "Last 90 days"
    qtbot.waitUntil(dock.cancel.isVisible, timeout=WAIT)
    task = content.task
    qtbot.mouseClick(dock.cancel, Qt.MouseButton.LeftButton)
    assert task is not None
    assert task.cancelled
    assert dock.message.text() == "Cancelled."
    assert not dock.progress.isVisible()
    assert task.wait_finished(WAIT / 1000)
    qtbot.wait(100)
    assert content.model.figures is shown
