"""The chart and the table agree: the sorted metric, Studio's units, zero baselines,
notes on what is left out, a chart for reading (no menu, no wheel zoom), dark palettes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, cast

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPalette, QWheelEvent
from PySide6.QtWidgets import QApplication

from analytix_desktop.api import catalogue
from analytix_desktop.api.report import Report
from analytix_desktop.gui.formatting import set_watch_time_unit
from analytix_desktop.gui.report_view import ReportDock, build_chart, build_table
from analytix_desktop.gui.report_view.chart_data import TOP_BARS
from analytix_desktop.gui.report_view.style import DARK_PALETTE

from .test_report_view import contrast

START, END = dt.date(2024, 3, 1), dt.date(2024, 3, 28)


def make_report(
    dimensions: tuple[str, ...], metrics: tuple[str, ...], rows: list[list[object]], **fields: Any
) -> tuple[Report, catalogue.Query]:
    """A report as Google would send it for a query of ``dimensions`` and ``metrics``."""
    query = catalogue.Query(
        dimensions=dimensions, metrics=metrics, start_date=START, end_date=END, **fields
    )
    headers = [{"name": d, "columnType": "DIMENSION", "dataType": "STRING"} for d in dimensions]
    headers += [
        {"name": m, "columnType": "METRIC", "dataType": catalogue.METRICS[m].data_type}
        for m in metrics
    ]
    data = {"kind": "youtubeAnalytics#resultTable", "columnHeaders": headers, "rows": rows}
    return Report(data, catalogue.detect(query)), query


@pytest.fixture
def dock(qtbot: Any) -> ReportDock:
    pane = ReportDock("Report 1", "Alex Rivera")
    qtbot.addWidget(pane)
    pane.resize(900, 700)
    pane.show()
    return pane


@pytest.fixture
def minutes() -> Iterator[None]:
    yield
    set_watch_time_unit("hours")


def show(qtbot: Any, dock: ReportDock, report: Report, query: catalogue.Query) -> None:
    with qtbot.waitSignal(dock.shown, timeout=20000):
        dock.show_report(report, None, query=query)
    qtbot.wait(20)  # laid out


def header_texts(dock: ReportDock) -> list[str]:
    model = dock.model
    return [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]


def numbers(report: Report, name: str) -> list[float]:
    return [float(cast(float, value)) for value in report.column(name)]


def top_videos() -> tuple[Report, catalogue.Query]:
    # Views and watch time rank the videos differently.
    rows: list[list[object]] = [
        [f"vid{n:08d}xx", 1000 - n * 10, 600 * (n + 1)] for n in range(TOP_BARS + 3)
    ]
    return make_report(
        ("video",),
        ("views", "estimatedMinutesWatched"),
        rows,
        sort_options=("-estimatedMinutesWatched",),
        max_results=25,
    )


def test_bars_show_the_sorted_metric_in_hours(qtbot: Any, dock: ReportDock, minutes: None) -> None:
    report, query = top_videos()
    show(qtbot, dock, report, query)
    chart = dock.chart.data
    assert chart.kind == "bars"
    assert chart.metric == "estimatedMinutesWatched"
    watched = sorted(numbers(report, "estimatedMinutesWatched"), reverse=True)
    assert list(chart.bars[:TOP_BARS]) == watched[:TOP_BARS]
    combo = dock.chart_metric
    assert combo.currentData() == "estimatedMinutesWatched"
    assert combo.currentText() == "Watch time"
    plot = dock.chart.plot.getPlotItem()
    assert plot.getAxis("bottom").labelText == "Watch time (hours)"
    # Header and cells agree: hours with one decimal.
    assert header_texts(dock) == ["Video", "Views", "Watch time (hours)"]
    model = dock.model
    first = model.data(model.index(0, 2), Qt.ItemDataRole.DisplayRole)
    assert first == f"{numbers(report, 'estimatedMinutesWatched')[0] / 60:,.1f}"
    total = model.data(model.index(model.rowCount() - 1, 2))
    assert total == f"{sum(numbers(report, 'estimatedMinutesWatched')) / 60:,.1f}"
    assert plot.getAxis("bottom").tickStrings([0.0, 6000.0], 1.0, 3000.0) == ["0", "100"]
    # Minutes on request: the open table and chart follow.
    set_watch_time_unit("minutes")
    assert header_texts(dock)[2] == "Watch time (minutes)"
    assert model.data(model.index(0, 2)) == f"{numbers(report, 'estimatedMinutesWatched')[0]:,.0f}"
    plot = dock.chart.plot.getPlotItem()
    assert plot.getAxis("bottom").labelText == "Watch time (minutes)"
    # Choosing another metric draws its bars.
    combo.setCurrentIndex(combo.findData("views"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: dock.chart.data.metric == "views", timeout=5000)
    assert dock.chart.data.bars[0] == max(numbers(report, "views"))


def test_bars_start_at_zero_on_an_unscaled_category_axis(qtbot: Any, dock: ReportDock) -> None:
    report, query = top_videos()
    show(qtbot, dock, report, query)
    plot = dock.chart.plot.getPlotItem()
    low, high = plot.vb.viewRange()[0]
    assert low == 0
    assert high >= max(numbers(report, "estimatedMinutesWatched"))
    assert not plot.getAxis("left").autoSIPrefix
    assert not plot.vb.menuEnabled()
    assert not plot.menuEnabled()
    assert plot.buttonsHidden


def test_averages_say_which_bars_are_left_out(qtbot: Any, dock: ReportDock) -> None:
    codes = list(catalogue.COUNTRIES)[:40]
    rows: list[list[object]] = [[code, 60 + n] for n, code in enumerate(codes)]
    report, query = make_report(("country",), ("averageViewDuration",), rows)
    show(qtbot, dock, report, query)
    chart = dock.chart
    assert len(chart.data.categories) == TOP_BARS
    assert chart.note.isVisible()
    assert f"Top {TOP_BARS} of 40" in chart.note.text()
    assert header_texts(dock) == ["Country", "Average view duration"]
    assert dock.model.data(dock.model.index(0, 1)) == "1:39"  # m:ss, like the header says


def test_revenue_carries_its_currency(qtbot: Any, dock: ReportDock) -> None:
    rows: list[list[object]] = [
        [f"2024-03-{day:02d}", 10_000 * day, 1234.5 + day] for day in range(1, 29)
    ]
    report, query = make_report(("day",), ("views", "estimatedRevenue"), rows, currency="EUR")
    show(qtbot, dock, report, query)
    assert header_texts(dock) == ["Day", "Views", "Estimated revenue (EUR)"]
    model = dock.model
    assert model.data(model.index(0, 2)) == "€1,235.50"
    total = model.data(model.index(model.rowCount() - 1, 2))
    assert total == f"€{sum(1234.5 + d for d in range(1, 29)):,.2f}"
    plot = dock.chart.plot.getPlotItem()
    assert "Estimated revenue (EUR)" in plot.getAxis("right").labelText
    # Money is a hundred times less than views: on the right axis, and in the legend.
    assert "Estimated revenue (EUR) (right)" in [label.text for _, label in plot.legend.items]
    # Counts and money start at zero, on both axes.
    assert plot.vb.viewRange()[1][0] == 0
    assert dock.chart._right is not None
    assert dock.chart._right.viewRange()[1][0] == 0


def test_retention_reads_on_the_videos_time() -> None:
    ratios = [n / 100 for n in range(0, 101)]
    rows: list[list[object]] = [[r, 1.2 - r, 0.5] for r in ratios]
    report, _ = make_report(
        ("elapsedVideoTimeRatio",),
        ("audienceWatchRatio", "relativeRetentionPerformance"),
        rows,
        filters={"video": "vid00000001xx"},
    )
    table = build_table(report, None, video_seconds=200.0)
    position = table.column("elapsedVideoTimeRatio")
    assert position.text(50) == "1:40"
    assert table.column("audienceWatchRatio").text(0) == "120.0%"
    chart = build_chart(table)
    assert chart.x_kind == "duration"
    assert chart.series[0].x[-1] == 200.0
    unknown = build_chart(build_table(report, None))
    assert unknown.x_kind == "fraction"
    assert build_table(report, None).column("elapsedVideoTimeRatio").text(50) == "50%"


def test_a_live_stream_reads_minute_by_minute(qtbot: Any, dock: ReportDock) -> None:
    minutes = [3, 0, 2, 1, 95]  # as Google may send them: not in stream order
    rows: list[list[object]] = [[m, 100 + m, 120 + m] for m in minutes]
    report, query = make_report(
        ("livestreamPosition",),
        ("averageConcurrentViewers", "peakConcurrentViewers"),
        rows,
        filters={"video": "vid00000001"},
    )
    table = build_table(report, None)
    position = table.column("livestreamPosition")
    assert [position.text(row) for row in range(len(minutes))] == [
        "3:00", "0:00", "2:00", "1:00", "1:35:00"
    ]  # fmt: skip
    chart = build_chart(table)
    assert chart.kind == "line"  # a curve over the stream, not bars ranked by viewers
    assert chart.x_kind == "duration"
    assert chart.series[0].x.tolist() == [0.0, 60.0, 120.0, 180.0, 5700.0]
    assert chart.series[0].y.tolist() == [100.0, 101.0, 102.0, 103.0, 195.0]
    show(qtbot, dock, report, query)
    assert dock.chart.data.kind == "line"
    model = dock.model  # the table keeps Google's order, as for dates
    assert [model.data(model.index(row, 0)) for row in range(2)] == ["3:00", "0:00"]


def test_a_single_day_is_drawn_as_dots(qtbot: Any, dock: ReportDock) -> None:
    report, query = make_report(("day",), ("views",), [["2024-03-05", 42]])
    show(qtbot, dock, report, query)
    assert dock.chart.data.kind == "time"
    (curve,) = dock.chart.items
    assert curve.opts["symbol"] == "o"
    (x_low, x_high), (y_low, y_high) = dock.chart.plot.getPlotItem().vb.viewRange()
    assert x_low < curve.getData()[0][0] < x_high
    assert y_low == 0 < 42 < y_high


def test_the_wheel_scrolls_and_ctrl_wheel_zooms(qtbot: Any, dock: ReportDock) -> None:
    rows: list[list[object]] = [[f"2024-03-{day:02d}", 100 + day] for day in range(1, 29)]
    report, query = make_report(("day",), ("views",), rows)
    show(qtbot, dock, report, query)
    chart = dock.chart
    view = chart.plot.getPlotItem().vb
    home = view.viewRange()
    assert home[1][0] == 0  # additive counts: from zero
    assert not chart.reset_zoom.isVisible()

    def wheel(modifiers: Qt.KeyboardModifier) -> None:
        viewport = chart.plot.viewport()
        centre = view.mapViewToScene(QPointF(sum(home[0]) / 2, sum(home[1]) / 2))
        local = QPointF(chart.plot.mapFromScene(centre))
        event = QWheelEvent(
            local,
            QPointF(viewport.mapToGlobal(local.toPoint())),
            QPoint(0, 0),
            QPoint(0, 120),
            Qt.MouseButton.NoButton,
            modifiers,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(viewport, event)

    wheel(Qt.KeyboardModifier.NoModifier)
    assert view.viewRange() == home
    wheel(Qt.KeyboardModifier.ControlModifier)
    zoomed = view.viewRange()
    assert zoomed[0][1] - zoomed[0][0] < home[0][1] - home[0][0]
    assert chart.reset_zoom.isVisible()
    qtbot.mouseClick(chart.reset_zoom, Qt.MouseButton.LeftButton)
    assert view.viewRange() == home
    assert not chart.reset_zoom.isVisible()


def test_one_tick_format_per_axis(qtbot: Any, dock: ReportDock) -> None:
    rows: list[list[object]] = [
        [f"2024-03-{day:02d}", 900_000 + 5_000 * day] for day in range(1, 29)
    ]
    report, query = make_report(("day",), ("views",), rows)
    show(qtbot, dock, report, query)
    axis = dock.chart.plot.getPlotItem().getAxis("left")
    # pyqtgraph labels its major and minor ticks in separate calls: both say "M".
    assert axis.tickStrings([1_000_000.0], 1.0, 500_000.0) == ["1M"]
    assert axis.tickStrings([900_000.0], 1.0, 100_000.0) == ["0.9M"]


def test_the_chart_follows_a_dark_palette(qtbot: Any, dock: ReportDock) -> None:
    rows: list[list[object]] = [[f"2024-03-{day:02d}", day, 2 * day] for day in range(1, 29)]
    report, query = make_report(("day",), ("views", "likes"), rows)
    show(qtbot, dock, report, query)
    dark = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202020"),
        (QPalette.ColorRole.Base, "#1b1b1b"),
        (QPalette.ColorRole.Text, "#eeeeee"),
        (QPalette.ColorRole.WindowText, "#eeeeee"),
        (QPalette.ColorRole.Mid, "#555555"),
    ):
        dark.setColor(role, QColor(colour))
    dock.chart.setPalette(dark)
    QApplication.sendPostedEvents()
    plot = dock.chart.plot
    assert plot.backgroundBrush().color().name() == "#1b1b1b"
    text = plot.getPlotItem().getAxis("bottom").textPen().color().name()
    assert contrast(text, "#1b1b1b") >= 7.0
    colours = [item.opts["pen"].color().name().upper() for item in dock.chart.items]
    assert colours == list(DARK_PALETTE[:2])
    for colour in DARK_PALETTE:
        assert contrast(colour, "#2b2b2b") >= 3.0, colour
    assert np.isfinite(plot.getPlotItem().vb.viewRange()[1]).all()


def test_one_unit_per_axis_and_a_far_smaller_series_on_the_right() -> None:
    """Counts never share an axis with hours or m:ss; within one unit, magnitude decides."""
    report, _query = make_report(
        ("day",),
        ("views", "estimatedMinutesWatched", "averageViewDuration", "likes"),
        [["2024-03-01", 1000, 6000, 95, 3], ["2024-03-02", 2000, 9000, 80, 5]],
    )
    chart = build_chart(build_table(report, None))
    assert [(s.metric, s.right) for s in chart.series] == [
        ("views", False),
        ("estimatedMinutesWatched", True),
        ("likes", False),
    ]
    assert chart.note.startswith("Average view duration is not drawn")
    counts = build_chart(build_table(report, None), ["views", "likes"])
    assert [(s.metric, s.right) for s in counts.series] == [("views", False), ("likes", True)]
    assert counts.note == ""
