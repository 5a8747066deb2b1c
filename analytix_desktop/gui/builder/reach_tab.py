"""The builder's Reach tab: impressions and click-through rate from YouTube's daily reach
reports kept on this computer, by day, video or traffic source, with the reports' status
(what is here, Turn on reach reports, Sync now with its progress and Cancel)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from analytix_desktop.api.dates import parse_day
from analytix_desktop.core.context import ChannelContext
from analytix_desktop.core.ranges import CUSTOM, PRESETS
from analytix_desktop.core.reach import ReachQuery
from analytix_desktop.gui.builder.date_range import DateRange
from analytix_desktop.gui.builder.item_picker import ItemPicker, PickerEntry
from analytix_desktop.gui.formatting import format_date
from analytix_desktop.gui.reach_texts import BY_TITLES, SyncProgress

__all__ = ["MAX_VIDEOS", "REACH_TAB", "ReachForm"]

REACH_TAB = "Reach"
"""The title of the builder's last tab."""
MAX_VIDEOS = 200
"""How many videos the Reach tab's filter takes (the store answers any number)."""
ABOUT = (
    "Impressions and impressions click-through rate come from YouTube's daily reach "
    "reports (YouTube Reporting API), downloaded to this computer; the Analytics API does "
    "not have them."
)


def _entries(context: ChannelContext | None) -> list[PickerEntry]:
    """The channel's videos by title, newest first among equal titles."""
    if context is None:
        return []
    videos = sorted(
        context.videos.values(),
        key=lambda item: (
            item.title.casefold(),
            -(item.published.toordinal() if item.published else 0),
        ),
    )
    return [
        PickerEntry(item.id, item.title, format_date(item.published), item.thumbnail)
        for item in videos
    ]


