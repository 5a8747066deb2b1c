"""Human formats for report values, in the user's locale (QLocale's default), and units as
YouTube Studio shows them: watch time in hours, durations as m:ss, money with its currency.

One QLocale is kept for every call (``refresh_locale`` after ``QLocale.setDefault``): the
table formats each visible cell on demand, so no call may build a locale of its own.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Sequence
from typing import Literal

from PySide6.QtCore import QDate, QDateTime, QLocale, QObject, QTime, Signal

from ..api.dates import parse_day, parse_month

__all__ = [
    "axis_kind",
    "currency_symbol",
    "display_changes",
    "format_count",
    "format_currency",
    "format_date",
    "format_duration",
    "format_metric",
    "format_moment",
    "format_month",
    "format_number",
    "format_percent",
    "format_ticks",
    "format_timestamp",
    "format_watch_time",
    "is_watch_time",
    "metric_formatter",
    "plain_title",
    "qdate",
    "refresh_locale",
    "set_watch_time_unit",
    "unit_suffix",
    "watch_time_unit",
]

WatchTimeUnit = Literal["hours", "minutes"]
Formatter = Callable[[float | int | None], str]


class _DisplayChanges(QObject):
    """``changed`` is emitted when the watch time unit changes: views re-read their texts."""

    changed = Signal()


display_changes = _DisplayChanges()
_state: dict[str, object] = {"watch_time": "hours"}


def set_watch_time_unit(unit: WatchTimeUnit) -> None:
    """Show watch time in ``"hours"`` (Studio's default) or ``"minutes"`` everywhere."""
    if unit not in ("hours", "minutes"):
        raise ValueError(f"unknown watch time unit {unit!r}")
    if _state["watch_time"] != unit:
        _state["watch_time"] = unit
        display_changes.changed.emit()


def watch_time_unit() -> WatchTimeUnit:
    """The unit watch time is shown in (see ``set_watch_time_unit``)."""
    return "minutes" if _state["watch_time"] == "minutes" else "hours"


# The locale -----------------------------------------------------------------------------

_cache: dict[str, object] = {}


def refresh_locale() -> None:
    """Forget the cached locale and formats (call after ``QLocale.setDefault``)."""
    _cache.clear()


def _locale() -> QLocale:
    locale = _cache.get("locale")
    if not isinstance(locale, QLocale):
        locale = QLocale()
        # The C locale omits thousands separators; every real locale has them.
        locale.setNumberOptions(QLocale.NumberOption.DefaultNumberOptions)
        _cache["locale"] = locale
    return locale


def _date_formats() -> tuple[str, str, str]:
    """The locale's day, weekday-and-day and month formats with short month names.

    Derived from its long date format, so the order and separators are the locale's own
    (``5 Mar 2024``, ``Mar 5, 2024``, ``5. März 2024``, ``2024年3月5日``).
    """
    formats = _cache.get("dates")
    if isinstance(formats, tuple):
        return formats
    long = _locale().dateFormat(QLocale.FormatType.LongFormat).replace("MMMM", "MMM")
    with_weekday = long.replace("dddd", "ddd")
    day = re.sub(r"[\s,]*dddd[\s,.]*", " ", long).strip()
    month = re.sub(r"(?<![d'A-Za-z])d{1,2}(?![dA-Za-z])(?:日|일)?[.,]?\s*(?:'[^']*'\s*)?", "", day)
    formats = (day, with_weekday, month.strip(" ,.") or "MMM yyyy")
    _cache["dates"] = formats
    return formats


def _missing(value: float | int | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _fixed(value: float, decimals: int) -> str:
    return _locale().toString(float(value), "f", decimals)


# Values ---------------------------------------------------------------------------------


def format_count(value: float | int | None) -> str:
    """``1234567`` -> ``1,234,567`` (in the locale); fractions are rounded to whole units."""
    if _missing(value):
        return ""
    assert value is not None
    return _locale().toString(round(value))


def format_number(value: float | int | None, decimals: int = 2) -> str:
    """A float with thousands separators and up to ``decimals`` places (trailing zeros kept)."""
    if _missing(value):
        return ""
    assert value is not None
    if isinstance(value, int):
        return _locale().toString(value)
    return _fixed(value, decimals)


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
        return f"{sign}{_locale().toString(hours)}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def format_percent(value: float | int | None, *, fraction: bool = False, decimals: int = 1) -> str:
    """A percentage; ``fraction=True`` when the value is a share of 1 (0.25 -> 25.0%)."""
    if _missing(value):
        return ""
    assert value is not None
    return _fixed(value * 100 if fraction else value, decimals) + _locale().percent()


@functools.cache
def _unique_symbols() -> dict[str, str]:
    """ISO code -> the shortest symbol of it that no other currency uses, of every locale."""
    owners: dict[str, set[str]] = {}
    every = QLocale.matchingLocales(
        QLocale.Language.AnyLanguage, QLocale.Script.AnyScript, QLocale.Country.AnyCountry
    )
    for other in every:
        iso = other.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode)
        symbol = other.currencySymbol(QLocale.CurrencySymbolFormat.CurrencySymbol)
        if iso and symbol and symbol != iso:
            owners.setdefault(symbol, set()).add(iso)
    symbols: dict[str, str] = {}
    for symbol, isos in sorted(owners.items(), key=lambda item: (len(item[0]), item[0])):
        if len(isos) == 1:
            symbols.setdefault(next(iter(isos)), symbol)
    return symbols


def currency_symbol(code: str) -> str:
    """The symbol of ISO currency ``code`` as QLocale knows it, or ``code`` itself.

    The locale's own currency gets its own symbol ("$" for USD in the US); another one
    gets a symbol only no other currency uses ("€", "US$", "CA$"), never a bare "$".
    """
    locale = _locale()
    if locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode) == code:
        return locale.currencySymbol() or code
    return _unique_symbols().get(code, code)


