"""The look of report charts: one palette, readable axis text, axes formatted like the table."""

from __future__ import annotations

import math
from typing import Any

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QFontMetrics

from analytix_desktop.gui.formatting import format_ticks

__all__ = [
    "GRID_ALPHA",
    "LEGEND_BACKGROUND",
    "OTHERS_COLOUR",
    "PALETTE",
    "TEXT_COLOUR",
    "NumberAxis",
    "colour",
    "style_axis",
]

# Okabe and Ito's colour-blind-safe palette, with its two light colours (orange, sky
# blue) swapped for darker ones: every colour has at least 3:1 contrast on white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8C6D00", "#6A3D9A")
OTHERS_COLOUR = "#767676"  # the "All others" bar or line: grey, never a series colour
TEXT_COLOUR = "#333333"  # axis ticks, labels and legend text
AXIS_COLOUR = "#8C8C8C"
LEGEND_BACKGROUND = QColor(255, 255, 255, 215)  # translucent: data behind it stays visible
GRID_ALPHA = 0.12


def colour(number: int) -> str:
    """The colour of series ``number`` (the palette repeats past its end)."""
    return PALETTE[number % len(PALETTE)]


def style_axis(axis: pg.AxisItem) -> None:
    """Dark tick labels and axis title on a mid-grey axis line."""
    axis.setPen(pg.mkPen(AXIS_COLOUR))
    axis.setTextPen(pg.mkPen(TEXT_COLOUR))


class NumberAxis(pg.AxisItem):  # type: ignore[misc]
    """An axis whose ticks read like the table: ``350K``, ``1.5M``, ``2:05``, ``25%``.

    ``kind`` is one of formatting.format_ticks's kinds; set it before the axis paints.
    pyqtgraph's own SI prefixes (which print ``4e+06`` without units) are off.
    """

    def __init__(self, orientation: str, kind: str = "number", **kwargs: Any) -> None:
        super().__init__(orientation, **kwargs)
        self.kind = kind
        self.enableAutoSIPrefix(False)
        style_axis(self)

    def set_kind(self, kind: str) -> None:
        if kind != self.kind:
            self.kind = kind
            self.picture = None
            self.update()

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return format_ticks([value * scale for value in values], spacing * scale, self.kind)

    def reserve(self, low: float, high: float) -> None:
        """Make a vertical axis wide enough for the labels of ``low``..``high`` now.

        pyqtgraph widens an axis only after painting labels that did not fit, so the
        first frame of a new chart would show only the narrowest ones.
        """
        if self.orientation not in ("left", "right") or not (
            math.isfinite(low) and math.isfinite(high)
        ):
            return
        span = abs(high - low) or abs(high) or 1.0
        step = 10 ** math.floor(math.log10(span / 5))
        ticks = [low, high, low + step, high - step, step * round(high / step - 0.5)]
        font = self.style.get("tickFont") or QFont()
        metrics = QFontMetrics(font)
        labels = format_ticks(ticks, step, self.kind)
        width = max(metrics.horizontalAdvance(text) for text in labels)
        self._updateMaxTextSize(width + 4)
