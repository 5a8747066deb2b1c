"""The bar chart of a breakdown, used as a person would: channels compared over countries
give a bar per channel in each country; double-clicking a country's bar drills into it
as double-clicking its table row does."""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from analytix_desktop.api import catalogue
from analytix_desktop.gui.compare import install_compare
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.gui.report_view.chart import ReportChart
from analytix_desktop.gui.runner import Pane
from analytix_desktop.sandbox import Sandbox
from tests.sandbox_answers import sandbox_report

from .test_main_window import REPORTS, WAIT, add_channel, run, wait_report

END = dt.date.today() - dt.timedelta(days=6)
START = END - dt.timedelta(days=27)
COUNTRIES = catalogue.Query(
    dimensions=("country",),
    metrics=("views",),
    sort_options=("-views",),
    start_date=START,
    end_date=END,
)
DATES = {"startDate": START.isoformat(), "endDate": END.isoformat()}


def _views_by_country(sandbox: Sandbox, channel: str) -> dict[str, float]:
    answer = sandbox_report(sandbox, channel, dimensions="country", metrics="views", **DATES)
    return {str(country): float(views) for country, views in answer.get("rows", [])}


def _wait_bars(qtbot, pane: Pane) -> ReportChart:  # type: ignore[no-untyped-def]
    wait_report(qtbot, pane)
    chart = pane.dock.chart
    qtbot.waitUntil(lambda: chart.data.kind == "bars" and bool(chart.items), timeout=WAIT)
    qtbot.waitUntil(chart.plot.isVisible, timeout=WAIT)
    return chart


def _double_click_bar(chart: ReportChart, category: int) -> None:
    """Double-click the middle of bar ``category``, as a person does."""
    view = chart.plot.getPlotItem().vb
    width = float(np.nanmax([float(chart.data.bars[category]), 0.0]))
    scene = view.mapViewToScene(QPointF(width / 2, float(category)))
    point = chart.plot.mapFromScene(scene)
    at = QPoint(point.x(), point.y())
    QTest.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=at)
    QTest.mouseDClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=at)


def test_channels_compared_over_countries_give_a_bar_per_channel(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    first = add_channel(qtbot, window, consent, 0)
    second = add_channel(qtbot, window, consent, 1)
    comparisons = install_compare(window)
    window.accounts.set_active(first)
    wait_report(qtbot, run(qtbot, window, COUNTRIES))
    pane = window.runner.current
    comparisons.channels_action.trigger()  # Report > Compare channels…
    dialog = comparisons.channels_dialog
    assert dialog is not None
    box = dialog.boxes[second]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.runner.current is not pane, timeout=WAIT)
    compared = window.runner.current
    assert compared is not None
    chart = _wait_bars(qtbot, compared)

    titles = [window.accounts.account(channel).title for channel in (first, second)]
    expected = [_views_by_country(consent, channel) for channel in (first, second)]
    data = chart.data
    assert [series.name for series in data.series] == titles
    assert [item.name() for item in chart.items] == titles  # two sets of bars, in the legend
    table = compared.dock.model.table
    assert table is not None
    country = table.column("country")
    drawn = [r for r in data.rows if r >= 0]
    assert len(drawn) >= 3
    for category, row in enumerate(drawn):
        code = str(country.raw(row))
        for number, views in enumerate(expected):
            width = chart.items[number].opts["width"][category]
            assert width == views.get(code, 0.0)
    # Ranked by the channels' views together, biggest first.
    sums = [sum(views.get(str(country.raw(r)), 0.0) for views in expected) for r in drawn]
    assert sums == sorted(sums, reverse=True)
    assert sums[0] == max(
        sum(views.get(code, 0.0) for views in expected) for code in {*expected[0], *expected[1]}
    )


def test_double_click_a_bar_drills_into_its_country(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    channel = add_channel(qtbot, window, consent)
    parent = run(qtbot, window, COUNTRIES)
    chart = _wait_bars(qtbot, parent)
    views = _views_by_country(consent, channel)
    ranked = sorted(views, key=lambda code: -views[code])
    assert views[ranked[0]] > views[ranked[1]] > views[ranked[2]]  # bar 1 is one country's
    consent.log.clear()

    # "All others" names no one country: nothing to drill into (drilling opens a pane
    # at once, within the double-click).
    assert chart.data.others
    _double_click_bar(chart, len(chart.data.categories) - 1)
    assert window.runner.current is parent
    _double_click_bar(chart, 1)
    qtbot.waitUntil(lambda: window.runner.current is not parent, timeout=WAIT)
    child = window.runner.current
    assert child is not None
    wait_report(qtbot, child)
    [asked] = consent.log.entries(REPORTS)
    assert asked.query["filters"] == [f"country=={ranked[1]}"]
    assert asked.query["dimensions"] == ["day"]
    assert (asked.query["startDate"], asked.query["endDate"]) == (
        [DATES["startDate"]],
        [END.isoformat()],
    )
    assert child.dock.breadcrumb.text().endswith(f"› {chart.data.categories[1]}")
