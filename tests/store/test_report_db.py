"""The local report store on real SQLite files: every method, purging, migration, damage."""

from __future__ import annotations

import json
import random
import sqlite3
import stat
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import platformdirs
import pytest

from analytix_desktop.store import AppPaths
from analytix_desktop.store.report_db import (
    SCHEMA_VERSION,
    DamagedStore,
    DuplicateName,
    ReportStore,
    ReportStoreError,
)

QUERY = {"dimensions": ["day"], "metrics": ["views"], "start": "2024-01-01", "end": "2024-01-28"}
# The first release's schema, frozen here as that release wrote it: a file of it must
# open with the current code whatever the current schema becomes.
RELEASE_1 = """
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
);
CREATE INDEX reports_by_query ON reports (channel_id, query_key, fetched_at);
CREATE INDEX reports_by_age ON reports (fetched_at);
PRAGMA user_version = 1;
"""


def noise(seed: int, size: int) -> bytes:
    """Bytes that do not compress, the same for the same seed."""
    return random.Random(seed).randbytes(size)


def add(store: ReportStore, key: str = "q1", body: bytes = b'{"rows": []}', **kw: Any) -> int:
    values: dict[str, Any] = {
        "channel_id": "UC1",
        "channel_title": "Channel One",
        "report_type": "Time-based activity",
        "query": QUERY,
    } | kw
    return store.add_report(
        values.pop("channel_id"),
        values.pop("channel_title"),
        values.pop("report_type"),
        values.pop("query"),
        key,
        body,
        rows=values.pop("rows", 3),
        columns=values.pop("columns", 2),
        **values,
    ).id


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "reports.sqlite3"


@pytest.fixture
def store(path: Path) -> Iterator[ReportStore]:
    opened = ReportStore.open(path, clock=lambda: 1_700_000_000.0)
    yield opened
    opened.close()


def test_a_new_store_is_private_in_wal_mode_at_the_current_version(
    store: ReportStore, path: Path
) -> None:
    add(store)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(Path(f"{path}-wal").stat().st_mode) == 0o600
    with sqlite3.connect(path) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert plain.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert store.warnings == []


def test_a_report_round_trips(store: ReportStore) -> None:
    body = json.dumps({"rows": [[1, 2]] * 1000}).encode()
    kept = store.add_report(
        "UC1", "Channel One", "Top videos", QUERY, "key", body,
        rows=1000, columns=2, video_seconds=12.5, fetched_at=1234.5,
    )  # fmt: skip
    assert kept.size < len(body)  # compressed
    again = store.report(kept.id)
    assert again == kept
    assert again is not None
    assert again.query == QUERY
    assert again.video_seconds == 12.5
    assert (again.rows, again.columns, again.fetched_at) == (1000, 2, 1234.5)
    assert store.body(kept.id) == body
    assert store.stored_bytes() == kept.size
    assert store.add_report("UC1", "C", "T", {}, "k", b"", rows=0, columns=0).fetched_at == (
        1_700_000_000.0  # the store's clock when no time is given
    )


def test_latest_is_the_newest_fetch_of_that_query_for_that_channel(store: ReportStore) -> None:
    old = add(store, "q1", fetched_at=100.0)
    new = add(store, "q1", fetched_at=200.0)
    add(store, "q1", fetched_at=50.0)  # added later, fetched earlier
    add(store, "q2", fetched_at=300.0)
    add(store, "q1", channel_id="UC2", fetched_at=400.0)
    latest = store.latest("UC1", "q1")
    assert latest is not None
    assert latest.id == new != old
    assert store.latest("UC1", "nothing") is None
    assert store.latest("UC3", "q1") is None


def test_history_is_newest_first_and_searches_every_word_in_any_case(
    store: ReportStore,
) -> None:
    a = add(store, channel_title="Über Cooking", report_type="Geography", fetched_at=1.0)
    b = add(store, channel_title="Gardening", query={"metrics": ["likes"]}, fetched_at=3.0)
    c = add(store, channel_id="UC2", channel_title="Über Gardening", fetched_at=2.0)
    assert [r.id for r in store.history()] == [b, c, a]
    assert [r.id for r in store.history("über")] == [c, a]
    assert [r.id for r in store.history("ÜBER garden")] == [c]
    assert [r.id for r in store.history("LIKES")] == [b]  # in the query's JSON
    assert [r.id for r in store.history("geography")] == [a]
    assert [r.id for r in store.history("TIME-BASED views")] == [c]  # type, query
    assert [r.id for r in store.history("views")] == [c, a]  # b's query has no views
    assert store.history("absent") == []
    assert [r.id for r in store.history(channel_id="UC2")] == [c]
    assert [r.id for r in store.history("gardening", channel_id="UC1")] == [b]
    assert [r.id for r in store.history(limit=2)] == [b, c]
    assert [r.id for r in store.history("100%_")] == []  # no LIKE wildcards


