"""Time from process start to the first painted main window: the app beside a bare Qt window.

Each measurement is a fresh Python process on Qt's offscreen platform. The clock starts in
this (parent) process just before the child is spawned and stops in the child once the
window's first paint pass is over: the first ``QEvent.Paint`` delivered to the window or
one of its widgets arms a zero-time timer, which fires after that paint pass (and the
flush of the window's backing store) and reads the clock. ``time.monotonic`` is the
system-wide CLOCK_MONOTONIC on Linux, so the parent's and the child's readings compare.

The contenders:

* ``app``: ``analytix_desktop.__main__.main(["--config-dir", <temp dir>])`` itself, i.e.
  logging, ``create_app``, the crash hook, the token store, settings and ``MainWindow``
  as a user's first start builds them (the welcome page, as there are no client
  secrets in the fresh folder). Only ``MainWindow.show`` is wrapped, to install the
  event filter; the user's own settings are never touched. What the window leaves until
  after its first paint (the report panes' modules, the wheel guard) is not counted:
  the user sees the window before it is done.
* ``bare``: a ``QApplication``, a ``QMainWindow`` of the same size whose central widget
  is a pyqtgraph ``PlotWidget`` with one 1,000-point line, shown.

Both pay for starting Python and importing PySide6; the difference is what the app adds.
Runs are interleaved (app, bare, app, bare, ...) after one unrecorded warm-up of each, so
that disk caches and drift hit both alike.

Run: ``.venv/bin/python bench/gui_startup.py`` (``--runs 5`` is the default); ``--quick``
measures one run of each without the warm-up, to check that the bench works (its figures
then mean little).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

VARIANTS = ("app", "bare")
WIDTH, HEIGHT = 1280, 800


# -- the child: build one window, report when it is first painted ----------------------------


def _watch_first_paint(window: object) -> None:
    """Print the monotonic time once ``window``'s first paint pass is done, then quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance()
    assert app is not None

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__(app)
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                not self.seen
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and watched.window() is window
            ):
                self.seen = True
                QTimer.singleShot(0, self.painted)
            return False

        def painted(self) -> None:
            print(f"painted {time.monotonic():.9f}", flush=True)
            app.removeEventFilter(self)
            app.quit()

    app.installEventFilter(FirstPaint())


def child_app(config_dir: str) -> int:
    from analytix_desktop import __main__ as entry
    from analytix_desktop.gui.main_window import MainWindow

    original_show = MainWindow.show

    def show(self: MainWindow) -> None:
        _watch_first_paint(self)
        original_show(self)

    MainWindow.show = show  # type: ignore[method-assign]
    return entry.main(["--config-dir", config_dir])


def child_bare() -> int:
    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    plot = pg.PlotWidget()
    x = np.arange(1000, dtype=float)
    plot.plot(x, np.sin(x / 50.0) * 100 + 200)
    window.setCentralWidget(plot)
    window.resize(WIDTH, HEIGHT)
    _watch_first_paint(window)
    window.show()
    return app.exec()


# -- the parent: spawn, time, tabulate ---------------------------------------------------------


def measure(variant: str) -> float:
    """Seconds from spawning a child of ``variant`` to its first painted window."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory(prefix="gui-startup-") as config_dir:
        command = [sys.executable, __file__, "--child", variant, "--config-dir", config_dir]
        started = time.monotonic()
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith("painted ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{variant} child failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return float(lines[0].split()[1]) - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each (default 5)")
    parser.add_argument(
        "--quick", action="store_true", help="one run of each, no warm-up: checks the bench runs"
    )
    parser.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--config-dir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "app":
        return child_app(args.config_dir)
    if args.child == "bare":
        return child_bare()

    runs = 1 if args.quick else args.runs
    if not args.quick:
        for variant in VARIANTS:  # warm-up: disk caches, .pyc files
            measure(variant)
    times: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
    for _ in range(runs):
        for variant in VARIANTS:
            times[variant].append(measure(variant))

    labels = {
        "app": "analytix-desktop MainWindow (main --config-dir)",
        "bare": "bare QMainWindow + pyqtgraph PlotWidget",
    }
    print(f"process start -> first painted window, offscreen, {runs} runs each")
    print(f"{'contender':<50} {'best':>9} {'median':>9}")
    for variant in VARIANTS:
        best, median = min(times[variant]), statistics.median(times[variant])
        print(f"{labels[variant]:<50} {best * 1000:>7.0f}ms {median * 1000:>7.0f}ms")
    app_median, bare_median = (statistics.median(times[v]) for v in VARIANTS)
    app_best, bare_best = (min(times[v]) for v in VARIANTS)
    print(
        f"ratio app/bare: best {app_best / bare_best:.2f}x, "
        f"median {app_median / bare_median:.2f}x "
        f"(the app adds {(app_median - bare_median) * 1000:.0f} ms at the median)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
