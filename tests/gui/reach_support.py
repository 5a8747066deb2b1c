"""What the reach GUI tests share: a sandbox of their own (they move its clock and make and
delete its jobs), windows that sync at start, the sandbox's own daily reports read over
HTTP, and clicks on the builder's Reach tab."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime
from PySide6.QtWidgets import QDateTimeEdit

from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.sandbox import Sandbox
from tests.sandbox_answers import (
    daily_reports,
    newest_per_day,
    report_rows,
    reporting_jobs,
)

from .test_main_window import WAIT, add_channel

ALEX = 0  # "Alex Rivera": reach jobs made 100 days before the sandbox started
PIXEL = 2  # "Pixel Garden Studio": no reach jobs


@pytest.fixture(name="sandbox")
def own_sandbox() -> Iterator[Sandbox]:
    """A sandbox of the test's own, instead of the session's: its clock and jobs change,
    which other tests must not see (import it into a test module to use it)."""
    with Sandbox(seed=7, auto_consent=True) as own:
        yield own


@pytest.fixture(name="reach_sync_on_start")
def sync_on_start() -> bool:
    """The reach tests' windows sync at start, as the app does by default (import it into a
    test module to use it; a test may parametrize ``reach_sync_on_start`` instead)."""
    return True


def add_synced_channel(qtbot, window: MainWindow, sandbox: Sandbox, index: int) -> str:
    """Add channel ``index``; wait for the sync the window starts for it on its own (its
    state, read from the store, then names the sync)."""
    channel = add_channel(qtbot, window, sandbox, index)

    def synced() -> bool:
        state = window.reach.states.get(channel)
        return state is not None and state.last_synced is not None

    qtbot.waitUntil(synced, timeout=WAIT * 3)
    return channel


def sandbox_jobs(sandbox: Sandbox, channel_id: str) -> dict[str, str]:
    """The channel's jobs at the sandbox: report type -> job id."""
    return {kind: job["id"] for kind, job in reporting_jobs(sandbox, channel_id).items()}


def newest_reports(
    sandbox: Sandbox, channel_id: str, report_type: str, start: dt.date, end: dt.date
) -> dict[dt.date, dict[str, Any]]:
    """The newest listed report of each day from ``start`` to ``end`` (Pacific days)."""
    job = sandbox_jobs(sandbox, channel_id)[report_type]
    newest = newest_per_day(daily_reports(sandbox, channel_id, job))
    return {day: report for day, report in newest.items() if start <= day <= end}


def reach_sums(
    sandbox: Sandbox,
    channel_id: str,
    report_type: str,
    key: str,
    start: dt.date,
    end: dt.date,
) -> tuple[dict[str, tuple[int, float]], int]:
    """Per value of column ``key``: (impressions, clicks = Σ impressions × CTR) over the
    newest reports of the days from ``start`` to ``end``; and how many days have one."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    reports = newest_reports(sandbox, channel_id, report_type, start, end)
    for report in reports.values():
        for row in report_rows(sandbox, channel_id, report):
            impressions = int(row["video_thumbnail_impressions"] or 0)
            rate = float(row["video_thumbnail_impressions_ctr"] or 0)
            sums[row[key]][0] += impressions
            sums[row[key]][1] += impressions * rate
    return {k: (int(v[0]), v[1]) for k, v in sums.items()}, len(reports)


def local_moment(moment: dt.datetime, pattern: str) -> str:
    """``moment`` in the computer's time zone, as the app writes it (Qt's locale)."""
    local = moment.astimezone()
    value = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    return QLocale().toString(value, pattern)


def click_reach_tab(qtbot, window: MainWindow) -> None:
    """Go to the builder's last tab, Reach, as a person would: a click on it, or the arrow
    keys when the tab bar has scrolled it out of sight."""
    bar = window.builder.tabs
    index = bar.count() - 1
    assert bar.tabText(index) == "Reach"
    if bar.tabRect(index).intersects(bar.rect()):
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    else:
        bar.setFocus()
        while bar.currentIndex() != index:
            qtbot.keyClick(bar, Qt.Key.Key_Right)
    assert window.builder.pages.currentWidget() is window.builder.reach


def type_range(qtbot, window: MainWindow, start: dt.date, end: dt.date) -> None:
    """Type the range into the Reach tab's date fields, as a person would (a part chosen,
    then typed over): the day first set to 01, so that no step is a date that does not
    exist."""
    dates = window.builder.reach.dates
    part = QDateTimeEdit.Section
    for edit, day in ((dates.start, start), (dates.end, end)):
        steps = (
            (part.DaySection, "01"),
            (part.YearSection, f"{day.year:04d}"),
            (part.MonthSection, f"{day.month:02d}"),
            (part.DaySection, f"{day.day:02d}"),
        )
        for section, digits in steps:
            edit.setSelectedSection(section)
            qtbot.keyClicks(edit, digits)
        qtbot.keyClick(edit, Qt.Key.Key_Enter)
    assert dates.dates() == (start, end)
