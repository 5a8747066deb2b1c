"""The one place that puts the application together, for ``main``, the self-test and tests.

A config folder, a token store and the endpoints in use make a main window; ``--demo``
adds its in-process sandbox, its own folder and its own keyring service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from ..api.endpoints import Endpoints
from ..store.paths import AppPaths, demo_folder
from ..store.settings import Settings
from ..store.tokens import TokenStore
from .demo import DEMO_SERVICE, Demo
from .main_window import MainWindow

if TYPE_CHECKING:
    from ..api.transport import Transport

__all__ = ["Assembly", "assemble", "assemble_demo"]


@dataclass
class Assembly:
    """The main window and what must be stopped once it has closed."""

    window: MainWindow
    stops: list[Callable[[], None]] = field(default_factory=list)

    def stop(self) -> None:
        for stop in reversed(self.stops):
            stop()
        self.stops.clear()


def assemble(
    paths: AppPaths,
    *,
    store: TokenStore,
    endpoints: Endpoints | None = None,
    demo: Demo | None = None,
    demo_banner: bool = False,
    config_dir: Path | None = None,
    transport: Transport | None = None,
) -> Assembly:
    """The main window (not shown yet) on ``paths``' settings, ``store`` and ``endpoints``.

    Its "Try the demo" opens the demo in a window of its own, in this process.
    """
    window = MainWindow(
        paths,
        Settings.load(paths.settings_file),
        store=store,
        demo=demo_banner or demo is not None,
        demo_control=demo,
        config_dir=config_dir,
        transport=transport,
        endpoints=endpoints,
    )
    if demo is None:
        window.demo_opener = lambda: _open_demo_beside(window, config_dir)
    return Assembly(window)


def _open_demo_beside(window: MainWindow, config_dir: Path | None) -> None:
    """Show the demo's window, started once; its sandbox stops when it closes."""
    if window.demo_window is None:
        assembly = assemble_demo(config_dir)

        def closed() -> None:
            assembly.stop()
            # Dropped once its close event is over: a later "Try the demo" starts anew.
            QTimer.singleShot(0, window, lambda: setattr(window, "demo_window", None))

        assembly.window.on_close.append(closed)
        window.demo_window = assembly.window  # kept alive by the window that opened it
    window.demo_window.show()
    window.demo_window.raise_()
    window.demo_window.activateWindow()


def assemble_demo(config_dir: Path | None = None) -> Assembly:
    """``--demo``: the sandbox started in this process, its folder and keyring service."""
    demo = Demo(demo_folder(config_dir))
    paths = demo.start()
    try:
        assembly = assemble(
            paths,
            store=TokenStore(DEMO_SERVICE),  # apart from the real channels' sign-ins
            endpoints=demo.endpoints,
            demo=demo,
            config_dir=config_dir,
        )
    except BaseException:
        demo.stop()
        raise
    assembly.stops.append(demo.stop)
    return assembly
