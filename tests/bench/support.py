"""Running a bench the way the suite does: its quick mode, in a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

__all__ = ["run_quick"]

ROOT = Path(__file__).resolve().parents[2]


def run_quick(script: str, *, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """``bench/<script> --quick``, offscreen; it must end with 0 or 1 (1 is a figure over
    its limit: the machine's business, not the suite's), never a crash."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--quick"],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return done
