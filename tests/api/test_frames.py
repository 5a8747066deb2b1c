"""The pandas frame built a block at a time is the frame pandas builds column by column
(``pd.Series(cells, dtype=...)``), odd cells and errors included."""

from __future__ import annotations

import math
from typing import Any

import pytest

from analytix_desktop.api import frames
from analytix_desktop.api.report import Report
from analytix_desktop.api.table import convert, is_date_column
from tests.api.test_report import FakeType, header

pd = pytest.importorskip("pandas")

HEADERS = [
    header("day", "STRING", "DIMENSION"),
    header("country", "STRING", "DIMENSION"),
    header("views", "INTEGER"),
    header("averageViewPercentage", "FLOAT"),
]


def reference(report: Report, skip_date_conversion: bool = False) -> Any:
    """The frame as pandas builds it from one list per column (the exporter before blocks)."""
    dtypes: dict[str, Any] = {"INTEGER": "int64", "FLOAT": "float64", "STRING": str}
    table = report.resource
    columns: dict[str, Any] = {}
    for index, head in enumerate(table.column_headers):
        cells = [row[index] for row in table.rows]
        if is_date_column(head) and not skip_date_conversion:
            columns[head.name] = pd.to_datetime(convert(head, cells))
        else:
            columns[head.name] = pd.Series(
                cells, dtype=dtypes[head.data_type.value], name=head.name
            )
    return pd.DataFrame(columns)


def outcome(build: Any) -> Any:
    """The frame built, or the error raised (its type, and its message for ours)."""
    try:
        return build()
    except Exception as error:  # compared below, whatever pandas raises
        return type(error), str(error) if type(error).__module__.startswith("analytix") else ""


def assert_same(report: Report, skip_date_conversion: bool = False) -> None:
    ours = outcome(lambda: report.to_pandas(skip_date_conversion=skip_date_conversion))
    theirs = outcome(lambda: reference(report, skip_date_conversion))
    if isinstance(theirs, tuple) or isinstance(ours, tuple):
        assert ours == theirs
        return
    assert list(ours.dtypes) == list(theirs.dtypes)
    assert ours.equals(theirs)


def rows(count: int, *, month: bool = False) -> list[list[Any]]:
    day = "2024-{:02d}" if month else "2024-{:02d}-01"
    return [
        [day.format(1 + i % 12), ["US", "GB", "ünï ✓"][i % 3], i * 7, i / 3] for i in range(count)
    ]


def report(table: list[list[Any]], *, month: bool = False) -> Report:
    headers = [dict(h) for h in HEADERS]
    if month:
        headers[0]["name"] = "month"
    return Report({"columnHeaders": headers, "rows": table}, FakeType())


@pytest.mark.parametrize("count", [0, 1, 4095, 4096, 4097, 10_000])
@pytest.mark.parametrize("month", [False, True])
def test_plain_reports_of_any_size(count: int, month: bool) -> None:
    assert_same(report(rows(count, month=month), month=month))
    assert_same(report(rows(count, month=month), month=month), skip_date_conversion=True)


ODD_CELLS = {
    0: ["2024-1-1", "today", "2024", "2024-01-01T00", "0000-01-01", "2024-02-30", None, 5, ["x"]],
    1: [None, math.nan, 5, True, "", ["x"], "\ud800"],
    2: [1.5, 1.0, True, "12", None, 2**64, -(2**63), math.nan],
    3: ["1.5", None, math.nan, math.inf, 2**53 + 1, True, 5, -0.0, 2**1100],
}


@pytest.mark.parametrize(
    ("column", "cell"), [(column, cell) for column, cells in ODD_CELLS.items() for cell in cells]
)
@pytest.mark.parametrize("at", [0, 5000], ids=["first-block", "later-block"])
def test_odd_cells_give_what_pandas_gives(column: int, cell: Any, at: int) -> None:
    table = rows(6000)
    table[at][column] = cell
    assert_same(report(table))


def test_odd_months_give_what_pandas_gives() -> None:
    for cell in ["2024-13", "2024-01-01", "24-01", None]:
        table = rows(5000, month=True)
        table[4500][0] = cell
        assert_same(report(table, month=True))


def test_text_is_read_by_pyarrow_when_pandas_keeps_text_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pa = pytest.importorskip("pyarrow")
    if getattr(pd.api.types.pandas_dtype(str), "storage", None) != "pyarrow":
        pytest.skip("this pandas keeps text in Python objects")
    calls: list[int] = []
    read = pa.array

    def counting(cells: Any, **kwargs: Any) -> Any:
        calls.append(len(cells))
        return read(cells, **kwargs)

    monkeypatch.setattr(pa, "array", counting)
    frame = report(rows(10_000)).to_pandas()
    # The country column, a block at a time (pandas may also use pyarrow for its labels).
    assert [count for count in calls if count > 100] == [4096, 4096, 1808]
    assert frame["country"].tolist() == [row[1] for row in rows(10_000)]
    assert frames._BLOCK_ROWS == 4096
