"""The ``youtubeAnalytics#resultTable`` resource: column headers, rows and typed values.

A leaf of the package (it needs only :mod:`.dates` and :mod:`.errors`), shared by
:mod:`.report` and :mod:`.exports`. A malformed result table (wrong kind, missing or
odd column headers, ragged rows, values that do not match their declared type)
raises :class:`MalformedResponse`: it is an answer from Google that could not be read,
like an unparsable body. Messages quote at most a short prefix of what was found.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, cast

from .dates import parse_days, parse_months
from .errors import MalformedResponse

__all__ = [
    "RESULT_TABLE_KIND",
    "Cell",
    "ColumnHeader",
    "ColumnType",
    "DataType",
    "ResultTable",
    "Row",
    "Value",
    "convert",
    "is_date_column",
    "json_rows",
]

RESULT_TABLE_KIND = "youtubeAnalytics#resultTable"
_ROW_TYPES = frozenset({list, tuple})
# Rows looked at by one C-level pass: a few milliseconds with the GIL held, so that a
# GUI thread is not held up by a 500,000-row check.
_CHECK_ROWS = 65_536

Cell = str | int | float
"""A raw cell as it arrives in the JSON."""
Row = tuple[Cell, ...] | list[Cell]
"""A raw row: a tuple as the API layer decodes it (the garbage collector stops tracking
tuples of cells, not lists), a list as ``json.loads`` gives it."""
Value = str | int | float | dt.date
"""A typed cell: ``day`` and ``month`` become dates, numbers follow the column's data type."""


class DataType(enum.Enum):
    """The ``dataType`` of a column header."""

    STRING = "STRING"
    INTEGER = "INTEGER"
    FLOAT = "FLOAT"


class ColumnType(enum.Enum):
    """The ``columnType`` of a column header."""

    DIMENSION = "DIMENSION"
    METRIC = "METRIC"


@dataclass(frozen=True, slots=True)
class ColumnHeader:
    """One entry of ``columnHeaders``."""

    name: str
    data_type: DataType
    column_type: ColumnType

    @classmethod
    def from_json(cls, data: Any) -> ColumnHeader:
        """Parse one header; raises :class:`MalformedResponse` unless it is of Google's shape."""
        if not isinstance(data, Mapping):
            raise MalformedResponse(
                f"a result table column header is not an object: {_quoted(data)}"
            )
        name = data.get("name")
        if not isinstance(name, str) or not name:
            raise MalformedResponse(f"a result table column header has no name: {_quoted(data)}")
        try:
            data_type = DataType(data.get("dataType"))
            column_type = ColumnType(data.get("columnType"))
        except ValueError:
            found = _quoted((data.get("dataType"), data.get("columnType")))
            raise MalformedResponse(
                f"column {_quoted(name)} has an unknown type: {found}"
            ) from None
        return cls(name, data_type, column_type)

    @property
    def data(self) -> dict[str, str]:
        """The header as Google's JSON."""
        return {
            "name": self.name,
            "columnType": self.column_type.value,
            "dataType": self.data_type.value,
        }


