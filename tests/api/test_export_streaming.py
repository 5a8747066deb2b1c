"""CSV/TSV and Excel exports stream in chunks: bounded memory, and the same bytes as before.

The golden files under ``golden/`` were written by the exporter that built the whole
text in memory (before streaming), from :func:`golden_report`; the streamed output
must match them byte for byte, and also match an independent reference built cell by
cell with the csv module.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest

from analytix_desktop.api import exports
from analytix_desktop.api.report import Report
from analytix_desktop.api.table import convert
from tests.api.test_report import FakeType, header

GOLDEN = Path(__file__).parent / "golden"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Cells that need quoting, or look like formulas, or like a null to a naive formatter.
AWKWARD_TEXT = [
    'comma, and "quotes"',
    "line\nbreak",
    "carriage\rreturn",
    "crlf\r\nline",
    "tab\there",
    "semi;colon",
    "None",
    "",
    '=HYPERLINK("http://x")',
    "+SUM(A1:A9)",
    "-2+3",
    "@cmd",
    "\tindented",
    "\rreturned",
    "ünïcødé ✓ 🎬",
    " padded ",
]
FLOATS = [0.1, 1e-07, 1e16, 123456789.123, -0.0, 5.0, -1.5, 2.5e-300, 1.7976931348623157e308]
INTEGERS = [0, -5, 7, 2**63, -(2**40), 1_000_000]


def golden_report(rows: int = 300) -> Report:
    """A report with every column type, where awkward cells come in runs between plain ones.

    The runs make some chunks plain and others in need of quoting, for any chunk size.
    """
    headers = [
        header("day", "STRING", "DIMENSION"),
        header("insightTrafficSourceDetail", "STRING", "DIMENSION"),
        header("video", "STRING", "DIMENSION"),
        header("country", "STRING", "DIMENSION"),
        header("views", "INTEGER"),
        header("estimatedMinutesWatched", "INTEGER"),
        header("averageViewPercentage", "FLOAT"),
        header("estimatedRevenue", "FLOAT"),
    ]
    table: list[list[Any]] = []
    for i in range(rows):
        awkward = (i // 10) % 3 == 2  # rows 20-29, 50-59, ...: awkward
        text = AWKWARD_TEXT[i % len(AWKWARD_TEXT)] if awkward else f"search term {i}"
        video = "-dQw4w9WgXc" if i % 7 == 0 else f"vid{i:08d}"  # an ID may start with '-'
        country = "=XX" if awkward and i % 4 == 0 else "US"  # not free text: never altered
        views: Any = None if awkward and i % 11 == 0 else INTEGERS[i % len(INTEGERS)]
        table.append(
            [f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", text, video, country, views,
             i * 37, FLOATS[i % len(FLOATS)], round(i * 0.37, 2)]
        )  # fmt: skip
    data = {"kind": "youtubeAnalytics#resultTable", "columnHeaders": headers, "rows": table}
    return Report(data, FakeType())


def reference_csv(report: Report, delimiter: str, neutralise: bool) -> bytes:
    """What the export must be, built independently: the csv module, one cell at a time."""
    free_text = {"insightTrafficSourceDetail", "insightPlaybackLocationDetail"}
    names = report.columns
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(names)
    for row in report.resource.rows:
        writer.writerow(
            [
                "'" + cell
                if neutralise
                and name in free_text
                and isinstance(cell, str)
                and cell.startswith(FORMULA_STARTS)
                else cell
                for name, cell in zip(names, row, strict=True)
            ]
        )
    return buffer.getvalue().encode("utf-8")


GOLDEN_CASES = [
    ("report.csv", ",", True),
    ("report-raw.csv", ",", False),
    ("report.tsv", "\t", True),
    ("report-semicolon.csv", ";", True),
]


@pytest.mark.parametrize("chunk_rows", [1, 7, 64, exports.CHUNK_ROWS])
@pytest.mark.parametrize(("golden", "delimiter", "neutralise"), GOLDEN_CASES)
def test_streamed_csv_is_byte_for_byte_the_old_export(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    chunk_rows: int,
    golden: str,
    delimiter: str,
    neutralise: bool,
) -> None:
    monkeypatch.setattr(exports, "CHUNK_ROWS", chunk_rows)
    report = golden_report()
    written = report.to_csv(tmp_path / "out", delimiter=delimiter, neutralise_formulas=neutralise)
    produced = written.read_bytes()
    assert produced == reference_csv(report, delimiter, neutralise)
    assert produced == (GOLDEN / golden).read_bytes()


def test_the_golden_report_exercises_both_paths_and_every_rule() -> None:
    """Guards the fixture: plain chunks, chunks that need quoting, and each awkward kind."""
    rows = golden_report().resource.rows
    assert exports._plain_body(rows[:10], ",") is not None
    assert exports._plain_body(rows[20:30], ",") is None
    text = {row[1] for row in rows}
    assert text >= set(AWKWARD_TEXT)
    assert any(row[4] is None for row in rows)
    assert {"-dQw4w9WgXc", "=XX"} <= {cell for row in rows for cell in row}


def traced_peak(report: Report, path: Path, **options: Any) -> int:
    """Bytes allocated at the peak of ``report.to_csv``, beyond what existed before."""
    tracemalloc.start()
    try:
        report.to_csv(path, overwrite=True, **options)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def big_report(rows: int, awkward: bool) -> Report:
    headers = [
        header("day", "STRING", "DIMENSION"),
        header("insightTrafficSourceDetail", "STRING", "DIMENSION"),
        header("views", "INTEGER"),
        header("averageViewPercentage", "FLOAT"),
    ]
    text = 'needs "quotes", and =formula' if awkward else "plain search term"
    table = [[f"2024-01-{1 + i % 28:02d}", text, i, i / 7] for i in range(rows)]
    return Report({"columnHeaders": headers, "rows": table}, FakeType())


@pytest.mark.parametrize("awkward", [False, True], ids=["plain", "quoted-and-neutralised"])
@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_memory_is_bounded_by_a_chunk_not_by_the_report(
    tmp_path: Path, awkward: bool, delimiter: str
) -> None:
    rows = 20 * exports.CHUNK_ROWS
    report = big_report(rows, awkward)
    written = tmp_path / "out"
    peak = traced_peak(report, written, delimiter=delimiter)
    size = next(tmp_path.iterdir()).stat().st_size
    # Formatting one chunk takes a few times its text; the whole file is 20 chunks'
    # text, and building it whole took about three times that.
    assert peak < 10 * size / 20, (peak, size)


# -- Excel ---------------------------------------------------------------------------------


def excel_report(rows: int = 300) -> Report:
    """The golden report without its null (a workbook needs typed cells) and without the
    largest float, which openpyxl writes to 16 digits, past the largest (read back: inf)."""
    report = golden_report(rows)
    for row in report.resource.rows:
        if row[4] is None:
            row[4] = 3
        if row[6] == FLOATS[-1]:
            row[6] = 1.5e308
    return report


def workbook_parts(path: Path) -> dict[str, bytes]:
    """Every part of an .xlsx but the one holding its creation time."""
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}


@pytest.mark.parametrize("neutralise", [True, False])
def test_streamed_excel_is_the_same_workbook_for_any_chunk_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, neutralise: bool
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    report = excel_report()
    parts = []
    for size in (1, 7, exports.CHUNK_ROWS):
        monkeypatch.setattr(exports, "CHUNK_ROWS", size)
        written = report.to_excel(tmp_path / f"chunk{size}", neutralise_formulas=neutralise)
        parts.append(workbook_parts(written))
    assert parts[0] == parts[1] == parts[2]
    sheet = openpyxl.load_workbook(written, read_only=True)["Analytics"]
    # An empty string is stored as an empty cell, which reads back as None.
    values = [
        tuple("" if cell.value is None else cell.value for cell in row)
        for row in sheet.iter_rows(min_row=2)
    ]
    expected = [tuple(as_read_back(value) for value in row) for row in report.rows_typed()]
    assert values == expected


def as_read_back(value: object) -> object:
    """A typed value as a workbook reader returns it: dates as datetimes, and line ends in
    text as XML reads them (a CR becomes an LF)."""
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def test_excel_types_a_chunk_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No typed copy of the whole report: every column is converted chunk by chunk."""
    pytest.importorskip("openpyxl")
    monkeypatch.setattr(exports, "CHUNK_ROWS", 64)
    lengths: list[int] = []

    def recording_convert(column_header: Any, cells: Any) -> Any:
        lengths.append(len(cells))
        return convert(column_header, cells)

    monkeypatch.setattr(exports, "convert", recording_convert)
    report = excel_report(1000)
    report.to_excel(tmp_path / "out")
    assert sum(lengths) == 1000 * len(report.columns)
    assert max(lengths) == 64
