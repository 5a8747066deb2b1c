"""The builder's filters: places by name, the channel's videos/playlists/groups, and value lists."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from analytix_desktop.api import catalogue
from analytix_desktop.api.catalogue.query import split_values
from analytix_desktop.core.context import ChannelContext, NamedItem
from analytix_desktop.gui.builder.item_picker import ItemPicker, PickerEntry
from analytix_desktop.gui.builder.live import NOT_LIVE
from analytix_desktop.gui.builder.pickers import ValueCombo
from analytix_desktop.gui.formatting import format_date

__all__ = ["REGION", "FilterPanel", "Picker", "without_own_items"]

Picker = ItemPicker | ValueCombo
"""Either kind answers ``value()``, ``values()``, ``set_value()`` and ``restrict()``."""

REGION = "region"
"""The one picker for both ``continent`` and ``subContinent`` (its values are ``key:code``)."""
_REGION_KEYS = ("continent", "subContinent")
_OWN = ("video", "playlist", "group")
_NOUNS = {  # searchable keys: what one and several of their items are called
    "country": ("country", "countries"),
    "province": ("state", "states"),
    "video": ("video", "videos"),
    "playlist": ("playlist", "playlists"),
    "group": ("group", "groups"),
}
_LISTS = (
    "subscribedStatus", "youtubeProduct", "liveOrOnDemand", "insightTrafficSourceType",
    "insightPlaybackLocationType", "deviceType", "operatingSystem", "audienceType",
)  # fmt: skip


def _region_values() -> dict[str, str]:
    values: dict[str, str] = {}
    for code, continent in catalogue.CONTINENTS.items():
        values[f"continent:{code}"] = continent.name
        for sub_code, sub in catalogue.SUBCONTINENTS.items():
            if set(sub.countries) <= set(continent.countries) and sub.countries:
                values[f"subContinent:{sub_code}"] = f"    {sub.name}"
    return values


def _places(table: Mapping[str, str]) -> list[PickerEntry]:
    ordered = sorted(table.items(), key=lambda item: item[1])
    return [PickerEntry(code, f"{name} ({code})") for code, name in ordered]


def _own_entries(items: Mapping[str, NamedItem]) -> list[PickerEntry]:
    """By title; same titles newest first, told apart by their publish dates."""

    def order(item: NamedItem) -> tuple[str, int]:
        return item.title.casefold(), -(item.published.toordinal() if item.published else 0)

    def detail(item: NamedItem) -> str:
        day = format_date(item.published)
        return (f"Live · {day}" if day else "Live") if item.live else day

    return [
        PickerEntry(item.id, item.title, detail(item), item.thumbnail)
        for item in sorted(items.values(), key=order)
    ]


def _limit(key: str, options: catalogue.Options) -> int:
    """How many values ``key`` may take in the reports the query can still become."""
    most = catalogue.MULTI_VALUE_FILTERS.get(key, 1)
    lists = any(
        key in rtype.filter_names and key not in rtype.single_value
        for rtype in options.report_types
    )
    return most if lists else 1


class FilterPanel(QWidget):
    """One picker per filter key; ``changed`` after any choice.

    ``pickers`` maps each key (``REGION`` for continents) to its picker: an ``ItemPicker``
    for places and the channel's own items, a ``ValueCombo`` for short value lists.
    ``combos`` is the same mapping under its older name.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pickers: dict[str, Picker] = {}
        self.combos = self.pickers
        self._channel_id: str | None = None
        self._live: tuple[str, ...] = ()  # the channel's live streams
        self._labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self._add_list(form, "country", "Country", _places(catalogue.COUNTRIES))
        self._add_combo(form, REGION, "Continent / sub-continent", _region_values())
        self._add_list(form, "province", "US state", _places(catalogue.PROVINCES))
        for key in _OWN:
            self._add_list(form, key, catalogue.FILTERS[key].title, [])
        for key in _LISTS:
            self._add_combo(form, key, catalogue.FILTERS[key].title, catalogue.FILTERS[key].values)
        self.set_channel(None)

    def _add_list(
        self, form: QFormLayout, key: str, title: str, entries: list[PickerEntry]
    ) -> None:
        picker = ItemPicker(f"Filter: {title}", *_NOUNS[key])
        picker.set_items(entries)
        picker.changed.connect(self.changed.emit)
        self._add_row(form, key, title, picker)

    def _add_combo(
        self, form: QFormLayout, key: str, title: str, values: Mapping[str, str]
    ) -> None:
        combo = ValueCombo(f"Filter: {title}")
        combo.set_values(values)
        combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self._add_row(form, key, title, combo)

    def _add_row(self, form: QFormLayout, key: str, title: str, picker: Picker) -> None:
        label = QLabel(title)
        label.setBuddy(picker)
        form.addRow(label, picker)
        self.pickers[key] = picker
        self._labels[key] = label

    def _own(self, key: str) -> ItemPicker:
        picker = self.pickers[key]
        assert isinstance(picker, ItemPicker)
        return picker

    def set_channel(self, context: ChannelContext | None) -> None:
        """Fill the video, playlist and group pickers with the channel's own items.

        A choice is kept for the same channel (its names may only now have loaded), but not
        for another channel: its video, playlist or group is not that channel's.
        """
        channel_id = context.channel_id if context is not None else None
        same = self._channel_id is None or channel_id == self._channel_id
        self._channel_id = channel_id
        self._live = tuple(v.id for v in context.live_streams) if context is not None else ()
        for key in _OWN:
            items: Mapping[str, NamedItem] = getattr(context, f"{key}s") if context else {}
            self._own(key).set_items(_own_entries(items), keep=same)

    def filters(self) -> dict[str, str]:
        """The chosen filters as the Query's raw values (several joined by commas)."""
        chosen: dict[str, str] = {}
        for key, picker in self.pickers.items():
            values = picker.values()
            if not values:
                continue
            if key == REGION:
                region_key, _, code = values[0].partition(":")
                chosen[region_key] = code
            else:
                chosen[key] = ",".join(values)
        return chosen

    def set_filters(self, filters: Mapping[str, str]) -> None:
        """Show ``filters``; keys without a picker are ignored."""
        for picker in self.pickers.values():
            picker.blockSignals(True)
        try:
            for key, picker in self.pickers.items():
                if key == REGION:
                    region = next((k for k in _REGION_KEYS if k in filters), None)
                    picker.set_value(f"{region}:{filters[region]}" if region else None)
                elif isinstance(picker, ItemPicker):
                    raw = filters.get(key, "")
                    picker.set_selection(split_values(raw) if raw else [])
                else:
                    picker.set_value(filters.get(key))
        finally:
            for picker in self.pickers.values():
                picker.blockSignals(False)

    def apply(self, options: catalogue.Options, *, live_only: bool = False) -> None:
        """Disable pickers of filters the report can no longer take, saying why.

        A list picker ticks several items only where the report takes several values;
        ``live_only`` leaves only the channel's live streams choosable as the video.
        """
        for key, picker in self.pickers.items():
            keys = _REGION_KEYS if key == REGION else (key,)
            choices = [options.filters[k] for k in keys if k in options.filters]
            usable = picker.value() is not None or any(choice.valid for choice in choices)
            picker.setEnabled(usable)
            self._labels[key].setEnabled(usable)
            reason = next((c.reason for c in choices if not c.valid), "")
            picker.setToolTip("" if usable else f"Not available: {reason}")
            allowed = options.filter_values.get(key) if key != REGION else None
            if live_only and key == "video":
                picker.restrict(self._live, NOT_LIVE)
            else:
                picker.restrict(allowed, "not accepted by this report")
            if isinstance(picker, ItemPicker):
                picker.set_limit(_limit(key, options))


def without_own_items(query: catalogue.Query) -> catalogue.Query:
    """``query`` without filters on one channel's own videos, playlists or groups."""
    filters = {k: v for k, v in query.filters.items() if k not in _OWN}
    return dataclasses.replace(query, filters=filters)
