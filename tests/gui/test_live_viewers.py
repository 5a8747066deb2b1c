"""The Live viewers tab: it starts on the newest live stream and offers only live streams."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from analytix_desktop.core.context import ChannelContext, NamedItem
from analytix_desktop.gui.builder import ReportBuilder
from analytix_desktop.gui.formatting import format_date
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.sandbox import Sandbox

from .test_fidelity import click_tab, sent
from .test_main_window import WAIT, add_channel, wait_report
from .test_pickers import click_row, open_popup, picker_of, rows

READONLY = "https://www.googleapis.com/auth/yt-analytics.readonly"
NO_LIVE = "This channel has no live streams among its uploads"
# Newest first, as the uploads playlist lists them (and fetch_context keeps them).
UPLOADS = {
    "vidUpload001": NamedItem("vidUpload001", "Weeknight pasta", published=dt.date(2024, 6, 3)),
    "vidLive00001": NamedItem(
        "vidLive00001", "Sunday bake-along", published=dt.date(2024, 5, 26), live=True
    ),
    "vidUpload002": NamedItem("vidUpload002", "Cast iron care", published=dt.date(2024, 5, 20)),
    "vidLive00002": NamedItem(
        "vidLive00002", "Ramen night Q&A", published=dt.date(2024, 4, 14), live=True
    ),
}


def builder_for(qtbot: Any, videos: dict[str, NamedItem]) -> ReportBuilder:
    builder = ReportBuilder()
    qtbot.addWidget(builder)
    builder.set_channel(
        ChannelContext("UCkitchen", "Kitchen", scopes=frozenset({READONLY}), videos=dict(videos))
    )
    builder.resize(1800, 900)  # every tab in view, to be clicked
    builder.show()
    return builder


def test_the_live_tab_starts_on_the_newest_live_stream(qtbot: Any) -> None:
    builder = builder_for(qtbot, UPLOADS)
    click_tab(builder, "retention")  # any video has a retention curve: the newest upload
    assert builder.draft().filters == {"video": "vidUpload001"}
    click_tab(builder, "live")
    assert builder.draft().filters == {"video": "vidLive00001"}
    assert builder.run_button.isEnabled()
    # Streamed in 2024, long before the last 28 days: it runs, but would be empty.
    assert builder.status.text() == (
        "✓ Ready: Concurrent viewers for Kitchen. ⚠ “Sunday bake-along” was streamed on "
        f"{format_date(dt.date(2024, 5, 26))}, outside these dates."
    )
    assert builder.fix_button.text() == "Use the days of the stream"
    QTest.mouseClick(builder.fix_button, Qt.MouseButton.LeftButton)
    assert builder.dates.dates() == (dt.date(2024, 5, 26), dt.date(2024, 5, 27))
    assert builder.status.text() == "✓ Ready: Concurrent viewers for Kitchen."
    assert builder.fix_button.isHidden()


def test_the_live_tabs_picker_greys_out_other_videos(qtbot: Any) -> None:
    builder = builder_for(qtbot, UPLOADS)
    click_tab(builder, "live")
    picker = picker_of(builder.filters, "video")
    open_popup(qtbot, picker)
    model = picker.popup.view.model()
    usable = {
        model.index(row, 0).data(): bool(model.flags(model.index(row, 0)) & Qt.ItemIsEnabled)
        for row in range(model.rowCount())
    }
    live = "Live · "
    assert usable == {
        f"Cast iron care\n{format_date(dt.date(2024, 5, 20))}": False,
        f"Ramen night Q&A\n{live}{format_date(dt.date(2024, 4, 14))}": True,
        f"Sunday bake-along\n{live}{format_date(dt.date(2024, 5, 26))}": True,
        f"Weeknight pasta\n{format_date(dt.date(2024, 6, 3))}": False,
    }
    QTest.keyClicks(picker.popup.search, "pasta")
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("Not available: not a live stream")
    click_row(picker, 0)  # a greyed-out video cannot be chosen
    assert builder.draft().filters == {"video": "vidLive00001"}
    picker.popup.search.clear()
    QTest.keyClicks(picker.popup.search, "ramen")
    assert rows(picker) == [f"Ramen night Q&A\n{live}{format_date(dt.date(2024, 4, 14))}"]
    click_row(picker, 0)
    assert builder.draft().filters == {"video": "vidLive00002"}
    assert builder.run_button.isEnabled()

    # Other tabs take any video again.
    click_tab(builder, "retention")
    open_popup(qtbot, picker)
    assert all(
        model.flags(model.index(row, 0)) & Qt.ItemIsEnabled for row in range(model.rowCount())
    )
    QTest.keyClick(picker.popup.search, Qt.Key.Key_Escape)


def test_a_channel_without_live_streams_is_told_so(qtbot: Any) -> None:
    uploads = {i: v for i, v in UPLOADS.items() if not v.live}
    builder = builder_for(qtbot, uploads)
    click_tab(builder, "live")
    assert builder.draft().filters == {}
    assert builder.status.text() == f"✗ {NO_LIVE}."
    assert not builder.run_button.isEnabled()
    assert not builder.new_pane_button.isEnabled()
    # Even a video chosen anyway (a saved tab) cannot run: it would have no rows.
    builder.filters.combos["video"].set_value("vidUpload001")
    assert builder.status.text() == f"✗ {NO_LIVE}."
    assert not builder.run_button.isEnabled()
    click_tab(builder, "retention")
    assert builder.run_button.isEnabled()


def test_before_the_uploads_load_the_tab_only_asks_for_a_video(qtbot: Any) -> None:
    builder = builder_for(qtbot, {})
    click_tab(builder, "live")
    assert NO_LIVE not in builder.status.text()
    assert "choose it under Filters > Video" in builder.status.text()
    assert not builder.run_button.isEnabled()


def channel_whose_newest_upload_is_no_live_stream(sandbox: Sandbox) -> int:
    """Its index among the first user's channels; uploads come by the day, so which one
    it is changes with time (Northern Lights Kitchen when none is)."""
    ids = sandbox.users[0].channel_ids
    for index, channel_id in enumerate(ids):
        videos = sandbox.world.catalog(channel_id).videos  # type: ignore[attr-defined]
        kinds = [v.content_type for v in videos]
        if "LIVE_STREAM" in kinds and kinds[-1] != "LIVE_STREAM":
            return index
    return 1


def test_live_viewers_of_the_newest_stream_end_to_end(
    qtbot: Any, window: MainWindow, consent: Sandbox
) -> None:
    index = channel_whose_newest_upload_is_no_live_stream(consent)
    channel_id = add_channel(qtbot, window, consent, index=index)
    videos = consent.world.catalog(channel_id).videos  # type: ignore[attr-defined]
    newest = next(v for v in reversed(videos) if v.content_type == "LIVE_STREAM")
    builder = window.builder
    day = newest.day
    builder.dates.set_custom(day - dt.timedelta(days=30), day - dt.timedelta(days=3))
    click_tab(builder, "live")
    qtbot.waitUntil(builder.run_button.isEnabled, timeout=WAIT)
    assert builder.draft().filters == {"video": newest.id}
    # The stream's day is outside the dates: the builder says so and offers them.
    assert "outside these dates" in builder.status.text()
    QTest.mouseClick(builder.fix_button, Qt.MouseButton.LeftButton)
    assert builder.dates.dates()[0] == day
    consent.log.clear()
    QTest.mouseClick(builder.run_button, Qt.MouseButton.LeftButton)
    pane = window.runner.current
    assert pane is not None
    wait_report(qtbot, pane)
    request = sent(consent)
    assert request["filters"] == f"video=={newest.id}"
    assert request["dimensions"] == "livestreamPosition"
    assert pane.dock.model.rowCount() == newest.duration // 60  # one row a minute
