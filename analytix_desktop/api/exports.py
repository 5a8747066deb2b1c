"""Writers for reports: atomic files, CSV/TSV, JSON, and the optional formats.

Every file is written through :mod:`.atomic`, so that a failure (a full disk, a
crash, a permission error) leaves any earlier file untouched and no temporary file
behind; a new file gets the umask's default mode.

The data-frame conversions return an empty frame with the report's columns and
types for a report without rows, rather than raising as analytix does. ``day``
and ``month`` columns, wherever they are, become dates unless
``skip_date_conversion`` is set.
"""

from __future__ import annotations

import csv
import importlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from operator import itemgetter
from pathlib import Path
from types import ModuleType
from typing import Any

from .atomic import atomic_path, atomic_write
from .errors import MissingOptionalComponents
from .table import Cell, ResultTable, Value, convert, is_date_column

__all__ = [
    "CHUNK_ROWS",
    "FREE_TEXT_DIMENSIONS",
    "neutralise",
    "output_path",
    "to_arrow",
    "to_pandas",
    "to_polars",
    "write_arrow",
    "write_csv",
    "write_excel",
    "write_json",
]

# First characters that make a spreadsheet treat a text cell as a formula (OWASP's list).
_FORMULA_STARTS = frozenset("=+-@\t\r")

FREE_TEXT_DIMENSIONS = frozenset({"insightTrafficSourceDetail", "insightPlaybackLocationDetail"})
"""Dimensions whose values are free text that people outside the channel control (search
terms, external URLs, embedding sites): the only cells whose formula-like values are
neutralised. IDs (a video ID may start with ``-``), codes and numbers are never altered."""


CHUNK_ROWS = 2048
"""Rows a CSV/TSV or Excel export converts and writes at a time: its memory is bounded by
a chunk (some hundreds of kilobytes), not by the report."""


