"""Creators' date presets: this week, named years, lifetime from creation, since published."""

from __future__ import annotations

import datetime as dt

import pytest

from analytix_desktop.core.definitions import DefinitionError, ReportDefinition
from analytix_desktop.core.ranges import (
    LIFETIME_START,
    PRESETS,
    RANGE_OF_PRESET,
    SINCE_PUBLISHED,
    preset_range,
    preset_title,
)

TODAY = dt.date(2026, 12, 3)  # a Thursday; data through Tuesday 1 December
NEWEST = dt.date(2026, 12, 1)


def test_this_week_runs_from_monday() -> None:
    assert preset_range("this_week", TODAY) == (dt.date(2026, 11, 30), TODAY)
    sunday = dt.date(2026, 12, 6)
    assert preset_range("this_week", sunday) == (dt.date(2026, 11, 30), sunday)
    monday = dt.date(2026, 11, 30)
    assert preset_range("this_week", monday) == (monday, monday)


def test_the_last_few_years_are_offered_by_name() -> None:
    years = [p.key for p in PRESETS if p.key.startswith("years_ago_")]
    assert [preset_title(key, TODAY) for key in years] == ["2024", "2023", "2022"]
    assert [preset_range(key, TODAY) for key in years] == [
        (dt.date(year, 1, 1), dt.date(year, 12, 31)) for year in (2024, 2023, 2022)
    ]
    assert preset_range("last_year", TODAY) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert preset_title(years[0], dt.date(2027, 1, 1)) == "2025"  # the names move on
    assert preset_title("this_week") == "This week"


def test_lifetime_starts_at_the_channel_s_creation() -> None:
    assert preset_range("lifetime", TODAY, dt.date(2014, 6, 9)) == (dt.date(2014, 6, 9), NEWEST)
    assert preset_range("lifetime", TODAY) == (LIFETIME_START, NEWEST)


def test_since_published_starts_on_the_video_s_day_and_needs_one() -> None:
    assert preset_range(SINCE_PUBLISHED, TODAY, published=dt.date(2026, 3, 14)) == (
        dt.date(2026, 3, 14),
        NEWEST,
    )
    # Published today: no data yet, an empty range on the newest day rather than start > end.
    assert preset_range(SINCE_PUBLISHED, TODAY, published=TODAY) == (NEWEST, NEWEST)
    with pytest.raises(KeyError):
        preset_range(SINCE_PUBLISHED, TODAY)


def definition(range_name: object) -> ReportDefinition:
    return ReportDefinition.from_json(
        {"name": "Week", "metrics": ["views"], "dimensions": ["day"], "range": range_name}
    )


def test_a_definition_takes_this_week_and_years_as_fixed_dates() -> None:
    assert definition("this_week").dates(today=TODAY) == (dt.date(2026, 11, 30), TODAY)
    # Named years and "since published" are saved as their dates: no relative name for them.
    for key in (*(p.key for p in PRESETS if p.key.startswith("years_ago_")), SINCE_PUBLISHED):
        assert key not in RANGE_OF_PRESET
    with pytest.raises(DefinitionError, match="this_week"):
        definition("2024")  # the error lists the names, this_week among them
