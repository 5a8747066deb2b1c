"""The report store's file: its tables and migrations, its connections, what goes wrong with it.

``PRAGMA user_version`` holds a file's schema version (0: a new, empty file). ``STEPS[n]``
takes a file from version n to n + 1; each step runs in a transaction of its own, so a
file is always at one version or the next, never between them.

Connections come from a pool, so that each is used by one thread at a time and threads
that come and go (a thread pool's) leave no connection behind. Writes take the lock up
front (``BEGIN IMMEDIATE``) and wait for another process's writer up to ``BUSY_SECONDS``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..api.errors import AnalytixError

__all__ = [
    "BUSY_SECONDS",
    "SCHEMA_VERSION",
    "STEPS",
    "DamagedStore",
    "DuplicateName",
    "ReportStoreError",
    "StoreFile",
    "failure",
    "file_version",
    "migrate",
    "set_aside_if_damaged",
    "transaction",
]

BUSY_SECONDS = 10.0
_WAL_LIMIT = 16 * 1024 * 1024  # a big report's transaction grows the WAL; shrink it after
_MAGIC = b"SQLite format 3\x00"
_DAMAGE = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
_READING = frozenset({sqlite3.SQLITE_IOERR_READ, sqlite3.SQLITE_IOERR_SHORT_READ})


class ReportStoreError(AnalytixError):
    """The local report store cannot be opened, read or written; the message says why."""


class DamagedStore(ReportStoreError):
    """The file is not a readable SQLite database, or something stored in it is corrupt."""


class DuplicateName(ReportStoreError):
    """A saved report's name is already taken (for its channel, in any case)."""


_REPORTS = (
    # Release 1: every fetched report, its body (Google's JSON response) zlib-compressed.
    # The body is the last column, so that listing reports never reads its overflow pages.
    """
    CREATE TABLE reports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        channel_id TEXT NOT NULL,
        channel_title TEXT NOT NULL,
        report_type TEXT NOT NULL,
        query TEXT NOT NULL,
        query_key TEXT NOT NULL,
        fetched_at REAL NOT NULL,
        rows INTEGER NOT NULL,
        columns INTEGER NOT NULL,
        video_seconds REAL,
        size INTEGER NOT NULL,
        body BLOB NOT NULL
    )
    """,
    "CREATE INDEX reports_by_query ON reports (channel_id, query_key, fetched_at)",
    "CREATE INDEX reports_by_age ON reports (fetched_at)",
)

_SAVED = (
    # Release 2: saved reports, workspaces and the quota meter's counts. ``name_key`` is
    # the name case-folded in Python: SQLite's NOCASE folds ASCII letters only.
    """
    CREATE TABLE saved_reports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        channel_id TEXT,
        definition TEXT NOT NULL,
        updated_at REAL NOT NULL
    )
    """,
    # A NULL channel (any channel) is a value of its own for uniqueness, hence ifnull.
    "CREATE UNIQUE INDEX saved_reports_by_name ON saved_reports (name_key, ifnull(channel_id, ''))",
    """
    CREATE TABLE workspaces (
        name TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        updated_at REAL NOT NULL
    )
    """,
    """
    CREATE TABLE request_counts (
        day TEXT NOT NULL,
        api TEXT NOT NULL,
        units INTEGER NOT NULL,
        PRIMARY KEY (day, api)
    ) WITHOUT ROWID
    """,
)

