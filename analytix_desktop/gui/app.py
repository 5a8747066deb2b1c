"""The QApplication: names, icons, high-DPI policy, wheel guard, signals, crash dialog hook."""

from __future__ import annotations

import logging
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType, TracebackType

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

from .. import __version__
from ..store.paths import APP_NAME
from .crash import CrashDialog

__all__ = [
    "WheelGuard",
    "create_app",
    "icon",
    "install_excepthook",
    "install_signal_handlers",
    "install_wheel_guard",
    "show_crash",
]

_ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
_log = logging.getLogger(__name__)
_open_dialogs: set[CrashDialog] = set()
_QUIT_SIGNALS = (signal.SIGTERM, signal.SIGINT)


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
    return app


def install_wheel_guard() -> None:
    """Install the application's one WheelGuard (once), for the boxes there are already too.

    The main window installs it once it has been painted the first time: while the window
    is built and first painted, a Python event filter that sees every event would add
    tens of milliseconds, and no wheel can reach a box before the window shows.
    """
    app = QCoreApplication.instance()
    if app is None or app.findChild(WheelGuard) is not None:
        return
    app.installEventFilter(WheelGuard(app))
    for widget in QApplication.allWidgets():  # polished before the guard was there
        _take_no_wheel_focus(widget)


def _wheel_shy(watched: QObject) -> QWidget | None:
    """``watched`` when it is a combo box or spin box (date edits too), else None."""
    return watched if isinstance(watched, QComboBox | QAbstractSpinBox) else None


def _take_no_wheel_focus(watched: QObject) -> None:
    box = _wheel_shy(watched)
    if box is not None and box.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a wheel gives no focus


class WheelGuard(QObject):
    """The wheel scrolls past combo and spin boxes the user has not clicked.

    A wheel over a form must scroll the form, not change whichever value happens to
    be under the pointer; a focused box still takes the wheel.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish:
            _take_no_wheel_focus(watched)
            return False
        if kind != QEvent.Type.Wheel:
            return False
        box = _wheel_shy(watched)
        if box is None or box.hasFocus():
            return False
        assert isinstance(event, QWheelEvent)
        area = _scroll_area(box)
        if area is not None:
            QCoreApplication.sendEvent(area.viewport(), event)
        return True


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    """The nearest scroll area ``widget`` lies in (not its own popup list)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def install_signal_handlers(app: QApplication) -> Callable[[], None]:
    """SIGTERM and SIGINT close the windows and end the event loop, as File > Quit does.

    Python runs signal handlers only between bytecodes, never while Qt's loop waits in
    C++: a timer wakes the interpreter a few times a second. Returns the undoing function.
    """

    def handler(signum: int, _frame: FrameType | None) -> None:
        _log.info("signal %d: quitting", signum)
        # Posted, so that a signal that arrives before the loop starts still ends it.
        QTimer.singleShot(0, app, app.closeAllWindows)
        QTimer.singleShot(0, app, app.quit)

    previous = {number: signal.signal(number, handler) for number in _QUIT_SIGNALS}
    timer = QTimer(app)
    timer.setObjectName("signalWakeUp")
    timer.timeout.connect(lambda: None)
    timer.start(200)

    def uninstall() -> None:
        timer.stop()
        timer.deleteLater()
        for number, old in previous.items():
            signal.signal(number, old)

    return uninstall


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

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        details = "".join(traceback.format_exception(kind, error, trace))
        _log.error("unexpected error\n%s", details)
        # Shown from the event loop, not from inside whatever slot raised.
        QTimer.singleShot(0, lambda: show_crash(error, details))

    sys.excepthook = hook
