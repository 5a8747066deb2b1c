"""The main window's actions, menus and tool bars (the demo's menu among them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar

from .accounts import ChannelSwitcher
from .app import icon
from .demo_menu import DemoMenu

if TYPE_CHECKING:
    from .main_window import MainWindow

__all__ = ["build_actions", "build_menus", "build_tool_bars"]


def _action(
    window: MainWindow,
    text: str,
    slot: Callable[[], object],
    shortcuts: tuple[QKeySequence.StandardKey | str, ...] = (),
    icon_name: str = "",
) -> QAction:
    action = QAction(text, window)
    if icon_name:
        action.setIcon(icon(icon_name))
    if shortcuts:
        action.setShortcuts([QKeySequence(key) for key in shortcuts])
    action.setToolTip(text.replace("...", "").replace("&", ""))
    action.triggered.connect(slot)
    return action


def build_actions(window: MainWindow) -> None:
    """Create the window's actions as its attributes (``window.run_action``, ...)."""
    key = QKeySequence.StandardKey
    w = window
    w.new_report_action = _action(w, "&New report", w.new_report, (key.New,), "new-report")
    w.export_csv_action = _action(
        w, "Export &CSV...", lambda: w.runner.export_current("csv"), ("Ctrl+E",), "export"
    )
    w.export_json_action = _action(
        w, "Export &JSON...", lambda: w.runner.export_current("json"), ("Ctrl+Shift+E",)
    )
    w.close_pane_action = _action(w, "&Close pane", w.runner.close_current, (key.Close,), "close")
    w.close_others_action = _action(w, "Close &other panes", lambda: w.runner.close_others())
    w.close_all_action = _action(w, "Close a&ll panes", w.runner.close_all)
    w.quit_action = _action(w, "&Quit", w.close, (key.Quit,), "quit")
    w.run_action = _action(w, "&Run", w.builder.request_run, ("Ctrl+Return", "Ctrl+Enter"), "run")
    w.run_action.setToolTip("Run the report in the current pane")
    w.run_new_pane_action = _action(
        w,
        "Run in &new pane",
        w.builder.request_run_in_new_pane,
        ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"),
    )
    w.cancel_action = _action(w, "&Cancel", lambda: w.runner.cancel(), ("Esc",), "cancel")
    w.add_channel_action = _action(
        w, "&Add channel...", lambda: w.accounts.add_channel(), (), "add-channel"
    )
    w.sign_out_action = _action(w, "&Sign out...", w.confirm_sign_out, (), "sign-out")
    w.reconnect_action = _action(w, "&Reconnect channel...", w.reconnect_active)
    w.about_action = _action(w, "&About analytix-desktop", w.show_about, (), "about")
    # Not the dock's toggleViewAction: Qt disables that one for docks that cannot close.
    w.show_builder_action = _action(
        w,
        "Report &builder",
        lambda: w.builder_dock.setVisible(w.show_builder_action.isChecked()),
        ("Ctrl+B",),
    )
    w.show_builder_action.setCheckable(True)
    w.builder_dock.visibilityChanged.connect(
        lambda _visible: w.show_builder_action.setChecked(not w.builder_dock.isHidden())
    )
    w.watch_minutes_action = _action(
        w,
        "Watch time in &minutes",
        lambda: w.set_watch_time_minutes(w.watch_minutes_action.isChecked()),
    )
    w.watch_minutes_action.setCheckable(True)
    w.watch_minutes_action.setChecked(w.settings.watch_time_minutes)


def build_menus(window: MainWindow) -> None:
    w = window
    bar = w.menuBar()
    file = w.file_menu = bar.addMenu("&File")
    file.addActions([w.new_report_action, w.export_csv_action, w.export_json_action])
    file.addSeparator()
    file.addActions([w.close_pane_action, w.close_others_action, w.close_all_action])
    file.addSeparator()
    file.addAction(w.quit_action)
    report = w.report_menu = bar.addMenu("&Report")
    report.addActions([w.run_action, w.run_new_pane_action, w.cancel_action])
    channels = bar.addMenu("&Channels")
    channels.addAction(w.add_channel_action)
    w.switch_menu = channels.addMenu("S&witch to")
    w.switch_group = QActionGroup(w)
    channels.addActions([w.reconnect_action, w.sign_out_action])
    view = w.view_menu = bar.addMenu("&View")
    view.addAction(w.show_builder_action)
    view.addAction(w.watch_minutes_action)
    w.demo_menu = DemoMenu(w) if w.demo else None
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(w.about_action)


def build_tool_bars(window: MainWindow) -> None:
    w = window
    if w.demo:
        banner = QToolBar("Demo", w)
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
        w.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)
        w.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    tools = QToolBar("Main", w)
    tools.setObjectName("mainToolBar")
    tools.addActions([w.new_report_action, w.run_action, w.run_new_pane_action, w.cancel_action])
    tools.addSeparator()
    w.switcher = ChannelSwitcher(w.accounts)
    tools.addWidget(QLabel(" Channel: "))
    tools.addWidget(w.switcher)
    tools.addAction(w.add_channel_action)
    tools.addSeparator()
    tools.addAction(w.export_csv_action)
    w.addToolBar(Qt.ToolBarArea.TopToolBarArea, tools)
    w.statusBar().setObjectName("statusBar")