@dataclass(frozen=True, slots=True)
class ResultTable:
    """The ``youtubeAnalytics#resultTable`` resource; ``rows`` is ``[]`` when Google omits it."""

    kind: str
    column_headers: tuple[ColumnHeader, ...]
    rows: list[Row]

    @classmethod
    def from_json(cls, data: Any) -> ResultTable:
        """Parse and check the shape of a result table; raises :class:`MalformedResponse`."""
        if not isinstance(data, Mapping):
            raise MalformedResponse(
                f"a result table must be a JSON object, not {type(data).__name__}"
            )
        kind = data.get("kind", RESULT_TABLE_KIND)
        if kind != RESULT_TABLE_KIND:
            raise MalformedResponse(
                f"expected a {RESULT_TABLE_KIND!r} resource, got kind {_quoted(kind)}"
            )
        headers = data.get("columnHeaders")
        if not isinstance(headers, list) or not headers:
            raise MalformedResponse("the result table has no 'columnHeaders'")
        column_headers = tuple(ColumnHeader.from_json(header) for header in headers)
        names = [header.name for header in column_headers]
        if len(set(names)) != len(names):
            repeated = next(name for name in names if names.count(name) > 1)
            raise MalformedResponse(f"the result table repeats the column {_quoted(repeated)}")
        rows = data.get("rows")
        if rows is None:
            rows = []
        if not isinstance(rows, list):
            raise MalformedResponse("the result table's 'rows' is not a list")
        width = len(column_headers)
        if not _rows_fit(rows, width):  # only then look for the row to name
            bad = next(
                i for i, row in enumerate(rows) if type(row) not in _ROW_TYPES or len(row) != width
            )
            raise MalformedResponse(f"row {bad} of the result table does not have {width} cells")
        return cls(kind, column_headers, rows)

    @property
    def data(self) -> dict[str, Any]:
        """The resource as Google's JSON (always with ``rows``, as lists: see :func:`json_rows`)."""
        return {
            "kind": self.kind,
            "columnHeaders": [header.data for header in self.column_headers],
            "rows": json_rows(self.rows),
        }

    @property
    def columns(self) -> list[str]:
        """Every column name, in the order of the response."""
        return [header.name for header in self.column_headers]

    def header(self, name: str) -> ColumnHeader:
        """The header of column ``name``; ``KeyError`` naming the columns if there is none."""
        for header in self.column_headers:
            if header.name == name:
                return header
        raise KeyError(f"no column {name!r} in this report (it has {', '.join(self.columns)})")

    def raw_column(self, name: str) -> list[Cell]:
        """The cells of column ``name`` as they arrived."""
        index = self.column_headers.index(self.header(name))
        cell, rows = itemgetter(index), self.rows
        cells: list[Cell] = []
        # C-level loops (3x a comprehension), in batches: none holds the GIL for long.
        for start in range(0, len(rows), _CHECK_ROWS):
            cells += map(cell, rows[start : start + _CHECK_ROWS])
        return cells

    def column(self, name: str) -> list[Value]:
        """The typed values of column ``name`` (see :func:`convert`)."""
        return convert(self.header(name), self.raw_column(name))

    def typed_rows(self) -> list[tuple[Value, ...]]:
        """Every row with typed values."""
        if not self.rows:
            return []
        return list(zip(*(self.column(name) for name in self.columns), strict=True))


def json_rows(rows: list[Row]) -> list[list[Cell]]:
    """``rows`` as ``json.loads`` gives them: lists (``rows`` itself when they are).

    Tuple rows are copied to a new list each time: kept, the lists would cost the
    garbage collector what the tuples spare it.
    """
    types = set(map(type, rows))
    if tuple not in types:
        return cast(list[list[Cell]], rows)
    if types == {tuple}:
        return list(map(list, rows))
    return [list(row) if type(row) is tuple else cast(list[Cell], row) for row in rows]


def _rows_fit(rows: list[Any], width: int) -> bool:
    """Whether every row is a list or tuple of ``width`` cells (C-level passes, in slices)."""
    for start in range(0, len(rows), _CHECK_ROWS):
        part = rows[start : start + _CHECK_ROWS]
        if set(map(type, part)) - _ROW_TYPES or set(map(len, part)) - {width}:
            return False
    return True


def is_date_column(header: ColumnHeader) -> bool:
    """Whether the column holds ``day`` or ``month`` strings."""
    return header.name in ("day", "month") and header.data_type is DataType.STRING


def convert(header: ColumnHeader, cells: Sequence[Cell]) -> list[Value]:
    """Type the cells of one column; :class:`MalformedResponse` on a value of the wrong kind.

    INTEGER gives ``int``, FLOAT ``float``, STRING ``str``; ``day`` gives
    :class:`datetime.date` and ``month`` the date of the first of that month.
    """
    try:
        return _typed(header, cells)
    except (TypeError, ValueError, OverflowError):
        bad = next((cell for cell in cells if not _converts(header, cell)), None)
        raise MalformedResponse(
            f"column {_quoted(header.name)} has a value that is not valid: {_quoted(bad)}"
        ) from None


def _typed(header: ColumnHeader, cells: Sequence[Cell]) -> list[Value]:
    if is_date_column(header):
        texts = cast(Sequence[str], cells)
        return list(parse_days(texts) if header.name == "day" else parse_months(texts))
    if header.data_type is DataType.INTEGER:
        return list(map(int, cells))
    if header.data_type is DataType.FLOAT:
        return list(map(float, cells))
    return [cell if isinstance(cell, str) else str(cell) for cell in cells]


def _converts(header: ColumnHeader, cell: Cell) -> bool:
    """Whether ``cell`` alone converts (to name the first bad one)."""
    try:
        _typed(header, [cell])
    except (TypeError, ValueError, OverflowError):
        return False
    return True


def _quoted(value: object, limit: int = 60) -> str:
    """``repr(value)``, cut to ``limit`` characters: a hostile answer is not echoed whole."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
