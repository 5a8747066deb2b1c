"""A big report never keeps the GUI thread busy for long: work on the worker, small steps here.

The table and chart are prepared by one worker task; sorting uses row orders sorted
there; the chart is drawn a step per turn of the event loop; a column's distinct texts
are found without one long numpy call on a Python list (which would hold the GIL).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer

from analytix_desktop.api import catalogue
from analytix_desktop.api.report import Report
from analytix_desktop.gui.formatting import format_timestamp
from analytix_desktop.gui.report_view import ReportDock, build_chart, build_table, dock, style
from analytix_desktop.gui.report_view.chart import ReportChart
from analytix_desktop.gui.report_view.columns import _floats, _unique_texts
from analytix_desktop.gui.report_view.style import UtcDateAxis
from analytix_desktop.gui.tasks import submit

PRODUCTS = ("CORE", "GAMING", "KIDS", "UNKNOWN")


def daily_report(days: int = 60) -> tuple[Report, catalogue.Query]:
    """Views by day and YouTube product, with ties, and view percentages with gaps."""
    query = catalogue.Query(
        dimensions=("day", "youtubeProduct"),
        metrics=("views", "averageViewPercentage"),
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2024, 1, 1) + dt.timedelta(days=days - 1),
    )
    rng = random.Random(3)
    rows: list[list[object]] = []
    for day in range(days):
        for product in PRODUCTS:
            date = (dt.date(2024, 1, 1) + dt.timedelta(days=day)).isoformat()
            rows.append([date, product, rng.randint(0, 9), rng.choice([12.5, 40.0, None])])
    headers = [
        {"name": "day", "columnType": "DIMENSION", "dataType": "STRING"},
        {"name": "youtubeProduct", "columnType": "DIMENSION", "dataType": "STRING"},
        {"name": "views", "columnType": "METRIC", "dataType": "INTEGER"},
        {"name": "averageViewPercentage", "columnType": "METRIC", "dataType": "FLOAT"},
    ]
    data = {"kind": "youtubeAnalytics#resultTable", "columnHeaders": headers, "rows": rows}
    return Report(data, catalogue.detect(query)), query


@pytest.fixture
def pane(qtbot: Any) -> ReportDock:
    pane = ReportDock("Report 1", "Alex Rivera")
    qtbot.addWidget(pane)
    pane.resize(900, 700)
    pane.show()
    return pane


def test_columns_come_with_both_stable_orders() -> None:
    report, _ = daily_report()
    for column in build_table(report, None).columns:
        key = column.sort_key
        assert column.ascending.tolist() == np.argsort(key, kind="stable").tolist()
        # Descending keeps ties in report order and puts missing values (NaN) first.
        descending = (len(key) - 1 - np.argsort(key[::-1], kind="stable"))[::-1]
        assert column.descending.tolist() == descending.tolist(), column.name


def test_sorting_sorts_nothing_on_the_gui_thread(
    qtbot: Any, pane: ReportDock, monkeypatch: pytest.MonkeyPatch
) -> None:
    report, query = daily_report()
    with qtbot.waitSignal(pane.shown, timeout=20000):
        pane.show_report(report, None, query=query)
    table = pane.model.table
    assert table is not None

    def no_sorting(*args: object, **kwargs: object) -> None:
        raise AssertionError("sorted on the GUI thread")

    monkeypatch.setattr(np, "argsort", no_sorting)
    monkeypatch.setattr(np, "sort", no_sorting)
    for column in range(pane.model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            pane.view.sortByColumn(column, order)
            info = table.columns[column]
            expected = info.ascending if order == Qt.SortOrder.AscendingOrder else info.descending
            shown = [pane.model.source_row(row) for row in range(table.rows)]
            assert shown == expected.tolist()
    # The total row stays last.
    assert pane.model.source_row(table.rows) == -1


def test_distinct_texts_read_as_numpy_reads_them() -> None:
    rng = random.Random(5)
    pieces = ["a", "B", "é", "日本", "", " ", "Ω", "\U0001f600", "a\x00b", "Zz"]
    for trial in range(200):
        cells: list[Any] = [
            "".join(rng.choice(pieces) for _ in range(rng.randint(0, 3)))
            for _ in range(rng.randint(0, 80))
        ]
        if cells and trial % 5 == 0:
            cells[0] += "\x00"  # numpy drops trailing NULs
        if cells and trial % 7 == 0:
            cells = [rng.choice([0.5, 1, 1.0, 0.01, 2]) for _ in cells]  # positions
        uniques, codes = _unique_texts(cells)
        expected, inverse = np.unique(np.asarray(cells).astype(np.str_), return_inverse=True)
        assert uniques.tolist() == expected.tolist()
        assert codes.tolist() == inverse.tolist()
        values: list[Any] = [rng.choice([1, 2.5, None, 10**12, -3]) for _ in cells]
        assert np.array_equal(_floats(values), np.asarray(values, np.float64), equal_nan=True)


def test_distinct_texts_are_found_without_sorting_the_column(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Sorting a column's strings (np.unique) is one call holding the GIL: 100 ms and
    # more for 500,000 rows, while the GUI thread waits.
    def no_unique(*args: object, **kwargs: object) -> None:
        raise AssertionError("np.unique on the column's texts")

    monkeypatch.setattr(np, "unique", no_unique)
    uniques, codes = _unique_texts(["TV", "MOBILE", "TV", "DESKTOP"])
    assert uniques.tolist() == ["DESKTOP", "MOBILE", "TV"]
    assert codes.tolist() == [2, 1, 2, 0]


def test_one_worker_task_prepares_table_and_chart(
    qtbot: Any, pane: ReportDock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No second task then competes for the GIL while the GUI thread shows the table.
    submitted: list[object] = []

    def counting_submit(*args: Any, **kwargs: Any) -> Any:
        submitted.append(args[0])
        return submit(*args, **kwargs)

    monkeypatch.setattr(dock, "submit", counting_submit)
    report, query = daily_report()
    with qtbot.waitSignal(pane.shown, timeout=20000):
        pane.show_report(report, None, query=query)
    assert len(submitted) == 1
    assert pane.chart.data.kind == "time"


def test_the_table_shows_before_the_chart_is_drawn_in_steps(qtbot: Any, pane: ReportDock) -> None:
    report, query = daily_report()
    seen: list[tuple[bool, bool, int]] = []

    def look() -> None:
        # In every turn of the event loop: is the table up, the chart's placeholder, curves.
        seen.append(
            (
                pane._stack.currentWidget() is pane.report_page,
                pane.chart.placeholder.isVisible(),
                len(pane.chart.items),
            )
        )

    watcher = QTimer()
    watcher.timeout.connect(look)
    watcher.start(0)
    with qtbot.waitSignal(pane.shown, timeout=20000):
        pane.show_report(report, None, query=query)
    watcher.stop()
    assert (True, True, 0) in seen  # the table first, "Drawing the chart…" meanwhile
    curves = [count for _, _, count in seen]
    assert all(b - a <= 1 for a, b in itertools.pairwise(curves))  # a curve a turn
    assert len(pane.chart.items) == len(pane.chart.data.series) == len(PRODUCTS)
    assert not pane.chart.placeholder.isVisible()
    assert pane.chart.plot.isVisible()


def test_a_drawing_shows_its_plot_at_its_final_range(qtbot: Any) -> None:
    report, _ = daily_report()
    table = build_table(report, None)
    chart = ReportChart()
    qtbot.addWidget(chart)
    chart.resize(800, 400)
    chart.show()
    reference = ReportChart()
    qtbot.addWidget(reference)
    reference.resize(800, 400)
    reference.show()
    reference.show_chart(build_chart(table), {})
    final = reference.plot.getPlotItem().vb.viewRange()
    old = chart.plot
    steps = 0
    for _ in chart.drawing(build_chart(table), {}):
        steps += 1
        if chart.plot is not old and chart.plot.isVisibleTo(chart):
            assert chart.plot.getPlotItem().vb.viewRange() == final
    assert steps >= len(chart.data.series) + 3
    assert chart.plot.getPlotItem().vb.viewRange() == final
    assert [item.getData()[1].tolist() for item in chart.items] == [
        item.getData()[1].tolist() for item in reference.items
    ]


def test_a_newer_drawing_ends_an_older_one(qtbot: Any) -> None:
    report, _ = daily_report()
    table = build_table(report, None)
    chart = ReportChart()
    qtbot.addWidget(chart)
    chart.show()
    older = chart.drawing(build_chart(table), {})
    for _ in range(4):
        next(older)
    chart.show_chart(build_chart(table, ["averageViewPercentage"]), {})
    assert next(older, "ended") == "ended"
    assert chart.data.metric == "averageViewPercentage"
    assert len(chart.items) == len(chart.data.series)
    chart.hold()
    assert chart.placeholder.isVisible()


def test_date_axis_labels_days_without_a_date_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # A QDateTime made from a date and a time is placed in the local time zone first,
    # ~40 µs a label, and a decade of days asks for ~130 labels when first drawn.
    def no_date_time(seconds: float, qt_format: str) -> str:
        raise AssertionError(f"a QDateTime for {qt_format!r}")

    monkeypatch.setattr(style, "format_timestamp", no_date_time)
    axis = UtcDateAxis()
    values = [dt.datetime(2024, m, d, tzinfo=dt.UTC).timestamp() for m in (1, 7) for d in (1, 31)]
    formats = {"%Y": "yyyy", "%b": "MMM", "%d": "d", "%a %d": "ddd d"}
    checked = set()
    for level in axis.zoomLevels.values():
        axis.zoomLevel = level
        for spec in level.tickSpecs:
            if spec.format in formats:
                expected = [format_timestamp(v, formats[spec.format]) for v in values]
                assert axis.tickStrings(values, 1.0, spec.spacing) == expected
                checked.add(spec.format)
    assert checked == set(formats)
