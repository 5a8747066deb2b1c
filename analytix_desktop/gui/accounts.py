"""Connected channels: adding, switching, signing out, reconnecting, and their names.

The AccountManager owns the list of accounts (in the settings, without tokens), the
active channel, and each channel's ChannelContext; the ChannelSwitcher shows them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from html import escape

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QComboBox, QMessageBox, QWidget

from ..core.context import ChannelContext
from ..core.desktop_client import DesktopClient
from ..core.tasks import TaskContext, TaskFailure
from ..store.accounts import Account
from ..store.settings import Settings
from ..store.tokens import TokenStore
from .add_channel import AddChannelDialog
from .app import icon, show_crash
from .errors import RECONNECT_CAUSE, explain
from .tasks import Lane, Task, submit

__all__ = ["AccountManager", "ChannelSwitcher"]

_log = logging.getLogger(__name__)


class AccountManager(QObject):
    """The channels the user connected and which one is active."""

    accounts_changed = Signal()
    active_changed = Signal(str)  # the channel's id, "" for none: see active_context()
    context_loaded = Signal(str)  # the channel's id, once its names are in: see context()
    status_message = Signal(str)

    def __init__(
        self,
        settings: Settings,
        store: TokenStore,
        save_settings: Callable[[], None],
        parent_widget: QWidget,
    ) -> None:
        super().__init__(parent_widget)
        self.settings = settings
        self.store = store
        self.client: DesktopClient | None = None
        self._save = save_settings
        self._parent = parent_widget
        self._contexts: dict[str, ChannelContext] = {}
        self._unmonetised: set[str] = set()  # refused revenue this session (no API says so)
        self._context_tasks: dict[str, Task[ChannelContext]] = {}
        self.dialog: AddChannelDialog | None = None
        self.prompt: QMessageBox | None = None
        self.active: str | None = settings.last_channel

    # -- queries -----------------------------------------------------------------------

    @property
    def accounts(self) -> list[Account]:
        return list(self.settings.accounts.values())

    def account(self, channel_id: str) -> Account | None:
        return self.settings.accounts.get(channel_id)

    def context(self, channel_id: str) -> ChannelContext | None:
        """What is known of the channel: its names once loaded, else just its identity."""
        context = self._contexts.get(channel_id)
        if context is None:
            account = self.account(channel_id)
            if account is None:
                return None
            context = ChannelContext(
                channel_id=account.channel_id,
                title=account.title,
                thumbnail_path=account.thumbnail_path,
                scopes=frozenset(account.scopes),
            )
        if channel_id in self._unmonetised:
            context.monetised = False
        return context

    def note_not_monetised(self, channel_id: str) -> None:
        """Google refused revenue metrics for this channel: hide them from now on."""
        if channel_id in self._unmonetised:
            return
        self._unmonetised.add(channel_id)
        if channel_id == self.active:
            self.active_changed.emit(channel_id)

    def active_context(self) -> ChannelContext | None:
        return self.context(self.active) if self.active else None

    # -- switching ---------------------------------------------------------------------

    def set_client(self, client: DesktopClient | None) -> None:
        self.client = client
        if client is not None and self.active:
            self.load_context(self.active)

    def set_active(self, channel_id: str | None) -> None:
        if channel_id is not None and channel_id not in self.settings.accounts:
            channel_id = None
        if channel_id == self.active:
            return
        self.active = channel_id
        self.settings.last_channel = channel_id
        self._save()
        self.active_changed.emit(channel_id or "")
        if channel_id is not None:
            self.load_context(channel_id)

    def load_context(self, channel_id: str) -> None:
        """Fetch the channel's video, playlist and group names off the GUI thread."""
        account, client = self.account(channel_id), self.client
        if client is None or account is None or channel_id in self._context_tasks:
            return
        if channel_id in self._contexts:
            return
        self.status_message.emit(f"Loading the videos and playlists of {account.title}...")

        def loaded(context: ChannelContext) -> None:
            self._context_tasks.pop(channel_id, None)
            if channel_id not in self.settings.accounts:
                return  # signed out meanwhile
            self._contexts[channel_id] = context
            self.status_message.emit(
                f"{context.title}: {len(context.videos)} videos, {len(context.playlists)} "
                f"playlists, {len(context.groups)} groups"
            )
            self.context_loaded.emit(channel_id)
            if channel_id == self.active:
                self.active_changed.emit(channel_id)

        def failed(failure: TaskFailure) -> None:
            self._context_tasks.pop(channel_id, None)
            what = "The channel's video names"
            self.handle_error(channel_id, failure.error, failure.details, what=what)

        self._context_tasks[channel_id] = submit(
            lambda ctx: client.fetch_context(account, ctx), loaded, on_error=failed, owner=self
        )

    # -- adding and reconnecting ---------------------------------------------------------

    def add_channel(self, reconnect: Account | None = None) -> None:
        """Check the keyring, then run the sign-in dialog."""
        if self.client is None:
            return
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        store = self.store
        submit(
            lambda _ctx: store.problem(),
            lambda problem: self._keyring_checked(problem, reconnect),
            on_error=self._report,
            owner=self,
            lane=Lane.STORAGE,
        )

    def _keyring_checked(self, problem: str | None, reconnect: Account | None) -> None:
        if problem is None:
            self._open_dialog(reconnect)
            return
        box = QMessageBox(self._parent)
        box.setObjectName("keyringPrompt")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("No safe place for sign-ins")
        box.setText(escape(problem))
        box.setInformativeText(
            "analytix-desktop never writes sign-ins to a plain file. You can keep them in "
            "memory for this session only: you will have to add the channel again after "
            "restarting."
        )
        keep = box.addButton("Keep in memory this session", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)

        def answered() -> None:
            if box.clickedButton() is keep:
                self.store.use_memory()
                self.status_message.emit("Sign-ins are kept in memory for this session only.")
                self._open_dialog(reconnect)

        box.finished.connect(answered)
        self.prompt = box
        box.open()

    def _open_dialog(self, reconnect: Account | None) -> None:
        assert self.client is not None
        self.dialog = AddChannelDialog(self.client, self._parent, reconnect=reconnect)
        self.dialog.connected.connect(self._connected)
        self.dialog.start()

    def _connected(self, account: Account) -> None:
        self.settings.accounts[account.channel_id] = account
        self._contexts.pop(account.channel_id, None)
        self._unmonetised.discard(account.channel_id)
        self._save()
        self.accounts_changed.emit()
        self.status_message.emit(f"Connected {account.title}.")
        if self.active == account.channel_id:
            self.active = None  # make set_active announce the refreshed account
        self.set_active(account.channel_id)

    def reconnect_prompt(self, channel_id: str) -> None:
        """Explain why the channel's sign-in is dead and offer to sign in again."""
        account = self.account(channel_id)
        if account is None:
            return
        if self.prompt is not None and self.prompt.isVisible():
            return
        box = QMessageBox(self._parent)
        box.setObjectName("reconnectPrompt")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Reconnect this channel")
        box.setText(f"Reconnect {escape(account.title)}")
        box.setInformativeText(RECONNECT_CAUSE)
        again = box.addButton("Reconnect...", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Later", QMessageBox.ButtonRole.RejectRole)

        def answered() -> None:
            if box.clickedButton() is again:
                self.add_channel(reconnect=account)

        box.finished.connect(answered)
        self.prompt = box
        box.open()

    # -- signing out ---------------------------------------------------------------------

    def sign_out(self, channel_id: str, before: Callable[[TaskContext], str] | None = None) -> None:
        """Revoke at Google and forget the channel (keyring, settings, thumbnail).

        ``before`` runs on the worker while the access still works (deleting the
        channel's reach jobs); what it returns is said with the outcome."""
        account = self.settings.accounts.pop(channel_id, None)
        if account is None:
            return
        self._contexts.pop(channel_id, None)
        task = self._context_tasks.pop(channel_id, None)
        if task is not None:
            task.cancel()
        self._save()
        self.accounts_changed.emit()
        if self.active == channel_id:
            others = list(self.settings.accounts)
            self.set_active(others[0] if others else None)
        client = self.client
        if client is None:
            return

        def work(ctx: TaskContext) -> tuple[bool, str]:
            said = before(ctx) if before is not None else ""
            return client.sign_out(channel_id), said

        def done(result: tuple[bool, str]) -> None:
            revoked, said = result
            if revoked:
                text = f"Signed out of {account.title}."
            else:
                text = (
                    f"Signed out of {account.title} here, but Google could not be asked to "
                    "revoke the access; remove it at myaccount.google.com/permissions."
                )
            self.status_message.emit(f"{text} {said}".strip())

        submit(work, done, on_error=self._report, owner=self)

    # -- errors ------------------------------------------------------------------------

    def handle_error(
        self, channel_id: str, error: BaseException, details: str, *, what: str = ""
    ) -> None:
        """Status text for expected errors, the reconnect prompt for dead sign-ins."""
        explanation = explain(error)
        if explanation.unexpected:
            show_crash(error, details)
            return
        prefix = f"{what} could not be loaded: " if what else ""
        self.status_message.emit(f"{prefix}{explanation.title}. {explanation.hint}".strip())
        if explanation.reconnect:
            self.reconnect_prompt(channel_id)

    def _report(self, failure: TaskFailure) -> None:
        explanation = explain(failure.error)
        if explanation.unexpected:
            show_crash(failure.error, failure.details)
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            explanation.title,
            explanation.text,
            QMessageBox.StandardButton.Ok,
            self._parent,
        )
        box.setObjectName("accountError")
        box.setInformativeText(explanation.hint)
        self.prompt = box
        box.open()


