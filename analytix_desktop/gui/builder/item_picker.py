"""A searchable picker of one or several items, quick with thousands of them (a channel's videos).

The items live in one list model that filters itself (a casefolded string test per item, no
widget per item), so typing in the search field stays instant over 5,000 uploads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QHideEvent, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

__all__ = ["ID_ROLE", "ItemPicker", "PickerEntry", "PickerModel", "PickerPopup"]

ID_ROLE = Qt.ItemDataRole.UserRole + 1
THUMBNAIL_SIZE = QSize(64, 36)  # 16:9, two text lines high
Index = QModelIndex | QPersistentModelIndex
_TOGGLE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_Select)
_MOVE_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


@dataclass(frozen=True)
class PickerEntry:
    """One choice: its id (the filter value), title, a second line (a publish date), and
    a thumbnail as image file bytes (read off the GUI thread; b"" for none)."""

    id: str
    title: str
    detail: str = ""
    image: bytes = b""


class PickerModel(QAbstractListModel):
    """The entries that match the search, with check marks for the selected ones."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[PickerEntry] = []
        self._haystacks: list[str] = []
        self._shared: set[str] = set()  # titles of several entries
        self._shown: list[int] = []
        self._needle = ""
        self._selected: list[str] = []
        self._refused: dict[str, str] = {}  # id -> why the report does not take it
        self._icons: dict[str, QIcon] = {}  # thumbnails decoded when first shown

    # -- contents --------------------------------------------------------------------------

    def set_entries(self, entries: Iterable[PickerEntry], selected: Sequence[str]) -> None:
        """Replace the entries; a selected id that is not among them is kept as its raw id."""
        self.beginResetModel()
        self._entries = list(entries)
        self._icons = {}
        known = {entry.id for entry in self._entries}
        self._entries += [PickerEntry(i, i) for i in dict.fromkeys(selected) if i not in known]
        self._haystacks = [f"{e.title}\n{e.id}".casefold() for e in self._entries]
        titles = Counter(e.title for e in self._entries if e.detail)
        self._shared = {title for title, count in titles.items() if count > 1}
        self._selected = list(dict.fromkeys(selected))
        self._refilter()
        self.endResetModel()

    def entry(self, row: int) -> PickerEntry:
        return self._entries[self._shown[row]]

    def label_of(self, item_id: str) -> str:
        """The entry's title, with its second line when another entry has the same title."""
        entry = next((e for e in self._entries if e.id == item_id), None)
        if entry is None:
            return item_id
        return f"{entry.title} ({entry.detail})" if entry.title in self._shared else entry.title

    def total(self) -> int:
        """How many entries there are, shown or not."""
        return len(self._entries)

    def set_needle(self, text: str) -> None:
        """Show only entries whose title or id contains ``text`` (case-insensitive)."""
        self.beginResetModel()
        self._needle = text.strip().casefold()
        self._refilter()
        self.endResetModel()

    def _refilter(self) -> None:
        needle = self._needle
        if needle:
            self._shown = [i for i, text in enumerate(self._haystacks) if needle in text]
        else:
            self._shown = list(range(len(self._entries)))

    # -- selection and refusals ------------------------------------------------------------

    def selected(self) -> list[str]:
        return list(self._selected)

    def set_selected(self, ids: Sequence[str]) -> None:
        """Select ``ids`` (in that order); unknown ids are added as raw entries."""
        known = {e.id for e in self._entries}
        if any(i not in known for i in ids):
            self.set_entries(self._entries, ids)
            return
        self._selected = list(dict.fromkeys(ids))
        self._changed_all()

    def refuse(self, allowed: Iterable[str] | None, reason: str) -> None:
        """Disable the entries outside ``allowed`` (None: every entry is allowed)."""
        keep = set(allowed) if allowed is not None else None
        self._refused = {
            e.id: reason for e in self._entries if keep is not None and e.id not in keep
        }
        self._changed_all()

    def _changed_all(self) -> None:
        if self._shown:
            self.dataChanged.emit(self.index(0), self.index(len(self._shown) - 1))

    # -- the model's interface -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._shown)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        entry = self.entry(index.row())
        # A selected entry stays usable however the report changed, so that it can be unticked.
        if entry.id in self._refused and entry.id not in self._selected:
            return Qt.ItemFlag.ItemNeverHasChildren
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        entry = self.entry(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{entry.title}\n{entry.detail}" if entry.detail else entry.title
        if role == Qt.ItemDataRole.CheckStateRole:
            # No ItemIsUserCheckable flag: the picker toggles, so a click counts once.
            chosen = entry.id in self._selected
            return Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = entry.title if entry.title == entry.id else f"{entry.title} ({entry.id})"
            reason = self._refused.get(entry.id)
            return f"{tip}\nNot available: {reason}" if reason else tip
        if role == Qt.ItemDataRole.DecorationRole and entry.image:
            return self._icon(entry)
        if role == ID_ROLE:
            return entry.id
        return None

    def _icon(self, entry: PickerEntry) -> QIcon:
        icon = self._icons.get(entry.id)
        if icon is None:
            pixmap = QPixmap()
            pixmap.loadFromData(entry.image)  # a small image: decoding it is cheap
            icon = QIcon(
                pixmap.scaled(
                    THUMBNAIL_SIZE,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self._icons[entry.id] = icon
        return icon


class PickerPopup(QFrame):
    """The floating list: a search field, the matching entries, and Clear."""

    toggled = Signal(int)  # a row of the model
    cleared = Signal()
    closed = Signal()

    def __init__(self, model: PickerModel, noun: str, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.model = model
        self.search = QLineEdit()
        self.search.setPlaceholderText(f"Search {noun}")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(f"Search {noun}")
        self.view = QListView()
        self.view.setModel(model)
        self.view.setUniformItemSizes(True)  # no per-row size pass over thousands of rows
        self.view.setIconSize(THUMBNAIL_SIZE)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAccessibleName(noun.capitalize())
        self.count = QLabel()
        self.clear_button = QPushButton("Clear")
        self.clear_button.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.search.textChanged.connect(self._search)
        self.view.clicked.connect(lambda index: self.toggled.emit(index.row()))
        self.clear_button.clicked.connect(self.cleared.emit)
        self.search.installEventFilter(self)
        self.view.installEventFilter(self)
        self._noun = noun

    def show_below(self, anchor: QWidget) -> None:
        """Open under ``anchor`` (within the screen), with the search field ready for typing."""
        self.search.clear()
        self._search("")
        self.resize(max(anchor.width(), 380), 360)
        top = anchor.mapToGlobal(QPoint(0, 0))
        screen = QGuiApplication.screenAt(top) or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        x = max(room.left(), min(top.x(), room.right() - self.width()))
        y = top.y() + anchor.height()
        if y + self.height() > room.bottom():  # no room below: open above the field
            y = max(room.top(), top.y() - self.height())
        self.move(x, y)
        self.show()
        self.search.setFocus(Qt.FocusReason.PopupFocusReason)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.closed.emit()

    def _search(self, text: str) -> None:
        self.model.set_needle(text)
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0))
        self.update_count()

    def update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        chosen = len(self.model.selected())
        if not total:
            text = f"No {self._noun} to choose from"
        elif shown == total:
            text = f"{total:,} {self._noun}"
        else:
            text = f"{shown:,} of {total:,} {self._noun} match" if shown else "Nothing matches"
        self.count.setText(f"{text} · {chosen} chosen" if chosen else text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
            return True
        # Space is a letter in the search field; Enter toggles the highlighted row there.
        toggles = _TOGGLE_KEYS if watched is self.view else _TOGGLE_KEYS[:2]
        if key in toggles:
            current = self.view.currentIndex()
            if current.isValid():
                self.toggled.emit(current.row())
            return True
        if watched is self.search and key in _MOVE_KEYS:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            QCoreApplication.sendEvent(self.view, event)
            return True
        if watched is self.view and event.text().isprintable() and event.text():
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            QCoreApplication.sendEvent(self.search, event)  # typing in the list goes on searching
            return True
        return False


class ItemPicker(QComboBox):
    """A field showing the choice ("Any", a title, "3 videos") that opens a searchable list.

    It looks and reads (to screen readers) as a combo box whose one item is the choice; its
    popup is the searchable list. With ``limit`` 1 it picks one item (a new choice replaces
    the old one and the list closes); above 1 it ticks up to ``limit`` items.
    """

    ANY = "Any"
    changed = Signal()

    def __init__(
        self, accessible_name: str, noun: str, plural: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        self.addItem(self.ANY, "")  # never None: see ValueCombo
        self._plural = plural
        self._limit = 1
        self.items = PickerModel(self)
        self.popup = PickerPopup(self.items, plural, self)
        self.popup.toggled.connect(self._toggle)
        self.popup.cleared.connect(lambda: self._choose([]))
        self.popup.closed.connect(lambda: self.setFocus(Qt.FocusReason.PopupFocusReason))
        self._show_choice()

    # -- the common picker interface (shared with ValueCombo) ------------------------------

    def value(self) -> str | None:
        """The first chosen id (None: any)."""
        chosen = self.items.selected()
        return chosen[0] if chosen else None

    def values(self) -> list[str]:
        return self.items.selected()

    def set_value(self, item_id: str | None) -> None:
        """Choose just ``item_id`` (None: any); an unknown id is kept and shown as it is."""
        self.set_selection([] if item_id is None else [item_id])

    def set_selection(self, ids: Sequence[str]) -> None:
        """Choose ``ids`` as they are, even beyond the limit (a saved query stays intact)."""
        self._choose([i for i in ids if i])

    def restrict(self, allowed: Iterable[str] | None, reason: str) -> None:
        """Disable the items outside ``allowed`` (None: every item is allowed)."""
        self.items.refuse(allowed, reason)

    # -- contents and mode -----------------------------------------------------------------

    def set_items(self, entries: Iterable[PickerEntry], *, keep: bool = True) -> None:
        """Replace the items, without signalling; the chosen ids stay unless ``keep`` is off."""
        self.items.set_entries(entries, self.items.selected() if keep else [])
        self._show_choice()

    @property
    def limit(self) -> int:
        return self._limit

    def set_limit(self, limit: int) -> None:
        """How many items may be chosen: 1 makes the picker pick one."""
        self._limit = max(1, limit)

    def showPopup(self) -> None:  # a click, Alt+Down or F4
        self.popup.show_below(self)

    def hidePopup(self) -> None:
        self.popup.close()

    # -- choosing --------------------------------------------------------------------------

    def _toggle(self, row: int) -> None:
        if not self.items.flags(self.items.index(row)) & Qt.ItemFlag.ItemIsEnabled:
            return
        item_id = self.items.entry(row).id
        chosen = self.items.selected()
        if self._limit == 1:
            self._choose([item_id])
            self.popup.close()
        elif item_id in chosen:
            self._choose([i for i in chosen if i != item_id])
        elif len(chosen) < self._limit:
            self._choose([*chosen, item_id])

    def _choose(self, ids: list[str]) -> None:
        if ids == self.items.selected():
            return
        self.items.set_selected(ids)
        self._show_choice()
        self.changed.emit()

    def _show_choice(self) -> None:
        chosen = self.items.selected()
        if not chosen:
            text = self.ANY
        elif len(chosen) == 1:
            text = self.items.label_of(chosen[0])
        else:
            text = f"{len(chosen)} {self._plural}"
        self.setItemText(0, text)
        self.popup.update_count()
