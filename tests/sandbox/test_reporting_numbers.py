"""The Reporting API's CSVs agree with the same sandbox's Analytics API: views and the other
counts per video and day exactly, and the reach reports with each other (impressions and
clicks), with plausible click-through rates. Everything is fetched over HTTP."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from analytix_desktop.api.bulk_codes import DEVICE_TYPES, OPERATING_SYSTEMS
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.horizon import data_horizon, last_data_day
from tests.sandbox_answers import rows_as_dicts, sandbox_report, token

PACIFIC = ZoneInfo("America/Los_Angeles")
THUMBNAIL_SOURCES = {3, 4, 5, 7, 8, 14, 17, 24}
# CSV column -> the Analytics API metric it must equal per video and day.
SAME_AS_ANALYTICS = {
    "views": "views",
    "watch_time_minutes": "estimatedMinutesWatched",
    "likes": "likes",
    "comments": "comments",
    "shares": "shares",
    "subscribers_gained": "subscribersGained",
    "subscribers_lost": "subscribersLost",
}
Table = list[dict[str, str]]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(seed=11) as own:
        yield own


def channel(sandbox: Sandbox, title: str) -> str:
    return next(c.id for c in sandbox.channels.values() if c.title == title)


def headers(sandbox: Sandbox, channel_id: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(sandbox, channel_id)}"}


def reports_by_day(sandbox: Sandbox, channel_id: str, type_id: str) -> dict[date, dict[str, Any]]:
    """The newest report of each day of the channel's job of ``type_id``."""
    auth = headers(sandbox, channel_id)
    jobs = requests.get(f"{sandbox.url}/v1/jobs", headers=auth, timeout=30).json()["jobs"]
    job = next(j for j in jobs if j["reportTypeId"] == type_id)
    answer = requests.get(
        f"{sandbox.url}/v1/jobs/{job['id']}/reports",
        params={"pageSize": 1000},
        headers=auth,
        timeout=30,
    ).json()
    newest: dict[date, dict[str, Any]] = {}
    for report in sorted(answer["reports"], key=lambda r: r["createTime"]):
        start = datetime.fromisoformat(report["startTime"]).astimezone(PACIFIC)
        newest[start.date()] = report
    return newest


def download(sandbox: Sandbox, channel_id: str, report: dict[str, Any]) -> bytes:
    response = requests.get(report["downloadUrl"], headers=headers(sandbox, channel_id), timeout=30)
    assert response.status_code == 200, response.text
    return response.content


