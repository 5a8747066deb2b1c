"""The reach store: YouTube Reporting API jobs, daily reports and the facts queries sum.

It lives in the report store's SQLite file (the tables of schema step 3 in
:mod:`.report_schema`). A downloaded report's CSV and its facts are written in one
transaction, so a process killed at any moment leaves each report wholly stored or not
at all. Facts are kept for the newest stored report of each day only: a corrected
report replaces the day's facts, and older files are kept for export. Every method
blocks on the disk, so call them off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import zlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple

from .report_schema import StoreFile, unpacked

__all__ = [
    "EXPIRED",
    "FAILED",
    "LISTED",
    "STORED",
    "ReachJob",
    "ReachReport",
    "ReachStore",
    "ReportFacts",
    "SourceDay",
    "SumKey",
    "VideoDay",
    "ViewDay",
]

LISTED = "listed"
STORED = "stored"
FAILED = "failed"
EXPIRED = "expired"
"""Listed but never downloaded before YouTube's retention window closed."""

SumKey = str | int | dt.date
"""A row of sums: a day, a video id or a traffic source code."""

_REPORT_COLUMNS = (
    "id, job_id, channel_id, report_type, day, start_time, end_time, create_time,"
    " download_url, status, failure, downloaded_at, size"
)
_INSERT_LISTED = (
    "INSERT INTO reach_reports (id, job_id, channel_id, report_type, day, start_time, end_time,"
    " create_time, download_url, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'listed')"
    " ON CONFLICT DO NOTHING"
)
# Each facts table's columns after the day: the rest of its key, then its two sums.
_FACT_COLUMNS = {
    "reach_video_days": ("video_id", "impressions", "clicks"),
    "reach_source_days": ("video_id", "traffic_source", "impressions", "clicks"),
    "reach_view_days": ("video_id", "views", "watch_minutes"),
}
_GROUPS = {"day": "day", "video": "video_id", "traffic_source": "traffic_source"}


@dataclass(frozen=True)
class ReachJob:
    """A reporting job of a channel, as last seen at YouTube."""

    channel_id: str
    report_type: str
    job_id: str
    create_time: dt.datetime


@dataclass(frozen=True)
class ReachReport:
    """A daily report listed at YouTube, and what became of it here (without its CSV)."""

    id: str
    job_id: str
    channel_id: str
    report_type: str
    day: dt.date
    start_time: dt.datetime
    end_time: dt.datetime
    create_time: dt.datetime
    download_url: str
    status: str = LISTED
    failure: str | None = None
    downloaded_at: float | None = None
    size: int | None = None


class VideoDay(NamedTuple):
    """Thumbnail impressions and clicks (impressions x CTR) of a video on a day."""

    day: dt.date
    video_id: str
    impressions: int
    clicks: float


class SourceDay(NamedTuple):
    """:class:`VideoDay` for one traffic source (its code)."""

    day: dt.date
    video_id: str
    traffic_source: int
    impressions: int
    clicks: float


class ViewDay(NamedTuple):
    """Views and minutes watched of a video on a day."""

    day: dt.date
    video_id: str
    views: int
    watch_minutes: float


@dataclass(frozen=True)
class ReportFacts:
    """What a report adds to the queries; rows with the same key are summed."""

    video_days: Sequence[VideoDay] = ()
    source_days: Sequence[SourceDay] = ()
    view_days: Sequence[ViewDay] = ()


