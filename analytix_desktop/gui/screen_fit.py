"""Keeping the main window on a screen, whatever its size and scale factor."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

__all__ = ["PREFERRED_SIZE", "fit_size", "keep_on_screen"]

PREFERRED_SIZE = QSize(1280, 800)
# Room for the window manager's frame and title bar, which are unknown until shown.
_FRAME_ALLOWANCE = QSize(16, 48)


def _screen_of(window: QWidget) -> QScreen:
    screen = QGuiApplication.screenAt(window.frameGeometry().center())
    return screen or window.screen() or QGuiApplication.primaryScreen()


def fit_size(window: QWidget, wanted: QSize = PREFERRED_SIZE) -> QSize:
    """``wanted``, made small enough for the available part of the window's screen."""
    available = _screen_of(window).availableGeometry().size() - _FRAME_ALLOWANCE
    return wanted.boundedTo(available).expandedTo(window.minimumSizeHint().boundedTo(available))


def keep_on_screen(window: QWidget) -> None:
    """Shrink the window into its screen's available area and move it fully inside.

    A window on no screen at all (a restored geometry of a monitor since unplugged) is
    centred on the primary screen.
    """
    frame = window.frameGeometry()
    on_screen = any(s.availableGeometry().intersects(frame) for s in QGuiApplication.screens())
    screen = _screen_of(window) if on_screen else QGuiApplication.primaryScreen()
    available = screen.availableGeometry()
    extra = frame.size() - window.size()  # the frame around the client area
    size = window.size().boundedTo(available.size() - extra)
    if size != window.size():
        window.resize(size)
    width, height = size.width() + extra.width(), size.height() + extra.height()
    if on_screen:
        left = _clamp(frame.left(), available.left(), available.right() + 1 - width)
        top = _clamp(frame.top(), available.top(), available.bottom() + 1 - height)
    else:
        left = available.center().x() - width // 2
        top = available.center().y() - height // 2
    if (left, top) != (frame.left(), frame.top()):
        window.move(left, top)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))
