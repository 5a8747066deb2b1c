"""parse_filters / format_filters."""

from __future__ import annotations

import pytest

from analytix_desktop.api.catalogue import format_filters, parse_filters
from analytix_desktop.api.errors import InvalidRequest


def test_round_trip() -> None:
    text = "video==a,b;country==US"
    assert parse_filters(text) == {"video": "a,b", "country": "US"}
    assert format_filters(parse_filters(text)) == text


def test_blank_parts_and_spaces_are_ignored() -> None:
    assert parse_filters(" ; country == US ;") == {"country": "US"}
    assert parse_filters("") == {}
    assert format_filters({}) == ""


@pytest.mark.parametrize("text", ["country", "==US", "country=US"])
def test_malformed(text: str) -> None:
    with pytest.raises(InvalidRequest) as info:
        parse_filters(text)
    assert info.value.kind == "value"
    assert info.value.field == "filters"


def test_repeated_key() -> None:
    with pytest.raises(InvalidRequest, match="given twice"):
        parse_filters("country==US;country==GB")
