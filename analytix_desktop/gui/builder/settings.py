"""The builder's state as plain JSON-able data for QSettings, read back defensively."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from analytix_desktop.api import catalogue
from analytix_desktop.api.dates import parse_day
from analytix_desktop.core.derived import DERIVED
from analytix_desktop.core.ranges import CUSTOM, PRESETS

__all__ = [
    "SETTINGS_VERSION",
    "builder_settings",
    "derived_from_settings",
    "query_from_settings",
    "saved_derived",
    "saved_tabs",
    "settings_from_query",
]

SETTINGS_VERSION = 1
_PRESET_KEYS = {preset.key for preset in PRESETS}


def settings_from_query(
    query: catalogue.Query, *, tab: str, preset: str, derived: Sequence[str] = ()
) -> dict[str, Any]:
    """``query`` (plus the breakdown tab, date preset and creators' metrics ``derived``) as
    a dict of str, int and lists."""
    return {
        "version": SETTINGS_VERSION,
        "breakdown": tab,
        "dimensions": list(query.dimensions),
        "metrics": list(query.metrics),
        "filters": dict(query.filters),
        "sort": list(query.sort_options),
        "max_results": query.max_results,
        "preset": preset,
        "start": query.start_date.isoformat(),
        "end": query.end_date.isoformat(),
        "currency": query.currency,
        "derived": list(derived),
    }


def _names(value: object, known: dict[str, Any]) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(item for item in value if isinstance(item, str) and item in known)


def _date(value: object) -> dt.date | None:
    try:
        return parse_day(value) if isinstance(value, str) else None
    except ValueError:
        return None


def query_from_settings(data: object) -> tuple[catalogue.Query | None, str, str]:
    """(query, breakdown tab, preset) from ``settings_from_query`` output.

    Junk gives (None, "", ""); unknown names, keys and values are dropped one by one.
    """
    if not isinstance(data, dict) or data.get("version") != SETTINGS_VERSION:
        return None, "", ""
    filters_in = data.get("filters")
    filters = {
        key: value
        for key, value in (filters_in.items() if isinstance(filters_in, dict) else ())
        if isinstance(key, str) and key in catalogue.FILTERS and isinstance(value, str) and value
    }
    sortable = {**catalogue.METRICS, **catalogue.DIMENSIONS}
    sort_in = data.get("sort")
    sort = tuple(
        option
        for option in (sort_in if isinstance(sort_in, list) else [])
        if isinstance(option, str) and option.removeprefix("-") in sortable
    )[:1]
    limit = data.get("max_results")
    currency = data.get("currency")
    start, end = _date(data.get("start")), _date(data.get("end"))
    dates = {"start_date": start, "end_date": end} if start and end and start <= end else {}
    query = catalogue.Query(
        dimensions=_names(data.get("dimensions"), catalogue.DIMENSIONS),
        metrics=_names(data.get("metrics"), catalogue.METRICS),
        filters=filters,
        sort_options=sort,
        max_results=limit if type(limit) is int and limit > 0 else 0,
        currency=currency
        if isinstance(currency, str) and currency in catalogue.CURRENCIES
        else "USD",
        **dates,  # type: ignore[arg-type]
    )
    tab = data.get("breakdown")
    preset = data.get("preset")
    return (
        query,
        tab if isinstance(tab, str) else "",
        preset if isinstance(preset, str) and preset in _PRESET_KEYS and preset != CUSTOM else "",
    )


def derived_from_settings(data: object) -> tuple[str, ...]:
    """The known creators' metrics of ``settings_from_query`` output (junk gives none)."""
    if not isinstance(data, dict) or data.get("version") != SETTINGS_VERSION:
        return ()
    return _names(data.get("derived"), DERIVED)


def builder_settings(
    current: catalogue.Query,
    *,
    tab: str,
    preset: str,
    tabs: dict[str, catalogue.Query],
    derived: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """The builder's current query with every tab's own query under ``"tabs"``;
    ``derived``: each tab's creators' metrics."""
    derived = derived or {}
    data = settings_from_query(current, tab=tab, preset=preset, derived=derived.get(tab, ()))
    data["tabs"] = {
        key: settings_from_query(query, tab=key, preset="", derived=derived.get(key, ()))
        for key, query in tabs.items()
    }
    return data


def saved_derived(data: object) -> dict[str, tuple[str, ...]]:
    """Each tab's creators' metrics in ``builder_settings`` output (the current tab's too)."""
    if not isinstance(data, dict):
        return {}
    tabs = data.get("tabs")
    picks = {
        key: derived_from_settings(saved)
        for key, saved in (tabs.items() if isinstance(tabs, dict) else ())
        if isinstance(key, str)
    }
    tab = data.get("breakdown")
    if isinstance(tab, str):
        picks[tab] = derived_from_settings(data)
    return picks


def saved_tabs(data: object, known: set[str]) -> dict[str, catalogue.Query]:
    """The tabs' own queries in ``builder_settings`` output, for the tab keys ``known``."""
    restored: dict[str, catalogue.Query] = {}
    tabs = data.get("tabs") if isinstance(data, dict) else None
    for key, saved in tabs.items() if isinstance(tabs, dict) else ():
        query, _tab, _preset = query_from_settings(saved)
        if query is not None and key in known:
            restored[key] = query
    return restored
