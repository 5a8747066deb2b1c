"""The Reach feature's small windows and widgets: the status bar's sync indicator, the
message once reach reports are turned on, and the sign-out prompt's job checkbox."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QToolButton,
    QWidget,
)

from .reach_texts import SyncProgress

__all__ = ["DELETE_JOBS", "SyncIndicator", "delete_jobs_box", "turned_on_box"]

DELETE_JOBS = "Also delete this channel's reach report jobs at YouTube"


class SyncIndicator(QWidget):
    """A reach sync under way, in the status bar: what it does, how far, and Cancel."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reachSyncIndicator")
        self.text = QLabel()
        self.text.setAccessibleName("Reach sync")
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Reach sync progress")
        self.bar.setMaximumWidth(120)
        self.bar.setTextVisible(False)
        self.cancel = QToolButton()
        self.cancel.setText("Cancel")
        self.cancel.setAccessibleName("Cancel the reach sync")
        self.cancel.setToolTip("Stop downloading reach reports (what arrived is kept)")
        self.cancel.clicked.connect(self.cancel_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text)
        row.addWidget(self.bar)
        row.addWidget(self.cancel)
        self.hide()

    def show_progress(self, progress: SyncProgress) -> None:
        """The sync's text, and its percent on the bar (busy while not known)."""
        self.text.setText(progress.text)
        self.bar.setRange(0, 0 if progress.percent is None else 100)
        self.bar.setValue(progress.percent or 0)
        self.show()


def turned_on_box(text: str, parent: QWidget) -> QMessageBox:
    """The message after Turn on reach reports (opened by the caller, not modal)."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "Reach reports",
        text,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("reachTurnedOn")
    return box


def delete_jobs_box(box: QMessageBox) -> QCheckBox:
    """Add the "also delete the reach jobs" choice to the sign-out prompt ``box``."""
    check = QCheckBox(DELETE_JOBS)
    check.setObjectName("deleteReachJobs")
    check.setAccessibleName(DELETE_JOBS)
    check.setToolTip(
        "YouTube stops making this channel's daily reach reports; the reports already on "
        "this computer are kept"
    )
    box.setCheckBox(check)
    return check
