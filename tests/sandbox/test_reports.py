"""``GET /v2/reports`` over real sockets: shapes, ordering, paging, lag and every refusal."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import requests

from analytix_desktop.sandbox import Sandbox
from tests.sandbox_answers import MONEY, READ, channel_of, token

TODAY = datetime.now(UTC).date()
LAST = TODAY - timedelta(days=2)
UNSUPPORTED = "The query is not supported."


def get(sandbox: Sandbox, access: str | None, **params: Any) -> requests.Response:
    headers = {"Authorization": f"Bearer {access}"} if access else {}
    return requests.get(f"{sandbox.url}/v2/reports", params=params, headers=headers, timeout=10)


def base(**extra: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "ids": "channel==MINE",
        "startDate": str(LAST - timedelta(days=59)),
        "endDate": str(LAST),
        "metrics": "views",
    }
    params.update(extra)
    return params


@pytest.fixture
def money(sandbox: Sandbox) -> str:
    return token(sandbox, channel_of(sandbox, monetised=True), MONEY)


@pytest.fixture
def plain(sandbox: Sandbox) -> str:
    return token(sandbox, channel_of(sandbox, monetised=False))


def error_of(response: requests.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == status
    return error


# -- happy paths ---------------------------------------------------------------------------


def test_totals_have_google_shape(sandbox: Sandbox, plain: str) -> None:
    response = get(sandbox, plain, **base(metrics="views,averageViewPercentage,likes"))
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "youtubeAnalytics#resultTable"
    assert body["columnHeaders"] == [
        {"name": "views", "columnType": "METRIC", "dataType": "INTEGER"},
        {"name": "averageViewPercentage", "columnType": "METRIC", "dataType": "FLOAT"},
        {"name": "likes", "columnType": "METRIC", "dataType": "INTEGER"},
    ]
    [[views, percentage, likes]] = body["rows"]
    assert isinstance(views, int)
    assert views > 0
    assert isinstance(percentage, float)
    assert 0 < percentage < 150
    assert 0 < likes < views


def test_columns_follow_request_order(sandbox: Sandbox, plain: str) -> None:
    params = base(dimensions="operatingSystem,deviceType", metrics="estimatedMinutesWatched,views")
    body = get(sandbox, plain, **params).json()
    assert [h["name"] for h in body["columnHeaders"]] == [
        "operatingSystem",
        "deviceType",
        "estimatedMinutesWatched",
        "views",
    ]
    assert [h["columnType"] for h in body["columnHeaders"]] == ["DIMENSION"] * 2 + ["METRIC"] * 2
    assert {(row[1], row[0]) for row in body["rows"]} >= {("MOBILE", "ANDROID"), ("TV", "SMART_TV")}


def test_days_stop_two_days_before_today(sandbox: Sandbox, plain: str) -> None:
    params = base(dimensions="day", startDate=str(TODAY - timedelta(days=9)), endDate=str(TODAY))
    rows = get(sandbox, plain, **params).json()["rows"]
    assert [r[0] for r in rows] == [str(TODAY - timedelta(days=n)) for n in range(9, 1, -1)]


def test_no_data_yet_omits_rows_or_gives_empty_list(sandbox: Sandbox, plain: str) -> None:
    params = base(startDate=str(TODAY - timedelta(days=1)), endDate=str(TODAY), dimensions="day")
    assert "rows" not in get(sandbox, plain, **params).json()
    sandbox.empty_rows_as_list = True  # type: ignore[attr-defined]
    try:
        assert get(sandbox, plain, **params).json()["rows"] == []
    finally:
        sandbox.empty_rows_as_list = False  # type: ignore[attr-defined]


def test_months_add_up_to_the_period(sandbox: Sandbox, plain: str) -> None:
    first = date(LAST.year - 1, 1, 1)
    params = base(startDate=str(first), endDate=str(date(LAST.year - 1, 12, 1)))
    monthly = get(sandbox, plain, **params, dimensions="month").json()["rows"]
    assert [r[0] for r in monthly][:2] == [f"{first.year}-01", f"{first.year}-02"]
    total = get(
        sandbox, plain, **base(startDate=str(first), endDate=str(date(first.year, 12, 31)))
    ).json()["rows"]
    assert sum(r[1] for r in monthly) == total[0][0]


def test_top_videos_sorted_sliced_and_paged(sandbox: Sandbox, plain: str) -> None:
    params = base(dimensions="video", metrics="views,likes", sort="-views", maxResults=10)
    rows = get(sandbox, plain, **params).json()["rows"]
    assert len(rows) == 10
    assert [r[1] for r in rows] == sorted((r[1] for r in rows), reverse=True)
    page = get(sandbox, plain, **{**params, "startIndex": 4, "maxResults": 3}).json()["rows"]
    assert page == rows[3:6]


def test_sort_by_several_keys(sandbox: Sandbox, plain: str) -> None:
    params = base(dimensions="deviceType,operatingSystem", sort="deviceType,-views")
    rows = get(sandbox, plain, **params).json()["rows"]
    assert rows == sorted(rows, key=lambda r: (r[0], -r[2]))


def test_empty_and_unknown_parameters_are_ignored(sandbox: Sandbox, plain: str) -> None:
    params = base(
        dimensions="",
        filters="",
        sort="",
        maxResults=0,
        currency="USD",
        includeHistoricalData="false",
        unknownThing="1",
    )
    assert get(sandbox, plain, **params).status_code == 200


def test_revenue_on_monetised_channel_and_currency(sandbox: Sandbox, money: str) -> None:
    metrics = "estimatedRevenue,grossRevenue,cpm,adImpressions"
    usd = get(sandbox, money, **base(metrics=metrics)).json()
    eur = get(sandbox, money, **base(metrics=metrics, currency="EUR")).json()
    assert [h["dataType"] for h in usd["columnHeaders"]] == ["FLOAT"] * 3 + ["INTEGER"]
    revenue = usd["rows"][0][0]
    assert revenue > 0
    assert eur["rows"][0][0] == pytest.approx(revenue * 0.92, rel=1e-6)
    assert eur["rows"][0][3] == usd["rows"][0][3]


def test_group_filter_matches_its_videos(sandbox: Sandbox, plain: str) -> None:
    channel = channel_of(sandbox, monetised=False)
    groups = sandbox.group_store.of_channel(channel)
    group = next(g for g in groups if g.item_type == "youtube#video")
    by_group = get(sandbox, plain, **base(filters=f"group=={group.id}")).json()["rows"]
    by_video = get(
        sandbox, plain, **base(filters="video==" + ",".join(group.resource_ids()))
    ).json()["rows"]
    assert by_group == by_video


def test_audience_retention_curve(sandbox: Sandbox, plain: str) -> None:
    channel = channel_of(sandbox, monetised=False)
    video = sandbox.world.catalog(channel).videos[-20]  # type: ignore[attr-defined]
    params = base(
        dimensions="elapsedVideoTimeRatio",
        filters=f"video=={video.id}",
        metrics="audienceWatchRatio,relativeRetentionPerformance",
        startDate=str(video.day),
    )
    body = get(sandbox, plain, **params).json()
    assert body["columnHeaders"][0]["dataType"] == "FLOAT"
    assert len(body["rows"]) == 100
    assert body["rows"][0][0] == 0.01
    assert body["rows"][-1][0] == 1.0
    assert all(0 <= r[2] <= 1 for r in body["rows"])


def test_same_seed_same_numbers() -> None:
    def views(seed: int) -> list[Any]:
        with Sandbox(seed=seed) as sandbox:
            access = token(sandbox, channel_of(sandbox, monetised=False))
            return get(sandbox, access, **base(dimensions="day")).json()["rows"]

    assert views(3) == views(3)
    assert views(3) != views(4)


# -- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ids", "startDate", "endDate", "metrics"])
def test_missing_required_parameter(sandbox: Sandbox, plain: str, name: str) -> None:
    params = base()
    del params[name]
    error = error_of(get(sandbox, plain, **params), 400)
    assert error["message"] == "Required"
    assert error["errors"][0]["reason"] == "required"
    assert error["errors"][0]["location"] == name


def test_unparsable_date(sandbox: Sandbox, plain: str) -> None:
    error = error_of(get(sandbox, plain, **base(startDate="07-06-2026")), 400)
    assert error["message"] == "Could not parse content (07-06-2026) of field startDate."


@pytest.mark.parametrize(
    ("field", "value"), [("metrics", "impressions"), ("dimensions", "weekday")]
)
def test_unknown_identifier(sandbox: Sandbox, plain: str, field: str, value: str) -> None:
    error = error_of(get(sandbox, plain, **base(**{field: value})), 400)
    assert error["message"] == f"Unknown identifier ({value}) given in field parameters.{field}."


@pytest.mark.parametrize(
    "extra",
    [
        {"dimensions": "day,country"},
        {"dimensions": "video", "metrics": "views"},  # top videos need a sort and maxResults
        {"dimensions": "video", "sort": "-views", "maxResults": 500},
        {"dimensions": "video", "sort": "views", "maxResults": 10},
        {"dimensions": "elapsedVideoTimeRatio", "metrics": "audienceWatchRatio"},
    ],
)
def test_unsupported_query(sandbox: Sandbox, plain: str, extra: dict[str, Any]) -> None:
    error = error_of(get(sandbox, plain, **base(**extra)), 400)
    assert error["message"].startswith(UNSUPPORTED)


def test_invalid_filter_value(sandbox: Sandbox, plain: str) -> None:
    error = error_of(get(sandbox, plain, **base(filters="country==XX")), 400)
    assert error["message"] == "Invalid value (XX) given in field parameters.filters."


def test_unknown_group_is_invalid(sandbox: Sandbox, plain: str) -> None:
    error = error_of(get(sandbox, plain, **base(filters="group==nope")), 400)
    assert "parameters.filters" in error["message"]


@pytest.mark.parametrize("ids", ["channel==UCsomeoneelse000000000000", "contentOwner==abc"])
def test_other_channel_is_forbidden(sandbox: Sandbox, plain: str, ids: str) -> None:
    assert error_of(get(sandbox, plain, **base(ids=ids)), 403)["message"] == "Forbidden"


def test_own_channel_id_is_accepted(sandbox: Sandbox, plain: str) -> None:
    channel = channel_of(sandbox, monetised=False)
    assert get(sandbox, plain, **base(ids=f"channel=={channel}")).status_code == 200


def test_revenue_needs_monetary_scope(sandbox: Sandbox) -> None:
    access = token(sandbox, channel_of(sandbox, monetised=True), READ)
    error_of(get(sandbox, access, **base(metrics="views,estimatedRevenue")), 403)


def test_revenue_needs_monetised_channel(sandbox: Sandbox) -> None:
    access = token(sandbox, channel_of(sandbox, monetised=False), MONEY)
    error_of(get(sandbox, access, **base(metrics="estimatedRevenue")), 403)


def test_without_token(sandbox: Sandbox) -> None:
    error = error_of(get(sandbox, None, **base()), 401)
    assert error["errors"][0]["location"] == "Authorization"


def test_with_bad_token(sandbox: Sandbox) -> None:
    assert error_of(get(sandbox, "ya29.nonsense", **base()), 401)["status"] == "UNAUTHENTICATED"


def test_with_insufficient_scopes(sandbox: Sandbox) -> None:
    access = token(sandbox, channel_of(sandbox, monetised=False), frozenset({"openid"}))
    error = error_of(get(sandbox, access, **base()), 403)
    assert error["errors"][0]["reason"] == "insufficientPermissions"
