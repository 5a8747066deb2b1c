"""Writing a report to exactly the path asked for: raw (the API's values) or as shown.

"As shown" is the app's table (``gui.report_view``: units, names, the total row) built
from the report without any widget; it needs QtCore's locale, not a display. Every
file is written through ``api.atomic``: a failed or interrupted run leaves no partial
file and an earlier file untouched.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ..api.atomic import atomic_path, atomic_write
from ..core.report_run import ReportRun
from ..gui.formatting import set_watch_time_unit
from ..gui.report_view.columns import build_table
from ..gui.report_view.shown import (
    ShownColumn,
    Snapshot,
    shown_columns,
    write_shown_csv,
    write_shown_excel,
)
from .failures import UsageError
from .parser import FORMATS

__all__ = ["format_of", "shown", "write_report"]

_EXTENSIONS = {name: f".{name}" for name in FORMATS}


def format_of(path: Path, given: str | None) -> str:
    """The format asked for, else the one ``path``'s suffix names; ``UsageError`` if neither."""
    if given is not None:
        return given
    suffix = path.suffix.lower().removeprefix(".")
    if suffix in FORMATS:
        return suffix
    raise UsageError(
        f"--output: cannot tell the format from {path.name!r}; give --format ({', '.join(FORMATS)})"
    )


def shown(
    run: ReportRun, currency: str, *, watch_time_minutes: bool, derived: Sequence[str] = ()
) -> Snapshot:
    """The report's table as the app shows it on opening: report order, total row last,
    with the ``derived`` creators' metrics after Google's columns."""
    set_watch_time_unit("minutes" if watch_time_minutes else "hours")
    table = build_table(run.report, None, currency, run.video_seconds, derived)
    total_texts: list[str] | None = None
    total_values: list[object] | None = None
    if table.totals is not None:
        totals = table.totals
        # As the table model's total row: metrics totalled, "Total" in the first column.
        total_values = [totals.get(c.name) if c.is_metric else None for c in table.columns]
        total_texts = [
            c.formatter(totals.get(c.name)) if c.is_metric else ("Total" if i == 0 else "")
            for i, c in enumerate(table.columns)
        ]
    order = np.arange(table.rows, dtype=np.intp)
    headers = [column.header for column in table.columns]
    return Snapshot(table, order, headers, total_texts, total_values)


def _exactly(path: Path, extension: str, writer: Callable[[Path], Path]) -> None:
    """Run an exporter that appends ``extension`` to a name lacking it, so that the file
    lands at ``path`` whatever its suffix."""
    with atomic_path(path, overwrite=True) as temp:
        written = writer(temp.with_name(temp.name + extension))
        os.replace(written, temp)


def _write_shown_tsv(columns: list[ShownColumn], path: Path) -> None:
    texts = [column.texts if column.csv_texts is None else column.csv_texts for column in columns]
    # UTF-8 with a BOM, like the app's CSV as shown: spreadsheets then read it right.
    with atomic_write(path, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\r\n")
        writer.writerow([column.header for column in columns])
        writer.writerows(zip(*texts, strict=True))


def write_report(
    run: ReportRun,
    path: Path,
    kind: str,
    *,
    raw: bool,
    currency: str,
    watch_time_minutes: bool = False,
    derived: Sequence[str] = (),
) -> None:
    """Write ``run``'s report to ``path`` in format ``kind`` (json is always raw; the
    ``derived`` creators' metrics are in the as-shown formats only)."""
    report = run.report
    extension = _EXTENSIONS[kind]
    sheet = report.type.name
    if kind == "json":
        _exactly(path, extension, lambda temp: report.to_json(temp, overwrite=True))
    elif raw and kind in ("csv", "tsv"):
        delimiter = "\t" if kind == "tsv" else ","
        _exactly(
            path,
            extension,
            lambda temp: report.to_csv(temp, delimiter=delimiter, overwrite=True),
        )
    elif raw:
        _exactly(
            path,
            extension,
            lambda temp: report.to_excel(temp, overwrite=True),
        )
    else:
        snapshot = shown(run, currency, watch_time_minutes=watch_time_minutes, derived=derived)
        columns = shown_columns(snapshot)
        if kind == "csv":
            _exactly(path, extension, lambda temp: write_shown_csv(columns, temp, overwrite=True))
        elif kind == "tsv":
            _write_shown_tsv(columns, path)
        else:
            has_total = snapshot.total_texts is not None
            _exactly(
                path,
                extension,
                lambda temp: write_shown_excel(
                    columns, temp, sheet_name=sheet, has_total=has_total, overwrite=True
                ),
            )