class ReachForm(QWidget):
    """The Reach tab's form; ``run_requested`` carries a ``ReachQuery``.

    It shows what the window tells it of the active channel's reach reports (``show_*``)
    and asks for actions through its signals; it does no work of its own.
    """

    run_requested = Signal(object)
    turn_on_requested = Signal()
    sync_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Reach report")
        self._context: ChannelContext | None = None
        self.by = QComboBox()
        self.by.setAccessibleName("Reach: by")
        for key, title in BY_TITLES.items():
            self.by.addItem(title, key)
        self.dates = DateRange()
        # Its note speaks of the Analytics API's lag; reach days have their own status.
        self.dates.available.hide()
        self.videos = ItemPicker("Reach: videos", "video", "videos")
        self.videos.set_limit(MAX_VIDEOS)
        self.videos.setToolTip("Only these videos (Any: the whole channel)")
        self.coverage = QLabel("Choose a channel to see its reach reports.")
        self.coverage.setWordWrap(True)
        self.coverage.setAccessibleName("Reach data on this computer")
        self.turn_on = QPushButton("Turn on reach reports")
        self.turn_on.setAccessibleName("Turn on reach reports")
        self.turn_on.setToolTip(
            "Ask YouTube to make daily reach reports for this channel (the first arrive "
            "about 48 hours later)"
        )
        self.turn_on.hide()
        self.sync = QPushButton("Sync now")
        self.sync.setAccessibleName("Sync reach reports now")
        self.sync.setToolTip(
            "Download the daily reach reports YouTube published since the last sync"
        )
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Reach sync progress")
        self.progress.setTextVisible(True)
        self.cancel = QPushButton("Cancel")
        self.cancel.setAccessibleName("Cancel the reach sync")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Reach reports message")
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Reach query status")
        self.run_button = QPushButton("Run")
        self.run_button.setAccessibleName("Run the reach report")
        self.run_button.setToolTip("Show the reach report in a new pane (Ctrl+Return)")
        self._layout()
        self.run_button.clicked.connect(self.request_run)
        self.turn_on.clicked.connect(self.turn_on_requested)
        self.sync.clicked.connect(self.sync_requested)
        self.cancel.clicked.connect(self.cancel_requested)
        for signal in (self.by.currentIndexChanged, self.dates.changed, self.videos.changed):
            signal.connect(self._refresh)
        self.show_sync(None)
        self._refresh()

    def _layout(self) -> None:
        about = QLabel(ABOUT)
        about.setWordWrap(True)
        report = QWidget()
        form = QFormLayout(report)
        form.setContentsMargins(0, 0, 0, 0)
        by_label = QLabel("&By")
        by_label.setBuddy(self.by)
        form.addRow(by_label, self.by)
        videos_label = QLabel("&Videos")
        videos_label.setBuddy(self.videos)
        form.addRow(videos_label, self.videos)
        progress = QHBoxLayout()
        progress.addWidget(self.progress, 1)
        progress.addWidget(self.cancel)
        actions = QHBoxLayout()
        actions.addWidget(self.turn_on)
        actions.addWidget(self.sync)
        actions.addStretch(1)
        reports = QGroupBox("Reach reports")
        column = QVBoxLayout(reports)
        column.addWidget(self.coverage)
        column.addLayout(actions)
        column.addLayout(progress)
        column.addWidget(self.note)
        dates = QGroupBox("Dates")
        QVBoxLayout(dates).addWidget(self.dates)
        shown = QGroupBox("Report")
        QVBoxLayout(shown).addWidget(report)
        body = QWidget()
        body_column = QVBoxLayout(body)
        body_column.addWidget(about)
        body_column.addWidget(dates)
        body_column.addWidget(shown)
        body_column.addWidget(reports)
        body_column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.run_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.status)
        outer.addLayout(buttons)

    # -- what the window tells ---------------------------------------------------------

    def set_channel(self, context: ChannelContext | None) -> None:
        """Offer ``context``'s videos; another channel's chosen videos are dropped."""
        same = (
            self._context is None
            or context is None
            or context.channel_id == self._context.channel_id
        )
        self._context = context
        self.videos.set_items(_entries(context), keep=same)
        self.dates.set_lifetime_start(context.created if context is not None else None)
        self._refresh()

    def show_coverage(self, text: str, *, turned_on: bool | None) -> None:
        """What is on this computer; Turn on is offered when the channel has no jobs
        (``turned_on`` False; None: not known yet)."""
        self.coverage.setText(text)
        self.turn_on.setVisible(turned_on is False)

    def show_note(self, text: str) -> None:
        """The last message about the reports (turned on, a sync's outcome)."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def show_sync(self, progress: SyncProgress | None) -> None:
        """A sync under way (its percent on the bar, busy while not known); None: idle."""
        syncing = progress is not None
        self.progress.setVisible(syncing)
        self.cancel.setVisible(syncing)
        self.sync.setEnabled(not syncing)
        self.turn_on.setEnabled(not syncing)
        if progress is not None:
            self.progress.setRange(0, 0 if progress.percent is None else 100)
            self.progress.setValue(progress.percent or 0)
            self.progress.setToolTip(progress.text)

    # -- the query ---------------------------------------------------------------------

    def query(self) -> ReachQuery | None:
        """The query when it can run (a channel, a range that does not end before it starts)."""
        start, end = self.dates.dates()
        if self._context is None or end < start:
            return None
        return ReachQuery(start, end, str(self.by.currentData()), tuple(self.videos.values()))

    def set_query(self, query: ReachQuery) -> None:
        """Show ``query`` in the form (its dates as custom ones)."""
        index = self.by.findData(query.by)
        self.by.setCurrentIndex(max(index, 0))
        self.videos.set_selection(query.videos)
        self.dates.set_custom(query.start, query.end)
        self._refresh()

    def to_settings(self) -> dict[str, Any]:
        """The By and range choices as JSON-able data (the videos, a channel's own, are not
        kept)."""
        start, end = self.dates.dates()
        return {
            "by": str(self.by.currentData()),
            "preset": self.dates.preset_key(),
            "start": start.isoformat(),
            "end": end.isoformat(),
        }

    def from_settings(self, data: object) -> None:
        """Restore ``to_settings`` output; what is malformed or unknown is left as it is."""
        if not isinstance(data, dict):
            return
        by = data.get("by")
        index = self.by.findData(by) if isinstance(by, str) else -1
        if index >= 0:
            self.by.setCurrentIndex(index)
        preset = data.get("preset")
        if preset == CUSTOM:
            try:
                start, end = parse_day(data.get("start", "")), parse_day(data.get("end", ""))
            except ValueError:  # not days
                return
            if start <= end:
                self.dates.set_custom(start, end)
        elif preset in {item.key for item in PRESETS}:
            self.dates.set_preset(preset)

    def request_run(self) -> None:
        """Emit ``run_requested`` with the query, only when it can run."""
        query = self.query()
        if query is not None:
            self.run_requested.emit(query)

    def _refresh(self, *_args: object) -> None:
        query = self.query()
        self.run_button.setEnabled(query is not None)
        if self._context is None:
            self.status.setText("Add a channel to run it: Channels > Add channel.")
        elif query is None:
            self.status.setText("✗ The range ends before it starts.")
        else:
            by = BY_TITLES[query.by].lower()
            videos = f", {len(query.videos)} videos" if len(query.videos) > 1 else ""
            self.status.setText(f"✓ Ready: reach by {by}{videos} for {self._context.title}.")
        self.status.setToolTip(self.status.text())
