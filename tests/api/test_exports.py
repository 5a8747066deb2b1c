"""Report exports: CSV/TSV, JSON, atomic writing, and the optional formats."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analytix_desktop.api import exports
from analytix_desktop.api.atomic import atomic_write
from analytix_desktop.api.errors import MissingOptionalComponents
from analytix_desktop.api.report import Report
from tests.api.test_report import FakeType, header

DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"]


def make_report(rows: list[list[Any]] | None = None, *, month_first: bool = False) -> Report:
    headers = [
        header("insightTrafficSourceDetail", "STRING", "DIMENSION"),
        header("day", "STRING", "DIMENSION"),
        header("views", "INTEGER"),
        header("averageViewPercentage", "FLOAT"),
    ]
    if month_first:
        headers[1] = header("month", "STRING", "DIMENSION")
        rows = None if rows is None else [[r[0], r[1][:7], *r[2:]] for r in rows]
    data: dict[str, Any] = {"kind": "youtubeAnalytics#resultTable", "columnHeaders": headers}
    if rows is not None:
        data["rows"] = rows
    return Report(data, FakeType())


ROWS: list[list[Any]] = [
    ["plain", "2024-01-01", 10, 50.5],
    ['comma, "quoted"\nnewline', "2024-01-02", -5, -1.5],
    *[[text, "2024-01-03", 1, 0] for text in DANGEROUS],
    ["", "2024-01-04", 0, 0.0],
]


def read_csv(path: Path, delimiter: str = ",") -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_csv_is_rfc4180(tmp_path: Path) -> None:
    report = make_report(ROWS)
    written = report.to_csv(tmp_path / "out.csv", neutralise_formulas=False)
    assert written == tmp_path / "out.csv"
    raw = written.read_bytes()
    assert raw.startswith(b"insightTrafficSourceDetail,day,views,averageViewPercentage\r\n")
    assert b'"comma, ""quoted""\nnewline"' in raw
    assert read_csv(written) == [report.columns, *[[str(c) for c in row] for row in ROWS]]
    assert leftovers(tmp_path) == []


def test_formulas_are_neutralised_by_default(tmp_path: Path) -> None:
    report = make_report(ROWS)
    lines = read_csv(report.to_csv(tmp_path / "out.csv"))
    first = [line[0] for line in lines[1:]]
    assert first[0] == "plain"
    assert first[2:8] == ["'" + text for text in DANGEROUS]
    assert first[8] == ""
    # Numbers, negative ones included, are never altered.
    assert lines[2][2:] == ["-5", "-1.5"]
    assert report.resource.rows[2][0] == "=1+1"  # the report itself is untouched


ID_ROWS: list[list[Any]] = [
    ["-dQw4w9WgXc", "US", "-search term", 5, 0.5],
    ["_abcdefghij", "+1", "=HYPERLINK(1)", -3, -2.25],
    ["@handle_vid", "=x", "@someone", 0, 1e-07],
]


def id_report(free_text: bool = True) -> Report:
    """Video IDs starting with - and _, odd codes, and (optionally) a free-text column."""
    headers = [
        header("video", "STRING", "DIMENSION"),
        header("country", "STRING", "DIMENSION"),
        header("insightTrafficSourceDetail", "STRING", "DIMENSION"),
        header("views", "INTEGER"),
        header("averageViewPercentage", "FLOAT"),
    ]
    rows = ID_ROWS
    if not free_text:
        del headers[2]
        rows = [row[:2] + row[3:] for row in rows]
    return Report({"columnHeaders": headers, "rows": rows}, FakeType())


def test_ids_and_codes_are_never_neutralised(tmp_path: Path) -> None:
    lines = read_csv(id_report().to_csv(tmp_path / "out.csv"))
    assert [line[:2] for line in lines[1:]] == [row[:2] for row in ID_ROWS]
    assert [line[2] for line in lines[1:]] == ["'-search term", "'=HYPERLINK(1)", "'@someone"]
    assert [line[3:] for line in lines[1:]] == [[str(c) for c in row[3:]] for row in ID_ROWS]


@pytest.mark.parametrize("free_text", [False, True])
def test_raw_csv_reads_back_as_the_reports_values(tmp_path: Path, free_text: bool) -> None:
    report = id_report(free_text)
    # The default neutralises only free-text columns: without one, nothing changes.
    written = report.to_csv(tmp_path / "out.csv", neutralise_formulas=not free_text)
    expected = [[str(cell) for cell in row] for row in report.resource.rows]
    assert read_csv(written) == [report.columns, *expected]
    assert read_csv(written)[1][0] == "-dQw4w9WgXc"


def test_tsv_keeps_the_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    target = tmp_path / "sub"
    target.mkdir()
    written = make_report(ROWS).to_csv(target / "report", delimiter="\t")
    assert written == target / "report.tsv"
    assert read_csv(written, "\t")[1][0] == "plain"
    assert list(elsewhere.iterdir()) == []  # analytix would have written ./report.tsv


@pytest.mark.parametrize(
    ("name", "delimiter", "expected"),
    [
        ("a.csv", ",", "a.csv"),
        ("a.CSV", ",", "a.CSV"),
        ("a.txt", ",", "a.txt.csv"),
        ("a.csv", ";", "a.csv"),
        ("a.csv", "\t", "a.csv.tsv"),
    ],
)
def test_extension(tmp_path: Path, name: str, delimiter: str, expected: str) -> None:
    written = make_report(ROWS).to_csv(tmp_path / name, delimiter=delimiter)
    assert written == tmp_path / expected


@pytest.mark.parametrize("delimiter", ["", ";;", '"', "\n"])
def test_bad_delimiter(tmp_path: Path, delimiter: str) -> None:
    with pytest.raises(ValueError, match="delimiter"):
        make_report(ROWS).to_csv(tmp_path / "out.csv", delimiter=delimiter)
    assert list(tmp_path.iterdir()) == []


def test_existing_file_needs_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("keep me")
    target.chmod(0o640)
    with pytest.raises(FileExistsError, match="overwrite=True"):
        make_report(ROWS).to_csv(target)
    assert target.read_text() == "keep me"
    make_report(ROWS).to_csv(target, overwrite=True)
    assert read_csv(target)[1][0] == "plain"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_file_appearing_meanwhile_is_not_clobbered(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"

    def write_while_someone_else_creates_it() -> None:
        with atomic_write(target, overwrite=False, encoding="utf-8") as handle:
            handle.write("ours")
            target.write_text("theirs")

    with pytest.raises(FileExistsError):
        write_while_someone_else_creates_it()
    assert target.read_text() == "theirs"
    assert leftovers(tmp_path) == []


def test_without_hard_links_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src: Any, dst: Any) -> None:
        raise OSError(errno.EPERM, "no hard links here")

    monkeypatch.setattr(exports.os, "link", no_links)
    written = make_report(ROWS).to_csv(tmp_path / "out.csv")
    assert read_csv(written)[1][0] == "plain"
    assert leftovers(tmp_path) == []


def disk_full(*args: Any, **kwargs: Any) -> Any:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


REAL_WRITER = csv.writer


class FullDiskWriter:
    """A csv writer whose disk fills up after the header."""

    def __init__(self, handle: Any, **kwargs: Any) -> None:
        self.inner = REAL_WRITER(handle, **kwargs)

    def writerow(self, row: list[str]) -> None:
        self.inner.writerow(row)

    def writerows(self, rows: Any) -> None:
        disk_full()


@pytest.fixture
def existing(tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "out.csv"
    target.write_text("previous export")
    yield target
    assert target.read_text() == "previous export"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("obj", "name", "replacement"),
    [
        (exports.csv, "writer", FullDiskWriter),
        (exports.os, "fsync", disk_full),
        (exports.os, "replace", disk_full),
    ],
    ids=["write", "fsync", "replace"],
)
def test_full_disk_loses_nothing(
    existing: Path, monkeypatch: pytest.MonkeyPatch, obj: Any, name: str, replacement: Any
) -> None:
    monkeypatch.setattr(obj, name, replacement)
    with pytest.raises(OSError, match="No space left") as caught:
        make_report(ROWS).to_csv(existing, overwrite=True)
    assert caught.value.errno == errno.ENOSPC


def test_full_disk_on_json(existing: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        make_report(ROWS).to_json(existing.with_suffix(".json"))
    assert not existing.with_suffix(".json").exists()


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    """A directory nobody can write to: immutable as root, mode 0555 otherwise."""
    directory = tmp_path / "ro"
    directory.mkdir()
    (directory / "out.csv").write_text("previous export")
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(directory)], check=False).returncode:
            pytest.skip("cannot make a directory read-only as root here")
    else:
        directory.chmod(0o555)
    yield directory
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(directory)], check=True)
    directory.chmod(0o755)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_read_only_directory(read_only_dir: Path) -> None:
    with pytest.raises(PermissionError):
        make_report(ROWS).to_csv(read_only_dir / "out.csv", overwrite=True)
    with pytest.raises(PermissionError):
        make_report(ROWS).to_json(read_only_dir / "new.json")
    assert sorted(p.name for p in read_only_dir.iterdir()) == ["out.csv"]
    assert (read_only_dir / "out.csv").read_text() == "previous export"


@pytest.mark.parametrize("rows", [None, ROWS], ids=["no-rows", "rows"])
def test_json_is_the_raw_response(tmp_path: Path, rows: Any) -> None:
    report = make_report(rows)
    written = report.to_json(tmp_path / "out", indent=2)
    assert written == tmp_path / "out.json"
    assert json.loads(written.read_text(encoding="utf-8")) == report.data
    assert written.read_text().startswith('{\n  "kind"')
    with pytest.raises(FileExistsError):
        report.to_json(written)


OPTIONAL = [
    ("to_pandas", "pandas", "pandas"),
    ("to_polars", "polars", "polars"),
    ("to_arrow", "pyarrow", "arrow"),
    ("to_excel", "openpyxl", "excel"),
    ("to_parquet", "pyarrow", "arrow"),
]


@pytest.mark.parametrize(("method", "module", "extra"), OPTIONAL)
def test_missing_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: str, module: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    report = make_report(ROWS)
    args = [tmp_path / "out"] if method in ("to_excel", "to_parquet") else []
    with pytest.raises(
        MissingOptionalComponents, match=rf"pip install analytix-desktop\[{extra}\]"
    ):
        getattr(report, method)(*args)
    assert list(tmp_path.iterdir()) == []


def test_pandas() -> None:
    pd = pytest.importorskip("pandas")
    frame = make_report(ROWS).to_pandas()
    assert list(frame.columns) == make_report(ROWS).columns
    assert str(frame["views"].dtype) == "int64"
    assert str(frame["averageViewPercentage"].dtype) == "float64"
    assert pd.api.types.is_datetime64_any_dtype(frame["day"])
    assert frame["day"][1] == pd.Timestamp("2024-01-02")
    assert frame["insightTrafficSourceDetail"][0] == "plain"
    assert frame.shape == (len(ROWS), 4)


def test_pandas_month_not_in_first_column() -> None:
    pd = pytest.importorskip("pandas")
    frame = make_report([["x", "2024-03", 1, 1.0]], month_first=True).to_pandas()
    assert frame["month"][0] == pd.Timestamp("2024-03-01")
    assert frame["insightTrafficSourceDetail"][0] == "x"  # analytix's arrow bug overwrote col 0
    kept = make_report([["x", "2024-03", 1, 1.0]], month_first=True)
    assert kept.to_pandas(skip_date_conversion=True)["month"][0] == "2024-03"


def test_pandas_empty_report() -> None:
    pytest.importorskip("pandas")
    frame = make_report(None).to_pandas()
    assert frame.shape == (0, 4)
    assert str(frame["views"].dtype) == "int64"


def test_polars() -> None:
    pl = pytest.importorskip("polars")
    frame = make_report(ROWS, month_first=True).to_polars()
    assert frame.schema["month"] == pl.Date
    assert frame.schema["views"] == pl.Int64
    assert frame.schema["averageViewPercentage"] == pl.Float64
    assert frame["month"][0] == dt.date(2024, 1, 1)
    assert make_report(None).to_polars().shape == (0, 4)


def test_arrow_parquet_feather(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    from pyarrow import feather, parquet

    report = make_report(ROWS, month_first=True)
    table = report.to_arrow()
    assert table.schema.field("month").type == pa.date32()
    assert table.schema.field("averageViewPercentage").type == pa.float64()
    assert table.column("insightTrafficSourceDetail")[0].as_py() == "plain"
    assert table.column("month")[1].as_py() == dt.date(2024, 1, 1)
    assert make_report(None).to_arrow().num_rows == 0
    assert parquet.read_table(report.to_parquet(tmp_path / "r")).equals(table)
    assert feather.read_table(report.to_feather(tmp_path / "r")).equals(table)
    assert leftovers(tmp_path) == []


def test_excel(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    written = make_report(ROWS).to_excel(tmp_path / "r", sheet_name="Data")
    assert written == tmp_path / "r.xlsx"
    sheet = openpyxl.load_workbook(written)["Data"]
    assert [c.value for c in sheet[1]] == make_report(ROWS).columns
    assert sheet["A4"].value == "=1+1"
    assert sheet["A4"].data_type == "s"  # text, not a formula
    assert sheet["B2"].value == dt.datetime(2024, 1, 1)
    assert sheet["C3"].value == -5
    with pytest.raises(FileExistsError):
        make_report(ROWS).to_excel(written)


def reference_csv(report: Report, delimiter: str = ",") -> bytes:
    """What the csv module writes for the report's rows, cell by cell."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(report.columns)
    writer.writerows(report.resource.rows)
    return buffer.getvalue().encode()


