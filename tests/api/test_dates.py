"""The one parser of the API's ``day`` and ``month`` values."""

from __future__ import annotations

import datetime as dt

import pytest

from analytix_desktop.api.dates import parse_day, parse_days, parse_month, parse_months


def test_days_and_months() -> None:
    assert parse_day("2024-03-05") == dt.date(2024, 3, 5)
    assert parse_month("2024-03") == dt.date(2024, 3, 1)
    assert parse_days(["2024-02-29", "2024-03-01"]) == [dt.date(2024, 2, 29), dt.date(2024, 3, 1)]
    assert parse_months(["2023-12", "2024-01"]) == [dt.date(2023, 12, 1), dt.date(2024, 1, 1)]
    assert parse_days([]) == []


@pytest.mark.parametrize(
    "text", ["20240305", "2024-W10-1", "2024-3-5", "2024-02-30", "2024-03", " 2024-03-05", 20240305]
)
def test_what_is_not_a_day(text: str) -> None:
    with pytest.raises(ValueError, match="day"):
        parse_day(text)
    with pytest.raises(ValueError, match="day"):
        parse_days(["2024-01-01", text])


@pytest.mark.parametrize("text", ["2024-3", "2024-13", "202403", "2024-03-01", "2024W10", None])
def test_what_is_not_a_month(text: str) -> None:
    with pytest.raises(ValueError, match="month"):
        parse_month(text)
