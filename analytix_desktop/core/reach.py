"""Reach: the YouTube Reporting API's daily reports of a channel, kept and queried.

:meth:`Reach.enable` makes the channel's reporting jobs (one per report type, never a
duplicate); :meth:`Reach.sync` downloads every daily report not yet stored into the
local store, each with its facts in one transaction; :meth:`Reach.query` sums them,
with no request. Qt-free: the GUI and the command line share it.

A sync downloads the oldest days first: they are the nearest to expiring, so a sync
that is cut short (cancelled, killed, offline) loses the fewest to the retention window.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..api.bulk_report import BulkReport, BulkValue
from ..api.errors import (
    APIError,
    Conflict,
    Forbidden,
    InvalidRequest,
    MalformedResponse,
    NetworkError,
    NotFound,
    Unauthorised,
)
from ..api.reporting import DailyReport, Job
from ..api.shard import Shard
from ..store.reach_db import (
    FAILED,
    LISTED,
    STORED,
    ReachJob,
    ReachReport,
    ReachStore,
    ReportFacts,
    SourceDay,
    VideoDay,
    ViewDay,
)
from .reach_days import (
    BACKFILL_DAYS,
    BACKFILL_RETENTION_DAYS,
    COVERAGE_TYPE,
    PUBLICATION_DELAY,
    REACH_REPORT_TYPES,
    RETENTION_DAYS,
    MissingDay,
    expires_at,
)
from .reach_query import REACH_REPORT_TYPE, ReachQuery, ReachResult, answer
from .tasks import TaskContext

__all__ = [
    "BACKFILL_DAYS",
    "BACKFILL_RETENTION_DAYS",
    "JOB_NAME",
    "PUBLICATION_DELAY",
    "REACH_REPORT_TYPE",
    "REACH_REPORT_TYPES",
    "RETENTION_DAYS",
    "MissingDay",
    "Reach",
    "ReachJobs",
    "ReachQuery",
    "ReachResult",
    "SyncResult",
    "report_facts",
    "utc_now",
]

JOB_NAME = "analytix-desktop"
"""The name of the jobs this app makes (YouTube requires one; it shows in other tools)."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class ReachJobs:
    """A channel's reach jobs by report type; ``created``: the types made just now."""

    channel_id: str
    jobs: dict[str, ReachJob]
    created: list[str]
    first_data_expected: dt.datetime | None
    """When YouTube should publish the first reports of every type (creation + 48 h)."""


@dataclass(frozen=True)
class SyncResult:
    """What a sync did: reports downloaded, found already stored, failed (day, report
    type, message: retried next time), days that expired before they were downloaded,
    and how many reach jobs YouTube listed."""

    channel_id: str
    downloaded: int
    already_stored: int
    failed: list[tuple[dt.date, str, str]]
    expired: list[dt.date]
    jobs_found: int


def _reach_jobs(channel_id: str, jobs: Iterable[ReachJob], created: list[str]) -> ReachJobs:
    by_type = {job.report_type: job for job in jobs}
    first = max((job.create_time for job in by_type.values()), default=None)
    return ReachJobs(
        channel_id, by_type, created, None if first is None else first + PUBLICATION_DELAY
    )


def _adoptable(jobs: Iterable[Job]) -> dict[str, Job]:
    """The oldest job of each reach report type (the one with the longest history)."""
    chosen: dict[str, Job] = {}
    for job in sorted(jobs, key=lambda job: job.create_time):
        if job.report_type_id in REACH_REPORT_TYPES:
            chosen.setdefault(job.report_type_id, job)
    return chosen


def _record(channel_id: str, job: Job) -> ReachJob:
    return ReachJob(channel_id, job.report_type_id, job.id, job.create_time)


