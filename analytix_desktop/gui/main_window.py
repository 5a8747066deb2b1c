"""The main window: builder dock, report panes, channel switcher, menus and saved layout."""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
)

from ..api import catalogue
from ..api.errors import InvalidSecrets
from ..api.transport import Transport
from ..store.cache import ThumbnailCache
from ..store.paths import AppPaths
from ..store.settings import Settings
from ..store.tokens import TokenStore
from .accounts import AccountManager, ChannelSwitcher
from .app import icon, show_crash
from .builder import ReportBuilder
from .context import ChannelContext
from .crash import environment
from .desktop_client import DesktopClient
from .runner import ReportRunner
from .welcome import WelcomePage, start_demo_process
from .workers import Job, start_job

__all__ = ["STATE_VERSION", "MainWindow"]

_log = logging.getLogger(__name__)
# Bump when the set of docks and tool bars changes: restoreState refuses other versions.
STATE_VERSION = 1
BUILDER_SHARE = 0.36
"""The builder's share of the window's width when no layout was saved (reports get the rest)."""
_write_lock = threading.Lock()


def _write_settings(settings: Settings, paths: AppPaths, *, job: Job | None = None) -> None:
    with _write_lock:
        settings.save(paths.settings_file)


class MainWindow(QMainWindow):
    """One window, many channels and reports; all blocking work runs on the thread pool."""

    def __init__(
        self,
        paths: AppPaths,
        settings: Settings,
        *,
        store: TokenStore | None = None,
        demo: bool = False,
        transport: Transport | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.paths = paths
        self.settings = settings
        self.store = store or TokenStore()
        self.demo = demo
        self.transport = transport
        self.thumbnails = ThumbnailCache(paths.thumbnails_dir)
        self.setWindowTitle("analytix-desktop — demo" if demo else "analytix-desktop")
        self.setWindowIcon(icon("app"))
        self.setDockNestingEnabled(True)
        self.resize(1280, 800)

        self.accounts = AccountManager(settings, self.store, self.save_settings, self)
        self.runner = ReportRunner(self, self.accounts)
        self.client: DesktopClient | None = None
        self._next_run_new_pane = False
        self._layout_restored = self._sized_builder = self._client_checked = False
        self._build_central()
        self._build_builder()
        self._build_actions()
        self._build_menus()
        self._build_tool_bars()
        self.accounts.status_message.connect(self.show_status)
        self.accounts.active_changed.connect(self._active_changed)
        self.accounts.accounts_changed.connect(self._accounts_changed)
        self.runner.status_message.connect(self.show_status)
        self.runner.panes_changed.connect(self._update_actions)
        self._restore()
        self._connect_client()
        for warning in settings.warnings:
            self.show_status(warning)

    # -- construction ------------------------------------------------------------------

    def _build_central(self) -> None:
        self.central = QStackedWidget()
        self.central.setObjectName("centralPages")
        self.welcome = WelcomePage(self.paths.secrets_file)
        self.welcome.secrets_imported.connect(lambda _path: self._connect_client())
        self.welcome.demo_requested.connect(self.open_demo)
        self.hint = QLabel()
        self.hint.setObjectName("emptyHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.central.addWidget(self.welcome)
        self.central.addWidget(self.hint)
        self.setCentralWidget(self.central)

    def _build_builder(self) -> None:
        self.builder = ReportBuilder()
        self.builder.setAccessibleName("Report builder")
        self.builder.run_requested.connect(self.run_query)
        self.builder_dock = QDockWidget("Report builder", self)
        self.builder_dock.setObjectName("builderDock")
        self.builder_dock.setWidget(self.builder)
        self.builder_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.builder_dock)
        if self.settings.last_query:
            try:
                self.builder.from_settings(self.settings.last_query)
            except Exception as error:  # an old or hand-edited query must not stop the app
                self.settings.warnings.append(f"The last report could not be restored: {error}")

    def _action(self, text: str, slot: Any, shortcut: Any = None, icon_name: str = "") -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(text.replace("...", "").replace("&", ""))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.new_report_action = self._action("&New report", self.new_report, key.New, "new-report")
        self.export_csv_action = self._action(
            "Export &CSV...", lambda: self.runner.export_current("csv"), "Ctrl+E", "export"
        )
        self.export_json_action = self._action(
            "Export &JSON...", lambda: self.runner.export_current("json"), "Ctrl+Shift+E"
        )
        self.close_pane_action = self._action("&Close pane", self.runner.close_current, key.Close,
                                              "close")
        self.quit_action = self._action("&Quit", self.close, key.Quit, "quit")
        self.run_action = self._action("&Run", self.builder.request_run, "Ctrl+Return", "run")
        self.run_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.cancel_action = self._action("&Cancel", lambda: self.runner.cancel(), "Esc", "cancel")
        self.current_pane_action = QAction("Run in &current pane", self)
        self.current_pane_action.setCheckable(True)
        self.current_pane_action.setChecked(self.settings.run_in_current_pane)
        self.current_pane_action.toggled.connect(self._current_pane_toggled)
        self.add_channel_action = self._action(
            "&Add channel...", lambda: self.accounts.add_channel(), None, "add-channel"
        )
        self.sign_out_action = self._action("&Sign out...", self.confirm_sign_out, None, "sign-out")
        self.reconnect_action = self._action("&Reconnect channel...", self._reconnect_active)
        self.about_action = self._action("&About analytix-desktop", self.show_about, None, "about")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.new_report_action, self.export_csv_action, self.export_json_action])
        file.addSeparator()
        file.addActions([self.close_pane_action, self.quit_action])
        report = bar.addMenu("&Report")
        report.addActions([self.run_action, self.cancel_action, self.current_pane_action])
        channels = bar.addMenu("&Channels")
        channels.addAction(self.add_channel_action)
        self.switch_menu = channels.addMenu("S&witch to")
        self.switch_group = QActionGroup(self)
        channels.addActions([self.reconnect_action, self.sign_out_action])
        view = bar.addMenu("&View")
        view.addAction(self.builder_dock.toggleViewAction())
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)
        self._fill_switch_menu()

    def _build_tool_bars(self) -> None:
        if self.demo:
            banner = QToolBar("Demo", self)
            banner.setObjectName("demoBanner")
            banner.setMovable(False)
            label = QLabel(
                "  Demo: made-up channels served by a local sandbox, not by Google. "
                "Nothing you do here touches a real account."
            )
            label.setObjectName("demoBannerText")
            label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            label.setStyleSheet("QLabel { background: #fef7e0; color: #3c4043; padding: 4px; }")
            banner.addWidget(label)
            self.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)
            self.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        tools = QToolBar("Main", self)
        tools.setObjectName("mainToolBar")
        tools.addActions([self.new_report_action, self.run_action, self.cancel_action])
        tools.addSeparator()
        self.switcher = ChannelSwitcher(self.accounts)
        tools.addWidget(QLabel(" Channel: "))
        tools.addWidget(self.switcher)
        tools.addAction(self.add_channel_action)
        tools.addSeparator()
        tools.addAction(self.export_csv_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tools)
        self.statusBar().setObjectName("statusBar")

    def _restore(self) -> None:
        if self.settings.geometry:
            self.restoreGeometry(QByteArray(self.settings.geometry))
        if self.settings.window_state:
            self._layout_restored = self.restoreState(
                QByteArray(self.settings.window_state), STATE_VERSION
            )
            if not self._layout_restored:
                _log.info("the saved window layout is of another version; using the default")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized_builder and not self._layout_restored:
            # Qt would split the width evenly; the builder needs a column, not half the window.
            self._sized_builder = True
            width = max(380, round(self.width() * BUILDER_SHARE))
            self.resizeDocks([self.builder_dock], [width], Qt.Orientation.Horizontal)

    # -- client and channels -------------------------------------------------------------

    def _connect_client(self) -> None:
        """Use the imported (or demo) client secrets, or show the welcome page."""
        client: DesktopClient | None = None
        if self.paths.secrets_file.exists():
            try:
                client = DesktopClient(
                    self.paths.secrets_file, self.store, self.thumbnails, transport=self.transport
                )
            except InvalidSecrets as error:
                self.welcome.message.setText(f"The saved client secrets are unusable: {error}")
        # Without a client the builder is of no use: the welcome page gets the whole window.
        if client is None:
            self.builder_dock.hide()
        elif self._client_checked and self.client is None:  # just imported
            self.builder_dock.show()
        self._client_checked = True
        self.client = client
        self.accounts.set_client(client)
        self._accounts_changed()
        self._active_changed(self.accounts.active_context())

    def _accounts_changed(self) -> None:
        if self.client is None:
            self.central.setCurrentWidget(self.welcome)
        else:
            self.central.setCurrentWidget(self.hint)
            self.hint.setText(
                "Build a report in the builder and press Run (Ctrl+Return)."
                if self.accounts.accounts
                else "Add a YouTube channel to start: Channels > Add channel."
            )
        self._fill_switch_menu()
        self._update_actions()

    def _fill_switch_menu(self) -> None:
        self.switch_menu.clear()
        for action in self.switch_group.actions():
            self.switch_group.removeAction(action)
        for account in self.accounts.accounts:
            action = self.switch_menu.addAction(account.title)
            action.setCheckable(True)
            action.setChecked(account.channel_id == self.accounts.active)
            action.triggered.connect(
                lambda _checked=False, cid=account.channel_id: self.accounts.set_active(cid)
            )
            self.switch_group.addAction(action)
        self.switch_menu.setEnabled(bool(self.accounts.accounts))

    def _active_changed(self, context: object) -> None:
        assert context is None or isinstance(context, ChannelContext)
        self.builder.set_channel(context)
        self._fill_switch_menu()
        self._update_actions()
        if context is not None and context.scopes and not context.monetary:
            self.show_status(
                f"Revenue metrics are hidden for {context.title}: reconnect it (Channels > "
                "Reconnect) and tick the monetary permission to see them."
            )

    def _update_actions(self) -> None:
        has_client = self.client is not None
        active = self.accounts.active is not None
        pane = self.runner.current
        self.add_channel_action.setEnabled(has_client)
        self.sign_out_action.setEnabled(active)
        self.reconnect_action.setEnabled(active and has_client)
        self.close_pane_action.setEnabled(pane is not None)
        self.export_csv_action.setEnabled(pane is not None)
        self.export_json_action.setEnabled(pane is not None)
        self.central.setVisible(not self.runner.panes)

    def _reconnect_active(self) -> None:
        account = self.accounts.account(self.accounts.active or "")
        if account is not None:
            self.accounts.add_channel(reconnect=account)

    def confirm_sign_out(self) -> None:
        account = self.accounts.account(self.accounts.active or "")
        if account is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question, "Sign out",
            f"Sign out of {account.title}? Google is asked to revoke the app's access and "
            "the saved sign-in is deleted. Open report panes stay as they are.",
            QMessageBox.StandardButton.Cancel, self,
        )
        box.setObjectName("signOutPrompt")
        sign_out = box.addButton("Sign out", QMessageBox.ButtonRole.AcceptRole)

        def answered() -> None:
            if box.clickedButton() is sign_out:
                self.accounts.sign_out(account.channel_id)

        box.finished.connect(answered)
        self.sign_out_box = box
        box.open()

    # -- reports -----------------------------------------------------------------------

    def run_query(self, query: object) -> None:
        """The builder's Run: fetch for the active channel in a new (or the current) pane."""
        assert isinstance(query, catalogue.Query)
        in_current = self.current_pane_action.isChecked() and not self._next_run_new_pane
        self._next_run_new_pane = False
        self.runner.run(query, in_current=in_current)
        self.settings.last_query = self.builder.to_settings()
        self.save_settings()
        self._update_actions()

    def new_report(self) -> None:
        """Bring up the builder; the next run opens a new pane."""
        self._next_run_new_pane = True
        self.builder_dock.show()
        self.builder_dock.raise_()
        self.builder.setFocus()

    def _current_pane_toggled(self, checked: bool) -> None:
        self.settings.run_in_current_pane = checked
        self.save_settings()

    # -- misc --------------------------------------------------------------------------

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    def open_demo(self) -> None:
        if not start_demo_process():
            self.show_status("The demo could not be started.")

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setObjectName("aboutBox")
        box.setWindowTitle("About analytix-desktop")
        box.setIconPixmap(icon("app").pixmap(64, 64))
        box.setText("<b>analytix-desktop</b><br>YouTube Analytics reports, point and click.")
        box.setInformativeText(
            environment().replace("\n", "<br>") + f"<br>Sign-ins kept in: {self.store.describe()}"
        )
        self.about_box = box
        box.open()

    def save_settings(self) -> None:
        """Write the settings on the thread pool (a snapshot, so the GUI can go on)."""
        snapshot = self.settings.snapshot()
        start_job(
            _write_settings, snapshot, self.paths, on_error=self._save_failed, owner=self
        )

    def _save_failed(self, error: BaseException, details: str) -> None:
        if isinstance(error, OSError):
            self.show_status(f"The settings could not be saved: {error}")
        else:
            show_crash(error, details)

    def closeEvent(self, event: QCloseEvent) -> None:
        for pane in list(self.runner.panes):
            if pane.job is not None:
                pane.job.cancel()
        self.settings.geometry = bytes(self.saveGeometry().data())
        if self.client is not None:  # on the welcome page the builder is hidden on purpose
            self.settings.window_state = bytes(self.saveState(STATE_VERSION).data())
        self.settings.last_query = self.builder.to_settings()
        try:
            # The event loop is ending, so nothing is left to freeze: write it now.
            _write_settings(self.settings.snapshot(), self.paths)
        except OSError as error:
            _log.warning("the settings could not be saved: %s", error)
        super().closeEvent(event)

