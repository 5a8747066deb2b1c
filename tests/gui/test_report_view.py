"""Report panes over sandbox reports: chart and table equal the data, totals, exports, errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import requests
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from analytix_desktop.api import catalogue
from analytix_desktop.api.report import Report
from analytix_desktop.core.context import ChannelContext, NamedItem
from analytix_desktop.gui.formatting import format_date, format_ticks
from analytix_desktop.gui.report_view import RAW_ROLE, TOTAL_ROLE, Column, ReportDock
from analytix_desktop.gui.report_view.chart_data import SPLIT_LINES, TOP_BARS, others_label
from analytix_desktop.gui.report_view.style import OTHERS_COLOUR, PALETTE
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.grants import Grant

SCOPES = frozenset(
    {
        "https://www.googleapis.com/auth/yt-analytics.readonly",
        "https://www.googleapis.com/auth/yt-analytics-monetary.readonly",
        "https://www.googleapis.com/auth/youtube.readonly",
    }
)
END = dt.date.today() - dt.timedelta(days=3)

Fetch = Callable[..., Report]


@pytest.fixture
def fetch(sandbox: Sandbox) -> Fetch:
    """Fetch a report from the sandbox's /v2/reports with a grant minted directly."""
    user = sandbox.users[0]
    client_id = next(iter(sandbox.clients))
    grant = Grant(client_id, user.sub, user.channel_ids[0], SCOPES)
    token, _ = sandbox.grants.issue_access(grant)

    def fetch(**fields: Any) -> Report:
        query = catalogue.Query(**fields)
        params = {
            "ids": "channel==MINE",
            "dimensions": ",".join(query.dimensions),
            "metrics": ",".join(query.metrics),
            "filters": catalogue.format_filters(query.filters),
            "sort": ",".join(query.sort_options),
            "startDate": query.start_date.isoformat(),
            "endDate": query.end_date.isoformat(),
        }
        if query.max_results:
            params["maxResults"] = str(query.max_results)
        response = requests.get(
            f"{sandbox.url}/v2/reports",
            params=params,
            timeout=30,
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 200, response.text
        return Report(response.json(), catalogue.detect(query))

    return fetch


@pytest.fixture
def dock(qtbot: Any) -> ReportDock:
    pane = ReportDock("Report 1", "Alex Rivera")
    qtbot.addWidget(pane)
    pane.resize(900, 700)
    pane.show()
    return pane


def show(
    qtbot: Any,
    dock: ReportDock,
    report: Report,
    context: ChannelContext | None = None,
    query: catalogue.Query | None = None,
) -> None:
    with qtbot.waitSignal(dock.shown, timeout=20000):
        dock.show_report(report, context, query=query)


def table_rows(dock: ReportDock) -> list[list[object]]:
    model = dock.model
    rows = model.rowCount() - (1 if model.has_total_row else 0)
    return [
        [model.data(model.index(r, c), RAW_ROLE) for c in range(model.columnCount())]
        for r in range(rows)
    ]


def total_row(dock: ReportDock) -> list[object]:
    model = dock.model
    last = model.rowCount() - 1
    assert model.data(model.index(last, 0), TOTAL_ROLE) is True
    return [model.data(model.index(last, c), RAW_ROLE) for c in range(model.columnCount())]


def test_time_series_and_table_equal_the_report(qtbot: Any, dock: ReportDock, fetch: Fetch) -> None:
    metrics = ("views", "estimatedMinutesWatched", "averageViewDuration", "subscribersGained")
    start = END - dt.timedelta(days=59)
    report = fetch(dimensions=("day",), metrics=metrics, start_date=start, end_date=END)
    assert report.shape[0] > 30
    show(qtbot, dock, report)

    assert table_rows(dock) == [list(row) for row in report.rows_typed()]
    totals = report.totals()
    assert total_row(dock)[1:] == [totals[name] for name in metrics]
    assert dock.model.data(dock.model.index(dock.model.rowCount() - 1, 0)) == "Total"

    chart = dock.chart.data
    assert chart.kind == "time"
    days = report.column("day")
    order = np.argsort([day.toordinal() for day in days])
    expected_x = [dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp() for d in days]
    # One unit per axis: counts on the left, watch time on the right; the average view
    # duration (a third unit) is left out, and the chart says so.
    drawn = ("views", "estimatedMinutesWatched", "subscribersGained")
    assert [s.right for s in chart.series] == [False, True, False]
    assert "Average view duration is not drawn" in chart.note
    for item, series, name in zip(dock.chart.items, chart.series, drawn, strict=True):
        x, y = item.getData()
        assert series.metric == name
        assert list(x) == [expected_x[i] for i in order]
        assert list(y) == [report.column(name)[i] for i in order]
    # Hovering over the third day reads out that day's values.
    qtbot.wait(50)  # the new plot gets its geometry
    view = dock.chart.plot.getPlotItem().vb
    third = sorted(days)[2]
    middle = sum(view.viewRange()[1]) / 2
    dock.chart._hover(view.mapViewToScene(QPointF(expected_x[days.index(third)], middle)))
    assert format_date(third) in dock.chart.readout.text()
    views = report.column("views")[days.index(third)]
    assert f"Views: {views:,}" in dock.chart.readout.text()
    assert "Average view duration" not in dock.chart.readout.text()


def test_geography_bars_are_top_countries_plus_other(
    qtbot: Any, dock: ReportDock, fetch: Fetch
) -> None:
    report = fetch(
        dimensions=("country",),
        metrics=("views", "estimatedMinutesWatched"),
        start_date=END - dt.timedelta(days=27),
        end_date=END,
    )
    assert report.shape[0] > TOP_BARS
    show(qtbot, dock, report)

    views = dict(zip(report.column("country"), report.column("views"), strict=True))
    ranked = sorted(views, key=lambda code: -views[code])
    chart = dock.chart.data
    assert chart.kind == "bars"
    assert chart.categories == [catalogue.COUNTRIES[c] for c in ranked[:TOP_BARS]] + [
        others_label(len(ranked) - TOP_BARS)
    ]
    assert list(chart.bars) == [views[c] for c in ranked[:TOP_BARS]] + [
        sum(views[c] for c in ranked[TOP_BARS:])
    ]
    assert list(dock.chart.items[0].opts["width"]) == list(chart.bars)
    # The chart can show another metric.
    combo = dock.chart_metric
    combo.setCurrentIndex(combo.findData("estimatedMinutesWatched"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: dock.chart.data.metric == "estimatedMinutesWatched", timeout=5000)
    minutes = dict(
        zip(report.column("country"), report.column("estimatedMinutesWatched"), strict=True)
    )
    assert dock.chart.data.bars[0] == max(minutes.values())
    # The table names countries but keeps the codes as raw values.
    # (Google was not asked to sort: the table is sorted as the bars are, biggest first.)
    model = dock.model
    assert model.data(model.index(0, 0)) == catalogue.COUNTRIES[ranked[0]]
    assert model.data(model.index(0, 0), RAW_ROLE) == ranked[0]


def test_sorting_keeps_the_total_row_last(qtbot: Any, dock: ReportDock, fetch: Fetch) -> None:
    report = fetch(
        dimensions=("country",),
        metrics=("views", "averageViewDuration"),
        start_date=END - dt.timedelta(days=27),
        end_date=END,
    )
    show(qtbot, dock, report)
    totals = report.totals()
    for column, order in (
        (1, Qt.SortOrder.DescendingOrder),
        (0, Qt.SortOrder.AscendingOrder),
        (2, Qt.SortOrder.AscendingOrder),
    ):
        dock.view.sortByColumn(column, order)
        rows = table_rows(dock)
        assert sorted(map(tuple, rows)) == sorted(report.rows_typed())
        assert total_row(dock)[1:] == [totals["views"], totals["averageViewDuration"]]
        if column == 1:
            assert [r[1] for r in rows] == sorted(report.column("views"), reverse=True)
        if column == 0:
            names = [dock.model.data(dock.model.index(r, 0)) for r in range(len(rows))]
            assert names == sorted(names, key=str.casefold)


def test_split_time_series_sums_to_the_daily_totals(
    qtbot: Any, dock: ReportDock, fetch: Fetch
) -> None:
    start = END - dt.timedelta(days=13)
    report = fetch(
        dimensions=("day", "insightTrafficSourceType"),
        metrics=("views",),
        start_date=start,
        end_date=END,
    )
    assert len(set(report.column("insightTrafficSourceType"))) > SPLIT_LINES
    show(qtbot, dock, report)
    chart = dock.chart.data
    assert chart.kind == "time"
    kinds = len(set(report.column("insightTrafficSourceType")))
    assert chart.series[-1].name == f"All others ({kinds - SPLIT_LINES})"
    assert len(chart.series) == SPLIT_LINES + 1
    daily: dict[dt.date, int] = {}
    for day, views in zip(report.column("day"), report.column("views"), strict=True):
        daily[day] = daily.get(day, 0) + views
    stacked = np.nansum([series.y for series in chart.series], axis=0)
    assert list(stacked) == [daily[day] for day in sorted(daily)]


def test_video_titles_replace_ids(qtbot: Any, dock: ReportDock, fetch: Fetch) -> None:
    report = fetch(
        dimensions=("video",),
        metrics=("views",),
        sort_options=("-views",),
        max_results=10,
        start_date=END - dt.timedelta(days=27),
        end_date=END,
    )
    ids = report.column("video")
    context = ChannelContext(
        "UCx", "Alex Rivera", videos={ids[0]: NamedItem(str(ids[0]), "My best video")}
    )
    show(qtbot, dock, report, context)
    model = dock.model
    assert model.data(model.index(0, 0)) == "My best video"
    assert model.data(model.index(1, 0)) == ids[1]
    assert "Alex Rivera" in dock.header.text()


def export_action(dock: ReportDock, text: str) -> QAction:
    """The entry ``text`` of the pane's Export menu."""
    menu = dock.export_button.menu()
    return next(action for action in menu.actions() if action.text() == text)


def test_csv_and_json_exports_write_the_reports_own_output(
    qtbot: Any, dock: ReportDock, fetch: Fetch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = catalogue.Query(
        dimensions=("day",),
        metrics=("views", "likes"),
        start_date=END - dt.timedelta(days=9),
        end_date=END,
    )
    report = fetch(
        dimensions=query.dimensions,
        metrics=query.metrics,
        start_date=query.start_date,
        end_date=query.end_date,
    )
    show(qtbot, dock, report, query=query)
    asked: list[str] = []

    def save_as(parent: object, caption: str, name: str, filters: str) -> tuple[str, str]:
        asked.append(name)
        return str(tmp_path / f"export{Path(name).suffix}"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    with qtbot.waitSignal(dock.status_message, timeout=10000) as blocker:
        export_action(dock, "Raw data — CSV…").trigger()
    assert str(tmp_path / "export.csv") in blocker.args[0]
    expected = report.to_csv(tmp_path / "expected.csv")
    assert (tmp_path / "export.csv").read_bytes() == expected.read_bytes()
    assert asked[0].endswith(f"{query.end_date:%Y-%m-%d}.csv")

    with qtbot.waitSignal(dock.status_message, timeout=10000):
        export_action(dock, "Raw data — JSON…").trigger()
    expected = report.to_json(tmp_path / "expected.json")
    assert (tmp_path / "export.json").read_bytes() == expected.read_bytes()

    with qtbot.waitSignal(dock.status_message, timeout=10000) as blocker:
        export_action(dock, "Chart image — PNG…").trigger()
    assert blocker.args[0] == f"Exported PNG to {tmp_path / 'export.png'}"
    assert (tmp_path / "export.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_full_disk_is_reported_plainly(
    qtbot: Any, dock: ReportDock, fetch: Fetch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = fetch(
        dimensions=("day",), metrics=("views",), start_date=END - dt.timedelta(days=3), end_date=END
    )
    show(qtbot, dock, report)

    def full(self: Report, path: object, **kwargs: object) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Report, "to_csv", full)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(tmp_path / "x.csv"), ""))
    with qtbot.waitSignal(dock.status_message, timeout=10000) as blocker:
        export_action(dock, "Raw data — CSV…").trigger()
    assert "disk is full" in blocker.args[0]
    assert "disk is full" in dock.notice.text()


def test_busy_cancel_and_errors_show_in_the_pane(qtbot: Any, dock: ReportDock) -> None:
    dock.set_busy("Fetching the report…")
    assert dock.busy_page.isVisible()
    assert dock.busy_page.label.text() == "Fetching the report…"
    with qtbot.waitSignal(dock.cancel_requested, timeout=1000):
        qtbot.mouseClick(dock.busy_page.cancel, Qt.MouseButton.LeftButton)

    dock.show_error(
        "Google refused the query (400)",
        "The query is not supported. Check the documentation.",
        "Choose another breakdown in the builder.",
    )
    assert dock.error_page.isVisible()
    assert not dock.busy_page.isVisible()
    assert dock.error_page.text.text() == "The query is not supported. Check the documentation."
    assert dock.error_page.hint.text() == "Choose another breakdown in the builder."
    with qtbot.waitSignal(dock.rerun_requested, timeout=1000):
        qtbot.mouseClick(dock.error_page.rerun, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dock.closed, timeout=1000):
        dock.close()


def test_single_row_report_has_no_chart_and_no_total(
    qtbot: Any, dock: ReportDock, fetch: Fetch
) -> None:
    report = fetch(metrics=("views", "likes"), start_date=END - dt.timedelta(days=6), end_date=END)
    show(qtbot, dock, report)
    assert dock.chart.data.kind == "none"
    assert dock.chart.placeholder.isVisible()
    assert not dock.model.has_total_row
    assert table_rows(dock) == [list(report.rows_typed()[0])]


def test_columns_fit_their_contents_cheaply(
    qtbot: Any, dock: ReportDock, fetch: Fetch, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = fetch(
        dimensions=("day", "deviceType", "operatingSystem"),
        metrics=("views", "estimatedMinutesWatched"),
        start_date=END - dt.timedelta(days=364),
        end_date=END,
    )
    assert report.shape[0] > 2000
    formatted: list[int] = []
    text = Column.text
    monkeypatch.setattr(Column, "text", lambda self, row: formatted.append(row) or text(self, row))
    show(qtbot, dock, report)
    qtbot.wait(50)  # painted
    # Only the rows on screen and a sample were formatted, never the whole report.
    assert len(formatted) < 1500
    model, view, header = dock.model, dock.view, dock.view.horizontalHeader()
    assert header.stretchLastSection()
    metrics = view.fontMetrics()
    last = model.rowCount() - 1
    for column in range(model.columnCount() - 1):  # the last one stretches
        width = header.sectionSize(column)
        assert width >= header.sectionSizeHint(column)  # the whole header text
        for row in (*range(20), last):
            shown = model.data(model.index(row, column))
            assert width >= metrics.horizontalAdvance(shown) + 8, (column, row, shown)
    # Days read "27 Aug 2026": the weekday adds width, not much else.
    day = report.column("day")[model.source_row(0)]
    assert model.data(model.index(0, 0)) == f"{day.day} {day:%b %Y}"


def test_categorical_table_follows_the_bars(qtbot: Any, dock: ReportDock, fetch: Fetch) -> None:
    query = catalogue.Query(
        dimensions=("sharingService",),
        metrics=("shares",),
        start_date=END - dt.timedelta(days=89),
        end_date=END,
    )
    report = fetch(
        dimensions=query.dimensions,
        metrics=query.metrics,
        start_date=query.start_date,
        end_date=query.end_date,
    )
    services = report.column("sharingService")
    assert len(services) > TOP_BARS + 1
    assert "OTHER" in services  # a real service called "Other"…
    show(qtbot, dock, report, query=query)
    chart = dock.chart.data
    # …and the remainder of the bars, which must not be a second "Other".
    assert chart.categories[-1] == others_label(len(services) - TOP_BARS)
    assert len(set(chart.categories)) == len(chart.categories)
    model = dock.model
    labels = [model.data(model.index(row, 0)) for row in range(TOP_BARS)]
    assert labels == chart.categories[:TOP_BARS]
    shares = [model.data(model.index(row, 1), RAW_ROLE) for row in range(len(services))]
    assert shares == sorted(report.column("shares"), reverse=True)
    assert dock.view.horizontalHeader().sortIndicatorSection() == 1
    assert total_row(dock)[1] == sum(report.column("shares"))
    # A report Google sorted keeps Google's order.
    ordered = dataclasses.replace(query, sort_options=("sharingService",))
    show(qtbot, dock, report, query=ordered)
    assert table_rows(dock) == [list(row) for row in report.rows_typed()]


def test_chart_metric_combo_shows_whole_names(qtbot: Any, dock: ReportDock, fetch: Fetch) -> None:
    report = fetch(
        dimensions=("day",),
        metrics=("views", "estimatedMinutesWatched", "averageViewDuration"),
        start_date=END - dt.timedelta(days=13),
        end_date=END,
    )
    show(qtbot, dock, report)
    combo = dock.chart_metric
    qtbot.waitUntil(lambda: combo.isVisible() and combo.count() == 4)
    metrics = combo.fontMetrics()
    for index in range(combo.count()):
        assert combo.width() > metrics.horizontalAdvance(combo.itemText(index)) + 10


def test_axes_format_like_the_table(qtbot: Any, dock: ReportDock, fetch: Fetch) -> None:
    report = fetch(
        dimensions=("day",),
        metrics=("views", "estimatedMinutesWatched"),
        start_date=END - dt.timedelta(days=89),
        end_date=END,
    )
    show(qtbot, dock, report)
    plot = dock.chart.plot.getPlotItem()

    def ticks(side: str, top: float, values: list[float], step: float) -> list[str]:
        # One suffix for the whole axis: it follows the axis's visible range.
        axis = plot.getAxis(side)
        axis.linkedView().setYRange(0, top, padding=0)
        return list(axis.tickStrings(values, 1.0, step))

    assert ticks("left", 400_000, [0.0, 350000.0], 50000.0) == ["0", "350K"]
    # Watch time is kept in minutes and read in hours: 3.6M minutes are 60K hours.
    assert ticks("right", 4.2e6, [3.6e6, 4.2e6], 6e5) == ["60K", "70K"]
    assert ticks("left", 8_000, [1000.0, 5000.0], 1000.0) == ["1,000", "5,000"]
    # Wide enough for its labels from the first frame (pyqtgraph widens only after a paint).
    peak = format_ticks([max(report.column("views"))], 50000.0)[0]
    assert plot.getAxis("left").textWidth >= dock.fontMetrics().horizontalAdvance(peak)

    report = fetch(
        dimensions=("country",),
        metrics=("averageViewDuration", "views"),
        start_date=END - dt.timedelta(days=27),
        end_date=END,
    )
    show(qtbot, dock, report)
    bottom = dock.chart.plot.getPlotItem().getAxis("bottom")
    assert bottom.tickStrings([0.0, 60.0, 125.0], 1.0, 60.0) == ["0:00", "1:00", "2:05"]


def test_retention_legend_and_palette(qtbot: Any, dock: ReportDock, fetch: Fetch) -> None:
    top = fetch(
        dimensions=("video",),
        metrics=("views",),
        sort_options=("-views",),
        max_results=1,
        start_date=END - dt.timedelta(days=89),
        end_date=END,
    )
    report = fetch(
        dimensions=("elapsedVideoTimeRatio",),
        metrics=("audienceWatchRatio", "relativeRetentionPerformance"),
        filters={"video": top.column("video")[0]},
        start_date=END - dt.timedelta(days=89),
        end_date=END,
    )
    show(qtbot, dock, report)
    chart = dock.chart
    # Retention starts high on the left: the legend goes where the lines are not.
    assert chart.data.legend_corner != "top-left"
    plot = chart.plot.getPlotItem()
    legend = plot.legend
    qtbot.wait(50)  # laid out
    box = legend.sceneBoundingRect()
    covered = [
        box.contains(plot.vb.mapViewToScene(QPointF(x, y)))
        for item in chart.items
        for x, y in zip(*item.getData(), strict=True)
    ]
    assert sum(covered) <= len(covered) // 50, "the legend hides the lines"
    assert 0 < legend.opts["brush"].color().alpha() < 255  # translucent, not invisible
    colours = [item.opts["pen"].color().name().upper() for item in chart.items]
    assert colours == list(PALETTE[: len(colours)])
    for colour in (*PALETTE, OTHERS_COLOUR):
        assert contrast(colour, "#FFFFFF") >= 3.0, colour
    for side in ("left", "bottom"):
        assert contrast(plot.getAxis(side).textPen().color().name(), "#FFFFFF") >= 7.0
    assert plot.getAxis("bottom").tickStrings([0.0, 0.5, 1.0], 1.0, 0.5) == ["0%", "50%", "100%"]


def contrast(one: str, two: str) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_right_axis_only_when_a_series_is_on_it(qtbot: Any, dock: ReportDock, fetch: Fetch) -> None:
    report = fetch(
        dimensions=("day",), metrics=("views",), start_date=END - dt.timedelta(days=9), end_date=END
    )
    show(qtbot, dock, report)
    assert not dock.chart.plot.getPlotItem().getAxis("right").isVisible()
