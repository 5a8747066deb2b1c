"""validate(): analytix's bugs fixed, the rules it lacked, and every error kind."""

from __future__ import annotations

import datetime as dt

import pytest

from analytix_desktop.api.catalogue import REPORT_TYPES, validate

from .support import query, refusal

TOP = {"sort_options": ("-views",), "max_results": 10}


# --- analytix bugs, fixed -------------------------------------------------------------


def test_sorting_by_a_requested_dimension_is_allowed() -> None:
    q = query(dimensions=("day",), metrics=("views",), sort_options=("day",))
    assert validate(q).name == "Time-based activity"
    q = query(
        dimensions=("day", "insightTrafficSourceType"),
        metrics=("views", "estimatedMinutesWatched"),
        sort_options=("day", "-views"),
    )
    assert validate(q).name == "Traffic sources"


def test_top_reports_do_not_sort_by_a_dimension() -> None:
    error = refusal(query(dimensions=("video",), metrics=("views",), sort_options=("-video",),
                          max_results=10))  # fmt: skip
    assert error.field == "sort"
    assert error.value == "-video"
    assert "'-views'" in str(error)


def test_group_with_views_is_not_forced_into_a_playlist_report() -> None:
    q = query(filters={"group": "g1"}, metrics=("views", "likes"))
    assert validate(q).name == "Basic user activity"
    q = query(filters={"group": "g1"}, metrics=("views",))
    assert validate(q).name == "Basic user activity"
    q = query(filters={"group": "g1"}, metrics=("playlistStarts",))
    assert validate(q).name == "Basic user activity for playlists"


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (dt.date(2024, 1, 2), dt.date(2024, 3, 1), "startDate"),
        (dt.date(2024, 1, 1), dt.date(2024, 3, 31), "endDate"),
    ],
)
def test_month_reports_start_and_end_on_the_first(start: dt.date, end: dt.date, field: str) -> None:
    error = refusal(query(dimensions=("month",), metrics=("views",), start_date=start,
                          end_date=end))  # fmt: skip
    assert (error.kind, error.field) == ("value", field)
    assert "first of a month" in str(error)
    assert error.value in str(error)


def test_month_report_on_firsts_is_accepted() -> None:
    assert validate(query(dimensions=("month",), metrics=("views",))).name == (
        "Time-based activity"
    )


def test_multiple_videos_are_allowed_where_google_allows_them() -> None:
    ids = ",".join(f"v{i}" for i in range(500))
    assert validate(query(filters={"video": ids}, metrics=("views",)))
    error = refusal(query(filters={"video": ids + ",v500"}, metrics=("views",)))
    assert (error.kind, error.field) == ("value", "filters")
    assert "at most 500" in str(error)


@pytest.mark.parametrize(("key", "value"), [("country", "US,GB"), ("group", "g1,g2")])
def test_lists_are_refused_elsewhere(key: str, value: str) -> None:
    error = refusal(query(filters={key: value}, metrics=("views",)))
    assert (error.kind, error.field, error.value) == ("value", "filters", value)
    assert "single value" in str(error)


# --- rules analytix lacked ------------------------------------------------------------


@pytest.mark.parametrize(
    ("dimensions", "filters", "extra"),
    [
        ((), {}, {}),
        (("day",), {}, {}),
        (("country",), {}, {}),
        (("province",), {"country": "US"}, {}),
        (("subscribedStatus",), {}, {}),
        (("video",), {}, TOP),
        (("insightTrafficSourceType",), {}, {}),
        (("insightTrafficSourceDetail",), {"insightTrafficSourceType": "YT_SEARCH"}, TOP),
        (("insightPlaybackLocationType",), {}, {}),
        (("deviceType", "operatingSystem"), {}, {}),
        (("liveOrOnDemand",), {}, {}),
        (("city",), {}, TOP),
        (("dma",), {"country": "US"}, {}),
        (("day",), {"playlist": "p1"}, {}),
        (("insightTrafficSourceType",), {"playlist": "p1"}, {}),
    ],
)
def test_engaged_views_is_a_core_metric(
    dimensions: tuple[str, ...], filters: dict[str, str], extra: dict[str, object]
) -> None:
    q = query(dimensions=dimensions, filters=filters, metrics=("views", "engagedViews"), **extra)
    assert validate(q)


