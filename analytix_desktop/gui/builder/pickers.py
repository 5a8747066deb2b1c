"""Builder pickers: checkable dimension/metric lists and value combos that explain refusals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem, QWidget

from analytix_desktop.api.catalogue import Choice

__all__ = ["CheckList", "ValueCombo"]

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
_USABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable


class CheckList(QListWidget):
    """Checkable items with a human title, a description tooltip, and a reason when disabled."""

    changed = Signal()

    def __init__(
        self,
        entries: Iterable[tuple[str, str, str]],
        accessible_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self._items: dict[str, QListWidgetItem] = {}
        self._descriptions: dict[str, str] = {}
        self._hidden: set[str] = set()
        self._needle = ""
        for name, title, description in entries:
            item = QListWidgetItem(title)
            item.setData(NAME_ROLE, name)
            item.setFlags(_USABLE)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(f"{description}\n({name})")
            self.addItem(item)
            self._items[name] = item
            self._descriptions[name] = description
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def names(self) -> list[str]:
        return list(self._items)

    def item_for(self, name: str) -> QListWidgetItem:
        return self._items[name]

    def checked(self) -> list[str]:
        """The checked names, in list order."""
        return [n for n, item in self._items.items() if item.checkState() == Qt.CheckState.Checked]

    def set_checked(self, names: Iterable[str]) -> None:
        wanted = set(names)
        self.blockSignals(True)
        try:
            for name, item in self._items.items():
                state = Qt.CheckState.Checked if name in wanted else Qt.CheckState.Unchecked
                item.setCheckState(state)
        finally:
            self.blockSignals(False)

    def is_enabled(self, name: str) -> bool:
        return bool(self._items[name].flags() & Qt.ItemFlag.ItemIsEnabled)

    def apply(self, choices: Mapping[str, Choice], hidden: Iterable[str] = ()) -> None:
        """Disable items that may not be added (checked ones stay, to be unchecked)."""
        hide = set(hidden)
        self.blockSignals(True)
        try:
            for name, item in self._items.items():
                choice = choices.get(name, Choice(False, "unknown to the catalogue"))
                checked = item.checkState() == Qt.CheckState.Checked
                usable = checked or choice.valid
                item.setFlags(_USABLE if usable else Qt.ItemFlag.ItemIsUserCheckable)
                tip = f"{self._descriptions[name]}\n({name})"
                if not usable:
                    tip += f"\nNot available: {choice.reason}"
                item.setToolTip(tip)
        finally:
            self.blockSignals(False)
        self._hidden = hide
        self._show()

    def filter_text(self, text: str) -> None:
        """Show only items whose title or name contains ``text``."""
        self._needle = text.casefold()
        self._show()

    def _show(self) -> None:
        for name, item in self._items.items():
            checked = item.checkState() == Qt.CheckState.Checked
            matches = not self._needle or self._needle in f"{item.text()} {name}".casefold()
            item.setHidden((name in self._hidden and not checked) or not matches)


class ValueCombo(QComboBox):
    """ "Any" plus labelled values; values can be disabled with a reason.

    Every item carries a string (``""`` for Any): PySide6 6.12 on Python 3.11 drops a
    reference to None whenever a None or invalid QVariant crosses into or out of Qt,
    which ends in a fatal "deallocating None", so None is never stored or read back.
    """

    ANY = "Any"

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        # Long names (video titles, countries) show in the popup, not in the dock's width.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.set_values({})

    def set_values(self, values: Mapping[str, str], *, keep: bool = True) -> None:
        """Replace the values (code -> label), keeping the current code when it remains."""
        current = self.value() if keep else None
        self.blockSignals(True)
        try:
            self._model.clear()
            any_item = QStandardItem(self.ANY)
            any_item.setData("", NAME_ROLE)
            self._model.appendRow(any_item)
            for code, label in values.items():
                item = QStandardItem(label)
                item.setData(code, NAME_ROLE)
                item.setToolTip(code)
                self._model.appendRow(item)
            self.setCurrentIndex(0)
            if current is not None:
                self.set_value(current)
        finally:
            self.blockSignals(False)

    def value(self) -> str | None:
        data = self.currentData(NAME_ROLE) if self.currentIndex() >= 0 else ""
        return str(data) if data else None

    def values(self) -> list[str]:
        """The chosen code as a list (empty for Any), as ``ItemPicker.values`` gives."""
        code = self.value()
        return [code] if code is not None else []

    def set_value(self, code: str | None) -> None:
        """Select ``code``; an unknown code (a typed id, a list) is added as it is."""
        if code is None:
            self.setCurrentIndex(0)
            return
        index = self.findData(code, NAME_ROLE)
        if index < 0:
            item = QStandardItem(code)
            item.setData(code, NAME_ROLE)
            self._model.appendRow(item)
            index = self._model.rowCount() - 1
        self.setCurrentIndex(index)

    def restrict(self, allowed: Iterable[str] | None, reason: str) -> None:
        """Disable the values outside ``allowed`` (None: every value is allowed)."""
        keep = set(allowed) if allowed is not None else None
        for row in range(1, self._model.rowCount()):
            item = self._model.item(row)
            code = item.data(NAME_ROLE)
            ok = keep is None or code in keep
            item.setEnabled(ok)
            item.setToolTip(str(code) if ok else f"{code}: {reason}")
