"""The dialogs of Report > Compare to… and Compare channels…."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..api import catalogue
from ..core.compare import KINDS, ComparisonKind, compared_range
from .formatting import format_date, qdate

if TYPE_CHECKING:
    from ..store.accounts import Account

__all__ = ["ChannelsDialog", "CompareDialog", "span_text"]


def span_text(start: dt.date, end: dt.date) -> str:
    """``start – end`` in the locale's dates."""
    return f"{format_date(start)} – {format_date(end)}"


class CompareDialog(QDialog):
    """The "Compare to" dialog: the previous period, the same period last year, or a custom
    range."""

    def __init__(self, query: catalogue.Query, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare to")
        self.setObjectName("compareDialog")
        self.query = query
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"This report: {span_text(query.start_date, query.end_date)}"))
        self.group = QButtonGroup(self)
        self.buttons: dict[ComparisonKind, QRadioButton] = {}
        kinds: tuple[ComparisonKind, ...] = ("previous", "last_year", "custom")
        for kind in kinds:
            text = KINDS[kind].capitalize()
            if kind != "custom":
                text += f" ({span_text(*compared_range(query, kind))})"
            button = QRadioButton(text, self)
            button.setObjectName(f"compare-{kind}")
            self.group.addButton(button)
            self.buttons[kind] = button
            layout.addWidget(button)
        self.buttons["previous"].setChecked(True)
        start, end = compared_range(query, "previous")
        self.start, self.end = QDateEdit(qdate(start), self), QDateEdit(qdate(end), self)
        dates = QHBoxLayout()
        form = QFormLayout()
        for label, edit in (("From", self.start), ("To", self.end)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            form.addRow(label, edit)
        dates.addSpacing(24)
        dates.addLayout(form)
        layout.addLayout(dates)
        self.buttons["custom"].toggled.connect(self.start.setEnabled)
        self.buttons["custom"].toggled.connect(self.end.setEnabled)
        self.box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        compare = self.box.button(QDialogButtonBox.StandardButton.Ok)
        compare.setText("Compare")
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout.addWidget(self.box)

    def kind(self) -> ComparisonKind:
        return next(kind for kind, button in self.buttons.items() if button.isChecked())

    def custom_range(self) -> tuple[dt.date, dt.date]:
        return self.start.date().toPython(), self.end.date().toPython()  # type: ignore[return-value]


class ChannelsDialog(QDialog):
    """Compare channels: which connected channels run the pane's query (two or more)."""

    def __init__(
        self, accounts: list[Account], current: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare channels")
        self.setObjectName("compareChannelsDialog")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Run this report for these channels, side by side:"))
        self.boxes: dict[str, QCheckBox] = {}
        for account in accounts:
            box = QCheckBox(account.title, self)
            box.setChecked(account.channel_id == current)
            box.toggled.connect(self._update)
            self.boxes[account.channel_id] = box
            layout.addWidget(box)
        self.box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Compare")
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout.addWidget(self.box)
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(len(self.chosen()) >= 2)
        self.ok.setToolTip("" if self.ok.isEnabled() else "Tick two channels or more.")

    def chosen(self) -> list[str]:
        return [channel for channel, box in self.boxes.items() if box.isChecked()]
