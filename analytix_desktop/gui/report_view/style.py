"""The look and feel of report charts: colours from the widget's palette (light or dark),
one colour-blind-safe series palette per background, axes formatted like the table, view
ranges with a margin, a view box for reading rather than exploring."""

from __future__ import annotations

import datetime as dt
import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from pyqtgraph.graphicsItems import DateAxisItem as _date_axis
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette

from analytix_desktop.gui.formatting import format_ticks, format_timestamp, watch_time_unit

if TYPE_CHECKING:
    from analytix_desktop.gui.report_view.chart_data import Series

__all__ = [
    "DARK_OTHERS_COLOUR",
    "DARK_PALETTE",
    "LEGEND_OFFSETS",
    "OTHERS_COLOUR",
    "PALETTE",
    "ChartColours",
    "NumberAxis",
    "ReadingView",
    "UtcDateAxis",
    "chart_axes",
    "chart_colours",
    "series_span",
    "style_axis",
    "view_span",
]

# Okabe and Ito's colour-blind-safe palette. On light backgrounds its two light colours
# (orange, sky blue) are swapped for darker ones: every colour has at least 3:1 contrast
# on white. On dark backgrounds the light ones are kept and the dark blue is left out:
# every colour has at least 3:1 contrast on #2B2B2B and darker.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8C6D00", "#6A3D9A")
DARK_PALETTE = ("#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#E8764A")
OTHERS_COLOUR = "#767676"  # the "All others" bar or line: grey, never a series colour
DARK_OTHERS_COLOUR = "#A0A0A0"
LEGEND_ALPHA = 215  # a translucent legend: data behind it stays visible
# pyqtgraph's legend offset per corner: a negative coordinate counts from the far edge.
LEGEND_OFFSETS = {
    "top-left": (10, 10),
    "top-right": (-10, 10),
    "bottom-right": (-10, -10),
    "bottom-left": (10, -10),
}
ZOOM_OUT_MARGIN = 0.05  # the share of a range left free beyond the data


@dataclass(frozen=True)
class ChartColours:
    """The colours of a chart on one background."""

    background: QColor
    text: QColor  # axis ticks, labels and legend text
    axis: QColor
    legend_background: QColor
    legend_border: QColor
    series: tuple[str, ...]
    others: str

    def colour(self, number: int) -> str:
        """The colour of series ``number`` (the palette repeats past its end)."""
        return self.series[number % len(self.series)]


def chart_colours(palette: QPalette) -> ChartColours:
    """The chart colours that go with a widget's ``palette`` (the system's, maybe dark)."""
    background = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    dark = background.lightnessF() < 0.5
    axis = QColor(text)
    axis.setAlphaF(0.55)  # a quieter line than the labels, on either background
    legend = QColor(background)
    legend.setAlpha(LEGEND_ALPHA)
    return ChartColours(
        background=background,
        text=text,
        axis=axis,
        legend_background=legend,
        legend_border=palette.color(QPalette.ColorRole.Mid),
        series=DARK_PALETTE if dark else PALETTE,
        others=DARK_OTHERS_COLOUR if dark else OTHERS_COLOUR,
    )


def style_axis(axis: pg.AxisItem, colours: ChartColours) -> None:
    """Tick labels and axis title in the text colour, on a quieter axis line."""
    axis.setPen(pg.mkPen(colours.axis))
    axis.setTextPen(pg.mkPen(colours.text))


class NumberAxis(pg.AxisItem):  # type: ignore[misc]
    """An axis whose ticks read like the table: ``350K``, ``1.5M``, ``2:05``, ``25%``.

    ``kind`` is one of formatting.format_ticks's kinds; set it before the axis paints.
    pyqtgraph asks for the labels of each tick level separately; the suffix and the
    decimals come from the whole visible range and the finest level, so that every
    label of the axis agrees (never "1M, 900K"). pyqtgraph's own SI prefixes are off.
    """

    def __init__(self, orientation: str, kind: str = "number", **kwargs: Any) -> None:
        super().__init__(orientation, **kwargs)
        self.kind = kind
        self._finest = math.inf  # the smallest tick spacing of the last layout
        self.enableAutoSIPrefix(False)

    def set_kind(self, kind: str) -> None:
        if kind != self.kind:
            self.kind = kind
            self.picture = None
            self.update()

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[Any]:
        # Watch time is stored in minutes: shown in hours, ticks fall on round hours.
        factor = 60.0 if self.kind == "watch" and watch_time_unit() == "hours" else 1.0
        levels: list[Any] = [
            (spacing * factor, [value * factor for value in values])
            for spacing, values in super().tickValues(minVal / factor, maxVal / factor, size)
        ]
        spacings = [spacing for spacing, values in levels if len(values)]
        self._finest = min(spacings, default=math.inf)
        return levels

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        low, high = self.range
        largest = max(abs(low), abs(high)) * scale
        step = min(spacing, self._finest) * scale
        return format_ticks([value * scale for value in values], step, self.kind, largest)

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
        largest = max(abs(low), abs(high))
        labels = format_ticks(ticks, step, self.kind, largest)
        width = max(metrics.horizontalAdvance(text) for text in labels)
        self._updateMaxTextSize(width + 4)


