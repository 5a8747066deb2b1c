"""The busy and error pages of a report pane."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

__all__ = ["BusyPage", "ErrorPage"]


class BusyPage(QWidget):
    """An indeterminate progress bar, what is happening, and Cancel."""

    cancel_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("Working…")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName("Busy")
        self.progress.setTextVisible(False)
        self.cancel = QPushButton("Cancel")
        self.cancel.setAccessibleName("Cancel the run")
        self.cancel.clicked.connect(self.cancel_clicked)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.progress)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def set_text(self, text: str, *, cancellable: bool = True) -> None:
        self.label.setText(text)
        self.cancel.setVisible(cancellable)


class ErrorPage(QWidget):
    """What went wrong (Google's own text), what to do, and Run again / Copy."""

    rerun_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName("Error message")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setAccessibleName("What to do")
        self.rerun = QPushButton("Run again")
        self.rerun.setAccessibleName("Run the report again")
        self.rerun.clicked.connect(self.rerun_clicked)
        self.copy = QPushButton("Copy message")
        self.copy.setAccessibleName("Copy the error message")
        self.copy.clicked.connect(self._copy)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.hint)
        row = QHBoxLayout()
        row.addWidget(self.rerun)
        row.addWidget(self.copy)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def set_error(self, title: str, text: str, hint: str) -> None:
        self.title.setText(title)
        self.text.setText(text)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))

    def _copy(self) -> None:
        parts = [self.title.text(), self.text.text(), self.hint.text()]
        QGuiApplication.clipboard().setText("\n\n".join(part for part in parts if part))
