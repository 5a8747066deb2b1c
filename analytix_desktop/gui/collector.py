"""Garbage collection on the GUI thread only.

Python collects reference cycles on whichever thread happens to be allocating. When a
cycle holds a Qt object, its C++ destructor then runs on that thread, and a worker
thread destroying a QObject can deadlock with the GUI thread (seen here: the worker in
``QObject::~QObject`` waiting for the GIL while the GUI thread, holding the GIL, waits
for Qt's connection mutex). So automatic collection is switched off and the GUI thread
collects on a timer, generation by generation, as the automatic collector would.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

__all__ = ["MainThreadCollector", "collect_on_gui_thread"]

INTERVAL_MS = 200


class MainThreadCollector(QObject):
    """Disables automatic collection and runs it from a GUI-thread timer instead."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.setObjectName("mainThreadCollector")
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> int:
        """Collect the generations whose counts passed their thresholds; objects freed."""
        young, middle, old = gc.get_count()
        first, second, third = self._thresholds
        freed = 0
        if young > first:
            freed += gc.collect(0)
            if middle > second:
                freed += gc.collect(1)
                if old > third:
                    freed += gc.collect(2)
        return freed


def collect_on_gui_thread(app: QCoreApplication) -> MainThreadCollector:
    """Install the collector on ``app`` once; the existing one on later calls."""
    existing = app.findChild(MainThreadCollector, "mainThreadCollector")
    return existing if existing is not None else MainThreadCollector(app)
