"""Chart control of a report pane, driven with keys and clicks: metrics, kind, weeks and
months, the y axis and upload markers; numbers worked out here from the sandbox's rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox

from analytix_desktop.api import catalogue
from analytix_desktop.api.report import Report
from analytix_desktop.core.context import ChannelContext, NamedItem
from analytix_desktop.gui.report_view import ReportDock
from analytix_desktop.gui.report_view.columns import dimension_label
from analytix_desktop.sandbox import Sandbox
from tests.sandbox_answers import rows_as_dicts, sandbox_report

READ = frozenset({"https://www.googleapis.com/auth/yt-analytics.readonly"})
FIRST = dt.date(2025, 9, 10)  # a Wednesday: the first week and month are partial
LAST = dt.date(2025, 11, 20)  # a Thursday
Fetch = Callable[..., tuple[Report, list[dict[str, Any]]]]


@pytest.fixture
def fetch(sandbox: Sandbox) -> Fetch:
    """A daily report from the sandbox: as the pane gets it, and its raw rows as dicts."""

    def fetch(dimensions: tuple[str, ...], metrics: tuple[str, ...]) -> tuple[Report, list[Any]]:
        query = catalogue.Query(
            dimensions=dimensions, metrics=metrics, start_date=FIRST, end_date=LAST
        )
        answer = sandbox_report(
            sandbox,
            sandbox.users[0].channel_ids[0],
            scopes=READ,
            dimensions=",".join(dimensions),
            metrics=",".join(metrics),
            startDate=FIRST.isoformat(),
            endDate=LAST.isoformat(),
        )
        return Report(answer, catalogue.detect(query)), rows_as_dicts(answer)

    return fetch


@pytest.fixture
def dock(qtbot: Any) -> ReportDock:
    pane = ReportDock("Report 1", "Alex Rivera")
    qtbot.addWidget(pane)
    pane.resize(1100, 800)
    pane.show()
    return pane


def show(qtbot: Any, dock: ReportDock, report: Report, context: ChannelContext | None) -> None:
    with qtbot.waitSignal(dock.shown, timeout=20000):
        dock.show_report(report, context)


def choose(qtbot: Any, dock: ReportDock, combo: QComboBox, text: str) -> None:
    """Open ``combo``, go to ``text`` with the arrow keys and press Return, as a person
    does; then wait for the chart drawn anew."""
    target = combo.findText(text)
    assert target >= 0, text
    drawn = dock.chart.items
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while view.currentIndex().row() != target:
        QTest.keyClick(view, key)
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert combo.currentIndex() == target
    redrawn(qtbot, dock, drawn)


def redrawn(qtbot: Any, dock: ReportDock, drawn: list[Any]) -> None:
    """Wait until the chart is drawn anew (``drawn``: the old one's items), every item of it."""

    def done() -> bool:
        data = dock.chart.data
        whole = len(data.series) + (data.total is not None)
        return dock.chart.items is not drawn and len(dock.chart.items) == whole

    qtbot.waitUntil(done)


def iso_week(day: str) -> Hashable:
    return dt.date.fromisoformat(day).isocalendar()[:2]


def month(day: str) -> Hashable:
    return day[:7]


def by_period(
    rows: list[dict[str, Any]], key: Callable[[str], Hashable]
) -> dict[Hashable, list[Any]]:
    grouped: dict[Hashable, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[key(row["day"])].append(row)
    return dict(sorted(grouped.items()))


def test_weekly_stacked_bars_of_a_breakdown_with_a_total(
    qtbot: Any, dock: ReportDock, fetch: Fetch
) -> None:
    report, rows = fetch(("day", "deviceType"), ("views",))
    show(qtbot, dock, report, None)
    controls = dock.chart_controls
    choose(qtbot, dock, controls.granularity, "Weekly")
    choose(qtbot, dock, controls.kind, "Stacked bars")
    chart = dock.chart.data
    weeks = by_period(rows, iso_week)
    mondays = [dt.date.fromisocalendar(year, week, 1) for year, week in weeks]  # type: ignore[misc]
    x = [(monday - dt.date(1970, 1, 1)).days * 86400.0 for monday in mondays]
    assert chart.granularity == "week"
    assert chart.partial == [x[0], x[-1]]  # Wednesday to Thursday: both ends partial
    below = np.zeros(len(weeks))
    codes = {r["deviceType"] for r in rows}
    labels = {code: dimension_label("deviceType", code) for code in codes}
    named = {series.name for series in chart.series}
    assert len(chart.series) > 1
    for bars, series in zip(dock.chart.items[: len(chart.series)], chart.series, strict=True):
        assert isinstance(bars, pg.BarGraphItem)
        devices = [code for code in codes if labels[code] == series.name] or [
            code for code in codes if labels[code] not in named
        ]  # "All others (N)": the devices without a bar of their own
        views = [
            sum(r["views"] for r in week if r["deviceType"] in devices) for week in weeks.values()
        ]
        assert list(bars.opts["x"]) == x
        assert list(bars.opts["height"]) == views
        assert list(bars.opts["y0"]) == list(below)
        below += views
    total = dock.chart.items[len(chart.series)]
    assert isinstance(total, pg.PlotDataItem)
    assert list(total.yData) == [sum(r["views"] for r in week) for week in weeks.values()]
    # Stacked areas hold the same tops; a plain line chart has no total.
    choose(qtbot, dock, controls.kind, "Stacked area")
    assert list(dock.chart.items[-2].yData) == list(below)
    choose(qtbot, dock, controls.kind, "Line")
    assert dock.chart.data.total is None


def test_monthly_metrics_on_two_axes_weighted_and_recomputed(
    qtbot: Any, dock: ReportDock, fetch: Fetch
) -> None:
    metrics = ("views", "estimatedMinutesWatched", "averageViewDuration", "averageViewPercentage")
    report, rows = fetch(("day",), metrics)
    show(qtbot, dock, report, None)
    controls = dock.chart_controls
    first, second, third = controls.metrics
    choose(qtbot, dock, first, "Average view duration")
    choose(qtbot, dock, second, "Views")
    choose(qtbot, dock, third, "Average percentage viewed")
    choose(qtbot, dock, controls.granularity, "Monthly")
    months = by_period(rows, month).values()
    duration = [
        sum(r["estimatedMinutesWatched"] for r in m) * 60 / sum(r["views"] for r in m)
        for m in months
    ]
    views = [sum(r["views"] for r in m) for m in months]
    percentage = [
        sum(r["averageViewPercentage"] * r["views"] for r in m) / sum(r["views"] for r in m)
        for m in months
    ]
    chart = dock.chart.data
    assert [s.metric for s in chart.series] == ["averageViewDuration", "views"]
    assert "Average percentage viewed" in chart.note  # a third unit: not drawn
    lines = dock.chart.items
    assert lines[0].yData == pytest.approx(duration, rel=1e-12)
    assert list(lines[1].yData) == views
    assert [s.right for s in chart.series] == [False, True]
    # The third metric on its own, monthly: weighted by views, not a mean of the days.
    choose(qtbot, dock, second, "—")
    choose(qtbot, dock, first, "Average percentage viewed")
    assert dock.chart.items[0].yData == pytest.approx(percentage, rel=1e-12)
    plain = [np.mean([r["averageViewPercentage"] for r in m]) for m in months]
    assert dock.chart.items[0].yData != pytest.approx(plain, rel=1e-9)
    # From zero by default; "Fit y axis" fits the data.
    view = dock.chart.plot.getPlotItem().vb
    assert view.viewRange()[1][0] == 0
    drawn = dock.chart.items
    QTest.mouseClick(controls.fit, Qt.MouseButton.LeftButton)
    redrawn(qtbot, dock, drawn)
    assert dock.chart.plot.getPlotItem().vb.viewRange()[1][0] > 0
    # A re-run of the pane keeps every choice.
    show(qtbot, dock, report, None)
    assert controls.granularity.currentText() == "Monthly"
    assert first.currentText() == "Average percentage viewed"
    assert dock.chart.data.granularity == "month"
    assert dock.chart.items[0].yData == pytest.approx(percentage, rel=1e-12)
    assert controls.fit.isChecked()


def test_an_average_without_its_parts_is_not_offered_by_week(
    qtbot: Any, dock: ReportDock, fetch: Fetch
) -> None:
    report, _ = fetch(("day",), ("views", "averageViewDuration"))
    show(qtbot, dock, report, None)
    controls = dock.chart_controls
    choose(qtbot, dock, controls.granularity, "Weekly")
    first = controls.metrics[0]
    model = first.model()
    assert isinstance(model, QStandardItemModel)
    item = model.item(first.findText("Average view duration"))
    assert not item.isEnabled()
    assert "needs Watch time" in item.toolTip()
    assert [s.metric for s in dock.chart.data.series] == ["views"]


def test_upload_markers_show_titles_and_hide(qtbot: Any, dock: ReportDock, fetch: Fetch) -> None:
    report, _ = fetch(("day",), ("views",))
    videos = {
        "v1": NamedItem("v1", "Tour of the workshop", published=dt.date(2025, 10, 3)),
        "v2": NamedItem("v2", "Q&A live", published=dt.date(2025, 10, 3)),
        "v3": NamedItem("v3", "Before the range", published=dt.date(2025, 9, 1)),
        "v4": NamedItem("v4", "Spring build", published=dt.date(2025, 11, 20)),
    }
    context = ChannelContext("UC1", "Alex Rivera", videos=videos)
    show(qtbot, dock, report, context)
    markers = dock.chart.uploads
    assert markers is not None
    day = lambda d: (d - dt.date(1970, 1, 1)).days * 86400.0  # noqa: E731
    assert list(markers.data["x"]) == [day(dt.date(2025, 10, 3)), day(LAST)]
    assert list(markers.data["data"]) == [
        "Q&A live (2025-10-03)\nTour of the workshop (2025-10-03)",
        "Spring build (2025-11-20)",
    ]
    assert markers.opts["tip"](x=0, y=0, data=markers.data["data"][1]) == (
        "Uploaded: Spring build (2025-11-20)"
    )
    drawn = dock.chart.items
    QTest.mouseClick(dock.chart_controls.uploads, Qt.MouseButton.LeftButton)
    redrawn(qtbot, dock, drawn)
    assert dock.chart.uploads is None
