"""What the Reach feature says: the data on this computer, the turn-on promise, sync
progress and results, and a reach pane's note (covered days, views source, missing days)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from ..core.reach import BACKFILL_DAYS, MissingDay, ReachJobs, ReachResult, SyncResult
from ..core.reach_days import missing_spans
from ..core.tasks import Progress
from .labels import plural

__all__ = [
    "BY_TITLES",
    "SyncProgress",
    "coverage_text",
    "day_span",
    "missing_text",
    "reach_note",
    "sync_progress",
    "sync_summary",
    "turned_on_text",
]

BY_TITLES = {"day": "Day", "video": "Video", "traffic_source": "Traffic source"}
"""The Reach tab's "By" choices: a ReachQuery's ``by`` -> the user's word."""


def _day(day: dt.date, pattern: str) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), pattern)


def _moment(moment: dt.datetime, pattern: str) -> str:
    """``moment`` (aware, any zone) in the computer's time zone."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    value = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    return QLocale().toString(value, pattern)


def day_span(start: dt.date, end: dt.date) -> str:
    """``29 Nov 2026``, ``29–30 Nov 2026``, ``2 Oct – 28 Nov 2026`` or
    ``30 Dec 2025 – 2 Jan 2026``."""
    if start == end:
        return _day(start, "d MMM yyyy")
    if (start.year, start.month) == (end.year, end.month):
        return f"{_day(start, 'd')}–{_day(end, 'd MMM yyyy')}"
    if start.year == end.year:
        return f"{_day(start, 'd MMM')} – {_day(end, 'd MMM yyyy')}"
    return f"{_day(start, 'd MMM yyyy')} – {_day(end, 'd MMM yyyy')}"


def _in_sentence(reason: str) -> str:
    """A reason as the middle of a sentence: "Not yet published" -> "not yet published";
    names ("YouTube") keep their capitals."""
    first = reason.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower():
        return reason[:1].lower() + reason[1:]
    return reason


def missing_text(missing: list[MissingDay]) -> str:
    """The missing days grouped by reason, one line each: ``Missing 2 days: 29–30 Nov
    2026 — not yet published by YouTube (expected around …)``."""
    reasons: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for first, last, reason in missing_spans(missing):
        reasons.setdefault(reason, []).append((first, last))
    lines = []
    for reason, runs in reasons.items():
        spans = ", ".join(day_span(first, last) for first, last in runs)
        days = sum((last - first).days + 1 for first, last in runs)
        lines.append(f"Missing {plural(days, 'day')}: {spans} — {_in_sentence(reason)}")
    return "\n".join(lines)


def reach_note(result: ReachResult) -> str:
    """A reach pane's note: the days covered, where its views come from, what is missing."""
    query = result.query
    total = (query.end - query.start).days + 1
    lines = [
        f"Reach data for {result.covered_days} of {plural(total, 'day')} "
        f"({day_span(query.start, query.end)}), from YouTube's daily reach reports kept "
        "on this computer.",
        result.views_source.rstrip(".") + ".",
    ]
    missing = missing_text(result.missing)
    return "\n".join([*lines, missing] if missing else lines)


def coverage_text(span: tuple[dt.date, dt.date, int] | None, synced: dt.datetime | None) -> str:
    """The Reach tab's status line: ``Reach data on this computer: 2 Oct – 28 Nov 2026
    (58 days). Last synced 1 Dec 09:12.``; ``span`` is (first day, last day, days),
    ``synced`` the end of the channel's last complete sync (None: never)."""
    if span is None:
        text = "No reach data on this computer yet."
    else:
        first, last, days = span
        text = f"Reach data on this computer: {day_span(first, last)} ({plural(days, 'day')})."
    if synced is not None:
        text += f" Last synced {_moment(synced, 'd MMM HH:mm')}."
    return text


def turned_on_text(title: str, jobs: ReachJobs, now: dt.datetime) -> str:
    """What Turn on reach reports promises, honestly (YouTube's publication delay)."""
    expected = jobs.first_data_expected
    tail = (
        "They are downloaded when you choose Sync now (Report > Sync reach reports) and, "
        "unless you turned it off in File > Local data…, when the app starts."
    )
    if not jobs.created:
        return f"Reach reports were already on for {title}. {tail}"
    if expected is None or expected <= now:
        when = "soon"
    else:
        hours = max(1, round((expected - now).total_seconds() / 3600))
        around = _moment(expected, "ddd d MMM HH:mm")
        when = f"about {plural(hours, 'hour')} from now (around {around})"
    return (
        f"Reach reports are on for {title}. YouTube publishes the first daily reports {when}, "
        f"with the {BACKFILL_DAYS} days before today; then one report a day. {tail}"
    )


class SyncProgress(NamedTuple):
    """A sync under way as shown: how far (percent; None: not known yet) and what it does."""

    percent: int | None
    text: str


def sync_progress(title: str, progress: Progress | None = None) -> SyncProgress:
    """``Reach for Alex Rivera: Downloading 12 of 60 daily reports…``: the core's own words
    after the channel's title; before it says any, the sync is looking for new reports."""
    if progress is None:
        return SyncProgress(None, f"Reach for {title}: looking for new daily reports…")
    percent = min(progress.percent, 100) if progress.percent >= 0 else None
    doing = progress.text or "looking for new daily reports…"
    return SyncProgress(percent, f"Reach for {title}: {doing}")


def sync_summary(title: str, result: SyncResult) -> str:
    """One line after a channel's sync: what arrived, what failed (summed up, not a storm)."""
    if result.jobs_found == 0:
        return f"Reach: reach reports are not turned on for {title}."
    parts = [
        f"{plural(result.downloaded, 'new daily report')}"
        if result.downloaded
        else "no new daily reports"
    ]
    if result.failed:
        days = {day for day, _kind, _message in result.failed}
        first = result.failed[0][2]
        parts.append(
            f"{plural(len(result.failed), 'report')} of {plural(len(days), 'day')} could not be "
            f"downloaded ({first}); they are tried again at the next sync"
        )
    if result.expired:
        parts.append(
            f"{plural(len(result.expired), 'day')} expired at YouTube before "
            f"{'it was' if len(result.expired) == 1 else 'they were'} downloaded"
        )
    return f"Reach for {title}: " + "; ".join(parts) + "."
