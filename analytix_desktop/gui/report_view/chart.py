"""The pyqtgraph chart of a report pane: date-axis lines or horizontal bars, with a read-out."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
import pyqtgraph.exporters
from pyqtgraph.graphicsItems import DateAxisItem as _date_axis
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from analytix_desktop.gui.formatting import (
    axis_kind,
    format_date,
    format_month,
    format_number,
    format_percent,
)
from analytix_desktop.gui.report_view.chart_data import ChartData, Series
from analytix_desktop.gui.report_view.style import (
    LEGEND_BACKGROUND,
    OTHERS_COLOUR,
    PALETTE,
    TEXT_COLOUR,
    NumberAxis,
    colour,
    style_axis,
)

__all__ = ["ReportChart"]

# Above this many points a line is drawn one pixel wide: Qt strokes wider lines
# segment by segment, which made six lines of 4,500 days take 40 ms a paint (the GUI
# thread's longest stall with a big report), against 8 ms at one pixel. Such long
# lines cover every pixel of the plot anyway.
THIN_LINE_POINTS = 1_000

Formatter = Callable[[float | int | None], str]

# pyqtgraph's legend offset per corner: a negative coordinate counts from the far edge.
_LEGEND_OFFSETS = {
    "top-left": (10, 10),
    "top-right": (-10, 10),
    "bottom-right": (-10, -10),
    "bottom-left": (10, -10),
}


class _UtcZoomLevel(_date_axis.ZoomLevel):  # type: ignore[misc]
    """A zoom level of :class:`UtcDateAxis`: ticks moved by the fixed offset directly."""

    def __init__(self, level: Any) -> None:
        super().__init__(level.tickSpecs, level.exampleText)

    def moveTicksToLocalTimeCoords(
        self, ticks: npt.NDArray[np.float64], spacing: int, skipFactor: int
    ) -> npt.NDArray[np.float64]:
        hourly = spacing == _date_axis.HOUR_SPACING
        if self.utcOffset is None or spacing < _date_axis.HOUR_SPACING or (
            hourly and skipFactor <= 1
        ):
            return super().moveTicksToLocalTimeCoords(ticks, spacing, skipFactor)  # type: ignore[no-any-return]
        # pyqtgraph adds applyOffsetToUtc(tick, utcOffset) to every tick, which is
        # utcOffset itself once the QDateTime work before it is thrown away.
        return ticks + self.utcOffset


class UtcDateAxis(pg.DateAxisItem):  # type: ignore[misc]
    """pyqtgraph's date axis at UTC (``utcOffset=0``), without its per-tick time zone work.

    On a month or year scale pyqtgraph converts each tick with QDateTime and then
    ignores the result when the offset is fixed: ~300 conversions, 10-15 ms of every
    repaint of a decade of days. Ticks and labels are the same as pyqtgraph's.
    """

    def __init__(self) -> None:
        super().__init__(utcOffset=0)
        if hasattr(_date_axis.ZoomLevel, "moveTicksToLocalTimeCoords"):
            self.zoomLevels = OrderedDict(
                (spacing, _UtcZoomLevel(level)) for spacing, level in self.zoomLevels.items()
            )


class ReportChart(QWidget):
    """Draws a ChartData; ``items`` are the plotted curves/bars (in legend order)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = ChartData("none")
        self.items: list[pg.PlotDataItem | pg.BarGraphItem] = []
        self._formatters: dict[str, Formatter] = {}
        self._right: pg.ViewBox | None = None
        self._prepared: ChartData | None = None  # the data prepare() made self.plot for
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.readout = QLabel(" ")
        self.readout.setAccessibleName("Chart read-out")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.plot = self._new_plot("none")
        self._layout.addWidget(self.placeholder)
        self._layout.addWidget(self.plot, 1)
        self._layout.addWidget(self.readout)
        self.placeholder.hide()

    def _new_plot(self, kind: str) -> pg.PlotWidget:
        """A plot with the axes of a chart of ``kind`` (number axes format like the table)."""
        axes: dict[str, pg.AxisItem] = {"bottom": NumberAxis("bottom")}
        if kind == "time":
            axes["bottom"] = UtcDateAxis()
            style_axis(axes["bottom"])
        elif kind == "line":
            axes["bottom"] = NumberAxis("bottom", "fraction")  # the position in the video
        if kind == "bars":
            axes["left"] = pg.AxisItem("left")  # category names
            style_axis(axes["left"])
        else:
            axes["left"] = NumberAxis("left")
            axes["right"] = NumberAxis("right")
        plot = pg.PlotWidget(axisItems=axes)
        plot.getPlotItem().hideAxis("right")  # shown when a series goes on it
        plot.setBackground("w")
        plot.setAccessibleName("Report chart")
        plot.scene().sigMouseMoved.connect(self._hover)
        return plot

    def _replace_plot(self, data: ChartData) -> pg.PlotItem:
        """A new empty plot for ``data`` (a date axis for time series), unless
        :meth:`prepare` already made it."""
        if self._prepared is not data:
            self._prepared = None
            old = self.plot
            self.plot = self._new_plot(data.kind)
            self._layout.replaceWidget(old, self.plot)
            old.deleteLater()
        self._prepared = None
        self._right = None
        return self.plot.getPlotItem()

    def prepare(self, data: ChartData) -> None:
        """Optionally, before :meth:`show_chart` of ``data``: make its empty plot now.

        Creating a plot widget is a good part of drawing a chart; done in its own turn
        of the event loop, neither step keeps the GUI thread busy for long.
        """
        if data.kind in ("time", "line", "bars"):
            self._prepared = None
            self._replace_plot(data)
            self._prepared = data

    def show_chart(self, data: ChartData, formatters: dict[str, Formatter]) -> None:
        """Draw ``data``; ``formatters`` (metric name -> function) label the read-out."""
        self.data = data
        self._formatters = formatters
        self.items = []
        self.readout.setText(" ")
        if data.kind == "none":
            self.plot.hide()
            self.placeholder.setText(data.reason or "Nothing to chart.")
            self.placeholder.show()
            return
        self.placeholder.hide()
        if data.kind == "bars":
            self._draw_bars(data)
        else:
            self._draw_lines(data)
        self.plot.show()

    def _axis_kind(self, series: list[Series]) -> str:
        """How an axis of ``series`` reads: their unit's format when they share one."""
        kinds = {axis_kind(self.data.units.get(s.metric, ""), s.metric) for s in series}
        return kinds.pop() if len(kinds) == 1 else "number"

    def _draw_lines(self, data: ChartData) -> None:
        item = self._replace_plot(data)
        legend = item.addLegend(
            offset=_LEGEND_OFFSETS.get(data.legend_corner, (10, 10)),
            brush=pg.mkBrush(LEGEND_BACKGROUND),
            pen=pg.mkPen(200, 200, 200),
            labelTextColor=TEXT_COLOUR,
        )
        item.setLabel("bottom", data.x_title)
        if data.metric_title:
            item.setLabel("left", data.metric_title)
        right_series = [s for s in data.series if s.right]
        left_series = [s for s in data.series if not s.right]
        for side, on_side in (("left", left_series), ("right", right_series)):
            axis = item.getAxis(side)
            if isinstance(axis, NumberAxis) and on_side:
                axis.set_kind(self._axis_kind(on_side))
                values = [s.y[np.isfinite(s.y)] for s in on_side]
                if any(len(v) for v in values):
                    axis.reserve(
                        min(float(v.min()) for v in values if len(v)),
                        max(float(v.max()) for v in values if len(v)),
                    )
        if right_series:
            self._right = pg.ViewBox()
            item.showAxis("right")
            item.scene().addItem(self._right)
            item.getAxis("right").linkToView(self._right)
            self._right.setXLink(item)
            item.vb.sigResized.connect(self._sync_right)
            item.getAxis("right").setLabel(" / ".join(s.name for s in right_series))
        for number, series in enumerate(data.series):
            others = data.others and number == len(data.series) - 1
            pen = pg.mkPen(
                OTHERS_COLOUR if others else colour(number),
                width=1 if len(series.x) > THIN_LINE_POINTS else 2,
                style=Qt.PenStyle.DashLine if series.right else Qt.PenStyle.SolidLine,
            )
            finite = bool(np.isfinite(series.y).all())
            # Long series are downsampled to the pixels they cover.
            curve = pg.PlotDataItem(
                series.x,
                series.y,
                pen=pen,
                name=series.name,
                connect="all" if finite else "finite",
                antialias=False,
                skipFiniteCheck=finite,
                autoDownsample=True,
                downsampleMethod="peak",
            )
            if series.right and self._right is not None:
                self._right.addItem(curve)
                legend.addItem(curve, f"{series.name} (right)")
            else:
                item.addItem(curve)
            self.items.append(curve)
        self._sync_right()

    def _sync_right(self) -> None:
        if self._right is None:
            return
        main = self.plot.getPlotItem().vb
        self._right.setGeometry(main.sceneBoundingRect())
        self._right.linkedViewChanged(main, self._right.XAxis)

    def _draw_bars(self, data: ChartData) -> None:
        item = self._replace_plot(data)
        count = len(data.categories)
        positions = np.arange(count, dtype=np.float64)
        values = np.nan_to_num(data.bars)
        brushes = [pg.mkBrush(PALETTE[0])] * count
        if data.others and count:
            brushes[-1] = pg.mkBrush(OTHERS_COLOUR)
        bars = pg.BarGraphItem(
            x0=0,
            y=positions,
            height=0.7,
            width=values,
            brushes=brushes,
            pen=pg.mkPen(None),
        )
        item.addItem(bars)
        self.items.append(bars)
        item.invertY(True)
        item.getAxis("left").setTicks([[(i, name) for i, name in enumerate(data.categories)]])
        bottom = item.getAxis("bottom")
        if isinstance(bottom, NumberAxis):
            bottom.set_kind(axis_kind(data.units.get(data.metric, ""), data.metric))
        item.setLabel("bottom", data.metric_title)
        item.setLabel("left", data.x_title)
        item.setYRange(-0.5, count - 0.5)

    def _format(self, metric: str, value: float) -> str:
        if not np.isfinite(value):
            return "–"
        formatter = self._formatters.get(metric, format_number)
        return formatter(value)

    def _hover(self, position: QPointF) -> None:
        data = self.data
        view = self.plot.getPlotItem().vb
        if data.kind == "none" or not view.sceneBoundingRect().contains(position):
            return
        point = view.mapSceneToView(position)
        if data.kind == "bars":
            row = round(point.y())
            if 0 <= row < len(data.categories):
                value = self._format(data.metric, float(data.bars[row]))
                self.readout.setText(f"{data.categories[row]}: {value}")
            return
        if not data.series:
            return
        x = data.series[0].x
        index = int(np.clip(np.searchsorted(x, point.x()), 0, len(x) - 1))
        if index > 0 and abs(x[index - 1] - point.x()) < abs(x[index] - point.x()):
            index -= 1
        self.readout.setText(
            f"{self._x_text(float(x[index]))}   "
            + "   ".join(
                f"{s.name}: {self._format(s.metric, float(s.y[index]))}" for s in data.series
            )
        )

    def _x_text(self, x: float) -> str:
        if self.data.kind == "line":
            return format_percent(x, fraction=True, decimals=0)
        day = np.datetime64(int(x // 86400), "D").item()
        if self.data.x_dimension == "month":
            return format_month(day)
        return format_date(day, weekday=True)

    def export_image(self, width: int = 1600) -> QImage:
        """The chart as an image (done on the GUI thread; save it elsewhere)."""
        exporter = pg.exporters.ImageExporter(self.plot.getPlotItem())
        exporter.parameters()["width"] = width
        image = exporter.export(toBytes=True)
        assert isinstance(image, QImage)
        return image
