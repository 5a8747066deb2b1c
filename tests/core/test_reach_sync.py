"""Reach jobs and syncs against a sandbox of the test's own, its clock moved forward: jobs
made once, the publication delay, the backfill downloaded once, corrections, a cut-off
download, expiry, a sync process killed midway, and the quota meter."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from analytix_desktop.api.dates import PACIFIC
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.errors import Forbidden
from analytix_desktop.api.reporting import Job
from analytix_desktop.api.scopes import Scopes
from analytix_desktop.api.shard import Shard
from analytix_desktop.api.tokens import Tokens
from analytix_desktop.api.transport import RetryPolicy, Transport
from analytix_desktop.core.quota import ANALYTICS, REPORTING, RequestMeter
from analytix_desktop.core.reach import REACH_REPORT_TYPES, Reach, ReachQuery
from analytix_desktop.core.tasks import Cancelled, Control
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store.reach_db import FAILED, STORED, ReachStore
from analytix_desktop.store.report_db import ReportStore
from tests.sandbox_answers import daily_reports, report_day, reporting_jobs, token

ROOT = Path(__file__).resolve().parents[2]
BASIC = "channel_reach_basic_a1"
NO_JOBS = "Pixel Garden Studio"  # the demo channel without reach jobs
RECENT_JOBS = "Trail and Tide"  # the demo channel whose jobs are 20 days old
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@pytest.fixture
def own_sandbox() -> Iterator[Sandbox]:
    """A sandbox of this test's own: its jobs and clock change."""
    with Sandbox(seed=7, auto_consent=True) as sandbox:
        yield sandbox


def channel_named(sandbox: Sandbox, title: str) -> str:
    return next(c.id for c in sandbox.channels.values() if c.title == title)


@contextlib.contextmanager
def shard_of(
    sandbox: Sandbox,
    channel_id: str,
    shard_type: type[Shard] = Shard,
    meter: RequestMeter | None = None,
) -> Iterator[Shard]:
    """A shard of the channel's token whose transport retries once, at once."""
    with Transport(retry=RetryPolicy(attempts=2, base=0.01, cap=0.02, deadline=2)) as transport:
        if meter is not None:
            meter.install(transport.session)
        yield shard_type(
            Scopes.READONLY,
            Tokens(token(sandbox, channel_id)),
            session=transport,
            endpoints=Endpoints.rooted_at(sandbox.url),
        )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ReachStore]:
    opened = ReachStore.open(tmp_path / "reports.sqlite3")
    yield opened
    opened.close()


# The sandbox's own answers, asked with requests (not the app's code).


def all_daily_reports(sandbox: Sandbox, channel_id: str) -> list[dict[str, Any]]:
    jobs = reporting_jobs(sandbox, channel_id)
    return [
        report
        for kind in REACH_REPORT_TYPES
        for report in daily_reports(sandbox, channel_id, jobs[kind]["id"])
    ]


