"""Running blocking work (network, keyring, disk, parsing) off the GUI thread."""

from __future__ import annotations

import contextlib
import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

__all__ = ["Cancelled", "Job", "WorkerSignals", "start_job"]


class Cancelled(Exception):
    """Raised inside a job's function when it notices it was cancelled."""


class WorkerSignals(QObject):
    """Signals of one job; they are queued to the receiver's (GUI) thread."""

    result = Signal(object)
    error = Signal(object, str)  # the exception and its formatted traceback
    progress = Signal(int, str)
    done = Signal()


class Job(QRunnable):
    """One call of ``function(*args, job=<this job>, **kwargs)`` on a thread pool.

    The function can check ``job.cancelled`` (or call ``job.check()``) between steps
    and report ``job.report(percent, text)``. A cancelled job delivers neither its
    result nor its error.
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
            self._emit(self.signals.progress, percent, text)

    def check(self) -> None:
        """Raise Cancelled when the job was cancelled."""
        if self.cancelled:
            raise Cancelled

    @Slot()
    def run(self) -> None:
        try:
            value = self.function(*self.args, job=self, **self.kwargs)
        except Cancelled:
            pass
        except Exception as error:  # delivered to the GUI, which shows it
            if not self.cancelled:
                self._emit(self.signals.error, error, traceback.format_exc())
        else:
            if not self.cancelled:
                self._emit(self.signals.result, value)
        finally:
            self._emit(self.signals.done)

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        # When the application quit while the job ran, the signals' C++ object is gone
        # (RuntimeError): there is nobody left to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)


# A job's Python object must outlive its run, or its signals die with it: started jobs
# are held here until their ``done`` signal reaches the GUI thread.
_running: set[Job] = set()


def start_job(
    function: Callable[..., Any],
    *args: Any,
    on_result: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException, str], None] | None = None,
    on_progress: Callable[[int, str], None] | None = None,
    on_done: Callable[[], None] | None = None,
    owner: QObject | None = None,
    pool: QThreadPool | None = None,
    **kwargs: Any,
) -> Job:
    """Run ``function(*args, job=<the job>, **kwargs)`` on the pool (the global one by default).

    Callbacks run on the GUI thread; none is called once ``owner`` (the object they
    belong to, e.g. a closed report pane) has been deleted.
    """
    job = Job(function, *args, **kwargs)
    for signal, callback in (
        (job.signals.result, on_result),
        (job.signals.error, on_error),
        (job.signals.progress, on_progress),
        (job.signals.done, on_done),
    ):
        if callback is not None:
            signal.connect(callback if owner is None else _guarded(owner, callback))
    job.signals.done.connect(lambda: _finish(job))
    _running.add(job)
    (pool or QThreadPool.globalInstance()).start(job)
    return job


def _finish(job: Job) -> None:
    _running.discard(job)
    # References that Python's collector cannot see (Qt connections; PySide keeps a pool's
    # runnables) must not keep the job's inputs or its callbacks' owners alive: drop them,
    # and delete the signals, which drops their connections.
    job.function, job.args, job.kwargs = _done, (), {}
    job.signals.deleteLater()


def _done(*args: Any, **kwargs: Any) -> None:
    """What a finished job would run again: nothing."""


def _guarded(owner: QObject, callback: Callable[..., None]) -> Callable[..., None]:
    def call(*args: Any) -> None:
        if shiboken6.isValid(owner):
            callback(*args)

    return call
