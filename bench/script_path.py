"""The script path over real HTTP: ``Shard.fetch_report`` -> ``Report`` -> CSV or pandas.

Ours (``analytix_desktop.api``) and analytix 5.5.1 fetch the same report from the same
local server, in one process, in interleaved rounds. The server runs in a child process
(as Google would be elsewhere), so that serving does not compete for this process's GIL.
It answers every ``GET /v2/reports`` with one fixed ``youtubeAnalytics#resultTable``:
``day, creatorContentType, subscribedStatus, youtubeProduct`` with ``views,
estimatedMinutesWatched, averageViewDuration, averageViewPercentage`` (Google's
"Time-based playback details (view percentage)" report, which both clients accept), with
Content-Length. Like Google (its APIs' performance guide), it gzips the body only for a
client that sends ``Accept-Encoding: gzip`` and has ``gzip`` in its User-Agent; neither
client's User-Agent does, so both get the body as it is.

Run from the repository root (a file, not ``-m``: :mod:`memory` imports this one)::

    .venv/bin/python bench/script_path.py [--rows 100000] [--repeat 9] [--quick]

The ratio lines come first; the exit status is 1 when either ratio is above 0.8.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import gzip
import http.server
import itertools
import json
import multiprocessing
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, ClassVar

DIMENSIONS = ("day", "creatorContentType", "subscribedStatus", "youtubeProduct")
METRICS = ("views", "estimatedMinutesWatched", "averageViewDuration", "averageViewPercentage")
CONTENT_TYPES = ("LIVE_STREAM", "SHORTS", "STORY", "VIDEO_ON_DEMAND", "UNSPECIFIED")
STATUSES = ("SUBSCRIBED", "UNSUBSCRIBED")
PRODUCTS = ("CORE", "GAMING", "KIDS", "UNKNOWN")
FIRST_DAY = dt.date(1990, 1, 1)  # 500,000 rows (the memory bench) span 34 years
TOKEN = "bench-access-token"
GZIP_HEADERS = ("Accept-Encoding", "User-Agent")
REQUIRED = 0.8


def make_body(rows: int, seed: int = 1) -> bytes:
    """The resultTable as Google would send it (compact JSON), ``rows`` rows of 8 columns."""
    rng = random.Random(seed)
    combos = list(itertools.product(CONTENT_TYPES, STATUSES, PRODUCTS))
    table = []
    for index in range(rows):
        day = (FIRST_DAY + dt.timedelta(days=index // len(combos))).isoformat()
        views = rng.randint(0, 3000)
        minutes = views * rng.randint(0, 6)
        duration = 60 * minutes // views if views else 0
        table.append([day, *combos[index % len(combos)], views, minutes, duration,
                      round(rng.uniform(1, 99), 2)])  # fmt: skip
    headers = [
        {"name": name, "columnType": "DIMENSION", "dataType": "STRING"} for name in DIMENSIONS
    ]
    headers += [
        {"name": name, "columnType": "METRIC", "dataType": kind}
        for name, kind in zip(METRICS, ("INTEGER", "INTEGER", "INTEGER", "FLOAT"), strict=True)
    ]
    data = {"kind": "youtubeAnalytics#resultTable", "columnHeaders": headers, "rows": table}
    return json.dumps(data, separators=(",", ":")).encode()


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Google's front ends
    plain = b""
    zipped = b""
    answers: ClassVar[dict[str, int]] = {"plain": 0, "gzipped": 0}

    def do_GET(self) -> None:
        if not self.path.startswith("/v2/reports?"):
            self.send_error(404)
            return
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self.send_error(401)
            return
        # Google gzips only for a client that accepts it and says "gzip" in its User-Agent.
        zipped = all("gzip" in self.headers.get(name, "") for name in GZIP_HEADERS)
        body = self.zipped if zipped else self.plain
        self.answers["gzipped" if zipped else "plain"] += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


def serve(connection: Connection, rows: int) -> None:
    """Child process: serve the body on a loopback port; send (url, size); wait for stop,
    then send how many answers went out plain and gzipped."""
    _Handler.plain = make_body(rows)
    _Handler.zipped = gzip.compress(_Handler.plain, compresslevel=6)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    with server:
        host, port = server.server_address[:2]
        connection.send((f"http://{host}:{port}", len(_Handler.plain)))
        runner = threading.Thread(target=server.serve_forever, daemon=True)
        runner.start()
        connection.recv()
        server.shutdown()
        connection.send(_Handler.answers)


class LocalGoogle:
    """The server in a child process, for a ``with`` block: ``url`` and ``size`` (of the
    body), and after the block ``answers`` (how many went out plain, how many gzipped)."""

    def __init__(self, rows: int) -> None:
        self.rows = rows

    def __enter__(self) -> LocalGoogle:
        self._pipe, child = multiprocessing.Pipe()
        spawn = multiprocessing.get_context("spawn")
        self._process = spawn.Process(target=serve, args=(child, self.rows), daemon=True)
        self._process.start()
        self.url, self.size = self._pipe.recv()
        self.answers: dict[str, int] = {}
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._pipe.send("stop")
        self.answers = self._pipe.recv()
        self._process.join(timeout=10)

    def served(self) -> str:
        """What went out, for the bench's report (once the block is over)."""
        return (
            f"{self.size / 1e6:.1f} MB of JSON over loopback HTTP, "
            f"{self.answers['plain']} answers plain and {self.answers['gzipped']} gzipped"
        )


