"""What a background task sees of its runner: cancellation, waits and progress (no Qt).

Blocking code (the desktop client, stores, exports) takes a :class:`TaskContext` so
that it can stop early and say how far it got, whichever runner (a GUI's, a test's)
calls it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

__all__ = ["Cancelled", "Control", "Progress", "TaskContext", "TaskFailure", "detach"]


class Cancelled(Exception):
    """Raised inside a task when it notices that it was cancelled."""


@dataclass(frozen=True)
class Progress:
    """How far a task got: ``percent`` (-1 when unknown) and what it is doing."""

    percent: int
    text: str = ""


@dataclass(frozen=True)
class TaskFailure:
    """An exception raised by a task, without its frames, and its formatted traceback."""

    error: BaseException
    details: str


class TaskContext(Protocol):
    """The task's side of its runner."""

    @property
    def cancelled(self) -> bool: ...

    @property
    def event(self) -> threading.Event:
        """Set on cancel: for APIs that wait on an event themselves."""
        ...

    def check(self) -> None:
        """Raise :class:`Cancelled` when the task was cancelled."""

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True (at once) when the task is cancelled meanwhile."""
        ...

    def report(self, percent: int, text: str = "") -> None:
        """Tell the task's owner how far it got (ignored once cancelled)."""


class Control:
    """A plain :class:`TaskContext`: an event to cancel with and a progress sink."""

    __slots__ = ("_event", "_sink")

    def __init__(self, sink: Callable[[Progress], None] | None = None) -> None:
        self._event = threading.Event()
        self._sink = sink

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    @property
    def event(self) -> threading.Event:
        return self._event

    def cancel(self) -> None:
        self._event.set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled

    def wait(self, seconds: float) -> bool:
        return self._event.wait(max(0.0, seconds))

    def report(self, percent: int, text: str = "") -> None:
        if self._sink is not None and not self._event.is_set():
            self._sink(Progress(percent, text))


def detach(error: BaseException) -> BaseException:
    """``error`` and the exceptions chained to it, without their tracebacks.

    A traceback holds the frames of the thread that raised, with every local of every
    call: an exception handed to another thread must not keep them alive.
    """
    stack, seen = [error], set()
    while stack:
        current = stack.pop()
        if id(current) not in seen:
            seen.add(id(current))
            current.with_traceback(None)
            stack += [e for e in (current.__cause__, current.__context__) if e is not None]
    return error
