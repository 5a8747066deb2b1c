"""Human formats of report values."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from analytix_desktop.gui.formatting import (
    axis_kind,
    format_count,
    format_currency,
    format_date,
    format_duration,
    format_metric,
    format_month,
    format_number,
    format_percent,
    format_ticks,
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
    assert format_date(dt.date(2024, 3, 5)) == "5 Mar 2024"
    assert format_date("2024-03-05", weekday=True) == "Tue 5 Mar 2024"
    assert format_month("2024-03") == "Mar 2024"
    assert format_month(dt.date(2024, 12, 1)) == "Dec 2024"
    assert format_date(None) == ""


def test_axis_ticks_read_like_the_table() -> None:
    assert format_ticks([0, 50_000, 350_000], 50_000) == ["0", "50K", "350K"]
    assert format_ticks([0, 500_000, 4_000_000], 500_000) == ["0", "0.5M", "4M"]
    assert format_ticks([1e9, 2.5e9], 5e8) == ["1B", "2.5B"]
    # Below 10,000 the numbers are short enough with separators; one suffix per axis.
    assert format_ticks([0, 2_000, 8_000], 2_000) == ["0", "2,000", "8,000"]
    assert format_ticks([5_000, 15_000], 5_000) == ["5K", "15K"]
    assert format_ticks([-1e-12, 0.2, 0.4], 0.2) == ["0", "0.2", "0.4"]
    assert format_ticks([-20_000, 0], 10_000) == ["-20K", "0"]
    assert format_ticks([0, 60, 3725], 60, "duration") == ["0:00", "1:00", "1:02:05"]
    assert format_ticks([0, 12.5, 25], 12.5, "percent") == ["0%", "12.5%", "25%"]
    assert format_ticks([0, 0.25, 1], 0.25, "fraction") == ["0%", "25%", "100%"]
    assert format_ticks([], 1) == []
    assert axis_kind("seconds") == "duration"
    assert axis_kind("percent") == "percent"
    assert axis_kind("ratio", "cardClickRate") == "fraction"
    assert axis_kind("ratio", "audienceWatchRatio") == "number"
    assert axis_kind("minutes") == axis_kind("currency") == "number"
