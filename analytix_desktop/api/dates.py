"""The API's calendar values: ``day`` (``YYYY-MM-DD``) and ``month`` (``YYYY-MM``).

The one place that turns them into dates; ``fromisoformat`` alone would also take
``20240305`` and week dates such as ``2024-W10-1``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from operator import itemgetter

__all__ = ["parse_day", "parse_days", "parse_month", "parse_months"]

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}", re.ASCII)
_DASHES = itemgetter(4, 7)


def parse_day(text: str) -> dt.date:
    """``"2024-03-05"`` -> ``date(2024, 3, 5)``; ``ValueError`` for anything else."""
    if not isinstance(text, str) or _DAY.fullmatch(text) is None:
        raise ValueError(f"not a day (YYYY-MM-DD): {text!r}")
    return dt.date.fromisoformat(text)


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
