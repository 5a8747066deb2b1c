"""``analytix-desktop`` and ``python -m analytix_desktop``: open the main window."""

from __future__ import annotations

import argparse
import gc
import logging
from collections.abc import Sequence
from pathlib import Path

from . import __version__

__all__ = ["main", "parse_args"]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="analytix-desktop", description="Build YouTube Analytics reports point-and-click."
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use made-up channels served by a local sandbox (no Google account needed)",
    )
    parser.add_argument(
        "--config-dir",
        type=Path,
        metavar="DIR",
        help="keep settings, client secrets and caches in DIR instead of the user's folders",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check offscreen, against the demo, that the app works end to end, then exit",
    )
    parser.add_argument("--version", action="version", version=f"analytix-desktop {__version__}")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app until its window closes; the exit status."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.self_test:
        # Before any Qt import: the self-test sets the offscreen platform itself.
        from .selftest import run_self_test

        return run_self_test([])
    # Qt is imported only now, so that --help and --version stay fast.
    from .gui.app import create_app, install_excepthook, install_signal_handlers
    from .gui.demo import DEMO_SERVICE, Demo
    from .gui.main_window import MainWindow
    from .store.paths import AppPaths, demo_folder
    from .store.settings import Settings
    from .store.tokens import TokenStore

    app = create_app()
    install_excepthook()
    uninstall_signal_handlers = install_signal_handlers(app)
    demo = Demo(demo_folder(args.config_dir)) if args.demo else None
    if demo is not None:
        paths = demo.start()
        store = TokenStore(DEMO_SERVICE)  # apart from the real channels' sign-ins
    else:
        paths = AppPaths.default() if args.config_dir is None else AppPaths.under(args.config_dir)
        store = TokenStore()
    try:
        window = MainWindow(
            paths,
            Settings.load(paths.settings_file),
            store=store,
            demo=demo is not None,
            demo_control=demo,
            config_dir=args.config_dir,
        )
        window.show()
        # The long-lived heap goes to the permanent generation: later collections walk only
        # new objects, so none of them stalls the GUI thread for tens of milliseconds.
        gc.freeze()
        return app.exec()
    finally:
        uninstall_signal_handlers()
        if demo is not None:
            demo.stop()


if __name__ == "__main__":
    raise SystemExit(main())
