"""``export`` and ``reports list``: saved reports and definition files run from a shell.

Everything that can be checked locally (the channel, the definition, the query itself)
is checked before any request, so that a mistake costs no quota. Runs go through the
report history: a report fetched recently enough is served from the local store.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from ..api import catalogue
from ..api.dates import parse_day
from ..api.endpoints import Endpoints
from ..core.definitions import DefinitionError, ReportDefinition, read_definitions
from ..core.services import Services
from ..store.accounts import Account
from ..store.report_db import SavedReport
from ..store.settings import Settings
from .channels import find_channel, make_client
from .failures import UsageError
from .output import format_of, write_report
from .progress import ProgressLine

__all__ = ["export", "list_saved", "option_dates", "saved_definition"]

_log = logging.getLogger(__name__)
_MIB = 1024 * 1024


def _day(value: str | None, option: str) -> dt.date | None:
    try:
        return None if value is None else parse_day(value)
    except ValueError:
        raise UsageError(f"{option}: {value!r} is not a date (YYYY-MM-DD)") from None


def option_dates(args: argparse.Namespace) -> tuple[dt.date | None, dt.date | None]:
    """``--start`` and ``--end``, both or neither, in order; ``UsageError`` otherwise."""
    start, end = _day(args.start, "--start"), _day(args.end, "--end")
    if (start is None) != (end is None):
        raise UsageError("--start and --end go together: give both or neither")
    if start is not None and end is not None and start > end:
        raise UsageError(f"--start {start} is after --end {end}")
    return start, end


def _range_words(definition: ReportDefinition) -> str:
    if isinstance(definition.range, str):
        return definition.range
    start, end = definition.range
    return f"{start.isoformat()}..{end.isoformat()}"


def saved_definition(saved: SavedReport) -> ReportDefinition:
    """The saved report's definition, under the store's own name and channel."""
    try:
        definition = ReportDefinition.from_json(saved.definition)
    except DefinitionError as error:
        raise error.located(f"saved report {saved.name!r}") from None
    return replace(definition, name=saved.name, channel_id=saved.channel_id)


def list_saved(services: Services, settings: Settings, out: TextIO) -> None:
    """Each saved report: name, channel (title, or "any channel") and range, tab-separated."""
    for saved in services.reports.saved_reports():
        if saved.channel_id is None:
            channel = "any channel"
        else:
            account = settings.accounts.get(saved.channel_id)
            channel = account.title if account is not None else saved.channel_id
        try:
            dates = _range_words(saved_definition(saved))
        except DefinitionError as error:
            dates = f"unusable: {error.field}: {error.problem}"
        out.write(f"{saved.name}\t{channel}\t{dates}\n")


def _from_saved(services: Services, name: str, account: Account) -> ReportDefinition:
    fitting = [
        saved
        for saved in services.reports.saved_by_name(name)
        if saved.channel_id in (None, account.channel_id)
    ]
    # A report saved for this channel goes before one saved for any channel.
    fitting.sort(key=lambda saved: saved.channel_id is None)
    if not fitting:
        names = sorted(
            {
                s.name
                for s in services.reports.saved_reports()
                if s.channel_id in (None, account.channel_id)
            },
            key=str.casefold,
        )
        listed = "; ".join(names) if names else "none"
        raise UsageError(
            f"--saved: no saved report {name!r} for {account.title}; saved for it: {listed}"
        )
    return saved_definition(fitting[0])


def _from_file(path: Path) -> ReportDefinition:
    try:
        definitions = read_definitions(path)
    except OSError as error:
        raise UsageError(f"--definition: {path}: {error.strerror or error}") from None
    if len(definitions) != 1:
        raise UsageError(
            f"--definition: {path} holds {len(definitions)} definitions; export runs one"
        )
    return definitions[0]


def export(
    args: argparse.Namespace,
    services: Services,
    endpoints: Endpoints | None,
    progress: ProgressLine,
) -> None:
    """Run the definition for the channel and write the report to ``args.output``."""
    err = progress.stream
    kind = format_of(args.output, args.format)
    start, end = option_dates(args)
    settings = Settings.load(services.paths.settings_file)
    account = find_channel(settings, args.channel)
    if args.saved is not None:
        definition = _from_saved(services, args.saved, account)
    else:
        definition = _from_file(args.definition)
    if definition.channel_id not in (None, account.channel_id):
        raise UsageError(
            f"{definition.name!r} is defined for channel {definition.channel_id}, "
            f"not {account.channel_id}"
        )
    query = definition.query(start=start, end=end)
    catalogue.validate(query)  # the bad field is named before any request
    services.set_freshness(settings.freshness_minutes * 60.0)
    services.reports.max_bytes = settings.history_max_mb * _MIB
    client = make_client(services, endpoints)
    try:
        progress.step(10, f"Fetching {definition.name} for {account.title}...")
        run = services.history.run(
            client,
            account.channel_id,
            account.title,
            query,
            progress.control,
            on_retry=progress.retrying,
            force=args.refresh,
        )
    finally:
        client.close()
    progress.clear()
    if run.from_store and run.fetched_at is not None:
        fetched = dt.datetime.fromtimestamp(run.fetched_at, dt.UTC).strftime("%Y-%m-%d %H:%M")
        err.write(
            f"Served from the local store (fetched {fetched} UTC, no request made); "
            "--refresh fetches it again.\n"
        )
    if run.store_problem:
        err.write(f"Warning: the local report store was not used: {run.store_problem}\n")
    progress.step(80, f"Writing {args.output}...")
    try:
        write_report(
            run,
            args.output,
            kind,
            raw=args.raw,
            currency=query.currency,
            watch_time_minutes=settings.watch_time_minutes,
            derived=definition.derived,
        )
    except OSError as error:
        # Named after the output, not the temporary file the failure may have hit.
        raise OSError(error.errno, error.strerror or str(error), str(args.output)) from None
    progress.clear()
    if progress.enabled:
        rows = run.report.shape[0]
        err.write(f"Wrote {rows} row{'s' if rows != 1 else ''} to {args.output}.\n")
