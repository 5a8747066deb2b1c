"""Report panes across restarts, and the context menu of their tabs."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QMainWindow, QMenu, QTabBar

from .builder.settings import derived_from_settings, query_from_settings, settings_from_query
from .runner import Pane, ReportRunner

__all__ = ["PaneTabMenus", "pane_name", "restore_panes", "saved_panes"]


def pane_name(index: int) -> str:
    """The object name of the ``index``-th saved pane, which the saved layout refers to."""
    return f"report-{index + 1}"


def saved_panes(runner: ReportRunner) -> list[dict[str, Any]]:
    """The open panes as JSON-able data, renaming their docks ``report-1``.. in that order.

    Call just before ``saveState``: the layout then names the panes as they will be
    named when ``restore_panes`` reopens them.
    """
    saved: list[dict[str, Any]] = []
    for pane in runner.panes:
        if pane.query is None:
            continue
        pane.dock.setObjectName(pane_name(len(saved)))
        query = settings_from_query(pane.query, tab="", preset="", derived=pane.derived)
        saved.append({"channel": pane.channel_id, "query": query})
    return saved


def restore_panes(runner: ReportRunner, saved: list[Any]) -> list[str]:
    """Fetch each saved pane again, in order, for channels still connected; the warnings.

    A malformed entry is skipped with a warning; a pane of a channel signed out since
    is dropped quietly. Pane ``i`` is named ``pane_name(i)`` whatever was skipped.
    """
    warnings: list[str] = []
    for index, item in enumerate(saved):
        channel_id = item.get("channel") if isinstance(item, dict) else None
        saved_query = item.get("query") if isinstance(item, dict) else None
        query, _tab, _preset = query_from_settings(saved_query)
        if not isinstance(channel_id, str) or query is None or not query.metrics:
            warnings.append(f"Report pane {index + 1} of the last session could not be reopened.")
            continue
        if runner.accounts.account(channel_id) is not None:
            runner.open(
                channel_id,
                query,
                name=pane_name(index),
                stored_ok=True,
                derived=derived_from_settings(saved_query),
            )
    return warnings


class PaneTabMenus(QObject):
    """A context menu on the tabs of tabbed report panes: close, close others, close all.

    Qt creates the tab bars of tabbed docks as it needs them: ``attach`` (after every
    change of the panes) gives each new one the menu.
    """

    def __init__(self, window: QMainWindow, runner: ReportRunner) -> None:
        super().__init__(window)
        self.window = window
        self.runner = runner
        self.menu: QMenu | None = None  # the last one shown (tests)

    def attach(self) -> None:
        for bar in self.window.findChildren(QTabBar):
            if bar.parent() is self.window and not bar.property("paneMenu"):
                bar.setProperty("paneMenu", True)
                bar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
                bar.customContextMenuRequested.connect(
                    lambda point, bar=bar: self.open_menu(bar, point)
                )

    def pane_at(self, bar: QTabBar, point: QPoint) -> Pane | None:
        """The pane whose tab is at ``point`` (Qt keeps each dock's address as tab data)."""
        index = bar.tabAt(point)
        if index < 0:
            return None
        address = bar.tabData(index)
        return next(
            (p for p in self.runner.panes if shiboken6.getCppPointer(p.dock)[0] == address), None
        )

    def open_menu(self, bar: QTabBar, point: QPoint) -> None:
        pane = self.pane_at(bar, point)
        if pane is None:
            return
        menu = QMenu(bar)
        menu.setObjectName("paneTabMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction("&Close", pane.dock.close)
        others = menu.addAction("Close &others", lambda: self.runner.close_others(pane))
        others.setEnabled(len(self.runner.panes) > 1)
        menu.addAction("Close &all", self.runner.close_all)
        self.menu = menu
        menu.popup(bar.mapToGlobal(point))