@pytest.mark.parametrize(
    "rows",
    [
        [["plain", "2024-01-01", 10, 50.5], ["x y", "2024-01-02", -5, 1e-07]],
        [["None", "2024-01-01", 1, 1.0]],  # looks like a null to the fast path
        [["a", "2024-01-01", None, 1.0]],  # a null is an empty field, as csv writes it
        [["a;b", "2024-01-01", 1, 1.0]],
        [["x\r\ny", "2024-01-01", 1, 1.0]],
        [["a", "2024-01-01", True, [1, 2]]],  # malformed cells still come out as csv would
    ],
    ids=["fast", "None-text", "null", "delimiter", "crlf", "odd-types"],
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_same_bytes_as_the_csv_module(tmp_path: Path, rows: Any, delimiter: str) -> None:
    report = make_report(rows)
    written = report.to_csv(tmp_path / "out", delimiter=delimiter)
    assert written.read_bytes() == reference_csv(report, delimiter)


def test_single_column_with_empty_value(tmp_path: Path) -> None:
    data = {"columnHeaders": [header("country", "STRING", "DIMENSION")], "rows": [[""], ["US"]]}
    report = Report(data, FakeType())
    assert report.to_csv(tmp_path / "out").read_bytes() == reference_csv(report)


def test_unhashable_cell_in_text_column(tmp_path: Path) -> None:
    report = make_report([[["=x"], "2024-01-01", 1, 1.0], ["=y", "2024-01-02", 1, 1.0]])
    lines = read_csv(report.to_csv(tmp_path / "out"))
    assert [line[0] for line in lines[1:]] == ["['=x']", "'=y"]


def test_fast_path_is_taken_only_when_safe() -> None:
    assert exports._plain_body([["a", 1], ["b", 2.5]], ",") == b"a,1\r\nb,2.5\r\n"
    assert exports._plain_body([['a"', 1]], ",") is None
    assert exports._plain_body([["a", None]], ",") is None
