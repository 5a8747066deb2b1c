"""Save report…: a name, the channel it is for, and a relative or fixed date range."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..core.ranges import PRESET_OF_RANGE, PRESETS

__all__ = ["SaveChoice", "SaveReportDialog", "range_title"]

_PRESET_TITLES = {preset.key: preset.title for preset in PRESETS}


def range_title(name: str) -> str:
    """A definition's range name in words ("last_28_days" -> "Last 28 days")."""
    return _PRESET_TITLES.get(PRESET_OF_RANGE.get(name, ""), name)


@dataclass(frozen=True)
class SaveChoice:
    """What the person chose: the name, the channel (None: any) and the range."""

    name: str
    channel_id: str | None
    range: str | tuple[dt.date, dt.date]


class SaveReportDialog(QDialog):
    """Asks how to save the builder's query; ``save_requested`` carries the answer.

    The dialog stays open until :meth:`saved` (or shows :meth:`show_problem`, e.g. a name
    already taken), so that nothing typed is lost when the store refuses.
    """

    save_requested = Signal(object)  # a SaveChoice

    def __init__(
        self,
        parent: QWidget | None,
        *,
        suggested_name: str,
        channel: tuple[str, str] | None,
        relative: str | None,
        dates: tuple[dt.date, dt.date],
        dates_text: str,
    ) -> None:
        """``channel``: (id, title) of the active channel; ``relative``: the builder's
        range name (None for custom dates); ``dates``: the builder's dates, in words too."""
        super().__init__(parent)
        self.setObjectName("saveReportDialog")
        self.setWindowTitle("Save report")
        self._channel = channel
        self._relative = relative
        self._dates = dates
        self.name = QLineEdit(suggested_name)
        self.name.setObjectName("savedReportName")
        self.name.setAccessibleName("Name of the saved report")
        self.name.selectAll()
        title = channel[1] if channel else "no channel"
        self.this_channel = QRadioButton(f"For this channel only ({title})")
        self.this_channel.setEnabled(channel is not None)
        self.any_channel = QRadioButton("For any channel (runs for the active channel)")
        scope = QButtonGroup(self)
        scope.addButton(self.this_channel)
        scope.addButton(self.any_channel)
        (self.this_channel if channel is not None else self.any_channel).setChecked(True)
        words = range_title(relative) if relative else "not available for custom dates"
        self.relative = QRadioButton(f"Relative: {words} (worked out anew on every run)")
        self.relative.setEnabled(relative is not None)
        self.fixed = QRadioButton(f"Fixed dates: {dates_text}")
        dates_group = QButtonGroup(self)
        dates_group.addButton(self.relative)
        dates_group.addButton(self.fixed)
        (self.relative if relative is not None else self.fixed).setChecked(True)
        self.problem = QLabel()
        self.problem.setObjectName("saveReportProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("QLabel { color: #d93025; }")
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Name", self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Channel"))
        layout.addWidget(self.this_channel)
        layout.addWidget(self.any_channel)
        layout.addWidget(QLabel("Dates"))
        layout.addWidget(self.relative)
        layout.addWidget(self.fixed)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._name_changed)
        self._name_changed()

    def choice(self) -> SaveChoice:
        channel_id = self._channel[0] if self._channel and self.this_channel.isChecked() else None
        chosen: str | tuple[dt.date, dt.date] = self._dates
        if self._relative is not None and self.relative.isChecked():
            chosen = self._relative
        return SaveChoice(self.name.text().strip(), channel_id, chosen)

    def show_problem(self, text: str) -> None:
        """Why the report was not saved; the dialog stays open for another try."""
        self.problem.setText(text)
        self.problem.show()
        self.save_button.setEnabled(bool(self.name.text().strip()))

    def saved(self) -> None:
        self.accept()

    def _name_changed(self) -> None:
        self.problem.hide()
        self.save_button.setEnabled(bool(self.name.text().strip()))

    def _save(self) -> None:
        if not self.name.text().strip():
            return
        self.save_button.setEnabled(False)  # one save at a time
        self.save_requested.emit(self.choice())
