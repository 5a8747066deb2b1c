"""Exports and copying of a report pane: the export is what the table shows."""

# The fixtures dock and fetch come from test_report_view, and are parameters here.
# ruff: noqa: F811

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QTableView

from analytix_desktop.api import catalogue
from analytix_desktop.api.report import Report
from analytix_desktop.core.context import ChannelContext, NamedItem
from analytix_desktop.gui.report_view import RAW_ROLE, ReportDock
from analytix_desktop.gui.report_view.copying import selected_texts, take_snapshot
from analytix_desktop.gui.report_view.model import ReportTableModel
from analytix_desktop.gui.report_view.shown import shown_columns
from tests.gui.test_report_view import END, Fetch, dock, fetch, show  # noqa: F401

BOM = b"\xef\xbb\xbf"
EXPORT_MENU = [
    "As shown — CSV…",
    "As shown — Excel workbook…",
    "Raw data — CSV…",
    "Raw data — JSON…",
    "Chart image — PNG…",
]


@pytest.fixture
def save_as(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The save dialog answers ``tmp_path/export.<suffix it offered>``."""

    def answer(parent: object, caption: str, name: str, filters: str) -> tuple[str, str]:
        return str(tmp_path / f"export{Path(name).suffix}"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return tmp_path


@pytest.fixture
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def run(qtbot: Any, dock: ReportDock, entry: str) -> str:
    """Trigger an entry of the Export menu; the status message once the file is written."""
    action = next(a for a in dock.export_button.menu().actions() if a.text() == entry)
    with qtbot.waitSignal(dock.status_message, timeout=20000) as blocker:
        action.trigger()
    return str(blocker.args[0])


def displayed(model: ReportTableModel) -> list[list[str]]:
    """The header and every row of the table as the view shows them."""
    columns = range(model.columnCount())
    header = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns]
    rows = [
        [str(model.data(model.index(r, c)) or "") for c in columns] for r in range(model.rowCount())
    ]
    return [header, *rows]


def with_codes(model: ReportTableModel, coded: dict[int, str]) -> list[list[str]]:
    """:func:`displayed` with, after each column of ``coded``, its raw codes under ``title``."""
    lines = displayed(model)
    out = []
    for r, line in enumerate(lines):
        row: list[str] = []
        for c, text in enumerate(line):
            row.append(text)
            if c in coded:
                if r == 0:
                    row.append(coded[c])
                elif model.data(model.index(r - 1, c), RAW_ROLE) is None:
                    row.append("")  # the total row
                else:
                    row.append(str(model.data(model.index(r - 1, c), Qt.ItemDataRole.ToolTipRole)))
        out.append(row)
    return out


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def country_report(qtbot: Any, dock: ReportDock, fetch: Fetch) -> None:
    query = catalogue.Query(
        dimensions=("country",),
        metrics=("views", "estimatedMinutesWatched", "averageViewPercentage"),
        sort_options=("-views",),
        max_results=25,
        start_date=END - dt.timedelta(days=27),
        end_date=END,
    )
    report = fetch(
        **{f: getattr(query, f) for f in ("dimensions", "metrics", "sort_options")},
        max_results=query.max_results,
        start_date=query.start_date,
        end_date=query.end_date,
    )
    show(qtbot, dock, report, query=query)
    dock.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the view's order, not Google's


def test_export_menu_and_default_action(dock: ReportDock) -> None:
    assert [a.text() for a in dock.export_button.menu().actions()] == EXPORT_MENU
    assert dock.export_button.text() == "Export"


def test_as_shown_csv_is_the_table(
    qtbot: Any, dock: ReportDock, fetch: Fetch, save_as: Path
) -> None:
    country_report(qtbot, dock, fetch)
    with qtbot.waitSignal(dock.status_message, timeout=20000):
        dock.export_button.defaultAction().trigger()  # a click on the button's main part
    written = save_as / "export.csv"
    assert written.read_bytes().startswith(BOM)
    lines = read_csv(written)
    assert lines == with_codes(dock.model, {0: "Country code"})
    assert lines[1][:2] == [catalogue.VALUE_LABELS["country"][lines[1][1]], lines[1][1]]
    assert lines[-1][0] == "Total"
    assert stat.S_IMODE(written.stat().st_mode) != 0o600


def test_as_shown_excel_is_the_table_with_numbers(
    qtbot: Any, dock: ReportDock, fetch: Fetch, save_as: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    country_report(qtbot, dock, fetch)
    run(qtbot, dock, "As shown — Excel workbook…")
    sheet = openpyxl.load_workbook(save_as / "export.xlsx").active
    expected = with_codes(dock.model, {0: "Country code"})
    cells = [list(row) for row in sheet.iter_rows()]
    assert [c.value for c in cells[0]] == expected[0]
    assert all(c.font.bold for c in cells[0] + cells[-1])
    model = dock.model
    for r, row in enumerate(cells[1:]):
        assert [c.value for c in row[:2]] == [v or None for v in expected[r + 1][:2]]
        raw = [model.data(model.index(r, c), RAW_ROLE) for c in range(1, 4)]
        views, minutes, percent = (c.value for c in row[2:])
        assert views == raw[0]
        assert isinstance(views, int)
        assert minutes == pytest.approx(raw[1] / 60)  # hours, as the header says
        if raw[2] is None:  # an average: no total
            assert (percent or "") == expected[r + 1][4]
        else:
            assert percent == pytest.approx(raw[2] / 100)
    assert [c.number_format for c in cells[1][2:]] == ["#,##0", "#,##0.0", "0.0%"]
    assert expected[0][3] == "Watch time (hours)"


VIDEO_ROWS = [["-dQw4w9WgXc", 30], ["_abcdefghij", 20], ["plainVideo1", 10]]


def video_report(qtbot: Any, dock: ReportDock) -> Report:
    """Videos whose IDs start with - and _, one of them titled like a formula."""
    query = catalogue.Query(
        dimensions=("video",),
        metrics=("views",),
        sort_options=("-views",),
        max_results=10,
        start_date=END - dt.timedelta(days=27),
        end_date=END,
    )
    data = {
        "kind": "youtubeAnalytics#resultTable",
        "columnHeaders": [
            {"name": "video", "columnType": "DIMENSION", "dataType": "STRING"},
            {"name": "views", "columnType": "METRIC", "dataType": "INTEGER"},
        ],
        "rows": VIDEO_ROWS,
    }
    report = Report(data, catalogue.detect(query))
    names = {"-dQw4w9WgXc": '=HYPERLINK("x")', "plainVideo1": "My best video"}
    context = ChannelContext(
        "UCx", "Alex Rivera", videos={k: NamedItem(k, v) for k, v in names.items()}
    )
    show(qtbot, dock, report, context, query)
    return report


def test_ids_are_exact_and_titles_neutralised(qtbot: Any, dock: ReportDock, save_as: Path) -> None:
    report = video_report(qtbot, dock)
    run(qtbot, dock, "As shown — CSV…")
    lines = read_csv(save_as / "export.csv")
    assert lines[0] == ["Video", "Video ID", dock.model.headerData(1, Qt.Orientation.Horizontal)]
    assert [line[:2] for line in lines[1:]] == [
        ['\'=HYPERLINK("x")', "-dQw4w9WgXc"],
        ["_abcdefghij", "_abcdefghij"],  # no title: the ID, unaltered
        ["My best video", "plainVideo1"],
        ["Total", ""],
    ]

    run(qtbot, dock, "Raw data — CSV…")
    raw = read_csv(save_as / "export.csv")
    assert raw == [report.columns, *[[str(c) for c in row] for row in VIDEO_ROWS]]


def test_copy_all_with_ctrl_a_ctrl_c(qtbot: Any, dock: ReportDock, fetch: Fetch) -> None:
    country_report(qtbot, dock, fetch)
    view: QTableView = dock.view
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(dock.status_message, timeout=20000):
        QTest.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    mime = clipboard.mimeData()
    expected = displayed(dock.model)
    assert list(csv.reader(io.StringIO(mime.text()), delimiter="\t")) == expected
    html = mime.html()
    assert "<table>" in html
    assert f"<th>{expected[0][0]}</th>" in html
    assert html.count("<tr>") == len(expected)
    assert "<td>Total</td>" in html


def test_copy_selection_and_context_menu(qtbot: Any, dock: ReportDock, fetch: Fetch) -> None:
    country_report(qtbot, dock, fetch)
    view, model = dock.view, dock.model
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert [action.text() for action in view.actions()] == ["Copy", "Copy all"]
    selection = QItemSelection(model.index(1, 1), model.index(2, 2))
    view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    with qtbot.waitSignal(dock.status_message, timeout=20000):
        view.actions()[0].trigger()
    lines = list(csv.reader(io.StringIO(QGuiApplication.clipboard().text()), delimiter="\t"))
    assert lines == [[row[1], row[2]] for row in displayed(model)[0:1] + displayed(model)[2:4]]
    # Two cells apart: their rows and columns, the cells not selected empty.
    snapshot = take_snapshot(model)
    assert snapshot is not None
    table = displayed(model)
    assert selected_texts(snapshot, [(0, 0, 0, 0), (2, 2, 1, 1)]) == [
        table[0][:2],
        [table[1][0], ""],
        ["", table[3][1]],
    ]


def test_png_has_a_title_and_usual_permissions(
    qtbot: Any, dock: ReportDock, fetch: Fetch, save_as: Path, usual_umask: None
) -> None:
    report = fetch(
        dimensions=("day",), metrics=("views",), start_date=END - dt.timedelta(days=9), end_date=END
    )
    show(qtbot, dock, report)
    message = run(qtbot, dock, "Chart image — PNG…")
    written = save_as / "export.png"
    assert message == f"Exported PNG to {written}"
    assert stat.S_IMODE(os.stat(written).st_mode) == 0o644
    image, bare = QImage(str(written)), dock.chart.export_image()
    assert image.width() == bare.width()
    assert image.height() > bare.height()
    assert [p.name for p in save_as.iterdir()] == ["export.png"]  # no temporary file left


def test_csv_and_xlsx_modes_follow_the_umask(
    qtbot: Any, dock: ReportDock, fetch: Fetch, save_as: Path, usual_umask: None
) -> None:
    country_report(qtbot, dock, fetch)
    run(qtbot, dock, "As shown — CSV…")
    run(qtbot, dock, "As shown — Excel workbook…")
    for name in ("export.csv", "export.xlsx"):
        assert stat.S_IMODE(os.stat(save_as / name).st_mode) == 0o644


def test_shown_columns_follow_the_view_order(qtbot: Any, dock: ReportDock, fetch: Fetch) -> None:
    country_report(qtbot, dock, fetch)
    dock.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    snapshot = take_snapshot(dock.model)
    assert snapshot is not None
    columns = shown_columns(snapshot)
    table = displayed(dock.model)
    assert columns[0].texts == [row[0] for row in table[1:]]
    assert columns[2].texts == [row[1] for row in table[1:]]