def test_engaged_views_goes_wherever_views_does() -> None:
    """Google's tables list engagedViews beside views, traffic sources included."""
    with_views = {rt.name for rt in REPORT_TYPES if "views" in rt.metric_names}
    with_engaged = {rt.name for rt in REPORT_TYPES if "engagedViews" in rt.metric_names}
    assert with_engaged == with_views
    assert len(with_views) == 41


def test_audience_retention_metrics() -> None:
    q = query(
        dimensions=("elapsedVideoTimeRatio",),
        filters={"video": "v1", "audienceType": "ORGANIC"},
        metrics=("audienceWatchRatio", "startedWatching", "stoppedWatching",
                 "totalSegmentImpressions"),
    )  # fmt: skip
    assert validate(q).name == "Audience retention"


def test_audience_retention_takes_one_video() -> None:
    error = refusal(query(dimensions=("elapsedVideoTimeRatio",), filters={"video": "a,b"},
                          metrics=("audienceWatchRatio",)))  # fmt: skip
    assert (error.kind, error.value) == ("value", "a,b")
    assert "single 'video' value" in str(error)


def test_traffic_source_video_days_limit() -> None:
    ids = ",".join(f"v{i}" for i in range(500))
    ok = query(dimensions=("insightTrafficSourceType",), filters={"video": ids},
               metrics=("views",), start_date=dt.date(2024, 1, 1),
               end_date=dt.date(2024, 4, 9))  # fmt: skip
    assert ok.days == 100
    assert validate(ok).name == "Traffic sources"
    over = query(dimensions=("insightTrafficSourceType",), filters={"video": ids},
                 metrics=("views",), start_date=dt.date(2024, 1, 1),
                 end_date=dt.date(2024, 4, 10))  # fmt: skip
    error = refusal(over)
    assert (error.kind, error.field, error.value) == ("value", "filters", "video")
    assert "50,000" in str(error)
    assert "500 videos x 101 days" in str(error)


def test_video_days_limit_applies_to_traffic_sources_only() -> None:
    ids = ",".join(f"v{i}" for i in range(500))
    q = query(dimensions=("day",), filters={"video": ids}, metrics=("views",),
              start_date=dt.date(2023, 1, 1), end_date=dt.date(2024, 1, 1))  # fmt: skip
    assert validate(q).name == "Time-based activity"


def test_traffic_source_detail_needs_a_detail_capable_type() -> None:
    base = {"dimensions": ("insightTrafficSourceDetail",), "metrics": ("views",), **TOP}
    assert validate(query(filters={"insightTrafficSourceType": "YT_SEARCH"}, **base))
    error = refusal(query(filters={"insightTrafficSourceType": "SHORTS"}, **base))
    assert (error.kind, error.value) == ("value", "SHORTS")
    assert "'YT_SEARCH'" in str(error)


# --- top N reports --------------------------------------------------------------------


def test_top_videos_need_descending_sort_and_max_results() -> None:
    base = {"dimensions": ("video",), "metrics": ("views",)}
    assert validate(query(**base, sort_options=("-views",), max_results=200))
    error = refusal(query(**base, max_results=10))
    assert error.field == "sort"
    assert "descending sort option" in str(error)
    error = refusal(query(**base, sort_options=("views",), max_results=10))
    assert (error.kind, error.value) == ("value", "views")
    assert "'-views'" in str(error)
    error = refusal(query(**base, sort_options=("-views",), max_results=201))
    assert (error.kind, error.field, error.value) == ("value", "maxResults", "201")
    error = refusal(query(**base, sort_options=("-views",)))
    assert error.field == "maxResults"
    assert "between 1 and 200" in str(error)


def test_city_report_allows_250_rows() -> None:
    q = query(dimensions=("city",), metrics=("views",), sort_options=("-views",), max_results=250)
    assert validate(q).name == "Geography-based activity (by city)"
    assert refusal(query(dimensions=("city",), metrics=("views",), sort_options=("-views",),
                         max_results=251)).field == "maxResults"  # fmt: skip


