"""The demo channels behave like real ones, judged from the sandbox's answers over HTTP.

Durations differ by country, device and traffic source; nothing is watched, liked or shared
without views; titles are distinct; weekends differ from weekdays; uploads spike and decay;
Shorts, long videos and live streams each have their own shape.
"""

from __future__ import annotations

import re
import statistics
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import requests

from analytix_desktop.sandbox import Sandbox
from tests.sandbox_answers import sandbox_report

from .test_reports import LAST, token

START = LAST - timedelta(days=89)


def report(sandbox: Sandbox, channel: str, **params: Any) -> list[list[Any]]:
    """The rows of a report of ``channel`` over the last 90 days unless dates are given."""
    dates = {"startDate": str(START), "endDate": str(LAST)}
    answer = sandbox_report(sandbox, channel, **{**dates, **params})
    rows: list[list[Any]] = answer.get("rows", [])
    return rows


def uploads(sandbox: Sandbox, channel: str) -> list[dict[str, Any]]:
    """Every upload of ``channel`` (snippet and contentDetails), paged through the Data API."""
    headers = {"Authorization": f"Bearer {token(sandbox, channel)}"}

    def call(resource: str, **params: Any) -> dict[str, Any]:
        url = f"{sandbox.url}/youtube/v3/{resource}"
        response = requests.get(url, params=params, headers=headers, timeout=30)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    ids: list[str] = []
    page: str | None = None
    while True:
        params = {"part": "contentDetails", "playlistId": "UU" + channel[2:], "maxResults": 50}
        body = call("playlistItems", **params, **({"pageToken": page} if page else {}))
        ids += [item["contentDetails"]["videoId"] for item in body["items"]]
        page = body.get("nextPageToken")
        if not page:
            break
    videos: list[dict[str, Any]] = []
    for at in range(0, len(ids), 50):
        batch = ",".join(ids[at : at + 50])
        videos += call("videos", part="snippet,contentDetails,liveStreamingDetails", id=batch)[
            "items"
        ]
    return videos


def seconds(duration: str) -> int:
    """An ISO 8601 duration (PT1H2M3S) in seconds."""
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?", duration)
    assert match, duration
    hours, minutes, secs = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + secs


def published(video: dict[str, Any]) -> date:
    return datetime.fromisoformat(video["snippet"]["publishedAt"].replace("Z", "+00:00")).date()


def per_view(rows: list[list[Any]], minimum: int = 2000) -> dict[str, float]:
    """Minutes watched per view of each row ``[value, views, minutes]`` with enough views."""
    return {value: minutes / views for value, views, minutes in rows if views >= minimum}


@pytest.fixture(params=["Alex Rivera", "Northern Lights Kitchen", "Trail and Tide"])
def channel(request: pytest.FixtureRequest, sandbox: Sandbox) -> str:
    return next(c.id for c in sandbox.channels.values() if c.title == request.param)


def test_average_view_duration_varies_by_country(sandbox: Sandbox, channel: str) -> None:
    rows = report(sandbox, channel, dimensions="country", metrics="views,estimatedMinutesWatched")
    durations = per_view(rows)
    assert len(durations) >= 10
    assert max(durations.values()) / min(durations.values()) > 1.4
    assert statistics.pstdev(durations.values()) / statistics.fmean(durations.values()) > 0.1


def test_big_screens_watch_longer_than_phones(sandbox: Sandbox, channel: str) -> None:
    rows = report(
        sandbox, channel, dimensions="deviceType", metrics="views,estimatedMinutesWatched"
    )
    durations = per_view(rows)
    assert durations["TV"] > durations["DESKTOP"] > durations["MOBILE"] * 1.2


def test_search_and_suggested_watch_longer_than_external(sandbox: Sandbox, channel: str) -> None:
    rows = report(
        sandbox,
        channel,
        dimensions="insightTrafficSourceType",
        metrics="views,estimatedMinutesWatched",
    )
    durations = per_view(rows)
    assert durations["YT_SEARCH"] > durations["EXT_URL"] * 1.5
    assert durations["RELATED_VIDEO"] > durations["EXT_URL"] * 1.5


NOTHING_WITHOUT_VIEWS = "views,estimatedMinutesWatched,likes,comments,shares,subscribersGained"


def assert_nothing_without_views(rows: list[list[Any]], dimensions: int) -> None:
    assert any(0 < row[dimensions] <= 3 for row in rows), "the report should reach tiny rows"
    empty = [row for row in rows if row[dimensions] == 0]
    assert all(not any(row[dimensions + 1 :]) for row in empty), empty[:5]


def test_no_watch_time_without_views_by_country(sandbox: Sandbox, channel: str) -> None:
    rows: list[list[Any]] = []
    for offset in range(0, 364, 4):  # Google has no country-by-day report: one day at a time
        day = str(LAST - timedelta(days=offset))
        rows += report(
            sandbox,
            channel,
            startDate=day,
            endDate=day,
            dimensions="country",
            metrics=NOTHING_WITHOUT_VIEWS,
        )
    assert_nothing_without_views(rows, 1)


def test_no_watch_time_without_views_for_one_video(sandbox: Sandbox, channel: str) -> None:
    videos = [v for v in uploads(sandbox, channel) if published(v) < START]
    rows = report(
        sandbox,
        channel,
        dimensions="country",
        filters=f"video=={videos[0]['id']}",
        metrics=NOTHING_WITHOUT_VIEWS,
    )
    assert_nothing_without_views(rows, 1)


