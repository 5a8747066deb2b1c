"""Data frames of reports: pandas, polars and Arrow (each an optional extra), and Parquet/Feather.

A report without rows gives an empty frame with the report's columns and types, rather
than raising as analytix does. ``day`` and ``month`` columns, wherever they are, become
dates unless ``skip_date_conversion`` is set.
"""

from __future__ import annotations

import importlib
import itertools
import os
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from .atomic import atomic_path
from .exports import optional_module, output_path
from .table import Cell, ColumnHeader, ResultTable, Row, convert, is_date_column

__all__ = ["to_arrow", "to_pandas", "to_polars", "write_arrow"]

# Rows whose cells are converted together, while they are in the CPU's cache.
_BLOCK_ROWS = 4096


def _kind(header: ColumnHeader, skip_date_conversion: bool) -> str:
    """``"day"``, ``"month"``, ``"INTEGER"``, ``"FLOAT"`` or ``"STRING"``."""
    if is_date_column(header) and not skip_date_conversion:
        return header.name
    return header.data_type.value


def _columns(table: ResultTable) -> list[list[Cell]]:
    """The cells column by column, from one flat list (a single pass over the rows)."""
    width = len(table.column_headers)
    cells = list(itertools.chain.from_iterable(table.rows))
    return [cells[index::width] for index in range(width)]


def _frame_columns(
    table: ResultTable,
    skip_date_conversion: bool,
    make: Callable[[str, str, list[Cell]], Any],
) -> dict[str, Any]:
    """Column name -> library column, via ``make(kind, name, cells)`` (see :func:`_kind`)."""
    return {
        header.name: make(_kind(header, skip_date_conversion), header.name, cells)
        for header, cells in zip(table.column_headers, _columns(table), strict=True)
    }


def to_pandas(table: ResultTable, *, skip_date_conversion: bool = False) -> Any:
    """A ``pandas.DataFrame``: int64 / float64 / text columns, dates as ``datetime64``.

    The same frame as ``pd.Series(cells, dtype=...)`` for each column, but built a block
    of rows at a time (see :class:`_PandasColumn`): the block's cells go into one
    two-dimensional object array, whose columns are converted in C while they are still
    in the CPU's cache.
    """
    pd = optional_module("pandas", "pandas")
    np = optional_module("numpy", "pandas")  # a dependency of pandas
    # pandas 3 keeps text in pyarrow: then pyarrow takes the cells itself.
    arrow = getattr(pd.api.types.pandas_dtype(str), "storage", None) == "pyarrow"
    pa = importlib.import_module("pyarrow") if arrow else None
    headers, rows = table.column_headers, table.rows
    columns = [
        _PandasColumn(pd, np, pa, header, index, _kind(header, skip_date_conversion))
        for index, header in enumerate(headers)
    ]
    for start in range(0, len(rows), _BLOCK_ROWS):
        block = rows[start : start + _BLOCK_ROWS]
        cells = np.fromiter(
            itertools.chain.from_iterable(block), dtype=object, count=len(block) * len(headers)
        ).reshape(len(block), len(headers))
        for column in columns:
            column.add(cells[:, column.index])
    return pd.DataFrame({column.header.name: column.finish(rows) for column in columns})


class _PandasColumn:
    """One column of a DataFrame, converted a block at a time by numpy or pyarrow.

    A block is converted only when the result is exactly what pandas makes of it (for
    numbers, pandas' own check that the values are unchanged); from the first block
    that is not, pandas converts the whole column at the end, as it always did,
    raising what it always raised.
    """

    def __init__(
        self,
        pd: ModuleType,
        np: ModuleType,
        pa: ModuleType | None,
        header: ColumnHeader,
        index: int,
        kind: str,
    ) -> None:
        self.pd, self.np, self.pa = pd, np, pa
        self.header, self.index, self.kind = header, index, kind
        self.parts: list[Any] | None = [] if kind != "STRING" or pa is not None else None
        self.distinct: set[Cell] = set()  # of a date column

    def add(self, cells: Any) -> None:
        if self.parts is None:
            return
        try:
            self.parts.append(self._converted(cells))
        except Exception:  # an odd cell: pandas converts the whole column in finish()
            self.parts = None

    def _converted(self, cells: Any) -> Any:
        np = self.np
        if self.kind in ("INTEGER", "FLOAT"):
            values = cells.astype(np.int64 if self.kind == "INTEGER" else np.float64)
            if not np.array_equal(values, cells):  # 1.5 or "12" (or NaN): pandas decides
                raise ValueError("not only numbers of the column's type")
            return values
        if self.kind == "STRING":
            assert self.pa is not None
            return self.pa.array(cells, type=self.pa.large_string(), from_pandas=True)
        self.distinct.update(cells)  # checked by convert() in finish()
        return cells.astype("datetime64[D]" if self.kind == "day" else "datetime64[M]")

    def _dates(self) -> Any:
        """The parsed dates once each distinct value has passed convert(), else None."""
        assert self.parts
        try:
            typed = self.pd.to_datetime(convert(self.header, list(self.distinct)))
        except Exception:  # the whole column, in order, then fails as it always did
            return None
        # pandas chose the unit (its version's) of the dates convert() gives.
        return self.pd.DatetimeIndex(self.np.concatenate(self.parts).astype(typed.dtype))

    def finish(self, rows: list[Row]) -> Any:
        """The pandas column, given the table's rows (for pandas, when it decides)."""
        pd, np, name = self.pd, self.np, self.header.name
        if self.parts and self.kind in ("INTEGER", "FLOAT"):
            return pd.Series(np.concatenate(self.parts), name=name)
        if self.parts and self.kind == "STRING":
            assert self.pa is not None
            values = self.pa.chunked_array(self.parts, type=self.pa.large_string())
            return pd.Series(values, dtype=str, name=name)
        dates = self._dates() if self.parts else None
        if dates is not None:
            return dates
        cells = [row[self.index] for row in rows]
        if self.kind in ("day", "month"):
            return pd.to_datetime(convert(self.header, cells))
        dtype = {"INTEGER": "int64", "FLOAT": "float64", "STRING": str}[self.kind]
        return pd.Series(cells, dtype=dtype, name=name)


def to_polars(table: ResultTable, *, skip_date_conversion: bool = False) -> Any:
    """A ``polars.DataFrame``: Int64 / Float64 / Utf8 columns, dates as ``pl.Date``."""
    pl = optional_module("polars", "polars")
    dtypes = {"INTEGER": pl.Int64, "FLOAT": pl.Float64, "STRING": pl.Utf8}

    def make(kind: str, name: str, cells: list[Cell]) -> Any:
        if kind in ("day", "month"):
            return pl.Series(name, convert(table.header(name), cells), pl.Date)
        return pl.Series(name, cells, dtypes[kind], strict=False)

    return pl.DataFrame(list(_frame_columns(table, skip_date_conversion, make).values()))


def to_arrow(table: ResultTable, *, skip_date_conversion: bool = False) -> Any:
    """A ``pyarrow.Table``: int64 / float64 / string columns, dates as ``date32``."""
    pa = optional_module("pyarrow", "arrow")
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
        writer = optional_module("pyarrow.parquet", "arrow").write_table
    else:
        writer = optional_module("pyarrow.feather", "arrow").write_feather
    target = output_path(path, extension)
    with atomic_path(target, overwrite=overwrite) as temp:
        writer(frame, str(temp))
    return target
