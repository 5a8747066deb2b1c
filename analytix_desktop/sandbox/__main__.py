"""``python -m analytix_desktop.sandbox``: serve the sandbox on a loopback port until stopped."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from .server import Sandbox

__all__ = ["main"]

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analytix_desktop.sandbox",
        description="A local stand-in for Google's OAuth and YouTube Analytics APIs. "
        "Prints its root URL as the first line of output, then serves until interrupted.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind")
    parser.add_argument("--port", type=int, default=0, help="port to bind (0: any free port)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic data")
    parser.add_argument(
        "--auto-consent",
        action="store_true",
        help="approve every authorization request at once, without the consent page",
    )
    parser.add_argument(
        "--write-secrets",
        type=Path,
        metavar="PATH",
        help="write an installed-app client secrets file pointing at the sandbox",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the sandbox until SIGINT or SIGTERM; 0 on a clean stop."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.host not in LOOPBACK_HOSTS:
        parser.error(
            f"--host {args.host}: the sandbox binds to loopback only ({', '.join(LOOPBACK_HOSTS)})"
        )
    if not 0 <= args.port <= 65535:
        parser.error(f"--port {args.port}: must be between 0 and 65535")
    try:
        sandbox = Sandbox(
            seed=args.seed, auto_consent=args.auto_consent, host=args.host, port=args.port
        )
    except OSError as error:
        print(
            f"sandbox: cannot listen on {args.host}:{args.port}: {error.strerror}", file=sys.stderr
        )
        return 1

    stop = threading.Event()

    def _on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    sandbox.start()
    try:
        if args.write_secrets is not None:
            try:
                sandbox.write_secrets(args.write_secrets)
            except OSError as error:
                print(
                    f"sandbox: cannot write {args.write_secrets}: {error.strerror}", file=sys.stderr
                )
                return 1
        # The first line is the contract with scripts and tests: flush it at once.
        print(sandbox.url, flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        sandbox.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


if __name__ == "__main__":
    sys.exit(main())
