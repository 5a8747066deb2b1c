"""bench/gui_reopen.py runs: its quick mode reopens a stored report and prints its figures."""

from __future__ import annotations

from .support import run_quick


def test_the_quick_bench_prints_its_reopen_lines() -> None:
    lines = run_quick("gui_reopen.py").stdout.splitlines()
    assert lines[0].startswith("reopen/fetch to first paint: best "), lines
    assert lines[1].startswith("reopen a stored 2,000-row report -> first paint: best "), lines
    assert lines[2].startswith("  fetch it from a local server -> first paint: best "), lines
