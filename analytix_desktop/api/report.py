"""The report object: a parsed ``youtubeAnalytics#resultTable`` with typed access and exports.

A malformed result table (wrong kind, missing or odd column headers, ragged rows,
values that do not match their declared type) raises :class:`NetworkError`: it is
an answer from Google that could not be read, like an unparsable body.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from analytix_desktop.api import exports
from analytix_desktop.api.errors import NetworkError

if TYPE_CHECKING:
    from analytix_desktop.api.catalogue import ReportType

__all__ = ["Cell", "ColumnHeader", "ColumnType", "DataType", "Report", "ResultTable", "Value"]

RESULT_TABLE_KIND = "youtubeAnalytics#resultTable"

Cell = str | int | float
"""A raw cell as it arrives in the JSON."""
Value = str | int | float | dt.date
"""A typed cell: ``day`` and ``month`` become dates, numbers follow the column's data type."""

# Totals of averages that can be recomputed exactly from additive columns in the same
# report: metric -> (numerator, denominator, factor), following Google's definitions.
_WEIGHTED_TOTALS: dict[str, tuple[str, str, float]] = {
    "averageViewDuration": ("estimatedMinutesWatched", "views", 60.0),
    "playlistAverageViewDuration": ("playlistEstimatedMinutesWatched", "playlistViews", 60.0),
    "cpm": ("grossRevenue", "adImpressions", 1000.0),
    "playbackBasedCpm": ("grossRevenue", "monetizedPlaybacks", 1000.0),
}


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
        """Parse one header; raises :class:`NetworkError` when it is not of Google's shape."""
        if not isinstance(data, Mapping):
            raise NetworkError(f"a result table column header is not an object: {data!r}")
        name = data.get("name")
        if not isinstance(name, str) or not name:
            raise NetworkError(f"a result table column header has no name: {dict(data)!r}")
        try:
            data_type = DataType(data.get("dataType"))
            column_type = ColumnType(data.get("columnType"))
        except ValueError as exc:
            raise NetworkError(f"column {name!r} has an unknown type: {exc}") from None
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
    rows: list[list[Cell]]

    @classmethod
    def from_json(cls, data: Any) -> ResultTable:
        """Parse and check the shape of a result table; raises :class:`NetworkError`."""
        if not isinstance(data, Mapping):
            raise NetworkError(f"a result table must be a JSON object, not {type(data).__name__}")
        kind = data.get("kind", RESULT_TABLE_KIND)
        if kind != RESULT_TABLE_KIND:
            raise NetworkError(f"expected a {RESULT_TABLE_KIND!r} resource, got kind {kind!r}")
        headers = data.get("columnHeaders")
        if not isinstance(headers, list) or not headers:
            raise NetworkError("the result table has no 'columnHeaders'")
        column_headers = tuple(ColumnHeader.from_json(header) for header in headers)
        names = [header.name for header in column_headers]
        if len(set(names)) != len(names):
            raise NetworkError(f"the result table repeats a column: {names}")
        rows = data.get("rows")
        if rows is None:
            rows = []
        if not isinstance(rows, list):
            raise NetworkError("the result table's 'rows' is not a list")
        width = len(column_headers)
        # C-level passes; only on failure look for the row to name.
        if set(map(type, rows)) - {list} or set(map(len, rows)) - {width}:
            bad = next(
                i for i, row in enumerate(rows) if not isinstance(row, list) or len(row) != width
            )
            raise NetworkError(f"row {bad} of the result table does not have {width} cells")
        return cls(kind, column_headers, rows)

    @property
    def data(self) -> dict[str, Any]:
        """The resource as Google's JSON (always with ``rows``)."""
        return {
            "kind": self.kind,
            "columnHeaders": [header.data for header in self.column_headers],
            "rows": self.rows,
        }


