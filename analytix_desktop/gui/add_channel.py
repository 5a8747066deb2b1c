"""The non-modal "Add channel" dialog: browser sign-in with progress, Cancel and the URL."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..api.errors import AuthorisationError
from ..api.flow import LoopbackFlow
from ..core.desktop_client import DesktopClient
from ..core.tasks import Progress, TaskFailure
from ..store.accounts import Account
from .app import show_crash
from .errors import explain
from .tasks import Lane, Task, submit

__all__ = ["AddChannelDialog"]


class AddChannelDialog(QDialog):
    """Opens Google's consent page in the system browser and waits for the answer.

    ``connected`` is emitted once the channel's sign-in is saved; ``failed`` with the
    exception when it could not be completed (not on Cancel).
    """

    connected = Signal(Account)
    failed = Signal(BaseException)

    def __init__(
        self,
        client: DesktopClient,
        parent: QWidget | None = None,
        *,
        reconnect: Account | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("addChannelDialog")
        self.setModal(False)
        self.client = client
        self.reconnect = reconnect
        self.flow: LoopbackFlow | None = None
        self.task: Task[Account] | None = None
        self.url = ""
        self.setWindowTitle(f"Reconnect {reconnect.title}" if reconnect else "Add channel")
        self.setMinimumWidth(520)

        layout = QVBoxLayout(self)
        self.intro = intro = QLabel(
            "Your browser shows Google's sign-in page. Choose the Google account, then the "
            "channel to add, and click <b>Allow</b>. Revenue metrics need the monetary "
            "permission ticked."
        )
        if reconnect is not None:
            intro.setText(
                f"Sign in again for <b>{reconnect.title}</b>: pick that channel on Google's "
                "page and click <b>Allow</b>."
            )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.status = QLabel("Starting...")
        self.status.setObjectName("addChannelStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName("Sign-in progress")
        layout.addWidget(self.progress)

        self.link_hint = QLabel("If no browser opened, copy this link into one:")
        layout.addWidget(self.link_hint)
        row = QHBoxLayout()
        self.link = QLineEdit()
        self.link.setReadOnly(True)
        self.link.setAccessibleName("Sign-in link")
        row.addWidget(self.link)
        self.copy_button = QPushButton("Copy link")
        self.copy_button.setAccessibleName("Copy sign-in link")
        self.copy_button.clicked.connect(self.copy_link)
        row.addWidget(self.copy_button)
        layout.addLayout(row)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName("Cancel sign-in")
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    # -- the flow ----------------------------------------------------------------------

    def start(self) -> None:
        """Listen on a loopback port, open the browser, wait for Google's answer off-thread."""
        self.show()
        self.flow = self.client.new_flow()
        try:
            self.url = self.flow.start()
        except AuthorisationError as error:
            self._fail(error)
            return
        self.link.setText(self.url)
        self.link.setCursorPosition(0)
        client, flow = self.client, self.flow
        # Its own lane: the wait for the browser (minutes) holds no reports' thread.
        self.task = submit(
            lambda ctx: client.connect(flow, ctx),
            self._connected,
            on_error=self._error,
            on_progress=self._progress,
            owner=self,
            lane=Lane.SIGN_IN,
        )
        opened = QDesktopServices.openUrl(QUrl(self.url))
        minutes = self.client.timeout / 60
        if opened:
            self.status.setText(
                f"Waiting for you to finish in the browser (up to {minutes:g} minutes)..."
            )
        else:
            self.status.setText(
                "No browser could be opened. Copy the link below into your browser; "
                f"this window waits up to {minutes:g} minutes."
            )
            self.link_hint.setText("<b>Open this link in your browser:</b>")
            self.intro.setText(
                self.intro.text().replace(
                    "Your browser shows Google's sign-in page.",
                    "Google's sign-in page opens from the link below.",
                )
            )
        self._fit()

    def _fit(self) -> None:
        """Grow to show every wrapped line: the texts change after the dialog is shown."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.resize(self.width(), max(self.height(), self.heightForWidth(self.width())))

    def copy_link(self) -> None:
        QGuiApplication.clipboard().setText(self.url)
        self.status.setText("Link copied. Paste it into your browser's address bar.")
        self._fit()

    def _progress(self, progress: Progress) -> None:
        self.progress.setRange(0, 100)
        self.progress.setValue(progress.percent)
        if progress.text:
            self.status.setText(progress.text)
            self._fit()

    def _connected(self, account: Account) -> None:
        self.task = None
        self.flow = None
        self.connected.emit(account)
        self.accept()

    def _error(self, failure: TaskFailure) -> None:
        self.task = None
        self._fail(failure.error, failure.details)

    def _fail(self, error: BaseException, details: str | None = None) -> None:
        explanation = explain(error)
        if explanation.unexpected:
            show_crash(error, details)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setText(
            f"<b>{escape(explanation.title)}</b><br>{escape(explanation.text)}"
            f"<br>{escape(explanation.hint)}"
        )
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self._fit()
        self.failed.emit(error)

    def cancel(self) -> None:
        """Stop waiting: the loopback port closes and no result is delivered."""
        if self.task is not None:
            self.task.cancel()
            self.task = None
        if self.flow is not None:  # its wait returns at once
            self.flow.cancel()
            self.flow = None

    def reject(self) -> None:
        self.cancel()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel()
        super().closeEvent(event)