class Reach:
    """Reach reports of every channel, kept in ``store``; ``clock`` tells now (UTC)."""

    def __init__(self, store: ReachStore, *, clock: Callable[[], dt.datetime] = utc_now) -> None:
        self.store = store
        self._clock = clock

    def enable(self, shard: Shard, channel_id: str) -> ReachJobs:
        """Make the channel's missing reach jobs, adopting those that exist (a job made by
        another tool, or one a 409 reveals); each is remembered as soon as it is known."""
        found = _adoptable(shard.fetch_jobs())
        created: list[str] = []
        try:
            for report_type in REACH_REPORT_TYPES:
                if report_type in found:
                    continue
                try:
                    found[report_type] = shard.create_job(report_type, JOB_NAME)
                    created.append(report_type)
                except Conflict:
                    found.update(_adoptable(shard.fetch_jobs()))
                    if report_type not in found:
                        raise
        finally:
            self.store.set_jobs(channel_id, [_record(channel_id, job) for job in found.values()])
        return _reach_jobs(channel_id, self.store.jobs(channel_id), created)

    def jobs(self, channel_id: str) -> ReachJobs | None:
        """The channel's jobs as last seen (no request); None when reach is not turned on."""
        jobs = self.store.jobs(channel_id)
        return _reach_jobs(channel_id, jobs, []) if jobs else None

    def disable(self, shard: Shard, channel_id: str) -> int:
        """Delete the channel's reach jobs at YouTube; how many were deleted. The reports
        already downloaded stay in the store."""
        deleted = 0
        for job in shard.fetch_jobs():
            if job.report_type_id in REACH_REPORT_TYPES:
                try:
                    shard.delete_job(job.id)
                    deleted += 1
                except NotFound:  # deleted meanwhile, by another tool or process
                    pass
        self.store.set_jobs(channel_id, [])
        return deleted

    def sync(self, shard: Shard, channel_id: str, context: TaskContext | None = None) -> SyncResult:
        """Adopt the channel's reach jobs at YouTube, list their new reports and download
        every report not yet stored, oldest day first.

        A download that fails is remembered and retried at the next sync until it
        expires; a refusal of the channel (401, 403) ends the sync with its error.
        Cancelling keeps every report stored so far.
        """
        jobs = {
            kind: _record(channel_id, job) for kind, job in _adoptable(shard.fetch_jobs()).items()
        }
        self.store.set_jobs(channel_id, jobs.values())
        listed: set[tuple[str, str]] = set()
        for kind, job in jobs.items():
            if context is not None:
                context.check()
            since = self.store.newest_create_time(job.job_id)
            reports = shard.fetch_daily_reports(job.job_id, created_after=since)
            self.store.record_listed(_listed(channel_id, kind, report) for report in reports)
            listed.update((report.job_id, report.id) for report in reports)
        known = self.store.reports(channel_id)
        already = sum(1 for r in known if r.status == STORED and (r.job_id, r.id) in listed)
        todo, expired = self._to_download(known, jobs.values())
        self.store.mark_expired(expired.values())
        downloaded, failed = 0, []
        for number, report in enumerate(todo, 1):
            if context is not None:
                context.check()
                context.report(
                    100 * (number - 1) // len(todo),
                    f"Downloading {number} of {len(todo)} daily reports…",
                )
            problem = self._download(shard, report)
            if problem is None:
                downloaded += 1
            elif problem:
                failed.append((report.day, report.report_type, problem))
            else:
                already += 1
        self.store.record_sync(channel_id, time.time())
        if context is not None:
            context.report(100, f"Downloaded {downloaded} daily reports.")
        stored = {(r.report_type, r.day) for r in known if r.status == STORED}
        lost = {r.day for r in expired.values() if (r.report_type, r.day) not in stored}
        days = sorted(lost)
        return SyncResult(channel_id, downloaded, already, failed, days, len(jobs))

    def _to_download(
        self, known: list[ReachReport], jobs: Iterable[ReachJob]
    ) -> tuple[list[ReachReport], dict[tuple[str, str], ReachReport]]:
        """The reports of ``known`` still to download (oldest day first), and those that
        expired before they were downloaded since the last sync (by job and report id)."""
        by_id = {job.job_id: job for job in jobs}
        now = self._clock()
        todo, expired = [], {}
        for report in known:
            if report.status not in (LISTED, FAILED):
                continue
            if now < expires_at(report, by_id.get(report.job_id)):
                todo.append(report)
            else:
                expired[(report.job_id, report.id)] = report
        return todo, expired

    def last_sync(self, channel_id: str) -> float | None:
        """When the channel's last complete sync ended (Unix time), or None."""
        return self.store.last_sync(channel_id)

    def query(self, channel_id: str, query: ReachQuery) -> ReachResult:
        """The sums of ``query`` from the store (no request)."""
        coverage = next(
            (job for job in self.store.jobs(channel_id) if job.report_type == COVERAGE_TYPE),
            None,
        )
        return answer(self.store, channel_id, query, coverage, self._clock())

    def _download(self, shard: Shard, report: ReachReport) -> str | None:
        """Download and store ``report``: None when stored now, "" when it already was (by
        another process), else why it failed (remembered for the next sync)."""
        daily = DailyReport(
            report.id,
            report.job_id,
            report.start_time,
            report.end_time,
            report.create_time,
            report.download_url,
        )
        try:
            body = shard.download_daily_report_bytes(daily)
            facts = report_facts(BulkReport.from_csv(body, report.report_type))
        except (Unauthorised, Forbidden):
            raise  # the channel's access is refused: every other download would be too
        except (NetworkError, APIError, InvalidRequest) as error:
            self.store.mark_failed(report, str(error))
            return str(error) or type(error).__name__
        stored = self.store.store_report(report, body, facts, downloaded_at=time.time())
        return None if stored else ""


