"""Filter keys and values, and counts, as the user reads them."""

from __future__ import annotations

from analytix_desktop.api import catalogue
from analytix_desktop.core.context import ChannelContext
from analytix_desktop.gui.formatting import plain_title

__all__ = ["DEFAULT_ORDER", "filter_title", "filter_value_label", "plural", "sort_label"]

DEFAULT_ORDER = "Default order"
_DATES = {"day", "month"}

_REGIONS = {"continent": catalogue.CONTINENTS, "subContinent": catalogue.SUBCONTINENTS}


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 row``, ``2 rows``, ``1,234 rows``."""
    return f"{count:,} {noun if count == 1 else (nouns or noun + 's')}"


def filter_title(key: str) -> str:
    """The label the builder shows for filter ``key`` ("Country", "US state")."""
    info = catalogue.FILTERS.get(key)
    return info.title if info is not None else key


def filter_value_label(key: str, value: str, context: ChannelContext | None = None) -> str:
    """One filter value as the user knows it: a country's or video's name, "YouTube search"."""
    if key in ("video", "playlist", "group"):
        name = context.name_of(key, value) if context is not None else None
        return name or value
    if key == "country":
        return catalogue.COUNTRIES.get(value, value)
    if key == "province":
        return catalogue.PROVINCES.get(value, value)
    if key in _REGIONS:
        region = _REGIONS[key].get(value)
        return region.name if region is not None else value
    return catalogue.VALUE_LABELS.get(key, {}).get(value, value)


def sort_label(option: str) -> str:
    """ "Views, highest first", "Day, newest first", "Country, Z to A"."""
    name = option.removeprefix("-")
    down = option.startswith("-")
    if name in catalogue.METRICS:
        title = plain_title(catalogue.METRICS[name].title)
        arrow = "highest first" if down else "lowest first"
    else:
        dimension = catalogue.DIMENSIONS.get(name)
        title = dimension.title if dimension is not None else name
        if name in _DATES:
            arrow = "newest first" if down else "oldest first"
        else:
            arrow = "Z to A" if down else "A to Z"
    return f"{title}, {arrow}"
