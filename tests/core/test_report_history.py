"""The report history against the sandbox: no quota spent twice, freshness, the lag rule,
forced refreshes, stored reports reopened exactly, and a store that fails."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from analytix_desktop.api import catalogue
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.transport import RetryPolicy, Transport
from analytix_desktop.core.desktop_client import DesktopClient
from analytix_desktop.core.quota import ANALYTICS, DATA, quota_day
from analytix_desktop.core.report_history import (
    ReportHistory,
    query_from_record,
    query_key,
    query_record,
)
from analytix_desktop.core.services import Services
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store import AppPaths, TokenStore
from analytix_desktop.store.report_db import ReportStore, ReportStoreError
from tests.gui.conftest import MemoryKeyring, consent, memory_keyring, paths  # noqa: F401

REPORTS = "/v2/reports"
DAY = 86_400.0


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC).timestamp()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def services(paths: AppPaths) -> Iterator[Services]:  # noqa: F811
    services = Services(paths)
    yield services
    services.close()


@pytest.fixture
def client(
    services: Services,
    memory_keyring: MemoryKeyring,  # noqa: F811
    consent: Sandbox,  # noqa: F811
    endpoints: Endpoints,
) -> Iterator[tuple[DesktopClient, str]]:
    transport = Transport(retry=RetryPolicy(attempts=2, base=0.01, cap=0.02, deadline=2))
    client = services.client(TokenStore(), endpoints, transport=transport)
    flow = client.new_flow()
    url = flow.start()
    threading.Thread(target=requests.get, args=(url,), kwargs={"timeout": 10}, daemon=True).start()
    account = client.connect(flow)
    yield client, account.channel_id
    transport.close()


def daily_views(start: dt.date, end: dt.date, **filters: str) -> catalogue.Query:
    return catalogue.Query(
        dimensions=("day",),
        metrics=("views", "estimatedMinutesWatched"),
        filters=dict(filters),
        sort_options=("day",),
        start_date=start,
        end_date=end,
    )


RECENT = daily_views(dt.date(2026, 11, 1), dt.date(2026, 11, 28))
OLD = daily_views(dt.date(2025, 1, 1), dt.date(2025, 1, 31))


def test_an_identical_query_is_answered_from_the_store_with_zero_requests(
    services: Services, client: tuple[DesktopClient, str], sandbox: Sandbox
) -> None:
    desktop, channel = client
    clock = Clock()
    history = ReportHistory(services.reports, clock=clock)
    sandbox.log.clear()
    first = history.run(desktop, channel, "Bread", RECENT)
    assert sandbox.log.count(REPORTS) == 1
    assert not first.from_store
    assert first.stored is not None
    assert first.fetched_at == clock.now

    clock.now += 59 * 60  # within the hour
    again = history.run(desktop, channel, "Bread", RECENT)
    assert sandbox.log.count(REPORTS) == 1, "the second run asked Google"
    assert again.from_store
    assert again.stored == first.stored
    assert again.report.data == first.report.data
    assert again.report.type is first.report.type

    other = daily_views(RECENT.start_date, RECENT.end_date, country="FR")
    history.run(desktop, channel, "Bread", other)
    assert sandbox.log.count(REPORTS) == 2, "a different query must be fetched"


def test_after_the_freshness_window_recent_days_are_fetched_and_old_days_are_not(
    services: Services, client: tuple[DesktopClient, str], sandbox: Sandbox
) -> None:
    desktop, channel = client
    clock = Clock()
    history = ReportHistory(services.reports, freshness=3600, clock=clock)
    history.run(desktop, channel, "Bread", RECENT)
    history.run(desktop, channel, "Bread", OLD)
    sandbox.log.clear()
    clock.now += 3 * DAY
    recent = history.run(desktop, channel, "Bread", RECENT)
    old = history.run(desktop, channel, "Bread", OLD)
    assert not recent.from_store, "days inside Google's lag at fetch time may have changed"
    assert old.from_store, "days before the lag at fetch time do not change"
    assert sandbox.log.count(REPORTS) == 1


def test_a_range_ending_inside_the_lag_at_fetch_time_is_not_final(
    services: Services, client: tuple[DesktopClient, str], sandbox: Sandbox
) -> None:
    desktop, channel = client
    clock = Clock()  # 30 Nov: the newest day with data is 28 Nov
    history = ReportHistory(services.reports, freshness=0, clock=clock)
    newest = daily_views(dt.date(2026, 11, 20), dt.date(2026, 11, 28))
    settled = daily_views(dt.date(2026, 11, 20), dt.date(2026, 11, 27))
    history.run(desktop, channel, "Bread", newest)
    history.run(desktop, channel, "Bread", settled)
    sandbox.log.clear()
    assert not history.run(desktop, channel, "Bread", newest).from_store
    assert history.run(desktop, channel, "Bread", settled).from_store
    assert sandbox.log.count(REPORTS) == 1


def test_force_fetches_and_stored_ok_takes_any_stored_copy(
    services: Services, client: tuple[DesktopClient, str], sandbox: Sandbox
) -> None:
    desktop, channel = client
    clock = Clock()
    history = ReportHistory(services.reports, clock=clock)
    history.run(desktop, channel, "Bread", RECENT)
    sandbox.log.clear()
    forced = history.run(desktop, channel, "Bread", RECENT, force=True)
    assert not forced.from_store
    assert sandbox.log.count(REPORTS) == 1
    clock.now += 10 * DAY
    kept = history.run(desktop, channel, "Bread", RECENT, stored_ok=True)
    assert kept.from_store
    assert kept.stored == forced.stored
    assert sandbox.log.count(REPORTS) == 1
    assert len(services.reports.history()) == 2


def test_an_invalid_query_is_refused_before_the_store_or_google(
    services: Services, client: tuple[DesktopClient, str], sandbox: Sandbox
) -> None:
    desktop, channel = client
    history = ReportHistory(services.reports)
    bad = daily_views(RECENT.start_date, RECENT.end_date, sharingService="WHATS_APP")
    sandbox.log.clear()
    with pytest.raises(Exception, match="sharingService"):
        history.run(desktop, channel, "Bread", bad)
    assert sandbox.log.count(REPORTS) == 0
    assert services.reports.history() == []


def test_a_stored_report_reopens_exactly_and_a_deleted_one_is_gone(
    services: Services, client: tuple[DesktopClient, str]
) -> None:
    desktop, channel = client
    history = ReportHistory(services.reports)
    run = history.run(desktop, channel, "Bread", RECENT)
    assert run.stored is not None
    reopened = history.open(run.stored.id)
    assert reopened.from_store
    assert reopened.report.data == run.report.data
    assert reopened.fetched_at == run.fetched_at
    assert query_from_record(reopened.stored.query) == RECENT  # type: ignore[union-attr]
    services.reports.delete_report(run.stored.id)
    with pytest.raises(KeyError):
        history.open(run.stored.id)


class FullStore(ReportStore):
    """A store whose disk is full (the edge of the unit: writing fails)."""

    def add_report(self, *args: object, **kwargs: object) -> object:  # type: ignore[override]
        raise ReportStoreError("the local report store is full: the disk has no room")


def test_a_store_that_cannot_keep_the_report_still_shows_it(
    tmp_path: Path, client: tuple[DesktopClient, str], sandbox: Sandbox
) -> None:
    desktop, channel = client
    history = ReportHistory(FullStore(tmp_path / "full.sqlite3"))
    run = history.run(desktop, channel, "Bread", RECENT)
    assert run.report.shape[0] == 28
    assert run.stored is None
    assert "disk has no room" in run.store_problem


def test_query_keys_ignore_filter_order_but_not_column_order() -> None:
    a = daily_views(RECENT.start_date, RECENT.end_date, country="FR", video="v1")
    b = daily_views(RECENT.start_date, RECENT.end_date, video="v1", country="FR")
    assert query_key(a) == query_key(b)
    swapped = catalogue.Query(
        dimensions=a.dimensions,
        metrics=tuple(reversed(a.metrics)),
        filters=a.filters,
        sort_options=a.sort_options,
        start_date=a.start_date,
        end_date=a.end_date,
    )
    assert query_key(swapped) != query_key(a)
    assert query_from_record(query_record(a)) == a
    with pytest.raises(ValueError, match="max_results"):
        query_from_record({**query_record(a), "max_results": "10"})


def test_the_meter_counts_analytics_and_data_requests_by_pacific_day(
    services: Services, client: tuple[DesktopClient, str], sandbox: Sandbox
) -> None:
    desktop, channel = client
    before = services.reports.requests_on(quota_day(dt.datetime.now(dt.UTC).timestamp()))
    sandbox.log.clear()
    services.history.run(desktop, channel, "Bread", RECENT, force=True)
    desktop.call(channel, lambda shard: shard.fetch_channel())
    today = services.reports.requests_on(quota_day(dt.datetime.now(dt.UTC).timestamp()))
    assert today.get(ANALYTICS, 0) - before.get(ANALYTICS, 0) == sandbox.log.count(REPORTS) == 1
    data_calls = sandbox.log.count("/youtube/v3/channels")
    assert today.get(DATA, 0) - before.get(DATA, 0) == data_calls == 1
    # 07:59 UTC on 1 Dec is still 30 Nov in California; 08:00 is 1 Dec.
    assert quota_day(dt.datetime(2026, 12, 1, 7, 59, tzinfo=dt.UTC).timestamp()) == "2026-11-30"
    assert quota_day(dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC).timestamp()) == "2026-12-01"
