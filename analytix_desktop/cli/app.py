"""``analytix-desktop COMMAND ...``: dispatch, documented exit codes, clean interrupts."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from ..api.endpoints import Endpoints
from ..core.services import Services, open_services
from ..store.paths import AppPaths
from ..store.settings import Settings
from .channels import add_channel, import_secrets_file, list_channels, remove_channel
from .export import export, list_saved
from .failures import OK, describe, exit_code
from .parser import PROG, build_parser
from .progress import ProgressLine
from .reach import disable_reach, enable_reach, export_reach, reach_status, sync_reach

__all__ = ["main"]


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (systemd stopping a run) unwinds like Ctrl+C: temporary files go."""
    try:
        previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _logged_to(stream: TextIO) -> Iterator[None]:
    """The app's warnings (a store worked around, a revocation failed) as plain lines."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(f"{PROG}: warning: %(message)s"))
    handler.setLevel(logging.WARNING)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)


def _run(
    args: argparse.Namespace,
    services: Services,
    endpoints: Endpoints | None,
    progress: ProgressLine,
    out: TextIO,
) -> int:
    """Run the command; the exit status of one that ends without raising."""
    paths = services.paths
    command = (args.command, getattr(args, "action", None))
    if command == ("secrets", "import"):
        import_secrets_file(paths, args.file, progress.stream)
    elif command == ("channels", "add"):
        add_channel(services, endpoints, progress, out)
    elif command == ("channels", "list"):
        list_channels(paths, out)
    elif command == ("channels", "remove"):
        remove_channel(services, endpoints, args.channel, progress, args.delete_reach_jobs)
    elif command == ("reports", "list"):
        list_saved(services, Settings.load(paths.settings_file), out)
    elif command == ("reach", "enable"):
        enable_reach(services, endpoints, args.channel, progress)
    elif command == ("reach", "sync"):
        return sync_reach(services, endpoints, args.channel, progress)
    elif command == ("reach", "status"):
        reach_status(services, args.channel, out)
    elif command == ("reach", "disable"):
        disable_reach(services, endpoints, args.channel, progress)
    elif args.reach is not None:
        return export_reach(args, services, progress)
    else:
        export(args, services, endpoints, progress)
    return OK


def main(
    argv: Sequence[str],
    *,
    endpoints: Endpoints | None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run one command; the exit status (see ``--help``). ``endpoints``: where Google
    is (read once from the environment by ``__main__``; None: Google's own)."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = build_parser().parse_args(list(argv))
    except SystemExit as stop:  # --help, or a usage error already printed
        return stop.code if isinstance(stop.code, int) else 2
    paths = AppPaths.default() if args.config_dir is None else AppPaths.under(args.config_dir)
    progress = ProgressLine(err)
    services = open_services(paths)
    try:
        with _terminate_as_interrupt(), _logged_to(err):
            return _run(args, services, endpoints, progress, out)
    except (Exception, KeyboardInterrupt) as error:
        progress.control.cancel()
        progress.clear()
        err.write(f"{PROG}: {describe(error)}\n")
        return exit_code(error)
    finally:
        services.close()