class _UtcZoomLevel(_date_axis.ZoomLevel):  # type: ignore[misc]
    """A zoom level of :class:`UtcDateAxis`: ticks moved by the fixed offset directly."""

    def __init__(self, level: Any) -> None:
        super().__init__(level.tickSpecs, level.exampleText)

    def moveTicksToLocalTimeCoords(
        self, ticks: npt.NDArray[np.float64], spacing: int, skipFactor: int
    ) -> npt.NDArray[np.float64]:
        hourly = spacing == _date_axis.HOUR_SPACING
        if (
            self.utcOffset is None
            or spacing < _date_axis.HOUR_SPACING
            or (hourly and skipFactor <= 1)
        ):
            return super().moveTicksToLocalTimeCoords(ticks, spacing, skipFactor)  # type: ignore[no-any-return]
        # pyqtgraph adds applyOffsetToUtc(tick, utcOffset) to every tick, which is
        # utcOffset itself once the QDateTime work before it is thrown away.
        shifted: npt.NDArray[np.float64] = ticks + self.utcOffset
        return shifted


# pyqtgraph's strftime tick formats (the system's month names) -> Qt's, in the app's locale.
_QT_DATE_FORMATS = {
    "%Y": "yyyy",
    "%b": "MMM",
    "%d": "d",
    "%a %d": "ddd d",
    "%H:%M": "HH:mm",
    "%H:%M:%S": "HH:mm:ss",
}
_DAY_FORMATS = frozenset({"yyyy", "MMM", "d", "ddd d"})  # no time of day in them


class UtcDateAxis(pg.DateAxisItem):  # type: ignore[misc]
    """pyqtgraph's date axis at UTC (``utcOffset=0``), without its per-tick time zone work,
    labelled in the app's locale like the table (pyqtgraph's strftime uses the system's).

    On a month or year scale pyqtgraph converts each tick with QDateTime and then
    ignores the result when the offset is fixed: ~300 conversions, 10-15 ms of every
    repaint of a decade of days. Ticks are the same as pyqtgraph's. Labels without a
    time of day are formatted from a QDate: a QDateTime made from a date and a time is
    placed in the local time zone first, at ~40 µs a label, and a decade of days asks
    for ~130 labels (every month's, to see whether they fit) when it is first drawn.
    """

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        qt_format = _QT_DATE_FORMATS.get(spec.format) if spec is not None else None
        if qt_format is None:
            return list(super().tickStrings(values, scale, spacing))
        if qt_format not in _DAY_FORMATS:
            return [format_timestamp(value, qt_format) for value in values]
        locale = QLocale()  # the application's (formatting's) default locale
        days = [dt.datetime.fromtimestamp(value, dt.UTC) for value in values]
        return [locale.toString(QDate(d.year, d.month, d.day), qt_format) for d in days]

    def __init__(self) -> None:
        super().__init__(utcOffset=0)
        if hasattr(_date_axis.ZoomLevel, "moveTicksToLocalTimeCoords"):
            levels: dict[float, Any] = self.zoomLevels  # type: ignore[has-type]
            self.zoomLevels = OrderedDict(
                (spacing, _UtcZoomLevel(level)) for spacing, level in levels.items()
            )


class ReadingView(pg.ViewBox):  # type: ignore[misc]
    """A view box for reading: no context menu, no wheel zoom or drag panning.

    Ctrl+wheel zooms; dragging a rectangle zooms into it. A plain wheel event is left
    to the pane, which scrolls.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(enableMenu=False, **kwargs)
        self.setMouseEnabled(False, False)
        self.setMouseMode(pg.ViewBox.RectMode)

    def wheelEvent(self, ev: Any, axis: int | None = None) -> None:
        if not ev.modifiers() & Qt.KeyboardModifier.ControlModifier:
            ev.ignore()
            return
        self.setMouseEnabled(True, True)
        try:
            super().wheelEvent(ev, axis)
        finally:
            self.setMouseEnabled(False, False)

    def mouseDragEvent(self, ev: Any, axis: int | None = None) -> None:
        if ev.button() == Qt.MouseButton.LeftButton and axis is None:
            super().mouseDragEvent(ev, axis)
        else:
            ev.ignore()


def chart_axes(kind: str, x_kind: str = "") -> dict[str, pg.AxisItem]:
    """The axes of a chart of ``kind`` (a ChartData's): numbers read like the table's."""
    axes: dict[str, pg.AxisItem] = {"bottom": NumberAxis("bottom")}
    if kind == "time":
        axes["bottom"] = UtcDateAxis()
    elif kind == "line":  # the position in the video: a share, or its time
        axes["bottom"] = NumberAxis("bottom", x_kind)
    if kind == "bars":
        axes["left"] = pg.AxisItem("left")  # category names, never scaled ("x0.001")
        axes["left"].enableAutoSIPrefix(False)
    else:
        axes["left"] = NumberAxis("left")
        axes["right"] = NumberAxis("right")
    return axes


def view_span(low: float, high: float, from_zero: bool) -> tuple[float, float]:
    """A view range around ``low``..``high`` with a margin; starting at zero when asked."""
    if from_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        pad = abs(high) * 0.5 or 1.0
        return (low, high + pad) if from_zero and low == 0 else (low - pad, high + pad)
    margin = (high - low) * ZOOM_OUT_MARGIN
    return (low if from_zero and low == 0 else low - margin), (
        high if from_zero and high == 0 else high + margin
    )


def series_span(series: list[Series]) -> tuple[float, float] | None:
    """The view range of the y values of ``series`` (None when none is finite)."""
    values = [s.y[np.isfinite(s.y)] for s in series]
    values = [v for v in values if len(v)]
    if not values:
        return None
    low = min(float(v.min()) for v in values)
    high = max(float(v.max()) for v in values)
    return view_span(low, high, all(s.from_zero for s in series))
