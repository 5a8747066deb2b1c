"""Blocking work (network, keyring, disk, parsing) on worker threads, answers on the GUI thread.

A task is a plain Python object run by a plain thread: no Qt object is made, owned or
destroyed off the GUI thread. Worker threads come in lanes, one small pool per kind of
work, so that a slow kind (a browser sign-in that waits minutes, a keyring that hangs)
never holds up another. Finished tasks and progress reports go into one queue; a
worker wakes the runner (one long-lived QObject on the GUI thread) with a queued
no-argument signal, and the runner calls the callbacks there. A task's function,
result and exception are released on the GUI thread once delivered, so that no input
(a report, a QImage) is freed on a worker, and a finished task holds nothing.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import queue
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, Signal, Slot

from ..core.tasks import Cancelled, Control, Progress, TaskContext, TaskFailure, detach

__all__ = ["Lane", "Task", "TaskRunner", "submit", "task_runner"]

_log = logging.getLogger(__name__)
T = TypeVar("T")


class Lane(enum.Enum):
    """Kinds of work, each with its own threads: (name, number of threads)."""

    NETWORK = ("network", 4)  # reports, channel names, sign-out
    SIGN_IN = ("sign-in", 2)  # waits for the browser for up to minutes
    STORAGE = ("storage", 2)  # keyring (no timeout of its own) and files
    LOCAL = ("local", 2)  # in-memory work: tables, charts, clipboard text
    SETTINGS = ("settings", 1)  # one writer: saves land in the order they were made
    SYNC = ("sync", 1)  # reach report downloads: one channel at a time, reports never wait

    @property
    def threads(self) -> int:
        return self.value[1]


class Task(Control, Generic[T]):
    """One call of ``function(context)``; it is its own :class:`TaskContext`.

    Cancelling stops every callback; the function notices through the context.
    """

    __slots__ = (
        "_failure",
        "_finished",
        "_function",
        "_on_error",
        "_on_progress",
        "_on_result",
        "_owner",
        "_post",
        "_value",
    )

    def __init__(
        self,
        function: Callable[[TaskContext], T],
        on_result: Callable[[T], None] | None,
        on_error: Callable[[TaskFailure], None] | None,
        on_progress: Callable[[Progress], None] | None,
        owner: QObject | None,
        post: Callable[[Task[Any], Progress | None], None],
    ) -> None:
        super().__init__()
        self._function: Callable[[TaskContext], T] | None = function
        self._on_result = on_result
        self._on_error = on_error
        self._on_progress = on_progress
        self._owner = owner
        self._post: Callable[[Task[Any], Progress | None], None] | None = post
        self._value: T | None = None
        self._failure: TaskFailure | None = None
        self._finished = threading.Event()

    def report(self, percent: int, text: str = "") -> None:
        post = self._post
        if post is not None and self._on_progress is not None and not self.cancelled:
            post(self, Progress(percent, text))

    def wait_finished(self, timeout: float) -> bool:
        """Wait until the function has returned (on any thread but the one running it)."""
        return self._finished.wait(timeout)

    # -- on the worker ------------------------------------------------------------------

    def run(self) -> None:
        assert self._function is not None
        assert self._post is not None
        try:
            if not self.cancelled:
                # No local refers to the function or its result: the GUI thread releases them.
                self._value = self._function(self)
        except Cancelled:
            pass
        except BaseException as error:  # delivered to the GUI, which shows it
            details = traceback.format_exc()  # before the frames are let go
            self._failure = TaskFailure(detach(error), details)
        self._finished.set()
        self._post(self, None)

    # -- on the GUI thread --------------------------------------------------------------

    def _live(self) -> bool:
        return not self.cancelled and (self._owner is None or shiboken6.isValid(self._owner))

    def _progressed(self, progress: Progress) -> None:
        if self._on_progress is not None and self._live():
            self._on_progress(progress)

    def _deliver(self) -> None:
        try:
            if not self._live():
                return
            if self._failure is not None:
                if self._on_error is not None:
                    self._on_error(self._failure)
                else:
                    _log.error("a background task failed\n%s", self._failure.details)
            elif self._on_result is not None:
                self._on_result(self._value)  # type: ignore[arg-type]  # set by run()
        finally:
            self._function = self._on_result = self._on_error = self._on_progress = None
            self._owner = self._post = self._value = self._failure = None


class _Lane:
    """Daemon threads taking tasks from one FIFO queue; started at the first task.

    Daemon threads, so that a task stuck in a call without a timeout (a keyring)
    cannot keep the process alive after the window closed.
    """

    def __init__(self, lane: Lane) -> None:
        self.lane = lane
        self.queue: queue.SimpleQueue[Task[Any]] = queue.SimpleQueue()
        self.started = False

    def put(self, task: Task[Any]) -> None:
        if not self.started:
            self.started = True
            for number in range(self.lane.threads):
                name = f"analytix-{self.lane.value[0]}-{number + 1}"
                threading.Thread(target=self.work, name=name, daemon=True).start()
        self.queue.put(task)

    def work(self) -> None:
        while True:
            task = self.queue.get()
            task.run()
            del task  # the next wait must not hold the last task


class TaskRunner(QObject):
    """Runs tasks on lanes of worker threads; their callbacks run on this object's thread."""

    _wake = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taskRunner")
        self._lanes = {lane: _Lane(lane) for lane in Lane}
        self._lock = threading.Lock()
        self._inbox: list[tuple[Task[Any], Progress | None]] = []
        self._pending: set[Task[Any]] = set()
        self._wake.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def submit(
        self,
        function: Callable[[TaskContext], T],
        on_result: Callable[[T], None] | None = None,
        *,
        on_error: Callable[[TaskFailure], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        owner: QObject | None = None,
        lane: Lane = Lane.NETWORK,
    ) -> Task[T]:
        """Run ``function(context)`` on ``lane``; the callbacks run on the GUI thread.

        None is called once the task is cancelled or ``owner`` (e.g. a closed report
        pane) is deleted. Without ``on_error`` a failure is logged.
        """
        assert QThread.currentThread() is self.thread(), "submit from the GUI thread"
        task = Task(function, on_result, on_error, on_progress, owner, self._post)
        self._pending.add(task)
        self._lanes[lane].put(task)
        return task

    def wait_idle(self, timeout: float) -> bool:
        """Run the event loop until every task is delivered; False after ``timeout`` s.

        For the end of a test or self-test: the GUI thread must not block on workers.
        """
        deadline = time.monotonic() + timeout
        while self._pending and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.002)  # processEvents returns at once when there is nothing yet
        return not self._pending

    def _post(self, task: Task[Any], progress: Progress | None) -> None:
        """From a worker: queue progress (or the end, None) and wake the GUI thread once."""
        with self._lock:
            self._inbox.append((task, progress))
            wake = len(self._inbox) == 1
        if wake and shiboken6.isValid(self):
            # RuntimeError: the application is gone, and nobody is left to tell.
            with contextlib.suppress(RuntimeError):
                self._wake.emit()

    @Slot()
    def _deliver(self) -> None:
        with self._lock:
            inbox, self._inbox = self._inbox, []
        for task, progress in inbox:
            try:
                if progress is not None:
                    task._progressed(progress)
                else:
                    self._pending.discard(task)
                    task._deliver()
            except Exception:  # a callback's bug: shown, and the others still run
                sys.excepthook(*sys.exc_info())


_runner: TaskRunner | None = None


def task_runner() -> TaskRunner:
    """The application's runner, made on first use (on the GUI thread)."""
    global _runner
    if _runner is None or not shiboken6.isValid(_runner):
        _runner = TaskRunner(QCoreApplication.instance())
    return _runner


def submit(
    function: Callable[[TaskContext], T],
    on_result: Callable[[T], None] | None = None,
    *,
    on_error: Callable[[TaskFailure], None] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    owner: QObject | None = None,
    lane: Lane = Lane.NETWORK,
) -> Task[T]:
    """:meth:`TaskRunner.submit` on the application's runner."""
    return task_runner().submit(
        function, on_result, on_error=on_error, on_progress=on_progress, owner=owner, lane=lane
    )
