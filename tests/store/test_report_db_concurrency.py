"""The report store under real concurrency and failure: threads, a second process, a
writer killed mid-transaction, and a disk that runs out of room."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from analytix_desktop.store.report_db import ReportStore

ROOT = Path(__file__).resolve().parents[2]
# Run by a child Python: sys.argv[1] is the store's file. ``noise`` must match the one below.
PRELUDE = """
import os, random, sys
from pathlib import Path
from analytix_desktop.store.report_db import ReportStore, ReportStoreError
def noise(seed, size):
    return random.Random(seed).randbytes(size)
store = ReportStore(Path(sys.argv[1]))
def add(seed, size):
    return store.add_report("UC1", "One", "Time-based activity", {"seed": seed}, f"q{seed}",
                            noise(seed, size), rows=seed, columns=1).id
"""
# Wraps sqlite3.connect before the store opens: a small page cache makes each big insert
# spill into the WAL before its commit, and the 26th report's COMMIT never runs.
STOP_BEFORE_THE_26TH_COMMIT = """
import sqlite3, sys, time
finished = []
def trace(statement):
    if statement == "COMMIT" and len(finished) == 25:
        print("inside", flush=True)
        time.sleep(60)
plain_connect = sqlite3.connect
def connect(*args, **kwargs):
    connection = plain_connect(*args, **kwargs)
    connection.execute("PRAGMA cache_size = 10")
    connection.set_trace_callback(trace)
    return connection
sqlite3.connect = connect
"""
KEEP_ADDING = """
for seed in range(1000):
    report_id = add(seed, 200_000)
    finished.append(report_id)
    print(report_id, seed, flush=True)
"""
ADD_MANY = """
print("ready", flush=True)
sys.stdin.readline()
for seed in range(int(sys.argv[2])):
    add(seed, 2_000)
print("done", flush=True)
"""
FILL_THE_DISK = """
import resource, signal
earlier = [add(seed, 50_000) for seed in range(3)]
print(*earlier, flush=True)
# The file size limit stands in for a full disk: writes past it fail (SIGXFSZ ignored).
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
sizes = [os.path.getsize(p) for p in (sys.argv[1], sys.argv[1] + "-wal") if os.path.exists(p)]
resource.setrlimit(resource.RLIMIT_FSIZE, (max(sizes) + 300_000, resource.RLIM_INFINITY))
for seed in range(3, 100):
    try:
        print(add(seed, 50_000), flush=True)
    except ReportStoreError as error:
        print("error", error, flush=True)
        break
# The store stays usable for reading, and for a write that fits.
assert store.body(earlier[0]) == noise(0, 50_000)
store.count_request("analytics", day="2024-05-01")
print("still works", flush=True)
"""


def noise(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


def child(path: Path, code: str, *args: str, setup: str = "") -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", setup + PRELUDE + code, str(path), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def uncommitted_frames(wal: Path) -> int:
    """How many frames of the WAL's current generation follow its last commit frame."""
    data = wal.read_bytes()
    page_size = int.from_bytes(data[8:12], "big")
    salts = data[16:24]
    frames = []
    for offset in range(32, len(data) - 24, 24 + page_size):
        header = data[offset : offset + 24]
        if header[8:16] != salts:
            break
        frames.append(int.from_bytes(header[4:8], "big"))  # database size: set on commits
    commits = [index for index, size in enumerate(frames) if size]
    return len(frames) - (commits[-1] + 1 if commits else 0)


def integrity(path: Path) -> list[tuple[str]]:
    with sqlite3.connect(path) as plain:
        return plain.execute("PRAGMA integrity_check").fetchall()


