"""Date ranges: builder presets, definition range names, Google's lag, month snapping."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "CUSTOM",
    "LAG_DAYS",
    "LIFETIME_START",
    "PRESETS",
    "PRESET_OF_RANGE",
    "RANGE_OF_PRESET",
    "SINCE_PUBLISHED",
    "YEARS_BACK",
    "Preset",
    "last_data_day",
    "named_range",
    "preset_range",
    "preset_title",
    "snap_to_months",
    "utc_today",
]

LAG_DAYS = 2
"""Google has no data yet for the newest days: today and yesterday (UTC)."""
LIFETIME_START = dt.date(2005, 4, 23)
"""The day of the first YouTube upload: no channel has data before it."""
CUSTOM = "custom"
SINCE_PUBLISHED = "since_published"
"""The preset that starts on the publication of the one video chosen in the filters."""
YEARS_BACK = (2, 3, 4)
"""Calendar years before last year offered by name ("2024"): keys ``years_ago_2``..."""


@dataclass(frozen=True)
class Preset:
    key: str
    title: str


PRESETS: tuple[Preset, ...] = (
    Preset("last7", "Last 7 days"),
    Preset("last28", "Last 28 days"),
    Preset("last90", "Last 90 days"),
    Preset("last365", "Last 365 days"),
    Preset("this_week", "This week"),
    Preset("this_month", "This month"),
    Preset("last_month", "Last month"),
    Preset("this_year", "This year"),
    Preset("last_year", "Last year"),
    *(Preset(f"years_ago_{back}", f"{back} years ago") for back in YEARS_BACK),
    Preset("lifetime", "Lifetime"),
    Preset(SINCE_PUBLISHED, "Since published"),
    Preset(CUSTOM, "Custom"),
)
_DAYS = {"last7": 7, "last28": 28, "last90": 90, "last365": 365}

PRESET_OF_RANGE: dict[str, str] = {
    "last_7_days": "last7",
    "last_28_days": "last28",
    "last_90_days": "last90",
    "last_365_days": "last365",
    "this_week": "this_week",
    "this_month": "this_month",
    "last_month": "last_month",
    "this_year": "this_year",
    "last_year": "last_year",
    "lifetime": "lifetime",
}
"""A report definition's range name -> the builder's preset key (the names are the README's).

Named years and "since published" have none: a report saved with them keeps fixed dates."""
RANGE_OF_PRESET: dict[str, str] = {key: name for name, key in PRESET_OF_RANGE.items()}
"""The builder's preset key -> a report definition's range name (no entry for custom dates)."""


def utc_today() -> dt.date:
    """Today in UTC, the calendar Google's reports use for the lag."""
    return dt.datetime.now(dt.UTC).date()


def last_data_day(today: dt.date | None = None) -> dt.date:
    """The newest day with data, given Google's reporting lag."""
    return (today or utc_today()) - dt.timedelta(days=LAG_DAYS)


def _month_start(day: dt.date, months_back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def preset_title(key: str, today: dt.date | None = None) -> str:
    """A preset's name in words on ``today``: a named year reads "2024"."""
    years_ago = _YEARS_AGO.get(key)
    if years_ago is not None:
        return str((today or utc_today()).year - years_ago)
    return _TITLES[key]


_TITLES = {preset.key: preset.title for preset in PRESETS}
_YEARS_AGO = {f"years_ago_{back}": back for back in YEARS_BACK}


def preset_range(
    key: str,
    today: dt.date | None = None,
    lifetime_start: dt.date | None = None,
    published: dt.date | None = None,
) -> tuple[dt.date, dt.date]:
    """The (start, end) dates of a preset; ``KeyError`` for an unknown or custom one.

    Rolling windows end on the newest day with data; calendar presets cover their
    whole period ("this week" from Monday up to today, "last month" the full previous
    month, "2024" that calendar year); "lifetime" starts on ``lifetime_start`` (the
    channel's creation) when it is known, "since published" on ``published`` (a
    ``KeyError`` without it).
    """
    today = today or utc_today()
    newest = last_data_day(today)
    if key in _DAYS:
        return newest - dt.timedelta(days=_DAYS[key] - 1), newest
    if key == "this_week":
        return today - dt.timedelta(days=today.weekday()), today
    if key in _YEARS_AGO:
        year = today.year - _YEARS_AGO[key]
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if key == "this_month":
        return _month_start(today), today
    if key == "last_month":
        start = _month_start(today, 1)
        return start, _month_start(today) - dt.timedelta(days=1)
    if key == "this_year":
        return dt.date(today.year, 1, 1), today
    if key == "last_year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    if key == "lifetime":
        start = max(lifetime_start or LIFETIME_START, LIFETIME_START)
        return min(start, newest), newest
    if key == SINCE_PUBLISHED and published is not None:
        return min(max(published, LIFETIME_START), newest), newest
    raise KeyError(key)


def snap_to_months(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """Month reports take whole months: both dates become the first of their month."""
    return start.replace(day=1), end.replace(day=1)


def named_range(
    name: str, today: dt.date | None = None, lifetime_start: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """The (start, end) dates of a definition's range name on ``today``; ``KeyError`` if unknown.

    Evaluated anew on every run, like the builder's presets ("lifetime" starts at the
    channel's creation when ``lifetime_start`` is known).
    """
    return preset_range(PRESET_OF_RANGE[name], today, lifetime_start)
