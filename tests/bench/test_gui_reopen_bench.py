"""bench/gui_reopen.py runs: its quick mode reopens a stored report and prints its figures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 180


def test_the_quick_bench_prints_its_reopen_lines() -> None:
    done = subprocess.run(
        [sys.executable, "bench/gui_reopen.py", "--quick"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    # 1 is a figure over its limit: the machine's business, not this test's.
    assert done.returncode in (0, 1), done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("reopen/fetch to first paint: best "), done.stdout
    assert lines[1].startswith("reopen a stored 2,000-row report -> first paint: best "), lines
    assert lines[2].startswith("  fetch it from a local server -> first paint: best "), lines