def test_a_writer_killed_mid_transaction_leaves_every_finished_report(tmp_path: Path) -> None:
    path = tmp_path / "reports.sqlite3"
    writer = child(path, KEEP_ADDING, setup=STOP_BEFORE_THE_26TH_COMMIT)
    assert writer.stdout is not None
    finished = {}
    for line in writer.stdout:
        if line == "inside\n":
            break
        report_id, seed = map(int, line.split())
        finished[report_id] = seed
    assert uncommitted_frames(Path(f"{path}-wal")) > 40  # the 26th report's, half written
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    assert writer.returncode == -signal.SIGKILL
    assert len(finished) == 25

    assert integrity(path) == [("ok",)]
    store = ReportStore.open(path)
    try:
        assert store.warnings == []
        assert len(store.history()) == 25  # the 26th never committed
        for report_id, seed in finished.items():
            assert store.body(report_id) == noise(seed, 200_000)
        store.add_report("UC1", "One", "Top videos", {}, "after", b"after", rows=1, columns=1)
    finally:
        store.close()


def test_another_process_writes_while_this_one_does(tmp_path: Path) -> None:
    path = tmp_path / "reports.sqlite3"
    store = ReportStore.open(path)
    writer = child(path, ADD_MANY, "500")
    assert writer.stdin is not None
    assert writer.stdout is not None
    try:
        assert writer.stdout.readline() == "ready\n"
        writer.stdin.write("go\n")
        writer.stdin.flush()
        written = midway = 0
        while writer.poll() is None or written < 100:
            store.save_report(f"Report {written}", {"number": written})
            store.count_request("analytics", day="2024-05-01")
            written += 1
            midway += 0 < len(store.history()) < 500  # the other one is at work
        out, err = writer.communicate(timeout=60)
        assert (writer.returncode, out, err) == (0, "done\n", "")
        assert midway > 0  # both wrote at once
        assert len(store.history()) == 500
        assert len(store.saved_reports()) == written
        assert store.requests_on("2024-05-01") == {"analytics": written}
    finally:
        store.close()
    assert integrity(path) == [("ok",)]


def test_threads_add_and_read_at_once(tmp_path: Path) -> None:
    store = ReportStore.open(tmp_path / "reports.sqlite3")
    problems: list[BaseException] = []
    start = threading.Barrier(4)

    def work(worker: int) -> None:
        try:
            start.wait()
            for number in range(40):
                seed = worker * 1000 + number
                added = store.add_report(
                    f"UC{worker}", "T", "Time-based activity", {"n": number}, f"q{number}",
                    noise(seed, 3_000), rows=number, columns=1,
                )  # fmt: skip
                latest = store.latest(f"UC{worker}", f"q{number}")
                assert latest is not None
                assert latest.id == added.id
                assert store.body(added.id) == noise(seed, 3_000)
                store.history(f"UC{worker}")
                store.count_request("analytics", day="2024-05-01")
        except BaseException as error:
            problems.append(error)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert problems == []
        assert len(store.history()) == 160
        for worker in range(4):
            assert len(store.history(channel_id=f"UC{worker}")) == 40
        assert store.requests_on("2024-05-01") == {"analytics": 160}
    finally:
        store.close()


def test_a_full_disk_is_a_clear_error_and_earlier_reports_survive(tmp_path: Path) -> None:
    path = tmp_path / "reports.sqlite3"
    filler = child(path, FILL_THE_DISK)
    out, err = filler.communicate(timeout=60)
    assert filler.returncode == 0, err
    lines = out.splitlines()
    earlier = [int(word) for word in lines[0].split()]
    added_later = [int(line) for line in lines[1:] if line.isdigit()]
    [failure] = [line for line in lines if line.startswith("error ")]
    assert f"The local report store {path} could not be written" in failure
    assert "full" in failure
    assert "disk I/O error" not in failure  # sqlite's own words
    assert lines[-1] == "still works"

    assert integrity(path) == [("ok",)]
    store = ReportStore.open(path)
    try:
        assert store.warnings == []
        for seed, report_id in enumerate(earlier):
            assert store.body(report_id) == noise(seed, 50_000)
        assert len(store.history()) == len(earlier) + len(added_later)
        assert store.requests_on("2024-05-01") == {"analytics": 1}
    finally:
        store.close()
