"""The reports Google added in May 2024, engagedViews and retired currencies, over HTTP."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from analytix_desktop.api.catalogue import DMAS, VALUE_LABELS
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.catalog import Video

from .test_reports import LAST, UNSUPPORTED, base, channel_of, error_of, get, token

LIVE_METRICS = "averageConcurrentViewers,peakConcurrentViewers"


@pytest.fixture
def member_channel(sandbox: Sandbox) -> str:
    """A monetised channel: the one that offers memberships."""
    return channel_of(sandbox, monetised=True)


@pytest.fixture
def access(sandbox: Sandbox, member_channel: str) -> str:
    return token(sandbox, member_channel)


def rows(sandbox: Sandbox, access: str, **params: Any) -> list[list[Any]]:
    response = get(sandbox, access, **base(**params))
    assert response.status_code == 200, response.text
    found: list[list[Any]] = response.json().get("rows", [])
    return found


def live_video(sandbox: Sandbox, channel: str) -> Video:
    catalog = sandbox.world.catalog(channel)  # type: ignore[attr-defined]
    return next(
        v for v in reversed(catalog.videos) if v.content_type == "LIVE_STREAM" and v.day <= LAST
    )


# -- user activity by DMA ------------------------------------------------------------------


@pytest.mark.parametrize("extra", ["", ";subscribedStatus==SUBSCRIBED"])
def test_dma_rows_add_up_to_the_us_total(sandbox: Sandbox, access: str, extra: str) -> None:
    metrics = "views,engagedViews,estimatedMinutesWatched"
    by_dma = rows(sandbox, access, dimensions="dma", filters="country==US" + extra,
                  metrics=metrics)  # fmt: skip
    [us] = rows(sandbox, access, filters="country==US" + extra, metrics=metrics)
    assert len(by_dma) > 150
    assert {row[0] for row in by_dma} <= DMAS.keys()
    assert [sum(row[i] for row in by_dma) for i in (1, 2, 3)] == us


def test_dma_by_day_adds_up_to_each_us_day(sandbox: Sandbox, access: str) -> None:
    by_dma = rows(sandbox, access, dimensions="day,dma", filters="country==US")
    by_day = rows(sandbox, access, dimensions="day", filters="country==US")
    totals: dict[str, int] = {}
    for day, _, views in by_dma:
        totals[day] = totals.get(day, 0) + views
    assert totals == dict(by_day)


def test_dma_needs_country_us(sandbox: Sandbox, access: str) -> None:
    error = error_of(get(sandbox, access, **base(dimensions="dma")), 400)
    assert error["message"].startswith(UNSUPPORTED)
    error = error_of(get(sandbox, access, **base(dimensions="dma", filters="country==CA")), 400)
    assert error["message"] == "Invalid value (CA) given in field parameters.filters."


# -- concurrent viewers --------------------------------------------------------------------


def test_concurrent_viewers_minute_by_minute(
    sandbox: Sandbox, access: str, member_channel: str
) -> None:
    video = live_video(sandbox, member_channel)
    window = {"startDate": str(video.day - timedelta(days=3)), "endDate": str(LAST)}
    response = get(sandbox, access, **base(dimensions="livestreamPosition", metrics=LIVE_METRICS,
                                           filters=f"video=={video.id}", **window))  # fmt: skip
    assert response.status_code == 200
    body = response.json()
    assert [h["dataType"] for h in body["columnHeaders"]] == ["INTEGER"] * 3
    minutes = body["rows"]
    assert [row[0] for row in minutes] == list(range(video.duration // 60))
    assert all(peak >= average >= 0 for _, average, peak in minutes)
    live_watch = rows(sandbox, access, filters=f"video=={video.id};liveOrOnDemand==LIVE",
                      metrics="estimatedMinutesWatched", startDate=str(video.day),
                      endDate=str(video.day))  # fmt: skip
    assert sum(row[1] for row in minutes) == live_watch[0][0] > 0
    [[average, peak]] = rows(sandbox, access, filters=f"video=={video.id}",
                             metrics=LIVE_METRICS, **window)  # fmt: skip
    assert average == round(live_watch[0][0] / len(minutes))
    assert peak == max(row[2] for row in minutes)


def test_no_concurrency_outside_the_stream_or_for_other_videos(
    sandbox: Sandbox, access: str, member_channel: str
) -> None:
    video = live_video(sandbox, member_channel)
    after = {"startDate": str(video.day + timedelta(days=1)), "endDate": str(LAST)}
    assert not rows(sandbox, access, dimensions="livestreamPosition", metrics=LIVE_METRICS,
                    filters=f"video=={video.id}", **after)  # fmt: skip
    catalog = sandbox.world.catalog(member_channel)  # type: ignore[attr-defined]
    ordinary = next(v for v in catalog.videos if v.content_type == "VIDEO_ON_DEMAND")
    assert not rows(sandbox, access, metrics=LIVE_METRICS, filters=f"video=={ordinary.id}",
                    startDate=str(ordinary.day), endDate=str(LAST))  # fmt: skip


def test_concurrent_viewers_take_one_video(sandbox: Sandbox, access: str) -> None:
    error = error_of(get(sandbox, access, **base(metrics=LIVE_METRICS)), 400)
    assert error["message"].startswith(UNSUPPORTED)
    error = error_of(get(sandbox, access, **base(metrics=LIVE_METRICS, filters="video==a,b")), 400)
    assert error["message"] == "Invalid value (a,b) given in field parameters.filters."


# -- member cancellations ------------------------------------------------------------------


def test_cancellation_reasons_add_up(sandbox: Sandbox, access: str) -> None:
    metric = "membershipsCancellationSurveyResponses"
    by_reason = rows(sandbox, access, dimensions="membershipsCancellationSurveyReason",
                     metrics=metric)  # fmt: skip
    [[total]] = rows(sandbox, access, metrics=metric)
    assert total > 0
    assert sum(count for _, count in by_reason) == total
    assert {reason for reason, _ in by_reason} <= VALUE_LABELS[
        "membershipsCancellationSurveyReason"
    ].keys()


def test_a_channel_without_memberships_has_no_cancellations(sandbox: Sandbox) -> None:
    access = token(sandbox, channel_of(sandbox, monetised=False))
    metric = "membershipsCancellationSurveyResponses"
    assert rows(sandbox, access, metrics=metric) == [[0]]
    assert not rows(sandbox, access, dimensions="membershipsCancellationSurveyReason",
                    metrics=metric)  # fmt: skip


# -- engagedViews and currencies -----------------------------------------------------------


def test_engaged_views_in_traffic_sources_add_up(sandbox: Sandbox, access: str) -> None:
    by_source = rows(sandbox, access, dimensions="insightTrafficSourceType",
                     metrics="views,engagedViews")  # fmt: skip
    [[views, engaged]] = rows(sandbox, access, metrics="views,engagedViews")
    assert sum(row[1] for row in by_source) == views
    assert sum(row[2] for row in by_source) == engaged < views


def test_engaged_views_in_playlist_reports(
    sandbox: Sandbox, access: str, member_channel: str
) -> None:
    playlist = sandbox.world.catalog(member_channel).playlists[0]  # type: ignore[attr-defined]
    by_day = rows(sandbox, access, dimensions="day", filters=f"playlist=={playlist.id}",
                  metrics="views,engagedViews")  # fmt: skip
    assert by_day
    assert 0 < sum(row[2] for row in by_day) < sum(row[1] for row in by_day)


@pytest.mark.parametrize("code", ["HRK", "VEF", "ZWL"])
def test_retired_currencies_are_refused(sandbox: Sandbox, access: str, code: str) -> None:
    error = error_of(get(sandbox, access, **base(currency=code)), 400)
    assert error["message"] == f"Invalid value ({code}) given in field parameters.currency."


def test_current_replacements_are_accepted(sandbox: Sandbox, access: str) -> None:
    assert rows(sandbox, access, currency="ZWG")
