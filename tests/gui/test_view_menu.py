"""View > Watch time in minutes: open reports follow at once, and the choice is kept."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from analytix_desktop.gui.formatting import set_watch_time_unit, watch_time_unit
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store.settings import Settings

from .test_main_window import DAILY, add_channel, run, wait_report

WATCH = dataclasses.replace(DAILY, metrics=("views", "estimatedMinutesWatched"))


def header(pane, column: int) -> str:
    return str(pane.dock.model.headerData(column, Qt.Orientation.Horizontal))


def test_watch_time_in_hours_or_minutes(qtbot, window: MainWindow, consent: Sandbox) -> None:
    try:
        add_channel(qtbot, window, consent)
        pane = run(qtbot, window, WATCH)
        wait_report(qtbot, pane)
        minutes = pane.report.column("estimatedMinutesWatched")[0]
        assert header(pane, 2) == "Watch time (hours)"
        hours_text = pane.dock.model.index(0, 2).data()
        assert float(hours_text.replace(",", "")) == round(minutes / 60, 1)
        window.watch_minutes_action.trigger()
        assert watch_time_unit() == "minutes"
        assert header(pane, 2) == "Watch time (minutes)"
        assert pane.dock.model.index(0, 2).data() == f"{minutes:,}"
        window.close()
        assert Settings.load(window.paths.settings_file).watch_time_minutes
    finally:
        set_watch_time_unit("hours")


def test_retention_reads_over_the_videos_own_time(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    channel_id = add_channel(qtbot, window, consent)
    qtbot.waitUntil(lambda: bool(window.accounts.context(channel_id).videos), timeout=20000)
    video_id = next(iter(window.accounts.context(channel_id).videos))
    length = consent.world.catalog(channel_id).video(video_id).duration
    retention = dataclasses.replace(
        DAILY,
        dimensions=("elapsedVideoTimeRatio",),
        metrics=("audienceWatchRatio",),
        sort_options=(),
        filters={"video": video_id},
    )
    consent.log.clear()
    pane = run(qtbot, window, retention)
    wait_report(qtbot, pane)
    assert pane.dock.video_seconds == length
    assert [e.query["id"] for e in consent.log.entries("/youtube/v3/videos")] == [[video_id]]
    # Positions read as m:ss of the video: the last row is (nearly) its end.
    last = pane.dock.model.rowCount() - 1
    position = str(pane.dock.model.index(last, 0).data())
    minutes, seconds = position.split(":")
    assert abs(int(minutes) * 60 + int(seconds) - length) <= max(2, length * 0.02)


def test_reports_do_not_wait_on_the_keyring(
    qtbot, window: MainWindow, consent: Sandbox, memory_keyring, monkeypatch
) -> None:
    """The keyring is read once per channel; report fetches use the tokens in memory."""
    channel_id = add_channel(qtbot, window, consent)
    qtbot.waitUntil(lambda: bool(window.accounts.context(channel_id).videos), timeout=20000)
    reads: list[str] = []
    read = memory_keyring.get_password

    def counted(service: str, username: str) -> str | None:
        reads.append(username)
        return read(service, username)

    monkeypatch.setattr(memory_keyring, "get_password", counted)
    before = len(consent.log.entries("/v2/reports"))
    pane = run(qtbot, window, WATCH)
    for number in range(1, 4):
        if number > 1:  # Refresh: the same report, asked of Google again
            qtbot.waitUntil(pane.dock.rerun_button.isVisible, timeout=20000)
            qtbot.mouseClick(pane.dock.rerun_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda n=number, p=pane: (
                len(consent.log.entries("/v2/reports")) == before + n and p.task is None
            ),
            timeout=20000,
        )
    assert reads == []
