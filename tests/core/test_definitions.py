"""JSON report definitions: strict reading, exact round trips, ranges re-evaluated per run."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from analytix_desktop.api import catalogue
from analytix_desktop.core import definitions as definitions_module
from analytix_desktop.core.definitions import (
    DefinitionError,
    ReportDefinition,
    read_definitions,
    write_definitions,
)
from analytix_desktop.core.ranges import PRESET_OF_RANGE, RANGE_OF_PRESET, named_range

README_EXAMPLE: dict[str, Any] = {
    "name": "Daily views",
    "dimensions": ["day"],
    "metrics": ["views", "estimatedMinutesWatched"],
    "filters": {},
    "sort": ["day"],
    "max_results": 0,
    "range": "last_28_days",
    "currency": "USD",
}
TODAY = dt.date(2024, 3, 15)


def test_the_readme_example_reads_and_writes_back_unchanged() -> None:
    definition = ReportDefinition.from_json(README_EXAMPLE)
    assert definition.name == "Daily views"
    assert definition.metrics == ("views", "estimatedMinutesWatched")
    assert definition.range == "last_28_days"
    assert definition.channel_id is None
    assert definition.to_json() == README_EXAMPLE


def test_fixed_dates_and_a_channel_round_trip() -> None:
    data = {
        **README_EXAMPLE,
        "filters": {"country": "US"},
        "sort": ["-views"],
        "max_results": 10,
        "range": {"start": "2024-01-01", "end": "2024-01-31"},
        "currency": "EUR",
        "channel": "UC_abc",
    }
    definition = ReportDefinition.from_json(data)
    assert definition.range == (dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert definition.channel_id == "UC_abc"
    assert definition.to_json() == data
    assert ReportDefinition.from_json(definition.to_json()) == definition


def test_optional_keys_take_their_defaults() -> None:
    definition = ReportDefinition.from_json(
        {"name": "n", "metrics": ["views"], "range": "lifetime"}
    )
    assert (definition.dimensions, definition.filters, definition.sort) == ((), {}, ())
    assert (definition.max_results, definition.currency) == (0, "USD")


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"metrics": ["views", "vews"]}, "metrics", "'vews' is not a metric"),
        ({"metrics": "views"}, "metrics", "list"),
        ({"metrics": ["views", "views"]}, "metrics", "twice"),
        ({"dimensions": ["dya"]}, "dimensions", "'dya' is not a dimension"),
        ({"filters": {"contry": "US"}}, "filters", "'contry' is not a filter"),
        ({"filters": {"country": 1}}, "filters", "non-empty text"),
        ({"filters": ["country==US"]}, "filters", "object"),
        ({"sort": ["-vews"]}, "sort", "'-vews'"),
        ({"max_results": -1}, "max_results", "whole number"),
        ({"max_results": True}, "max_results", "whole number"),
        ({"max_results": 2.5}, "max_results", "whole number"),
        ({"range": "last_29_days"}, "range", "last_28_days"),
        ({"range": {"start": "2024-02-30", "end": "2024-03-01"}}, "range", "2024-02-30"),
        ({"range": {"start": "20240101", "end": "2024-03-01"}}, "range", "YYYY-MM-DD"),
        ({"range": {"start": "2024-03-02", "end": "2024-03-01"}}, "range", "after"),
        ({"range": {"start": "2024-03-01"}}, "range", "start"),
        ({"currency": "DEM"}, "currency", "'EUR'"),
        ({"currency": "XYZ"}, "currency", "'XYZ' is not a currency"),
        ({"name": "  "}, "name", "non-empty"),
        ({"channel": 5}, "channel", "non-empty"),
        ({"colour": "red"}, "colour", "not a definition key"),
    ],
)
def test_a_bad_field_is_named(change: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        ReportDefinition.from_json({**README_EXAMPLE, **change})
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")
    assert words in str(caught.value)


@pytest.mark.parametrize("key", ["name", "metrics", "range"])
def test_a_required_key_missing_is_named(key: str) -> None:
    data = {k: v for k, v in README_EXAMPLE.items() if k != key}
    with pytest.raises(DefinitionError, match=f"^{key}: is missing"):
        ReportDefinition.from_json(data)


def test_not_an_object_is_refused() -> None:
    with pytest.raises(DefinitionError, match="JSON object"):
        ReportDefinition.from_json(["name"])


def test_every_range_name_maps_to_a_builder_preset() -> None:
    assert set(PRESET_OF_RANGE) == {
        "last_7_days",
        "last_28_days",
        "last_90_days",
        "last_365_days",
        "this_week",
        "this_month",
        "last_month",
        "this_year",
        "last_year",
        "lifetime",
    }
    assert {RANGE_OF_PRESET[key] for key in PRESET_OF_RANGE.values()} == set(PRESET_OF_RANGE)
    assert named_range("last_7_days", TODAY) == (dt.date(2024, 3, 7), dt.date(2024, 3, 13))
    assert named_range("last_month", TODAY) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert named_range("lifetime", TODAY, dt.date(2020, 5, 1)) == (
        dt.date(2020, 5, 1),
        dt.date(2024, 3, 13),
    )
    with pytest.raises(KeyError):
        named_range("last28", TODAY)


def test_a_range_name_is_evaluated_on_each_run_s_day() -> None:
    definition = ReportDefinition.from_json(README_EXAMPLE)
    first = definition.query(today=TODAY)
    later = definition.query(today=TODAY + dt.timedelta(days=7))
    assert (first.start_date, first.end_date) == (dt.date(2024, 2, 15), dt.date(2024, 3, 13))
    assert (later.start_date, later.end_date) == (dt.date(2024, 2, 22), dt.date(2024, 3, 20))
    assert first.dimensions == ("day",)
    assert first.metrics == ("views", "estimatedMinutesWatched")
    assert first.sort_options == ("day",)
    catalogue.validate(first)


def test_lifetime_starts_at_the_channel_s_creation_and_months_snap() -> None:
    definition = ReportDefinition.from_json(
        {**README_EXAMPLE, "dimensions": ["month"], "sort": ["month"], "range": "lifetime"}
    )
    query = definition.query(today=TODAY, lifetime_start=dt.date(2019, 6, 20))
    assert (query.start_date, query.end_date) == (dt.date(2019, 6, 1), dt.date(2024, 3, 1))
    catalogue.validate(query)


def test_fixed_dates_stay_and_start_end_override_them() -> None:
    definition = ReportDefinition.from_json(
        {**README_EXAMPLE, "range": {"start": "2023-01-01", "end": "2023-01-31"}}
    )
    query = definition.query(today=TODAY)
    assert (query.start_date, query.end_date) == (dt.date(2023, 1, 1), dt.date(2023, 1, 31))
    override = definition.query(start=dt.date(2022, 5, 1), end=dt.date(2022, 5, 3))
    assert (override.start_date, override.end_date) == (dt.date(2022, 5, 1), dt.date(2022, 5, 3))


def test_from_query_keeps_the_query_and_checks_names() -> None:
    query = catalogue.Query(
        dimensions=("country",),
        metrics=("views",),
        filters={"continent": "002"},
        sort_options=("-views",),
        max_results=5,
        currency="JPY",
    )
    definition = ReportDefinition.from_query("Top", query, "last_90_days", channel_id="UC1")
    again = definition.query(today=TODAY)
    assert (again.dimensions, again.metrics, again.filters) == (
        query.dimensions,
        query.metrics,
        query.filters,
    )
    assert (again.sort_options, again.max_results, again.currency) == (("-views",), 5, "JPY")
    assert definition.channel_id == "UC1"
    with pytest.raises(DefinitionError, match=r"^range: "):
        ReportDefinition.from_query("Top", query, "custom")


def test_files_round_trip_as_indented_utf8(tmp_path: Path) -> None:
    path = tmp_path / "defs.json"
    saved = [
        ReportDefinition.from_json({**README_EXAMPLE, "name": "Vues quotidiennes é"}),
        ReportDefinition.from_json(
            {**README_EXAMPLE, "range": {"start": "2024-01-01", "end": "2024-01-02"}}
        ),
    ]
    write_definitions(path, saved)
    text = path.read_bytes().decode("utf-8")
    assert "Vues quotidiennes é" in text
    assert '\n  {\n    "name"' in text
    assert read_definitions(path) == saved
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left


def test_a_file_may_hold_one_object(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(README_EXAMPLE), encoding="utf-8")
    assert read_definitions(path) == [ReportDefinition.from_json(README_EXAMPLE)]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"{not json", "not JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"name": "a", "name": "b", "metrics": ["views"], "range": "lifetime"}', "twice"),
        (b'{"name": "a", "metrics": ["views"], "range": "lifetime", "max_results": NaN}', "NaN"),
    ],
)
def test_a_bad_file_names_itself(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(DefinitionError) as caught:
        read_definitions(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert words in str(caught.value)


def test_the_bad_definition_in_a_list_is_located(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(
        json.dumps([README_EXAMPLE, {**README_EXAMPLE, "metrics": ["vews"]}]), encoding="utf-8"
    )
    with pytest.raises(DefinitionError) as caught:
        read_definitions(path)
    assert str(caught.value) == f"{path}, definition 2: metrics: 'vews' is not a metric"
    assert caught.value.field == "metrics"


def test_an_oversized_file_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(definitions_module, "MAX_FILE_BYTES", 64)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(README_EXAMPLE), encoding="utf-8")
    with pytest.raises(DefinitionError, match="larger than"):
        read_definitions(path)


def test_a_missing_file_is_an_os_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(OSError, match=r"absent\.json"):
        read_definitions(tmp_path / "absent.json")
