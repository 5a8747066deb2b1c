"""Creators' metrics in a report pane: picked in the builder, computed from the rows
Google sent, shown as a column with a total recomputed from the summed inputs."""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCore import Qt

from analytix_desktop.api import catalogue
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.sandbox import Sandbox

from .test_builder_typing import toggle
from .test_main_window import REPORTS, WAIT, add_channel, wait_report

END = dt.date.today() - dt.timedelta(days=4)
START = END - dt.timedelta(days=13)


def test_engagement_rate_and_net_subscribers_in_a_daily_report(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    add_channel(qtbot, window, consent)
    builder = window.builder
    builder.set_query(
        catalogue.Query(
            dimensions=("day",),
            metrics=("views",),
            sort_options=("day",),
            start_date=START,
            end_date=END,
        )
    )
    toggle(builder.derived, "engagementRate")
    toggle(builder.derived, "netSubscribers")
    consent.log.clear()
    qtbot.mouseClick(builder.run_button, Qt.MouseButton.LeftButton)
    pane = window.runner.current
    assert pane is not None
    wait_report(qtbot, pane)
    [asked] = consent.log.entries(REPORTS)
    sent = set(asked.query["metrics"][0].split(","))
    assert {"views", "likes", "comments", "shares", "subscribersGained", "subscribersLost"} <= sent
    assert "engagementRate" not in sent
    assert "netSubscribers" not in sent

    report = pane.report
    assert report is not None
    table = pane.dock.table_data
    assert table is not None
    rate, net = table.column("engagementRate"), table.column("netSubscribers")
    assert rate.header.startswith("Engagement rate")
    rows = [dict(zip(report.columns, row, strict=True)) for row in report.data["rows"]]
    for index, row in enumerate(rows):
        expected = (
            100 * (row["likes"] + row["comments"] + row["shares"]) / row["views"]
            if row["views"]
            else math.nan
        )
        assert rate.values is not None
        assert math.isclose(rate.values[index], expected, rel_tol=1e-9) or (
            math.isnan(expected) and math.isnan(rate.values[index])
        )
        assert net.values is not None
        assert net.values[index] == row["subscribersGained"] - row["subscribersLost"]
    assert table.totals is not None
    engaged = sum(r["likes"] + r["comments"] + r["shares"] for r in rows)
    views = sum(r["views"] for r in rows)
    total = table.totals["engagementRate"]
    assert total is not None
    assert math.isclose(total, 100 * engaged / views, rel_tol=1e-9)
    daily = [rate.values[i] for i in range(len(rows)) if not math.isnan(rate.values[i])]
    assert not math.isclose(total, sum(daily) / len(daily), rel_tol=1e-6)  # not averaged
    assert table.totals["netSubscribers"] == sum(
        r["subscribersGained"] - r["subscribersLost"] for r in rows
    )
    # The table shows them, the total row included.
    model = pane.dock.model
    column = next(i for i, c in enumerate(table.columns) if c.name == "engagementRate")
    qtbot.waitUntil(lambda: model.rowCount() == len(rows) + 1, timeout=WAIT)
    assert model.index(len(rows), column).data().endswith("%")