class Report:
    """An analytics report: the result table, its report type, typed access and exports."""

    __slots__ = ("_raw", "resource", "type")

    def __init__(self, data: Mapping[str, Any], type: ReportType) -> None:
        self.resource = ResultTable.from_json(data)
        self.type = type
        self._raw = data

    def __repr__(self) -> str:
        rows, columns = self.shape
        return f"<Report {self.type.name!r}: {rows} rows x {columns} columns>"

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, columns)``."""
        return len(self.resource.rows), len(self.resource.column_headers)

    @property
    def columns(self) -> list[str]:
        """Every column name, dimensions first, in the order of the response."""
        return [header.name for header in self.resource.column_headers]

    @property
    def dimensions(self) -> list[str]:
        """The dimension columns."""
        return self._names(ColumnType.DIMENSION)

    @property
    def metrics(self) -> list[str]:
        """The metric columns."""
        return self._names(ColumnType.METRIC)

    def _names(self, column_type: ColumnType) -> list[str]:
        return [h.name for h in self.resource.column_headers if h.column_type is column_type]

    def header(self, name: str) -> ColumnHeader:
        """The header of column ``name``; ``KeyError`` naming the columns if there is none."""
        for header in self.resource.column_headers:
            if header.name == name:
                return header
        raise KeyError(f"no column {name!r} in this report (it has {', '.join(self.columns)})")

    def raw_column(self, name: str) -> list[Cell]:
        """The cells of column ``name`` as they arrived."""
        self.header(name)
        index = self.columns.index(name)
        return [row[index] for row in self.resource.rows]

    def column(self, name: str) -> list[Value]:
        """The typed values of column ``name``.

        INTEGER gives ``int``, FLOAT ``float``, STRING ``str``; ``day`` gives
        :class:`datetime.date` and ``month`` the date of the first of that month.
        """
        return convert(self.header(name), self.raw_column(name))

    def rows_typed(self) -> list[tuple[Value, ...]]:
        """Every row with typed values (see :meth:`column`)."""
        if not self.resource.rows:
            return []
        return list(zip(*(self.column(name) for name in self.columns), strict=True))

    def totals(self) -> dict[str, int | float | None]:
        """Per metric column, the total over the report's rows where one is meaningful.

        Additive metrics (the catalogue's ``Metric.additive``: views, minutes, likes,
        revenue...) are summed. Averages and ratios are ``None``, except those with a
        well-defined weighted total recomputed from additive columns present in the
        same report: ``averageViewDuration`` = 60 x ``estimatedMinutesWatched`` /
        ``views`` (seconds), ``playlistAverageViewDuration`` likewise from the playlist
        columns, ``cpm`` = 1000 x ``grossRevenue`` / ``adImpressions`` and
        ``playbackBasedCpm`` = 1000 x ``grossRevenue`` / ``monetizedPlaybacks``.
        Note that the sum is over the rows returned: a report capped by
        ``max_results`` totals only those rows.
        """
        from analytix_desktop.api.catalogue import METRICS

        sums: dict[str, int | float] = {}
        for name in self.metrics:
            metric = METRICS.get(name)
            if metric is not None and metric.additive:
                values = cast(list[float], self.column(name))
                is_float = self.header(name).data_type is DataType.FLOAT
                sums[name] = math.fsum(values) if is_float else sum(values)
        totals: dict[str, int | float | None] = {}
        for name in self.metrics:
            if name in sums:
                totals[name] = sums[name]
                continue
            numerator, denominator, factor = _WEIGHTED_TOTALS.get(name, ("", "", 0.0))
            if numerator in sums and sums.get(denominator):
                totals[name] = factor * sums[numerator] / sums[denominator]
            else:
                totals[name] = None
        return totals

    @property
    def data(self) -> Mapping[str, Any]:
        """The JSON as Google sent it."""
        return self._raw

    def to_json(
        self, path: str | Path, *, overwrite: bool = False, indent: int | None = None
    ) -> Path:
        """Write the JSON as Google sent it, atomically; returns the path written."""
        return exports.write_json(self._raw, path, overwrite=overwrite, indent=indent)

    def to_csv(
        self,
        path: str | Path,
        *,
        delimiter: str = ",",
        overwrite: bool = False,
        neutralise_formulas: bool = True,
    ) -> Path:
        """Write an RFC 4180 CSV (a ``.tsv`` when ``delimiter`` is a tab), atomically.

        ``path`` gets the extension appended, in its own directory, when it lacks it.
        Every value is written exactly as the API sent it, with one exception: in the
        free-text columns of ``exports.FREE_TEXT_DIMENSIONS`` (search terms, external
        URLs, embedding sites, which people outside the channel control) a value a
        spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
        tab or CR) gets a leading apostrophe, unless ``neutralise_formulas`` is false.
        Numbers, IDs (a video ID may start with ``-`` or ``_``) and codes are never
        altered. Raises ``FileExistsError`` when the file exists and ``overwrite`` is
        false. Returns the path written.
        """
        return exports.write_csv(
            self.resource,
            path,
            delimiter=delimiter,
            overwrite=overwrite,
            neutralise_formulas=neutralise_formulas,
        )

    def to_excel(
        self,
        path: str | Path,
        *,
        sheet_name: str = "Analytics",
        overwrite: bool = False,
        neutralise_formulas: bool = True,
    ) -> Path:
        """Write an ``.xlsx`` workbook with one sheet (needs the ``excel`` extra), atomically.

        Dates are real dates; other values are the API's, exactly. Unless
        ``neutralise_formulas`` is false, a value of the free-text columns of
        ``exports.FREE_TEXT_DIMENSIONS`` starting with ``=`` is stored as text rather
        than as a formula; numbers, IDs and codes are never altered.
        """
        return exports.write_excel(
            self,
            path,
            sheet_name=sheet_name,
            overwrite=overwrite,
            neutralise_formulas=neutralise_formulas,
        )

    def to_pandas(self, *, skip_date_conversion: bool = False) -> Any:
        """A ``pandas.DataFrame`` (needs the ``pandas`` extra); see :mod:`exports`."""
        return exports.to_pandas(self, skip_date_conversion=skip_date_conversion)

    def to_polars(self, *, skip_date_conversion: bool = False) -> Any:
        """A ``polars.DataFrame`` (needs the ``polars`` extra); see :mod:`exports`."""
        return exports.to_polars(self, skip_date_conversion=skip_date_conversion)

    def to_arrow(self, *, skip_date_conversion: bool = False) -> Any:
        """A ``pyarrow.Table`` (needs the ``arrow`` extra); see :mod:`exports`."""
        return exports.to_arrow(self, skip_date_conversion=skip_date_conversion)

    def to_parquet(
        self, path: str | Path, *, overwrite: bool = False, skip_date_conversion: bool = False
    ) -> Path:
        """Write a Parquet file via :meth:`to_arrow`, atomically."""
        return exports.write_arrow(
            self, path, ".parquet", overwrite=overwrite, skip_date_conversion=skip_date_conversion
        )

    def to_feather(
        self, path: str | Path, *, overwrite: bool = False, skip_date_conversion: bool = False
    ) -> Path:
        """Write a Feather (Arrow IPC) file via :meth:`to_arrow`, atomically."""
        return exports.write_arrow(
            self, path, ".feather", overwrite=overwrite, skip_date_conversion=skip_date_conversion
        )


def is_date_column(header: ColumnHeader) -> bool:
    """Whether the column holds ``day`` or ``month`` strings."""
    return header.name in ("day", "month") and header.data_type is DataType.STRING


def convert(header: ColumnHeader, cells: Sequence[Cell]) -> list[Value]:
    """Type the cells of one column; raises :class:`NetworkError` on a value of the wrong kind."""
    try:
        if header.name == "day" and header.data_type is DataType.STRING:
            return list(map(dt.date.fromisoformat, cast(Sequence[str], cells)))
        if header.name == "month" and header.data_type is DataType.STRING:
            return [dt.date.fromisoformat(f"{cell}-01") for cell in cells]
        if header.data_type is DataType.INTEGER:
            return list(map(int, cells))
        if header.data_type is DataType.FLOAT:
            return list(map(float, cells))
    except (TypeError, ValueError) as exc:
        raise NetworkError(f"column {header.name!r} has a value that is not valid: {exc}") from None
    return [cell if isinstance(cell, str) else str(cell) for cell in cells]
