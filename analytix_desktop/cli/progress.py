"""A one-line progress display on stderr when it is a terminal; silent otherwise."""

from __future__ import annotations

import shutil
from typing import TextIO

from ..core.tasks import Control, Progress

__all__ = ["ProgressLine"]

_BAR = 20


class ProgressLine:
    """Draws ``[####    ]  40% Fetching...`` over itself; ``control`` reports into it.

    When ``stream`` is not a terminal (cron, a pipe, a log file) nothing is drawn, so
    that unattended runs write only what matters: messages and errors.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.control = Control(self.show)
        self._drawn = False
        self._percent = -1

    def show(self, progress: Progress) -> None:
        """Draw ``progress`` (percent -1: keep the last bar, change the text)."""
        if not self.enabled:
            return
        if progress.percent >= 0:
            self._percent = min(progress.percent, 100)
        filled = _BAR * max(self._percent, 0) // 100
        bar = f"[{'#' * filled}{' ' * (_BAR - filled)}] {max(self._percent, 0):3d}% "
        width = shutil.get_terminal_size((80, 24)).columns - 1
        self.stream.write("\r\x1b[K" + (bar + progress.text)[:width])
        self.stream.flush()
        self._drawn = True

    def step(self, percent: int, text: str) -> None:
        """Report a step of the command itself (through the control, as tasks do)."""
        self.control.report(percent, text)

    def retrying(self, delay: float, status: int, message: str) -> None:
        """A ``RetryHook``: say why and for how long the request waits before trying again."""
        cause = f"Google answered {status}" if status else "the connection failed"
        self.control.report(-1, f"{cause} ({message}); trying again in {delay:.0f} s...")

    def clear(self) -> None:
        """Remove the line, so that a message printed next starts on a clean line."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False