def query_arguments() -> dict[str, Any]:
    """The same ``fetch_report`` arguments for both clients."""
    return {
        "dimensions": DIMENSIONS,
        "metrics": METRICS,
        "start_date": FIRST_DAY,
        "end_date": dt.date(2025, 12, 31),
    }


def our_shard(url: str) -> Any:
    from analytix_desktop.api.endpoints import Endpoints
    from analytix_desktop.api.scopes import Scopes
    from analytix_desktop.api.shard import Shard
    from analytix_desktop.api.tokens import Tokens

    tokens = Tokens(access_token=TOKEN, expires_in=3600, expires_at=time.time() + 3600)
    return Shard(Scopes.READONLY, tokens, endpoints=Endpoints.rooted_at(url))


def analytix_shard(url: str) -> Any:
    import analytix.queries
    from analytix.auth import Scopes, Tokens
    from analytix.shard import Shard

    # analytix reads its reports URL from this module constant each time it builds one.
    analytix.queries.API_REPORTS_URL = f"{url}/v2/reports"
    tokens = Tokens(TOKEN, 3600, Scopes.READONLY.formatted, "Bearer", "bench-refresh")
    return Shard(Scopes.READONLY, tokens)


def contenders(url: str, out: Path) -> dict[str, Callable[[], Any]]:
    """Name -> one timed run, fetch to export; the result is kept for the checks."""
    shards = {"ours": our_shard(url), "analytix 5.5.1": analytix_shard(url)}
    runs: dict[str, Callable[[], Any]] = {}
    for name, shard in shards.items():
        target = out / f"{name.split()[0]}.csv"

        def to_csv(shard: Any = shard, target: Path = target) -> Path:
            shard.fetch_report(**query_arguments()).to_csv(target, overwrite=True)
            return target

        def to_pandas(shard: Any = shard) -> Any:
            return shard.fetch_report(**query_arguments()).to_pandas()

        runs[f"{name} to_csv"] = to_csv
        runs[f"{name} to_pandas"] = to_pandas
    return runs


def check(results: dict[str, Any]) -> None:
    """Warn when the two clients did not produce the same cells."""
    ours, theirs = results["ours to_csv"], results["analytix 5.5.1 to_csv"]
    if ours.read_text().splitlines() != theirs.read_text().splitlines():
        print("warning: ours and analytix wrote different CSV cells", file=sys.stderr)
    frames = results["ours to_pandas"], results["analytix 5.5.1 to_pandas"]
    if not frames[0].astype(str).equals(frames[1].astype(str)):
        print("warning: ours and analytix built different DataFrames", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--quick", action="store_true", help="2,000 rows, 2 rounds (a smoke test)")
    args = parser.parse_args(argv)
    if args.quick:
        args.rows, args.repeat = 2_000, 2

    with LocalGoogle(args.rows) as google, tempfile.TemporaryDirectory() as directory:
        runs = contenders(google.url, Path(directory))
        check({name: run() for name, run in runs.items()})  # also the warm-up
        times: dict[str, list[float]] = {name: [] for name in runs}
        order = list(runs)
        for round_ in range(args.repeat):
            # Interleaved, and each round starts with another contender, so drift hits all.
            for name in order[round_ % len(order) :] + order[: round_ % len(order)]:
                gc.collect()
                began = time.perf_counter()
                runs[name]()
                times[name].append(time.perf_counter() - began)

    failed = False
    for export in ("to_csv", "to_pandas"):
        ours, theirs = times[f"ours {export}"], times[f"analytix 5.5.1 {export}"]
        best = min(ours) / min(theirs)
        median = statistics.median(ours) / statistics.median(theirs)
        failed = failed or best > REQUIRED
        print(
            f"ratio fetch_report -> {export}, ours / analytix 5.5.1: best {best:.2f}x, "
            f"median {median:.2f}x (required <= {REQUIRED}x)"
        )
    print(f"{args.rows:,} rows x 8 columns, {google.served()}; {args.repeat} interleaved rounds")
    print(f"{'contender':<28}{'best ms':>10}{'median ms':>11}")
    for name, samples in times.items():
        print(f"{name:<28}{min(samples) * 1e3:>10.1f}{statistics.median(samples) * 1e3:>11.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
