"""Creators' metrics picked in the builder come back after a restart, in the builder
and in the report panes that were open."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from analytix_desktop.api import catalogue
from analytix_desktop.api.transport import Transport
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.gui.report_view.chart_options import by_period, unavailable_reasons
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store import AppPaths

from .test_builder_typing import toggle
from .test_main_window import REPORTS, add_channel, reopen, wait_report

END = dt.date.today() - dt.timedelta(days=4)
START = END - dt.timedelta(days=20)


def test_creators_metrics_survive_a_restart(
    qtbot, paths: AppPaths, window: MainWindow, consent: Sandbox, transport: Transport
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
    qtbot.mouseClick(builder.run_button, Qt.MouseButton.LeftButton)
    pane = window.runner.current
    assert pane is not None
    wait_report(qtbot, pane)
    window.close()
    before = consent.log.count(REPORTS)

    again = reopen(qtbot, paths, transport, window.endpoints)
    again.show()
    assert sorted(again.builder.derived.checked()) == ["engagementRate", "netSubscribers"]
    [restored] = again.runner.panes
    wait_report(qtbot, restored)
    assert consent.log.count(REPORTS) == before  # from local history
    assert restored.derived == ("netSubscribers", "engagementRate")
    table = restored.dock.table_data
    assert table is not None
    report = restored.report
    assert report is not None
    rows = [dict(zip(report.columns, row, strict=True)) for row in report.data["rows"]]
    net = table.column("netSubscribers").values
    assert net is not None
    assert list(net) == [r["subscribersGained"] - r["subscribersLost"] for r in rows]
    assert table.column("engagementRate").header.startswith("Engagement rate")
    # Weeks recompute them from the week's sums, so the chart offers them by week.
    assert unavailable_reasons(table) == {}
    weekly, _periods = by_period(table, "week")
    assert {"netSubscribers", "engagementRate"} <= {c.name for c in weekly.metrics}
    again.close()
