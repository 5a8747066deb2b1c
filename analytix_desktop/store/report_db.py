"""The local report store: fetched reports, saved reports, workspaces and the quota meter.

One SQLite file (WAL mode, :mod:`.report_schema`) shared by the GUI's worker threads and
the command line; no transaction outlasts the method that opens it. Every method blocks
on the disk, so call them off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .report_schema import (
    SCHEMA_VERSION,
    DamagedStore,
    DuplicateName,
    ReportStoreError,
    StoreFile,
    set_aside_if_damaged,
    unpacked,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SCHEMA_VERSION",
    "DamagedStore",
    "DuplicateName",
    "ReportStore",
    "ReportStoreError",
    "SavedReport",
    "StoredReport",
]

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
_COPY_SUFFIX = re.compile(r" \(copy(?: \d+)?\)$")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_REPORT_COLUMNS = (
    "id, channel_id, channel_title, report_type, query, query_key, fetched_at, rows, columns,"
    " size, video_seconds"
)
_SAVED_COLUMNS = "id, name, channel_id, definition, updated_at"


@dataclass(frozen=True)
class StoredReport:
    """One fetched report of the history, without its body."""

    id: int
    channel_id: str
    channel_title: str
    report_type: str
    query: dict[str, Any]
    query_key: str
    fetched_at: float
    rows: int
    columns: int
    size: int
    video_seconds: float | None = None


@dataclass(frozen=True)
class SavedReport:
    """A named report definition, for one channel or (``channel_id`` None) for any."""

    id: int
    name: str
    channel_id: str | None
    definition: dict[str, Any]
    updated_at: float


def _to_json(value: object, what: str) -> str:
    """``value`` as strict JSON (no NaN or infinity), or ``ValueError``."""
    try:
        return json.dumps(value, allow_nan=False, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError) as error:
        raise ValueError(f"the {what} is not strict JSON: {error}") from None


def _clean_name(name: str) -> str:
    stripped = name.strip()
    if not stripped:
        raise ValueError("a name must not be blank")
    return stripped


def _check_day(day: str) -> str:
    try:
        if _DAY.fullmatch(day) is None:
            raise ValueError
        dt.date.fromisoformat(day)
    except ValueError:
        raise ValueError(f"a day must be YYYY-MM-DD, not {day!r}") from None
    return day


class ReportStore:
    """The store in the SQLite file ``path``, created (mode 0600) and migrated as needed;
    safe from any thread and from several processes at once."""

    def __init__(
        self,
        path: Path,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path)
        self.warnings: list[str] = []
        self.max_bytes = max_bytes  # the reports' size cap: the next add purges down to it
        self._clock = clock
        self._file = StoreFile(self.path)

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        clock: Callable[[], float] = time.time,
    ) -> ReportStore:
        """The store at ``path``; a file that is no readable SQLite database is set aside
        (renamed, never deleted) and a new store started, saying so in ``warnings``."""
        note = set_aside_if_damaged(Path(path), clock())
        store = cls(path, max_bytes=max_bytes, clock=clock)
        store.warnings.extend(note)
        return store

    @property
    def file(self) -> StoreFile:
        """The file's connection pool, for the other tables of the same file (reach)."""
        return self._file

    def close(self) -> None:
        """Close the file; a call still running finishes first."""
        self._file.close()

    # reports (history)

    def add_report(
        self,
        channel_id: str,
        channel_title: str,
        report_type: str,
        query: dict[str, Any],
        query_key: str,
        body: bytes,
        *,
        rows: int,
        columns: int,
        video_seconds: float | None = None,
        fetched_at: float | None = None,
    ) -> StoredReport:
        """Keep a fetched report (``body``: Google's JSON response), then purge the oldest
        others, in the same transaction, until the stored size is within ``max_bytes``."""
        query_json = _to_json(query, "query")
        packed = zlib.compress(body)
        when = self._clock() if fetched_at is None else fetched_at
        values = (channel_id, channel_title, report_type, query_json, query_key, when)
        counts = (rows, columns, len(packed), video_seconds)  # in _REPORT_COLUMNS' order
        with self._file.writing() as connection:
            cursor = connection.execute(
                "INSERT INTO reports (channel_id, channel_title, report_type, query, query_key,"
                " fetched_at, rows, columns, size, video_seconds, body)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, *counts, packed),
            )
            report_id = cursor.lastrowid
            assert report_id is not None  # an INSERT into a rowid table always has one
            self._purge(connection, keep=report_id)
        return _stored((report_id, *values, *counts), json.loads(query_json))

    def latest(self, channel_id: str, query_key: str) -> StoredReport | None:
        """The newest fetch of the query ``query_key`` for the channel."""
        found = self._reports(
            "WHERE channel_id = ? AND query_key = ? ORDER BY fetched_at DESC, id DESC LIMIT 1",
            (channel_id, query_key),
        )
        return found[0] if found else None

    def report(self, report_id: int) -> StoredReport | None:
        found = self._reports("WHERE id = ?", (report_id,))
        return found[0] if found else None

    def body(self, report_id: int) -> bytes:
        """The report's response as fetched: ``KeyError`` when it is gone."""
        with self._file.reading() as connection:
            row = connection.execute("SELECT body FROM reports WHERE id = ?", (report_id,))
            found = row.fetchone()
        if found is None:
            raise KeyError(report_id)
        return unpacked(found[0], f"The report {report_id}'s stored response", self.path)

    def history(
        self, search: str = "", *, channel_id: str | None = None, limit: int = 5000
    ) -> list[StoredReport]:
        """Reports newest first; each word of ``search`` must appear (in any case) in the
        channel's title, the report type or the query."""
        clauses, values = ["1"], list[object]()
        if channel_id is not None:
            clauses.append("channel_id = ?")
            values.append(channel_id)
        for word in search.split():
            clauses.append(
                "instr(casefold(channel_title || char(10) || report_type || char(10) || query),"
                " ?) > 0"
            )
            values.append(word.casefold())
        where = " AND ".join(clauses)  # fixed fragments: the values are parameters
        return self._reports(
            f"WHERE {where} ORDER BY fetched_at DESC, id DESC LIMIT ?", (*values, limit)
        )

    def delete_report(self, report_id: int) -> None:
        with self._file.writing() as connection:
            connection.execute("DELETE FROM reports WHERE id = ?", (report_id,))

    def clear_reports(self) -> None:
        """Forget every report and give the space back to the disk."""
        with self._file.writing() as connection:
            connection.execute("DELETE FROM reports")
        with self._file.reading() as connection:
            connection.execute("VACUUM")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def stored_bytes(self) -> int:
        """The reports' stored (compressed) size."""
        with self._file.reading() as connection:
            total: int = connection.execute(
                "SELECT coalesce(sum(size), 0) FROM reports"
            ).fetchone()[0]
        return total

    # saved reports

    def saved_reports(self) -> list[SavedReport]:
        """Every saved report, by name in any case."""
        return self._saved("ORDER BY name_key, ifnull(channel_id, ''), id", ())

    def saved_report(self, report_id: int) -> SavedReport | None:
        found = self._saved("WHERE id = ?", (report_id,))
        return found[0] if found else None

    def saved_by_name(self, name: str) -> list[SavedReport]:
        """The saved reports called ``name`` in any case (one per channel at most)."""
        key = name.strip().casefold()
        return self._saved("WHERE name_key = ? ORDER BY ifnull(channel_id, ''), id", (key,))

    def save_report(
        self, name: str, definition: dict[str, Any], *, channel_id: str | None = None
    ) -> SavedReport:
        """Save ``definition`` as ``name``; ``DuplicateName`` when the channel (or "any
        channel") already has a report of that name in any case."""
        name = _clean_name(name)
        text = _to_json(definition, "report definition")
        with self._file.writing() as connection:
            return self._insert_saved(connection, name, channel_id, text)

    def update_saved(
        self,
        report_id: int,
        *,
        name: str | None = None,
        definition: dict[str, Any] | None = None,
    ) -> SavedReport:
        """Rename and/or redefine a saved report: ``KeyError`` when it is gone."""
        new_name = None if name is None else _clean_name(name)
        text = None if definition is None else _to_json(definition, "report definition")
        with self._file.writing() as connection:
            old = self._saved("WHERE id = ?", (report_id,), connection)
            if not old:
                raise KeyError(report_id)
            new_name = old[0].name if new_name is None else new_name
            now = self._clock()
            try:
                connection.execute(
                    "UPDATE saved_reports SET name = ?, name_key = ?,"
                    " definition = coalesce(?, definition), updated_at = ? WHERE id = ?",
                    (new_name, new_name.casefold(), text, now, report_id),
                )
            except sqlite3.IntegrityError:
                raise _duplicate(new_name, old[0].channel_id) from None
        kept = old[0].definition if text is None else json.loads(text)
        return SavedReport(report_id, new_name, old[0].channel_id, kept, now)

    def duplicate_saved(self, report_id: int) -> SavedReport:
        """A copy named "Name (copy)", or "Name (copy 2)" and so on when that is taken."""
        with self._file.writing() as connection:
            found = self._saved("WHERE id = ?", (report_id,), connection)
            if not found:
                raise KeyError(report_id)
            original = found[0]
            base = _COPY_SUFFIX.sub("", original.name) or original.name
            number = 1
            while True:
                name = f"{base} (copy)" if number == 1 else f"{base} (copy {number})"
                taken = connection.execute(
                    "SELECT 1 FROM saved_reports WHERE name_key = ?"
                    " AND ifnull(channel_id, '') = ifnull(?, '')",
                    (name.casefold(), original.channel_id),
                ).fetchone()
                if taken is None:
                    break
                number += 1
            text = _to_json(original.definition, "report definition")
            return self._insert_saved(connection, name, original.channel_id, text)

    def delete_saved(self, report_id: int) -> None:
        with self._file.writing() as connection:
            connection.execute("DELETE FROM saved_reports WHERE id = ?", (report_id,))

    # workspaces

    def workspaces(self) -> list[str]:
        """The saved workspaces' names, in any case's order."""
        with self._file.reading() as connection:
            rows = connection.execute("SELECT name FROM workspaces ORDER BY casefold(name), name")
            return [name for (name,) in rows]

    def workspace(self, name: str) -> dict[str, Any] | None:
        with self._file.reading() as connection:
            found = connection.execute(
                "SELECT state FROM workspaces WHERE name = ?", (name.strip(),)
            ).fetchone()
        return None if found is None else self._json(found[0], f"workspace {name.strip()!r}")

    def save_workspace(self, name: str, state: dict[str, Any]) -> None:
        """Save the GUI's ``state`` as ``name``, replacing a workspace of that name."""
        name = _clean_name(name)
        text = _to_json(state, "workspace")
        with self._file.writing() as connection:
            connection.execute(
                "INSERT INTO workspaces (name, state, updated_at) VALUES (?, ?, ?) ON CONFLICT"
                " (name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                (name, text, self._clock()),
            )

    def delete_workspace(self, name: str) -> None:
        with self._file.writing() as connection:
            connection.execute("DELETE FROM workspaces WHERE name = ?", (name.strip(),))

    # the quota meter

    def count_request(self, api: str, *, day: str, units: int = 1) -> None:
        """Add ``units`` to ``api``'s count on ``day`` (YYYY-MM-DD, the caller's quota day)."""
        if units < 1:
            raise ValueError(f"a request costs at least one unit, not {units}")
        with self._file.writing() as connection:
            connection.execute(
                "INSERT INTO request_counts (day, api, units) VALUES (?, ?, ?) ON CONFLICT"
                " (day, api) DO UPDATE SET units = units + excluded.units",
                (_check_day(day), api, units),
            )

    def requests_on(self, day: str) -> dict[str, int]:
        """Units counted on ``day`` per API."""
        with self._file.reading() as connection:
            rows = connection.execute(
                "SELECT api, units FROM request_counts WHERE day = ? ORDER BY api",
                (_check_day(day),),
            )
            return dict(rows.fetchall())

    # the machinery

    def _purge(self, connection: sqlite3.Connection, *, keep: int) -> None:
        """Delete the oldest reports but ``keep`` until the total is within the cap."""
        total: int = connection.execute("SELECT coalesce(sum(size), 0) FROM reports").fetchone()[0]
        excess = total - self.max_bytes
        if excess <= 0:
            return
        victims: list[tuple[int]] = []
        oldest = connection.execute(
            "SELECT id, size FROM reports WHERE id != ? ORDER BY fetched_at, id", (keep,)
        )
        for report_id, size in oldest:
            if excess <= 0:
                break
            victims.append((report_id,))
            excess -= size
        oldest.close()
        connection.executemany("DELETE FROM reports WHERE id = ?", victims)

    def _json(self, text: str, what: str) -> Any:
        try:
            return json.loads(text)
        except ValueError:
            raise DamagedStore(
                f"The {what} in the local report store {self.path} is damaged."
            ) from None

    def _reports(self, condition: str, values: tuple[object, ...]) -> list[StoredReport]:
        with self._file.reading() as connection:
            rows = connection.execute(
                f"SELECT {_REPORT_COLUMNS} FROM reports {condition}",  # noqa: S608 - our own
                values,
            ).fetchall()
        return [_stored(row, self._json(row[4], f"report {row[0]}")) for row in rows]

    def _saved(
        self,
        condition: str,
        values: tuple[object, ...],
        connection: sqlite3.Connection | None = None,
    ) -> list[SavedReport]:
        if connection is None:
            with self._file.reading() as own:
                return self._saved(condition, values, own)
        rows = connection.execute(
            f"SELECT {_SAVED_COLUMNS} FROM saved_reports {condition}",  # noqa: S608 - our own
            values,
        ).fetchall()
        return [
            SavedReport(
                row[0], row[1], row[2], self._json(row[3], f"saved report {row[1]!r}"), row[4]
            )
            for row in rows
        ]

    def _insert_saved(
        self, connection: sqlite3.Connection, name: str, channel_id: str | None, text: str
    ) -> SavedReport:
        now = self._clock()
        try:
            cursor = connection.execute(
                "INSERT INTO saved_reports (name, name_key, channel_id, definition, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (name, name.casefold(), channel_id, text, now),
            )
        except sqlite3.IntegrityError:
            raise _duplicate(name, channel_id) from None
        assert cursor.lastrowid is not None  # an INSERT into a rowid table always has one
        return SavedReport(cursor.lastrowid, name, channel_id, json.loads(text), now)


def _stored(row: tuple[Any, ...], query: dict[str, Any]) -> StoredReport:
    """The report of a row in ``_REPORT_COLUMNS``' order, with its ``query`` parsed."""
    return StoredReport(row[0], row[1], row[2], row[3], query, *row[5:])


def _duplicate(name: str, channel_id: str | None) -> DuplicateName:
    scope = "for any channel" if channel_id is None else "for this channel"
    return DuplicateName(f"A saved report named {name!r} already exists {scope}.")
