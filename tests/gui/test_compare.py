"""Report > Compare to…, used as a person would: a daily report compared with the same
period last year gives a pane of both, its numbers checked against the sandbox's own."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from analytix_desktop.api import catalogue
from analytix_desktop.gui.compare import install_compare
from analytix_desktop.gui.compare_dialogs import CompareDialog
from analytix_desktop.gui.formatting import format_count, format_duration, format_percent
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.gui.report_view.model import ReportTableModel
from analytix_desktop.gui.runner import Pane
from analytix_desktop.sandbox import Sandbox
from tests.sandbox_answers import sandbox_report

from .test_main_window import REPORTS, WAIT, add_channel, run, wait_report

END = dt.date.today() - dt.timedelta(days=4)
DAILY = catalogue.Query(
    dimensions=("day",),
    metrics=("views", "estimatedMinutesWatched", "averageViewDuration"),
    sort_options=("day",),
    start_date=END - dt.timedelta(days=20),
    end_date=END,
)


def _sums(answer: dict[str, Any]) -> tuple[float, float]:
    names = [header["name"] for header in answer["columnHeaders"]]
    rows = [dict(zip(names, row, strict=True)) for row in answer["rows"]]
    return sum(r["views"] for r in rows), sum(r["estimatedMinutesWatched"] for r in rows)


def _headers(model: ReportTableModel) -> list[str]:
    return [
        str(model.headerData(section, Qt.Orientation.Horizontal))
        for section in range(model.columnCount())
    ]


def _total(model: ReportTableModel, header: str) -> str:
    column = _headers(model).index(header)
    return str(model.data(model.index(model.rowCount() - 1, column)))


def test_compare_with_last_year_shows_both_periods_changes_and_a_dashed_line(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    channel = add_channel(qtbot, window, consent)
    comparison = install_compare(window)
    pane = run(qtbot, window, DAILY)
    wait_report(qtbot, pane)
    consent.log.clear()

    comparison.periods_action.trigger()  # Report > Compare to…
    dialog = comparison.dialog
    assert isinstance(dialog, CompareDialog)
    assert dialog.isVisible()
    qtbot.mouseClick(dialog.buttons["last_year"], Qt.MouseButton.LeftButton)
    ok = dialog.box.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Compare"
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.runner.current is not pane, timeout=WAIT)
    compared = window.runner.current
    assert compared is not None
    wait_report(qtbot, compared)

    # One request, for the weekday-aligned range 364 days back; this period was stored.
    start, end = DAILY.start_date - dt.timedelta(364), END - dt.timedelta(364)
    asked = consent.log.entries(REPORTS)
    assert len(asked) == 1
    assert asked[0].query["startDate"] == [start.isoformat()]
    assert asked[0].query["endDate"] == [end.isoformat()]
    assert start.weekday() == DAILY.start_date.weekday()

    params = {"metrics": ",".join(DAILY.metrics), "dimensions": "day", "sort": "day"}
    views, minutes = _sums(
        sandbox_report(
            consent,
            channel,
            startDate=DAILY.start_date.isoformat(),
            endDate=END.isoformat(),
            **params,
        )
    )
    old_views, old_minutes = _sums(
        sandbox_report(
            consent, channel, startDate=start.isoformat(), endDate=end.isoformat(), **params
        )
    )
    model = compared.dock.model
    assert "Views (same period last year)" in _headers(model)
    assert "Views change %" in _headers(model)
    assert _total(model, "Views (same period last year)") == format_count(old_views)
    change = (views - old_views) / old_views * 100
    assert _total(model, "Views change %") == format_percent(change)
    duration, old_duration = 60 * minutes / views, 60 * old_minutes / old_views
    assert _total(model, "Average view duration change") == format_duration(duration - old_duration)
    assert _total(model, "Average view duration (same period last year)") == format_duration(
        old_duration
    )

    qtbot.waitUntil(lambda: compared.dock.chart.data.kind == "time", timeout=WAIT)
    series = compared.dock.chart.data.series
    dashed = [line for line in series if line.compared]
    assert [line.metric for line in dashed] == [
        "views~last_year",
        "estimatedMinutesWatched~last_year",
    ]
    assert list(dashed[0].x) == list(series[0].x)  # day offset: drawn over this period's days
    assert dashed[0].y[0] == pytest.approx(_first_views(consent, channel, start, end, params))


def _first_views(
    sandbox: Sandbox, channel: str, start: dt.date, end: dt.date, params: dict[str, str]
) -> float:
    answer = sandbox_report(
        sandbox, channel, startDate=start.isoformat(), endDate=end.isoformat(), **params
    )
    first = answer["rows"][0]
    assert first[0] == start.isoformat()
    return float(first[1])


def test_compare_without_a_report_says_what_to_do(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    comparison = install_compare(window)
    with qtbot.waitSignal(window.runner.status_message, timeout=WAIT) as said:
        comparison.periods_action.trigger()
    assert said.args == ["Run a report first, then compare it."]
    assert comparison.dialog is None


REVENUE = dataclasses.replace(DAILY, metrics=("views", "estimatedRevenue"))


def test_compare_channels_puts_them_side_by_side_and_says_what_one_cannot_give(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    unmonetised = add_channel(qtbot, window, consent, 0)
    monetised = add_channel(qtbot, window, consent, 1)
    comparisons = install_compare(window)
    window.accounts.set_active(monetised)
    pane = run(qtbot, window, REVENUE)
    wait_report(qtbot, pane)
    consent.log.clear()

    comparisons.channels_action.trigger()  # Report > Compare channels…
    dialog = comparisons.channels_dialog
    assert dialog is not None
    assert dialog.boxes[monetised].isChecked()
    assert not dialog.ok.isEnabled()  # one channel is no comparison
    box = dialog.boxes[unmonetised]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.runner.current is not pane, timeout=WAIT)
    compared = window.runner.current
    assert compared is not None
    wait_report(qtbot, compared)

    # The monetised channel's report came from local history; the other was refused
    # revenue (403), then asked without it.
    assert [entry.status for entry in consent.log.entries(REPORTS)] == [403, 200]
    names = {
        channel: window.accounts.account(channel).title for channel in (unmonetised, monetised)
    }
    headers = _headers(compared.dock.model)
    params = {"metrics": "views", "dimensions": "day", "sort": "day"}
    dates = {"startDate": DAILY.start_date.isoformat(), "endDate": END.isoformat()}
    for channel, title in names.items():
        answer = sandbox_report(consent, channel, **params, **dates)
        views = sum(row[1] for row in answer["rows"])
        assert _total(compared.dock.model, f"Views · {title}") == format_count(views)
    assert f"Estimated revenue · {names[monetised]} (USD)" in headers
    assert not any(
        header.startswith(f"Estimated revenue · {names[unmonetised]}") for header in headers
    )
    note = compared.dock.provenance.text()
    assert (
        f"Estimated revenue not shown for {names[unmonetised]}: the channel is not monetised."
        in note
    )
    assert "Revenue of every channel is in USD." in note

    qtbot.waitUntil(lambda: compared.dock.chart.data.kind == "time", timeout=WAIT)
    assert compared.dock.provenance.isVisibleTo(compared.dock)  # said in the pane
    lines = [line.metric for line in compared.dock.chart.data.series]
    assert lines == [f"views~of:{names[unmonetised]}", f"views~of:{names[monetised]}"]


def test_compare_channels_needs_a_second_channel(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    add_channel(qtbot, window, consent)
    comparisons = install_compare(window)
    wait_report(qtbot, run(qtbot, window, DAILY))
    with qtbot.waitSignal(window.runner.status_message, timeout=WAIT) as said:
        comparisons.channels_action.trigger()
    assert said.args == ["Connect a second channel to compare channels (Channels > Add channel)."]
    assert comparisons.channels_dialog is None


def test_compare_videos_gives_a_line_and_a_column_per_video(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    channel = add_channel(qtbot, window, consent)
    comparisons = install_compare(window)
    videos = consent.world.catalog(channel).videos[:2]  # type: ignore[attr-defined]
    ids = [video.id for video in videos]
    qtbot.waitUntil(
        lambda: all(window.accounts.context(channel).name_of("video", i) for i in ids),
        timeout=WAIT,
    )
    query = dataclasses.replace(DAILY, filters={"video": ",".join(ids)})
    pane = run(qtbot, window, query)
    wait_report(qtbot, pane)
    consent.log.clear()

    comparisons.videos_action.trigger()  # Report > Compare videos
    qtbot.waitUntil(lambda: window.runner.current is not pane, timeout=WAIT)
    compared = window.runner.current
    assert compared is not None
    wait_report(qtbot, compared)

    # One request, with the video dimension added to split the report.
    asked = consent.log.entries(REPORTS)
    assert len(asked) == 1
    assert asked[0].query["dimensions"] == ["day,video"]
    assert asked[0].query["filters"] == [f"video=={','.join(ids)}"]
    model = compared.dock.model
    params = {"metrics": "views", "dimensions": "day", "sort": "day"}
    dates = {"startDate": DAILY.start_date.isoformat(), "endDate": END.isoformat()}
    for video in videos:
        answer = sandbox_report(consent, channel, filters=f"video=={video.id}", **params, **dates)
        views = sum(row[1] for row in answer.get("rows", []))
        assert views > 0
        assert _total(model, f"Views · {video.title}") == format_count(views)

    qtbot.waitUntil(lambda: compared.dock.chart.data.kind == "time", timeout=WAIT)
    names = [line.name for line in compared.dock.chart.data.series]
    assert names == [f"Views · {video.title}" for video in videos]


def test_compare_videos_needs_two_videos_in_the_filter(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    add_channel(qtbot, window, consent)
    comparisons = install_compare(window)
    wait_report(qtbot, run(qtbot, window, DAILY))
    with qtbot.waitSignal(window.runner.status_message, timeout=WAIT) as said:
        comparisons.videos_action.trigger()
    assert said.args[0].startswith("Pick two videos or more")


def test_compare_with_a_custom_range_typed_in(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    comparisons = install_compare(window)
    pane = run(qtbot, window, DAILY)
    wait_report(qtbot, pane)
    consent.log.clear()
    comparisons.periods_action.trigger()
    dialog = comparisons.dialog
    assert dialog is not None
    assert not dialog.start.isEnabled()
    custom = dialog.buttons["custom"]
    qtbot.mouseClick(custom, Qt.MouseButton.LeftButton, pos=QPoint(8, custom.height() // 2))
    assert dialog.start.isEnabled()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT)
    start, end = DAILY.start_date - dt.timedelta(100), DAILY.start_date - dt.timedelta(90)
    for edit, day in ((dialog.start, start), (dialog.end, end)):
        edit.setFocus(Qt.FocusReason.TabFocusReason)  # tabbed into: its year selected
        qtbot.keyClicks(edit, day.strftime("%Y%m%d"))  # each full section moves on
        assert edit.date().toPython() == day
    qtbot.mouseClick(
        dialog.box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: window.runner.current is not pane, timeout=WAIT)
    compared = window.runner.current
    assert compared is not None
    wait_report(qtbot, compared)
    asked = consent.log.entries(REPORTS)
    assert [(e.query["startDate"], e.query["endDate"]) for e in asked] == [
        ([start.isoformat()], [end.isoformat()])
    ]
    assert "Views (compared range)" in _headers(compared.dock.model)
    # 21 days beside 11: the days past the compared range's end had no views there.
    report = compared.report
    assert report is not None
    assert report.column("views~custom")[11:] == [0.0] * 10


def _compare_previous(qtbot, window: MainWindow, pane: Pane) -> Pane:
    comparisons = install_compare(window)
    comparisons.periods_action.trigger()  # Report > Compare to… (the previous period)
    assert comparisons.dialog is not None
    ok = comparisons.dialog.box.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(window.runner.panes_changed, timeout=WAIT):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    compared = window.runner.current
    assert compared is not None
    assert compared is not pane
    wait_report(qtbot, compared)
    qtbot.waitUntil(lambda: compared.dock.chart.data.kind == "time", timeout=WAIT)
    return compared


def test_refresh_fetches_both_periods_of_a_comparison_again(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    channel = add_channel(qtbot, window, consent)
    query = dataclasses.replace(DAILY, metrics=("views",))
    pane = run(qtbot, window, query)
    wait_report(qtbot, pane)
    compared = _compare_previous(qtbot, window, pane)
    consent.log.clear()

    refresh = compared.dock.rerun_button
    assert refresh.isVisibleTo(compared.dock)
    with qtbot.waitSignal(compared.dock.shown, timeout=WAIT):
        qtbot.mouseClick(refresh, Qt.MouseButton.LeftButton)

    # Both periods asked of Google again, though both are in the local history.
    days = query.days
    previous = (query.start_date - dt.timedelta(days), query.start_date - dt.timedelta(1))
    asked = [
        (entry.query["startDate"][0], entry.query["endDate"][0])
        for entry in consent.log.entries(REPORTS)
    ]
    assert sorted(asked) == sorted(
        [
            (query.start_date.isoformat(), END.isoformat()),
            (previous[0].isoformat(), previous[1].isoformat()),
        ]
    )
    params = {"metrics": "views", "dimensions": "day", "sort": "day"}
    answer = sandbox_report(
        consent,
        channel,
        startDate=previous[0].isoformat(),
        endDate=previous[1].isoformat(),
        **params,
    )
    views = sum(row[1] for row in answer["rows"])
    assert _total(compared.dock.model, "Views (previous period)") == format_count(views)
    assert compared is window.runner.current  # refreshed in place, no new pane


def test_refresh_fetches_every_channel_of_a_comparison_again(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    first = add_channel(qtbot, window, consent, 0)
    second = add_channel(qtbot, window, consent, 1)
    comparisons = install_compare(window)
    query = dataclasses.replace(DAILY, metrics=("views",))
    pane = run(qtbot, window, query)
    wait_report(qtbot, pane)
    comparisons.compare_channels(pane, [second, first])
    qtbot.waitUntil(lambda: window.runner.current is not pane, timeout=WAIT)
    compared = window.runner.current
    assert compared is not None
    wait_report(qtbot, compared)
    consent.log.clear()

    qtbot.waitUntil(lambda: compared.dock.rerun_button.isVisibleTo(compared.dock), timeout=WAIT)
    with qtbot.waitSignal(compared.dock.shown, timeout=WAIT):
        qtbot.mouseClick(compared.dock.rerun_button, Qt.MouseButton.LeftButton)

    # One request per channel (each asks for its own, "MINE", with its own token).
    asked = [entry.query["ids"] for entry in consent.log.entries(REPORTS)]
    assert asked == [["channel==MINE"], ["channel==MINE"]]
    assert len(window.runner.panes) == 2


def test_a_period_comparison_is_charted_by_day_and_says_why(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    add_channel(qtbot, window, consent)
    pane = run(qtbot, window, DAILY)
    wait_report(qtbot, pane)
    qtbot.waitUntil(lambda: pane.dock.chart.data.kind == "time", timeout=WAIT)
    assert pane.dock.chart_controls.granularity.isEnabled()  # a daily report: weeks offered
    compared = _compare_previous(qtbot, window, pane)

    granularity = compared.dock.chart_controls.granularity
    qtbot.waitUntil(lambda: not granularity.isEnabled(), timeout=WAIT)
    assert "comparison is shown by day" in granularity.toolTip()
    assert granularity.currentData() == "day"
    with qtbot.waitSignal(compared.dock.shown, timeout=WAIT):  # still so once refreshed
        qtbot.mouseClick(compared.dock.rerun_button, Qt.MouseButton.LeftButton)
    assert not granularity.isEnabled()
