from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from analytix_desktop.api import Scopes, Secrets, Shard, Tokens
from analytix_desktop.api.catalogue import Query
from analytix_desktop.api.channels import parse_duration
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.errors import (
    AuthorisationError,
    BadRequest,
    Forbidden,
    InvalidRequest,
    NotMonetised,
)
from analytix_desktop.api.shard import InvalidMonthFormatWarning
from analytix_desktop.sandbox import Sandbox

from .test_flow import authorise_via_sandbox

REVENUE = {"estimatedRevenue", "estimatedAdRevenue", "grossRevenue", "cpm"}


Connect = Callable[[Scopes], Shard]


@pytest.fixture
def connect(secrets_file: Path, sandbox: Sandbox, endpoints: Endpoints) -> Iterator[Connect]:
    """A shard on the sandbox, authorised for the given scopes."""
    sandbox.consent.reset()
    secrets = Secrets.load_from(secrets_file)

    def shard(scopes: Scopes) -> Shard:
        tokens, _ = authorise_via_sandbox(secrets, scopes)
        return Shard(scopes, tokens, endpoints=endpoints)

    yield shard
    sandbox.consent.reset()


def _offline(scopes: Scopes = Scopes.READONLY) -> Shard:
    return Shard(scopes, Tokens("ya29.unused"))


def test_default_dates_and_metrics() -> None:
    query, report_type = _offline().build_query(dimensions=("day",))
    assert query.end_date == dt.date.today()
    assert query.start_date == dt.date.today() - dt.timedelta(days=28)
    assert set(query.metrics) <= set(report_type.metrics)
    assert "views" in query.metrics
    assert not REVENUE & set(query.metrics)


def test_month_dates_snap_to_the_first_with_a_warning() -> None:
    with pytest.warns(InvalidMonthFormatWarning, match="2024-01-01 to 2024-03-01"):
        query, _ = _offline().build_query(
            dimensions=("month",), start_date=dt.date(2024, 1, 15), end_date=dt.date(2024, 3, 31)
        )
    assert (query.start_date, query.end_date) == (dt.date(2024, 1, 1), dt.date(2024, 3, 1))


@pytest.mark.parametrize(
    ("scopes", "has_revenue", "has_views"),
    [
        (Scopes.READONLY, False, True),
        (Scopes.ALL, True, True),
        (Scopes.MONETARY_READONLY, True, False),
    ],
)
def test_scopes_decide_revenue_metrics(scopes: Scopes, has_revenue: bool, has_views: bool) -> None:
    query, _ = _offline(scopes).build_query(dimensions=("day",))
    assert bool(REVENUE & set(query.metrics)) is has_revenue
    assert ("views" in query.metrics) is has_views
    given, _ = _offline(scopes).build_query(
        dimensions=("day",), metrics=("views", "estimatedRevenue")
    )
    assert ("estimatedRevenue" in given.metrics) is has_revenue


def test_invalid_query_is_refused_before_any_request(connect: Connect, sandbox: Sandbox) -> None:
    shard = connect(Scopes.READONLY)
    sandbox.log.clear()
    with pytest.raises(InvalidRequest):
        shard.fetch_report(dimensions=("nonsense",), metrics=("views",))
    with pytest.raises(InvalidRequest):
        shard.fetch_report(dimensions=("day",), filters="nonsense")
    assert sandbox.log.count() == 0


def test_fetch_report_sends_only_given_params(connect: Connect, sandbox: Sandbox) -> None:
    shard = connect(Scopes.READONLY)
    sandbox.log.clear()
    report = shard.fetch_report(
        dimensions=("day",),
        metrics=("views", "likes"),
        filters={"country": "US"},
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2024, 1, 7),
    )
    (entry,) = sandbox.log.entries("/v2/reports")
    assert entry.status == 200
    assert {k: v[0] for k, v in entry.query.items()} == {
        "ids": "channel==MINE",
        "startDate": "2024-01-01",
        "endDate": "2024-01-07",
        "metrics": "views,likes",
        "dimensions": "day",
        "filters": "country==US",
        "currency": "USD",
    }
    assert report.columns == ["day", "views", "likes"]
    assert report.shape == (7, 3)


