"""The report table as shown, for exports and copying: texts in view order, free of Qt.

A :class:`Snapshot` is taken on the GUI thread (header texts, the one total row and a
copy of the row order: cheap); the rows themselves are formatted from the ``Table``
on a worker, so that a 90,000-row report never stalls the GUI.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from analytix_desktop.api.atomic import atomic_path
from analytix_desktop.api.exports import FREE_TEXT_DIMENSIONS, neutralise, output_path
from analytix_desktop.gui.formatting import is_watch_time, watch_time_unit
from analytix_desktop.gui.report_view.columns import NUMERIC_DIMENSIONS, TIME_DIMENSIONS

if TYPE_CHECKING:
    from analytix_desktop.gui.report_view.columns import Column, Table

__all__ = [
    "ShownColumn",
    "Snapshot",
    "column_texts",
    "shown_columns",
    "write_shown_csv",
    "write_shown_excel",
]

IntArray = npt.NDArray[np.intp]

TITLED_DIMENSIONS = frozenset({"video", "playlist"})
"""Dimensions shown by their titles: free text, neutralised in the CSV like the details."""
_ID_DIMENSIONS = frozenset({"video", "playlist", "group"})
_DATE_FORMATS = {"day": "d mmm yyyy", "month": "mmm yyyy"}
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Control characters an .xlsx cannot hold (openpyxl refuses them).
_ILLEGAL_XML = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


@dataclass(frozen=True)
class Snapshot:
    """What the table shows, read on the GUI thread; the rows are formatted later."""

    table: Table
    order: IntArray
    """Report row numbers in view order (a copy of the model's)."""
    headers: list[str]
    total_texts: list[str] | None
    total_values: list[object] | None

    @property
    def row_count(self) -> int:
        """Rows of the view, the total row included."""
        return self.table.rows + (0 if self.total_texts is None else 1)


@dataclass(frozen=True)
class ShownColumn:
    """One exported column: the texts of every row (total last) and what Excel gets."""

    header: str
    texts: list[str]
    csv_texts: list[str] | None = None
    """The texts with formulas neutralised, where they differ."""
    values: list[object] | None = None
    """Numbers or dates for the workbook; None where the text is written instead."""
    number_format: str = ""


def column_texts(snapshot: Snapshot, column: int, rows: IntArray) -> list[str]:
    """The texts of ``column`` at view ``rows`` (ascending; the total row comes last)."""
    table = snapshot.table
    body = rows[rows < table.rows]
    source = snapshot.order[body]
    info = table.columns[column]
    if info.labels is not None and info.codes is not None:
        labels = info.labels
        texts = [labels[code] for code in info.codes[source].tolist()]
    else:
        texts = [info.text(row) for row in source.tolist()]
    if len(body) < len(rows):
        assert snapshot.total_texts is not None
        texts.append(snapshot.total_texts[column])
    return texts


def _excel_format(column: Column, currency: str) -> tuple[str, float]:
    """The number format that reads like the table, and what to divide the value by."""
    if is_watch_time(column.unit, column.name):
        # The unit the header names: hours with a decimal, or whole minutes.
        return ("#,##0.0", 60.0) if watch_time_unit() == "hours" else ("#,##0", 1.0)
    if column.unit in ("seconds", "minutes"):
        # Excel counts time in days.
        return "[h]:mm:ss", 86400.0 if column.unit == "seconds" else 1440.0
    if column.unit == "percent":
        return "0.0%", 100.0
    if column.unit in ("currency", "rate"):
        return f'#,##0.00 "{currency}"', 1.0
    if column.unit == "ratio" and column.name == "viewsPerPlaylistStart":
        return "#,##0.00", 1.0
    if column.unit == "ratio":  # shares of 1, shown as percentages
        return ("0.00%" if "Rate" in column.name else "0.0%"), 1.0
    if column.integer or column.unit == "count":
        return "#,##0", 1.0
    return "#,##0.00", 1.0


def _metric(snapshot: Snapshot, index: int, texts: list[str]) -> ShownColumn:
    column = snapshot.table.columns[index]
    assert column.values is not None
    number_format, divisor = _excel_format(column, snapshot.table.currency)
    raw: list[Any] = column.values[snapshot.order].tolist()
    if snapshot.total_values is not None:
        raw.append(snapshot.total_values[index])
    values: list[object] = [
        None
        if value is None or not math.isfinite(value)
        else (int(value) if column.integer and divisor == 1.0 else value / divisor)
        for value in raw
    ]
    return ShownColumn(snapshot.headers[index], texts, None, values, number_format)


def _dimension(snapshot: Snapshot, index: int, texts: list[str]) -> list[ShownColumn]:
    """The column of labels, and of the codes next to it where the labels are names."""
    column = snapshot.table.columns[index]
    header = snapshot.headers[index]
    assert column.labels is not None
    assert column.uniques is not None
    assert column.codes is not None
    uniques = column.uniques.tolist()
    total = [""] if snapshot.total_texts is not None else []
    if column.name in TIME_DIMENSIONS:
        values: list[object] = [column.raw(row) for row in snapshot.order.tolist()]
        values += [None] * len(total)
        return [ShownColumn(header, texts, None, values, _DATE_FORMATS[column.name])]
    # Titles are neutralised, IDs shown where a title is unknown are not.
    safe = [
        neutralise(label)
        if column.name in FREE_TEXT_DIMENSIONS
        or (column.name in TITLED_DIMENSIONS and label != raw)
        else label
        for label, raw in zip(column.labels, uniques, strict=True)
    ]
    codes = column.codes[snapshot.order].tolist()
    # The total row's text (if any) follows the rows.
    csv_texts = None if safe == column.labels else [safe[c] for c in codes] + texts[len(codes) :]
    shown = [ShownColumn(header, texts, csv_texts)]
    if column.name not in NUMERIC_DIMENSIONS and column.labels != uniques:
        suffix = "ID" if column.name in _ID_DIMENSIONS else "code"
        shown.append(ShownColumn(f"{header} {suffix}", [uniques[c] for c in codes] + total))
    return shown


def shown_columns(snapshot: Snapshot) -> list[ShownColumn]:
    """Every column as shown, with a code column after each column of names."""
    rows = np.arange(snapshot.row_count, dtype=np.intp)
    columns: list[ShownColumn] = []
    for index, column in enumerate(snapshot.table.columns):
        texts = column_texts(snapshot, index, rows)
        if column.is_metric:
            columns.append(_metric(snapshot, index, texts))
        else:
            columns.extend(_dimension(snapshot, index, texts))
    return columns


def write_shown_csv(columns: Sequence[ShownColumn], path: str | Path, *, overwrite: bool) -> Path:
    """Write the displayed texts as CSV in UTF-8 with a BOM (Excel then reads it right)."""
    target = output_path(path, ".csv")
    texts = [column.texts if column.csv_texts is None else column.csv_texts for column in columns]
    with (
        atomic_path(target, overwrite=overwrite) as temp,
        open(temp, "w", encoding="utf-8-sig", newline="") as handle,
    ):
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([column.header for column in columns])
        writer.writerows(zip(*texts, strict=True))
    return target


def write_shown_excel(
    columns: Sequence[ShownColumn],
    path: str | Path,
    *,
    sheet_name: str,
    has_total: bool,
    overwrite: bool,
) -> Path:
    """Write an ``.xlsx``: bold headers (and total row), metrics and dates as real values."""
    # No stubs for openpyxl; imported here, as writing a workbook is rare.
    from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.styles import Font  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]

    target = output_path(path, ".xlsx")
    with atomic_path(target, overwrite=overwrite) as temp:
        workbook = Workbook(write_only=True)
        title = _SHEET_FORBIDDEN.sub("", sheet_name)[:31].strip() or "Report"
        sheet = workbook.create_sheet(title)
        for number, column in enumerate(columns, 1):
            sheet.column_dimensions[get_column_letter(number)].width = (
                max(len(column.header), 10) + 2
            )
        bold = Font(bold=True)

        def cell(column: ShownColumn, row: int, font: Font | None) -> Any:
            value = None if column.values is None else column.values[row]
            if value is None:
                text = _ILLEGAL_XML.sub("", column.texts[row])
                if font is None and not text.startswith("="):
                    return text  # a plain cell: far cheaper than a WriteOnlyCell
                out = WriteOnlyCell(sheet, value=text)
                out.data_type = "s"  # text even when it starts with "=": never a formula
            else:
                out = WriteOnlyCell(sheet, value=value)
                out.number_format = column.number_format
            if font is not None:
                out.font = font
            return out

        headers = []
        for column in columns:
            header = WriteOnlyCell(sheet, value=column.header)
            header.font = bold
            headers.append(header)
        sheet.append(headers)
        count = len(columns[0].texts) if columns else 0
        for row in range(count):
            font = bold if has_total and row == count - 1 else None
            sheet.append([cell(column, row, font) for column in columns])
        workbook.save(temp)
    return target
