"""Exports of a report pane: the table as shown (CSV, Excel), the raw data, the chart as PNG.

Every file goes through ``analytix_desktop.api.atomic.atomic_path``: written next to
its target, then moved into place, with the user's usual permissions.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtGui import QAction, QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QFileDialog, QLabel, QMenu, QToolButton, QWidget

from analytix_desktop.api.atomic import atomic_path
from analytix_desktop.api.exports import output_path
from analytix_desktop.gui.describe import describe_dates
from analytix_desktop.gui.report_view.copying import take_snapshot
from analytix_desktop.gui.report_view.shown import (
    Snapshot,
    shown_columns,
    write_shown_csv,
    write_shown_excel,
)
from analytix_desktop.gui.tasks import Lane, submit

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from analytix_desktop.api.catalogue import Query
    from analytix_desktop.api.report import Report
    from analytix_desktop.gui.report_view.chart import ReportChart
    from analytix_desktop.gui.report_view.columns import Table
    from analytix_desktop.gui.report_view.model import ReportTableModel

__all__ = ["ExportMixin", "describe_os_error", "save_image", "titled_image"]


def describe_os_error(error: BaseException, path: str) -> str:
    """A sentence for a failed write, naming the cause the user can act on."""
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return f"The disk is full: {path} was not written. Free some space and export again."
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"No permission to write {path}. Choose another folder."
        if error.errno == errno.ENOENT:
            return f"The folder of {path} does not exist."
        return f"Could not write {path}: {error.strerror or error}"
    return f"Could not write {path}: {error}"


def titled_image(chart: QImage, lines: list[str]) -> QImage:
    """``chart`` below a band of ``lines`` (the first in bold), sized to the image's width."""
    size = max(chart.width() // 60, 12)  # pixels: 26 on the usual 1600-pixel export
    fonts = []
    for number in range(len(lines)):
        font = QFont()
        font.setPixelSize(size if number == 0 else size * 4 // 5)
        font.setBold(number == 0)
        fonts.append(font)
    margin = size
    heights = [font.pixelSize() * 3 // 2 for font in fonts]
    band = 2 * margin + sum(heights)
    image = QImage(chart.width(), chart.height() + band, QImage.Format.Format_ARGB32)
    background = chart.pixelColor(0, 0) if not chart.isNull() else QColor(Qt.GlobalColor.white)
    if background.alpha() < 128:
        background = QColor(Qt.GlobalColor.white)
    image.fill(background)
    ink = QColor(Qt.GlobalColor.black if background.lightness() > 127 else Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        painter.setPen(ink)
        top = margin
        for line, font, height in zip(lines, fonts, heights, strict=True):
            painter.setFont(font)
            box = QRect(margin, top, chart.width() - 2 * margin, height)
            flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(box, int(flags), line)
            top += height
        painter.drawImage(0, band, chart)
    finally:
        painter.end()
    return image


def save_image(image: QImage, path: str | Path) -> Path:
    """Save ``image`` as PNG atomically (``.png`` appended when missing)."""
    target = output_path(path, ".png")
    with atomic_path(target, overwrite=True) as temp:
        # The stubs ask for bytes; PySide6 itself takes only a str.
        if not image.save(str(temp), "PNG"):  # type: ignore[call-overload]
            raise OSError(errno.EIO, "the image could not be encoded or written", str(target))
    return target


def _write_csv(snapshot: Snapshot, path: str) -> Path:
    return write_shown_csv(shown_columns(snapshot), path, overwrite=True)


def _write_excel(snapshot: Snapshot, path: str, sheet_name: str) -> Path:
    columns = shown_columns(snapshot)
    has_total = snapshot.total_texts is not None
    return write_shown_excel(
        columns, path, sheet_name=sheet_name, has_total=has_total, overwrite=True
    )


class ExportMixin:
    """The Export menu's actions; mixed into ReportDock (a QWidget)."""

    report: Report | None
    query: Query | None
    channel_title: str
    chart: ReportChart
    model: ReportTableModel
    table_data: Table | None
    notice: QLabel
    status_message: SignalInstance

    def _build_export_button(self) -> QToolButton:
        """The Export button: a click exports the table as shown (CSV), its menu every format."""
        parent = self if isinstance(self, QWidget) else None
        button = QToolButton(parent)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        default = QAction("Export", button)
        default.setToolTip("Export the table as shown (CSV); the arrow offers other formats")
        default.triggered.connect(self.export_csv)
        button.setDefaultAction(default)
        button.setAccessibleName("Export")
        menu = QMenu(button)
        for text, slot in (
            ("As shown — CSV…", self.export_csv),
            ("As shown — Excel workbook…", self.export_excel),
            ("Raw data — CSV…", self.export_raw_csv),
            ("Raw data — JSON…", self.export_json),
            ("Chart image — PNG…", self.export_png),
        ):
            menu.addAction(text).triggered.connect(slot)
        button.setMenu(menu)
        return button

    def _suggested_name(self, suffix: str) -> str:
        parts = [self.channel_title, self.report.type.name if self.report else "report"]
        if self.query is not None:
            parts.append(f"{self.query.start_date:%Y-%m-%d} to {self.query.end_date:%Y-%m-%d}")
        name = re.sub(r"[^\w\- ()]+", "", " - ".join(p for p in parts if p)).strip() or "report"
        return name + suffix

    def _ask_path(self, caption: str, suffix: str, file_filter: str) -> str:
        parent = self if isinstance(self, QWidget) else None
        path, _ = QFileDialog.getSaveFileName(
            parent, caption, self._suggested_name(suffix), file_filter
        )
        return path

    def export_csv(self) -> None:
        """Ask for a path, then write the table as shown, as CSV, on a worker."""
        snapshot = take_snapshot(self.model) if self.report is not None else None
        if snapshot is None:
            return
        path = self._ask_path("Export as shown (CSV)", ".csv", "CSV files (*.csv);;All files (*)")
        if path:
            self._start(path, "CSV", _write_csv, snapshot, path)

    def export_excel(self) -> None:
        """Ask for a path, then write the table as shown, as an Excel workbook, on a worker."""
        snapshot = take_snapshot(self.model) if self.report is not None else None
        if snapshot is None or self.report is None:
            return
        path = self._ask_path(
            "Export as shown (Excel)", ".xlsx", "Excel workbooks (*.xlsx);;All files (*)"
        )
        if path:
            self._start(path, "Excel workbook", _write_excel, snapshot, path, self.report.type.name)

    def export_raw_csv(self) -> None:
        """Ask for a path, then write the API's values as CSV on a worker."""
        if self.report is None:
            return
        path = self._ask_path("Export raw data (CSV)", ".csv", "CSV files (*.csv);;All files (*)")
        if path:
            self._write(path, self.report.to_csv, "raw CSV")

    def export_json(self) -> None:
        """Ask for a path, then write Google's JSON on a worker."""
        if self.report is None:
            return
        path = self._ask_path(
            "Export raw data (JSON)", ".json", "JSON files (*.json);;All files (*)"
        )
        if path:
            self._write(path, self.report.to_json, "JSON")

    def export_png(self) -> None:
        """Render the chart under a title (GUI thread), then save it as PNG on a worker."""
        if self.report is None:
            return
        path = self._ask_path("Export chart as PNG", ".png", "PNG images (*.png);;All files (*)")
        if not path:
            return
        image = titled_image(self.chart.export_image(), self._image_title())
        self._start(path, "PNG", save_image, image, path)

    def _image_title(self) -> list[str]:
        """The channel and report, then the dates."""
        assert self.report is not None
        first = " — ".join(part for part in (self.channel_title, self.report.type.name) if part)
        span = self.table_data.date_span() if self.table_data is not None else None
        return [first, describe_dates(self.query, span)]

    def _write(self, path: str, writer: Callable[..., Path], kind: str) -> None:
        self._start(path, kind, writer, path, overwrite=True)

    def _start(
        self, path: str, kind: str, function: Callable[..., Path], *args: object, **kwargs: Any
    ) -> None:
        self.notice.setText(f"Exporting {kind} to {path}…")
        submit(
            lambda _ctx: function(*args, **kwargs),
            lambda written: self._exported(kind, written),
            on_error=lambda failure: self._export_failed(failure.error, path),
            owner=self if isinstance(self, QObject) else None,
            lane=Lane.STORAGE,
        )

    def _exported(self, kind: str, written: Path) -> None:
        message = f"Exported {kind} to {written}"
        self.notice.setText(message)
        self.status_message.emit(message)

    def _export_failed(self, error: BaseException, path: str) -> None:
        message = describe_os_error(error, path)
        self.notice.setText(message)
        self.status_message.emit(message)
