"""Peak memory of a script that fetches 500,000 rows and writes them as CSV: ours vs analytix 5.5.1.

Each contender runs in a fresh process of its own (started afresh for every round):
``Shard.fetch_report`` over real HTTP from the local server of :mod:`script_path` (a
child process serving the same 8-column resultTable to both, gzipped only as Google
would) -> ``Report`` -> ``to_csv``. The figure is the process's
peak resident set size (``ru_maxrss``), which includes the interpreter and the imports
each client needs; the rise over the size after those imports is shown beside it.

Run from the repository root (a file, not ``-m``)::

    .venv/bin/python bench/memory.py [--rows 500000] [--repeat 3] [--quick]

The ratio line comes first; the exit status is 1 when ours peaks higher than analytix.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import script_path

CONTENDERS = ("ours", "analytix 5.5.1")


def peak_mib() -> float:
    """This process's peak resident set size so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(contender: str, url: str, out: Path) -> None:
    """In the fresh process: import the client, fetch, write the CSV, print the peaks."""
    make = script_path.our_shard if contender == "ours" else script_path.analytix_shard
    shard = make(url)
    imported = peak_mib()
    report = shard.fetch_report(**script_path.query_arguments())
    report.to_csv(out, overwrite=True)
    print(f"{imported:.1f} {peak_mib():.1f} {report.shape[0]}")


def measure(contender: str, url: str, out: Path) -> tuple[float, float, int]:
    """(MiB after imports, peak MiB, rows) of one fresh process."""
    command = [sys.executable, __file__, "--run", contender, "--url", url, "--out", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=600)
    imported, peak, rows = result.stdout.split()
    return float(imported), float(peak), int(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="5,000 rows, 1 round (a smoke test)")
    parser.add_argument("--run", choices=CONTENDERS, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        run_one(args.run, args.url, args.out)
        return 0
    if args.quick:
        args.rows, args.repeat = 5_000, 1

    samples: dict[str, list[tuple[float, float, int]]] = {name: [] for name in CONTENDERS}
    with script_path.LocalGoogle(args.rows) as google, tempfile.TemporaryDirectory() as directory:
        for round_ in range(args.repeat):
            order = CONTENDERS if round_ % 2 == 0 else CONTENDERS[::-1]
            for name in order:
                out = Path(directory) / f"{name.split()[0]}.csv"
                samples[name].append(measure(name, google.url, out))
        same = (Path(directory) / "ours.csv").read_bytes().splitlines() == (
            Path(directory) / "analytix.csv"
        ).read_bytes().splitlines()

    peaks = {name: min(peak for _, peak, _ in runs) for name, runs in samples.items()}
    ratio = peaks["ours"] / peaks["analytix 5.5.1"]
    print(
        f"ratio peak RSS, {args.rows:,} rows fetched and written as CSV, ours / analytix 5.5.1: "
        f"{ratio:.2f}x (required <= 1.0x)"
    )
    print(
        f"{args.rows:,} rows x 8 columns, {google.served()}; "
        f"a fresh process per contender and round, least of {args.repeat}"
    )
    print(f"{'contender':<18}{'peak MiB':>10}{'after imports':>15}{'rise':>8}")
    for name, runs in samples.items():
        imported = min(run[0] for run in runs)
        print(f"{name:<18}{peaks[name]:>10.1f}{imported:>15.1f}{peaks[name] - imported:>8.1f}")
    if not same or any(rows != args.rows for runs in samples.values() for *_, rows in runs):
        print("warning: the contenders did not write the same CSV rows", file=sys.stderr)
    return 1 if ratio > 1.0 else 0


if __name__ == "__main__":
    sys.exit(main())
