"""The reach store on real SQLite files: the v3 migration, listed/stored/failed reports,
one transaction per report, the newest report of a day owning the day's facts, sums."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytix_desktop.store.reach_db import (
    FAILED,
    LISTED,
    STORED,
    ReachJob,
    ReachReport,
    ReachStore,
    ReportFacts,
    SourceDay,
    SumKey,
    VideoDay,
    ViewDay,
)
from analytix_desktop.store.report_db import ReportStore
from analytix_desktop.store.report_schema import SCHEMA_VERSION, STEPS

CHANNEL = "UC1"
BASIC = "channel_reach_basic_a1"
DAY = dt.date(2026, 11, 20)
START = dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC)


def report(
    report_id: str,
    *,
    day: dt.date = DAY,
    created: dt.datetime = START + dt.timedelta(hours=50),
    kind: str = BASIC,
    channel: str = CHANNEL,
) -> ReachReport:
    start = dt.datetime.combine(day, dt.time(8), dt.UTC)
    return ReachReport(
        report_id,
        f"job-{channel}-{kind}",
        channel,
        kind,
        day,
        start,
        start + dt.timedelta(days=1),
        created,
        f"https://youtubereporting.googleapis.com/v1/media/{report_id}?alt=media",
    )


def video_facts(*rows: tuple[str, int, float], day: dt.date = DAY) -> ReportFacts:
    return ReportFacts(
        video_days=[VideoDay(day, video, seen, clicks) for video, seen, clicks in rows]
    )


def day_sums(store: ReachStore, channel: str = CHANNEL) -> dict[SumKey, tuple[int, float]]:
    return store.sums(channel, DAY, DAY, of="impressions", by="day")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ReachStore]:
    opened = ReachStore.open(tmp_path / "reports.sqlite3")
    yield opened
    opened.close()


def test_a_version_2_file_gains_the_reach_tables_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "reports.sqlite3"
    with sqlite3.connect(path) as plain:
        for statement in (*STEPS[0], *STEPS[1]):
            plain.execute(statement)
        plain.execute("INSERT INTO workspaces VALUES ('Mine', '{}', 1.0)")
        plain.execute("PRAGMA user_version = 2")
    plain.close()
    reports = ReportStore.open(path)
    reach = ReachStore.open(path)
    assert reports.workspaces() == ["Mine"]
    assert reach.record_listed([report("r1")]) == 1
    reach.close()
    reports.close()
    with sqlite3.connect(path) as plain:
        assert plain.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,) == (3,)
    plain.close()


def test_a_report_is_stored_once_with_its_body_and_facts(store: ReachStore) -> None:
    body = b"date,channel_id,video_id,video_thumbnail_impressions,video_thumbnail_impressions_ctr\n"
    facts = video_facts(("v1", 100, 5.0), ("v2", 50, 1.0))
    assert store.store_report(report("r1"), body, facts, downloaded_at=1.0)
    assert not store.store_report(
        report("r1"), b"other", video_facts(("v1", 1, 1.0)), downloaded_at=2.0
    )
    assert store.body(f"job-{CHANNEL}-{BASIC}", "r1") == body
    assert day_sums(store) == {DAY: (150, 6.0)}
    (kept,) = store.reports(CHANNEL)
    assert (kept.status, kept.downloaded_at, kept.failure) == (STORED, 1.0, None)
    assert store.stored_days(CHANNEL, BASIC, DAY, DAY) == [DAY]


def test_a_newer_report_of_a_day_replaces_its_facts_and_an_older_one_does_not(
    store: ReachStore,
) -> None:
    old, new = START + dt.timedelta(hours=50), START + dt.timedelta(hours=74)
    store.store_report(
        report("r1", created=old), b"a", video_facts(("v1", 100, 5.0)), downloaded_at=1
    )
    store.store_report(
        report("r2", created=new), b"b", video_facts(("v1", 120, 6.0)), downloaded_at=2
    )
    assert day_sums(store) == {DAY: (120, 6.0)}
    # A correction downloaded before the original (another order of listing): it keeps the day.
    later = DAY + dt.timedelta(days=1)
    correction = video_facts(("v1", 7, 1.0), day=later)
    store.store_report(report("r3", day=later, created=new), b"c", correction, downloaded_at=3)
    original = video_facts(("v1", 9, 2.0), day=later)
    store.store_report(report("r4", day=later, created=old), b"d", original, downloaded_at=4)
    both = store.sums(CHANNEL, DAY, later, of="impressions", by="day")
    assert both == {DAY: (120, 6.0), later: (7, 1.0)}
    assert [r.id for r in store.reports(CHANNEL, statuses=(STORED,))] == ["r1", "r2", "r4", "r3"]
    assert store.body(f"job-{CHANNEL}-{BASIC}", "r1") == b"a"  # the raw file is kept


def test_rows_of_the_same_key_are_summed(store: ReachStore) -> None:
    combined = ReportFacts(
        source_days=[
            SourceDay(DAY, "v1", 5, 10, 1.0),  # one row per detail, OS and device type
            SourceDay(DAY, "v1", 5, 30, 2.0),
            SourceDay(DAY, "v1", 7, 4, 0.5),
        ]
    )
    store.store_report(
        report("r1", kind="channel_reach_combined_a1"), b"", combined, downloaded_at=1
    )
    by_source = store.sums(CHANNEL, DAY, DAY, of="impressions", by="traffic_source")
    assert by_source == {5: (40, 3.0), 7: (4, 0.5)}


def test_a_report_and_its_facts_are_written_in_one_transaction(store: ReachStore) -> None:
    broken = ReportFacts(video_days=[VideoDay(DAY, "v1", 1, 1.0), VideoDay(None, "v2", 1, 1.0)])  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        store.store_report(report("r1"), b"body", broken, downloaded_at=1)
    assert store.reports(CHANNEL) == []
    assert day_sums(store) == {}
    assert store.store_report(report("r1"), b"body", video_facts(("v1", 1, 1.0)), downloaded_at=2)


def test_listed_failed_and_stored_reports(store: ReachStore) -> None:
    first, second = report("r1"), report("r2", day=DAY + dt.timedelta(days=1))
    assert store.record_listed([first, second]) == 2
    assert store.record_listed([first, second]) == 0
    assert store.newest_create_time(first.job_id) == first.create_time
    assert store.newest_create_time("no-such-job") is None
    store.mark_failed(first, "the download was cut off")
    failed = store.reports(CHANNEL, statuses=(FAILED,))
    assert [(r.id, r.failure) for r in failed] == [("r1", "the download was cut off")]
    assert [r.id for r in store.reports(CHANNEL, statuses=(LISTED,))] == ["r2"]
    store.store_report(first, b"x", video_facts(("v1", 1, 1.0)), downloaded_at=1)
    store.mark_failed(first, "a later failure does not undo a stored report")
    (stored,) = store.reports(CHANNEL, statuses=(STORED,))
    assert (stored.id, stored.failure) == ("r1", None)
    with pytest.raises(KeyError):
        store.body(second.job_id, "r2")  # listed, not stored


def test_two_openings_of_one_file_store_a_report_once(tmp_path: Path) -> None:
    one, other = ReachStore.open(tmp_path / "s.sqlite3"), ReachStore.open(tmp_path / "s.sqlite3")
    assert one.store_report(report("r1"), b"x", video_facts(("v1", 3, 1.0)), downloaded_at=1)
    assert not other.store_report(report("r1"), b"x", video_facts(("v1", 3, 1.0)), downloaded_at=1)
    assert day_sums(other) == {DAY: (3, 1.0)}
    one.close()
    other.close()


def test_sums_by_video_for_some_videos_on_covered_days_only(store: ReachStore) -> None:
    later = DAY + dt.timedelta(days=1)
    store.store_report(
        report("r1"), b"", video_facts(("v1", 10, 1.0), ("v2", 20, 2.0)), downloaded_at=1
    )
    views = ReportFacts(view_days=[ViewDay(DAY, "v1", 4, 9.5), ViewDay(later, "v1", 6, 1.0)])
    store.store_report(report("r2", kind="channel_basic_a3"), b"", views, downloaded_at=1)
    assert store.sums(CHANNEL, DAY, later, of="impressions", by="video", videos=("v2",)) == {
        "v2": (20, 2.0)
    }
    assert store.sums(CHANNEL, DAY, later, of="views", by="video") == {"v1": (10, 10.5)}
    assert store.sums(CHANNEL, DAY, later, of="views", by="day") == {
        DAY: (4, 9.5),
        later: (6, 1.0),
    }
    # The later day has views but no reach report: it is not covered.
    assert store.sums(CHANNEL, DAY, later, of="views", by="day", covered_by=BASIC) == {
        DAY: (4, 9.5)
    }
    with pytest.raises(ValueError, match="traffic source"):
        store.sums(CHANNEL, DAY, later, of="views", by="traffic_source")


def test_jobs_are_replaced_and_a_channel_is_deleted_alone(store: ReachStore) -> None:
    created = START - dt.timedelta(days=3)
    store.set_jobs(CHANNEL, [ReachJob(CHANNEL, BASIC, "j1", created)])
    store.set_jobs(CHANNEL, [ReachJob(CHANNEL, BASIC, "j2", created)])
    assert store.jobs(CHANNEL) == [ReachJob(CHANNEL, BASIC, "j2", created)]
    store.set_jobs("UC2", [ReachJob("UC2", BASIC, "j3", created)])
    for channel in (CHANNEL, "UC2"):
        store.store_report(report(f"r-{channel}", channel=channel), b"x",
                           video_facts(("v1", 1, 1.0)), downloaded_at=1)  # fmt: skip
    store.delete_channel(CHANNEL)
    assert (store.jobs(CHANNEL), store.reports(CHANNEL), day_sums(store)) == ([], [], {})
    assert (len(store.jobs("UC2")), day_sums(store, "UC2")) == (1, {DAY: (1, 1.0)})
    store.set_jobs("UC2", [])
    assert store.jobs("UC2") == []
