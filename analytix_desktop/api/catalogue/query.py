"""The Query record and the ``filters`` parameter syntax."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import InvalidRequest

__all__ = ["Query", "format_filters", "parse_filters", "split_values"]


def _today() -> dt.date:
    return dt.date.today()


def _four_weeks_ago() -> dt.date:
    return dt.date.today() - dt.timedelta(days=28)


@dataclass(frozen=True)
class Query:
    """A report query as the user gave it.

    ``filters`` holds raw values (``"a,b"`` for a list); a ``"-"`` prefix in
    ``sort_options`` sorts descending; ``max_results`` 0 means no limit.
    """

    dimensions: tuple[str, ...] = ()
    filters: dict[str, str] = field(default_factory=dict)
    metrics: tuple[str, ...] = ()
    sort_options: tuple[str, ...] = ()
    start_date: dt.date = field(default_factory=_four_weeks_ago)
    end_date: dt.date = field(default_factory=_today)
    max_results: int = 0
    start_index: int = 1
    currency: str = "USD"
    include_historical_data: bool = False

    @property
    def days(self) -> int:
        """Days in the date range, both ends included (0 if the range is reversed)."""
        return max((self.end_date - self.start_date).days + 1, 0)

    def values(self, key: str) -> list[str]:
        """The values of filter ``key`` (empty when the filter is absent)."""
        raw = self.filters.get(key)
        return split_values(raw) if raw is not None else []


def split_values(raw: str) -> list[str]:
    """Split a raw filter value on commas."""
    return [item.strip() for item in raw.split(",")]


def parse_filters(text: str) -> dict[str, str]:
    """``"video==a,b;country==US"`` -> ``{"video": "a,b", "country": "US"}``."""
    filters: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        key, sep, value = part.partition("==")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            raise InvalidRequest(
                f"filter {part!r} is not of the form 'key==value'",
                kind="value",
                field="filters",
                value=part,
            )
        if key in filters:
            raise InvalidRequest(
                f"filter '{key}' is given twice; list several values as '{key}==a,b'",
                kind="value",
                field="filters",
                value=key,
            )
        filters[key] = value
    return filters


def format_filters(filters: Mapping[str, str]) -> str:
    """``{"video": "a,b", "country": "US"}`` -> ``"video==a,b;country==US"``."""
    return ";".join(f"{key}=={value}" for key, value in filters.items())
