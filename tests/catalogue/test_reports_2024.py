"""The channel reports Google added on 6 May 2024: DMAs, concurrent viewers, member churn."""

from __future__ import annotations

import pytest

from analytix_desktop.api import catalogue as c
from analytix_desktop.api.catalogue import detect, options, validate

from .support import query, refusal

DMA_METRICS = ("engagedViews", "views", "estimatedMinutesWatched", "averageViewDuration",
               "averageViewPercentage")  # fmt: skip


def test_dmas_are_nielsens_codes_with_names() -> None:
    assert len(c.DMAS) == 210
    assert all(len(code) == 3 and 500 <= int(code) <= 881 for code in c.DMAS)
    assert c.DMAS["501"] == "New York, NY"
    assert c.DMAS["803"] == "Los Angeles, CA"
    assert c.VALUE_LABELS["dma"] is c.DMAS


def test_cancellation_reasons_are_googles_values() -> None:
    reasons = c.VALUE_LABELS["membershipsCancellationSurveyReason"]
    assert set(reasons) == {
        "CANNOT_ACCESS_PERKS", "DISLIKE_PERKS", "FEEL_UNAPPRECIATED", "FINANCIAL_REASONS",
        "JOIN_LIMITED_TIME", "NO_LONGER_INTERESTED", "PERKS_NOT_DELIVERED", "OTHER", "UNKNOWN",
    }  # fmt: skip
    assert all(label and label[0].isupper() for label in reasons.values())


@pytest.mark.parametrize(
    "name", ["dma", "livestreamPosition", "membershipsCancellationSurveyReason"]
)
def test_new_dimensions_are_known(name: str) -> None:
    assert c.DIMENSIONS[name].title
    assert options(query()).dimensions[name].valid


@pytest.mark.parametrize(
    "dimensions",
    [("dma",), ("dma", "day"), ("dma", "month"), ("dma", "creatorContentType", "subscribedStatus")],
)
def test_dma_report(dimensions: tuple[str, ...]) -> None:
    q = query(dimensions=dimensions, filters={"country": "US", "video": "v1"}, metrics=DMA_METRICS)
    assert validate(q).name == "User activity by DMA"


def test_dma_needs_the_us_filter() -> None:
    error = refusal(query(dimensions=("dma",), metrics=("views",)))
    assert (error.kind, error.field) == ("unsupported", "filters")
    assert "filter 'country==US' is required" in str(error)
    error = refusal(query(dimensions=("dma",), filters={"country": "CA"}, metrics=("views",)))
    assert (error.kind, error.value) == ("value", "CA")
    assert "must be 'US'" in str(error)


def test_dma_report_metrics_are_views_and_watch_time() -> None:
    error = refusal(query(dimensions=("dma",), filters={"country": "US"}, metrics=("likes",)))
    assert (error.field, error.value) == ("metrics", "likes")
    assert "'User activity by DMA'" in str(error)


@pytest.mark.parametrize("dimensions", [(), ("livestreamPosition",)])
def test_concurrent_viewers(dimensions: tuple[str, ...]) -> None:
    q = query(dimensions=dimensions, filters={"video": "live1"},
              metrics=("averageConcurrentViewers", "peakConcurrentViewers"))  # fmt: skip
    assert validate(q).name == "Concurrent viewers"


def test_concurrent_viewers_take_exactly_one_video() -> None:
    metrics = ("peakConcurrentViewers",)
    error = refusal(query(dimensions=("livestreamPosition",), metrics=metrics))
    assert "filter 'video' is required" in str(error)
    error = refusal(query(dimensions=("livestreamPosition",), filters={"video": "a,b"},
                          metrics=metrics))  # fmt: skip
    assert (error.kind, error.value) == ("value", "a,b")
    assert "single 'video' value" in str(error)


def test_concurrent_viewers_are_their_own_report() -> None:
    error = refusal(query(dimensions=("livestreamPosition",), filters={"video": "v1"},
                          metrics=("views",)))  # fmt: skip
    assert (error.field, error.value) == ("metrics", "views")
    assert "'Concurrent viewers'" in str(error)


@pytest.mark.parametrize("dimensions", [(), ("membershipsCancellationSurveyReason",)])
def test_member_cancellations(dimensions: tuple[str, ...]) -> None:
    q = query(dimensions=dimensions, metrics=("membershipsCancellationSurveyResponses",))
    assert validate(q).name == "Member cancellations"


def test_member_cancellations_are_channel_wide() -> None:
    error = refusal(query(dimensions=("membershipsCancellationSurveyReason",),
                          filters={"video": "v1"},
                          metrics=("membershipsCancellationSurveyResponses",)))  # fmt: skip
    assert (error.field, error.value) == ("filters", "video")


def test_detect_finds_the_new_reports_from_their_dimensions() -> None:
    assert detect(query(dimensions=("dma",), filters={"country": "US"})).name == (
        "User activity by DMA"
    )
    assert detect(query(dimensions=("membershipsCancellationSurveyReason",))).name == (
        "Member cancellations"
    )
