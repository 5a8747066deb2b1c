"""The Reporting API's jobs and the daily reports YouTube publishes for them.

A job created at T gets one report per Pacific day D, from the day 30 days before T's
Pacific day onward. The report for D is published at ``max(start(D) + 48 h + m(D), T + 48 h)``
(m: a deterministic delay of minutes to hours), listed until 60 days after that (30 for
the backfilled days, before T's day); about one day in ten is published again a day later
(corrected data, a new id). A deleted job publishes nothing more.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .accounts import ChannelIdentity

__all__ = [
    "BACKFILL_DAYS",
    "BACKFILL_RETENTION",
    "DEMO_JOB_AGES",
    "MAX_PUBLICATION_JITTER",
    "PUBLICATION_DELAY",
    "REPORT_TYPES",
    "RETENTION",
    "DailyReport",
    "Job",
    "JobStore",
    "day_start",
    "pacific_day",
    "published_reports",
]

try:
    _PACIFIC: tzinfo = ZoneInfo("America/Los_Angeles")
except ZoneInfoNotFoundError:  # a system without a time-zone database: standard time
    _PACIFIC = timezone(timedelta(hours=-8))

PUBLICATION_DELAY = timedelta(hours=48)
BACKFILL_DAYS = 30
RETENTION = timedelta(days=60)
BACKFILL_RETENTION = timedelta(days=30)
CORRECTION_DELAY = timedelta(days=1)
MIN_PUBLICATION_JITTER = timedelta(minutes=5)
MAX_PUBLICATION_JITTER = timedelta(hours=6)
# Days older than this before now have every report expired: no need to look at them.
_OLDEST_LISTED = RETENTION + PUBLICATION_DELAY + CORRECTION_DELAY + timedelta(days=2)

# The channel report types (id -> name); the app's three are among them.
REPORT_TYPES: dict[str, str] = {
    "channel_annotations_a1": "Annotations",
    "channel_basic_a3": "User activity",
    "channel_cards_a1": "Cards",
    "channel_combined_a3": "Combined",
    "channel_demographics_a1": "Demographics",
    "channel_device_os_a3": "Device type and operating system",
    "channel_end_screens_a1": "End screens",
    "channel_playback_location_a3": "Playback locations",
    "channel_province_a3": "User activity by province",
    "channel_reach_basic_a1": "Reach basic",
    "channel_reach_combined_a1": "Reach combined",
    "channel_sharing_service_a1": "Content sharing by platform",
    "channel_subtitles_a3": "Subtitles",
    "channel_traffic_source_a3": "Traffic sources",
    "playlist_basic_a2": "Playlist user activity",
    "playlist_combined_a2": "Playlist combined",
    "playlist_device_os_a2": "Playlist device type and operating system",
    "playlist_playback_location_a2": "Playlist playback locations",
    "playlist_province_a2": "Playlist user activity by province",
    "playlist_traffic_source_a2": "Playlist traffic sources",
}
_DEMO_TYPES = ("channel_reach_basic_a1", "channel_reach_combined_a1", "channel_basic_a3")
# How long before the sandbox starts each demo channel's jobs were made (None: no jobs).
# 100 days: the oldest days have expired. 20 days: every day since the backfill is listed.
DEMO_JOB_AGES: dict[str, timedelta | None] = {
    "Pixel Garden Studio": None,
    "Trail and Tide": timedelta(days=20),
}
_DEFAULT_DEMO_AGE = timedelta(days=100)


def _digest(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256("/".join(map(str, parts)).encode()).digest()[:8], "big")


def pacific_day(moment: datetime) -> date:
    """The Pacific-time date of an instant."""
    return moment.astimezone(_PACIFIC).date()


def day_start(day: date) -> datetime:
    """Midnight Pacific time of ``day``, in UTC: a report's startTime."""
    return datetime.combine(day, time(0), _PACIFIC).astimezone(UTC)


@dataclass(frozen=True)
class Job:
    """One reporting job of one channel."""

    id: str
    channel_id: str
    report_type_id: str
    name: str
    create_time: datetime
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class DailyReport:
    """One published CSV of a job: one Pacific day (``version`` 1: the corrected one)."""

    id: str
    job: Job
    day: date
    version: int
    create_time: datetime
    expire_time: datetime

    @property
    def start_time(self) -> datetime:
        return day_start(self.day)

    @property
    def end_time(self) -> datetime:
        return day_start(self.day + timedelta(days=1))