def test_filter_values_are_encoded(connect: Connect, sandbox: Sandbox) -> None:
    shard = connect(Scopes.READONLY)
    sandbox.log.clear()
    shard.fetch_report(
        dimensions=("country",),
        metrics=("views",),
        filters="continent==019;subscribedStatus==SUBSCRIBED",
        sort_options=("-views",),
        max_results=5,
    )
    (entry,) = sandbox.log.entries("/v2/reports")
    assert entry.query["filters"] == ["continent==019;subscribedStatus==SUBSCRIBED"]
    assert entry.query["sort"] == ["-views"]
    assert entry.query["maxResults"] == ["5"]


def test_fetch_channel(connect: Connect, sandbox: Sandbox) -> None:
    sandbox.consent.channel = sandbox.users[0].channel_ids[1]
    channel = connect(Scopes.READONLY | Scopes.YOUTUBE_READONLY).fetch_channel()
    expected = sandbox.channels[sandbox.users[0].channel_ids[1]]
    assert (channel.id, channel.title, channel.custom_url) == (
        expected.id,
        expected.title,
        expected.custom_url,
    )
    assert channel.thumbnail_url
    assert channel.published_at == expected.published_at.replace(microsecond=0)


def test_uploads_and_playlists(connect: Connect) -> None:
    shard = connect(Scopes.READONLY | Scopes.YOUTUBE_READONLY)
    uploads = shard.fetch_uploads()
    assert uploads
    assert all(item.id and item.title and item.published_at for item in uploads)
    assert all(item.thumbnail_url.startswith("http") for item in uploads)
    assert len({item.id for item in uploads}) == len(uploads)
    assert len(shard.fetch_uploads(limit=3)) == min(3, len(uploads))
    playlists = shard.fetch_playlists()
    assert all(item.id and item.title for item in playlists)


def test_video_durations_in_batches_of_fifty(connect: Connect, sandbox: Sandbox) -> None:
    shard = connect(Scopes.READONLY | Scopes.YOUTUBE_READONLY)
    ids = [item.id for item in shard.fetch_uploads()]
    assert len(ids) > 50
    sandbox.log.clear()
    durations = shard.fetch_durations([*ids, "notAVideo01"])
    world = next(c for c in sandbox.world.catalogs.values() if c.video(ids[0]) is not None)
    assert durations == {i: world.video(i).duration for i in ids}
    calls = sandbox.log.entries("/youtube/v3/videos")
    asked = [*ids, "notAVideo01"]
    expected = [len(asked[i : i + 50]) for i in range(0, len(asked), 50)]
    assert [len(e.query["id"][0].split(",")) for e in calls] == expected


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("PT45S", 45),
        ("PT1H2M3S", 3723),
        ("PT10M", 600),
        ("P1DT1S", 86401),
        ("PT0S", 0),
        ("PT", None),
        ("P", None),
        ("1:02", None),
        ("", None),
        ("PT1.5S", None),
    ],
)
def test_iso_durations(text: str, seconds: int | None) -> None:
    assert parse_duration(text) == seconds


def test_group_lifecycle(connect: Connect) -> None:
    shard = connect(Scopes.READONLY | Scopes.YOUTUBE)
    video = shard.fetch_uploads(limit=1)[0]
    group = shard.create_group("Holiday videos", "youtube#video")
    assert group.title == "Holiday videos"
    assert shard.rename_group(group.id, "Winter videos").title == "Winter videos"
    item = shard.add_group_item(group.id, video.id, "youtube#video")
    assert item.resource.id == video.id
    assert [i.id for i in shard.fetch_group_items(group.id)] == [item.id]
    shard.remove_group_item(item.id)
    assert len(shard.fetch_group_items(group.id)) == 0
    shard.delete_group(group.id)
    assert group.id not in [g.id for g in shard.fetch_groups()]


