"""Writers for reports: atomic files, CSV/TSV, JSON and Excel (data frames: :mod:`.frames`).

Every file is written through :mod:`.atomic`, so that a failure (a full disk, a
crash, a permission error) leaves any earlier file untouched and no temporary file
behind; a new file gets the umask's default mode.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from operator import itemgetter
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson

from .atomic import atomic_path, atomic_write
from .errors import MissingOptionalComponents
from .table import Cell, ResultTable, Row, Value, convert, is_date_column

__all__ = [
    "CHUNK_ROWS",
    "FREE_TEXT_DIMENSIONS",
    "neutralise",
    "optional_module",
    "output_path",
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


# In orjson's JSON of rows: a cell that is true, false or null (None, NaN, infinities).
_LITERAL = re.compile(rb"[,\[](?:true|false|null)")
# Numbers that orjson writes otherwise than repr, 0.00001 for 1e-05 and 1.5e-7 for
# 1.5e-07, at the end of a cell: just before a "," or "]".
_TINY_POSITIONAL = re.compile(rb"(?<![0-9])0\.0000(0*[1-9][0-9]*)(?=[,\]])")
_SHORT_EXPONENT = re.compile(rb"e-([1-9])(?=[,\]])")

CHUNK_ROWS = 1024
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


def _chunks(rows: list[Row]) -> Iterator[list[Row]]:
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


def _neutralised(rows: list[Row], free_text: list[int]) -> list[Row]:
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

    fixed: list[Row] = []
    for row in rows:
        if any(fix(row[i]) is not row[i] for i in suspects):
            copy = list(row)
            for i in suspects:
                copy[i] = fix(copy[i])
            row = copy
        fixed.append(row)
    return fixed


def _csv_text(rows: Iterable[Row], delimiter: str) -> bytes:
    """``rows`` as the csv module writes them (RFC 4180 quoting), in UTF-8."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _plain_body(rows: list[Row], delimiter: str) -> bytes | None:
    """The CSV body as the csv module would write it, when no cell needs quoting; else None.

    orjson writes the rows as JSON in one C call. When that JSON shows only texts that
    need neither a JSON escape nor CSV quoting, integers and floats (no nested lists,
    objects, true, false or null), it is the CSV once its brackets and quotes are
    dropped: orjson writes integers as ``str`` does and floats with the same shortest
    digits as ``repr``, in the same notation but for the tiny ones (below 1e-4), which
    are rewritten in ``repr``'s. Anything else sends the caller to the csv module.
    Single-byte searches come first: they are many times faster than longer ones.
    """
    width = len(rows[0]) if rows else 0
    if width < 2 or set(map(len, rows)) != {width}:  # csv quotes a lone empty field
        return None
    try:
        data = orjson.dumps(rows)
    except orjson.JSONEncodeError:  # an integer past 64 bits, a lone surrogate...
        return None
    count = len(rows)
    if (
        b"\\" in data  # a quote, backslash or control character in a text
        or b"{" in data
        or data.count(b"[") != count + 1  # so no nested list, and no bracket in a text
        or data.count(b"]") != count + 1
        or data.count(b",") != count * width - 1  # so no comma in a text
        or ((b"u" in data or b"l" in data) and _holds_literal(data))
    ):
        return None
    # Commas and brackets are JSON's only now, and a text cell ends with its quote:
    # whatever ends just before a "," or "]" is a number.
    if b"e" in data:
        data = _SHORT_EXPONENT.sub(rb"e-0\1", data)
    if b".0000" in data:
        data = _TINY_POSITIONAL.sub(_tiny_as_repr, data)
    # One copy at a time (orjson's own buffer is several times its output).
    text = data.translate(None, b'"[')
    del data
    body = text[:-2].replace(b"],", b"\r\n") + b"\r\n"  # the last row ends with "]]"
    if delimiter != ",":
        separator = delimiter.encode()
        if separator in body:  # a cell holding the delimiter would be quoted
            return None
        body = body.replace(b",", separator)
    return body


def _holds_literal(data: bytes) -> bool:
    """Whether a cell of the JSON is true, false or null (the words first: much faster)."""
    return any(word in data for word in (b"true", b"false", b"null")) and bool(
        _LITERAL.search(data)
    )


def _tiny_as_repr(match: re.Match[bytes]) -> bytes:
    """orjson's ``0.0000152`` as repr's ``1.52e-05``."""
    digits = match[1].lstrip(b"0")
    exponent = len(match[1]) - len(digits) + 5
    mantissa = digits[:1] + (b"." + digits[1:] if len(digits) > 1 else b"")
    return mantissa + b"e-%02d" % exponent


# Numbers in each notation orjson and repr write, and at their edges. orjson's notation
# has changed between its versions: the fast path is taken only with one that writes
# these as the csv module does.
_PROBE: list[Row] = [
    [0.1, 1e-05, 2.5e-07, 1e-10, 0.0001, 1e15, 1e16, 1.5e22, -0.0, 5e-324, 2**63, -(2**63)]
]
_ORJSON_AGREES = _plain_body(_PROBE, ",") == _csv_text(_PROBE, ",")


def write_csv(
    table: ResultTable,
    path: str | os.PathLike[str],
    *,
    delimiter: str,
    overwrite: bool,
    neutralise_formulas: bool,
) -> Path:
    """Write ``table`` as RFC 4180 CSV, or TSV when ``delimiter`` is a tab.

    The rows go out :data:`CHUNK_ROWS` at a time, each chunk formatted by orjson when
    none of its cells needs quoting (else by the csv module).
    """
    if len(delimiter) != 1 or delimiter in "\"'\r\n":
        raise ValueError(
            f"the delimiter must be one character, not a quote or newline: {delimiter!r}"
        )
    target = output_path(path, ".tsv" if delimiter == "\t" else ".csv")
    headers = table.column_headers
    free_text = [i for i, h in enumerate(headers) if h.name in FREE_TEXT_DIMENSIONS]
    with atomic_write(target, overwrite=overwrite) as handle:
        handle.write(_csv_text([[header.name for header in headers]], delimiter))
        for chunk in _chunks(table.rows):
            if neutralise_formulas and free_text:
                chunk = _neutralised(chunk, free_text)
            body = _plain_body(chunk, delimiter) if _ORJSON_AGREES else None
            handle.write(_csv_text(chunk, delimiter) if body is None else body)
    return target


def optional_module(module: str, extra: str) -> ModuleType:
    """``module``, or :class:`MissingOptionalComponents` naming the extra that brings it."""
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
    openpyxl = optional_module("openpyxl", "excel")
    cells = optional_module("openpyxl.cell", "excel")
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
