"""The builder's filters: places by name, the channel's videos/playlists/groups, and value lists."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from analytix_desktop.api import catalogue
from analytix_desktop.gui.builder.pickers import ValueCombo
from analytix_desktop.gui.context import ChannelContext

__all__ = ["REGION", "FilterPanel"]

REGION = "region"
"""The one picker for both ``continent`` and ``subContinent`` (its values are ``key:code``)."""
_REGION_KEYS = ("continent", "subContinent")
_OWN = ("video", "playlist", "group")
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


def _by_name(table: Mapping[str, str]) -> dict[str, str]:
    return {code: f"{name} ({code})" for code, name in sorted(table.items(), key=lambda i: i[1])}


class FilterPanel(QWidget):
    """One picker per filter key; ``changed`` after any choice."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combos: dict[str, ValueCombo] = {}
        self._channel_id: str | None = None
        self._labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self._add(form, "country", "Country", _by_name(catalogue.COUNTRIES))
        self._add(form, REGION, "Continent / sub-continent", _region_values())
        self._add(form, "province", "US state", _by_name(catalogue.PROVINCES))
        for key in _OWN:
            self._add(form, key, catalogue.FILTERS[key].title, {})
        for key in _LISTS:
            self._add(form, key, catalogue.FILTERS[key].title, catalogue.FILTERS[key].values)
        self.set_channel(None)

    def _add(self, form: QFormLayout, key: str, title: str, values: Mapping[str, str]) -> None:
        combo = ValueCombo(f"Filter: {title}")
        combo.set_values(values)
        combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        label = QLabel(title)
        label.setBuddy(combo)
        form.addRow(label, combo)
        self.combos[key] = combo
        self._labels[key] = label

    def set_channel(self, context: ChannelContext | None) -> None:
        """Fill the video, playlist and group pickers with the channel's own items.

        A choice is kept for the same channel (its names may only now have loaded), but not
        for another channel: its video, playlist or group is not that channel's.
        """
        channel_id = context.channel_id if context is not None else None
        same = self._channel_id is None or channel_id == self._channel_id
        self._channel_id = channel_id
        for key in _OWN:
            items = getattr(context, f"{key}s", {}) if context is not None else {}
            ordered = sorted(items.values(), key=lambda item: item.title.casefold())
            values = {item.id: item.title for item in ordered}
            self.combos[key].set_values(values, keep=same)

    def filters(self) -> dict[str, str]:
        """The chosen filters as the Query's raw values."""
        chosen: dict[str, str] = {}
        for key, combo in self.combos.items():
            value = combo.value()
            if value is None:
                continue
            if key == REGION:
                region_key, _, code = value.partition(":")
                chosen[region_key] = code
            else:
                chosen[key] = value
        return chosen

    def set_filters(self, filters: Mapping[str, str]) -> None:
        """Show ``filters``; keys without a picker are ignored."""
        for combo in self.combos.values():
            combo.blockSignals(True)
        try:
            for key, combo in self.combos.items():
                if key == REGION:
                    region = next((k for k in _REGION_KEYS if k in filters), None)
                    combo.set_value(f"{region}:{filters[region]}" if region else None)
                else:
                    combo.set_value(filters.get(key))
        finally:
            for combo in self.combos.values():
                combo.blockSignals(False)

    def apply(self, options: catalogue.Options) -> None:
        """Disable pickers of filters the report can no longer take, saying why."""
        for key, combo in self.combos.items():
            keys = _REGION_KEYS if key == REGION else (key,)
            choices = [options.filters[k] for k in keys if k in options.filters]
            usable = combo.value() is not None or any(choice.valid for choice in choices)
            combo.setEnabled(usable)
            self._labels[key].setEnabled(usable)
            reason = next((c.reason for c in choices if not c.valid), "")
            combo.setToolTip("" if usable else f"Not available: {reason}")
            allowed = options.filter_values.get(key) if key != REGION else None
            combo.restrict(allowed, "not accepted by this report")
