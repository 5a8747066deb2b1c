"""Reporting API CSVs parsed into typed rows, refused when malformed, and exported."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from analytix_desktop.api import BulkReport
from analytix_desktop.api.bulk_codes import (
    TRAFFIC_SOURCE_NAMES,
    TRAFFIC_SOURCE_TYPES,
    traffic_source_name,
)
from analytix_desktop.api.bulk_report import ColumnKind, column_kind
from analytix_desktop.api.catalogue.values import TRAFFIC_SOURCES
from analytix_desktop.api.errors import MalformedResponse

COMBINED = "channel_reach_combined_a1"
COMBINED_HEADER = (
    "date,channel_id,video_id,traffic_source_type,traffic_source_detail,operating_system,"
    "device_type,video_thumbnail_impressions,video_thumbnail_impressions_ctr"
)
COMBINED_CSV = (
    COMBINED_HEADER + "\r\n"
    "20261120,UCchannel,-dashVideo,5,how to bake,4,104,1200,0.0512\r\n"
    '20261120,UCchannel,video2,9,"=HYPERLINK(""http://x.example"",""hi"")",2,101,30,0.1\r\n'
    "20261121,UCchannel,video2,3,,5,105,7,0\r\n"
).encode()

BASIC_A3_COLUMNS = [
    "date",
    "channel_id",
    "video_id",
    "live_or_on_demand",
    "subscribed_status",
    "country_code",
    "engaged_views",
    "views",
    "comments",
    "likes",
    "dislikes",
    "videos_added_to_playlists",
    "videos_removed_from_playlists",
    "shares",
    "watch_time_minutes",
    "average_view_duration_seconds",
    "average_view_duration_percentage",
    "annotation_click_through_rate",
    "annotation_close_rate",
    "annotation_impressions",
    "annotation_clickable_impressions",
    "annotation_closable_impressions",
    "annotation_clicks",
    "annotation_closes",
    "card_click_rate",
    "card_teaser_click_rate",
    "card_impressions",
    "card_teaser_impressions",
    "card_clicks",
    "card_teaser_clicks",
    "subscribers_gained",
    "subscribers_lost",
    "red_views",
    "red_watch_time_minutes",
]
BASIC_A3_FLOATS = {
    "watch_time_minutes",
    "average_view_duration_seconds",
    "average_view_duration_percentage",
    "annotation_click_through_rate",
    "annotation_close_rate",
    "card_click_rate",
    "card_teaser_click_rate",
    "red_watch_time_minutes",
}
BASIC_A3_TEXT = {"channel_id", "video_id", "live_or_on_demand", "subscribed_status", "country_code"}


def test_a_combined_report_is_typed_by_column() -> None:
    report = BulkReport.from_csv(COMBINED_CSV, COMBINED)
    assert report.report_type_id == COMBINED
    assert report.shape == (3, 9)
    assert report.rows[0] == (
        dt.date(2026, 11, 20),
        "UCchannel",
        "-dashVideo",
        5,
        "how to bake",
        4,
        104,
        1200,
        0.0512,
    )
    assert report.rows[1][4] == '=HYPERLINK("http://x.example","hi")'
    assert report.column("traffic_source_detail")[2] is None  # an empty cell
    assert report.column("video_thumbnail_impressions_ctr") == [0.0512, 0.1, 0.0]
    assert all(type(value) is float for value in report.column("video_thumbnail_impressions_ctr"))
    assert report.dimensions == COMBINED_HEADER.split(",")[:7]
    assert report.metrics == ["video_thumbnail_impressions", "video_thumbnail_impressions_ctr"]
    assert "3 rows x 9 columns" in repr(report)
    with pytest.raises(KeyError, match="video_thumbnail_impressions_ctr"):
        report.column("views")


def test_every_column_of_channel_basic_a3_has_its_kind() -> None:
    for name in BASIC_A3_COLUMNS:
        if name == "date":
            expected = ColumnKind.DATE
        elif name in BASIC_A3_FLOATS:
            expected = ColumnKind.FLOAT
        elif name in BASIC_A3_TEXT:
            expected = ColumnKind.TEXT
        else:
            expected = ColumnKind.INTEGER
        assert column_kind(name) is expected, name
    row = ["20261120", "UC1", "v1", "on_demand", "subscribed", "FR"] + ["3"] * 28
    body = (",".join(BASIC_A3_COLUMNS) + "\n" + ",".join(row) + "\n").encode()
    report = BulkReport.from_csv(body, "channel_basic_a3")
    typed = dict(zip(report.columns, report.rows[0], strict=True))
    assert typed["views"] == 3
    assert type(typed["views"]) is int
    assert typed["watch_time_minutes"] == 3.0
    assert type(typed["watch_time_minutes"]) is float
    assert typed["country_code"] == "FR"
    assert len(report.metrics) == 28


def test_codes_are_integer_dimensions() -> None:
    for name in ("traffic_source_type", "device_type", "operating_system"):
        assert column_kind(name) is ColumnKind.CODE
        assert not column_kind(name).is_metric


@pytest.mark.parametrize("body", [COMBINED_HEADER.encode(), (COMBINED_HEADER + "\r\n").encode()])
def test_a_header_only_body_has_no_rows(body: bytes) -> None:
    report = BulkReport.from_csv(body, COMBINED)
    assert report.rows == []
    assert report.columns == COMBINED_HEADER.split(",")


@pytest.mark.parametrize("body", [b"", b"\r\n", b"date,,views\n"])
def test_a_body_without_a_header_is_refused(body: bytes) -> None:
    with pytest.raises(MalformedResponse, match="header"):
        BulkReport.from_csv(body, COMBINED)


def test_a_body_cut_off_midway_is_refused() -> None:
    cut = COMBINED_CSV[: COMBINED_CSV.rindex(b",7,")]  # the last line loses its last cells
    with pytest.raises(MalformedResponse, match=r"line 4 .* has 7 cells, not 9"):
        BulkReport.from_csv(cut, COMBINED)


def test_a_row_wider_than_the_header_is_refused() -> None:
    body = COMBINED_HEADER.encode() + b"\n" + b"20261120,UC,v,5,,4,104,1,0.1,extra\n"
    with pytest.raises(MalformedResponse, match=r"line 2 .* has 10 cells, not 9"):
        BulkReport.from_csv(body, COMBINED)


def test_a_body_cut_inside_a_character_or_a_quote_is_refused() -> None:
    body = (COMBINED_HEADER + "\n20261120,UC,v,5,café").encode()
    with pytest.raises(MalformedResponse, match="UTF-8"):
        BulkReport.from_csv(body[:-1], COMBINED)
    with pytest.raises(MalformedResponse, match="not valid CSV"):
        BulkReport.from_csv(COMBINED_HEADER.encode() + b'\n20261120,UC,v,5,"open', COMBINED)


@pytest.mark.parametrize(
    ("cell_index", "cell", "column"),
    [
        (0, "2026-11-20", "date"),
        (0, "20261340", "date"),
        (3, "five", "traffic_source_type"),
        (7, "1.5", "video_thumbnail_impressions"),
        (7, "1_000", "video_thumbnail_impressions"),
        (7, " 12", "video_thumbnail_impressions"),
        (8, "nan", "video_thumbnail_impressions_ctr"),
        (8, "inf", "video_thumbnail_impressions_ctr"),
    ],
)
def test_a_cell_not_of_its_column_s_kind_is_refused(
    cell_index: int, cell: str, column: str
) -> None:
    cells = ["20261120", "UC", "v", "5", "", "4", "104", "1", "0.1"]
    cells[cell_index] = cell
    body = (COMBINED_HEADER + "\n" + ",".join(cells) + "\n").encode()
    with pytest.raises(MalformedResponse, match=f"line 2 .*column '{column}'"):
        BulkReport.from_csv(body, COMBINED)


def test_a_repeated_column_is_refused() -> None:
    with pytest.raises(MalformedResponse, match="twice"):
        BulkReport.from_csv(b"date,views,views\n20261120,1,2\n", "channel_basic_a3")


def test_csv_export_neutralises_only_free_text(tmp_path: Path) -> None:
    report = BulkReport.from_csv(COMBINED_CSV, COMBINED)
    written = report.to_csv(tmp_path / "reach")
    assert written == tmp_path / "reach.csv"
    with written.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == COMBINED_HEADER.split(",")
    assert rows[1] == [
        "2026-11-20",
        "UCchannel",
        "-dashVideo",  # an id starting like a formula is left alone
        "5",
        "how to bake",
        "4",
        "104",
        "1200",
        "0.0512",
    ]
    assert rows[2][4] == '\'=HYPERLINK("http://x.example","hi")'
    assert rows[3][4] == ""  # an empty cell stays empty
    raw = report.to_csv(tmp_path / "raw.csv", neutralise_formulas=False)
    with raw.open(newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle))[2][4].startswith("=HYPERLINK")
    with pytest.raises(FileExistsError):
        report.to_csv(written)


def test_json_export_keeps_types_and_empty_cells(tmp_path: Path) -> None:
    report = BulkReport.from_csv(COMBINED_CSV, COMBINED)
    data = json.loads(report.to_json(tmp_path / "reach").read_text(encoding="utf-8"))
    assert data["reportTypeId"] == COMBINED
    assert [header["name"] for header in data["columnHeaders"]] == report.columns
    assert data["columnHeaders"][3] == {
        "name": "traffic_source_type",
        "columnType": "DIMENSION",
        "dataType": "INTEGER",
    }
    assert data["rows"][0][:4] == ["2026-11-20", "UCchannel", "-dashVideo", 5]
    assert data["rows"][2][4] is None


def test_data_frames_have_the_column_types() -> None:
    report = BulkReport.from_csv(COMBINED_CSV, COMBINED)
    frame = report.to_pandas()
    assert str(frame["date"].dtype).startswith("datetime64")
    assert frame["video_thumbnail_impressions"].dtype == "int64"
    assert frame["traffic_source_type"].dtype == "int64"
    assert frame["video_thumbnail_impressions_ctr"].dtype == "float64"
    assert frame["traffic_source_detail"].isna().tolist() == [False, False, True]
    polars = report.to_polars()
    assert str(polars.schema["date"]) == "Date"
    assert str(polars.schema["video_thumbnail_impressions"]) == "Int64"
    assert polars["traffic_source_detail"].null_count() == 1
    arrow = report.to_arrow()
    assert str(arrow.schema.field("date").type) == "date32[day]"
    assert str(arrow.schema.field("video_thumbnail_impressions_ctr").type) == "double"
    assert arrow.column("date").to_pylist()[0] == dt.date(2026, 11, 20)
    assert report.to_arrow(skip_date_conversion=True).column("date").to_pylist()[0] == "2026-11-20"


def test_an_empty_count_makes_a_nullable_integer_column() -> None:
    body = COMBINED_HEADER.encode() + b"\n20261120,UC,v,5,,4,104,,0.1\n20261120,UC,w,5,,4,104,2,\n"
    report = BulkReport.from_csv(body, COMBINED)
    assert report.column("video_thumbnail_impressions") == [None, 2]
    frame = report.to_pandas()
    assert frame["video_thumbnail_impressions"].dtype == "Int64"
    assert frame["video_thumbnail_impressions_ctr"].isna().tolist() == [False, True]
    assert report.to_arrow().column("video_thumbnail_impressions").null_count == 1


def test_header_only_reports_export_empty_frames(tmp_path: Path) -> None:
    report = BulkReport.from_csv(COMBINED_HEADER.encode(), COMBINED)
    assert report.to_pandas().shape == (0, 9)
    assert report.to_polars().shape == (0, 9)
    assert report.to_arrow().num_rows == 0
    lines = report.to_csv(tmp_path / "empty.csv").read_text(encoding="utf-8").splitlines()
    assert lines == [COMBINED_HEADER]


def test_traffic_source_names_are_the_analytics_api_s_where_it_has_one() -> None:
    assert set(TRAFFIC_SOURCE_NAMES) == set(TRAFFIC_SOURCE_TYPES)
    own = {name for name in TRAFFIC_SOURCE_NAMES.values() if name.startswith("REPORTING_")}
    # YT_PLAYLIST_PAGE is the Analytics API's older name for playlist pages.
    analytics = set(TRAFFIC_SOURCE_NAMES.values()) - own - {"YT_PLAYLIST_PAGE"}
    assert analytics <= set(TRAFFIC_SOURCES)
    assert TRAFFIC_SOURCE_NAMES[3] == "SUBSCRIBER"
    assert TRAFFIC_SOURCE_NAMES[7] == "RELATED_VIDEO"
    assert len(set(TRAFFIC_SOURCE_NAMES.values())) == len(TRAFFIC_SOURCE_NAMES)
    assert traffic_source_name(5) == "YT_SEARCH"
    assert traffic_source_name(99) == "REPORTING_99"