def format_currency(value: float | int | None, code: str = "USD") -> str:
    """Money with two decimals and its currency: ``$1,234.50``, ``1.234,50 €``, ``2.50 JPY``."""
    if _missing(value):
        return ""
    assert value is not None
    locale = _locale()
    symbol = currency_symbol(code)
    if symbol == code:
        return f"{_fixed(value, 2)} {code}"
    if locale.language() == QLocale.Language.C:  # C has no currency pattern of its own
        sign = "-" if value < 0 else ""
        return f"{sign}{symbol}{_fixed(abs(value), 2)}"
    return locale.toCurrencyString(float(value), symbol, 2)


def qdate(day: dt.date) -> QDate:
    """``day`` as Qt's date."""
    return QDate(day.year, day.month, day.day)


def format_date(value: dt.date | str | None, *, weekday: bool = False) -> str:
    """A day in the locale with a short month name (``5 Mar 2024``); ISO strings accepted."""
    if value is None or value == "":
        return ""
    day = parse_day(value) if isinstance(value, str) else value
    plain, with_weekday, _ = _date_formats()
    date = qdate(day)
    return _locale().toString(date, with_weekday if weekday else plain)


def format_month(value: dt.date | str | None) -> str:
    """A month in the locale (``Mar 2024``, from a date or ``YYYY-MM``)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = parse_month(value)
    return _locale().toString(QDate(value.year, value.month, 1), _date_formats()[2])


def format_timestamp(seconds: float, qt_format: str) -> str:
    """POSIX ``seconds`` (read at UTC) in a Qt date-time format, with the locale's names."""
    moment = dt.datetime.fromtimestamp(seconds, dt.UTC)
    value = QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute, moment.second),
    )
    return _locale().toString(value, qt_format)


def format_moment(seconds: float) -> str:
    """POSIX ``seconds`` as a local date and time (``5 Mar 2024 14:02``)."""
    moment = dt.datetime.fromtimestamp(seconds)
    time = _locale().toString(
        QTime(moment.hour, moment.minute), _locale().timeFormat(QLocale.FormatType.ShortFormat)
    )
    return f"{format_date(moment.date())} {time}"


def metric_formatter(
    unit: str,
    data_type: str = "FLOAT",
    currency: str = "USD",
    name: str = "",
) -> Formatter:
    """The formatting function for a metric of ``unit`` (a catalogue Metric's unit).

    Watch time (additive minutes) reads in hours or minutes as ``watch_time_unit`` says
    when it is called; an average of minutes reads as a duration. "rate" is money per
    thousand (CPM); ratios are shares shown as percentages, except views per start.
    """
    if unit == "seconds":
        return format_duration
    if is_watch_time(unit, name):
        return format_watch_time
    if unit == "minutes":
        return lambda value: format_duration(None if _missing(value) else value * 60)  # type: ignore[operator]
    if unit == "percent":
        return format_percent
    if unit in ("currency", "rate"):
        return lambda value: format_currency(value, currency)
    if unit == "ratio" and name == "viewsPerPlaylistStart":
        return lambda value: format_number(value, 2)
    if unit == "ratio":
        return lambda value: format_percent(
            value, fraction=True, decimals=2 if "Rate" in name or name.endswith("Ctr") else 1
        )
    if data_type == "INTEGER" or unit == "count":
        return format_count
    return format_number