def test_delete_and_missing_reports(store: ReportStore) -> None:
    kept, gone = add(store), add(store)
    store.delete_report(gone)
    store.delete_report(gone)  # already gone: nothing to do
    assert store.report(gone) is None
    with pytest.raises(KeyError):
        store.body(gone)
    assert store.body(kept) == b'{"rows": []}'


def test_a_damaged_body_is_a_store_error(store: ReportStore, path: Path) -> None:
    report = add(store)
    with sqlite3.connect(path) as plain:
        plain.execute("UPDATE reports SET body = ? WHERE id = ?", (b"not zlib", report))
    with pytest.raises(DamagedStore, match="damaged"):
        store.body(report)


def test_the_oldest_fetches_are_purged_past_the_cap(store: ReportStore) -> None:
    store.max_bytes = 25_000  # room for two 10 kB bodies, not three
    second = add(store, body=noise(1, 10_000), fetched_at=20.0)
    first = add(store, body=noise(2, 10_000), fetched_at=10.0)
    third = add(store, body=noise(3, 10_000), fetched_at=30.0)
    assert [r.id for r in store.history()] == [third, second]  # first fetched, first gone
    assert store.report(first) is None
    assert store.stored_bytes() <= 25_000
    store.max_bytes = 5_000
    huge = add(store, body=noise(4, 50_000), fetched_at=5.0)  # the oldest, yet just added
    assert [r.id for r in store.history()] == [huge]
    assert store.body(huge) == noise(4, 50_000)


def test_clearing_forgets_every_report_and_shrinks_the_file(store: ReportStore, path: Path) -> None:
    for seed in range(40):
        add(store, body=noise(seed, 50_000))
    store.save_report("Kept", {"metrics": ["views"]})
    store.count_request("analytics", day="2024-05-01")

    def size() -> int:
        wal = Path(f"{path}-wal")
        return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)

    before = size()
    store.clear_reports()
    assert store.history() == []
    assert store.stored_bytes() == 0
    assert size() < before / 10
    assert [s.name for s in store.saved_reports()] == ["Kept"]  # not a report
    assert store.requests_on("2024-05-01") == {"analytics": 1}
    assert store.body(add(store, body=b"after")) == b"after"


def test_json_columns_are_strict(store: ReportStore) -> None:
    with pytest.raises(ValueError, match="strict JSON"):
        add(store, query={"x": float("nan")})
    with pytest.raises(ValueError, match="strict JSON"):
        add(store, query={"x": object()})
    with pytest.raises(ValueError, match="strict JSON"):
        store.save_report("NaN", {"x": float("inf")})
    with pytest.raises(ValueError, match="strict JSON"):
        store.save_workspace("NaN", {"x": float("nan")})
    assert store.history() == []
    assert store.saved_reports() == []
    assert store.workspaces() == []


def test_saved_reports_round_trip_and_are_listed_by_name_in_any_case(
    store: ReportStore,
) -> None:
    definition = {"name": "Daily views", "metrics": ["views"], "range": "last_28_days"}
    daily = store.save_report("  daily views ", definition)
    assert daily.name == "daily views"
    assert daily.channel_id is None
    assert daily.definition == definition
    assert daily.updated_at == 1_700_000_000.0
    beta = store.save_report("Beta", {"metrics": ["likes"]}, channel_id="UC1")
    alpha = store.save_report("alpha", {"metrics": ["shares"]})
    assert [s.name for s in store.saved_reports()] == ["alpha", "Beta", "daily views"]
    assert store.saved_report(beta.id) == beta
    assert store.saved_report(9999) is None
    assert store.saved_by_name("DAILY VIEWS") == [daily]
    store.delete_saved(alpha.id)
    assert store.saved_report(alpha.id) is None


def test_a_name_is_unique_per_channel_in_any_case(store: ReportStore) -> None:
    store.save_report("Daily", {})
    with pytest.raises(DuplicateName, match="any channel"):
        store.save_report("DAILY", {})
    mine = store.save_report("daily", {}, channel_id="UC1")  # another scope
    with pytest.raises(DuplicateName, match="this channel"):
        store.save_report("Daily", {}, channel_id="UC1")
    store.save_report("Daily", {}, channel_id="UC2")
    assert len(store.saved_by_name("daily")) == 3
    other = store.save_report("Weekly", {}, channel_id="UC1")
    with pytest.raises(DuplicateName):
        store.update_saved(other.id, name="DAILY")
    assert store.saved_report(other.id) == other  # unchanged
    assert store.saved_report(mine.id) == mine


