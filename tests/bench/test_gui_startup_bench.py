"""bench/gui_startup.py runs, and the main window's first paint waits only for what it shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 180

# The app started by its own entry point on a fresh config folder, as the bench starts it:
# what is imported, and whether the wheel guard is installed, when the window is shown
# and once its first paint is over.
_PROBE = textwrap.dedent("""
    import json, sys, tempfile
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from analytix_desktop import __main__ as entry
    from analytix_desktop.gui.app import WheelGuard
    from analytix_desktop.gui.main_window import MainWindow

    LATER = ("pyqtgraph", "numpy", "analytix_desktop.sandbox",
             "analytix_desktop.gui.report_view", "analytix_desktop.api.client")
    original_show = MainWindow.show

    def state():
        guard = QApplication.instance().findChild(WheelGuard) is not None
        return {"guard": guard, "imported": [name for name in LATER if name in sys.modules]}

    def show(window):
        at_show = state()
        original_show(window)
        polls = iter(range(1000))  # 10 s at most

        def poll():
            if not state()["guard"] and next(polls, None) is not None:
                QTimer.singleShot(10, poll)
                return
            print(json.dumps({"shown": at_show, "painted": state()}))
            window.close()

        QTimer.singleShot(10, poll)

    MainWindow.show = show
    raise SystemExit(entry.main(["--config-dir", tempfile.mkdtemp()]))
""")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=ROOT,
        env=env,
        check=False,
    )


def test_the_quick_bench_prints_its_ratio() -> None:
    done = _run("bench/gui_startup.py", "--quick")
    assert done.returncode == 0, done.stderr
    assert any(line.startswith("ratio app/bare: ") for line in done.stdout.splitlines())


def test_charts_demo_client_and_wheel_guard_come_after_the_first_paint() -> None:
    done = _run("-c", _PROBE)
    assert done.returncode == 0, done.stderr
    states = json.loads(done.stdout.splitlines()[-1])
    assert states["shown"] == {"guard": False, "imported": []}
    # Just after the first paint: the guard, and the report panes' modules for the first Run;
    # the demo's sandbox and the script client wait until they are used.
    painted = states["painted"]
    assert painted["guard"]
    assert "analytix_desktop.gui.report_view" in painted["imported"]
    assert "pyqtgraph" in painted["imported"]
    assert "analytix_desktop.sandbox" not in painted["imported"]
    assert "analytix_desktop.api.client" not in painted["imported"]
