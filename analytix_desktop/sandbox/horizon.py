"""Which days have data: Google's reporting lag, and how far ahead the cubes reach."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

__all__ = ["LAG_DAYS", "data_horizon", "last_data_day"]

# Google has no data for the newest days yet: today and yesterday (UTC) are empty.
LAG_DAYS = 2


def last_data_day(today: date | None = None) -> date:
    """The newest day with data (UTC), given Google's reporting lag."""
    return (today or datetime.now(UTC).date()) - timedelta(days=LAG_DAYS)


def data_horizon() -> date:
    """The last day the cubes are built for: far enough ahead for a long-lived sandbox."""
    return datetime.now(UTC).date() + timedelta(days=45)
