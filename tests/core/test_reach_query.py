"""Reach queries against numbers computed in the test from the sandbox's own CSV downloads
(fetched with requests, parsed with the csv module) and its Analytics API answers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from analytix_desktop.api.bulk_codes import TRAFFIC_SOURCE_NAMES
from analytix_desktop.api.dates import PACIFIC
from analytix_desktop.core.reach import (
    REACH_REPORT_TYPE,
    REACH_REPORT_TYPES,
    Reach,
    ReachQuery,
    ReachResult,
)
from analytix_desktop.core.reach_days import COVERAGE_TYPE, expected_at
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store.reach_db import ReachStore
from tests.core.test_reach_sync import RECENT_JOBS, channel_named, shard_of
from tests.sandbox_answers import (
    daily_reports,
    report_day,
    reporting_jobs,
    rows_as_dicts,
    sandbox_report,
    token,
)

Sums = dict[Any, list[float]]


class Synced:
    """A channel synced into a store, and its newest CSV of each day, straight from the
    sandbox."""

    def __init__(self, sandbox: Sandbox, store: ReachStore) -> None:
        self.sandbox = sandbox
        self.channel = channel_named(sandbox, RECENT_JOBS)
        self.reach = Reach(store, clock=sandbox.clock.now)
        with shard_of(sandbox, self.channel) as shard:
            self.reach.sync(shard, self.channel)
        self.rows: dict[str, list[dict[str, str]]] = {}
        self.days: list[dt.date] = []
        jobs = reporting_jobs(sandbox, self.channel)
        for kind in REACH_REPORT_TYPES:
            newest: dict[dt.date, dict[str, Any]] = {}
            for report in daily_reports(sandbox, self.channel, jobs[kind]["id"]):
                day = report_day(report)
                if day not in newest or report["createTime"] > newest[day]["createTime"]:
                    newest[day] = report
            self.rows[kind] = [row for report in newest.values() for row in self.csv(report)]
            self.days = self.days or sorted(newest)  # the days of channel_reach_basic_a1

    def csv(self, report: dict[str, Any]) -> list[dict[str, str]]:
        response = requests.get(
            report["downloadUrl"],
            headers={"Authorization": f"Bearer {token(self.sandbox, self.channel)}"},
            timeout=30,
        )
        assert response.status_code == 200
        rows = list(csv.DictReader(io.StringIO(response.text)))
        for row in rows:
            row["date"] = dt.datetime.strptime(row["date"], "%Y%m%d").date().isoformat()
        return rows

    def sums(self, kind: str, key: str, *names: str) -> Sums:
        """Per ``key``: impressions and clicks (impressions x ctr), or the ``names``' sums."""
        sums: Sums = defaultdict(lambda: [0.0, 0.0])
        for row in self.rows[kind]:
            if names:
                values = [float(row[name]) for name in names]
            else:
                seen = int(row["video_thumbnail_impressions"])
                values = [seen, seen * float(row["video_thumbnail_impressions_ctr"])]
            for index, value in enumerate(values):
                sums[row[key]][index] += value
        return sums


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synced]:
    """One sync for the module's tests, which only read (a sandbox of their own)."""
    store = ReachStore.open(tmp_path_factory.mktemp("reach") / "reports.sqlite3")
    with Sandbox(seed=7, auto_consent=True) as sandbox:
        yield Synced(sandbox, store)
    store.close()


def query(synced: Synced, by: str) -> ReachResult:
    return synced.reach.query(synced.channel, ReachQuery(synced.days[0], synced.days[-1], by))


def assert_rows(result: ReachResult, expected: Sums, views: Sums | None) -> None:
    rows = result.report.rows_typed()
    assert len(rows) == len(expected)
    for key, seen, ctr, from_impressions, *viewed in rows:
        name = key.isoformat() if isinstance(key, dt.date) else key
        impressions, clicks = expected[name]
        assert seen == impressions
        assert ctr == pytest.approx(clicks / impressions if impressions else 0.0)
        assert from_impressions == round(clicks)
        if views is not None:
            assert viewed == [views.get(name, [0])[0]]


