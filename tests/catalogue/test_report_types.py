"""Every report type's own minimal query is accepted."""

from __future__ import annotations

import dataclasses

import pytest

from analytix_desktop.api.catalogue import (
    METRICS,
    REPORT_TYPES,
    REPORT_TYPES_BY_NAME,
    ReportType,
    accepting,
    complete,
    detect,
    validate,
)
from analytix_desktop.api.catalogue.checks import violations
from analytix_desktop.api.errors import InvalidRequest

from .support import query


def test_catalogue_shape() -> None:
    # analytix's 44, with the US city variant and the (live) top videos by playback detail
    # split out, and Google's three of May 2024
    assert len(REPORT_TYPES) == 49
    assert len(REPORT_TYPES_BY_NAME) == 49
    assert sum(rt.playlist for rt in REPORT_TYPES) == 13
    for rtype in REPORT_TYPES:
        assert list(rtype.metrics) == [m for m in METRICS if m in rtype.metric_names]
        assert set(rtype.sort_options) <= rtype.metric_names
        assert rtype.top == bool(rtype.sort_options)


@pytest.mark.parametrize("rtype", REPORT_TYPES, ids=lambda rt: rt.name)
def test_minimal_query_is_accepted(rtype: ReportType) -> None:
    minimal = complete(query(), rtype)
    assert violations(rtype, minimal) == []
    chosen = validate(minimal)
    assert violations(chosen, minimal) == []
    assert rtype in accepting(minimal)
    found = detect(minimal)
    assert not violations(found, minimal, structure_only=True)


@pytest.mark.parametrize("rtype", REPORT_TYPES, ids=lambda rt: rt.name)
def test_minimal_query_with_one_metric_per_type(rtype: ReportType) -> None:
    for metric in rtype.metrics:
        minimal = complete(query(metrics=(metric,)), rtype)
        assert violations(rtype, minimal) == [], metric


@pytest.mark.parametrize(
    ("dimensions", "filters", "name"),
    [
        ((), {}, "Basic user activity"),
        (("day",), {}, "Time-based activity"),
        (("country",), {}, "Geography-based activity"),
        (("province",), {"country": "US"}, "Geography-based activity (US)"),
        (("video",), {}, "Top videos by region"),
        (("video",), {"liveOrOnDemand": "LIVE"}, "Top videos by playback detail (live)"),
        (("insightTrafficSourceType",), {}, "Traffic sources"),
        (("elapsedVideoTimeRatio",), {"video": "v1"}, "Audience retention"),
        (("day",), {"playlist": "p1"}, "Time-based activity for playlists"),
        (("adType",), {}, "Ad performance"),
        (("dma",), {"country": "US"}, "User activity by DMA"),
        (("livestreamPosition",), {"video": "v1"}, "Concurrent viewers"),
        (("membershipsCancellationSurveyReason",), {}, "Member cancellations"),
    ],
)
def test_detect(dimensions: tuple[str, ...], filters: dict[str, str], name: str) -> None:
    assert detect(query(dimensions=dimensions, filters=filters)).name == name


TOP_PLAYBACK = "Top videos by playback detail"


def test_top_videos_by_playback_detail_come_as_live_and_view_percentage() -> None:
    """averageViewPercentage cannot be used with liveOrOnDemand, as in the other playback
    details reports: the live variant takes the filter, the view-percentage one the metric."""
    assert TOP_PLAYBACK not in REPORT_TYPES_BY_NAME
    live = REPORT_TYPES_BY_NAME[f"{TOP_PLAYBACK} (live)"]
    percentage = REPORT_TYPES_BY_NAME[f"{TOP_PLAYBACK} (view percentage)"]
    assert live.metrics == REPORT_TYPES_BY_NAME["Time-based playback details (live)"].metrics
    assert "engagedViews" in live.metric_names
    assert "averageViewPercentage" not in live.metric_names
    assert "liveOrOnDemand" in live.filter_names
    assert "averageViewPercentage" in percentage.metric_names
    assert "liveOrOnDemand" not in percentage.filter_names
    for rtype in (live, percentage):
        assert rtype.dimension_names == {"video", "creatorContentType"}
        assert rtype.sort_options == (
            "views", "redViews", "estimatedMinutesWatched", "estimatedRedMinutesWatched",
        )  # fmt: skip
        assert (rtype.max_results, rtype.descending_only) == (200, True)


def test_a_top_list_filtered_on_live_views_refuses_the_view_percentage() -> None:
    top = {"dimensions": ("video",), "sort_options": ("-views",), "max_results": 25}
    live = query(filters={"liveOrOnDemand": "LIVE"}, metrics=("engagedViews", "views"), **top)
    assert validate(live).name == f"{TOP_PLAYBACK} (live)"
    with_percentage = dataclasses.replace(live, metrics=("views", "averageViewPercentage"))
    with pytest.raises(InvalidRequest):
        validate(with_percentage)
    unfiltered = dataclasses.replace(with_percentage, filters={"subscribedStatus": "SUBSCRIBED"})
    assert f"{TOP_PLAYBACK} (view percentage)" in {rt.name for rt in accepting(unfiltered)}
