"""Plot items of report charts: a ranking's horizontal bars; a time chart's bars side by
side or stacked, stacked areas, the total line of a stacked chart, and the upload markers
with their titles on hover."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from analytix_desktop.gui.report_view.chart_data import ChartData, Series
from analytix_desktop.gui.report_view.style import ChartColours

__all__ = [
    "area_item",
    "bar_item",
    "bar_span",
    "grouped_bars",
    "ranking_bars",
    "total_item",
    "uploads_item",
]

DAY = 86_400.0
_PERIOD_DAYS = {"day": 1.0, "week": 7.0, "month": 28.0}  # a month's bars fit its shortest
RANKING_BAR = 0.7  # of a category's height its bars cover
BAR_SHARE = 0.8  # of a period its bars cover: a gap shows where periods meet
UPLOAD_SIZE = 9


def _period(data: ChartData) -> float:
    days = 28.0 if data.x_dimension == "month" else _PERIOD_DAYS.get(data.granularity, 1.0)
    return days * DAY


def bar_span(data: ChartData) -> float:
    """How far bars reach left and right of a period's position (its half width)."""
    return _period(data) * BAR_SHARE / 2


def ranking_bars(data: ChartData, colours: ChartColours) -> pg.BarGraphItem:
    """The horizontal bars of a ranking, top down; "All others" in grey."""
    count = len(data.categories)
    brushes = [pg.mkBrush(colours.colour(0))] * count
    if data.others and count:
        brushes[-1] = pg.mkBrush(colours.others)
    return pg.BarGraphItem(
        x0=0,
        y=np.arange(count, dtype=np.float64),
        height=RANKING_BAR,
        width=np.nan_to_num(data.bars),
        brushes=brushes,
        pen=pg.mkPen(None),
    )


def grouped_bars(data: ChartData, colours: ChartColours) -> list[pg.BarGraphItem]:
    """A ranking's bars of each channel or video compared, side by side in each category
    (top to bottom in the legend's order)."""
    count = len(data.series)
    height = RANKING_BAR / count
    return [
        pg.BarGraphItem(
            x0=0,
            y=series.x + (number - (count - 1) / 2) * height,
            height=height,
            width=np.nan_to_num(series.y),
            brush=colours.colour(number),
            pen=pg.mkPen(None),
            name=series.name,
        )
        for number, series in enumerate(data.series)
    ]


def bar_item(data: ChartData, series: Series, number: int, colour: str) -> pg.BarGraphItem:
    """Series ``number``'s bars: on the ones below when stacked, else side by side."""
    period = _period(data) * BAR_SHARE
    y = np.nan_to_num(series.y)
    if series.base is not None:
        return pg.BarGraphItem(
            x=series.x, y0=series.base, height=y, width=period, brush=colour, pen=pg.mkPen(None)
        )
    count = len(data.series)
    width = period / count
    x = series.x + (number - (count - 1) / 2) * width
    return pg.BarGraphItem(x=x, y0=0, height=y, width=width, brush=colour, pen=pg.mkPen(None))


def area_item(series: Series, number: int, colour: str, name: str) -> pg.PlotDataItem:
    """Series ``number``'s stacked area: filled from zero to its top, drawn behind the
    series below it (they cover their part of the fill)."""
    base = series.base if series.base is not None else np.zeros(len(series.x))
    item = pg.PlotDataItem(
        series.x,
        base + np.nan_to_num(series.y),
        pen=pg.mkPen(colour, width=1),
        brush=pg.mkBrush(colour),
        fillLevel=0.0,
        name=name,
        antialias=False,
    )
    item.setZValue(-number)
    return item


def total_item(total: Series, colour: QColor) -> pg.PlotDataItem:
    """The total line over a stacked chart."""
    item = pg.PlotDataItem(
        total.x, total.y, pen=pg.mkPen(colour, width=2, style=Qt.PenStyle.DotLine)
    )
    item.setZValue(1)
    return item


def uploads_item(
    uploads: list[tuple[float, str]], y: float, colours: ChartColours
) -> pg.ScatterPlotItem:
    """A dot per upload day at height ``y``; hovering one shows its videos' titles."""
    item = pg.ScatterPlotItem(
        x=[x for x, _ in uploads],
        y=[y] * len(uploads),
        data=[titles for _, titles in uploads],
        size=UPLOAD_SIZE,
        symbol="t1",  # a triangle pointing up at the day
        brush=pg.mkBrush(colours.text),
        pen=pg.mkPen(None),
        hoverable=True,
        hoverSize=UPLOAD_SIZE + 4,
        tip=lambda x, y, data: f"Uploaded: {data}",
    )
    item.setZValue(2)
    return item
