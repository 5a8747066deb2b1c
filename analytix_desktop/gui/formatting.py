"""Human formats for report values: thousands separators, durations, percentages, money, dates."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

__all__ = [
    "format_count",
    "format_currency",
    "format_date",
    "format_duration",
    "format_metric",
    "format_month",
    "format_number",
    "format_percent",
    "metric_formatter",
]


def _missing(value: float | int | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_count(value: float | int | None) -> str:
    """``1234567`` -> ``1,234,567``; fractions are rounded to whole units."""
    if _missing(value):
        return ""
    assert value is not None
    return f"{round(value):,}"


def format_number(value: float | int | None, decimals: int = 2) -> str:
    """A float with thousands separators and up to ``decimals`` places (trailing zeros kept)."""
    if _missing(value):
        return ""
    assert value is not None
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{decimals}f}"


def format_duration(seconds: float | int | None) -> str:
    """Seconds as ``h:mm:ss`` (``m:ss`` under an hour); negative values keep their sign."""
    if _missing(seconds):
        return ""
    assert seconds is not None
    total = round(seconds)
    sign = "-" if total < 0 else ""
    total = abs(total)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours:,}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def format_percent(value: float | int | None, *, fraction: bool = False, decimals: int = 1) -> str:
    """A percentage; ``fraction=True`` when the value is a share of 1 (0.25 -> 25.0%)."""
    if _missing(value):
        return ""
    assert value is not None
    return f"{value * 100 if fraction else value:,.{decimals}f}%"


def format_currency(value: float | int | None, code: str = "USD") -> str:
    """Money with two decimals and its ISO code: ``1,234.50 USD``."""
    if _missing(value):
        return ""
    assert value is not None
    return f"{value:,.2f} {code}"


def format_date(value: dt.date | str | None) -> str:
    """A day as ``Tue 5 Mar 2024`` (ISO strings are accepted too)."""
    if value is None or value == "":
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day:%a} {day.day} {day:%b %Y}"


def format_month(value: dt.date | str | None) -> str:
    """A month as ``Mar 2024`` (from a date or ``YYYY-MM``)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        year, month = value.split("-")[:2]
        value = dt.date(int(year), int(month), 1)
    return f"{value:%b %Y}"


def metric_formatter(
    unit: str, data_type: str = "FLOAT", currency: str = "USD", name: str = ""
) -> Callable[[float | int | None], str]:
    """The formatting function for a metric of ``unit`` (a catalogue Metric's unit).

    "rate" is money per thousand (CPM); a "ratio" named ``...Rate`` is a click-through
    share shown as a percentage, other ratios (audience watch ratio) as decimals.
    """
    if unit == "seconds":
        return format_duration
    if unit == "minutes":
        return lambda value: format_duration(None if _missing(value) else value * 60)  # type: ignore[operator]
    if unit == "percent":
        return format_percent
    if unit in ("currency", "rate"):
        return lambda value: format_currency(value, currency)
    if unit == "ratio" and name.endswith("Rate"):
        return lambda value: format_percent(value, fraction=True, decimals=2)
    if unit == "ratio":
        return lambda value: format_number(value, 3)
    if data_type == "INTEGER" or unit == "count":
        return format_count
    return format_number


def format_metric(
    value: float | int | None,
    unit: str,
    data_type: str = "FLOAT",
    currency: str = "USD",
    name: str = "",
) -> str:
    """Format one metric value (see ``metric_formatter``)."""
    return metric_formatter(unit, data_type, currency, name)(value)
