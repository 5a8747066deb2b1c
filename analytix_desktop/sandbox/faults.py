"""Fault injection and the request log that tests read."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["Fault", "Faults", "LoggedRequest", "RequestLog"]

ANY_PATH = "*"


@dataclass
class Fault:
    """What the next ``remaining`` matching requests get instead of a normal answer.

    ``status`` answers that status with Google's error envelope (and ``Retry-After``
    when ``retry_after`` is set); ``delay`` sleeps first; ``drop`` closes the
    connection without answering; ``truncate`` sends only the first half of the body.
    A ``path`` ending in ``*`` matches every path it begins ("/v1/media/*": any download).
    """

    path: str
    method: str | None = None
    status: int | None = None
    retry_after: int | None = None
    delay: float = 0.0
    drop: bool = False
    truncate: bool = False
    remaining: int = 1

    def matches(self, method: str, path: str) -> bool:
        if self.path.endswith(ANY_PATH):
            matched = path.startswith(self.path.removesuffix(ANY_PATH))
        else:
            matched = self.path == path
        return matched and self.method in (None, method)


class Faults:
    """A thread-safe queue of faults; each matching request uses one up."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        # Set by clear(): a request still sleeping in a delay wakes and is dropped unlogged,
        # so that a test's slow request never lands in the next test's log.
        self._cleared = threading.Event()

    def inject(
        self,
        path: str = ANY_PATH,
        *,
        status: int | None = None,
        retry_after: int | None = None,
        delay: float = 0.0,
        drop: bool = False,
        truncate: bool = False,
        times: int = 1,
        method: str | None = None,
    ) -> Fault:
        """Make the next ``times`` requests to ``path`` (``"*"``: any path; ``"/a/*"``:
        any path under ``/a/``) misbehave."""
        fault = Fault(path, method, status, retry_after, delay, drop, truncate, times)
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, method: str, path: str) -> Fault | None:
        """The fault for this request, if any, counting it as used."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def delay(self, fault: Fault) -> bool:
        """Sleep ``fault``'s delay; False when :meth:`clear` cut it short."""
        with self._lock:
            cleared = self._cleared
        return not cleared.wait(fault.delay)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self._cleared.set()
            self._cleared = threading.Event()


@dataclass(frozen=True)
class LoggedRequest:
    """One request as the sandbox saw it (tokens are not recorded)."""

    method: str
    path: str
    query: dict[str, list[str]]
    status: int
    at: float = field(default_factory=time.time)


class RequestLog:
    """Every request the sandbox answered, in order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[LoggedRequest] = []

    def record(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self, path: str | None = None) -> list[LoggedRequest]:
        """A snapshot of the log, optionally only requests to ``path``."""
        with self._lock:
            return [e for e in self._entries if path is None or e.path == path]

    def count(self, path: str | None = None) -> int:
        return len(self.entries(path))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __iter__(self) -> Iterator[LoggedRequest]:
        return iter(self.entries())
