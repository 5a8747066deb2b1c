"""Human formats of report values."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from analytix_desktop.gui.formatting import (
    format_count,
    format_currency,
    format_date,
    format_duration,
    format_metric,
    format_month,
    format_number,
    format_percent,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (999, "999"), (1000, "1,000"), (1234567, "1,234,567"), (12.6, "13"), (None, "")],
)
def test_counts_get_thousands_separators(value: float | None, text: str) -> None:
    assert format_count(value) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (59.4, "0:59"),
        (61, "1:01"),
        (3600, "1:00:00"),
        (3725, "1:02:05"),
        (360000, "100:00:00"),
        (-61, "-1:01"),
        (float("nan"), ""),
    ],
)
def test_durations_are_h_mm_ss(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_minutes_metrics_show_as_durations() -> None:
    assert format_metric(90, "minutes", "FLOAT") == "1:30:00"
    assert format_metric(1.5, "minutes", "FLOAT") == "1:30"
    assert format_metric(245, "seconds", "INTEGER") == "4:05"


def test_percentages_ratios_and_money() -> None:
    assert format_percent(45.678) == "45.7%"
    assert format_metric(0.0123, "ratio", name="cardClickRate") == "1.23%"
    assert format_metric(3.456, "rate", "FLOAT", "EUR") == "3.46 EUR"
    assert format_metric(33.3, "percent") == "33.3%"
    assert format_metric(0.98765, "ratio") == "0.988"
    assert format_currency(1234.5, "EUR") == "1,234.50 EUR"
    assert format_metric(2.5, "currency", "FLOAT", "JPY") == "2.50 JPY"
    assert format_metric(1234, "count", "INTEGER") == "1,234"
    assert format_number(1234.5) == "1,234.50"
    assert format_metric(math.nan, "currency") == ""


def test_dates_and_months() -> None:
    assert format_date(dt.date(2024, 3, 5)) == "Tue 5 Mar 2024"
    assert format_date("2024-03-05") == "Tue 5 Mar 2024"
    assert format_month("2024-03") == "Mar 2024"
    assert format_month(dt.date(2024, 12, 1)) == "Dec 2024"
    assert format_date(None) == ""