def neutralise(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would run it as a formula."""
    return "'" + text if text[:1] in _FORMULA_STARTS else text


def output_path(path: str | os.PathLike[str], extension: str) -> Path:
    """``path`` with ``extension`` appended when it has another one, in the same directory."""
    target = Path(path)
    if target.suffix.lower() != extension:
        target = target.with_name(target.name + extension)
    return target


def write_json(
    data: Mapping[str, Any], path: str | os.PathLike[str], *, overwrite: bool, indent: int | None
) -> Path:
    """Write ``data`` as JSON to ``path`` (``.json`` appended if missing)."""
    target = output_path(path, ".json")
    with atomic_write(target, overwrite=overwrite, encoding="utf-8") as handle:
        json.dump(data, handle, indent=indent, ensure_ascii=False)
    return target


def _chunks(rows: list[list[Cell]]) -> Iterator[list[list[Cell]]]:
    """``rows`` in consecutive slices of :data:`CHUNK_ROWS`."""
    for start in range(0, len(rows), CHUNK_ROWS):
        yield rows[start : start + CHUNK_ROWS]


def _typed_chunks(table: ResultTable) -> Iterator[list[tuple[Value, ...]]]:
    """The rows typed as :meth:`ResultTable.typed_rows` types them, a chunk at a time."""
    headers = table.column_headers
    for chunk in _chunks(table.rows):
        columns = [convert(h, list(map(itemgetter(i), chunk))) for i, h in enumerate(headers)]
        yield list(zip(*columns, strict=True))


def _has_formula(cells: Iterable[Cell]) -> bool:
    """Whether any cell of a text column starts like a formula.

    Report columns repeat values (days, countries, traffic sources), so the distinct
    values, collected in C, are far fewer than the cells.
    """
    try:
        distinct = set(cells)
    except TypeError:  # an unhashable (malformed) cell: let the exact pass look at every one
        return True
    return any(isinstance(c, str) and c[:1] in _FORMULA_STARTS for c in distinct)


def _neutralised(rows: list[list[Cell]], free_text: list[int]) -> list[list[Cell]]:
    """``rows`` with formula-like cells of the ``free_text`` columns prefixed by an apostrophe.

    Only those columns are looked at, and a row is copied only if one of its cells
    changes, so that the usual report (dates, IDs, codes, numbers) is neither copied
    nor visited cell by cell in Python.
    """
    suspects = [i for i in free_text if _has_formula(map(itemgetter(i), rows))]
    if not suspects:
        return rows

    def fix(cell: Cell) -> Cell:
        return neutralise(cell) if isinstance(cell, str) else cell

    fixed = []
    for row in rows:
        if any(fix(row[i]) is not row[i] for i in suspects):
            row = list(row)
            for i in suspects:
                row[i] = fix(row[i])
        fixed.append(row)
    return fixed


def _plain_body(rows: list[list[Cell]], delimiter: str) -> str | None:
    """The CSV body when no cell needs quoting, formatted in one C-level pass; else None.

    Checking the result is cheaper than checking every cell first: a quote, an extra
    delimiter or line break, or a null (``None``) anywhere sends the caller to the
    ``csv`` module, which then quotes exactly as RFC 4180 asks.
    """
    width = len(rows[0]) if rows else 0
    if width < 2:  # csv quotes a lone empty field; not worth a special case
        return None
    line = delimiter.join(["%s"] * width) + "\r\n"
    try:
        body = "".join(map(line.__mod__, map(tuple, rows)))
    except TypeError:
        return None
    count = len(rows)
    if (
        '"' in body
        or "None" in body
        or body.count("\n") != count
        or body.count("\r") != count
        or body.count(delimiter) != count * (width - 1)
    ):
        return None
    return body


def write_csv(
    table: ResultTable,
    path: str | os.PathLike[str],
    *,
    delimiter: str,
    overwrite: bool,
    neutralise_formulas: bool,
) -> Path:
    """Write ``table`` as RFC 4180 CSV, or TSV when ``delimiter`` is a tab.

    The rows go out :data:`CHUNK_ROWS` at a time, each chunk formatted in one pass
    when none of its cells needs quoting (else by the csv module).
    """
    if len(delimiter) != 1 or delimiter in "\"'\r\n":
        raise ValueError(
            f"the delimiter must be one character, not a quote or newline: {delimiter!r}"
        )
    target = output_path(path, ".tsv" if delimiter == "\t" else ".csv")
    headers = table.column_headers
    free_text = [i for i, h in enumerate(headers) if h.name in FREE_TEXT_DIMENSIONS]
    with atomic_write(target, overwrite=overwrite, encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow([header.name for header in headers])
        for chunk in _chunks(table.rows):
            if neutralise_formulas and free_text:
                chunk = _neutralised(chunk, free_text)
            body = _plain_body(chunk, delimiter)
            if body is None:
                writer.writerows(chunk)
            else:
                handle.write(body)
    return target


def _require(module: str, extra: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingOptionalComponents(module.split(".")[0], extra=extra) from None


def write_excel(
    table: ResultTable,
    path: str | os.PathLike[str],
    *,
    sheet_name: str,
    overwrite: bool,
    neutralise_formulas: bool,
) -> Path:
    """Write ``table`` as an ``.xlsx`` workbook with one sheet; dates are real dates."""
    openpyxl = _require("openpyxl", "excel")
    cells = _require("openpyxl.cell", "excel")
    target = output_path(path, ".xlsx")
    headers = table.column_headers
    formats = ["yyyy-mm" if h.name == "month" else "yyyy-mm-dd" for h in headers]
    dated = [is_date_column(h) for h in headers]
    free_text = [neutralise_formulas and h.name in FREE_TEXT_DIMENSIONS for h in headers]
    with atomic_path(target, overwrite=overwrite) as temp:
        # Built only here, so that nothing is left half-written when the path is refused.
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet(sheet_name)

        def cell(index: int, value: Any) -> Any:
            if dated[index]:
                out = cells.WriteOnlyCell(sheet, value=value)
                out.number_format = formats[index]
                return out
            if free_text[index] and isinstance(value, str) and value.startswith("="):
                out = cells.WriteOnlyCell(sheet, value=value)
                out.data_type = "s"  # stored as text; openpyxl would otherwise write a formula
                return out
            return value

        sheet.append([h.name for h in headers])
        for chunk in _typed_chunks(table):  # typed a chunk at a time: no typed copy of it all
            for row in chunk:
                sheet.append([cell(i, value) for i, value in enumerate(row)])
        workbook.save(temp)
    return target


def _columns(table: ResultTable) -> list[list[Cell]]:
    rows = table.rows
    if not rows:
        return [[] for _ in table.column_headers]
    return [list(column) for column in zip(*rows, strict=True)]


def _frame_columns(
    table: ResultTable,
    skip_date_conversion: bool,
    make: Callable[[str, str, list[Cell]], Any],
) -> dict[str, Any]:
    """Column name -> library column, via ``make(kind, name, cells)``.

    ``kind`` is ``"day"``, ``"month"``, ``"INTEGER"``, ``"FLOAT"`` or ``"STRING"``.
    """
    out: dict[str, Any] = {}
    for header, cells in zip(table.column_headers, _columns(table), strict=True):
        if is_date_column(header) and not skip_date_conversion:
            kind = header.name
        else:
            kind = header.data_type.value
        out[header.name] = make(kind, header.name, cells)
    return out


def to_pandas(table: ResultTable, *, skip_date_conversion: bool = False) -> Any:
    """A ``pandas.DataFrame``: int64 / float64 / text columns, dates as ``datetime64``."""
    pd = _require("pandas", "pandas")
    dtypes: dict[str, Any] = {"INTEGER": "int64", "FLOAT": "float64", "STRING": str}

    def make(kind: str, name: str, cells: list[Cell]) -> Any:
        if kind in ("day", "month"):
            return pd.to_datetime(convert(table.header(name), cells))
        return pd.Series(cells, dtype=dtypes[kind], name=name)

    return pd.DataFrame(_frame_columns(table, skip_date_conversion, make))


def to_polars(table: ResultTable, *, skip_date_conversion: bool = False) -> Any:
    """A ``polars.DataFrame``: Int64 / Float64 / Utf8 columns, dates as ``pl.Date``."""
    pl = _require("polars", "polars")
    dtypes = {"INTEGER": pl.Int64, "FLOAT": pl.Float64, "STRING": pl.Utf8}

    def make(kind: str, name: str, cells: list[Cell]) -> Any:
        if kind in ("day", "month"):
            return pl.Series(name, convert(table.header(name), cells), pl.Date)
        return pl.Series(name, cells, dtypes[kind], strict=False)

    return pl.DataFrame(list(_frame_columns(table, skip_date_conversion, make).values()))


def to_arrow(table: ResultTable, *, skip_date_conversion: bool = False) -> Any:
    """A ``pyarrow.Table``: int64 / float64 / string columns, dates as ``date32``."""
    pa = _require("pyarrow", "arrow")
    types = {"INTEGER": pa.int64(), "FLOAT": pa.float64(), "STRING": pa.string()}

    def make(kind: str, name: str, cells: list[Cell]) -> Any:
        if kind in ("day", "month"):
            return pa.array(convert(table.header(name), cells), pa.date32())
        if kind == "FLOAT":
            cells = [float(cell) for cell in cells]
        return pa.array(cells, types[kind])

    return pa.table(_frame_columns(table, skip_date_conversion, make))


def write_arrow(
    table: ResultTable,
    path: str | os.PathLike[str],
    extension: str,
    *,
    overwrite: bool,
    skip_date_conversion: bool,
) -> Path:
    """Write ``table`` as ``.parquet`` or ``.feather`` (Arrow IPC), atomically."""
    frame = to_arrow(table, skip_date_conversion=skip_date_conversion)
    if extension == ".parquet":
        writer = _require("pyarrow.parquet", "arrow").write_table
    else:
        writer = _require("pyarrow.feather", "arrow").write_feather
    target = output_path(path, extension)
    with atomic_path(target, overwrite=overwrite) as temp:
        writer(frame, str(temp))
    return target