def table(body: bytes) -> Table:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def days_with_data(reports: dict[date, dict[str, Any]], count: int) -> list[date]:
    """``count`` days spread over the listed ones that the Analytics API already has."""
    days = sorted(day for day in reports if day <= last_data_day())
    step = max(len(days) // count, 1)
    return days[::step][:count]


def analytics_by_video(
    sandbox: Sandbox, channel_id: str, video: str, first: date, last: date
) -> dict[str, dict[str, int]]:
    """The Analytics API's answer for one video, per day (ISO date -> metric -> value)."""
    answer = sandbox_report(
        sandbox,
        channel_id,
        startDate=first.isoformat(),
        endDate=last.isoformat(),
        dimensions="day",
        filters=f"video=={video}",
        metrics=",".join(SAME_AS_ANALYTICS.values()),
    )
    return {row.pop("day"): row for row in rows_as_dicts(answer)}


def per_video(rows: Table, columns: tuple[str, ...]) -> dict[str, dict[str, float]]:
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        for column in columns:
            sums[row["video_id"]][column] += float(row[column])
    return sums


def test_basic_a3_counts_per_video_and_day_equal_the_analytics_api(sandbox: Sandbox) -> None:
    kitchen = channel(sandbox, "Northern Lights Kitchen")
    reports = reports_by_day(sandbox, kitchen, "channel_basic_a3")
    days = days_with_data(reports, 4)
    assert len(days) == 4
    csv_by_day = {day: table(download(sandbox, kitchen, reports[day])) for day in days}
    sums = {day: per_video(rows, tuple(SAME_AS_ANALYTICS)) for day, rows in csv_by_day.items()}
    # Several videos: the busiest, a quiet one, and Shorts and live streams where there are.
    catalog = sandbox.world.catalog(kitchen)
    kinds = {v.id: v.content_type for v in catalog.videos}
    last_day = sums[days[-1]]
    busiest = sorted(last_day, key=lambda v: -last_day[v]["views"])
    picked = {*busiest[:3], busiest[-1]}
    for kind in ("SHORTS", "LIVE_STREAM"):
        picked |= {next((v for v in busiest if kinds[v] == kind), busiest[0])}
    assert len(picked) >= 5
    for video in sorted(picked):
        analytics = analytics_by_video(sandbox, kitchen, video, days[0], days[-1])
        for day in days:
            expected = analytics.get(day.isoformat(), dict.fromkeys(SAME_AS_ANALYTICS.values(), 0))
            got = sums[day].get(video, defaultdict(float))
            for column, metric in SAME_AS_ANALYTICS.items():
                assert got[column] == expected[metric], (video, day, column)

    # And the whole channel's day: every video's rows add up to the Analytics API's total.
    answer = sandbox_report(
        sandbox,
        kitchen,
        startDate=days[0].isoformat(),
        endDate=days[-1].isoformat(),
        dimensions="day",
        metrics="views",
    )
    totals = {row["day"]: row["views"] for row in rows_as_dicts(answer)}
    for day, rows in csv_by_day.items():
        assert sum(int(row["views"]) for row in rows) == totals[day.isoformat()]


def test_basic_a3_rows_are_plausible_and_small(sandbox: Sandbox) -> None:
    kitchen = channel(sandbox, "Northern Lights Kitchen")  # the biggest demo channel
    reports = reports_by_day(sandbox, kitchen, "channel_basic_a3")
    day = days_with_data(reports, 1)[0]
    body = download(sandbox, kitchen, reports[day])
    assert len(body) < 1_000_000
    rows = table(body)
    live_videos = {
        v.id
        for v in sandbox.world.catalog(kitchen).videos
        if v.content_type == "LIVE_STREAM" and v.day == day
    }
    countries: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        assert row["date"] == day.strftime("%Y%m%d")
        assert row["channel_id"] == kitchen
        assert row["subscribed_status"] in ("subscribed", "unsubscribed")
        assert row["live_or_on_demand"] == "on_demand" or row["video_id"] in live_videos
        assert len(row["country_code"]) == 2
        assert row["country_code"].isupper()
        assert int(row["views"]) > 0
        seconds = int(row["watch_time_minutes"]) * 60 / int(row["views"])
        assert float(row["average_view_duration_seconds"]) == pytest.approx(seconds, abs=1e-3)
        assert float(row["average_view_duration_percentage"]) >= 0
        countries[row["video_id"]].add(row["country_code"])
    assert max(len(c) for c in countries.values()) <= 8
    # No row has more engaged views than views, unless the video's own day has (the
    # Analytics API's integer split can give a video with few views one engaged view more).
    sums = per_video(rows, ("views", "engaged_views"))
    for row in rows:
        if sums[row["video_id"]]["engaged_views"] <= sums[row["video_id"]]["views"]:
            assert int(row["engaged_views"]) <= int(row["views"])
    assert max(len(c) for c in countries.values()) >= 4  # busy videos reach several countries


def reach_tables(sandbox: Sandbox, channel_id: str, days: int) -> Iterator[tuple[Table, Table]]:
    basics = reports_by_day(sandbox, channel_id, "channel_reach_basic_a1")
    combined = reports_by_day(sandbox, channel_id, "channel_reach_combined_a1")
    for day in days_with_data(basics, days):
        yield (
            table(download(sandbox, channel_id, basics[day])),
            table(download(sandbox, channel_id, combined[day])),
        )


def clicks(row: dict[str, str]) -> float:
    return int(row["video_thumbnail_impressions"]) * float(row["video_thumbnail_impressions_ctr"])


def test_combined_reach_adds_up_to_the_basic_report(sandbox: Sandbox) -> None:
    for title in ("Northern Lights Kitchen", "Trail and Tide"):
        for basic, combined in reach_tables(sandbox, channel(sandbox, title), 3):
            assert basic
            assert combined
            impressions: dict[str, int] = defaultdict(int)
            hits: dict[str, int] = defaultdict(int)
            for row in combined:
                assert int(row["traffic_source_type"]) in THUMBNAIL_SOURCES
                assert row["traffic_source_detail"] == ""
                assert int(row["operating_system"]) in OPERATING_SYSTEMS
                assert int(row["device_type"]) in DEVICE_TYPES
                assert int(row["video_thumbnail_impressions"]) > 0
                assert clicks(row) == pytest.approx(round(clicks(row)), abs=1e-6)
                impressions[row["video_id"]] += int(row["video_thumbnail_impressions"])
                hits[row["video_id"]] += round(clicks(row))
            assert len({(r["video_id"], r["traffic_source_type"], r["operating_system"],
                         r["device_type"]) for r in combined}) == len(combined)  # fmt: skip
            assert set(impressions) == {row["video_id"] for row in basic}
            for row in basic:
                assert int(row["video_thumbnail_impressions"]) == impressions[row["video_id"]]
                assert round(clicks(row)) == hits[row["video_id"]]
                assert clicks(row) == pytest.approx(round(clicks(row)), abs=1e-6)


def test_click_through_rates_are_plausible(sandbox: Sandbox) -> None:
    kitchen = channel(sandbox, "Northern Lights Kitchen")
    videos = {v.id: v for v in sandbox.world.catalog(kitchen).videos}
    basics = reports_by_day(sandbox, kitchen, "channel_reach_basic_a1")
    views_reports = reports_by_day(sandbox, kitchen, "channel_basic_a3")
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for day in days_with_data(basics, 8):
        views = per_video(table(download(sandbox, kitchen, views_reports[day])), ("views",))
        for row in table(download(sandbox, kitchen, basics[day])):
            video = videos[row["video_id"]]
            rate = float(row["video_thumbnail_impressions_ctr"])
            assert 0.0 <= rate <= 0.35
            assert round(clicks(row)) <= views[video.id]["views"]  # views from impressions
            age = (day - video.day).days
            kind = "fresh" if age <= 2 else video.content_type
            totals[kind][0] += int(row["video_thumbnail_impressions"])
            totals[kind][1] += clicks(row)
            totals["all"][0] += int(row["video_thumbnail_impressions"])
            totals["all"][1] += clicks(row)
    ctr = {kind: hits / shown for kind, (shown, hits) in totals.items()}
    assert 0.02 <= ctr["all"] <= 0.10
    assert 0.02 <= ctr["VIDEO_ON_DEMAND"] <= 0.10
    assert ctr["SHORTS"] < ctr["VIDEO_ON_DEMAND"]
    if "fresh" in ctr:  # a video in its first days is clicked more
        assert ctr["fresh"] > ctr["VIDEO_ON_DEMAND"]


def test_same_seed_same_bytes(sandbox: Sandbox) -> None:
    trail = channel(sandbox, "Trail and Tide")
    with Sandbox(seed=11) as twin:
        for type_id in ("channel_basic_a3", "channel_reach_combined_a1"):
            ours = reports_by_day(sandbox, trail, type_id)
            theirs = reports_by_day(twin, trail, type_id)
            day = max(set(ours) & set(theirs) - {max(ours)})
            assert ours[day]["id"] == theirs[day]["id"]
            assert download(sandbox, trail, ours[day]) == download(twin, trail, theirs[day])


def test_a_day_without_data_is_the_header_alone(sandbox: Sandbox) -> None:
    trail = channel(sandbox, "Trail and Tide")
    sandbox.clock.advance(days=50)  # past the last day the sandbox has numbers for
    try:
        for type_id in ("channel_basic_a3", "channel_reach_basic_a1"):
            reports = reports_by_day(sandbox, trail, type_id)
            newest = max(reports)
            assert newest > data_horizon()
            body = download(sandbox, trail, reports[newest])
            assert body.count(b"\n") == 1
            assert body.startswith(b"date,channel_id,video_id,")
    finally:
        sandbox.clock.reset()
