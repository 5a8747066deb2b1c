"""The first-run page: how to get a Desktop-app OAuth client, import its file, or try the demo."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..api.secrets import Secrets
from ..core.tasks import TaskFailure
from ..store.secrets import import_secrets
from .app import show_crash
from .errors import explain
from .tasks import Lane, submit

__all__ = ["WelcomePage"]

_STEPS = """
<h2>Welcome to analytix-desktop</h2>
<p>To read your channels' analytics, the app needs an OAuth client of your own from
Google Cloud (it is free):</p>
<ol>
<li>In the <a href="https://console.cloud.google.com/">Google Cloud console</a>, create a
project and enable the <b>YouTube Analytics API</b> and the <b>YouTube Data API v3</b>
(<b>APIs &amp; Services &gt; Library</b>).</li>
<li>Set up the consent screen (<b>Google Auth Platform</b>, formerly <b>OAuth consent
screen</b>): user type <b>External</b>, then under <b>Audience</b> add the Google account
that manages your channel as a <b>test user</b>.</li>
<li>Under <b>Clients</b> (or <b>Credentials &gt; Create credentials &gt; OAuth client
ID</b>), create a client of type <b>Desktop app</b> and download its JSON file.</li>
<li>Import that file here.</li>
</ol>
<p>While the app's publishing status is <b>Testing</b>, Google ends every sign-in after
7 days and you must reconnect the channel. To avoid that, choose <b>Publish app</b> under
<b>Audience</b>; Google then warns that the app is not verified, which is expected for an
app only you use (continue through <b>Advanced</b>).</p>
"""


class WelcomePage(QWidget):
    """Shown until a client secrets file has been imported."""

    secrets_imported = Signal(Path)  # the imported copy
    demo_requested = Signal()

    def __init__(self, target: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.target = target
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        text = QLabel(_STEPS)
        text.setWordWrap(True)
        text.setOpenExternalLinks(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        text.setMaximumWidth(760)  # lines a reader can follow, however wide the window
        layout.addWidget(text)
        buttons = QHBoxLayout()
        self.import_button = QPushButton("Import client secrets file...")
        self.import_button.setAccessibleName("Import client secrets file")
        self.import_button.clicked.connect(self.choose_file)
        self.demo_button = QPushButton("Try the demo")
        self.demo_button.setAccessibleName("Try the demo with made-up channels")
        self.demo_button.setToolTip("Made-up channels; no Google account needed")
        self.demo_button.clicked.connect(self.demo_requested)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = QLabel()
        self.message.setObjectName("welcomeMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setMaximumWidth(760)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import client secrets", str(Path.home()), "JSON files (*.json);;All files (*)"
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, source: Path) -> None:
        """Validate and copy ``source`` into the config folder, off the GUI thread."""
        self.import_button.setEnabled(False)
        self.message.setText("Checking the file...")

        target = self.target
        submit(
            lambda _ctx: import_secrets(source, target),
            self._imported,
            on_error=self._failed,
            owner=self,
            lane=Lane.STORAGE,
        )

    def _imported(self, _secrets: Secrets) -> None:
        self.import_button.setEnabled(True)
        self.message.setText("Imported. Now add a channel.")
        self.secrets_imported.emit(self.target)

    def _failed(self, failure: TaskFailure) -> None:
        self.import_button.setEnabled(True)
        explanation = explain(failure.error)
        if explanation.unexpected:
            show_crash(failure.error, failure.details)
        self.message.setText(
            f'<span style="color:#d93025"><b>{escape(explanation.title)}</b></span><br>'
            f"{escape(explanation.text)}<br>{escape(explanation.hint)}"
        )