_REACH = (
    # Release 3: the YouTube Reporting API's jobs, the daily reports listed and downloaded
    # (the CSV zlib-compressed, the last column), and the per-day facts that reach queries
    # sum. Facts are kept for the newest stored report of a day only, keyed to its row.
    # Times are UTC, "YYYY-MM-DDTHH:MM:SS.ffffffZ" (fixed width: text order is time order).
    """
    CREATE TABLE reach_jobs (
        channel_id TEXT NOT NULL,
        report_type TEXT NOT NULL,
        job_id TEXT NOT NULL,
        create_time TEXT NOT NULL,
        PRIMARY KEY (channel_id, report_type)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE reach_reports (
        key INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL,
        job_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        report_type TEXT NOT NULL,
        day TEXT NOT NULL,
        start_time TEXT NOT NULL,
        end_time TEXT NOT NULL,
        create_time TEXT NOT NULL,
        download_url TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('listed', 'stored', 'failed', 'expired')),
        failure TEXT,
        downloaded_at REAL,
        size INTEGER,
        body BLOB,
        UNIQUE (job_id, id)
    )
    """,
    "CREATE INDEX reach_reports_by_day ON reach_reports (channel_id, report_type, day)",
    "CREATE INDEX reach_reports_by_job ON reach_reports (job_id, create_time)",
    """
    CREATE TABLE reach_video_days (
        report INTEGER NOT NULL REFERENCES reach_reports (key),
        channel_id TEXT NOT NULL,
        day TEXT NOT NULL,
        video_id TEXT NOT NULL,
        impressions INTEGER NOT NULL,
        clicks REAL NOT NULL,
        PRIMARY KEY (report, day, video_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX reach_video_days_by_day ON reach_video_days (channel_id, day)",
    """
    CREATE TABLE reach_source_days (
        report INTEGER NOT NULL REFERENCES reach_reports (key),
        channel_id TEXT NOT NULL,
        day TEXT NOT NULL,
        video_id TEXT NOT NULL,
        traffic_source INTEGER NOT NULL,
        impressions INTEGER NOT NULL,
        clicks REAL NOT NULL,
        PRIMARY KEY (report, day, video_id, traffic_source)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX reach_source_days_by_day ON reach_source_days (channel_id, day)",
    """
    CREATE TABLE reach_view_days (
        report INTEGER NOT NULL REFERENCES reach_reports (key),
        channel_id TEXT NOT NULL,
        day TEXT NOT NULL,
        video_id TEXT NOT NULL,
        views INTEGER NOT NULL,
        watch_minutes REAL NOT NULL,
        PRIMARY KEY (report, day, video_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX reach_view_days_by_day ON reach_view_days (channel_id, day)",
    """
    CREATE TABLE reach_syncs (
        channel_id TEXT PRIMARY KEY,
        synced_at REAL NOT NULL
    ) WITHOUT ROWID
    """,
)

STEPS: tuple[tuple[str, ...], ...] = (_REPORTS, _SAVED, _REACH)
SCHEMA_VERSION = len(STEPS)


def file_version(connection: sqlite3.Connection) -> int:
    """The schema version of the file ``connection`` is open on."""
    version: int = connection.execute("PRAGMA user_version").fetchone()[0]
    return version


@contextlib.contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction on an autocommit ``connection``: committed when the block ends,
    rolled back when an error (or an interrupt) ends it."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
        raise


def migrate(connection: sqlite3.Connection) -> None:
    """Bring the file up to :data:`SCHEMA_VERSION`, one step per transaction.

    ``connection`` must be in autocommit mode (``isolation_level=None``). The version is
    read again inside each write transaction, so two processes migrating one file at
    once run each step once.
    """
    while True:
        with transaction(connection):
            version = file_version(connection)
            if version >= SCHEMA_VERSION:
                return
            for statement in STEPS[version]:
                connection.execute(statement)
            # PRAGMA takes no parameters; the version is our own integer.
            connection.execute(f"PRAGMA user_version = {version + 1:d}")


def unpacked(blob: bytes, what: str, path: Path) -> bytes:
    """A stored body, decompressed; :class:`DamagedStore` naming ``what`` when it cannot be."""
    try:
        return zlib.decompress(blob)
    except zlib.error:
        raise DamagedStore(
            f"{what} in the local report store {path} is damaged: it cannot be unpacked."
        ) from None


def failure(path: Path, error: sqlite3.Error) -> ReportStoreError:
    """``error`` in a sentence naming the file (sqlite's own text holds no data of ours)."""
    code = getattr(error, "sqlite_errorcode", None) or 0
    primary = code & 0xFF
    start = f"The local report store {path}"
    if primary in _DAMAGE:
        return DamagedStore(f"{start} is damaged ({error}).")
    if primary == sqlite3.SQLITE_FULL:
        return ReportStoreError(f"{start} is full: the disk has no room.")
    if primary == sqlite3.SQLITE_IOERR and code not in _READING:
        return ReportStoreError(
            f"{start} could not be written: the disk is full, over a size limit or failing."
        )
    if primary == sqlite3.SQLITE_IOERR:
        return ReportStoreError(f"{start} could not be read: the disk is failing.")
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return ReportStoreError(
            f"{start} is busy: another program kept it locked for over {BUSY_SECONDS:g} s."
        )
    if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN):
        return ReportStoreError(f"{start} cannot be opened for writing ({error}).")
    return ReportStoreError(f"{start} failed: {error}.")


class StoreFile:
    """The SQLite file at ``path``: created (mode 0600) and brought up to date on open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []
        self._closed = False
        _create(path)
        try:
            with self.reading() as connection:
                version = file_version(connection)
                if version > SCHEMA_VERSION:
                    raise ReportStoreError(
                        f"The local report store {path} was written by a newer version of "
                        f"analytix-desktop (schema {version}; this one knows up to "
                        f"{SCHEMA_VERSION}): update the app, or move the file away."
                    )
                connection.execute("PRAGMA journal_mode = WAL")  # kept in the file
                migrate(connection)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Close every idle connection; one in use closes when its call ends."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A connection in autocommit mode; sqlite errors become ReportStoreError."""
        with self._lock:
            if self._closed:
                raise ReportStoreError(f"The local report store {self.path} is closed.")
            connection = self._idle.pop() if self._idle else None
        try:
            if connection is None:
                connection = self._connect()
            yield connection
        except sqlite3.Error as error:
            raise failure(self.path, error) from error
        finally:
            if connection is not None:
                self._release(connection)

    @contextlib.contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """:meth:`reading` inside a write transaction, committed unless an error ends it."""
        with self.reading() as connection, transaction(connection):
            yield connection

    def _connect(self) -> sqlite3.Connection:
        # Autocommit mode: every transaction here is begun and ended explicitly.
        connection = sqlite3.connect(
            self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
        )
        try:
            # In WAL mode NORMAL survives any crash of the process; only a power cut can
            # lose the last commits (never the file's consistency).
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute(f"PRAGMA journal_size_limit = {_WAL_LIMIT:d}")
            connection.create_function("casefold", 1, _casefold, deterministic=True)
        except BaseException:
            connection.close()
            raise
        return connection

    def _release(self, connection: sqlite3.Connection) -> None:
        with self._lock:
            if not self._closed and not connection.in_transaction:
                self._idle.append(connection)
                return
        connection.close()


def set_aside_if_damaged(path: Path, now: float) -> list[str]:
    """Set ``path`` aside when it is no readable SQLite database; the warning that says so."""
    found = _damage(path)
    moved = None if found is None else _set_aside(path, found[1], now)
    if found is None or moved is None:
        return []
    return [
        f"The local report store {path} could not be read ({found[0]}); it was kept as "
        f"{moved.name} and a new, empty store was started."
    ]


def _damage(path: Path) -> tuple[str, os.stat_result] | None:
    """Why ``path`` is not a readable SQLite database, and its state when found so; None
    when it is readable, is from a newer schema (refused later, untouched) or is absent."""
    try:
        seen = os.stat(path)
        with open(path, "rb") as file:
            header = file.read(len(_MAGIC))
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ReportStoreError(f"The local report store {path} cannot be read: {error}") from None
    if seen.st_size == 0:
        return None  # SQLite's own new, empty database
    if header != _MAGIC:
        return "not an SQLite database", seen
    try:
        connection = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            if file_version(connection) > SCHEMA_VERSION:
                return None
            problems = [row[0] for row in connection.execute("PRAGMA quick_check(3)")]
        finally:
            connection.close()
    except sqlite3.Error as error:
        if (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF in _DAMAGE:
            return str(error), seen
        raise failure(path, error) from error
    return None if problems == ["ok"] else ("; ".join(problems), seen)


def _set_aside(path: Path, seen: os.stat_result, when: float) -> Path | None:
    """Rename the damaged ``path`` (and its WAL) to ``<name>.broken-<local time>``; None
    when the file changed since ``seen`` (another process already set it aside)."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.localtime(when))
    target = path.with_name(f"{path.name}.broken-{stamp}")
    number = 2
    while target.exists():
        target = path.with_name(f"{path.name}.broken-{stamp}-{number}")
        number += 1
    try:
        now = os.stat(path)
        if (now.st_ino, now.st_size, now.st_mtime_ns) != (
            seen.st_ino,
            seen.st_size,
            seen.st_mtime_ns,
        ):
            return None
        os.rename(path, target)
        for suffix in ("-wal", "-shm"):
            # A WAL left beside a new file would be replayed into it: it goes too.
            with contextlib.suppress(FileNotFoundError):
                os.rename(f"{path}{suffix}", f"{target}{suffix}")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ReportStoreError(
            f"The local report store {path} is damaged and could not be set aside: {error}"
        ) from None
    return target


def _create(path: Path) -> None:
    """Create the folders and an empty, private file; an existing file is left as it is."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as error:
        raise ReportStoreError(
            f"The local report store {path} cannot be created: {error}"
        ) from None


def _casefold(text: str | None) -> str | None:
    return None if text is None else text.casefold()
