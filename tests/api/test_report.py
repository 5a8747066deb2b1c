"""The Report object: parsing a result table, typed values, totals."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from analytix_desktop.api.errors import MalformedResponse
from analytix_desktop.api.report import Report
from analytix_desktop.api.table import ColumnHeader, ColumnType, DataType, ResultTable


@dataclass(frozen=True)
class FakeType:
    """A report type stand-in: Report only uses the name."""

    name: str = "Time-based activity"


def header(name: str, data_type: str, column_type: str = "METRIC") -> dict[str, str]:
    return {"name": name, "columnType": column_type, "dataType": data_type}


def table(rows: list[list[Any]] | None = None, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "youtubeAnalytics#resultTable",
        "columnHeaders": [
            header("day", "STRING", "DIMENSION"),
            header("country", "STRING", "DIMENSION"),
            header("views", "INTEGER"),
            header("estimatedMinutesWatched", "INTEGER"),
            header("averageViewDuration", "INTEGER"),
            header("averageViewPercentage", "FLOAT"),
            header("estimatedRevenue", "FLOAT"),
        ],
        **extra,
    }
    if rows is not None:
        data["rows"] = rows
    return data


ROWS = [
    ["2024-01-01", "US", 100, 250, 150, 41.5, 1.25],
    ["2024-01-02", "GB", 300, 50, 10, 12.0, 0],
]


def test_structure() -> None:
    report = Report(table(ROWS), FakeType())
    assert report.shape == (2, 7)
    assert report.columns[:3] == ["day", "country", "views"]
    assert report.dimensions == ["day", "country"]
    assert report.metrics == [
        "views",
        "estimatedMinutesWatched",
        "averageViewDuration",
        "averageViewPercentage",
        "estimatedRevenue",
    ]
    assert report.type.name == "Time-based activity"
    assert report.resource.kind == "youtubeAnalytics#resultTable"
    assert report.resource.column_headers[0] == ColumnHeader(
        "day", DataType.STRING, ColumnType.DIMENSION
    )
    assert "Time-based activity" in repr(report)
    assert "2 rows" in repr(report)


def test_resource_data_round_trips() -> None:
    raw = table(ROWS)
    report = Report(copy.deepcopy(raw), FakeType())
    assert report.resource.data == raw
    assert ResultTable.from_json(report.resource.data) == report.resource
    assert report.data == raw


@pytest.mark.parametrize("rows", [None, []], ids=["omitted", "empty"])
def test_no_rows_is_an_empty_report(rows: list[list[Any]] | None) -> None:
    report = Report(table(rows), FakeType())
    assert report.shape == (0, 7)
    assert report.columns[0] == "day"
    assert report.column("views") == []
    assert report.rows_typed() == []
    totals = report.totals()
    assert totals["views"] == 0
    assert totals["estimatedRevenue"] == 0.0
    assert totals["averageViewDuration"] is None
    assert report.resource.data["rows"] == []


def test_typed_values() -> None:
    report = Report(table(ROWS), FakeType())
    assert report.column("day") == [dt.date(2024, 1, 1), dt.date(2024, 1, 2)]
    assert report.column("country") == ["US", "GB"]
    views = report.column("views")
    assert views == [100, 300]
    assert all(type(v) is int for v in views)
    revenue = report.column("estimatedRevenue")
    assert revenue == [1.25, 0.0]
    assert all(type(v) is float for v in revenue)  # a JSON 0 in a FLOAT column
    assert report.raw_column("estimatedRevenue") == [1.25, 0]
    assert report.rows_typed()[1] == (dt.date(2024, 1, 2), "GB", 300, 50, 10, 12.0, 0.0)


def test_month_is_the_first_of_the_month() -> None:
    data = {
        "kind": "youtubeAnalytics#resultTable",
        "columnHeaders": [header("month", "STRING", "DIMENSION"), header("views", "INTEGER")],
        "rows": [["2023-11", 5], ["2024-02", 7]],
    }
    report = Report(data, FakeType())
    assert report.column("month") == [dt.date(2023, 11, 1), dt.date(2024, 2, 1)]


def test_unknown_column_names_the_columns() -> None:
    report = Report(table(ROWS), FakeType())
    with pytest.raises(KeyError, match=r"likes.*day, country, views"):
        report.column("likes")


def test_bad_value_is_a_malformed_response() -> None:
    report = Report(table([["2024-13-01", "US", 1, 1, 1, 1.0, 1.0]]), FakeType())
    with pytest.raises(MalformedResponse, match=r"'day'.*'2024-13-01'"):
        report.column("day")
    report = Report(table([["2024-01-01", "US", "many", 1, 1, 1.0, 1.0]]), FakeType())
    with pytest.raises(MalformedResponse, match=r"'views'.*'many'"):
        report.column("views")


def test_a_hostile_table_is_not_echoed_whole() -> None:
    huge = "9" * 100_000 + "x"
    report = Report(table([["2024-01-01", "US", huge, 1, 1, 1.0, 1.0]]), FakeType())
    with pytest.raises(MalformedResponse) as caught:
        report.column("views")
    assert len(str(caught.value)) < 200
    headers = {"columnHeaders": [{"name": "v" * 10_000, "dataType": "X", "columnType": "Y"}]}
    with pytest.raises(MalformedResponse) as caught:
        Report(headers, FakeType())
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "must be a JSON object"),
        ({"kind": "youtube#groupListResponse", "columnHeaders": []}, "kind"),
        ({"kind": "youtubeAnalytics#resultTable"}, "columnHeaders"),
        ({"columnHeaders": [header("views", "BIGINT")]}, "unknown type"),
        ({"columnHeaders": [header("views", "INTEGER", "MEASURE")]}, "unknown type"),
        ({"columnHeaders": [{"dataType": "INTEGER", "columnType": "METRIC"}]}, "no name"),
        ({"columnHeaders": ["views"]}, "not an object"),
        ({"columnHeaders": [header("views", "INTEGER")] * 2}, "repeats"),
        ({"columnHeaders": [header("views", "INTEGER")], "rows": {"a": 1}}, "not a list"),
        ({"columnHeaders": [header("views", "INTEGER")], "rows": [[1], [1, 2]]}, "row 1 "),
        ({"columnHeaders": [header("views", "INTEGER")], "rows": [[1], "x"]}, "row 1 "),
    ],
)
def test_malformed_result_table(data: Any, message: str) -> None:
    with pytest.raises(MalformedResponse, match=message):
        Report(data, FakeType())


def test_totals() -> None:
    report = Report(table(ROWS), FakeType())
    totals = report.totals()
    assert totals["views"] == 400
    assert type(totals["views"]) is int
    assert totals["estimatedMinutesWatched"] == 300
    # Weighted: 60 * 300 minutes / 400 views, not the mean of the rows' averages.
    assert totals["averageViewDuration"] == pytest.approx(45.0)
    assert totals["averageViewPercentage"] is None
    assert totals["estimatedRevenue"] == pytest.approx(1.25)
    assert list(totals) == report.metrics


def test_weighted_total_needs_both_columns() -> None:
    data = {
        "kind": "youtubeAnalytics#resultTable",
        "columnHeaders": [header("views", "INTEGER"), header("averageViewDuration", "INTEGER")],
        "rows": [[3, 10], [1, 20]],
    }
    assert Report(data, FakeType()).totals() == {"views": 4, "averageViewDuration": None}


def test_weighted_cpm() -> None:
    data = {
        "kind": "youtubeAnalytics#resultTable",
        "columnHeaders": [
            header("grossRevenue", "FLOAT"),
            header("adImpressions", "INTEGER"),
            header("cpm", "FLOAT"),
        ],
        "rows": [[2.0, 1000, 2.0], [6.0, 1000, 6.0]],
    }
    assert Report(data, FakeType()).totals()["cpm"] == pytest.approx(4.0)


def test_with_a_catalogue_report_type() -> None:
    from analytix_desktop.api import catalogue

    report_type = catalogue.REPORT_TYPES[0]
    assert Report(table(ROWS), report_type).type.name == report_type.name