def _listed(channel_id: str, report_type: str, report: DailyReport) -> ReachReport:
    return ReachReport(
        report.id,
        report.job_id,
        channel_id,
        report_type,
        report.day,
        report.start_time,
        report.end_time,
        report.create_time,
        report.download_url,
    )


def report_facts(report: BulkReport) -> ReportFacts:
    """What a reach report adds to the queries; MalformedResponse when a column is
    missing or a key cell empty. Empty counts and rates are zeros."""
    kind = report.report_type_id
    column = {name: index for index, name in enumerate(report.columns)}

    def cells(*names: str) -> Iterable[tuple[BulkValue, ...]]:
        lost = [name for name in names if name not in column]
        if lost:
            raise MalformedResponse(f"the {kind} report has no column {', '.join(lost)}")
        indexes = [column[name] for name in names]
        for row in report.rows:
            yield tuple(row[index] for index in indexes)

    if kind == "channel_reach_basic_a1":
        return ReportFacts(
            video_days=[
                VideoDay(
                    _day(day, kind), _text(video, kind), _count(seen), _count(seen) * _rate(ctr)
                )
                for day, video, seen, ctr in cells(
                    "date",
                    "video_id",
                    "video_thumbnail_impressions",
                    "video_thumbnail_impressions_ctr",
                )
            ]
        )
    if kind == "channel_reach_combined_a1":
        return ReportFacts(
            source_days=[
                SourceDay(
                    _day(day, kind),
                    _text(video, kind),
                    _count(source),
                    _count(seen),
                    _count(seen) * _rate(ctr),
                )
                for day, video, source, seen, ctr in cells(
                    "date",
                    "video_id",
                    "traffic_source_type",
                    "video_thumbnail_impressions",
                    "video_thumbnail_impressions_ctr",
                )
            ]
        )
    if kind == "channel_basic_a3":
        return ReportFacts(
            view_days=[
                ViewDay(_day(day, kind), _text(video, kind), _count(views), _rate(minutes))
                for day, video, views, minutes in cells(
                    "date", "video_id", "views", "watch_time_minutes"
                )
            ]
        )
    raise ValueError(f"{kind!r} is not a reach report type")


def _day(value: BulkValue, kind: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise MalformedResponse(f"a row of the {kind} report has no date")
    return value


def _text(value: BulkValue, kind: str) -> str:
    if not isinstance(value, str) or not value:
        raise MalformedResponse(f"a row of the {kind} report has no video id")
    return value


def _count(value: BulkValue) -> int:
    return value if isinstance(value, int) else 0


def _rate(value: BulkValue) -> float:
    return float(value) if isinstance(value, int | float) else 0.0
