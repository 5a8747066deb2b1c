"""Parse a large resultTable and write it as CSV: ours vs analytix 5.5.1 vs pandas, in one process.

Run from the repository root::

    .venv/bin/python -m bench.report_csv [--rows 100000] [--repeat 7]

Every contender starts from the same response bytes and ends with a CSV file on
disk. The exit status is 1 when ours is slower than analytix.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

COUNTRIES = [f"{a}{b}" for a in "ABCDEFGHIJ" for b in "ABCDEFGHIJKLMNOPQRST"]  # 200 codes


@dataclass(frozen=True)
class BenchType:
    """Our Report only reads the report type's name."""

    name: str = "Geography-based activity (by day)"


def make_payload(rows: int, seed: int = 1) -> bytes:
    """A resultTable of ``day, country`` rows with typical metrics, as Google would send it."""
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    table_rows = []
    for index in range(rows):
        day = start + dt.timedelta(days=index // len(COUNTRIES))
        views = rng.randint(0, 50_000)
        minutes = views * rng.randint(1, 9)
        duration = 60 * minutes // views if views else 0
        table_rows.append(
            [
                day.isoformat(),
                COUNTRIES[index % len(COUNTRIES)],
                views,
                minutes,
                duration,
                round(rng.uniform(5, 95), 2),
            ]
        )
    headers = [
        ("day", "DIMENSION", "STRING"),
        ("country", "DIMENSION", "STRING"),
        ("views", "METRIC", "INTEGER"),
        ("estimatedMinutesWatched", "METRIC", "INTEGER"),
        ("averageViewDuration", "METRIC", "INTEGER"),
        ("averageViewPercentage", "METRIC", "FLOAT"),
    ]
    data = {
        "kind": "youtubeAnalytics#resultTable",
        "columnHeaders": [{"name": n, "columnType": c, "dataType": d} for n, c, d in headers],
        "rows": table_rows,
    }
    return json.dumps(data).encode()


def ours(payload: bytes, out: Path) -> Path:
    from analytix_desktop.api.report import Report

    report = Report(json.loads(payload), BenchType())
    return report.to_csv(out / "ours.csv", overwrite=True)


def analytix(payload: bytes, out: Path) -> Path:
    from analytix.reports import Report
    from analytix.reports.types import GeographyBasedActivity

    report = Report(json.loads(payload), GeographyBasedActivity())
    target = out / "analytix.csv"
    report.to_csv(target, overwrite=True)
    return target


def pandas(payload: bytes, out: Path) -> Path:
    import pandas as pd

    data = json.loads(payload)
    columns = [header["name"] for header in data["columnHeaders"]]
    frame = pd.DataFrame(data["rows"], columns=columns)
    target = out / "pandas.csv"
    frame.to_csv(target, index=False)
    return target


CONTENDERS: dict[str, Callable[[bytes, Path], Path]] = {
    "ours": ours,
    "analytix 5.5.1": analytix,
    "pandas": pandas,
}


def available() -> dict[str, Callable[[bytes, Path], Path]]:
    out = {}
    for name, run in CONTENDERS.items():
        module = {"analytix 5.5.1": "analytix", "pandas": "pandas"}.get(name)
        if module is not None:
            try:
                __import__(module)
            except ImportError:
                print(f"skipping {name}: {module} is not installed", file=sys.stderr)
                continue
        out[name] = run
    return out


def same_table(first: Path, second: Path) -> bool:
    """Whether two CSV files hold the same cells (line endings aside)."""
    return first.read_text().splitlines() == second.read_text().splitlines()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    payload = make_payload(args.rows)
    contenders = available()
    times: dict[str, list[float]] = {name: [] for name in contenders}
    with tempfile.TemporaryDirectory(prefix="bench-report-csv-") as directory:
        out = Path(directory)
        outputs: dict[str, Path] = {}
        for name, run in contenders.items():  # warm-up: imports, caches
            outputs[name] = run(payload, out)
        if "analytix 5.5.1" in outputs and not same_table(
            outputs["ours"], outputs["analytix 5.5.1"]
        ):
            print("warning: ours and analytix wrote different cells", file=sys.stderr)
        for _ in range(args.repeat):
            for name, run in contenders.items():  # interleaved, so drift hits everyone alike
                gc.collect()
                began = time.perf_counter()
                run(payload, out)
                times[name].append(time.perf_counter() - began)

    print(f"{args.rows:,} rows, {len(payload) / 1e6:.1f} MB of JSON, best of {args.repeat}")
    print(f"{'contender':<16}{'best ms':>10}{'median ms':>11}{'vs analytix':>13}")
    reference = min(times["analytix 5.5.1"]) if "analytix 5.5.1" in times else None
    for name, samples in times.items():
        best = min(samples)
        ratio = f"{best / reference:.2f}x" if reference else "-"
        print(f"{name:<16}{best * 1e3:>10.1f}{statistics.median(samples) * 1e3:>11.1f}{ratio:>13}")
    if reference is not None and min(times["ours"]) > reference:
        print("ours is slower than analytix", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
