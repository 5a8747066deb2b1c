"""Human formats of report values: one locale, Studio's units."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale

from analytix_desktop.gui.formatting import (
    axis_kind,
    currency_symbol,
    format_count,
    format_currency,
    format_date,
    format_duration,
    format_metric,
    format_month,
    format_number,
    format_percent,
    format_ticks,
    metric_formatter,
    refresh_locale,
    set_watch_time_unit,
    watch_time_unit,
)


@pytest.fixture
def german() -> Iterator[None]:
    """The default locale German (Germany) for one test, then the one before."""
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    refresh_locale()
    yield
    QLocale.setDefault(previous)
    refresh_locale()


@pytest.fixture
def minutes() -> Iterator[None]:
    set_watch_time_unit("minutes")
    yield
    set_watch_time_unit("hours")


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


def test_watch_time_is_in_hours_and_averages_are_durations() -> None:
    watch = metric_formatter("minutes", "INTEGER", name="estimatedMinutesWatched")
    assert watch_time_unit() == "hours"
    assert watch(90) == "1.5"
    assert watch(1_234_567) == "20,576.1"
    assert format_metric(30, "minutes", "FLOAT", name="playlistEstimatedMinutesWatched") == "0.5"
    # An average time in minutes is a duration, not watch time.
    assert format_metric(1.5, "minutes", "FLOAT", name="averageTimeInPlaylist") == "1:30"
    assert format_metric(245, "seconds", "INTEGER") == "4:05"
    assert axis_kind("minutes", "estimatedMinutesWatched") == "watch"
    assert format_ticks([0, 60_000, 120_000], 60_000, "watch") == ["0", "1,000", "2,000"]


def test_watch_time_in_minutes_on_request(minutes: None) -> None:
    watch = metric_formatter("minutes", "INTEGER", name="estimatedMinutesWatched")
    assert watch(1_234_567) == "1,234,567"
    assert format_ticks([0, 600_000, 1_200_000], 600_000, "watch") == ["0", "0.6M", "1.2M"]
    with pytest.raises(ValueError, match="unit"):
        set_watch_time_unit("days")  # type: ignore[arg-type]


def test_percentages_ratios_and_money() -> None:
    assert format_percent(45.678) == "45.7%"
    assert format_metric(0.0123, "ratio", name="cardClickRate") == "1.23%"
    assert format_metric(3.456, "rate", "FLOAT", "EUR") == "€3.46"
    assert format_metric(33.3, "percent") == "33.3%"
    # Audience retention: 1.0 is 100% of the views.
    assert format_metric(0.98765, "ratio", name="audienceWatchRatio") == "98.8%"
    assert format_metric(1.8765, "ratio", name="viewsPerPlaylistStart") == "1.88"
    assert format_currency(1234.5, "EUR") == "€1,234.50"
    assert format_currency(-1234.5, "EUR") == "-€1,234.50"
    # "$" alone would be ambiguous outside the US (CAD, AUD…); "¥" is JPY's and CNY's.
    assert currency_symbol("USD") == "US$"
    assert format_currency(1234.5, "USD") == "US$1,234.50"
    assert format_metric(2.5, "currency", "FLOAT", "JPY") == "2.50 JPY"
    assert format_metric(1234, "count", "INTEGER") == "1,234"
    assert format_number(1234.5) == "1,234.50"
    assert format_metric(math.nan, "currency") == ""


def test_dates_and_months() -> None:
    assert format_date(dt.date(2024, 3, 5)) == "5 Mar 2024"
    assert format_date("2024-03-05", weekday=True) == "Tue, 5 Mar 2024"
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
    assert axis_kind("ratio", "audienceWatchRatio") == "fraction"
    assert axis_kind("minutes", "averageTimeInPlaylist") == "minutes"
    assert axis_kind("currency") == "number"
    # One suffix and one precision for a whole axis, whatever ticks one call gets.
    assert format_ticks([900_000], 100_000, largest=1_050_000) == ["0.9M"]
    assert format_ticks([1_000_000], 500_000, largest=1_050_000) == ["1M"]
    assert format_ticks([8_000], 2_000, largest=12_000) == ["8K"]


def test_one_locale_for_numbers_dates_and_months(german: None) -> None:
    assert format_count(1234567) == "1.234.567"
    assert format_number(1234.5) == "1.234,50"
    assert format_percent(45.678) == "45,7%"
    assert format_date(dt.date(2024, 3, 5)) == "5. März 2024"
    assert format_date("2024-03-05", weekday=True) == "Di., 5. März 2024"
    assert format_month("2024-03") == "März 2024"
    assert format_month(dt.date(2024, 12, 1)) == "Dez. 2024"
    assert format_currency(1234.5, "EUR") == "1.234,50\xa0€"
    assert format_ticks([0, 500_000, 1_000_000], 500_000) == ["0", "0,5M", "1M"]
    assert format_ticks([0, 0.25], 0.25, "fraction") == ["0%", "25%"]
    assert format_duration(3725) == "1:02:05"
    assert metric_formatter("minutes", name="estimatedMinutesWatched")(90) == "1,5"


def test_the_locale_is_made_once(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[int] = []
    original = QLocale.__init__

    def counting(self: QLocale, *args: object) -> None:
        made.append(1)
        original(self, *args)

    refresh_locale()
    format_count(1)
    monkeypatch.setattr(QLocale, "__init__", counting)
    for value in range(100):
        format_count(value)
        format_date(dt.date(2024, 1, 1 + value % 28))
        format_ticks([float(value)], 1.0)
    assert made == []
