"""The main window: builder dock, report panes, channel switcher, menus and saved layout."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
)

from ..api import catalogue
from ..api.endpoints import Endpoints
from ..api.errors import InvalidSecrets
from ..core.desktop_client import DesktopClient
from ..core.services import Services, open_services
from ..core.tasks import TaskContext, TaskFailure
from ..store.cache import ThumbnailCache
from ..store.paths import AppPaths
from ..store.settings import Settings
from ..store.tokens import TokenStore
from .accounts import AccountManager, ChannelSwitcher
from .app import icon, install_wheel_guard, show_crash
from .builder import ReportBuilder
from .crash import environment
from .demo_menu import DemoMenu
from .drilling import Drilling
from .formatting import set_watch_time_unit
from .panes import PaneTabMenus, restore_panes, saved_panes
from .runner import ReportRunner
from .screen_fit import fit_size, keep_on_screen
from .tasks import Lane, submit
from .welcome import WelcomePage
from .window_actions import build_actions, build_menus, build_tool_bars

if TYPE_CHECKING:
    from ..api.transport import Transport
    from .compare import Comparisons
    from .content_dock import ContentView
    from .demo import Demo
    from .local_data import LocalData
    from .reach import ReachFeature
    from .saved_reports import SavedReports
    from .workspaces import Workspaces

__all__ = ["STATE_VERSION", "MainWindow"]

_log = logging.getLogger(__name__)
# Bump when the set of docks and tool bars changes: restoreState refuses other versions.
STATE_VERSION = 2
BUILDER_SHARE = 0.36
"""The builder's share of the window's width when no layout was saved (reports get the rest)."""
CLOSE_WAIT = 10.0
"""Seconds the closing window waits for the settings writer to finish the last write."""


class MainWindow(QMainWindow):
    """One window, many channels and reports; all blocking work runs as tasks (gui.tasks)."""

    # Made by window_actions.
    new_report_action: QAction
    export_csv_action: QAction
    export_json_action: QAction
    close_pane_action: QAction
    close_others_action: QAction
    close_all_action: QAction
    quit_action: QAction
    run_action: QAction
    run_new_pane_action: QAction
    cancel_action: QAction
    add_channel_action: QAction
    sign_out_action: QAction
    reconnect_action: QAction
    about_action: QAction
    show_builder_action: QAction
    watch_minutes_action: QAction
    demo_menu: DemoMenu | None
    file_menu: QMenu
    report_menu: QMenu
    view_menu: QMenu
    switch_menu: QMenu
    switch_group: QActionGroup
    switcher: ChannelSwitcher

    def __init__(
        self,
        paths: AppPaths,
        settings: Settings,
        *,
        store: TokenStore | None = None,
        demo: bool = False,
        demo_control: Demo | None = None,
        config_dir: Path | None = None,
        transport: Transport | None = None,
        endpoints: Endpoints | None = None,
        services: Services | None = None,
    ) -> None:
        """``demo_control``: the running demo, for Demo > Simulate problems;
        ``config_dir``: the ``--config-dir`` given, which "Try the demo" passes on;
        ``endpoints``: where requests go (default: ``Endpoints.from_environment()``);
        ``services``: the local report store and history (default: those of ``paths``)."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.paths = paths
        self.settings = settings
        self.store = store or TokenStore()
        self.demo = demo or demo_control is not None
        self.demo_control = demo_control
        self.config_dir = config_dir
        self.demo_opener: Callable[[], None] | None = None
        """Opens the demo in its own window ("Try the demo"); set by ``assemble``."""
        self.demo_window: MainWindow | None = None
        self.on_close: list[Callable[[], None]] = []
        """Run when the window closes (the demo's sandbox stops)."""
        self.transport = transport
        self.endpoints = endpoints if endpoints is not None else Endpoints.from_environment()
        self.services = services if services is not None else open_services(paths)
        self.meter = self.services.meter(self.endpoints)
        self.thumbnails = ThumbnailCache(paths.thumbnails_dir)
        self.setWindowTitle("analytix-desktop — demo" if self.demo else "analytix-desktop")
        self.setWindowIcon(icon("app"))
        self.setDockNestingEnabled(True)

        self.accounts = AccountManager(settings, self.store, self.save_settings, self)
        self.runner = ReportRunner(self, self.accounts, self.services)
        self.drilling = Drilling(self.runner)
        self.tab_menus = PaneTabMenus(self, self.runner)
        self.client: DesktopClient | None = None
        self._next_run_new_pane = False
        self._layout_restored = self._sized_builder = self._client_checked = False
        self._shown_once = self._painted_once = False
        self._build_central()
        self._build_builder()
        build_actions(self)
        build_menus(self)
        self._fill_switch_menu()
        build_tool_bars(self)
        self._local_parts: (
            tuple[LocalData, SavedReports, Workspaces, ContentView, Comparisons, ReachFeature]
            | None
        ) = None
        self.services.set_freshness(settings.freshness_minutes * 60.0)
        self.resize(fit_size(self))
        self._default_state = self.saveState(STATE_VERSION)
        self.accounts.status_message.connect(self.show_status)
        self.accounts.active_changed.connect(self._active_changed)
        self.accounts.accounts_changed.connect(self._accounts_changed)
        self.runner.status_message.connect(self.show_status)
        self.runner.panes_changed.connect(self._update_actions)
        self.runner.panes_changed.connect(
            lambda: QTimer.singleShot(0, self.tab_menus, self.tab_menus.attach)
        )
        self._connect_client()
        if self.client is not None:  # the panes first: the saved layout places them
            settings.warnings.extend(restore_panes(self.runner, settings.open_panes))
        set_watch_time_unit("minutes" if settings.watch_time_minutes else "hours")
        self._restore()
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
        self.builder.run_in_new_pane_requested.connect(self.run_query_in_new_pane)
        self._default_builder = self.builder.to_settings()  # for Demo > Reset demo
        self.builder_dock = QDockWidget("Report builder", self)
        self.builder_dock.setObjectName("builderDock")
        self.builder_dock.setWidget(self.builder)
        # Narrower, and the builder's labels and lists are cut off; its form scrolls instead.
        self.builder_dock.setMinimumWidth(300)
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

    def _restore(self) -> None:
        if self.settings.geometry:
            self.restoreGeometry(QByteArray(self.settings.geometry))
            keep_on_screen(self)  # the screen it was on may be gone, or smaller now
        if self.settings.window_state:
            self._layout_restored = self.restoreState(
                QByteArray(self.settings.window_state), STATE_VERSION
            )
            if not self._layout_restored:
                _log.info("the saved window layout is of another version; using the default")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            # Only now is the frame known (and the screen, for a restored geometry).
            self._shown_once = True
            keep_on_screen(self)
        if not self._sized_builder and not self._layout_restored:
            # Qt would split the width evenly; the builder needs a column, not half the window.
            self._sized_builder = True
            width = max(380, round(self.width() * BUILDER_SHARE))
            self.resizeDocks([self.builder_dock], [width], Qt.Orientation.Horizontal)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted_once:
            # Queued: the rest of this paint pass (the window's widgets) comes first.
            self._painted_once = True
            QTimer.singleShot(0, self, self._after_first_paint)

    def _after_first_paint(self) -> None:
        """What the first paint does without, once the window shows: the wheel guard, and
        the report panes' modules (pyqtgraph, numpy), so that the first Run need not wait."""
        install_wheel_guard()
        importlib.import_module("analytix_desktop.gui.report_view")
        self._local()

    def _local(
        self,
    ) -> tuple[LocalData, SavedReports, Workspaces, ContentView, Comparisons, ReachFeature]:
        """History, the quota meter, saved reports, workspaces and the content view: made
        after the first paint, which needs none of them (their modules take ~30 ms to
        load), or on first use; their docks then take their place in the layout restored
        earlier."""
        if self._local_parts is None:
            local = importlib.import_module("analytix_desktop.gui.local_data")
            saved = importlib.import_module("analytix_desktop.gui.saved_reports")
            spaces = importlib.import_module("analytix_desktop.gui.workspaces")
            content = importlib.import_module("analytix_desktop.gui.content_dock")
            compare = importlib.import_module("analytix_desktop.gui.compare")
            reach = importlib.import_module("analytix_desktop.gui.reach")
            self._local_parts = (
                local.LocalData(self),
                saved.install_saved_reports(self),
                spaces.install_workspaces(self, STATE_VERSION),
                content.install_content_view(self),
                compare.install_compare(self),
                reach.install_reach(self),
            )
            parts = self._local_parts
            for dock in (parts[0].dock, parts[1].dock, parts[3].dock):
                self.restoreDockWidget(dock)
        return self._local_parts

    @property
    def local_data(self) -> LocalData:
        return self._local()[0]

    @property
    def saved_reports(self) -> SavedReports:
        return self._local()[1]

    @property
    def workspaces(self) -> Workspaces:
        return self._local()[2]

    @property
    def content_view(self) -> ContentView:
        return self._local()[3]

    @property
    def comparisons(self) -> Comparisons:
        return self._local()[4]

    @property
    def reach(self) -> ReachFeature:
        return self._local()[5]

    # -- client and channels -------------------------------------------------------------

    def _connect_client(self) -> None:
        """Use the imported (or demo) client secrets, or show the welcome page."""
        client: DesktopClient | None = None
        if self.paths.secrets_file.exists():
            try:
                client = self.services.client(
                    self.store, self.endpoints, transport=self.transport, meter=self.meter
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
        self._active_changed(self.accounts.active or "")

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

    def _active_changed(self, _channel_id: str) -> None:
        context = self.accounts.active_context()
        self.builder.set_channel(context)
        self._fill_switch_menu()
        self._update_actions()
        if context is not None and context.monetised is False:
            self.show_status(
                f"Revenue metrics are hidden for {context.title}: Google says the channel is "
                "not monetised (not in the YouTube Partner Program)."
            )
        elif context is not None and context.scopes and not context.monetary:
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
        self.close_others_action.setEnabled(len(self.runner.panes) > 1)
        self.close_all_action.setEnabled(bool(self.runner.panes))
        self.export_csv_action.setEnabled(pane is not None)
        self.export_json_action.setEnabled(pane is not None)
        self.central.setVisible(not self.runner.panes)

    def reconnect_active(self) -> None:
        account = self.accounts.account(self.accounts.active or "")
        if account is not None:
            self.accounts.add_channel(reconnect=account)

    def confirm_sign_out(self) -> None:
        account = self.accounts.account(self.accounts.active or "")
        if account is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Sign out",
            f"Sign out of {account.title}? Google is asked to revoke the app's access and "
            "the saved sign-in is deleted. Open report panes stay as they are.",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("signOutPrompt")
        sign_out = box.addButton("Sign out", QMessageBox.ButtonRole.AcceptRole)
        before = self.reach.offer_job_deletion(box, account.channel_id)

        def answered() -> None:
            if box.clickedButton() is sign_out:
                self.accounts.sign_out(account.channel_id, before=before())

        box.finished.connect(answered)
        self.sign_out_box = box
        box.open()

    # -- reports -----------------------------------------------------------------------

    def run_query(self, query: catalogue.Query) -> None:
        """The builder's Run: fetch for the active channel, replacing the current pane's
        report when that pane is of the active channel (or after New report: a new pane)."""
        new_pane, self._next_run_new_pane = self._next_run_new_pane, False
        self.runner.run(query, new_pane=new_pane, derived=tuple(self.builder.derived.checked()))
        self.settings.last_query = self.builder.to_settings()
        self.save_settings()
        self._update_actions()

    def run_query_in_new_pane(self, query: catalogue.Query) -> None:
        """Run in new pane: the current pane keeps its report."""
        self._next_run_new_pane = True
        self.run_query(query)

    def new_report(self) -> None:
        """Bring up the builder; the next run opens a new pane."""
        self._next_run_new_pane = True
        self.builder_dock.show()
        self.builder_dock.raise_()
        self.builder.setFocus()

    # -- misc --------------------------------------------------------------------------

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    def set_watch_time_minutes(self, minutes: bool) -> None:
        """View > Watch time in minutes: open tables and charts follow at once."""
        set_watch_time_unit("minutes" if minutes else "hours")
        self.settings.watch_time_minutes = minutes
        self.save_settings()

    def open_demo(self) -> None:
        """Try the demo: its own window in this process (see ``assemble``)."""
        if self.demo_opener is None:
            return
        try:
            self.demo_opener()
        except Exception as error:  # a busy folder, a sandbox that cannot listen
            _log.warning("the demo could not be started: %s", error)
            self.show_status(f"The demo could not be started: {error}")

    def reset_layout(self) -> None:
        """The builder's and the window's state as on a first run (Demo > Reset demo)."""
        self.builder.from_settings(self._default_builder)
        self.restoreState(self._default_state, STATE_VERSION)

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
        """Write a snapshot of the settings on the settings writer (so the GUI goes on).

        The writer is one thread taking saves in order: the file always ends up with
        the latest snapshot, never an older one written late.
        """
        for closed in self.on_close:
            closed()
        self.on_close.clear()
        snapshot, file = self.settings.snapshot(), self.paths.settings_file
        submit(
            lambda _ctx: snapshot.save(file),
            on_error=self._save_failed,
            owner=self,
            lane=Lane.SETTINGS,
        )

    def _save_failed(self, failure: TaskFailure) -> None:
        if isinstance(failure.error, OSError):
            self.show_status(f"The settings could not be saved: {failure.error}")
        else:
            show_crash(failure.error, failure.details)

    def closeEvent(self, event: QCloseEvent) -> None:
        for pane in list(self.runner.panes):
            if pane.task is not None:
                pane.task.cancel()
        if self.accounts.dialog is not None:
            self.accounts.dialog.cancel()  # ends its browser wait and closes the loopback port
        self.settings.geometry = bytes(self.saveGeometry().data())
        if self.client is not None:  # on the welcome page the builder is hidden on purpose
            self.settings.open_panes = saved_panes(self.runner)  # renames them, for saveState
            self.settings.window_state = bytes(self.saveState(STATE_VERSION).data())
        self.settings.last_query = self.builder.to_settings()
        for closed in self.on_close:
            closed()
        self.on_close.clear()
        snapshot, file = self.settings.snapshot(), self.paths.settings_file

        def last_write(_ctx: TaskContext) -> None:
            try:
                snapshot.save(file)
            except OSError as error:  # the event loop is ending: nobody to tell but the log
                _log.warning("the settings could not be saved: %s", error)

        # Behind the saves still queued, so that none of them lands after it.
        if not submit(last_write, lane=Lane.SETTINGS).wait_finished(CLOSE_WAIT):
            _log.warning("the settings writer did not finish within %g s", CLOSE_WAIT)
        super().closeEvent(event)
