"""bench/gui_stall.py runs: its quick mode shows a small report and prints its figures."""

from __future__ import annotations

from .support import run_quick


def test_the_quick_bench_prints_its_stall_line() -> None:
    done = run_quick("gui_stall.py")
    lines = done.stdout.splitlines()
    assert "rows tabled: 2,000 of 2,000 asked; chart: time with 6 series" in lines
    assert any(line.startswith("max GUI-thread stall: ") for line in lines), done.stdout
    assert any(line.startswith("  garbage collections: ") for line in lines), done.stdout
