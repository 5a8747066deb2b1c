"""The pyqtgraph chart of a report pane: date-axis lines or horizontal bars, with a read-out.

The chart is for reading: no developer menu, the wheel scrolls the pane rather than
zooming into emptiness; Ctrl+wheel or a dragged rectangle zooms, "Reset zoom" undoes it.
Colours follow the widget's palette (a dark system theme gives a dark chart).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from analytix_desktop.gui.formatting import (
    axis_kind,
    display_changes,
)
from analytix_desktop.gui.report_view.chart_data import ChartData, Series
from analytix_desktop.gui.report_view.chart_items import (
    area_item,
    bar_item,
    bar_span,
    grouped_bars,
    ranking_bars,
    total_item,
    uploads_item,
)
from analytix_desktop.gui.report_view.chart_readout import Formatter, value_text, x_text
from analytix_desktop.gui.report_view.columns import metric_header
from analytix_desktop.gui.report_view.style import (
    LEGEND_OFFSETS,
    NumberAxis,
    ReadingView,
    chart_axes,
    chart_colours,
    series_span,
    style_axis,
    view_span,
)

__all__ = ["ReportChart"]

# Above this many points a line is drawn one pixel wide: Qt strokes wider lines
# segment by segment, which made six lines of 4,500 days take 40 ms a paint (the GUI
# thread's longest stall with a big report), against 8 ms at one pixel. Such long
# lines cover every pixel of the plot anyway.
THIN_LINE_POINTS = 1_000
# A line of this many points or fewer also gets dots: a one-day line would be invisible.
DOT_POINTS = 3


def _pen_style(series: Series) -> Qt.PenStyle:
    """Another period's line is dashed; a line on the right axis dotted when it is one."""
    if series.compared:
        return Qt.PenStyle.DotLine if series.right else Qt.PenStyle.DashLine
    return Qt.PenStyle.DashLine if series.right else Qt.PenStyle.SolidLine


