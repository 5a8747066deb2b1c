"""Workspaces: the open report panes and the window's layout, saved under a name and
reopened from File > Open workspace. The store is read and written on a worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QByteArray, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QMessageBox

from ..core.tasks import TaskFailure
from ..store.report_db import ReportStore, ReportStoreError
from .app import show_crash
from .labels import plural
from .panes import restore_panes, saved_panes
from .tasks import Lane, submit

if TYPE_CHECKING:
    from .main_window import MainWindow

__all__ = ["WORKSPACE_VERSION", "Workspaces", "install_workspaces", "workspace_state"]

T = TypeVar("T")
WORKSPACE_VERSION = 1
"""The version of a workspace's JSON state (not the window layout's own version)."""


def workspace_state(panes: list[dict[str, Any]], layout: QByteArray) -> dict[str, Any]:
    """The JSON a workspace keeps: the panes (``saved_panes``) and the layout in base64."""
    return {
        "version": WORKSPACE_VERSION,
        "panes": panes,
        "layout": bytes(layout.toBase64().data()).decode("ascii"),
    }


def _read_state(state: object) -> tuple[list[Any], QByteArray]:
    """(panes, layout) of ``workspace_state`` output; ``ValueError`` when malformed."""
    if not isinstance(state, dict) or state.get("version") != WORKSPACE_VERSION:
        raise ValueError("it was saved by another version of the app")
    panes, layout = state.get("panes"), state.get("layout")
    if not isinstance(panes, list) or not isinstance(layout, str):
        raise ValueError("its panes or layout are missing")
    return panes, QByteArray.fromBase64(layout.encode("ascii"))


def _bound(act: Callable[[str], None], name: str) -> Callable[[], None]:
    """A menu entry's slot for ``name`` (bound now, not when the loop has moved on)."""
    return lambda: act(name)