class ChannelSwitcher(QComboBox):
    """The tool bar's channel picker: thumbnail and title of each connected channel."""

    def __init__(self, manager: AccountManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("channelSwitcher")
        self.setAccessibleName("Active channel")
        self.setToolTip("The channel new reports are run for")
        self.setIconSize(QSize(20, 20))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setMinimumContentsLength(16)
        self.manager = manager
        manager.accounts_changed.connect(self.refresh)
        manager.active_changed.connect(lambda _context: self._select(manager.active))
        self.activated.connect(self._chosen)
        self.refresh()

    def refresh(self) -> None:
        self.blockSignals(True)
        self.clear()
        for account in self.manager.accounts:
            thumb = QIcon(account.thumbnail_path) if account.thumbnail_path else QIcon()
            self.addItem(
                thumb if not thumb.isNull() else icon("channel"), account.title, account.channel_id
            )
        if not self.manager.accounts:
            self.addItem("No channel connected", "")
        self.setEnabled(bool(self.manager.accounts))
        self.blockSignals(False)
        self._select(self.manager.active)

    def _select(self, channel_id: str | None) -> None:
        index = self.findData(channel_id) if channel_id else -1
        if index >= 0:
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)

    def _chosen(self, index: int) -> None:
        channel_id = self.itemData(index)
        if isinstance(channel_id, str) and channel_id:
            self.manager.set_active(channel_id)
