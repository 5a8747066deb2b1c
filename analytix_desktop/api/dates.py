"""The API's calendar values: ``day`` (``YYYY-MM-DD``) and ``month`` (``YYYY-MM``).

The one place that turns them into dates; ``fromisoformat`` alone would also take
``20240305`` and week dates such as ``2024-W10-1``. The Reporting API's bulk reports
write days as ``YYYYMMDD`` (:func:`parse_compact_day`). Google's days and quotas are
Pacific-time ones (:data:`PACIFIC`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from operator import itemgetter
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["PACIFIC", "parse_compact_day", "parse_day", "parse_days", "parse_month", "parse_months"]

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}", re.ASCII)
_DASHES = itemgetter(4, 7)
_COMPACT_DAY = re.compile(r"[0-9]{8}", re.ASCII)

try:
    PACIFIC: dt.tzinfo = ZoneInfo("America/Los_Angeles")
except ZoneInfoNotFoundError:  # a system without a time-zone database: standard time
    PACIFIC = dt.timezone(dt.timedelta(hours=-8))


def parse_day(text: str) -> dt.date:
    """``"2024-03-05"`` -> ``date(2024, 3, 5)``; ``ValueError`` for anything else."""
    if not isinstance(text, str) or _DAY.fullmatch(text) is None:
        raise ValueError(f"not a day (YYYY-MM-DD): {text!r}")
    return dt.date.fromisoformat(text)


def parse_compact_day(text: str) -> dt.date:
    """``"20240305"`` -> ``date(2024, 3, 5)``; ``ValueError`` for anything else."""
    if not isinstance(text, str) or _COMPACT_DAY.fullmatch(text) is None:
        raise ValueError(f"not a date (YYYYMMDD): {text!r}")
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))


def parse_days(texts: Sequence[str]) -> list[dt.date]:
    """:func:`parse_day` of each, checked and parsed in C-level passes (report columns)."""
    try:
        shaped = not (set(map(len, texts)) - {10} or set(map(_DASHES, texts)) - {("-", "-")})
        if shaped:
            return list(map(dt.date.fromisoformat, texts))
    except (TypeError, ValueError):
        pass
    # Something is off: let the exact parser name the first bad value.
    return [parse_day(text) for text in texts]


def parse_month(text: str) -> dt.date:
    """``"2024-03"`` -> ``date(2024, 3, 1)``, the first of the month; ``ValueError`` otherwise."""
    if not isinstance(text, str) or _MONTH.fullmatch(text) is None:
        raise ValueError(f"not a month (YYYY-MM): {text!r}")
    return dt.date.fromisoformat(f"{text}-01")


def parse_months(texts: Iterable[str]) -> list[dt.date]:
    """:func:`parse_month` of each."""
    return [parse_month(text) for text in texts]
