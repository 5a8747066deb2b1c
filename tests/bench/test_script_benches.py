"""The script-path and memory benches still run: each, in its quick mode, in a process of
its own, prints its ratio line. Their figures are the benches' to judge, not the suite's."""

from __future__ import annotations

import pytest

from .support import run_quick


@pytest.mark.parametrize(
    ("script", "ratio"),
    [
        ("script_path.py", "ratio fetch_report -> to_csv, ours / analytix 5.5.1: best "),
        ("memory.py", "ratio peak RSS, 5,000 rows fetched and written as CSV, ours / analytix"),
    ],
)
def test_bench_runs_and_prints_its_ratio(script: str, ratio: str) -> None:
    done = run_quick(script, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stdout.startswith(ratio), done.stdout
