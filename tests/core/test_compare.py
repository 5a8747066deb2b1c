"""Comparing periods: the compared ranges, and two sandbox reports merged into one table
whose values, changes and totals are checked against the sandbox's own answers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any

import pytest

from analytix_desktop.api import catalogue
from analytix_desktop.api.report import Report
from analytix_desktop.core.compare import (
    ItemReport,
    channel_report,
    compared_query,
    compared_range,
    comparison_totals,
    merge_items,
    merge_periods,
    per_item_query,
    split_by,
    split_name,
)
from analytix_desktop.core.context import ChannelContext
from analytix_desktop.core.desktop_client import DesktopClient
from analytix_desktop.core.services import Services
from analytix_desktop.sandbox import Sandbox
from tests.core.test_report_history import REPORTS, client, services  # noqa: F401
from tests.gui.conftest import consent, memory_keyring, paths  # noqa: F401
from tests.sandbox_answers import sandbox_report

END = dt.date.today() - dt.timedelta(days=3)
START = END - dt.timedelta(days=27)
METRICS = ("views", "estimatedMinutesWatched", "averageViewDuration")


def _query(dimensions: tuple[str, ...], start: dt.date = START, end: dt.date = END) -> Any:
    return catalogue.Query(dimensions=dimensions, metrics=METRICS, start_date=start, end_date=end)


def _ask(sandbox: Sandbox, channel_id: str, query: catalogue.Query) -> dict[str, Any]:
    params: dict[str, Any] = {
        "metrics": ",".join(query.metrics),
        "dimensions": ",".join(query.dimensions),
        "startDate": query.start_date.isoformat(),
        "endDate": query.end_date.isoformat(),
    }
    if query.dimensions == ("day",):
        params["sort"] = "day"
    if query.filters:
        params["filters"] = ";".join(f"{key}=={value}" for key, value in query.filters.items())
    return sandbox_report(sandbox, channel_id, **params)


def _by_key(answer: dict[str, Any]) -> dict[str, dict[str, float]]:
    names = [header["name"] for header in answer["columnHeaders"]]
    return {row[0]: dict(zip(names[1:], row[1:], strict=True)) for row in answer.get("rows", [])}


def _report(answer: dict[str, Any], dimensions: tuple[str, ...]) -> Report:
    return Report(answer, catalogue.validate(_query(dimensions)))


def test_previous_period_has_the_same_length_and_ends_the_day_before() -> None:
    start, end = compared_range(_query(("day",)), "previous")
    assert (start, end) == (START - dt.timedelta(days=28), START - dt.timedelta(days=1))


def test_last_year_is_52_weeks_back_so_weekdays_meet() -> None:
    start, end = compared_range(_query(("day",)), "last_year")
    assert (START - start).days == 364
    assert (END - end).days == 364
    assert start.weekday() == START.weekday()


def test_monthly_reports_compare_whole_months() -> None:
    query = _query(("month",), dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert compared_range(query, "previous") == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert compared_range(query, "last_year") == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))


def test_a_custom_range_is_taken_as_given_and_needed() -> None:
    chosen = (dt.date(2025, 2, 1), dt.date(2025, 2, 10))
    assert compared_range(_query(("day",)), "custom", chosen) == chosen
    with pytest.raises(ValueError, match="needs a range"):
        compared_range(_query(("day",)), "custom")


def test_daily_reports_align_by_day_offset_with_weighted_totals(sandbox: Sandbox) -> None:
    channel = sandbox.users[0].channel_ids[0]
    query = _query(("day",))
    start, end = compared_range(query, "last_year")
    mine = _ask(sandbox, channel, query)
    theirs = _ask(sandbox, channel, compared_query(query, start, end))
    merged = merge_periods(
        _report(mine, ("day",)), START, _report(theirs, ("day",)), start, "last_year"
    )
    now, then = _by_key(mine), _by_key(theirs)
    rows = {row[0]: dict(zip(merged.columns, row, strict=True)) for row in merged.resource.rows}
    assert len(rows) == 28
    for offset in range(28):
        day = (START + dt.timedelta(days=offset)).isoformat()
        before = (start + dt.timedelta(days=offset)).isoformat()
        row, views, old = rows[day], now[day]["views"], then[before]["views"]
        assert row["views"] == views
        assert row["views~last_year"] == old
        assert row["views~change"] == views - old
        assert row["views~change%"] == pytest.approx((views - old) / old * 100)
        assert row["averageViewDuration~last_year"] == then[before]["averageViewDuration"]

    totals = comparison_totals(merged)
    views = sum(r["views"] for r in now.values())
    old_views = sum(r["views"] for r in then.values())
    minutes = sum(r["estimatedMinutesWatched"] for r in now.values())
    old_minutes = sum(r["estimatedMinutesWatched"] for r in then.values())
    assert totals["views"] == views
    assert totals["views~last_year"] == old_views
    assert totals["views~change%"] == pytest.approx((views - old_views) / old_views * 100)
    # Average view duration of each period from its summed minutes and views, not the
    # mean of the daily averages.
    duration, old_duration = 60 * minutes / views, 60 * old_minutes / old_views
    assert totals["averageViewDuration"] == pytest.approx(duration)
    assert totals["averageViewDuration~last_year"] == pytest.approx(old_duration)
    assert totals["averageViewDuration~change"] == pytest.approx(duration - old_duration)
    assert totals["averageViewDuration~change%"] == pytest.approx(
        (duration - old_duration) / old_duration * 100
    )
    daily_mean = sum(r["averageViewDuration"] for r in now.values()) / len(now)
    assert not math.isclose(totals["averageViewDuration"] or 0, daily_mean)


def test_breakdowns_join_on_their_values_and_keep_rows_of_either_period(
    sandbox: Sandbox,
) -> None:
    channel = sandbox.users[0].channel_ids[0]
    query = _query(("country",))
    start, end = compared_range(query, "previous")
    mine = _ask(sandbox, channel, query)
    theirs = _ask(sandbox, channel, compared_query(query, start, end))
    merged = merge_periods(
        _report(mine, ("country",)), START, _report(theirs, ("country",)), start, "previous"
    )
    now, then = _by_key(mine), _by_key(theirs)
    rows = {row[0]: dict(zip(merged.columns, row, strict=True)) for row in merged.resource.rows}
    assert set(rows) == set(now) | set(then)
    for country, row in rows.items():
        views = now[country]["views"] if country in now else 0
        old = then[country]["views"] if country in then else 0
        assert (row["views"], row["views~previous"], row["views~change"]) == (
            views,
            old,
            views - old,
        )
    assert split_name("views~change%") == ("views", "change%")
    assert split_name("views") == ("views", "")
    assert comparison_totals(_report(mine, ("country",))) == {}


def test_channels_merge_side_by_side_with_each_channels_own_weighted_totals(
    sandbox: Sandbox,
) -> None:
    channels = sandbox.users[0].channel_ids[:2]
    query = _query(("country",))
    answers = [_ask(sandbox, channel, query) for channel in channels]
    merged = merge_items(
        [
            ItemReport("One", _report(answers[0], ("country",))),
            ItemReport("Two", _report(answers[1], ("country",))),
        ]
    )
    by_country = [_by_key(answer) for answer in answers]
    rows = {row[0]: dict(zip(merged.columns, row, strict=True)) for row in merged.resource.rows}
    assert set(rows) == set(by_country[0]) | set(by_country[1])
    assert merged.columns[1:4] == [
        "views~of:One",
        "views~of:Two",
        "estimatedMinutesWatched~of:One",
    ]
    for country, row in rows.items():
        for title, rows_of in zip(("One", "Two"), by_country, strict=True):
            assert row[f"views~of:{title}"] == rows_of.get(country, {}).get("views", 0)
    totals = comparison_totals(merged)
    for title, rows_of in zip(("One", "Two"), by_country, strict=True):
        views = sum(r["views"] for r in rows_of.values())
        minutes = sum(r["estimatedMinutesWatched"] for r in rows_of.values())
        assert totals[f"views~of:{title}"] == views
        assert totals[f"averageViewDuration~of:{title}"] == pytest.approx(60 * minutes / views)


def test_a_channel_without_a_metric_has_no_column_for_it(sandbox: Sandbox) -> None:
    channel = sandbox.users[0].channel_ids[0]
    full = _report(_ask(sandbox, channel, _query(("country",))), ("country",))
    views_only = catalogue.Query(
        dimensions=("country",), metrics=("views",), start_date=START, end_date=END
    )
    answer = _ask(sandbox, channel, views_only)
    merged = merge_items(
        [
            ItemReport("Full", full),
            ItemReport("Part", Report(answer, catalogue.validate(views_only)), ("likes",), "no"),
            ItemReport("None", None, ("views",), "no"),
        ]
    )
    assert [name for name in merged.columns if name.endswith("Part")] == ["views~of:Part"]
    assert not any(name.endswith("None") for name in merged.columns)


def test_a_report_of_several_videos_splits_into_a_column_per_video(sandbox: Sandbox) -> None:
    channel = sandbox.users[0].channel_ids[0]
    videos = sandbox.world.catalog(channel).videos[:2]  # type: ignore[attr-defined]
    ids = [video.id for video in videos]
    query = catalogue.Query(
        dimensions=("country",),
        metrics=("views",),
        filters={"video": ",".join(ids)},
        start_date=START,
        end_date=END,
    )
    found = per_item_query(query)
    assert found is not None
    split, dimension = found
    assert (split.dimensions, dimension) == (("country", "video"), "video")
    assert per_item_query(dataclasses.replace(query, filters={"video": ids[0]})) is None
    answer = _ask(sandbox, channel, split)
    titles = {video.id: video.title for video in reversed(videos)}
    merged = merge_items(split_by(Report(answer, catalogue.validate(split)), "video", titles))
    assert merged.columns == ["country", *(f"views~of:{video.title}" for video in reversed(videos))]
    totals = comparison_totals(merged)
    rows = {row[0]: dict(zip(merged.columns, row, strict=True)) for row in merged.resource.rows}
    for video in videos:
        # The sandbox's own rows of this video (country, video, views).
        mine = {row[0]: row[2] for row in answer["rows"] if row[1] == video.id}
        assert sum(mine.values()) > 0
        assert totals[f"views~of:{video.title}"] == sum(mine.values())
        for country, row in rows.items():
            assert row[f"views~of:{video.title}"] == mine.get(country, 0)


def test_a_channel_report_forced_is_fetched_again_though_stored(
    services: Services,  # noqa: F811
    client: tuple[DesktopClient, str],  # noqa: F811
    consent: Sandbox,  # noqa: F811
) -> None:
    desktop, channel_id = client
    channel = ChannelContext(channel_id, "Mine")
    query = dataclasses.replace(_query(("day",)), metrics=("views",), sort_options=("day",))
    history = services.history

    first = channel_report(history, desktop, channel, query)
    again = channel_report(history, desktop, channel, query)  # from the local history
    assert len(consent.log.entries(REPORTS)) == 1
    forced = channel_report(history, desktop, channel, query, force=True)
    assert len(consent.log.entries(REPORTS)) == 2

    views = {day: row["views"] for day, row in _by_key(_ask(consent, channel_id, query)).items()}
    for result in (first, again, forced):
        assert result.report is not None
        assert dict(result.report.resource.rows) == views
