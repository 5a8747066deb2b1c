"""Reach days: when YouTube publishes a day's report, when it expires, and why a day of a
range has no stored report, in the user's words.

YouTube publishes a job's first reports about 48 hours after the job is made, with a
backfill of the 30 days before it; after that each Pacific day's report comes out about
48 hours after the day starts. A report can be downloaded for 60 days after it is made,
a backfilled one for 30.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..api.dates import PACIFIC
from ..store.reach_db import EXPIRED, FAILED, LISTED, ReachJob, ReachReport, ReachStore

__all__ = [
    "BACKFILL_DAYS",
    "BACKFILL_RETENTION_DAYS",
    "COVERAGE_TYPE",
    "PUBLICATION_DELAY",
    "REACH_REPORT_TYPES",
    "RETENTION_DAYS",
    "MissingDay",
    "day_start",
    "expected_at",
    "expires_at",
    "missing_days",
    "missing_spans",
    "pacific_day",
    "show_day",
    "show_time",
]

REACH_REPORT_TYPES: tuple[str, ...] = (
    "channel_reach_basic_a1",
    "channel_reach_combined_a1",
    "channel_basic_a3",
)
COVERAGE_TYPE = "channel_reach_basic_a1"
"""A day is covered when its report of this type is stored."""
PUBLICATION_DELAY = dt.timedelta(hours=48)
BACKFILL_DAYS = 30
RETENTION_DAYS = 60
BACKFILL_RETENTION_DAYS = 30

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class MissingDay:
    """A day of a range with no stored report, and why (a sentence in the user's words)."""

    day: dt.date
    reason: str


def pacific_day(moment: dt.datetime) -> dt.date:
    """The Pacific-time date of an instant: the day a report covers, the quota's day."""
    return moment.astimezone(PACIFIC).date()


def day_start(day: dt.date) -> dt.datetime:
    """Midnight Pacific time of ``day``, in UTC: when its report's period starts."""
    return dt.datetime.combine(day, dt.time(0), PACIFIC).astimezone(dt.UTC)


def show_day(day: dt.date) -> str:
    """``1 Dec 2026`` (the same in every locale)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def show_time(moment: dt.datetime) -> str:
    """``3 Dec 2026 08:00 UTC``."""
    utc = moment.astimezone(dt.UTC)
    return f"{show_day(utc.date())} {utc:%H:%M} UTC"


def _backfilled(day: dt.date, job: ReachJob | None) -> bool:
    return job is not None and day < pacific_day(job.create_time)


def expected_at(day: dt.date, job: ReachJob) -> dt.datetime:
    """About when YouTube publishes ``day``'s first report of ``job``."""
    return max(day_start(day), job.create_time) + PUBLICATION_DELAY


def expires_at(report: ReachReport, job: ReachJob | None) -> dt.datetime:
    """When ``report`` stops being downloadable (its job unknown: the longer window)."""
    days = BACKFILL_RETENTION_DAYS if _backfilled(report.day, job) else RETENTION_DAYS
    return report.create_time + dt.timedelta(days=days)


def missing_days(
    store: ReachStore,
    channel_id: str,
    start: dt.date,
    end: dt.date,
    job: ReachJob | None,
    now: dt.datetime,
) -> list[MissingDay]:
    """Each day from ``start`` to ``end`` without a stored :data:`COVERAGE_TYPE` report,
    and why; ``job`` is the channel's job of that type (None: reach is not turned on)."""
    covered = set(store.stored_days(channel_id, COVERAGE_TYPE, start, end))
    waiting: dict[dt.date, ReachReport] = {}
    for report in store.reports(
        channel_id, COVERAGE_TYPE, start=start, end=end, statuses=(LISTED, FAILED, EXPIRED)
    ):
        waiting[report.day] = report  # oldest first: the newest of a day stays
    missing = []
    day = start
    while day <= end:
        if day not in covered:
            missing.append(MissingDay(day, _reason(day, job, waiting.get(day), now)))
        day += dt.timedelta(days=1)
    return missing


def missing_spans(missing: Iterable[MissingDay]) -> list[tuple[dt.date, dt.date, str]]:
    """Consecutive days missing for the same reason, as (first, last, reason), by day."""
    spans: list[tuple[dt.date, dt.date, str]] = []
    for gap in sorted(missing, key=lambda m: m.day):
        if spans:
            first, last, reason = spans[-1]
            if reason == gap.reason and gap.day - last == dt.timedelta(days=1):
                spans[-1] = (first, gap.day, reason)
                continue
        spans.append((gap.day, gap.day, gap.reason))
    return spans


def _reason(
    day: dt.date, job: ReachJob | None, listed: ReachReport | None, now: dt.datetime
) -> str:
    if listed is not None:
        if listed.status == EXPIRED or now >= expires_at(listed, job):
            tried = f" (the last try failed: {listed.failure})" if listed.failure else ""
            return _expired(day, job) + tried + "."
        if listed.status == FAILED:
            return (
                f"Published, but its download failed ({listed.failure}); the next sync tries again."
            )
        return (
            f"Published on {show_time(listed.create_time)} but not downloaded yet; "
            "the next sync gets it."
        )
    if job is None:
        return "Reach reports are not turned on for this channel."
    first = pacific_day(job.create_time) - dt.timedelta(days=BACKFILL_DAYS)
    if day < first:
        return (
            f"Before {show_day(first)}, the first day YouTube backfilled: it reports only the "
            f"{BACKFILL_DAYS} days before reach reports were turned on "
            f"({show_day(pacific_day(job.create_time))})."
        )
    expected = expected_at(day, job)
    if now < expected:
        return f"Not yet published: expected around {show_time(expected)}."
    keep = BACKFILL_RETENTION_DAYS if _backfilled(day, job) else RETENTION_DAYS
    if now >= expected + dt.timedelta(days=keep):
        return _expired(day, job) + ", and no sync ran in that time."
    return (
        f"Should have been published around {show_time(expected)} but not listed yet; "
        "the next sync looks for it."
    )


def _expired(day: dt.date, job: ReachJob | None) -> str:
    keep = BACKFILL_RETENTION_DAYS if _backfilled(day, job) else RETENTION_DAYS
    kind = "backfilled report" if _backfilled(day, job) else "daily report"
    return f"Expired before it was downloaded: YouTube keeps a {kind} for {keep} days"
