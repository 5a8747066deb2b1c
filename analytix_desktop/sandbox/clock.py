"""The sandbox's clock: real time plus an offset that tests (and the demo) move forward."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

__all__ = ["SandboxClock"]


class SandboxClock:
    """UTC "now" for the endpoints that depend on time passing (the Reporting API).

    Real time keeps running; :meth:`advance` adds to the offset, :meth:`reset` drops it.
    Thread-safe: handlers read it while a test moves it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset = timedelta(0)

    def now(self) -> datetime:
        """The sandbox's current time (timezone-aware, UTC)."""
        with self._lock:
            offset = self._offset
        return datetime.now(UTC) + offset

    @property
    def offset(self) -> timedelta:
        """How far ahead of real time the clock is."""
        with self._lock:
            return self._offset

    def advance(
        self,
        delta: timedelta | None = None,
        *,
        days: float = 0,
        hours: float = 0,
        minutes: float = 0,
        seconds: float = 0,
    ) -> datetime:
        """Move the clock forward by ``delta`` plus the given parts; returns the new now.

        Time never runs backwards (the Reporting API's publications could not be undone):
        a negative step is a ValueError.
        """
        step = (delta or timedelta(0)) + timedelta(
            days=days, hours=hours, minutes=minutes, seconds=seconds
        )
        if step < timedelta(0):
            raise ValueError("the sandbox clock only moves forward; reset() goes back")
        with self._lock:
            self._offset += step
        return self.now()

    def reset(self) -> None:
        """Back to real time."""
        with self._lock:
            self._offset = timedelta(0)