def _instant(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError(f"a time must be timezone-aware, not {moment!r}")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _moment(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


def _listing(report: ReachReport) -> tuple[str, ...]:
    """The report's values for ``_INSERT_LISTED``."""
    return (
        report.id,
        report.job_id,
        report.channel_id,
        report.report_type,
        report.day.isoformat(),
        _instant(report.start_time),
        _instant(report.end_time),
        _instant(report.create_time),
        report.download_url,
    )


def _report(row: tuple[Any, ...]) -> ReachReport:
    """The report of a row in ``_REPORT_COLUMNS``' order."""
    rid, job, channel, kind, day, start, end, created, url, status, failure, at, size = row
    return ReachReport(
        rid,
        job,
        channel,
        kind,
        dt.date.fromisoformat(day),
        _moment(start),
        _moment(end),
        _moment(created),
        url,
        status,
        failure,
        at,
        size,
    )


class ReachStore:
    """The reach tables of the store file ``file``; safe from any thread and process."""

    def __init__(self, file: StoreFile) -> None:
        self._file = file

    @classmethod
    def open(cls, path: Path) -> ReachStore:
        """The reach tables of the store at ``path`` (created and migrated as needed)."""
        return cls(StoreFile(Path(path)))

    @property
    def path(self) -> Path:
        return self._file.path

    def close(self) -> None:
        self._file.close()

    # jobs

    def jobs(self, channel_id: str) -> list[ReachJob]:
        """The channel's jobs, by report type."""
        with self._file.reading() as connection:
            rows = connection.execute(
                "SELECT report_type, job_id, create_time FROM reach_jobs"
                " WHERE channel_id = ? ORDER BY report_type",
                (channel_id,),
            ).fetchall()
        return [ReachJob(channel_id, kind, job, _moment(created)) for kind, job, created in rows]

    def set_jobs(self, channel_id: str, jobs: Iterable[ReachJob]) -> None:
        """Make ``jobs`` (their types and ids) the channel's jobs (none: forget them);
        reports stay."""
        values = [(channel_id, j.report_type, j.job_id, _instant(j.create_time)) for j in jobs]
        with self._file.writing() as connection:
            connection.execute("DELETE FROM reach_jobs WHERE channel_id = ?", (channel_id,))
            connection.executemany(
                "INSERT INTO reach_jobs (channel_id, report_type, job_id, create_time)"
                " VALUES (?, ?, ?, ?)",
                values,
            )

    # reports

    def record_listed(self, reports: Iterable[ReachReport]) -> int:
        """Remember reports as listed; those already known are left as they are. Returns
        how many were new."""
        values = [_listing(report) for report in reports]
        with self._file.writing() as connection:
            before = connection.total_changes
            connection.executemany(_INSERT_LISTED, values)
            return connection.total_changes - before

    def newest_create_time(self, job_id: str) -> dt.datetime | None:
        """The newest createTime among the job's reports seen (listed or stored)."""
        with self._file.reading() as connection:
            found = connection.execute(
                "SELECT max(create_time) FROM reach_reports WHERE job_id = ?", (job_id,)
            ).fetchone()[0]
        return None if found is None else _moment(found)

    def reports(
        self,
        channel_id: str,
        report_type: str | None = None,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        statuses: Collection[str] = (LISTED, STORED, FAILED),
    ) -> list[ReachReport]:
        """The channel's reports (of ``report_type``, days ``start`` to ``end``, in one of
        ``statuses``), oldest day first, then oldest createTime first."""
        clauses = ["channel_id = ?", f"status IN ({', '.join('?' * len(statuses))})"]
        values: list[object] = [channel_id, *statuses]
        for clause, value in (
            ("report_type = ?", report_type),
            ("day >= ?", start and start.isoformat()),
            ("day <= ?", end and end.isoformat()),
        ):
            if value is not None:
                clauses.append(clause)
                values.append(value)
        where = " AND ".join(clauses)  # fixed fragments: the values are parameters
        with self._file.reading() as connection:
            rows = connection.execute(
                f"SELECT {_REPORT_COLUMNS} FROM reach_reports WHERE {where}"  # noqa: S608
                " ORDER BY day, create_time, key",
                values,
            ).fetchall()
        return [_report(row) for row in rows]

    def store_report(
        self, report: ReachReport, body: bytes, facts: ReportFacts, *, downloaded_at: float
    ) -> bool:
        """Keep a downloaded report's CSV ``body`` and, when it is the newest stored for
        its day, its ``facts`` in place of the day's older ones: all in one transaction.
        False (and nothing written) when the report was already stored."""
        packed = zlib.compress(body)
        with self._file.writing() as connection:
            connection.execute(_INSERT_LISTED, _listing(report))
            key, status = connection.execute(
                "SELECT key, status FROM reach_reports WHERE job_id = ? AND id = ?",
                (report.job_id, report.id),
            ).fetchone()
            if status == STORED:
                return False
            connection.execute(
                "UPDATE reach_reports SET status = 'stored', failure = NULL, downloaded_at = ?,"
                " size = ?, body = ? WHERE key = ?",
                (downloaded_at, len(packed), packed, key),
            )
            newest = connection.execute(
                "SELECT key FROM reach_reports WHERE channel_id = ? AND report_type = ?"
                " AND day = ? AND status = 'stored' ORDER BY create_time DESC, key DESC LIMIT 1",
                (report.channel_id, report.report_type, report.day.isoformat()),
            ).fetchone()[0]
            if newest == key:
                self._replace_facts(connection, report, key, facts)
        return True

    def mark_failed(self, report: ReachReport, message: str) -> None:
        """Remember that the report's download failed (a stored report stays stored)."""
        with self._file.writing() as connection:
            connection.execute(_INSERT_LISTED, _listing(report))
            connection.execute(
                "UPDATE reach_reports SET status = 'failed', failure = ?"
                " WHERE job_id = ? AND id = ? AND status != 'stored'",
                (message, report.job_id, report.id),
            )

    def mark_expired(self, reports: Iterable[ReachReport]) -> None:
        """Remember that these reports expired before they were downloaded."""
        with self._file.writing() as connection:
            connection.executemany(
                "UPDATE reach_reports SET status = 'expired'"
                " WHERE job_id = ? AND id = ? AND status IN ('listed', 'failed')",
                [(report.job_id, report.id) for report in reports],
            )

    def record_sync(self, channel_id: str, at: float) -> None:
        """Remember when the channel's last sync ended (Unix time)."""
        with self._file.writing() as connection:
            connection.execute(
                "INSERT INTO reach_syncs (channel_id, synced_at) VALUES (?, ?) ON CONFLICT"
                " (channel_id) DO UPDATE SET synced_at = excluded.synced_at",
                (channel_id, at),
            )

    def last_sync(self, channel_id: str) -> float | None:
        """When the channel's last sync ended (Unix time), or None."""
        with self._file.reading() as connection:
            found = connection.execute(
                "SELECT synced_at FROM reach_syncs WHERE channel_id = ?", (channel_id,)
            ).fetchone()
        return None if found is None else float(found[0])

    def body(self, job_id: str, report_id: str) -> bytes:
        """A stored report's CSV as downloaded: ``KeyError`` when it is not stored."""
        with self._file.reading() as connection:
            found = connection.execute(
                "SELECT body FROM reach_reports WHERE job_id = ? AND id = ? AND status = 'stored'",
                (job_id, report_id),
            ).fetchone()
        if found is None:
            raise KeyError(report_id)
        return unpacked(found[0], f"The daily report {report_id}'s stored CSV", self.path)

    def delete_channel(self, channel_id: str) -> None:
        """Forget the channel's jobs, reports and facts."""
        with self._file.writing() as connection:
            for table in (*_FACT_COLUMNS, "reach_reports", "reach_jobs", "reach_syncs"):
                connection.execute(
                    f"DELETE FROM {table} WHERE channel_id = ?",  # noqa: S608 - our own names
                    (channel_id,),
                )

    # facts

    def stored_days(
        self, channel_id: str, report_type: str, start: dt.date, end: dt.date
    ) -> list[dt.date]:
        """The days from ``start`` to ``end`` with a stored report of ``report_type``."""
        with self._file.reading() as connection:
            rows = connection.execute(
                "SELECT DISTINCT day FROM reach_reports WHERE channel_id = ? AND report_type = ?"
                " AND status = 'stored' AND day BETWEEN ? AND ? ORDER BY day",
                (channel_id, report_type, start.isoformat(), end.isoformat()),
            ).fetchall()
        return [dt.date.fromisoformat(day) for (day,) in rows]

    def sums(
        self,
        channel_id: str,
        start: dt.date,
        end: dt.date,
        *,
        of: Literal["impressions", "views"],
        by: Literal["day", "video", "traffic_source"],
        videos: Collection[str] = (),
        covered_by: str | None = None,
    ) -> dict[SumKey, tuple[int, float]]:
        """Impressions and clicks, or views and minutes watched, summed per ``by`` over
        ``start`` to ``end``: of ``videos`` when given, on days with a stored
        ``covered_by`` report when given. Views have no traffic source."""
        if of == "views":
            if by == "traffic_source":
                raise ValueError("views are not reported by traffic source")
            table = "reach_view_days"
        else:
            table = "reach_source_days" if by == "traffic_source" else "reach_video_days"
        column = _GROUPS[by]
        *_, count, amount = _FACT_COLUMNS[table]
        clauses = ["channel_id = ?", "day BETWEEN ? AND ?"]
        values: list[object] = [channel_id, start.isoformat(), end.isoformat()]
        if videos:
            clauses.append(f"video_id IN ({', '.join('?' * len(videos))})")
            values.extend(videos)
        if covered_by is not None:
            clauses.append(
                "day IN (SELECT day FROM reach_reports WHERE channel_id = ?"
                " AND report_type = ? AND status = 'stored')"
            )
            values.extend((channel_id, covered_by))
        where = " AND ".join(clauses)  # fixed fragments and our own names: values are parameters
        with self._file.reading() as connection:
            rows = connection.execute(
                f"SELECT {column}, sum({count}), total({amount}) FROM {table}"  # noqa: S608
                f" WHERE {where} GROUP BY {column}",
                values,
            ).fetchall()
        return {
            (dt.date.fromisoformat(key) if column == "day" else key): (int(total), float(part))
            for key, total, part in rows
        }

    # the machinery

    @staticmethod
    def _replace_facts(
        connection: sqlite3.Connection, report: ReachReport, key: int, facts: ReportFacts
    ) -> None:
        """Drop the facts of the day's other reports and add ``facts`` for ``key``."""
        for table in _FACT_COLUMNS:
            connection.execute(
                f"DELETE FROM {table} WHERE report IN (SELECT key FROM reach_reports"  # noqa: S608
                " WHERE channel_id = ? AND report_type = ? AND day = ? AND key != ?)",
                (report.channel_id, report.report_type, report.day.isoformat(), key),
            )
        for table, rows in (
            ("reach_video_days", facts.video_days),
            ("reach_source_days", facts.source_days),
            ("reach_view_days", facts.view_days),
        ):
            *keys, count, amount = _FACT_COLUMNS[table]
            connection.executemany(
                f"INSERT INTO {table} (report, channel_id, day, {', '.join(keys)}, {count},"  # noqa: S608
                f" {amount}) VALUES ({', '.join('?' * (len(keys) + 5))}) ON CONFLICT DO UPDATE"
                f" SET {count} = {count} + excluded.{count},"
                f" {amount} = {amount} + excluded.{amount}",
                [(key, report.channel_id, row[0].isoformat(), *row[1:]) for row in rows],
            )