def is_watch_time(unit: str, name: str) -> bool:
    """Whether a metric is watch time (minutes watched, not an average time in minutes)."""
    return unit == "minutes" and "MinutesWatched" in name


def unit_suffix(unit: str, name: str = "", currency: str = "USD") -> str:
    """What a header adds to say the unit its cells are in ("hours", "USD"), or ""."""
    if is_watch_time(unit, name):
        return watch_time_unit()
    if unit in ("currency", "rate"):
        return currency
    return ""


def format_watch_time(minutes: float | int | None) -> str:
    """Watch time in the current unit: ``1,234.5`` hours, or whole minutes."""
    if _missing(minutes):
        return ""
    assert minutes is not None
    if watch_time_unit() == "hours":
        return _fixed(minutes / 60, 1)
    return format_count(minutes)


def format_metric(
    value: float | int | None,
    unit: str,
    data_type: str = "FLOAT",
    currency: str = "USD",
    name: str = "",
) -> str:
    """Format one metric value (see ``metric_formatter``)."""
    return metric_formatter(unit, data_type, currency, name)(value)


# Axis ticks -----------------------------------------------------------------------------

_SCALES = ((1e9, "B"), (1e6, "M"), (1e3, "K"))


def axis_kind(unit: str, name: str = "") -> str:
    """How the ticks of an axis showing metrics of ``unit`` read (see ``format_ticks``)."""
    if unit == "seconds":
        return "duration"
    if unit == "minutes":
        return "watch" if is_watch_time(unit, name) else "minutes"
    if unit == "percent":
        return "percent"
    if unit == "ratio" and name != "viewsPerPlaylistStart":
        return "fraction"
    return "number"


def _decimals(step: float) -> int:
    """Decimals that show ticks ``step`` apart exactly (0 for whole steps, at most 3)."""
    if not step > 0 or not math.isfinite(step):
        return 0
    return next((d for d in range(3) if abs(round(step, d) - step) <= step * 1e-6), 3)


def format_ticks(
    values: Sequence[float], step: float, kind: str = "number", largest: float | None = None
) -> list[str]:
    """Labels for axis ticks ``step`` apart, like the table's formats but compact.

    ``kind`` "number": ``5,000``, then one SI suffix for the whole axis from 10,000 up
    (``350K``, ``1.5M``, ``2B``; zero is ``0``), chosen from ``largest`` (the axis's
    biggest absolute value; default: of ``values``) so every tick of an axis agrees;
    "duration": seconds as ``m:ss`` / ``h:mm:ss``; "minutes": minutes as a duration;
    "watch": minutes in the watch time unit; "percent": ``45%``; "fraction": a share of 1
    as a percentage (0.25 -> ``25%``).
    """
    if not values:
        return []
    # A tick at zero may come out as -1e-12: never print "-0".
    values = [0.0 if abs(v) < abs(step) * 1e-6 else v for v in values]
    if kind == "duration":
        return [format_duration(v) for v in values]
    if kind == "minutes":
        return [format_duration(v * 60) for v in values]
    if kind == "watch" and watch_time_unit() == "hours":
        values, step = [v / 60 for v in values], step / 60
        largest = None if largest is None else largest / 60
    percent = _locale().percent()
    if kind in ("percent", "fraction"):
        factor = 100.0 if kind == "fraction" else 1.0
        decimals = _decimals(step * factor)
        return [_trim(_fixed(v * factor, decimals)) + percent for v in values]
    top = max(abs(v) for v in values) if largest is None else abs(largest)
    scale, suffix = next(
        ((size, letter) for size, letter in _SCALES if top >= 10_000 and top >= size),
        (1.0, ""),
    )
    decimals = _decimals(step / scale)
    return [_trim(_fixed(v / scale, decimals)) + (suffix if v else "") for v in values]


def _trim(number: str) -> str:
    """``1.50`` -> ``1.5``, ``4.0`` -> ``4``: ticks read better without trailing zeros."""
    point = _locale().decimalPoint()
    return number.rstrip("0").rstrip(point) if point in number else number


def plain_title(title: str) -> str:
    """A catalogue title without the unit it ends with: "Watch time (minutes)" -> "Watch time".

    Tables, charts and the builder say the unit they show instead.
    """
    return re.sub(r"\s*\((?:minutes|min|s)\)$", "", title)