def test_no_watch_time_without_views_by_video(sandbox: Sandbox, channel: str) -> None:
    countries = report(sandbox, channel, startDate=str(LAST), dimensions="country", metrics="views")
    small = min((row for row in countries if row[1] >= 20), key=lambda row: row[1])[0]
    rows = report(
        sandbox,
        channel,
        startDate=str(LAST),
        dimensions="video",
        filters=f"country=={small}",
        metrics="views,estimatedMinutesWatched,likes",
        sort="-views",
        maxResults=200,
    )
    assert_nothing_without_views(rows, 1)


def test_every_title_is_distinct(sandbox: Sandbox) -> None:
    for channel in sandbox.channels:
        titles = [v["snippet"]["title"] for v in uploads(sandbox, channel)]
        assert len(titles) > 100
        assert len(set(titles)) == len(titles)
        assert len({t.split(":")[0] for t in titles}) > 20  # varied, not one pattern


def test_weekends_differ_from_weekdays(sandbox: Sandbox, channel: str) -> None:
    rows = report(
        sandbox,
        channel,
        startDate=str(LAST - timedelta(days=363)),
        dimensions="day",
        metrics="views",
    )
    weekend = [v for d, v in rows if date.fromisoformat(d).weekday() >= 5]
    weekday = [v for d, v in rows if date.fromisoformat(d).weekday() < 5]
    assert len(weekend) == 104
    assert statistics.median(weekend) > 1.08 * statistics.median(weekday)


def daily_views(sandbox: Sandbox, channel: str, video: dict[str, Any], days: int) -> list[int]:
    """The video's views on each of its first ``days`` days (0 where the report has no row)."""
    first = published(video)
    rows = report(
        sandbox,
        channel,
        startDate=str(first),
        endDate=str(first + timedelta(days=days - 1)),
        dimensions="day",
        filters=f"video=={video['id']}",
        metrics="views",
    )
    by_day = dict(rows)
    return [int(by_day.get(str(first + timedelta(days=k)), 0)) for k in range(days)]


def test_uploads_spike_on_release_and_decay(sandbox: Sandbox, channel: str) -> None:
    recent = [
        v
        for v in uploads(sandbox, channel)
        if LAST - timedelta(days=500) <= published(v) <= LAST - timedelta(days=60)
        and "liveStreamingDetails" not in v
    ]
    assert len(recent) >= 10
    peaks_early = 0
    for video in recent:
        views = daily_views(sandbox, channel, video, 60)
        peak = max(views)
        peaks_early += views.index(peak) <= 2
        assert statistics.fmean(views[30:]) < 0.35 * peak, video["snippet"]["title"]
    assert peaks_early >= 0.8 * len(recent)


def test_shorts_get_many_views_and_little_watch_time(sandbox: Sandbox, channel: str) -> None:
    videos = uploads(sandbox, channel)
    lengths = {v["id"]: seconds(v["contentDetails"]["duration"]) for v in videos}
    rows = report(
        sandbox,
        channel,
        startDate=str(LAST - timedelta(days=364)),
        dimensions="video",
        metrics="views,estimatedMinutesWatched",
        sort="-views",
        maxResults=200,
    )
    shorts = [(v, m) for video, v, m in rows if lengths[video] <= 60 and v > 0]
    others = [(v, m) for video, v, m in rows if lengths[video] > 60 and v > 0]
    assert shorts
    assert others
    assert max(60 * m / v for v, m in shorts) <= 75  # a loop or two, never minutes
    watched = statistics.median(m / v for v, m in others)
    assert watched > 4 * statistics.median(m / v for v, m in shorts)
    assert statistics.median(v for v, _ in shorts) > statistics.median(v for v, _ in others)


def test_long_videos_and_live_streams_are_there(sandbox: Sandbox, channel: str) -> None:
    videos = uploads(sandbox, channel)
    live = [v for v in videos if "liveStreamingDetails" in v]
    on_demand = [v for v in videos if "liveStreamingDetails" not in v]
    long_form = [v for v in on_demand if seconds(v["contentDetails"]["duration"]) >= 1800]
    assert live
    assert len(long_form) >= 0.06 * len(on_demand)


def test_a_live_stream_is_watched_live_on_its_day_then_on_demand(
    sandbox: Sandbox, channel: str
) -> None:
    live = [
        v
        for v in uploads(sandbox, channel)
        if "liveStreamingDetails" in v and published(v) <= LAST - timedelta(days=30)
    ]
    video = live[-1]
    first = published(video)
    rows = report(
        sandbox,
        channel,
        startDate=str(first),
        endDate=str(first + timedelta(days=29)),
        dimensions="day,liveOrOnDemand",
        filters=f"video=={video['id']}",
        metrics="views,estimatedMinutesWatched",
    )
    live_rows = [row for row in rows if row[1] == "LIVE" and row[2] > 0]
    assert [row[0] for row in live_rows] == [str(first)]
    on_demand = {day: views for day, kind, views, _ in rows if kind == "ON_DEMAND"}
    assert live_rows[0][2] > on_demand.get(str(first), 0)
    later = [on_demand.get(str(first + timedelta(days=k)), 0) for k in range(7, 30)]
    assert statistics.fmean(later) < 0.1 * live_rows[0][2]


def test_same_seed_same_titles_and_numbers(sandbox: Sandbox) -> None:
    channel = next(c.id for c in sandbox.channels.values() if c.title == "Trail and Tide")
    metrics = "views,estimatedMinutesWatched,likes"
    with Sandbox(seed=sandbox.seed, auto_consent=True) as again:
        titles = [v["snippet"]["title"] for v in uploads(again, channel)]
        countries = report(again, channel, dimensions="country", metrics=metrics)
    assert titles == [v["snippet"]["title"] for v in uploads(sandbox, channel)]
    assert countries == report(sandbox, channel, dimensions="country", metrics=metrics)
