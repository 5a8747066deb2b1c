"""The dialog for an unexpected exception: the details, copyable, and carry on."""

from __future__ import annotations

import platform
import sys

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import __version__

__all__ = ["CrashDialog", "environment"]


def environment() -> str:
    """Versions of the app and what it runs on, for bug reports and the About box."""
    try:
        import pyqtgraph

        graph = pyqtgraph.__version__
    except ImportError:
        graph = "not installed"
    return (
        f"analytix-desktop {__version__}\n"
        f"Qt {qVersion()}, PySide6 {PySide6.__version__}, pyqtgraph {graph}\n"
        f"Python {sys.version.split()[0]} on {platform.platform()}"
    )


class CrashDialog(QDialog):
    """Shows a traceback the user can copy into a bug report."""

    def __init__(self, summary: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle("analytix-desktop - unexpected error")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        label = QLabel(
            "<b>Something went wrong.</b> The app can go on, but the last action did not "
            f"finish.<br>{_escape(summary)}"
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.details = QPlainTextEdit(f"{details.rstrip()}\n\n{environment()}\n")
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Error details")
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy details")
        copy.setAccessibleName("Copy error details")
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
