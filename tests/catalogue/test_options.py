"""options(): what the GUI may offer next, with reasons for what it may not."""

from __future__ import annotations

import time

from analytix_desktop.api.catalogue import complete, options, validate

from .support import query


def test_empty_query_offers_almost_everything() -> None:
    opts = options(query())
    assert opts.dimensions["day"].valid
    assert opts.metrics["views"].valid
    assert opts.filters["group"].valid
    assert not opts.dimensions["claimedStatus"].valid
    assert "no channel report" in opts.dimensions["claimedStatus"].reason
    assert opts.sort_options == {}


def test_one_of_day_or_month() -> None:
    choice = options(query(dimensions=("day",))).dimensions["month"]
    assert not choice.valid
    assert "'day' or 'month'" in choice.reason


def test_metric_clash_names_the_culprit() -> None:
    choice = options(query(dimensions=("insightTrafficSourceType",))).metrics["likes"]
    assert not choice.valid
    assert (
        choice.reason
        == "metric 'likes' cannot be combined with dimension 'insightTrafficSourceType'"
    )


def test_already_chosen() -> None:
    assert "already chosen" in options(query(metrics=("views",))).metrics["views"].reason


def test_sort_options_follow_the_report_type() -> None:
    opts = options(query(dimensions=("day",), metrics=("views",)))
    assert opts.sort_options["day"].valid
    assert opts.sort_options["-views"].valid
    opts = options(query(dimensions=("video",), metrics=("views", "likes")))
    assert opts.sort_options["-views"].valid
    assert not opts.sort_options["views"].valid
    assert "descending order only" in opts.sort_options["views"].reason
    assert not opts.sort_options["-likes"].valid
    assert not opts.sort_options["-video"].valid


def test_restricted_filter_values() -> None:
    opts = options(query(dimensions=("insightTrafficSourceDetail",)))
    assert "SHORTS" not in opts.filter_values["insightTrafficSourceType"]
    assert "YT_SEARCH" in opts.filter_values["insightTrafficSourceType"]
    opts = options(query(dimensions=("insightPlaybackLocationDetail",)))
    assert opts.filter_values["insightPlaybackLocationType"] == ("EMBEDDED",)


def test_dead_query_explains_itself() -> None:
    opts = options(query(dimensions=("day", "month")))
    assert opts.report_types == ()
    assert not opts.metrics["views"].valid
    assert "fits no report type" in opts.metrics["views"].reason


def test_complete_adds_what_is_missing() -> None:
    q = complete(query(dimensions=("video",)))
    assert q.sort_options == ("-views",)
    assert q.max_results == 200
    assert validate(q).name == "Top videos by region"


def test_options_is_fast() -> None:
    partial = query(dimensions=("day", "deviceType"), filters={"country": "US"},
                    metrics=("views",))  # fmt: skip
    options(partial)
    runs = 50
    began = time.perf_counter()
    for _ in range(runs):
        options(partial)
        options(query())
    per_call = (time.perf_counter() - began) / (2 * runs)
    assert per_call < 0.005