def test_city_with_province_needs_us_filter() -> None:
    base = {"dimensions": ("city", "province"), "metrics": ("views",), **TOP}
    assert validate(query(filters={"country": "US"}, **base)).name == (
        "Geography-based activity (by city, US)"
    )
    error = refusal(query(filters={"country": "GB"}, **base))
    assert error.value == "GB"
    assert "must be 'US'" in str(error)


def test_locked_playback_location() -> None:
    base = {"dimensions": ("insightPlaybackLocationDetail",), "metrics": ("views",), **TOP}
    assert validate(query(filters={"insightPlaybackLocationType": "EMBEDDED"}, **base))
    error = refusal(query(filters={"insightPlaybackLocationType": "WATCH"}, **base))
    assert error.value == "WATCH"
    assert "'EMBEDDED'" in str(error)


def test_playlist_reports_take_no_location_filters() -> None:
    error = refusal(query(dimensions=("country",), filters={"playlist": "p", "continent": "150"},
                          metrics=("playlistViews",)))  # fmt: skip
    assert error.field in {"filters", "metrics"}


# --- error kinds and messages ---------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "value"),
    [
        ({"dimensions": ("dya",), "metrics": ("views",)}, "dimensions", "dya"),
        ({"metrics": ("impressions",)}, "metrics", "impressions"),
        ({"filters": {"planet": "earth"}, "metrics": ("views",)}, "filters", "planet"),
        ({"metrics": ("views",), "sort_options": ("-vews",)}, "sort", "-vews"),
    ],
)
def test_unknown_identifiers(fields: dict[str, object], field: str, value: str) -> None:
    error = refusal(query(**fields))
    assert (error.kind, error.field, error.value) == ("unknown", field, value)
    assert value.lstrip("-") in str(error)


@pytest.mark.parametrize(
    ("fields", "field", "value"),
    [
        ({"filters": {"country": "XX"}}, "filters", "XX"),
        ({"filters": {"deviceType": "PHONE"}}, "filters", "PHONE"),
        ({"filters": {"video": ""}}, "filters", "video"),
        ({"currency": "ABC"}, "currency", "ABC"),
        ({"max_results": -1}, "maxResults", "-1"),
        ({"start_index": 0}, "startIndex", "0"),
        ({"start_date": dt.date(2024, 2, 1), "end_date": dt.date(2024, 1, 1)}, "endDate",
         "2024-01-01"),
        ({"sort_options": ("-likes",)}, "sort", "-likes"),
        ({"metrics": ("views", "views")}, "metrics", "views"),
    ],
)  # fmt: skip
def test_bad_values(fields: dict[str, object], field: str, value: str) -> None:
    fields.setdefault("metrics", ("views",))
    error = refusal(query(**fields))
    assert (error.kind, error.field, error.value) == ("value", field, value)
    assert value.lstrip("-") in str(error)


def test_metrics_are_required() -> None:
    error = refusal(query())
    assert (error.kind, error.field) == ("required", "metrics")


def test_unsupported_names_the_closest_type_and_what_is_valid() -> None:
    error = refusal(query(dimensions=("day", "month"), metrics=("views",)))
    assert error.kind == "unsupported"
    assert error.field == "dimensions"
    assert "expected exactly 1 dimension from 'day' and 'month', got 2" in str(error)
    error = refusal(query(dimensions=("insightTrafficSourceType",), metrics=("views", "likes")))
    assert (error.kind, error.field, error.value) == ("unsupported", "metrics", "likes")
    assert (
        "metric 'likes' is not available in 'Traffic sources'; valid metrics: 'views',"
        " 'engagedViews', and 'estimatedMinutesWatched'"
    ) in str(error)


def test_closest_type_prefers_missing_dimensions_over_foreign_metrics() -> None:
    error = refusal(query(metrics=("viewerPercentage",)))
    assert "'Viewer demographics'" in str(error)
    assert "at least 1 dimension from 'ageGroup' and 'gender'" in str(error)


def test_dimensions_no_channel_report_takes() -> None:
    error = refusal(query(dimensions=("claimedStatus",), metrics=("views",)))
    assert (error.kind, error.field, error.value) == ("unsupported", "dimensions",
                                                      "claimedStatus")  # fmt: skip
