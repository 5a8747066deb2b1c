"""Drilling down: which dimension a row drills into, and the narrower report's query."""

from __future__ import annotations

import datetime as dt

import pytest

from analytix_desktop.api import catalogue
from analytix_desktop.core.drill import drill_dimension, drill_query

START, END = dt.date(2026, 9, 1), dt.date(2026, 11, 28)
METRICS = ("views", "estimatedMinutesWatched", "averageViewDuration")


def by(dimension: str, *metrics: str) -> catalogue.Query:
    return catalogue.Query(
        dimensions=(dimension,),
        metrics=metrics or METRICS,
        sort_options=("-views",),
        start_date=START,
        end_date=END,
        max_results=10 if dimension in ("video", "country") else 0,
    )


def test_the_clicked_column_wins_when_it_names_something() -> None:
    assert drill_dimension(["day", "deviceType"], "deviceType") == "deviceType"
    assert drill_dimension(["day", "deviceType"], "views") == "deviceType"
    assert drill_dimension(["day", "country", "video"], "video") == "video"
    assert drill_dimension(["day"], "day") is None
    assert drill_dimension(["elapsedVideoTimeRatio"], None) is None


@pytest.mark.parametrize(
    ("dimension", "value"), [("country", "US"), ("video", "vid1"), ("playlist", "pl1")]
)
def test_a_filterable_value_gives_its_metrics_by_day_over_the_same_dates(
    dimension: str, value: str
) -> None:
    drilled = drill_query(by(dimension), dimension, value)
    assert drilled is not None
    assert drilled.dimensions == ("day",)
    assert drilled.filters == {dimension: value}
    assert (drilled.start_date, drilled.end_date) == (START, END)
    assert drilled.metrics == METRICS
    assert drilled.sort_options == ("day",)
    catalogue.validate(drilled)


def test_the_query_s_own_filters_are_kept_and_months_stay_months() -> None:
    query = catalogue.Query(
        dimensions=("month", "country"),
        metrics=("views",),
        filters={"video": "vid1"},
        start_date=dt.date(2026, 1, 15),
        end_date=dt.date(2026, 10, 20),
    )
    drilled = drill_query(query, "country", "FR")
    assert drilled is not None
    assert drilled.dimensions == ("month",)
    assert drilled.filters == {"video": "vid1", "country": "FR"}
    assert (drilled.start_date, drilled.end_date) == (dt.date(2026, 1, 1), dt.date(2026, 10, 1))


@pytest.mark.parametrize(
    ("dimension", "value", "breakdown", "rows"),
    [
        ("deviceType", "MOBILE", "operatingSystem", 0),
        ("operatingSystem", "ANDROID", "deviceType", 0),
        ("insightTrafficSourceType", "YT_SEARCH", "insightTrafficSourceDetail", 25),
        ("insightPlaybackLocationType", "EMBEDDED", "insightPlaybackLocationDetail", 25),
    ],
)
def test_values_no_time_report_filters_on_lead_to_their_breakdown(
    dimension: str, value: str, breakdown: str, rows: int
) -> None:
    drilled = drill_query(by(dimension), dimension, value)
    assert drilled is not None
    assert drilled.dimensions == (breakdown,)
    assert drilled.filters == {dimension: value}
    assert drilled.max_results == rows
    # averageViewDuration is not in those reports: left out, the rest kept.
    assert drilled.metrics == ("views", "estimatedMinutesWatched")
    catalogue.validate(drilled)


def test_a_value_no_report_narrows_to_gives_none() -> None:
    assert drill_query(by("sharingService", "shares"), "sharingService", "WHATS_APP") is None