def test_groups_page_token(connect: Connect, sandbox: Sandbox) -> None:
    shard = connect(Scopes.READONLY | Scopes.YOUTUBE)
    for n in range(7):
        shard.create_group(f"Group {n}", "youtube#video")
    sandbox.log.clear()
    seen: list[str] = []
    page = shard.fetch_groups()
    seen += [g.id for g in page]
    pages = 1
    while page.next_page_token:
        page = shard.fetch_groups(next_page_token=page.next_page_token)
        seen += [g.id for g in page]
        pages += 1
    assert len(seen) == len(set(seen)) >= 7
    follow_ups = [e for e in sandbox.log.entries("/v2/groups") if "pageToken" in e.query]
    assert len(follow_ups) == pages - 1


def test_group_edits_need_the_youtube_scope(sandbox: Sandbox) -> None:
    shard = _offline(Scopes.READONLY | Scopes.YOUTUBE_READONLY)
    sandbox.log.clear()
    with pytest.raises(AuthorisationError, match="YOUTUBE scope"):
        shard.create_group("x", "youtube#video")
    with pytest.raises(AuthorisationError):
        shard.remove_group_item("x")
    assert sandbox.log.count() == 0
    with pytest.raises(InvalidRequest, match="youtube#video"):
        _offline(Scopes.READONLY | Scopes.YOUTUBE).create_group("x", "video")


# -- a Query is one value end to end -------------------------------------------------------

QUERY = Query(
    dimensions=("country",),
    metrics=("views", "estimatedMinutesWatched"),
    filters={"continent": "019", "subscribedStatus": "SUBSCRIBED"},
    sort_options=("-views",),
    start_date=dt.date(2024, 2, 3),
    end_date=dt.date(2024, 3, 9),
    max_results=5,
    start_index=2,
    currency="EUR",
    include_historical_data=True,
)


def test_run_sends_the_query_as_it_is(connect: Connect, sandbox: Sandbox) -> None:
    shard = connect(Scopes.READONLY)
    sandbox.log.clear()
    report = shard.run(QUERY)
    (entry,) = sandbox.log.entries("/v2/reports")
    sent = {key: values[0] for key, values in entry.query.items()}
    assert sent == {
        "ids": "channel==MINE",
        "startDate": QUERY.start_date.isoformat(),
        "endDate": QUERY.end_date.isoformat(),
        "metrics": ",".join(QUERY.metrics),
        "dimensions": ",".join(QUERY.dimensions),
        "filters": ";".join(f"{key}=={value}" for key, value in QUERY.filters.items()),
        "sort": ",".join(QUERY.sort_options),
        "maxResults": str(QUERY.max_results),
        "startIndex": str(QUERY.start_index),
        "currency": QUERY.currency,
        "includeHistoricalData": "true",
    }
    assert report.columns == [*QUERY.dimensions, *QUERY.metrics]


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"metrics": ()}, "metric is required"),  # analytix-style calls fill these in; run() not
        ({"metrics": ("views", "estimatedRevenue")}, "estimatedRevenue"),  # not in the scopes
        ({"dimensions": ("month",), "filters": {}, "sort_options": ()}, "first of a month"),
    ],
    ids=["no metrics", "revenue without the scope", "month mid-month"],
)
def test_run_fills_in_and_drops_nothing(
    endpoints: Endpoints, sandbox: Sandbox, change: dict[str, object], match: str
) -> None:
    shard = Shard(Scopes.READONLY, Tokens("ya29.unused"), endpoints=endpoints)
    sandbox.log.clear()
    with pytest.raises(InvalidRequest, match=match):
        shard.run(dataclasses.replace(QUERY, **change))  # type: ignore[arg-type]
    assert sandbox.log.count() == 0