def post_job(sandbox: Sandbox, channel_id: str, report_type: str) -> None:
    """A job made by another tool."""
    response = requests.post(
        f"{sandbox.url}/v1/jobs",
        json={"reportTypeId": report_type, "name": "another tool"},
        headers={"Authorization": f"Bearer {token(sandbox, channel_id)}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text


def moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def shown(when: dt.datetime) -> str:
    return f"{when.day} {MONTHS[when.month - 1]} {when.year} {when:%H:%M} UTC"


def media_requests(sandbox: Sandbox) -> list[str]:
    return [e.path for e in sandbox.log if e.path.startswith("/v1/media/")]


def job_posts(sandbox: Sandbox) -> list[int]:
    return [e.status for e in sandbox.log if e.method == "POST" and e.path == "/v1/jobs"]


# Jobs


def test_enable_creates_only_the_missing_jobs_and_enabling_again_none(
    own_sandbox: Sandbox, store: ReachStore
) -> None:
    channel = channel_named(own_sandbox, NO_JOBS)
    post_job(own_sandbox, channel, "channel_basic_a3")
    own_sandbox.log.clear()
    reach = Reach(store, clock=own_sandbox.clock.now)
    with shard_of(own_sandbox, channel) as shard:
        made = reach.enable(shard, channel)
        assert made.created == ["channel_reach_basic_a1", "channel_reach_combined_a1"]
        assert job_posts(own_sandbox) == [200, 200]
        at_youtube = reporting_jobs(own_sandbox, channel)
        assert {kind: job.job_id for kind, job in made.jobs.items()} == {
            kind: job["id"] for kind, job in at_youtube.items()
        }
        newest = max(moment(job["createTime"]) for job in at_youtube.values())
        assert made.first_data_expected == newest + dt.timedelta(hours=48)
        own_sandbox.log.clear()
        again = reach.enable(shard, channel)
    assert again.created == []
    assert job_posts(own_sandbox) == []
    assert again.jobs == made.jobs
    remembered = reach.jobs(channel)
    assert remembered is not None
    assert remembered.jobs == made.jobs


class StaleShard(Shard):
    """Lists no jobs the first time: another process made them right after."""

    listings = 0

    def fetch_jobs(self) -> list[Job]:
        self.listings += 1
        return [] if self.listings == 1 else super().fetch_jobs()


def test_a_job_a_conflict_reveals_is_adopted(own_sandbox: Sandbox, store: ReachStore) -> None:
    channel = channel_named(own_sandbox, NO_JOBS)
    for kind in REACH_REPORT_TYPES:
        post_job(own_sandbox, channel, kind)
    own_sandbox.log.clear()
    with shard_of(own_sandbox, channel, StaleShard) as shard:
        made = Reach(store).enable(shard, channel)
    assert made.created == []
    assert job_posts(own_sandbox) == [409]  # the others were found by listing again
    assert {k: j.job_id for k, j in made.jobs.items()} == {
        k: j["id"] for k, j in reporting_jobs(own_sandbox, channel).items()
    }


def test_disable_deletes_the_channels_jobs(own_sandbox: Sandbox, store: ReachStore) -> None:
    channel = channel_named(own_sandbox, RECENT_JOBS)
    reach = Reach(store)
    with shard_of(own_sandbox, channel) as shard:
        reach.enable(shard, channel)
        assert reach.disable(shard, channel) == 3
    assert reporting_jobs(own_sandbox, channel) == {}
    assert reach.jobs(channel) is None


# Syncs


def enabled(sandbox: Sandbox, store: ReachStore) -> tuple[Reach, str, dt.date]:
    """Reach turned on for the channel without jobs; the Pacific day its jobs were made."""
    channel = channel_named(sandbox, NO_JOBS)
    reach = Reach(store, clock=sandbox.clock.now)
    with shard_of(sandbox, channel) as shard:
        made = reach.enable(shard, channel)
    created = made.jobs[BASIC].create_time
    return reach, channel, created.astimezone(PACIFIC).date()


def sync(sandbox: Sandbox, reach: Reach, channel: str) -> Any:
    with shard_of(sandbox, channel) as shard:
        return reach.sync(shard, channel)


def test_a_new_job_publishes_after_48_hours_then_the_backfill_is_downloaded_once(
    own_sandbox: Sandbox, store: ReachStore
) -> None:
    reach, channel, job_day = enabled(own_sandbox, store)
    first = sync(own_sandbox, reach, channel)
    assert (first.downloaded, first.jobs_found, first.failed) == (0, 3, [])
    backfill = ReachQuery(job_day - dt.timedelta(days=30), job_day - dt.timedelta(days=1), "day")
    waiting = reach.query(channel, backfill)
    created = moment(reporting_jobs(own_sandbox, channel)[BASIC]["createTime"])
    expected = f"Not yet published: expected around {shown(created + dt.timedelta(hours=48))}."
    assert waiting.covered_days == 0
    assert {m.reason for m in waiting.missing} == {expected}
    assert len(waiting.missing) == 30

    own_sandbox.clock.advance(hours=49)
    published = all_daily_reports(own_sandbox, channel)
    second = sync(own_sandbox, reach, channel)
    assert second.downloaded == len(published) >= 90
    assert second.failed == []
    done = reach.query(channel, backfill)
    assert (done.covered_days, done.missing) == (30, [])

    own_sandbox.log.clear()
    third = sync(own_sandbox, reach, channel)
    assert (third.downloaded, third.failed) == (0, [])
    assert media_requests(own_sandbox) == []


def test_a_corrected_report_replaces_the_days_facts(
    own_sandbox: Sandbox, store: ReachStore
) -> None:
    reach, channel, job_day = enabled(own_sandbox, store)
    own_sandbox.clock.advance(hours=49)
    sync(own_sandbox, reach, channel)
    backfill = ReachQuery(job_day - dt.timedelta(days=30), job_day - dt.timedelta(days=1), "day")
    before = reach.query(channel, backfill).report.rows_typed()
    own_sandbox.clock.advance(hours=25)  # the corrections of backfilled days come a day later
    assert sync(own_sandbox, reach, channel).downloaded > 0
    per_day: dict[dt.date, list[str]] = {}
    for report in store.reports(channel, BASIC, statuses=(STORED,)):
        per_day.setdefault(report.day, []).append(report.id)
    corrected = {day: ids for day, ids in per_day.items() if len(ids) == 2}
    assert corrected, "the sandbox corrects about one day in ten"
    after = reach.query(channel, backfill).report.rows_typed()
    assert after == before  # the sandbox's corrections hold the same numbers
    with sqlite3.connect(store.path) as plain:
        for day, ids in corrected.items():
            in_use = plain.execute(
                "SELECT DISTINCT r.id FROM reach_video_days f JOIN reach_reports r"
                " ON r.key = f.report WHERE f.channel_id = ? AND f.day = ?",
                (channel, day.isoformat()),
            ).fetchall()
            assert in_use == [(ids[-1],)]  # the newest report of the day, alone
    plain.close()


def test_a_download_cut_off_midway_fails_and_the_next_sync_fetches_it(
    own_sandbox: Sandbox, store: ReachStore
) -> None:
    reach, channel, _ = enabled(own_sandbox, store)
    own_sandbox.clock.advance(hours=49)
    job_id = reporting_jobs(own_sandbox, channel)[BASIC]["id"]
    victim = daily_reports(own_sandbox, channel, job_id)[0]
    day = report_day(victim)
    own_sandbox.faults.inject(urlsplit(victim["downloadUrl"]).path, truncate=True, times=10)
    first = sync(own_sandbox, reach, channel)
    assert [(d, kind) for d, kind, _ in first.failed] == [(day, BASIC)]
    missing = reach.query(channel, ReachQuery(day, day, "day")).missing
    assert [m.day for m in missing] == [day]
    assert missing[0].reason.startswith("Published, but its download failed (")
    own_sandbox.faults.clear()
    second = sync(own_sandbox, reach, channel)
    assert (second.downloaded, second.failed) == (1, [])
    assert reach.query(channel, ReachQuery(day, day, "day")).covered_days == 1


def test_a_failed_download_that_expires_is_reported_once_and_explained(
    own_sandbox: Sandbox, store: ReachStore
) -> None:
    reach, channel, _ = enabled(own_sandbox, store)
    assert reach.last_sync(channel) is None
    own_sandbox.clock.advance(hours=49)
    job_id = reporting_jobs(own_sandbox, channel)[BASIC]["id"]
    victim = daily_reports(own_sandbox, channel, job_id)[0]  # a backfilled day: 30 days
    day = report_day(victim)
    own_sandbox.faults.inject(urlsplit(victim["downloadUrl"]).path, status=503, times=100)
    first = sync(own_sandbox, reach, channel)
    assert [d for d, _, _ in first.failed] == [day]
    assert reach.last_sync(channel) is not None
    own_sandbox.clock.advance(days=31)
    second = sync(own_sandbox, reach, channel)
    assert second.expired == [day]
    assert all(d != day for d, _, _ in second.failed)  # an expired report is not tried
    assert sync(own_sandbox, reach, channel).expired == []  # said once, not at every sync
    missing = reach.query(channel, ReachQuery(day, day, "day")).missing
    assert [m.day for m in missing] == [day]
    assert missing[0].reason.startswith("Expired before it was downloaded")
    assert "the last try failed" in missing[0].reason


def test_days_expire_when_no_sync_runs_for_61_days(own_sandbox: Sandbox, store: ReachStore) -> None:
    reach, channel, job_day = enabled(own_sandbox, store)
    own_sandbox.clock.advance(hours=49)
    own_sandbox.clock.advance(days=61)
    result = sync(own_sandbox, reach, channel)
    assert result.downloaded > 0
    assert result.failed == []
    backfill = reach.query(
        channel, ReachQuery(job_day - dt.timedelta(days=30), job_day - dt.timedelta(days=1), "day")
    )
    assert backfill.covered_days == 0
    assert {m.reason for m in backfill.missing} == {
        "Expired before it was downloaded: YouTube keeps a backfilled report for 30 days, "
        "and no sync ran in that time."
    }
    later = ReachQuery(job_day + dt.timedelta(days=10), job_day + dt.timedelta(days=40), "day")
    recent = reach.query(channel, later)
    assert (recent.covered_days, recent.missing) == (31, [])


class CancelAtReport(Control):
    """Cancelled by its owner on hearing of the ``limit``-th step."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.texts: list[str] = []

    def report(self, percent: int, text: str = "") -> None:
        self.texts.append(text)
        if len(self.texts) == self.limit:
            self.cancel()


def test_a_refused_channel_ends_the_sync_and_a_cancelled_one_keeps_what_it_stored(
    own_sandbox: Sandbox, store: ReachStore
) -> None:
    channel = channel_named(own_sandbox, RECENT_JOBS)
    reach = Reach(store)
    own_sandbox.faults.inject("/v1/media/*", status=403, times=100)
    with shard_of(own_sandbox, channel) as shard, pytest.raises(Forbidden):
        reach.sync(shard, channel)
    assert len(media_requests(own_sandbox)) == 1  # no other download was tried
    assert store.reports(channel, statuses=(FAILED, STORED)) == []
    own_sandbox.faults.clear()

    control = CancelAtReport(5)
    with shard_of(own_sandbox, channel) as shard, pytest.raises(Cancelled):
        reach.sync(shard, channel, control)
    assert control.texts[0].startswith("Downloading 1 of ")
    assert len(store.reports(channel, statuses=(STORED,))) == 5  # the fifth was under way
    with shard_of(own_sandbox, channel) as shard:
        rest = reach.sync(shard, channel)
    assert rest.downloaded == len(all_daily_reports(own_sandbox, channel)) - 5


SYNC_PROCESS = """
import json, sys
from pathlib import Path
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.errors import Forbidden
from analytix_desktop.api.scopes import Scopes
from analytix_desktop.api.shard import Shard
from analytix_desktop.api.tokens import Tokens
from analytix_desktop.core.reach import Reach
from analytix_desktop.core.tasks import Control
from analytix_desktop.store.reach_db import ReachStore

given = json.loads(sys.stdin.readline())
shard = Shard(Scopes.READONLY, Tokens(given["token"]), endpoints=Endpoints.rooted_at(given["url"]))
reach = Reach(ReachStore.open(Path(given["store"])))
reach.sync(shard, given["channel"], Control(lambda progress: print(progress.text, flush=True)))
print("finished", flush=True)
"""


def test_a_killed_sync_leaves_a_consistent_store_and_the_next_sync_completes(
    own_sandbox: Sandbox, store: ReachStore
) -> None:
    channel = channel_named(own_sandbox, RECENT_JOBS)
    published = all_daily_reports(own_sandbox, channel)
    child = subprocess.Popen(
        [sys.executable, "-c", SYNC_PROCESS],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdin is not None
    assert child.stdout is not None
    given = {"token": token(own_sandbox, channel), "url": own_sandbox.url}
    child.stdin.write(json.dumps({**given, "store": str(store.path), "channel": channel}) + "\n")
    child.stdin.close()
    for line in child.stdout:
        if line.startswith("Downloading 40 of "):
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait(timeout=60)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    with sqlite3.connect(store.path) as plain:
        assert plain.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = plain.execute("SELECT key FROM reach_reports WHERE status = 'stored'")
        stored_keys = {key for (key,) in stored}
        for table in ("reach_video_days", "reach_source_days", "reach_view_days"):
            owners = {k for (k,) in plain.execute(f"SELECT DISTINCT report FROM {table}")}  # noqa: S608
            assert owners <= stored_keys  # no facts without their report
    plain.close()
    kept = store.reports(channel, statuses=(STORED,))
    assert 39 <= len(kept) < len(published)
    for report in kept:
        if report.report_type == BASIC:  # each stored report whole: its file and its facts
            assert_facts_match_the_file(store, channel, report.job_id, report.id, report.day)

    reach = Reach(store)
    with shard_of(own_sandbox, channel) as shard:
        rest = reach.sync(shard, channel)
    assert rest.downloaded == len(published) - len(kept)
    assert len(store.reports(channel, statuses=(STORED,))) == len(published)


FULL_DISK_SYNC = """
import json, os, resource, signal, sys
from pathlib import Path
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.scopes import Scopes
from analytix_desktop.api.shard import Shard
from analytix_desktop.api.tokens import Tokens
from analytix_desktop.core.reach import Reach
from analytix_desktop.store.reach_db import ReachStore
from analytix_desktop.store.report_schema import ReportStoreError

given = json.loads(sys.stdin.readline())
shard = Shard(Scopes.READONLY, Tokens(given["token"]), endpoints=Endpoints.rooted_at(given["url"]))
reach = Reach(ReachStore.open(Path(given["store"])))
# The file size limit stands in for a full disk: writes past it fail (SIGXFSZ ignored).
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
path = given["store"]
sizes = [os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p)]
resource.setrlimit(resource.RLIMIT_FSIZE, (max(sizes) + 400_000, resource.RLIM_INFINITY))
try:
    reach.sync(shard, given["channel"])
except ReportStoreError as error:
    print("error", error, flush=True)
"""


def test_a_full_disk_ends_the_sync_with_a_clear_error_and_loses_nothing(
    own_sandbox: Sandbox, store: ReachStore
) -> None:
    channel = channel_named(own_sandbox, RECENT_JOBS)
    published = all_daily_reports(own_sandbox, channel)
    given = {"token": token(own_sandbox, channel), "url": own_sandbox.url}
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK_SYNC],
        input=json.dumps({**given, "store": str(store.path), "channel": channel}) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("error The local report store "), done.stdout
    assert "disk" in done.stdout
    assert "Traceback" not in done.stderr

    with sqlite3.connect(store.path) as plain:
        assert plain.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    plain.close()
    kept = store.reports(channel, statuses=(STORED,))
    assert 0 < len(kept) < len(published)  # some fitted, the rest did not
    for report in kept:
        if report.report_type == BASIC:
            assert_facts_match_the_file(store, channel, report.job_id, report.id, report.day)
    with shard_of(own_sandbox, channel) as shard:
        rest = Reach(store).sync(shard, channel)  # room again: the sync resumes
    assert rest.failed == []
    assert rest.downloaded == len(published) - len(kept)


def assert_facts_match_the_file(
    store: ReachStore, channel: str, job_id: str, report_id: str, day: dt.date
) -> None:
    lines = store.body(job_id, report_id).decode().splitlines()
    names = lines[0].split(",")
    seen = clicks = 0.0
    for line in lines[1:]:
        row = dict(zip(names, line.split(","), strict=True))
        impressions = int(row["video_thumbnail_impressions"])
        seen += impressions
        clicks += impressions * float(row["video_thumbnail_impressions_ctr"])
    stored = store.sums(channel, day, day, of="impressions", by="day").get(day, (0, 0.0))
    assert stored[0] == seen
    assert stored[1] == pytest.approx(clicks)


# The quota meter


def test_the_quota_meter_counts_reporting_api_calls(
    own_sandbox: Sandbox, store: ReachStore, tmp_path: Path
) -> None:
    channel = channel_named(own_sandbox, RECENT_JOBS)
    counts = ReportStore.open(tmp_path / "counts.sqlite3")
    endpoints = Endpoints.rooted_at(own_sandbox.url)
    meter = RequestMeter(lambda: counts, endpoints)
    assert meter.api_of(f"{endpoints.reporting}/jobs/123/reports?createdAfter=x") == REPORTING
    assert meter.api_of(endpoints.reports) == ANALYTICS
    own_sandbox.log.clear()
    with shard_of(own_sandbox, channel, meter=meter) as shard:
        Reach(store).sync(shard, channel)
    calls = [e for e in own_sandbox.log if e.path.startswith("/v1/")]
    assert len(calls) > 100  # listings and downloads
    assert meter.today() == {REPORTING: len(calls)}
    counts.close()
