"""The builder driven as a person drives it: clicks on tabs, typing, keys, the fix button."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDateEdit, QListWidget, QWidget

from analytix_desktop.api import catalogue
from analytix_desktop.gui.builder import BREAKDOWNS, ReportBuilder
from analytix_desktop.gui.builder.widget import MAX_ROWS

from .test_builder import channel

API_NAMES = re.compile(
    "|".join(
        re.escape(name)
        for name in (*catalogue.DIMENSIONS, *catalogue.FILTERS, *catalogue.METRICS)
        if any(c.isupper() for c in name)  # camelCase names never read as English
    )
)


@pytest.fixture
def builder(qtbot: Any) -> ReportBuilder:
    widget = ReportBuilder()
    qtbot.addWidget(widget)
    widget.set_channel(channel())
    widget.resize(1400, 1000)  # every tab visible without scroll buttons
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click_tab(builder: ReportBuilder, key: str) -> None:
    index = next(i for i, b in enumerate(BREAKDOWNS) if b.key == key)
    QTest.mouseClick(
        builder.tabs, Qt.MouseButton.LeftButton, pos=builder.tabs.tabRect(index).center()
    )
    assert builder.tabs.currentIndex() == index


def type_into(widget: QWidget, text: str) -> None:
    """Focus ``widget``, select everything in it, type ``text`` and press Enter."""
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(widget, text)
    QTest.keyClick(widget, Qt.Key.Key_Return)


def type_date(edit: QDateEdit, text: str) -> None:
    """Tab into a date field (its first section selected) and type ``20240105``.

    Qt's date field moves to the next section by itself once one is complete.
    """
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClicks(edit, text)
    QTest.keyClick(edit, Qt.Key.Key_Return)


def toggle(listing: QListWidget, name: str) -> None:
    """Tick or untick ``name`` with the keyboard: select its row, press Space."""
    item = next(
        listing.item(row)
        for row in range(listing.count())
        if listing.item(row).data(Qt.ItemDataRole.UserRole + 1) == name
    )
    listing.setFocus()
    listing.setCurrentItem(item)
    QTest.keyClick(listing, Qt.Key.Key_Space)


def test_typed_rows_are_sent_as_typed_and_never_clamped(builder: ReportBuilder) -> None:
    click_tab(builder, "top_videos")
    assert builder.limit.text() == "25"
    type_into(builder.limit, "10")
    assert builder.limit.text() == "10"
    assert builder.query() is not None
    assert builder.query().max_results == 10
    type_into(builder.limit, "500")  # more than the top list takes: kept, and explained
    assert builder.limit.text() == "500"
    assert builder.draft().max_results == 500
    assert builder.query() is None
    assert "Rows" in builder.status.text()
    assert "200" in builder.status.text()
    assert builder.fix_button.text() == "Set Rows to 200"


def test_no_limit_shows_exactly_when_no_limit_is_sent(builder: ReportBuilder) -> None:
    click_tab(builder, "top_videos")
    assert builder.draft().max_results == 25
    for key in ("time", "geography", "traffic", "device"):
        click_tab(builder, key)
        assert builder.limit.text() == "No limit", key
        assert builder.draft().max_results == 0, key
    click_tab(builder, "geography")
    type_into(builder.limit, "1")
    assert builder.limit.text() == "1"  # one row is one row, not "No limit"
    assert builder.query().max_results == 1
    type_into(builder.limit, "0")
    assert builder.limit.text() == "No limit"
    assert builder.query().max_results == 0


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(digits=st.text("0123456789", min_size=1, max_size=6))
def test_any_digits_typed_are_the_limit(builder: ReportBuilder, digits: str) -> None:
    click_tab(builder, "geography")
    type_into(builder.limit, digits)
    expected = int(digits)
    if expected <= MAX_ROWS:
        assert builder.draft().max_results == expected
        assert (builder.limit.text() == "No limit") == (expected == 0)


def test_a_sort_stays_on_its_tab(builder: ReportBuilder) -> None:
    click_tab(builder, "time")
    assert builder.sort.currentText() == "Default order"
    builder.sort.setFocus()
    QTest.keyClick(builder.sort, Qt.Key.Key_Down)
    assert builder.sort.currentText() == "Views, highest first"
    click_tab(builder, "geography")
    assert builder.draft().sort_options == ("-views",)
    builder.sort.setFocus()
    QTest.keyClick(builder.sort, Qt.Key.Key_Down)
    geography_sort = builder.draft().sort_options
    assert geography_sort != ("-views",)
    click_tab(builder, "traffic")
    assert builder.draft().sort_options == ("-views",)  # the tab's own default
    click_tab(builder, "time")
    assert builder.sort.currentText() == "Views, highest first"
    click_tab(builder, "geography")
    assert builder.draft().sort_options == geography_sort


def test_filters_do_not_travel_between_tabs(builder: ReportBuilder) -> None:
    click_tab(builder, "geography")
    builder.filters.combos["video"].set_value("vid00000002")
    click_tab(builder, "time")
    assert builder.draft().filters == {}
    click_tab(builder, "device")
    assert builder.draft().filters == {}
    click_tab(builder, "geography")
    assert builder.draft().filters == {"video": "vid00000002"}


def test_validation_speaks_the_ui_language_and_fixes(qtbot: Any, builder: ReportBuilder) -> None:
    click_tab(builder, "geography")
    toggle(builder.dimensions, "country")
    toggle(builder.dimensions, "province")
    assert builder.draft().dimensions == ("province",)
    assert builder.query() is None
    status = builder.status.text()
    assert "Country" in status
    assert not API_NAMES.search(status), status
    assert "==" not in status
    assert builder.fix_button.isVisible()
    assert builder.fix_button.text() == "Set Country to United States"
    qtbot.mouseClick(builder.fix_button, Qt.MouseButton.LeftButton)
    query = builder.query()
    assert query is not None, builder.status.text()
    assert query.filters == {"country": "US"}
    assert builder.filters.combos["country"].value() == "US"
    assert not builder.fix_button.isVisible()


def test_a_foreign_filter_is_named_and_removable(qtbot: Any, builder: ReportBuilder) -> None:
    click_tab(builder, "time")
    # Likes and subscribers are not in traffic-source reports.
    builder.filters.combos["insightTrafficSourceType"].set_value("YT_SEARCH")
    status = builder.status.text()
    assert builder.query() is None
    assert not API_NAMES.search(status), status
    assert "Traffic source" in status
    assert builder.fix_button.text() == "Remove the Traffic source filter"
    qtbot.mouseClick(builder.fix_button, Qt.MouseButton.LeftButton)
    assert builder.query() is not None
    assert builder.draft().filters == {}
    assert "likes" in builder.draft().metrics


def test_every_refusal_of_the_catalogue_reads_without_api_names(builder: ReportBuilder) -> None:
    """Each tab with each other dimension ticked: whatever the refusal, it is in UI words."""
    for item in BREAKDOWNS:
        click_tab(builder, item.key)
        for name in ("city", "insightTrafficSourceDetail", "sharingService", "adType"):
            if name in builder.draft().dimensions:
                continue
            toggle(builder.dimensions, name)
            if builder.query() is None:
                assert not API_NAMES.search(builder.status.text()), builder.status.text()
            toggle(builder.dimensions, name)


def test_lifetime_starts_when_the_channel_was_created(builder: ReportBuilder) -> None:
    context = channel()
    context.created = dt.date(2019, 5, 14)
    builder.set_channel(context)
    index = builder.dates.preset.findData("lifetime")
    builder.dates.preset.setFocus()
    builder.dates.preset.setCurrentIndex(index)
    assert builder.draft().start_date == dt.date(2019, 5, 14)


def test_typing_dates(builder: ReportBuilder) -> None:
    click_tab(builder, "time")
    type_date(builder.dates.start, "20240105")
    type_date(builder.dates.end, "20240210")
    query = builder.query()
    assert query is not None, builder.status.text()
    assert (query.start_date, query.end_date) == (dt.date(2024, 1, 5), dt.date(2024, 2, 10))
    assert builder.dates.preset.currentText() == "Custom"
