"""Query builders shared by the catalogue tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from analytix_desktop.api.catalogue import Query
from analytix_desktop.api.errors import InvalidRequest

START = dt.date(2024, 1, 1)
END = dt.date(2024, 3, 1)


def query(**fields: Any) -> Query:
    """A Query with fixed dates (so that month rules and day counts are stable)."""
    fields.setdefault("start_date", START)
    fields.setdefault("end_date", END)
    return Query(**fields)


def refusal(q: Query) -> InvalidRequest:
    """The InvalidRequest that validate raises for ``q``."""
    from analytix_desktop.api.catalogue import validate

    with pytest.raises(InvalidRequest) as info:
        validate(q)
    return info.value
