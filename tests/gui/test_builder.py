"""The builder follows the catalogue: disabled options, Run only for valid queries, settings."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut

from analytix_desktop.api import catalogue
from analytix_desktop.core.context import ChannelContext, NamedItem
from analytix_desktop.core.ranges import last_data_day, snap_to_months
from analytix_desktop.gui.builder import BREAKDOWNS, ReportBuilder, preset_range
from analytix_desktop.gui.builder.explain import humanise
from analytix_desktop.gui.builder.item_picker import ItemPicker

MONETARY = "https://www.googleapis.com/auth/yt-analytics-monetary.readonly"
READONLY = "https://www.googleapis.com/auth/yt-analytics.readonly"


def channel(*, monetary: bool = True) -> ChannelContext:
    scopes = frozenset({READONLY, MONETARY} if monetary else {READONLY})
    return ChannelContext(
        "UCchannel",
        "Northern Lights Kitchen",
        scopes=scopes,
        videos={
            "vid00000001": NamedItem("vid00000001", "Sourdough basics"),
            # A live stream, so that the Live viewers tab has a video too.
            "vid00000002": NamedItem("vid00000002", "Aurora timelapse", live=True),
        },
        playlists={"PLaaaa": NamedItem("PLaaaa", "Bread", "playlist")},
    )


@pytest.fixture
def builder(qtbot: Any) -> ReportBuilder:
    widget = ReportBuilder()
    qtbot.addWidget(widget)
    widget.set_channel(channel())
    widget.resize(500, 900)
    widget.show()
    return widget


def choose_tab(builder: ReportBuilder, key: str) -> None:
    builder.tabs.setCurrentIndex(next(i for i, b in enumerate(BREAKDOWNS) if b.key == key))


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("last7", dt.date(2024, 3, 7), dt.date(2024, 3, 13)),
        ("last28", dt.date(2024, 2, 15), dt.date(2024, 3, 13)),
        ("last90", dt.date(2023, 12, 15), dt.date(2024, 3, 13)),
        ("last365", dt.date(2023, 3, 15), dt.date(2024, 3, 13)),
        ("this_month", dt.date(2024, 3, 1), dt.date(2024, 3, 15)),
        ("last_month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("this_year", dt.date(2024, 1, 1), dt.date(2024, 3, 15)),
        ("last_year", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        ("lifetime", dt.date(2005, 4, 23), dt.date(2024, 3, 13)),
    ],
)
def test_presets_compute_dates(key: str, start: dt.date, end: dt.date) -> None:
    assert preset_range(key, dt.date(2024, 3, 15)) == (start, end)


def test_last_month_in_january_and_month_snapping() -> None:
    assert preset_range("last_month", dt.date(2025, 1, 2)) == (
        dt.date(2024, 12, 1),
        dt.date(2024, 12, 31),
    )
    assert last_data_day(dt.date(2024, 3, 1)) == dt.date(2024, 2, 28)
    assert snap_to_months(dt.date(2024, 2, 15), dt.date(2024, 3, 13)) == (
        dt.date(2024, 2, 1),
        dt.date(2024, 3, 1),
    )


def test_month_dimension_snaps_the_range_to_whole_months(builder: ReportBuilder) -> None:
    builder.dates.set_today(dt.date(2024, 3, 15))
    builder.dates.set_preset("last90")
    builder.dimensions.item_for("day").setCheckState(Qt.CheckState.Unchecked)
    builder.dimensions.item_for("month").setCheckState(Qt.CheckState.Checked)
    query = builder.query()
    assert query is not None
    assert (query.start_date, query.end_date) == (dt.date(2023, 12, 1), dt.date(2024, 3, 1))
    assert "whole months" in builder.dates.available.text()
    assert "13 Mar 2024" in builder.dates.available.text()


def test_options_are_enabled_exactly_as_the_catalogue_says(builder: ReportBuilder) -> None:
    for tab in ("time", "geography", "top_videos", "demographics"):
        choose_tab(builder, tab)
        draft = builder.draft()
        allowed = catalogue.options(draft)
        for name in catalogue.DIMENSIONS:
            expected = name in draft.dimensions or allowed.dimensions[name].valid
            assert builder.dimensions.is_enabled(name) == expected, (tab, name)
            if not expected:
                tip = builder.dimensions.item_for(name).toolTip()
                assert humanise(allowed.dimensions[name].reason) in tip
        for name in catalogue.METRICS:
            expected = name in draft.metrics or allowed.metrics[name].valid
            assert builder.metrics.is_enabled(name) == expected, (tab, name)
    choose_tab(builder, "time")
    assert not builder.dimensions.is_enabled("month")
    assert "only one of" in builder.dimensions.item_for("month").toolTip().lower()


def test_run_only_for_valid_queries_and_ctrl_return(qtbot: Any, builder: ReportBuilder) -> None:
    shortcut = QShortcut(QKeySequence("Ctrl+Return"), builder)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(builder.request_run)
    choose_tab(builder, "time")
    assert builder.run_button.isEnabled()
    with qtbot.waitSignal(builder.run_requested, timeout=1000) as blocker:
        shortcut.activated.emit()
    assert blocker.args[0] == builder.draft()
    catalogue.validate(blocker.args[0])

    for name in builder.metrics.checked():
        builder.metrics.item_for(name).setCheckState(Qt.CheckState.Unchecked)
    assert builder.query() is None
    assert not builder.run_button.isEnabled()
    assert "metric" in builder.status.text()
    with qtbot.assertNotEmitted(builder.run_requested):
        shortcut.activated.emit()
        builder.request_run()
        qtbot.mouseClick(builder.run_button, Qt.MouseButton.LeftButton)


def test_retention_needs_a_video_from_the_channel(builder: ReportBuilder) -> None:
    choose_tab(builder, "retention")
    # Like Studio, the tab starts on the newest upload (the first of the uploads list).
    query = builder.query()
    assert query is not None
    assert query.filters == {"video": "vid00000001"}
    assert catalogue.validate(query).name == "Audience retention"
    assert builder.run_button.isEnabled()
    combo = builder.filters.pickers["video"]
    assert isinstance(combo, ItemPicker)
    assert combo.currentText() == "Sourdough basics"
    titles = [combo.items.entry(row).title for row in range(combo.items.rowCount())]
    assert titles == ["Aurora timelapse", "Sourdough basics"]
    combo.set_value(None)
    assert builder.query() is None
    assert "video" in builder.status.text()
    combo.set_value("vid00000002")
    query = builder.query()
    assert query is not None
    assert query.filters == {"video": "vid00000002"}
    # Each tab keeps its own filters: nothing travels to the next tab unseen.
    choose_tab(builder, "time")
    assert builder.draft().filters == {}
    choose_tab(builder, "retention")
    assert builder.draft().filters == {"video": "vid00000002"}
    choose_tab(builder, "geography")
    assert builder.draft().filters == {}


def test_retention_waits_for_the_channels_videos(builder: ReportBuilder) -> None:
    builder.set_channel(ChannelContext("UCchannel", "Northern Lights Kitchen"))
    choose_tab(builder, "retention")
    assert builder.query() is None
    builder.set_channel(channel())  # the names arrived
    query = builder.query()
    assert query is not None
    assert query.filters == {"video": "vid00000001"}


def test_another_channels_video_is_not_kept(builder: ReportBuilder) -> None:
    choose_tab(builder, "time")
    builder.filters.combos["video"].set_value("vid00000002")
    builder.set_channel(channel())  # the same channel again (its names reloaded): kept
    assert builder.draft().filters == {"video": "vid00000002"}
    other = ChannelContext(
        "UCother", "Alex Rivera", videos={"vidother0001": NamedItem("vidother0001", "Hike")}
    )
    builder.set_channel(other)
    assert builder.draft().filters == {}
    assert builder.status.text().startswith("✓ Ready")


@pytest.mark.parametrize("item", BREAKDOWNS, ids=lambda item: item.key)
def test_every_tab_is_ready_to_run(builder: ReportBuilder, item: Any) -> None:
    choose_tab(builder, item.key)
    query = builder.query()
    assert query is not None, builder.status.text()
    assert builder.run_button.isEnabled()
    assert "Northern Lights Kitchen" in builder.status.text()
    if item.sort:
        assert query.sort_options == item.sort


def test_categorical_tabs_list_the_biggest_rows_first(builder: ReportBuilder) -> None:
    for key in ("geography", "traffic", "device", "os", "playback"):
        choose_tab(builder, key)
        assert builder.draft().sort_options == ("-views",), key
        assert builder.sort.currentText() == "Views, highest first"
    choose_tab(builder, "time")
    labels = [builder.sort.itemText(i) for i in range(builder.sort.count())]
    assert labels[:3] == ["Default order", "Views, highest first", "Views, lowest first"]
    assert labels[-2:] == ["Day, oldest first", "Day, newest first"]


def test_a_top_list_never_starts_unsorted(qtbot: Any, builder: ReportBuilder) -> None:
    choose_tab(builder, "time")
    builder.dimensions.item_for("day").setCheckState(Qt.CheckState.Unchecked)
    builder.dimensions.item_for("video").setCheckState(Qt.CheckState.Checked)
    # Top videos need a descending sort: one is chosen, and "Default order" explains itself.
    assert builder.draft().sort_options[0].startswith("-")
    default = builder.sort.model().item(0)
    assert not default.isEnabled()
    assert "descending" in default.toolTip()
    assert "200" in builder.limit.toolTip()
    # Rows still reads "No limit", and that is what would be sent: refused, with a fix.
    assert builder.limit.text() == "No limit"
    assert builder.query() is None
    assert "Rows" in builder.status.text()
    assert builder.fix_button.isVisible()
    assert builder.fix_button.text() == "Set Rows to 25"
    qtbot.mouseClick(builder.fix_button, Qt.MouseButton.LeftButton)
    query = builder.query()
    assert query is not None, builder.status.text()
    assert query.max_results == 25
    assert builder.limit.text() == "25"


def test_no_channel_no_run(qtbot: Any) -> None:
    widget = ReportBuilder()
    qtbot.addWidget(widget)
    assert widget.query() is not None  # a valid query...
    assert not widget.run_button.isEnabled()  # ...but nothing to run it for
    assert "Add a channel" in widget.status.text()
    widget.set_channel(channel())
    assert widget.run_button.isEnabled()


def test_month_reports_over_a_lifetime(builder: ReportBuilder) -> None:
    choose_tab(builder, "time")
    builder.dimensions.item_for("day").setCheckState(Qt.CheckState.Unchecked)
    builder.dimensions.item_for("month").setCheckState(Qt.CheckState.Checked)
    builder.dates.set_preset("lifetime")
    query = builder.query()
    assert query is not None, builder.status.text()
    assert query.start_date == dt.date(2005, 4, 1)
    assert builder.dates.start.displayFormat() == "MMM yyyy"
    builder.dimensions.item_for("month").setCheckState(Qt.CheckState.Unchecked)
    assert builder.dates.start.displayFormat() == "yyyy-MM-dd"


def test_top_videos_sort_and_limit(builder: ReportBuilder) -> None:
    choose_tab(builder, "top_videos")
    query = builder.query()
    assert query is not None
    assert query.sort_options == ("-views",)
    assert query.max_results == 25
    assert "200" in builder.limit.toolTip()
    row = builder.sort.findData("views")
    assert not builder.sort.model().item(row).isEnabled()
    assert "descending" in builder.sort.model().item(row).toolTip()


def test_revenue_metrics_need_the_monetary_scope(builder: ReportBuilder) -> None:
    assert not builder.metrics.item_for("estimatedRevenue").isHidden()
    assert not builder.monetary_hint.isVisible()
    assert not builder.currency.isVisible()
    builder.metrics.item_for("estimatedRevenue").setCheckState(Qt.CheckState.Checked)
    assert builder.currency.isVisible()
    builder.currency.set_value("EUR")
    query = builder.query()
    assert query is not None
    assert query.currency == "EUR"

    builder.metrics.item_for("estimatedRevenue").setCheckState(Qt.CheckState.Unchecked)
    builder.set_channel(channel(monetary=False))
    assert builder.metrics.item_for("estimatedRevenue").isHidden()
    assert builder.monetary_hint.isVisible()
    choose_tab(builder, "ads")
    assert builder.query() is None


def test_filters_follow_the_catalogue(builder: ReportBuilder) -> None:
    choose_tab(builder, "time")
    builder.filters.combos["country"].set_value("FR")
    query = builder.query()
    assert query is not None
    assert query.filters == {"country": "FR"}
    assert "France" in builder.filters.combos["country"].currentText()
    # A country filter rules out a continent filter.
    assert not builder.filters.combos["region"].isEnabled()
    assert "Not available" in builder.filters.combos["region"].toolTip()
    builder.filters.combos["country"].set_value(None)
    builder.filters.combos["region"].set_value("continent:150")
    query = builder.query()
    assert query is not None
    assert query.filters == {"continent": "150"}


def test_settings_round_trip_and_junk(qtbot: Any, builder: ReportBuilder) -> None:
    choose_tab(builder, "geography")
    builder.dates.set_preset("last90")
    builder.filters.combos["video"].set_value("vid00000002")
    saved = builder.to_settings()
    json.dumps(saved)
    other = ReportBuilder()
    qtbot.addWidget(other)
    other.set_channel(channel())
    other.from_settings(json.loads(json.dumps(saved)))
    assert other.to_settings() == saved
    assert other.query() == builder.query()

    for junk in (
        None,
        3,
        "x",
        [],
        {"version": 99},
        {
            "version": 1,
            "dimensions": "day",
            "metrics": [1, "nope", "views"],
            "filters": ["x"],
            "sort": "views",
            "max_results": "lots",
            "start": "2024-13-01",
            "currency": 5,
        },
    ):
        other.from_settings(junk)
    # The last junk dict keeps only what it says sensibly: the metric "views".
    assert other.draft().metrics == ("views",)
    assert other.draft().dimensions == ()
    assert other.query() is not None


def test_using_the_builder_keeps_references_to_none(builder: ReportBuilder) -> None:
    """PySide6 6.12.0 on Python 3.11 drops a reference to None on every void call, which
    aborts the process ("deallocating None") after a few thousand clicks."""
    before = sys.getrefcount(None)
    for key in ("time", "geography", "top_videos", "retention") * 3:
        choose_tab(builder, key)
    assert sys.getrefcount(None) - before > -1000
