"""One downloaded Reporting API report: its CSV parsed into typed rows, and its exports.

Each column's type follows from its name, never from the values of one day (so that a
column has the same type in every report): ``date`` is a :class:`datetime.date`, codes
and counts are ``int``, rates, ratios, averages and minutes ``float``, ids and text
``str``; an empty cell is ``None``. Anything else, or a row of the wrong width, raises
:class:`MalformedResponse` naming the line.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import exports
from .dates import parse_compact_day
from .errors import MalformedResponse
from .table import ResultTable

__all__ = ["BulkReport", "BulkValue", "ColumnKind", "column_kind"]

BulkValue = str | int | float | dt.date | None
"""A typed cell of a bulk report (``None`` for an empty one)."""


class ColumnKind(enum.Enum):
    """What a column of a bulk report holds."""

    DATE = "date"
    CODE = "code"  # a dimension given as a number (traffic source, device type...)
    TEXT = "text"  # ids and other dimensions given as text
    INTEGER = "integer"  # counts
    FLOAT = "float"  # rates, ratios, averages, minutes

    @property
    def is_metric(self) -> bool:
        return self in (ColumnKind.INTEGER, ColumnKind.FLOAT)


_CODE_COLUMNS = frozenset(
    {
        "traffic_source_type",
        "operating_system",
        "device_type",
        "playback_location_type",
        "sharing_service",
        "annotation_type",
        "card_type",
        "end_screen_element_type",
    }
)
# Free text that people outside the channel control (search terms, URLs, embedding sites):
# the only cells an export neutralises when they start like a spreadsheet formula.
_FREE_TEXT_COLUMNS = frozenset({"traffic_source_detail", "playback_location_detail"})
_FLOAT_NAME = re.compile(
    r"(?:^|_)(?:rate|ctr|ratio|average|percentage|minutes|seconds|revenue|cpm)(?:_|$)"
)
_COUNT_NAME = re.compile(
    r"(?:^|_)(?:views|impressions|clicks|closes|comments|likes|dislikes|shares|playlists|"
    r"gained|lost|starts|count)$"
)
_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
_DECIMAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?", re.ASCII)
_EXPECTED = {
    ColumnKind.DATE: "a date (YYYYMMDD)",
    ColumnKind.CODE: "a code (a whole number)",
    ColumnKind.TEXT: "text",
    ColumnKind.INTEGER: "a whole number",
    ColumnKind.FLOAT: "a number",
}
_DATA_TYPES = {
    ColumnKind.DATE: "STRING",
    ColumnKind.CODE: "INTEGER",
    ColumnKind.TEXT: "STRING",
    ColumnKind.INTEGER: "INTEGER",
    ColumnKind.FLOAT: "FLOAT",
}


def column_kind(name: str) -> ColumnKind:
    """The kind of column ``name`` (an unknown one is text: it is kept as it came)."""
    if name == "date":
        return ColumnKind.DATE
    if name in _CODE_COLUMNS:
        return ColumnKind.CODE
    if _FLOAT_NAME.search(name):
        return ColumnKind.FLOAT
    if _COUNT_NAME.search(name):
        return ColumnKind.INTEGER
    return ColumnKind.TEXT


def _integer(cell: str) -> int:
    if _INTEGER.fullmatch(cell) is None:
        raise ValueError("not a whole number")
    return int(cell)


def _float(cell: str) -> float:
    if _DECIMAL.fullmatch(cell) is None:
        raise ValueError("not a number")
    return float(cell)


_PARSERS: dict[ColumnKind, Callable[[str], BulkValue]] = {
    ColumnKind.DATE: parse_compact_day,
    ColumnKind.CODE: _integer,
    ColumnKind.TEXT: str,
    ColumnKind.INTEGER: _integer,
    ColumnKind.FLOAT: _float,
}


def _quoted(cell: str, limit: int = 40) -> str:
    """``repr(cell)`` cut short: a hostile body is not echoed whole."""
    text = repr(cell)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class BulkReport:
    """One downloaded CSV report of ``report_type_id`` ("" when not known), typed (see the
    module's text)."""

    report_type_id: str
    columns: list[str]
    rows: list[tuple[BulkValue, ...]]

    @classmethod
    def from_csv(cls, data: bytes, report_type_id: str) -> BulkReport:
        """Parse a report's CSV bytes; a header-only body has no rows.

        :class:`MalformedResponse` when the body is not UTF-8 CSV with a header line,
        when a line has not the header's number of cells (a body cut off midway), or a
        cell is not of its column's kind.
        """
        what = f"the {report_type_id} report" if report_type_id else "the report"
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise MalformedResponse(
                f"{what} is not UTF-8 text (it may have been cut off)"
            ) from None
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            columns = next(reader, [])
            if not columns or not all(columns):
                raise MalformedResponse(f"{what} has no header line naming its columns")
            if len(set(columns)) != len(columns):
                raise MalformedResponse(f"{what} names a column twice in its header line")
            parsers = [_PARSERS[column_kind(name)] for name in columns]
            rows = []
            for cells in reader:
                if not cells:  # a blank line, such as one after the last row
                    continue
                if len(cells) != len(columns):
                    raise MalformedResponse(
                        f"line {reader.line_num} of {what} has {len(cells)} cells, "
                        f"not {len(columns)} as its header (it may have been cut off)"
                    )
                rows.append(_typed_row(cells, parsers, columns, reader.line_num, what))
        except csv.Error:
            raise MalformedResponse(
                f"line {reader.line_num} of {what} is not valid CSV (it may have been cut off)"
            ) from None
        return cls(report_type_id, columns, rows)

    def __repr__(self) -> str:
        rows, columns = self.shape
        return f"<BulkReport {self.report_type_id!r}: {rows} rows x {columns} columns>"

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, columns)``."""
        return len(self.rows), len(self.columns)

    @property
    def dimensions(self) -> list[str]:
        """The columns that say what a row is about (date, ids, codes, text)."""
        return [name for name in self.columns if not column_kind(name).is_metric]

    @property
    def metrics(self) -> list[str]:
        """The columns of numbers (counts, rates, minutes)."""
        return [name for name in self.columns if column_kind(name).is_metric]

    def column(self, name: str) -> list[BulkValue]:
        """The typed values of column ``name``; ``KeyError`` naming the columns if none."""
        if name not in self.columns:
            raise KeyError(f"no column {name!r} in this report (it has {', '.join(self.columns)})")
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def result_table(self, *, neutralise_formulas: bool = False) -> ResultTable:
        """The report as a Google-style result table: dates as ``YYYY-MM-DD``, empty cells
        as ``""``, and with ``neutralise_formulas`` a free-text cell that a spreadsheet
        would run as a formula prefixed by an apostrophe (:func:`exports.neutralise`)."""
        free_text = [neutralise_formulas and name in _FREE_TEXT_COLUMNS for name in self.columns]

        def cell(index: int, value: BulkValue) -> str | int | float:
            if value is None:
                return ""
            if isinstance(value, dt.date):
                return value.isoformat()
            if free_text[index] and isinstance(value, str):
                return exports.neutralise(value)
            return value

        rows = [[cell(i, value) for i, value in enumerate(row)] for row in self.rows]
        return ResultTable.from_json({"columnHeaders": self._headers(), "rows": rows})

    def _headers(self) -> list[dict[str, str]]:
        headers = []
        for name in self.columns:
            kind = column_kind(name)
            column_type = "METRIC" if kind.is_metric else "DIMENSION"
            headers.append({"name": name, "columnType": column_type, "dataType": _DATA_TYPES[kind]})
        return headers

    def to_csv(
        self,
        path: str | os.PathLike[str],
        *,
        delimiter: str = ",",
        overwrite: bool = False,
        neutralise_formulas: bool = True,
    ) -> Path:
        """Write an RFC 4180 CSV (a ``.tsv`` when ``delimiter`` is a tab), atomically.

        Dates are written ``YYYY-MM-DD``, empty cells empty. A free-text cell (traffic
        source or playback location detail, which people outside the channel control)
        that a spreadsheet would run as a formula gets a leading apostrophe, unless
        ``neutralise_formulas`` is false; ids, codes and numbers are never altered.
        Returns the path written.
        """
        return exports.write_csv(
            self.result_table(neutralise_formulas=neutralise_formulas),
            path,
            delimiter=delimiter,
            overwrite=overwrite,
            neutralise_formulas=False,  # done above: these columns are not the Analytics API's
        )

    def to_json(
        self, path: str | os.PathLike[str], *, overwrite: bool = False, indent: int | None = None
    ) -> Path:
        """Write ``{"reportTypeId", "columnHeaders", "rows"}`` atomically: dates as
        ``YYYY-MM-DD``, empty cells as ``null``. Returns the path written."""
        rows = [
            [value.isoformat() if isinstance(value, dt.date) else value for value in row]
            for row in self.rows
        ]
        data = {"reportTypeId": self.report_type_id, "columnHeaders": self._headers(), "rows": rows}
        return exports.write_json(data, path, overwrite=overwrite, indent=indent)

    def _dated(self, skip_date_conversion: bool) -> list[tuple[str, ColumnKind, list[Any]]]:
        """Each column's name, kind and values; with ``skip_date_conversion`` dates as text."""
        columns = []
        for name in self.columns:
            kind, values = column_kind(name), self.column(name)
            if kind is ColumnKind.DATE and skip_date_conversion:
                kind = ColumnKind.TEXT
                values = [
                    value.isoformat() if isinstance(value, dt.date) else value for value in values
                ]
            columns.append((name, kind, values))
        return columns

    def to_pandas(self, *, skip_date_conversion: bool = False) -> Any:
        """A ``pandas.DataFrame`` (needs the ``pandas`` extra): dates as ``datetime64``,
        counts and codes ``int64`` (``Int64`` when a cell is empty), rates ``float64``."""
        pd = exports.optional_module("pandas", "pandas")

        def series(name: str, kind: ColumnKind, values: list[Any]) -> Any:
            if kind is ColumnKind.DATE:
                return pd.Series(pd.to_datetime(values), name=name)
            if kind in (ColumnKind.CODE, ColumnKind.INTEGER):
                return pd.Series(values, dtype="Int64" if None in values else "int64", name=name)
            if kind is ColumnKind.FLOAT:
                return pd.Series(values, dtype="float64", name=name)
            return pd.Series(values, dtype=str, name=name)

        columns = self._dated(skip_date_conversion)
        return pd.DataFrame({name: series(name, kind, values) for name, kind, values in columns})

    def to_polars(self, *, skip_date_conversion: bool = False) -> Any:
        """A ``polars.DataFrame`` (needs the ``polars`` extra): dates as ``pl.Date``."""
        pl = exports.optional_module("polars", "polars")
        types = {
            ColumnKind.DATE: pl.Date,
            ColumnKind.CODE: pl.Int64,
            ColumnKind.TEXT: pl.Utf8,
            ColumnKind.INTEGER: pl.Int64,
            ColumnKind.FLOAT: pl.Float64,
        }
        columns = self._dated(skip_date_conversion)
        return pl.DataFrame(
            [pl.Series(name, values, types[kind]) for name, kind, values in columns]
        )

    def to_arrow(self, *, skip_date_conversion: bool = False) -> Any:
        """A ``pyarrow.Table`` (needs the ``arrow`` extra): dates as ``date32``."""
        pa = exports.optional_module("pyarrow", "arrow")
        types = {
            ColumnKind.DATE: pa.date32(),
            ColumnKind.CODE: pa.int64(),
            ColumnKind.TEXT: pa.string(),
            ColumnKind.INTEGER: pa.int64(),
            ColumnKind.FLOAT: pa.float64(),
        }
        columns = self._dated(skip_date_conversion)
        return pa.table({name: pa.array(values, types[kind]) for name, kind, values in columns})


def _typed_row(
    cells: list[str],
    parsers: list[Callable[[str], BulkValue]],
    columns: list[str],
    line: int,
    what: str,
) -> tuple[BulkValue, ...]:
    """One line's cells typed by their columns' parsers; empty ones are ``None``."""
    try:
        return tuple(
            parse(cell) if cell else None for parse, cell in zip(parsers, cells, strict=True)
        )
    except (ValueError, OverflowError):
        index = next(i for i, cell in enumerate(cells) if cell and not _parses(parsers[i], cell))
        expected = _EXPECTED[column_kind(columns[index])]
        raise MalformedResponse(
            f"line {line} of {what}: column '{columns[index]}' holds {_quoted(cells[index])}, "
            f"which is not {expected}"
        ) from None


def _parses(parse: Callable[[str], BulkValue], cell: str) -> bool:
    try:
        parse(cell)
    except (ValueError, OverflowError):
        return False
    return True