class ReportChart(QWidget):
    """Draws a ChartData; ``items`` are the plotted curves/bars (in legend order)."""

    bar_activated = Signal(int)
    """A bar was double-clicked: a row of the table it was drawn from (not "All others")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = ChartData("none")
        self.items: list[pg.PlotDataItem | pg.BarGraphItem] = []
        self.uploads: pg.ScatterPlotItem | None = None  # the upload markers, when shown
        self._formatters: dict[str, Formatter] = {}
        self._right: ReadingView | None = None
        self._drawings = 0  # drawings started: a step of an older one finds it changed
        self.colours = chart_colours(self.palette())
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Chart note")
        self.reset_zoom = QPushButton("Reset zoom")
        self.reset_zoom.setAccessibleName("Reset the chart's zoom")
        self.reset_zoom.setToolTip("Show the whole chart again (Ctrl+wheel or a drag zooms in)")
        self.reset_zoom.clicked.connect(self.show_all)
        self.reset_zoom.hide()
        top = QHBoxLayout()
        top.addWidget(self.note, 1)
        top.addWidget(self.reset_zoom)
        self.readout = QLabel(" ")
        self.readout.setAccessibleName("Chart read-out")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.plot = self._new_plot(self.data)
        # The plot or, in its place, the placeholder: the chart keeps its size either way.
        self._area = QStackedWidget()
        self._area.addWidget(self.plot)
        self._area.addWidget(self.placeholder)
        self._layout.addLayout(top)
        self._layout.addWidget(self._area, 1)
        self._layout.addWidget(self.readout)
        self.note.hide()
        display_changes.changed.connect(self._redraw)

    def _new_plot(self, data: ChartData) -> pg.PlotWidget:
        """A plot with the axes of a chart of ``data`` (number axes format like the table)."""
        return self._plot_widget(self._plot_item(chart_axes(data.kind, data.x_kind)))

    def _plot_item(self, axes: dict[str, pg.AxisItem]) -> pg.PlotItem:
        """The plot item of :meth:`_new_plot` (the larger part of making a plot)."""
        item = pg.PlotItem(viewBox=ReadingView(), axisItems=axes)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.hideAxis("right")  # shown when a series goes on it
        item.vb.sigRangeChangedManually.connect(self.reset_zoom.show)
        return item

    def _plot_widget(self, item: pg.PlotItem) -> pg.PlotWidget:
        """The widget that shows plot ``item``."""
        plot = pg.PlotWidget(plotItem=item)
        plot.setAccessibleName("Report chart")
        plot.scene().sigMouseMoved.connect(self._hover)
        # A double-click as the table's: Qt's own event (pyqtgraph's click events may
        # report the second click of a pair as a single one).
        plot.viewport().installEventFilter(self)
        self._paint_plot(plot)
        return plot

    def _paint_plot(self, plot: pg.PlotWidget) -> None:
        plot.setBackground(self.colours.background)
        for axis in plot.getPlotItem().axes.values():
            style_axis(axis["item"], self.colours)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.colours = chart_colours(self.palette())
            self._paint_plot(self.plot)
            self._redraw()  # series colours for the new background

    def _redraw(self) -> None:
        """Draw the chart again: units or colours changed."""
        if self.data.kind != "none":
            self.show_chart(self.data, self._formatters)

    def _replace_plot(self, item: pg.PlotItem) -> None:
        """A new plot widget for ``item``; it takes the old one's place in :meth:`_reveal`."""
        self.plot = self._plot_widget(item)
        self._area.addWidget(self.plot)
        self._right = None

    def _reveal(self) -> None:
        """Show the new plot at its final range (its axes then paint once) and drop the old."""
        self.show_all()
        self._area.setCurrentWidget(self.plot)
        old = [self._area.widget(i) for i in range(self._area.count())]
        for widget in old:
            if widget is not None and widget not in (self.plot, self.placeholder):
                self._area.removeWidget(widget)
                widget.deleteLater()

    def _show_placeholder(self, text: str) -> None:
        self.placeholder.setText(text)
        self._area.setCurrentWidget(self.placeholder)

    def hold(self, text: str = "Drawing the chart…") -> None:
        """Show ``text`` instead of the chart until the next one is drawn.

        A new table then paints on its own, not beside the plot it replaces.
        """
        self._drawings += 1  # a drawing under way stops
        self.note.hide()
        self.reset_zoom.hide()
        self.readout.setText(" ")
        self._show_placeholder(text)

    def show_chart(self, data: ChartData, formatters: dict[str, Formatter]) -> None:
        """Draw ``data``; ``formatters`` (metric name -> function) label the read-out."""
        for _ in self.drawing(data, formatters):
            pass

    def drawing(self, data: ChartData, formatters: dict[str, Formatter]) -> Iterator[None]:
        """Draw ``data`` step by step (:meth:`show_chart` in one go): each ``next`` does one.

        The GUI thread can paint between two steps, and none takes long: the new plot's
        axes, its plot item, its widget set up (labels, legend, ranges) but hidden, then
        the plot shown in place of the old one (its axes paint once, at their final
        range), then the lines one a step. A later drawing (or :meth:`hold`) ends this one.
        """
        self._drawings += 1
        drawing = self._drawings
        for _ in self._draw(data, formatters):
            yield
            if drawing != self._drawings:
                return

    def _draw(self, data: ChartData, formatters: dict[str, Formatter]) -> Iterator[None]:
        self.data = data
        self._formatters = formatters
        self.items = []
        self.uploads = None
        self.readout.setText(" ")
        self.note.setText(data.note)
        self.note.setVisible(bool(data.note))
        self.reset_zoom.hide()
        if data.kind == "none":
            self._show_placeholder(data.reason or "Nothing to chart.")
            return
        axes = chart_axes(data.kind, data.x_kind)
        yield
        item = self._plot_item(axes)
        yield
        self._replace_plot(item)
        if data.kind == "bars":
            self._draw_bars(data, item)
            yield
            self._reveal()
            return
        legend = self._set_up_lines(data, item)
        yield
        self._reveal()
        for number, series in enumerate(data.series):
            yield
            self.items.append(self._curve(series, number, legend))
        if data.total is not None:
            self.items.append(total_item(data.total, self.colours.text))
            item.addItem(self.items[-1])
            legend.addItem(self.items[-1], "Total")
        if data.uploads:
            left = series_span(self._left_series())
            low, high = left if left is not None else (0.0, 1.0)
            self.uploads = uploads_item(data.uploads, low + (high - low) * 0.02, self.colours)
            item.addItem(self.uploads)
            legend.addItem(self.uploads, "Uploads (hover for titles)")
        self._sync_right()

    def _left_series(self) -> list[Series]:
        """What the left axis must show: the total of a stacked chart, else its series."""
        data = self.data
        return [data.total] if data.total else [s for s in data.series if not s.right]

    def title(self, metric: str) -> str:
        """The heading of ``metric`` with the unit the chart shows it in."""
        data = self.data
        title = data.titles.get(metric, metric)
        return metric_header(metric, title, data.units.get(metric, ""), data.currency)

    def _series_name(self, series: Series) -> str:
        # Lines of one metric each are named by it; split lines by their values.
        return series.name if self.data.metric else self.title(series.metric)

    def _axis_kind(self, series: list[Series]) -> str:
        """How an axis of ``series`` reads: their unit's format when they share one."""
        kinds = {axis_kind(self.data.units.get(s.metric, ""), s.metric) for s in series}
        return kinds.pop() if len(kinds) == 1 else "number"

    def _set_up_lines(self, data: ChartData, item: pg.PlotItem) -> pg.LegendItem:
        """Labels, axes and the legend of a line chart; its lines come next."""
        colours = self.colours
        legend = item.addLegend(
            offset=LEGEND_OFFSETS.get(data.legend_corner, (10, 10)),
            brush=pg.mkBrush(colours.legend_background),
            pen=pg.mkPen(colours.legend_border),
            labelTextColor=colours.text,
        )
        item.setLabel("bottom", data.x_title)
        right_series = [s for s in data.series if s.right]
        left_series = [s for s in data.series if not s.right]
        if data.metric:
            item.setLabel("left", self.title(data.metric))
        elif len({s.metric for s in left_series}) == 1:
            item.setLabel("left", self.title(left_series[0].metric))
        for side, on_side in (("left", left_series), ("right", right_series)):
            axis = item.getAxis(side)
            if isinstance(axis, NumberAxis) and on_side:
                axis.set_kind(self._axis_kind(on_side))
                span = series_span(on_side)
                if span is not None:
                    axis.reserve(*span)
        if right_series:
            self._right = ReadingView()
            item.showAxis("right")
            item.scene().addItem(self._right)
            item.getAxis("right").linkToView(self._right)
            self._right.setXLink(item)
            # The main view takes the mouse: the right one only draws.
            self._right.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self._right.sigRangeChangedManually.connect(self.reset_zoom.show)
            item.vb.sigResized.connect(self._sync_right)
            item.getAxis("right").setLabel(" / ".join(self._series_name(s) for s in right_series))
        return legend

    def _curve(
        self, series: Series, number: int, legend: pg.LegendItem
    ) -> pg.PlotDataItem | pg.BarGraphItem:
        data, colours = self.data, self.colours
        others = data.others and number == len(data.series) - 1
        # A comparison's line takes the colour of the line it follows.
        shade = sum(not s.compared for s in data.series[: number + 1]) - 1
        colour = colours.others if others else colours.colour(shade)
        if data.style != "line":
            name = self._series_name(series)
            drawn = (
                area_item(series, number, colour, name)
                if data.style == "stacked area"
                else bar_item(data, series, number, colour)
            )
            view = self._right if series.right and self._right is not None else None
            (view or self.plot.getPlotItem()).addItem(drawn)
            legend.addItem(drawn, f"{name} (right)" if view else name)
            return drawn
        pen = pg.mkPen(
            colour,
            width=1 if len(series.x) > THIN_LINE_POINTS else 2,
            style=_pen_style(series),
        )
        finite = bool(np.isfinite(series.y).all())
        dots = int(np.count_nonzero(np.isfinite(series.y))) <= DOT_POINTS
        name = self._series_name(series)
        # Long series are downsampled to the pixels they cover.
        curve = pg.PlotDataItem(
            series.x,
            series.y,
            pen=pen,
            name=name,
            connect="all" if finite else "finite",
            antialias=False,
            skipFiniteCheck=finite,
            autoDownsample=True,
            downsampleMethod="peak",
            symbol="o" if dots else None,
            symbolSize=7,
            symbolBrush=pg.mkBrush(colour),
            symbolPen=pg.mkPen(None),
        )
        if series.right and self._right is not None:
            self._right.addItem(curve)
            legend.addItem(curve, f"{name} (right)")
        else:
            self.plot.getPlotItem().addItem(curve)
        return curve

    def _sync_right(self) -> None:
        if self._right is None:
            return
        main = self.plot.getPlotItem().vb
        self._right.setGeometry(main.sceneBoundingRect())
        self._right.linkedViewChanged(main, self._right.XAxis)

    def _draw_bars(self, data: ChartData, item: pg.PlotItem) -> None:
        if not data.series:
            self.items.append(ranking_bars(data, self.colours))
            item.addItem(self.items[0])
        else:  # channels or videos compared: a legend tells their bars apart
            legend = item.addLegend(
                brush=pg.mkBrush(self.colours.legend_background),
                pen=pg.mkPen(self.colours.legend_border),
                labelTextColor=self.colours.text,
            )
            for bars in grouped_bars(data, self.colours):
                item.addItem(bars)
                legend.addItem(bars, bars.name())
                self.items.append(bars)
        item.invertY(True)
        item.getAxis("left").setTicks([[(i, name) for i, name in enumerate(data.categories)]])
        bottom = item.getAxis("bottom")
        if isinstance(bottom, NumberAxis):
            bottom.set_kind(axis_kind(data.units.get(data.metric, ""), data.metric))
        item.setLabel("bottom", self.title(data.metric))
        item.setLabel("left", data.x_title)

    def show_all(self) -> None:
        """The whole chart: bars and counts from zero, every point in view (no zoom)."""
        self.reset_zoom.hide()
        data = self.data
        view = self.plot.getPlotItem().vb
        if data.kind == "bars":
            values = np.nan_to_num(np.concatenate([data.bars, *(s.y for s in data.series)]))
            high = float(values.max()) if len(values) else 1.0
            low = float(values.min()) if len(values) else 0.0
            view.setRange(
                xRange=view_span(low, high, True),
                yRange=(-0.5, len(data.categories) - 0.5),
                padding=0,
            )
            return
        if data.kind == "none" or not data.series or not len(data.series[0].x):
            return
        x = data.series[0].x
        one = 43_200.0 if data.kind == "time" else 0.01 * (x[-1] or 1.0)  # half a day
        x_range = (float(x[0]), float(x[-1])) if x[-1] > x[0] else (x[0] - one, x[0] + one)
        if data.style.endswith("bar"):
            x_range = (float(x[0]) - bar_span(data), float(x[-1]) + bar_span(data))
        left = series_span(self._left_series())
        view.setRange(xRange=x_range, yRange=left, padding=0)
        right = series_span([s for s in data.series if s.right])
        if self._right is not None and right is not None:
            self._right.setRange(yRange=right, padding=0)

    def _format(self, metric: str, value: float) -> str:
        return value_text(self._formatters, metric, value)

    def _hover(self, position: QPointF) -> None:
        data = self.data
        view = self.plot.getPlotItem().vb
        if data.kind == "none" or not view.sceneBoundingRect().contains(position):
            return
        point = view.mapSceneToView(position)
        if data.kind == "bars":
            row = round(point.y())
            if 0 <= row < len(data.categories):
                values = [(s.name, s.metric, s.y) for s in data.series]
                values = values or [("", data.metric, data.bars)]
                self.readout.setText(
                    f"{data.categories[row]}: "
                    + "   ".join(
                        f"{name}{': ' if name else ''}{self._format(metric, float(y[row]))}"
                        for name, metric, y in values
                    )
                )
            return
        if not data.series:
            return
        x = data.series[0].x
        index = int(np.clip(np.searchsorted(x, point.x()), 0, len(x) - 1))
        if index > 0 and abs(x[index - 1] - point.x()) < abs(x[index] - point.x()):
            index -= 1
        self.readout.setText(
            f"{x_text(data, float(x[index]))}   "
            + "   ".join(
                f"{self._series_name(s)}: {self._format(s.metric, float(s.y[index]))}"
                for s in [*data.series, *([data.total] if data.total else [])]
            )
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A double-clicked bar: its row of the table, for the pane to drill into."""
        if (
            event.type() == QEvent.Type.MouseButtonDblClick
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and watched is self.plot.viewport()
            and self.data.kind == "bars"
        ):
            self._activate(self.plot.mapToScene(event.position().toPoint()))
        return super().eventFilter(watched, event)

    def _activate(self, position: QPointF) -> None:
        view = self.plot.getPlotItem().vb
        if not view.sceneBoundingRect().contains(position):
            return
        row = round(view.mapSceneToView(position).y())
        if 0 <= row < len(self.data.rows) and self.data.rows[row] >= 0:
            self.bar_activated.emit(self.data.rows[row])

    def export_image(self, width: int = 1600) -> QImage:
        """The chart as an image (done on the GUI thread; save it elsewhere)."""
        exporter = pg.exporters.ImageExporter(self.plot.getPlotItem())
        exporter.parameters()["width"] = width
        image = exporter.export(toBytes=True)
        assert isinstance(image, QImage)
        return image