def test_updating_a_saved_report(store: ReportStore) -> None:
    saved = store.save_report("Daily", {"metrics": ["views"]}, channel_id="UC1")
    renamed = store.update_saved(saved.id, name="Daily views")
    assert (renamed.name, renamed.definition) == ("Daily views", {"metrics": ["views"]})
    redefined = store.update_saved(saved.id, definition={"metrics": ["likes"]})
    assert (redefined.name, redefined.definition) == ("Daily views", {"metrics": ["likes"]})
    assert store.saved_report(saved.id) == redefined
    assert store.update_saved(saved.id, name="daily VIEWS").name == "daily VIEWS"  # own name
    with pytest.raises(KeyError):
        store.update_saved(9999, name="x")


def test_duplicates_are_named_copy_then_copy_n(store: ReportStore) -> None:
    saved = store.save_report("Daily", {"metrics": ["views"]}, channel_id="UC1")
    first = store.duplicate_saved(saved.id)
    second = store.duplicate_saved(saved.id)
    third = store.duplicate_saved(first.id)  # a copy's copy is not "(copy) (copy)"
    assert [first.name, second.name, third.name] == [
        "Daily (copy)",
        "Daily (copy 2)",
        "Daily (copy 3)",
    ]
    assert first.definition == saved.definition
    assert first.channel_id == "UC1"
    assert store.duplicate_saved(store.save_report("Daily", {}).id).name == "Daily (copy)"
    with pytest.raises(KeyError):
        store.duplicate_saved(9999)


def test_blank_names_are_refused(store: ReportStore) -> None:
    saved = store.save_report("Name", {})
    for blank in ("", "   "):
        with pytest.raises(ValueError, match="blank"):
            store.save_report(blank, {})
        with pytest.raises(ValueError, match="blank"):
            store.update_saved(saved.id, name=blank)
        with pytest.raises(ValueError, match="blank"):
            store.save_workspace(blank, {})
    assert store.saved_reports() == [saved]


def test_workspaces_round_trip_and_replace(store: ReportStore) -> None:
    layout = {"panes": [{"query": QUERY}], "geometry": "AAAA", "dock": True}
    store.save_workspace("Weekly", layout)
    store.save_workspace("after", {"panes": []})
    assert store.workspace("Weekly") == layout
    store.save_workspace("Weekly", {"panes": [1]})
    assert store.workspace("Weekly") == {"panes": [1]}
    assert store.workspaces() == ["after", "Weekly"]
    assert store.workspace("missing") is None
    store.delete_workspace("Weekly")
    store.delete_workspace("Weekly")
    assert store.workspaces() == ["after"]


def test_request_counts_add_up_per_day_and_api(store: ReportStore) -> None:
    store.count_request("analytics", day="2024-05-01")
    store.count_request("analytics", day="2024-05-01", units=2)
    store.count_request("data", day="2024-05-01")
    store.count_request("analytics", day="2024-05-02")
    assert store.requests_on("2024-05-01") == {"analytics": 3, "data": 1}
    assert store.requests_on("2024-05-02") == {"analytics": 1}
    assert store.requests_on("2024-05-03") == {}
    for bad in ("2024-5-1", "20240501", "2024-02-30"):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            store.count_request("data", day=bad)
    with pytest.raises(ValueError, match="unit"):
        store.count_request("data", day="2024-05-01", units=0)


def test_a_second_store_on_the_same_file_sees_everything(store: ReportStore, path: Path) -> None:
    report = add(store, body=b"shared")
    store.save_report("Shared", {})
    other = ReportStore(path)
    try:
        assert other.body(report) == b"shared"
        assert [s.name for s in other.saved_reports()] == ["Shared"]
    finally:
        other.close()


def test_a_closed_store_refuses_politely(store: ReportStore) -> None:
    store.close()
    with pytest.raises(ReportStoreError, match="closed"):
        store.history()


def test_a_file_that_cannot_be_opened_is_a_store_error(tmp_path: Path) -> None:
    folder = tmp_path / "a folder"
    folder.mkdir()
    with pytest.raises(ReportStoreError, match=str(folder)) as raised:
        ReportStore.open(folder)
    assert not isinstance(raised.value, sqlite3.Error)


