"""The builder's date range: presets, two date fields, month snapping and the data lag note."""

from __future__ import annotations

import datetime as dt
from typing import cast

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QDateEdit, QFormLayout, QHBoxLayout, QLabel, QWidget

from analytix_desktop.core.context import ChannelContext
from analytix_desktop.core.ranges import (
    CUSTOM,
    LIFETIME_START,
    PRESETS,
    SINCE_PUBLISHED,
    last_data_day,
    preset_range,
    preset_title,
    snap_to_months,
    utc_today,
)
from analytix_desktop.gui.formatting import format_date, qdate

__all__ = ["NO_VIDEO_CHOSEN", "DateRange", "published_day"]

NO_VIDEO_CHOSEN = "Choose one video under Filters to start on its publication."


def published_day(videos: list[str], context: ChannelContext | None) -> dt.date | None:
    """When the one video of ``videos`` was published, if known ("Since published")."""
    item = context.videos.get(videos[0]) if context is not None and len(videos) == 1 else None
    return item.published if item is not None else None


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class DateRange(QWidget):
    """A preset (or custom) start and end date; ``changed`` after any edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._months = False
        self._today = utc_today()
        self._lifetime_start: dt.date | None = None
        self._published: dt.date | None = None
        self.preset = QComboBox()
        self.preset.setAccessibleName("Date range preset")
        for preset in PRESETS:
            self.preset.addItem(preset_title(preset.key, self._today), preset.key)
        self._offer_since_published()
        self.start = self._date_edit("Start date")
        self.end = self._date_edit("End date")
        self.available = QLabel()
        self.available.setAccessibleName("Data availability")
        self.available.setWordWrap(True)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.end)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Range", self.preset)
        form.addRow("Dates", dates)
        form.addRow(self.available)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.start.dateChanged.connect(self._edited)
        self.end.dateChanged.connect(self._edited)
        self.set_preset("last28")

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(name)
        # The first of that month: month reports of a whole lifetime start there.
        edit.setMinimumDate(qdate(LIFETIME_START.replace(day=1)))
        edit.setMaximumDate(qdate(self._today))
        return edit

    def preset_key(self) -> str:
        return str(self.preset.currentData())

    def dates(self) -> tuple[dt.date, dt.date]:
        return _date(self.start.date()), _date(self.end.date())

    def set_today(self, today: dt.date) -> None:
        """Use ``today`` (UTC) for presets and the lag note (tests, and a new day)."""
        self._today = today
        for edit in (self.start, self.end):
            edit.setMaximumDate(qdate(today))
        for index, preset in enumerate(PRESETS):  # named years move on with the calendar
            self.preset.setItemText(index, preset_title(preset.key, today))
        self._apply()

    def set_lifetime_start(self, day: dt.date | None) -> None:
        """Start "Lifetime" on ``day``, the channel's creation (None: YouTube's first day)."""
        if day != self._lifetime_start:
            self._lifetime_start = day
            if self.preset_key() == "lifetime":
                self._apply()

    def set_published(self, day: dt.date | None) -> None:
        """Offer "Since published" from ``day``, the chosen video's publication (None: none).

        Without a video the preset cannot be chosen; if it was, its dates stay as custom ones.
        """
        if day == self._published:
            return
        self._published = day
        self._offer_since_published()
        if self.preset_key() == SINCE_PUBLISHED:
            if day is None:
                self.set_custom(*self.dates())
            else:
                self._apply()

    def _offer_since_published(self) -> None:
        item = cast(QStandardItemModel, self.preset.model()).item(
            self.preset.findData(SINCE_PUBLISHED)
        )
        item.setEnabled(self._published is not None)
        item.setToolTip(
            NO_VIDEO_CHOSEN
            if self._published is None
            else f"From {format_date(self._published)}, when the chosen video was published."
        )

    def set_months(self, months: bool) -> None:
        """Month granularity: snap to whole months (the first of each month)."""
        if months != self._months:
            self._months = months
            for edit in (self.start, self.end):
                edit.setDisplayFormat("MMM yyyy" if months else "yyyy-MM-dd")
            self._apply()

    def set_preset(self, key: str) -> None:
        if key == SINCE_PUBLISHED and self._published is None:
            key = CUSTOM  # no video chosen: the dates shown stay, as custom ones
        index = self.preset.findData(key)
        self.preset.setCurrentIndex(index if index >= 0 else self.preset.findData("last28"))
        self._apply()

    def set_custom(self, start: dt.date, end: dt.date) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.findData(CUSTOM))
        self.preset.blockSignals(False)
        self._set_dates(start, end)
        self._apply()

    def _preset_chosen(self) -> None:
        self._apply()

    def _edited(self) -> None:
        if self.preset_key() != CUSTOM:
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(self.preset.findData(CUSTOM))
            self.preset.blockSignals(False)
        self._apply()

    def _set_dates(self, start: dt.date, end: dt.date) -> None:
        for edit, day in ((self.start, start), (self.end, end)):
            if edit.date() == qdate(day):
                continue  # setDate would move the cursor of someone typing into it
            edit.blockSignals(True)
            edit.setDate(qdate(day))
            edit.blockSignals(False)

    def _apply(self) -> None:
        key = self.preset_key()
        if key == CUSTOM:
            start, end = self.dates()
        else:
            start, end = preset_range(key, self._today, self._lifetime_start, self._published)
        if self._months:
            start, end = snap_to_months(start, end)
        self._set_dates(start, end)
        newest = last_data_day(self._today)
        note = f"Data available through {format_date(newest)}."
        if key == "lifetime" and self._lifetime_start is not None:
            note = f"Since the channel's creation on {format_date(self._lifetime_start)}. {note}"
        elif key == SINCE_PUBLISHED and self._published is not None:
            note = f"Since the video's publication on {format_date(self._published)}. {note}"
        if self._months:
            note += " Month reports cover whole months."
        if self.dates()[1] > newest:
            note += " The newest days of the range have no data yet."
        self.available.setText(note)
        self.changed.emit()
