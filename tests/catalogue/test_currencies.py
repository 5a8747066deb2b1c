"""The currency parameter: active ISO 4217 codes only; retired ones name their successor."""

from __future__ import annotations

import pytest

from analytix_desktop.api.catalogue import CURRENCIES, RETIRED_CURRENCIES, validate

from .support import query, refusal


@pytest.mark.parametrize(
    ("code", "replacement"),
    [("HRK", "EUR"), ("MRO", "MRU"), ("STD", "STN"), ("VEF", "VES"), ("SLL", "SLE"),
     ("CUC", "CUP"), ("ZWL", "ZWG"), ("ANG", "XCG"), ("BYR", "BYN"), ("LTL", "EUR"),
     ("LVL", "EUR")],
)  # fmt: skip
def test_retired_codes_are_refused_naming_their_successor(code: str, replacement: str) -> None:
    assert code not in CURRENCIES
    error = refusal(query(metrics=("views",), currency=code))
    assert (error.kind, error.field, error.value) == ("value", "currency", code)
    assert f"'{code}'" in str(error)
    assert "withdrawn from ISO 4217" in str(error)
    assert f"use '{replacement}' ({CURRENCIES[replacement]})" in str(error)


def test_every_successor_is_an_active_code() -> None:
    assert not RETIRED_CURRENCIES.keys() & CURRENCIES.keys()
    assert {r.replacement for r in RETIRED_CURRENCIES.values()} <= CURRENCIES.keys()


@pytest.mark.parametrize("code", ["XCG", "ZWG", "SLE", "STN", "MRU", "VES", "VED", "EUR"])
def test_current_codes_are_accepted(code: str) -> None:
    assert validate(query(metrics=("views",), currency=code))


def test_unknown_codes_keep_the_general_message() -> None:
    error = refusal(query(metrics=("views",), currency="XYZ"))
    assert "unknown currency 'XYZ'" in str(error)
