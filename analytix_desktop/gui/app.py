"""The QApplication: names, icons, high-DPI policy and the crash dialog hook."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from .. import __version__
from ..store.paths import APP_NAME
from .collector import collect_on_gui_thread
from .crash import CrashDialog

__all__ = ["create_app", "icon", "install_excepthook", "show_crash"]

_ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
_log = logging.getLogger(__name__)
_open_dialogs: set[CrashDialog] = set()


def icon(name: str) -> QIcon:
    """An icon from ``resources/icons`` (SVG, so sharp at any scale)."""
    return QIcon(str(_ICONS / f"{name}.svg"))


def create_app(argv: Sequence[str] | None = None) -> QApplication:
    """The application object (the existing one when there is one, as under pytest-qt)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        # Fractional scale factors (150 %) render at their true size, not rounded.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(list(argv if argv is not None else sys.argv[:1]))
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setApplicationDisplayName("analytix-desktop")
    QGuiApplication.setDesktopFileName(APP_NAME)
    app.setWindowIcon(icon("app"))
    collect_on_gui_thread(app)
    return app


def show_crash(error: BaseException, details: str | None = None) -> None:
    """Show the crash dialog for ``error`` (from the GUI thread)."""
    text = details or "".join(traceback.format_exception(error))
    parent = QApplication.activeWindow()
    dialog = CrashDialog(f"{type(error).__name__}: {error}", text, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    # Without a parent nothing else holds the dialog while it is open.
    _open_dialogs.add(dialog)
    dialog.finished.connect(lambda _result: _open_dialogs.discard(dialog))
    dialog.open()


def install_excepthook() -> None:
    """Route uncaught exceptions on the GUI thread to the copyable crash dialog."""

    def hook(
        kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        details = "".join(traceback.format_exception(kind, error, trace))
        _log.error("unexpected error\n%s", details)
        # Shown from the event loop, not from inside whatever slot raised.
        QTimer.singleShot(0, lambda: show_crash(error, details))

    sys.excepthook = hook
