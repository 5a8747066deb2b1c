"""Running blocking work (network, keyring, disk, parsing) off the GUI thread."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

__all__ = ["Cancelled", "Job", "WorkerSignals", "run_in_pool"]


class Cancelled(Exception):  # noqa: N818 - a state, raised by work that saw its token set
    """Raised inside a job's function when it notices it was cancelled."""


class WorkerSignals(QObject):
    """Signals of one job; they are queued to the receiver's (GUI) thread."""

    result = Signal(object)
    error = Signal(object, str)  # the exception and its formatted traceback
    progress = Signal(int, str)
    done = Signal()


class Job(QRunnable):
    """One function call on the thread pool, cancellable by a shared event.

    The function receives the job as its ``job`` keyword when it accepts one, so it
    can check ``job.cancelled`` between steps and report ``job.report(percent, text)``.
    Results of a cancelled job are never delivered.
    """

    def __init__(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.function = function
        self.args = args
        self.kwargs = kwargs
        self.signals = WorkerSignals()
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def report(self, percent: int, text: str = "") -> None:
        if not self.cancelled:
            self.signals.progress.emit(percent, text)

    def check(self) -> None:
        """Raise Cancelled when the job was cancelled."""
        if self.cancelled:
            raise Cancelled

    @Slot()
    def run(self) -> None:
        try:
            value = self.function(*self.args, **self.kwargs)
        except Cancelled:
            pass
        except Exception as error:  # delivered to the GUI, which shows it
            if not self.cancelled:
                self.signals.error.emit(error, traceback.format_exc())
        else:
            if not self.cancelled:
                self.signals.result.emit(value)
        finally:
            self.signals.done.emit()


def run_in_pool(
    function: Callable[..., Any],
    *args: Any,
    on_result: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException, str], None] | None = None,
    on_done: Callable[[], None] | None = None,
    pool: QThreadPool | None = None,
    **kwargs: Any,
) -> Job:
    """Start ``function(*args, **kwargs)`` on the pool and connect the callbacks."""
    job = Job(function, *args, **kwargs)
    if on_result is not None:
        job.signals.result.connect(on_result)
    if on_error is not None:
        job.signals.error.connect(on_error)
    if on_done is not None:
        job.signals.done.connect(on_done)
    (pool or QThreadPool.globalInstance()).start(job)
    return job