class Workspaces(QObject):
    """File > Save workspace… and File > Open workspace (with Delete workspace) of a window."""

    def __init__(self, window: MainWindow, state_version: int) -> None:
        """``state_version``: the version the window saves and restores its layout with."""
        super().__init__(window)
        self.setObjectName("workspaces")
        self.window = window
        self.state_version = state_version
        self.names: list[str] = []
        self.dialog: QInputDialog | None = None
        self.prompt: QMessageBox | None = None  # the last question (tests)
        self.save_action = QAction("Save &workspace…", window)
        self.save_action.setToolTip("Keep the open report panes and the layout under a name")
        self.save_action.triggered.connect(self.ask_name)
        self.open_menu = QMenu("&Open workspace", window)
        self.open_menu.setObjectName("openWorkspaceMenu")
        self.delete_menu = QMenu("&Delete workspace", window)
        self.delete_menu.setObjectName("deleteWorkspaceMenu")
        self.open_menu.aboutToShow.connect(self.reload)
        self._fill_menus()

    # -- the store, on a worker -----------------------------------------------------------

    def _store_task(self, work: Callable[[ReportStore], Any], done: Callable[[Any], None]) -> None:
        services = self.window.services
        submit(
            lambda _ctx: work(services.reports),
            done,
            on_error=self._failed,
            owner=self,
            lane=Lane.STORAGE,
        )

    def _failed(self, failure: TaskFailure) -> None:
        if isinstance(failure.error, ReportStoreError | OSError | ValueError):
            self.window.show_status(f"Workspaces: {failure.error}")
        else:
            show_crash(failure.error, failure.details)

    def reload(self) -> None:
        """Read the workspaces' names again; the menus follow."""

        def loaded(names: list[str]) -> None:
            if names != self.names:
                self.names = names
                self._fill_menus()

        self._store_task(lambda store: store.workspaces(), loaded)

    def _fill_menus(self) -> None:
        self.open_menu.clear()
        self.delete_menu.clear()
        for name in self.names:
            self.open_menu.addAction(name, _bound(self.open, name))
            self.delete_menu.addAction(name, _bound(self.confirm_delete, name))
        if not self.names:
            self.open_menu.addAction("No saved workspaces").setEnabled(False)
        self.open_menu.addSeparator()
        self.open_menu.addMenu(self.delete_menu)
        self.delete_menu.setEnabled(bool(self.names))

    # -- saving ---------------------------------------------------------------------------

    def ask_name(self) -> None:
        """Save workspace…: ask for a name (an existing one is replaced after asking)."""
        dialog = QInputDialog(self.window)
        dialog.setObjectName("workspaceNameDialog")
        dialog.setWindowTitle("Save workspace")
        dialog.setLabelText(
            f"Name of the workspace ({plural(len(self.window.runner.panes), 'report pane')} "
            "and the window's layout):"
        )
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(self._name_given)
        self.dialog = dialog
        dialog.open()

    def name_field(self) -> QLineEdit | None:
        """The name field of the open Save workspace dialog (tests type into it)."""
        return self.dialog.findChild(QLineEdit) if self.dialog is not None else None

    def _name_given(self, text: str) -> None:
        name = text.strip()
        if not name:
            self.window.show_status("The workspace was not saved: it needs a name.")
            return
        same = next((n for n in self.names if n.casefold() == name.casefold()), None)
        if same is None:
            self.save(name)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Save workspace",
            f"Replace the workspace “{same}” with the panes and layout open now?",
            QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setObjectName("replaceWorkspacePrompt")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        replace = box.addButton("Replace", QMessageBox.ButtonRole.AcceptRole)
        box.finished.connect(lambda _r: self.save(same) if box.clickedButton() is replace else None)
        self.prompt = box
        box.open()

    def save(self, name: str) -> None:
        """Keep the open panes and the layout as workspace ``name``."""
        window = self.window
        panes = saved_panes(window.runner)  # renames the panes' docks, for saveState
        state = workspace_state(panes, window.saveState(self.state_version))

        def saved(_none: None) -> None:
            window.show_status(f"Saved the workspace “{name}” ({plural(len(panes), 'pane')}).")
            self.reload()

        self._store_task(lambda store: store.save_workspace(name, state), saved)

    # -- opening and deleting -------------------------------------------------------------

    def open(self, name: str) -> None:
        """Close every pane, reopen the workspace's panes, then restore its layout."""
        self._store_task(
            lambda store: store.workspace(name), lambda state: self._apply(name, state)
        )

    def _apply(self, name: str, state: dict[str, Any] | None) -> None:
        window = self.window
        if state is None:
            window.show_status(f"There is no workspace “{name}” any more.")
            self.reload()
            return
        try:
            panes, layout = _read_state(state)
        except ValueError as error:
            window.show_status(f"The workspace “{name}” could not be opened: {error}.")
            return
        if window.accounts.client is None:
            window.show_status("Import client secrets before opening a workspace.")
            return
        for pane in window.runner.panes:
            # Closed docks are deleted later: their names must not catch the saved layout.
            pane.dock.setObjectName("")
        window.runner.close_all()
        connected = {account.channel_id for account in window.accounts.accounts}
        gone = sum(
            1 for pane in panes if isinstance(pane, dict) and pane.get("channel") not in connected
        )
        warnings = restore_panes(window.runner, panes)
        laid_out = window.restoreState(layout, self.state_version)
        notes = [f"Opened the workspace “{name}”."]
        if gone:
            notes.append(f"{plural(gone, 'pane')} of channels no longer connected left out.")
        if not laid_out:
            notes.append("Its layout is from another version of the app: the default is used.")
        window.show_status(" ".join(notes + warnings))

    def confirm_delete(self, name: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete workspace",
            f"Delete the workspace “{name}”? Open panes stay as they are.",
            QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setObjectName("deleteWorkspacePrompt")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        delete = box.addButton("Delete", QMessageBox.ButtonRole.AcceptRole)
        box.finished.connect(
            lambda _r: self.delete(name) if box.clickedButton() is delete else None
        )
        self.prompt = box
        box.open()

    def delete(self, name: str) -> None:
        def deleted(_none: None) -> None:
            self.window.show_status(f"Deleted the workspace “{name}”.")
            self.reload()

        self._store_task(lambda store: store.delete_workspace(name), deleted)


def install_workspaces(window: MainWindow, state_version: int) -> Workspaces:
    """Add File > Save workspace… and File > Open workspace to ``window``.

    ``state_version``: main_window's ``STATE_VERSION`` (passed in: this module cannot
    import main_window, which installs it). A second call changes nothing.
    """
    existing = window.findChild(Workspaces, "workspaces")
    if existing is not None:
        return existing
    workspaces = Workspaces(window, state_version)
    menu = window.file_menu
    # Before Quit, which ends the menu (and follows a separator).
    menu.insertAction(window.quit_action, workspaces.save_action)
    menu.insertMenu(window.quit_action, workspaces.open_menu)
    separator = QAction(menu)
    separator.setSeparator(True)
    menu.insertAction(window.quit_action, separator)
    workspaces.reload()
    return workspaces
