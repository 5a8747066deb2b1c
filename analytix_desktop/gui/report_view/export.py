"""Exports of a report pane: CSV and JSON through the Report's atomic writers, PNG of the chart."""

from __future__ import annotations

import errno
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from analytix_desktop.gui.workers import start_job

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from analytix_desktop.api.catalogue import Query
    from analytix_desktop.api.report import Report
    from analytix_desktop.gui.report_view.chart import ReportChart

__all__ = ["ExportMixin", "describe_os_error", "save_image"]


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


def save_image(image: QImage, path: str) -> Path:
    """Save ``image`` as PNG atomically (temp file in the same folder, then rename)."""
    target = Path(path)
    if target.suffix.lower() != ".png":
        target = target.with_name(target.name + ".png")
    handle, temporary = tempfile.mkstemp(prefix=".export-", suffix=".png", dir=target.parent)
    os.close(handle)
    try:
        if not image.save(temporary):  # the format follows the .png suffix
            raise OSError(errno.EIO, "the image could not be encoded or written", temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


class ExportMixin:
    """The export buttons' actions; mixed into ReportDock (a QWidget)."""

    report: Report | None
    query: Query | None
    channel_title: str
    chart: ReportChart
    notice: QLabel
    status_message: SignalInstance

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
        """Ask for a path, then write the CSV on a worker."""
        if self.report is None:
            return
        path = self._ask_path("Export CSV", ".csv", "CSV files (*.csv);;All files (*)")
        if path:
            self._write(path, self.report.to_csv, "CSV")

    def export_json(self) -> None:
        """Ask for a path, then write Google's JSON on a worker."""
        if self.report is None:
            return
        path = self._ask_path("Export JSON", ".json", "JSON files (*.json);;All files (*)")
        if path:
            self._write(path, self.report.to_json, "JSON")

    def export_png(self) -> None:
        """Render the chart (GUI thread), then save it as PNG on a worker."""
        if self.report is None:
            return
        path = self._ask_path("Export chart as PNG", ".png", "PNG images (*.png);;All files (*)")
        if not path:
            return
        image = self.chart.export_image()
        self._start(path, "PNG", save_image, image, path)

    def _write(self, path: str, writer: Callable[..., Path], kind: str) -> None:
        self._start(path, kind, writer, path, overwrite=True)

    def _start(
        self, path: str, kind: str, function: Callable[..., Path], *args: object, **kwargs: Any
    ) -> None:
        self.notice.setText(f"Exporting {kind} to {path}…")
        start_job(
            lambda job: function(*args, **kwargs),
            on_result=lambda written: self._exported(kind, written),
            on_error=lambda error, _details: self._export_failed(error, path),
            owner=self,
        )

    def _exported(self, kind: str, written: object) -> None:
        message = f"Exported {kind} to {written}"
        self.notice.setText(message)
        self.status_message.emit(message)

    def _export_failed(self, error: BaseException, path: str) -> None:
        message = describe_os_error(error, path)
        self.notice.setText(message)
        self.status_message.emit(message)
