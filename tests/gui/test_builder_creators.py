"""Creators' metrics and ranges in the builder, used by typing and keys: derived metrics with
their inputs, Studio-only figures explained, this week, named years, lifetime, since published."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from analytix_desktop.core.context import ChannelContext, NamedItem
from analytix_desktop.gui.builder import ReportBuilder

from .test_builder import MONETARY, READONLY
from .test_builder_typing import click_tab, toggle

TODAY = dt.date(2026, 12, 3)  # a Thursday: data through Tuesday 1 December
CREATED = dt.date(2016, 2, 10)
PUBLISHED = dt.date(2026, 6, 20)


def context(*, monetary: bool = True) -> ChannelContext:
    return ChannelContext(
        "UCcreator",
        "Northern Lights Kitchen",
        scopes=frozenset({READONLY, MONETARY} if monetary else {READONLY}),
        videos={
            "vidSourdough": NamedItem("vidSourdough", "Sourdough basics", published=PUBLISHED),
            "vidRye": NamedItem("vidRye", "Rye loaf", published=dt.date(2025, 9, 1)),
        },
        created=CREATED,
    )


def make_builder(qtbot: Any, *, monetary: bool = True) -> ReportBuilder:
    widget = ReportBuilder()
    qtbot.addWidget(widget)
    widget.dates.set_today(TODAY)
    widget.set_channel(context(monetary=monetary))
    widget.resize(1400, 1000)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def builder(qtbot: Any) -> ReportBuilder:
    return make_builder(qtbot)


def search(builder: ReportBuilder, text: str) -> None:
    """Select what is in the metric search and type ``text`` over it."""
    box = builder.metric_search
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        QTest.keyClicks(box, text)
    else:
        QTest.keyClick(box, Qt.Key.Key_Delete)


def choose_range(builder: ReportBuilder, title: str) -> None:
    """Type the start of a range's name into the closed range list, as a person can."""
    combo = builder.dates.preset
    combo.setFocus()
    QTest.qWait(QApplication.keyboardInputInterval() + 50)  # a new search, not more of the last
    QTest.keyClicks(combo, title)
    assert combo.currentText() == title


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("unique", "Analytics > Audience"),
        ("Unique viewers", "Analytics > Audience"),
        ("realtime", "Analytics > Realtime"),
        ("real-time", "Analytics > Realtime"),
        ("Real time", "Analytics > Realtime"),
    ],
)
def test_looking_for_studio_only_figures_says_where_they_are(
    builder: ReportBuilder, typed: str, words: str
) -> None:
    search(builder, typed)
    note = builder.unavailable
    assert note.isVisible()
    assert "not available" in note.text()
    assert "YouTube Studio" in note.text()
    assert words in note.text()
    shown = [n for n in builder.metrics.names() if not builder.metrics.item_for(n).isHidden()]
    assert shown == []  # no such metric: the note stands in for an empty list

    search(builder, "views")
    assert not note.isVisible()
    search(builder, "")
    assert not note.isVisible()


def test_engagement_rate_brings_its_inputs_and_stays_on_its_tab(builder: ReportBuilder) -> None:
    click_tab(builder, "time")
    search(builder, "engagement")
    assert not builder.derived.item_for("engagementRate").isHidden()
    assert builder.derived.item_for("netSubscribers").isHidden()
    toggle(builder.derived, "engagementRate")
    assert builder.derived.checked() == ["engagementRate"]
    query = builder.query()
    assert query is not None
    assert {"views", "likes", "comments", "shares"} <= set(query.metrics)
    assert "engagementRate" not in query.metrics  # never sent to Google

    click_tab(builder, "geography")
    assert builder.derived.checked() == []
    click_tab(builder, "time")
    assert builder.derived.checked() == ["engagementRate"]

    search(builder, "")
    toggle(builder.metrics, "likes")  # an input taken away: the rate cannot be worked out
    assert "likes" not in builder.query().metrics
    assert builder.derived.checked() == []


def test_net_subscribers_is_offered_only_where_its_inputs_are(builder: ReportBuilder) -> None:
    click_tab(builder, "traffic")
    item = builder.derived.item_for("netSubscribers")
    assert not builder.derived.is_enabled("netSubscribers")
    assert "Subscribers gained" in item.toolTip()
    click_tab(builder, "time")
    toggle(builder.derived, "netSubscribers")
    assert {"subscribersGained", "subscribersLost"} <= set(builder.query().metrics)


def test_rpm_needs_revenue_and_shows_a_currency(qtbot: Any) -> None:
    unmonetary = make_builder(qtbot, monetary=False)
    assert unmonetary.derived.item_for("rpm").isHidden()

    builder = make_builder(qtbot)
    click_tab(builder, "time")
    assert not builder.currency.isVisible()
    toggle(builder.derived, "rpm")
    assert {"views", "estimatedRevenue"} <= set(builder.query().metrics)
    assert builder.currency.isVisible()


def test_this_week_and_the_last_years_by_name(builder: ReportBuilder) -> None:
    choose_range(builder, "This week")
    assert builder.dates.dates() == (dt.date(2026, 11, 30), TODAY)
    assert "The newest days of the range have no data yet" in builder.dates.available.text()
    for year in (2024, 2023, 2022):
        choose_range(builder, str(year))
        assert builder.dates.dates() == (dt.date(year, 1, 1), dt.date(year, 12, 31))
        assert builder.query().start_date == dt.date(year, 1, 1)


def test_lifetime_starts_at_the_channel_s_creation_and_says_so(builder: ReportBuilder) -> None:
    choose_range(builder, "Lifetime")
    assert builder.dates.dates() == (CREATED, dt.date(2026, 12, 1))
    assert "Since the channel's creation on" in builder.dates.available.text()


def test_since_published_follows_the_one_chosen_video(builder: ReportBuilder) -> None:
    combo = builder.dates.preset
    since = combo.findText("Since published")
    model = combo.model()
    assert not model.flags(model.index(since, 0)) & Qt.ItemFlag.ItemIsEnabled
    assert "Choose one video" in combo.itemData(since, Qt.ItemDataRole.ToolTipRole)

    builder.filters.combos["video"].set_value("vidSourdough")
    assert model.flags(model.index(since, 0)) & Qt.ItemFlag.ItemIsEnabled
    choose_range(builder, "Since published")
    assert builder.dates.dates() == (PUBLISHED, dt.date(2026, 12, 1))
    assert builder.query().start_date == PUBLISHED
    assert "Since the video's publication on" in builder.dates.available.text()

    builder.filters.combos["video"].set_value("vidRye")  # another video: its own day
    assert builder.dates.dates() == (dt.date(2025, 9, 1), dt.date(2026, 12, 1))

    builder.filters.combos["video"].set_value(None)  # no video: the dates stay, as custom
    assert combo.currentText() == "Custom"
    assert builder.dates.dates() == (dt.date(2025, 9, 1), dt.date(2026, 12, 1))