def test_fetch_report_runs_the_query_it_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    shard = _offline()
    ran: list[Query] = []
    monkeypatch.setattr(shard, "run", ran.append)
    shard.fetch_report(dimensions=("day",), metrics=("views",), start_date=dt.date(2024, 1, 1))
    built, _ = shard.build_query(
        dimensions=("day",), metrics=("views",), start_date=dt.date(2024, 1, 1)
    )
    assert ran == [built]


# -- revenue on a channel outside the YouTube Partner Program ------------------------------

MONEY = dataclasses.replace(
    QUERY,
    dimensions=("day",),
    filters={},
    sort_options=(),
    metrics=("views", "estimatedRevenue", "cpm"),
    max_results=0,
    start_index=1,
    include_historical_data=False,
)


def _channel(sandbox: Sandbox, *, monetised: bool) -> str:
    return next(c.id for c in sandbox.channels.values() if c.monetised is monetised)


def test_revenue_of_a_channel_that_is_not_monetised_is_explained(
    connect: Connect, sandbox: Sandbox
) -> None:
    sandbox.consent.channel = _channel(sandbox, monetised=False)
    shard = connect(Scopes.ALL)
    for fetch in (
        lambda: shard.run(MONEY),
        lambda: shard.fetch_report(dimensions=("day",), metrics=("views", "estimatedRevenue")),
    ):
        with pytest.raises(NotMonetised) as info:
            fetch()
        error = info.value
        assert isinstance(error, Forbidden)
        assert error.status == 403
        assert "not monetised" in str(error)
        assert "YouTube Partner Program" in str(error)
        assert "without them" in str(error)
    assert error.metrics == ("estimatedRevenue",)
    assert shard.run(dataclasses.replace(MONEY, metrics=("views",))).shape[0] > 0


def test_revenue_of_a_monetised_channel_is_fetched(connect: Connect, sandbox: Sandbox) -> None:
    sandbox.consent.channel = _channel(sandbox, monetised=True)
    report = connect(Scopes.ALL).run(MONEY)
    assert report.columns == ["day", "views", "estimatedRevenue", "cpm"]


def test_other_403s_stay_plain_forbidden(connect: Connect, sandbox: Sandbox) -> None:
    sandbox.consent.channel = _channel(sandbox, monetised=True)
    shard = connect(Scopes.ALL)
    sandbox.faults.inject("/v2/reports", status=403)
    with pytest.raises(Forbidden) as without_revenue:
        shard.run(dataclasses.replace(MONEY, metrics=("views",)))
    assert type(without_revenue.value) is Forbidden
    # Tokens that show the monetary permission was not granted (unticked on the consent
    # page): the scope is the cause, not monetisation.
    sandbox.consent.channel = _channel(sandbox, monetised=False)
    granted = connect(Scopes.ALL)
    tokens = dataclasses.replace(granted.tokens, scope=Scopes.READONLY.formatted)
    unticked = Shard(Scopes.ALL, tokens, endpoints=granted.endpoints)
    with pytest.raises(Forbidden) as info:
        unticked.run(MONEY)
    assert type(info.value) is Forbidden


def test_run_uses_the_groups_item_types(connect: Connect, sandbox: Sandbox) -> None:
    shard = connect(Scopes.READONLY | Scopes.YOUTUBE)
    group = shard.create_group("Bread playlists", "youtube#playlist")
    types = {g.id: g.item_type for g in shard.fetch_groups()}
    query = Query(
        dimensions=("deviceType",),
        metrics=("views",),
        filters={"group": group.id, "subscribedStatus": "SUBSCRIBED"},
    )
    sandbox.log.clear()
    with pytest.raises(InvalidRequest, match="is a playlist group"):
        shard.run(query, groups=types)
    assert sandbox.log.count() == 0  # refused here, not by Google
    with pytest.raises(BadRequest):  # without the types, Google (the sandbox) refuses it
        shard.run(query)
    assert [e.status for e in sandbox.log.entries("/v2/reports")] == [400]
    shard.delete_group(group.id)
