"""``analytix-desktop`` and ``python -m analytix_desktop``: open the main window."""

from __future__ import annotations

import argparse
import logging
import sys
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
    from .api.endpoints import Endpoints
    from .api.errors import InvalidEndpoint

    try:
        # The one reading of the environment; the demo brings endpoints of its own.
        endpoints = None if args.demo else Endpoints.from_environment()
    except InvalidEndpoint as error:
        print(f"analytix-desktop: {error}", file=sys.stderr)
        return 2
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
        endpoints = demo.endpoints
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
            endpoints=endpoints,
        )
        window.show()
        return app.exec()
    finally:
        uninstall_signal_handlers()
        if demo is not None:
            demo.stop()


if __name__ == "__main__":
    raise SystemExit(main())
