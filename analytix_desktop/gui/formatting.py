"""Human formats for report values: thousands separators, durations, percentages, money, dates."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence

__all__ = [
    "axis_kind",
    "format_count",
    "format_currency",
    "format_date",
    "format_duration",
    "format_metric",
    "format_month",
    "format_number",
    "format_percent",
    "format_ticks",
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


def format_date(value: dt.date | str | None, *, weekday: bool = False) -> str:
    """A day as ``5 Mar 2024`` (``Tue 5 Mar 2024`` with ``weekday``); ISO strings are accepted."""
    if value is None or value == "":
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    text = f"{day.day} {day:%b %Y}"
    return f"{day:%a} {text}" if weekday else text


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


# Axis ticks ----------------------------------------------------------------------------

_SCALES = ((1e9, "B"), (1e6, "M"), (1e3, "K"))


def axis_kind(unit: str, name: str = "") -> str:
    """How the ticks of an axis showing metrics of ``unit`` read (see ``format_ticks``)."""
    if unit == "seconds":
        return "duration"
    if unit == "percent":
        return "percent"
    if unit == "ratio" and name.endswith("Rate"):
        return "fraction"
    return "number"


def _decimals(step: float) -> int:
    """Decimals that show ticks ``step`` apart exactly (0 for whole steps, at most 3)."""
    if not step > 0 or not math.isfinite(step):
        return 0
    return next((d for d in range(3) if abs(round(step, d) - step) <= step * 1e-6), 3)


def format_ticks(values: Sequence[float], step: float, kind: str = "number") -> list[str]:
    """Labels for axis ticks ``step`` apart, like the table's formats but compact.

    ``kind`` "number": ``5,000``, then one SI suffix for the whole axis from 10,000 up
    (``350K``, ``1.5M``, ``2B``; zero is ``0``); "duration": seconds as ``m:ss`` / ``h:mm:ss``;
    "percent": ``45%``; "fraction": a share of 1 as a percentage (0.25 -> ``25%``).
    """
    if not values:
        return []
    # A tick at zero may come out as -1e-12: never print "-0".
    values = [0.0 if abs(v) < abs(step) * 1e-6 else v for v in values]
    if kind == "duration":
        return [format_duration(v) for v in values]
    if kind in ("percent", "fraction"):
        factor = 100.0 if kind == "fraction" else 1.0
        decimals = _decimals(step * factor)
        return [f"{_trim(f'{v * factor:,.{decimals}f}')}%" for v in values]
    largest = max(abs(v) for v in values)
    scale, suffix = next(
        ((size, letter) for size, letter in _SCALES if largest >= 10_000 and largest >= size),
        (1.0, ""),
    )
    decimals = _decimals(step / scale)
    return [_trim(f"{v / scale:,.{decimals}f}") + (suffix if v else "") for v in values]


def _trim(number: str) -> str:
    """``1.50`` -> ``1.5``, ``4.0`` -> ``4``: ticks read better without trailing zeros."""
    return number.rstrip("0").rstrip(".") if "." in number else number
