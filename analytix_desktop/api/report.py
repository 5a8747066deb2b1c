"""The report object: a parsed result table with its report type, typed access and exports.

The resource itself (headers, rows, typed values) is :mod:`.table`'s; a malformed
one raises :class:`NetworkError`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import orjson

from . import exports, frames
from .catalogue import METRICS, ReportType
from .table import Cell, ColumnHeader, ColumnType, DataType, ResultTable, Value, convert, json_rows

__all__ = ["Report"]

# Cells a total converts by one C call: a few milliseconds with the GIL held, so that a
# GUI thread is not held up while a 500,000-row report is totalled on a worker.
_TOTAL_CELLS = 65_536

# Totals of averages that can be recomputed exactly from additive columns in the same
# report: metric -> (numerator, denominator, factor), following Google's definitions.
_WEIGHTED_TOTALS: dict[str, tuple[str, str, float]] = {
    "averageViewDuration": ("estimatedMinutesWatched", "views", 60.0),
    "playlistAverageViewDuration": ("playlistEstimatedMinutesWatched", "playlistViews", 60.0),
    "cpm": ("grossRevenue", "adImpressions", 1000.0),
    "playbackBasedCpm": ("grossRevenue", "monetizedPlaybacks", 1000.0),
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
        return self.resource.columns

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
        return self.resource.header(name)

    def raw_column(self, name: str) -> list[Cell]:
        """The cells of column ``name`` as they arrived."""
        return self.resource.raw_column(name)

    def column(self, name: str) -> list[Value]:
        """The typed values of column ``name``.

        INTEGER gives ``int``, FLOAT ``float``, STRING ``str``; ``day`` gives
        :class:`datetime.date` and ``month`` the date of the first of that month.
        """
        return self.resource.column(name)

    def rows_typed(self) -> list[tuple[Value, ...]]:
        """Every row with typed values (see :meth:`column`)."""
        return self.resource.typed_rows()

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
        sums: dict[str, int | float] = {}
        for name in self.metrics:
            metric = METRICS.get(name)
            if metric is not None and metric.additive:
                sums[name] = self._sum(name)
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

    def _sum(self, name: str) -> int | float:
        """The sum of metric ``name`` (exact for floats), converted a slice at a time."""
        header = self.header(name)
        cells = self.raw_column(name)
        parts = [
            cast(list[float], convert(header, cells[start : start + _TOTAL_CELLS]))
            for start in range(0, len(cells), _TOTAL_CELLS)
        ]
        if header.data_type is DataType.FLOAT:
            return math.fsum(itertools.chain.from_iterable(parts))
        return sum(sum(part) for part in parts)

    @property
    def data(self) -> Mapping[str, Any]:
        """The JSON as Google sent it, rows as lists (a copy when they are held as tuples)."""
        rows = json_rows(self.resource.rows)
        return self._raw if rows is self.resource.rows else {**self._raw, "rows": rows}

    def json_bytes(self) -> bytes:
        """The JSON as Google sent it, as compact UTF-8 bytes (to keep it, e.g. in a store)."""
        return orjson.dumps(self._raw)

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
            self.resource,
            path,
            sheet_name=sheet_name,
            overwrite=overwrite,
            neutralise_formulas=neutralise_formulas,
        )

    def to_pandas(self, *, skip_date_conversion: bool = False) -> Any:
        """A ``pandas.DataFrame`` (needs the ``pandas`` extra); see :mod:`frames`."""
        return frames.to_pandas(self.resource, skip_date_conversion=skip_date_conversion)

    def to_polars(self, *, skip_date_conversion: bool = False) -> Any:
        """A ``polars.DataFrame`` (needs the ``polars`` extra); see :mod:`frames`."""
        return frames.to_polars(self.resource, skip_date_conversion=skip_date_conversion)

    def to_arrow(self, *, skip_date_conversion: bool = False) -> Any:
        """A ``pyarrow.Table`` (needs the ``arrow`` extra); see :mod:`frames`."""
        return frames.to_arrow(self.resource, skip_date_conversion=skip_date_conversion)

    def to_parquet(
        self, path: str | Path, *, overwrite: bool = False, skip_date_conversion: bool = False
    ) -> Path:
        """Write a Parquet file via :meth:`to_arrow`, atomically."""
        return frames.write_arrow(
            self.resource,
            path,
            ".parquet",
            overwrite=overwrite,
            skip_date_conversion=skip_date_conversion,
        )

    def to_feather(
        self, path: str | Path, *, overwrite: bool = False, skip_date_conversion: bool = False
    ) -> Path:
        """Write a Feather (Arrow IPC) file via :meth:`to_arrow`, atomically."""
        return frames.write_arrow(
            self.resource,
            path,
            ".feather",
            overwrite=overwrite,
            skip_date_conversion=skip_date_conversion,
        )
