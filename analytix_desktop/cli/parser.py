"""The command line's grammar: subcommands, options and the exit codes its help documents.

Light on purpose (argparse only): ``__main__`` reads :data:`SUBCOMMANDS` to tell a
command-line run from the GUI's start without importing the rest of the app.
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

__all__ = ["EXIT_CODES", "FORMATS", "PROG", "SUBCOMMANDS", "build_parser"]

PROG = "analytix-desktop"
SUBCOMMANDS = ("secrets", "channels", "reports", "export")
FORMATS = ("csv", "tsv", "json", "xlsx")

EXIT_CODES = """\
exit codes:
  0    success
  1    anything else (a file that cannot be written, the local store, ...)
  2    usage error, or an invalid query or report definition (no request is made)
  3    authorisation needed: no client secrets, no sign-in for the channel, or a
       revoked or expired sign-in (run "channels add" again)
  4    Google or the network failed (after retries)
  130  interrupted (Ctrl+C); nothing is written
"""

_DESCRIPTION = (
    "Run YouTube Analytics reports without the window, with the app's channels (keyring), "
    "client secrets and local report store."
)


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line (with a pointer to --help), exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


if TYPE_CHECKING:
    _Commands = argparse._SubParsersAction[_Parser]


def _config_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config-dir",
        type=Path,
        metavar="DIR",
        help="use the settings, client secrets and report store kept in DIR "
        "(as the app's --config-dir)",
    )


def _command(commands: _Commands, name: str, text: str) -> _Parser:
    parser = commands.add_parser(
        name,
        help=text,
        description=textwrap.fill(text, 79),
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _config_dir(parser)
    return parser


def _secrets(commands: _Commands) -> None:
    group = commands.add_parser("secrets", help="manage the OAuth client secrets file")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    imported = _command(
        actions, "import", "check a Desktop-app client secrets file and keep a copy (0600)"
    )
    imported.add_argument("file", type=Path, metavar="FILE")


def _channels(commands: _Commands) -> None:
    group = commands.add_parser("channels", help="connect, list and remove channels")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    _command(
        actions,
        "add",
        "sign in with Google in a browser (BROWSER is honoured; the link is printed too)",
    )
    _command(actions, "list", "print each connected channel: id, a tab, its title")
    removed = _command(
        actions, "remove", "revoke a channel's access at Google and forget its sign-in"
    )
    removed.add_argument("channel", metavar="CHANNEL", help="a channel id or unambiguous title")


def _reports(commands: _Commands) -> None:
    group = commands.add_parser("reports", help="saved reports")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    _command(actions, "list", "print each saved report: name, channel, range (tab-separated)")


def _export(commands: _Commands) -> None:
    parser = _command(
        commands,
        "export",
        "run a saved report or a definition file for a channel and write it to a file "
        "(served from the local store when it may be: no quota spent twice)",
    )
    parser.add_argument(
        "--channel",
        required=True,
        metavar="CHANNEL",
        help="a channel id or unambiguous title (case-insensitive)",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--saved", metavar="NAME", help="the saved report of that name")
    source.add_argument(
        "--definition", type=Path, metavar="FILE", help="a JSON report definition file"
    )
    parser.add_argument(
        "--output",
        required=True,
        type=Path,
        metavar="PATH",
        help="the file to write; replaced only once the whole report is written",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="default: from PATH's suffix; json is always the API's own JSON",
    )
    parser.add_argument("--start", metavar="YYYY-MM-DD", help="instead of the range's start")
    parser.add_argument("--end", metavar="YYYY-MM-DD", help="instead of the range's end")
    parser.add_argument(
        "--raw",
        action="store_true",
        help="write the API's values exactly (default: the table as the app shows it)",
    )
    parser.add_argument(
        "--refresh", action="store_true", help="fetch from Google even when the store has it"
    )


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``analytix-desktop SUBCOMMAND ...``."""
    parser = _Parser(
        prog=PROG,
        description=textwrap.fill(_DESCRIPTION, 79),
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _secrets(commands)
    _channels(commands)
    _reports(commands)
    _export(commands)
    return parser
