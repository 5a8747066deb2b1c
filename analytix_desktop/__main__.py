"""``analytix-desktop`` and ``python -m analytix_desktop``: open the main window, or run
one of the command line's subcommands (``analytix-desktop export ...``) without it."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .cli.parser import SUBCOMMANDS

__all__ = ["main", "parse_args"]


_COMMANDS_HELP = f"""\
without the window (no display needed):
  analytix-desktop {{{",".join(SUBCOMMANDS)}}} ...
    secrets import FILE        import an OAuth client secrets file
    channels add|list|remove   connect, list or remove channels
    reports list               list the saved reports
    export --channel CHANNEL (--saved NAME | --definition FILE | --reach BY) --output PATH
                               write a report to a file
    reach enable|sync|status|disable
                               impressions and click-through rate (Reporting API)
  "analytix-desktop COMMAND --help" tells more, exit codes included.
"""


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="analytix-desktop",
        description="Build YouTube Analytics reports point-and-click.",
        epilog=_COMMANDS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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


def _run_command(argv: Sequence[str]) -> int:
    """A command-line run: no Qt application, no window."""
    from .api.endpoints import Endpoints
    from .api.errors import InvalidEndpoint
    from .cli import main as cli_main

    try:
        endpoints = Endpoints.from_environment()  # the one reading of the environment
    except InvalidEndpoint as error:
        print(f"analytix-desktop: {error}", file=sys.stderr)
        return 2
    return cli_main(argv, endpoints=endpoints)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand, or the app until its window closes; the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in SUBCOMMANDS:
        return _run_command(arguments)
    args = parse_args(arguments)
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
    from .gui.assemble import assemble, assemble_demo
    from .store.paths import AppPaths
    from .store.tokens import TokenStore

    app = create_app()
    install_excepthook()
    uninstall_signal_handlers = install_signal_handlers(app)
    try:
        if args.demo:
            assembly = assemble_demo(args.config_dir)
        else:
            folder = args.config_dir
            paths = AppPaths.default() if folder is None else AppPaths.under(folder)
            assembly = assemble(paths, store=TokenStore(), endpoints=endpoints, config_dir=folder)
        try:
            assembly.window.show()
            return app.exec()
        finally:
            assembly.stop()
    finally:
        uninstall_signal_handlers()


if __name__ == "__main__":
    raise SystemExit(main())
