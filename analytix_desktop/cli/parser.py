"""The command line's grammar: subcommands, options and the exit codes its help documents.

Light on purpose (argparse only): ``__main__`` reads :data:`SUBCOMMANDS` to tell a
command-line run from the GUI's start without importing the rest of the app.
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

__all__ = ["EXIT_CODES", "FORMATS", "PROG", "REACH_TABLES", "SUBCOMMANDS", "build_parser"]

PROG = "analytix-desktop"
SUBCOMMANDS = ("secrets", "channels", "reports", "export", "reach")
FORMATS = ("csv", "tsv", "json", "xlsx")
REACH_TABLES = ("day", "video", "traffic-source")
"""What ``export --reach`` breaks the reach table down by."""

EXIT_CODES = """\
exit codes:
  0    success
  1    anything else (a file that cannot be written, the local store, ...)
  2    usage error, or an invalid query or report definition (no request is made)
  3    authorisation needed: no client secrets, no sign-in for the channel, or a
       revoked or expired sign-in (run "channels add" again)
  4    Google or the network failed (after retries); for "reach sync": a report
       could not be downloaded (the next sync tries it again)
  130  interrupted (Ctrl+C); nothing is written (a sync keeps the reports it
       downloaded before)
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


def _channel_option(parser: argparse.ArgumentParser, *, required: bool, text: str) -> None:
    parser.add_argument(
        "--channel",
        required=required,
        metavar="CHANNEL",
        help=f"a channel id or unambiguous title (case-insensitive){text}",
    )


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
    removed.add_argument(
        "--delete-reach-jobs",
        action="store_true",
        help="first delete the channel's reach reporting jobs at YouTube (without it they "
        "remain, and YouTube goes on publishing their reports)",
    )


def _reports(commands: _Commands) -> None:
    group = commands.add_parser("reports", help="saved reports")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    _command(actions, "list", "print each saved report: name, channel, range (tab-separated)")


def _export(commands: _Commands) -> None:
    parser = _command(
        commands,
        "export",
        "run a saved report or a definition file for a channel and write it to a file "
        "(served from the local store when it may be: no quota spent twice), or write "
        "its reach table from the reach reports in the local store",
    )
    _channel_option(parser, required=True, text="")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--saved", metavar="NAME", help="the saved report of that name")
    source.add_argument(
        "--definition", type=Path, metavar="FILE", help="a JSON report definition file"
    )
    source.add_argument(
        "--reach",
        choices=REACH_TABLES,
        metavar="BY",
        help="impressions and click-through rate by BY (day, video or traffic-source) from "
        'the reach reports "reach sync" downloaded: no request is made; default range: '
        "the last 28 days the store covers; exit 1 when none are stored",
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
        "--refresh",
        action="store_true",
        help="fetch from Google even when the store has it (not with --reach)",
    )


def _reach(commands: _Commands) -> None:
    group = commands.add_parser(
        "reach",
        help="impressions and click-through rate: YouTube Reporting API jobs and daily reports",
    )
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    enabled = _command(
        actions,
        "enable",
        "turn reach reports on for a channel: create its reporting jobs at YouTube (only "
        "those missing). YouTube publishes the first daily reports about 48 hours later, "
        "with the 30 days before.",
    )
    _channel_option(enabled, required=True, text="")
    synced = _command(
        actions,
        "sync",
        "download the daily reach reports YouTube published since the last sync into the "
        "local store (never one twice). Run it daily, from cron for instance: YouTube keeps "
        "each report 60 days, the first 30-day backfill only 30. Quiet unless stderr is a "
        "terminal or something needs attention (a download that failed, reports that "
        "expired, reach reports not turned on for a channel named with --channel); a "
        "failed download is retried at the next sync and makes the exit status 4.",
    )
    _channel_option(synced, required=False, text="; default: every connected channel")
    status = _command(
        actions,
        "status",
        "print, from the local store (no request), each channel's reach jobs, the days "
        "its stored reports cover and the days missing, with why",
    )
    _channel_option(status, required=False, text="; default: every connected channel")
    disabled = _command(
        actions,
        "disable",
        "turn reach reports off: delete the channel's reporting jobs at YouTube (the "
        "reports already downloaded stay in the local store)",
    )
    _channel_option(disabled, required=True, text="")


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
    _reach(commands)
    return parser