def test_a_release_1_file_migrates_and_keeps_its_reports(path: Path) -> None:
    path.parent.mkdir(parents=True)
    body = json.dumps({"rows": [["2024-01-01", 5]]}).encode()
    packed = zlib.compress(body)
    plain = sqlite3.connect(path)
    plain.executescript(RELEASE_1)
    plain.execute(
        "INSERT INTO reports (channel_id, channel_title, report_type, query, query_key,"
        " fetched_at, rows, columns, video_seconds, size, body)"
        " VALUES ('UC1', 'One', 'Time-based activity', ?, 'key', 99.0, 1, 2, NULL, ?, ?)",
        (json.dumps(QUERY), len(packed), packed),
    )
    plain.commit()
    plain.close()

    store = ReportStore.open(path)
    try:
        old = store.latest("UC1", "key")
        assert old is not None
        assert old.query == QUERY
        assert old.size == len(packed)
        assert store.body(old.id) == body
        assert store.warnings == []
        store.save_report("New", {"metrics": ["views"]})
        store.save_workspace("W", {})
        store.count_request("analytics", day="2024-05-01")
        assert [s.name for s in store.saved_reports()] == ["New"]
    finally:
        store.close()
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        tables = {row[0] for row in check.execute("SELECT name FROM sqlite_master")}
        assert {"reports", "saved_reports", "workspaces", "request_counts"} <= tables


def test_a_newer_schema_is_refused_and_left_untouched(store: ReportStore, path: Path) -> None:
    add(store)
    store.close()
    with sqlite3.connect(path) as plain:
        plain.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(ReportStoreError, match="newer version"):
        ReportStore.open(path)
    with pytest.raises(ReportStoreError, match="newer version"):
        ReportStore(path)
    assert path.read_bytes() == before
    assert set_aside_copies(path) == []


def set_aside_copies(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.broken-*"))


@pytest.mark.parametrize("content", [b"", b"not a database at all\n" * 50])
def test_garbage_is_set_aside_and_a_new_store_started(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(content or noise(5, 4096))
    kept = path.read_bytes()
    with pytest.raises(DamagedStore, match="damaged"):
        ReportStore(path)  # only open() sets a file aside
    assert path.read_bytes() == kept
    when = time.mktime((2024, 5, 1, 12, 30, 15, 0, 0, -1))
    store = ReportStore.open(path, clock=lambda: when)
    try:
        [aside] = set_aside_copies(path)
        assert aside.name == "reports.sqlite3.broken-20240501T123015"
        assert aside.read_bytes() == kept
        assert len(store.warnings) == 1
        assert "could not be read" in store.warnings[0]
        assert aside.name in store.warnings[0]
        assert store.body(add(store, body=b"fresh")) == b"fresh"
    finally:
        store.close()
    again = ReportStore.open(path, clock=lambda: when)  # the new file is fine
    assert again.warnings == []
    assert len(again.history()) == 1
    again.close()


def test_a_truncated_file_is_set_aside_byte_for_byte(store: ReportStore, path: Path) -> None:
    for seed in range(20):
        add(store, body=noise(seed, 20_000))
    store.close()
    assert not Path(f"{path}-wal").exists()  # all in the main file
    with path.open("r+b") as file:
        file.truncate(path.stat().st_size // 2)
    truncated = path.read_bytes()
    fresh = ReportStore.open(path)
    try:
        [aside] = set_aside_copies(path)
        assert aside.read_bytes() == truncated
        assert fresh.history() == []
        assert "could not be read" in fresh.warnings[0]
    finally:
        fresh.close()


def test_a_second_breakage_the_same_second_keeps_both(path: Path) -> None:
    path.parent.mkdir(parents=True)
    for attempt in (1, 2):
        path.write_bytes(b"garbage %d" % attempt * 100)
        ReportStore.open(path, clock=lambda: 1_700_000_000.0).close()
    assert [p.read_bytes()[:9] for p in set_aside_copies(path)] == [b"garbage 1", b"garbage 2"]


def test_app_paths_place_the_store_in_the_data_folder(tmp_path: Path) -> None:
    inside = AppPaths.under(tmp_path)
    assert inside.data_dir == tmp_path
    assert inside.report_db == tmp_path / "reports.sqlite3"
    user = platformdirs.user_data_path("analytix-desktop", appauthor=False)
    assert AppPaths.default().report_db == user / "reports.sqlite3"
    assert AppPaths(tmp_path / "c", tmp_path / "k").data_dir == user
    given = AppPaths(tmp_path, tmp_path, tmp_path / "d")
    assert given.report_db == tmp_path / "d" / "reports.sqlite3"