class JobStore:
    """Every channel's jobs (deleted ones kept: what they published stays downloadable)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}

    def create(self, channel_id: str, report_type_id: str, name: str, now: datetime) -> Job | None:
        """A new job made at ``now``, or None when the channel has one of that type."""
        with self._lock:
            if any(j.report_type_id == report_type_id for j in self._live(channel_id)):
                return None
            job = Job(str(uuid.uuid4()), channel_id, report_type_id, name, _whole(now))
            self._jobs[job.id] = job
            return job

    def add_demo_jobs(self, channels: dict[str, ChannelIdentity], now: datetime) -> None:
        """The demo channels' jobs, made long enough ago for their reports to exist."""
        with self._lock:
            for channel in channels.values():
                age = DEMO_JOB_AGES.get(channel.title, _DEFAULT_DEMO_AGE)
                if age is None:
                    continue
                for type_id in _DEMO_TYPES:
                    key = f"demo/{self.seed}/{channel.id}/{type_id}"
                    job_id = str(uuid.uuid5(uuid.NAMESPACE_URL, key))
                    name = f"{REPORT_TYPES[type_id]} (sandbox demo)"
                    created = _whole(now - age)
                    self._jobs[job_id] = Job(job_id, channel.id, type_id, name, created)

    def of_channel(self, channel_id: str) -> list[Job]:
        """The channel's jobs that are not deleted."""
        with self._lock:
            return self._live(channel_id)

    def get(self, job_id: str) -> Job | None:
        """A job by id, deleted or not."""
        with self._lock:
            return self._jobs.get(job_id)

    def delete(self, job_id: str, now: datetime) -> None:
        with self._lock:
            job = self._jobs[job_id]
            self._jobs[job_id] = replace(job, deleted_at=now)

    def _live(self, channel_id: str) -> list[Job]:
        return [
            j for j in self._jobs.values() if j.channel_id == channel_id and j.deleted_at is None
        ]


def _whole(moment: datetime) -> datetime:
    """To the second: createTime is printed to the second, and createdAfter compares it."""
    return moment.astimezone(UTC).replace(microsecond=0)


def _jitter(seed: int, job: Job, day: date) -> timedelta:
    """m(D): when in its window the day's report of this channel and type comes out."""
    span = int((MAX_PUBLICATION_JITTER - MIN_PUBLICATION_JITTER).total_seconds())
    draw = _digest("jitter", seed, job.channel_id, job.report_type_id, day) % span
    return MIN_PUBLICATION_JITTER + timedelta(seconds=draw)


def _corrected(seed: int, job: Job, day: date) -> bool:
    """Whether the day is published again: one day in each block of ten, drawn per block."""
    block = day.toordinal() // 10
    chosen = _digest("corrected", seed, job.channel_id, job.report_type_id, block) % 10
    return day.toordinal() % 10 == chosen


def _report_id(job: Job, day: date, version: int) -> str:
    return str(_digest("report", job.id, day, version) % 10**12).zfill(12)


def published_reports(seed: int, job: Job, now: datetime) -> list[DailyReport]:
    """The job's reports published by ``now`` and not expired, oldest createTime first."""
    published_by = now if job.deleted_at is None else min(now, job.deleted_at)
    first_possible = job.create_time + PUBLICATION_DELAY
    if published_by < first_possible:
        return []
    first_day = pacific_day(job.create_time) - timedelta(days=BACKFILL_DAYS)
    day = max(first_day, pacific_day(now - _OLDEST_LISTED))
    last_day = pacific_day(published_by - PUBLICATION_DELAY)
    reports: list[DailyReport] = []
    while day <= last_day:
        created = max(day_start(day) + PUBLICATION_DELAY + _jitter(seed, job, day), first_possible)
        backfilled = day < pacific_day(job.create_time)
        keep = BACKFILL_RETENTION if backfilled else RETENTION
        versions = [created]
        if _corrected(seed, job, day):
            versions.append(created + CORRECTION_DELAY)
        for version, create_time in enumerate(versions):
            if create_time <= published_by and now < create_time + keep:
                reports.append(
                    DailyReport(
                        _report_id(job, day, version),
                        job,
                        day,
                        version,
                        create_time,
                        create_time + keep,
                    )
                )
        day += timedelta(days=1)
    reports.sort(key=lambda r: (r.create_time, r.day, r.id))
    return reports