def test_by_day_the_numbers_are_the_sandboxs_and_views_agree_with_the_analytics_api(
    synced: Synced,
) -> None:
    result = query(synced, "day")
    assert result.report.type is REACH_REPORT_TYPE
    assert result.report.columns == [
        "day",
        "videoThumbnailImpressions",
        "videoThumbnailImpressionsCtr",
        "viewsFromImpressions",
        "views",
    ]
    assert result.covered_days == len(synced.days) >= 40
    assert result.missing == []
    daily = synced.sums("channel_reach_basic_a1", "date")
    views = synced.sums("channel_basic_a3", "date", "views")
    assert_rows(result, daily, views)
    analytics = sandbox_report(
        synced.sandbox,
        synced.channel,
        dimensions="day",
        metrics="views",
        startDate=synced.days[0].isoformat(),
        endDate=synced.days[-1].isoformat(),
    )
    by_analytics = {row["day"]: row["views"] for row in rows_as_dicts(analytics)}
    assert {day.isoformat(): v for day, *_, v in result.report.rows_typed()} == by_analytics  # type: ignore[union-attr]
    assert "channel_basic_a3" in result.views_source

    impressions = sum(seen for seen, _ in daily.values())
    clicks = math.fsum(part for _, part in daily.values())
    assert result.totals["videoThumbnailImpressions"] == impressions
    assert result.totals["videoThumbnailImpressionsCtr"] == pytest.approx(clicks / impressions)
    mean_of_rates = sum(part / seen for seen, part in daily.values()) / len(daily)
    assert result.totals["videoThumbnailImpressionsCtr"] != pytest.approx(mean_of_rates)
    assert result.totals["viewsFromImpressions"] == round(clicks)
    assert result.totals["views"] == sum(v for v, _ in views.values())


def test_by_video_sorted_by_impressions_and_for_some_videos(synced: Synced) -> None:
    result = query(synced, "video")
    by_video = synced.sums("channel_reach_basic_a1", "video_id")
    views = synced.sums("channel_basic_a3", "video_id", "views")
    assert_rows(result, {**{v: [0, 0.0] for v in views}, **by_video}, views)
    impressions = result.report.column("videoThumbnailImpressions")
    assert impressions == sorted(impressions, reverse=True)

    chosen = tuple(str(video) for video in result.report.column("video")[1:3])
    some = synced.reach.query(
        synced.channel, ReachQuery(synced.days[0], synced.days[-1], "video", chosen)
    )
    assert some.report.column("video") == list(chosen)
    assert some.totals["videoThumbnailImpressions"] == sum(by_video[v][0] for v in chosen)


def test_by_traffic_source_with_the_analytics_apis_names(synced: Synced) -> None:
    result = query(synced, "traffic_source")
    assert result.report.columns[0] == "insightTrafficSourceType"
    assert "views" not in result.report.columns
    by_code = synced.sums("channel_reach_combined_a1", "traffic_source_type")
    by_name = {TRAFFIC_SOURCE_NAMES[int(code)]: sums for code, sums in by_code.items()}
    assert_rows(result, by_name, None)


def test_missing_days_before_the_backfill_and_not_yet_published(synced: Synced) -> None:
    before, after = synced.days[0] - dt.timedelta(days=1), synced.days[-1] + dt.timedelta(days=1)
    created = synced.reach.jobs(synced.channel).jobs["channel_reach_basic_a1"].create_time  # type: ignore[union-attr]
    job_day = created.astimezone(PACIFIC).date()
    assert before == job_day - dt.timedelta(days=31)
    # Asked at fixed moments around the next day's expected publication, not at the
    # wall clock's: which side of it "now" falls on would depend on the time of day.
    job = next(j for j in synced.reach.store.jobs(synced.channel) if j.report_type == COVERAGE_TYPE)
    expected = expected_at(after, job)
    early = Reach(synced.reach.store, clock=lambda: expected - dt.timedelta(hours=1))
    result = early.query(synced.channel, ReachQuery(before, after, "day"))
    assert result.covered_days == len(synced.days)
    assert [m.day for m in result.missing] == [before, after]
    assert result.missing[0].reason.startswith(f"Before {synced.days[0].day} ")
    assert result.missing[1].reason.startswith("Not yet published: expected around ")
    late = Reach(synced.reach.store, clock=lambda: expected + dt.timedelta(hours=1))
    overdue = late.query(synced.channel, ReachQuery(after, after, "day")).missing
    assert [m.day for m in overdue] == [after]
    assert overdue[0].reason.startswith("Should have been published around ")
