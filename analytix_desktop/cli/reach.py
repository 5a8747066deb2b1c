"""``reach enable|sync|status|disable`` and ``export --reach``: the YouTube Reporting API's
reach reports from a shell.

``reach sync`` is meant for cron: YouTube keeps a daily report 60 days (the first
backfill 30), so a daily sync loses none. Like ``export``, it is silent unless stderr is
a terminal or something needs attention, so that cron mails only then.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import TextIO, TypeVar

from ..api.endpoints import Endpoints
from ..api.shard import Shard
from ..core.desktop_client import DesktopClient
from ..core.reach import (
    BACKFILL_DAYS,
    RETENTION_DAYS,
    ReachJobs,
    ReachQuery,
    ReachResult,
    SyncResult,
)
from ..core.reach_days import COVERAGE_TYPE, missing_spans, pacific_day, show_day, show_time
from ..core.report_run import ReportRun
from ..core.services import Services
from ..core.tasks import Cancelled
from ..store.accounts import Account
from ..store.reach_db import STORED
from ..store.settings import Settings
from .channels import find_channel, make_client
from .export import option_dates
from .failures import FAILED, GOOGLE, INTERRUPTED, OK, UsageError, describe, exit_code
from .output import format_of, write_report
from .parser import PROG
from .progress import ProgressLine

__all__ = ["disable_reach", "enable_reach", "export_reach", "reach_status", "sync_reach"]

T = TypeVar("T")

DEFAULT_DAYS = 28
"""An export without --start/--end covers the last this many days the store covers."""
_LISTED = 3  # failures named in a sync's line; spans of missing days in an export's note
_BY = {"day": "day", "video": "video", "traffic-source": "traffic_source"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _not_turned_on(account: Account) -> str:
    return (
        f"{account.title}: reach reports are not turned on "
        f"(run: {PROG} reach enable --channel {account.channel_id})"
    )


def _accounts(services: Services, wanted: str | None) -> list[Account]:
    settings = Settings.load(services.paths.settings_file)
    if wanted is not None:
        return [find_channel(settings, wanted)]
    return list(settings.accounts.values())


def _span_words(first: dt.date, last: dt.date, reason: str) -> str:
    days = show_day(first) if first == last else f"{show_day(first)} to {show_day(last)}"
    return f"{days}: {reason}"


# -- enable and disable -------------------------------------------------------------------


def _on_channel(
    services: Services,
    endpoints: Endpoints | None,
    wanted: str,
    progress: ProgressLine,
    doing: str,
    action: Callable[[Shard, str], T],
) -> tuple[Account, T]:
    """Run ``action`` with a shard of the channel ``wanted`` names (and its id), saying
    ``doing`` (with the channel's title) on the progress line meanwhile."""
    account = find_channel(Settings.load(services.paths.settings_file), wanted)
    client = make_client(services, endpoints)
    try:
        progress.step(-1, doing.format(title=account.title))
        result = client.call(
            account.channel_id,
            lambda shard: action(shard, account.channel_id),
            progress.control,
            on_retry=progress.retrying,
        )
    finally:
        client.close()
    progress.clear()
    return account, result


def enable_reach(
    services: Services, endpoints: Endpoints | None, wanted: str, progress: ProgressLine
) -> None:
    """Create the channel's missing reporting jobs and say when its data will arrive."""
    doing = "Turning reach reports on for {title}..."
    account, jobs = _on_channel(services, endpoints, wanted, progress, doing, services.reach.enable)
    progress.stream.write(_enabled_words(account.title, jobs, dt.datetime.now(dt.UTC)) + "\n")


def _enabled_words(title: str, jobs: ReachJobs, now: dt.datetime) -> str:
    """What ``reach enable`` tells: what it did, when data comes, and to sync daily."""
    created = len(jobs.created)
    kept = len(jobs.jobs) - created
    if created and kept:
        how = f"{_plural(created, 'job')} created, {kept} already on"
    elif created:
        how = f"{_plural(created, 'job')} created"
    else:
        how = "already on"
    expected = jobs.first_data_expected
    if expected is not None and expected > now:
        when = (
            "YouTube publishes the first daily reports about 48 hours after the jobs were "
            f"created (around {show_time(expected)}), with the {BACKFILL_DAYS} days before"
        )
    else:
        when = "YouTube publishes one report a day"
    return (
        f"Reach reports turned on for {title} ({how}). {when}; run "
        f'"{PROG} reach sync" daily (cron) so none expire (YouTube keeps them '
        f"{RETENTION_DAYS} days; the first {BACKFILL_DAYS}-day backfill only {BACKFILL_DAYS})."
    )


def disable_reach(
    services: Services, endpoints: Endpoints | None, wanted: str, progress: ProgressLine
) -> None:
    """Delete the channel's reporting jobs at YouTube (its stored reports stay)."""
    doing = "Deleting the reach jobs of {title}..."
    account, deleted = _on_channel(
        services, endpoints, wanted, progress, doing, services.reach.disable
    )
    progress.stream.write(
        f"Reach reports turned off for {account.title}: {_plural(deleted, 'job')} deleted at "
        "YouTube; the reports already downloaded stay here.\n"
    )


# -- sync ----------------------------------------------------------------------------------


def sync_reach(
    services: Services, endpoints: Endpoints | None, wanted: str | None, progress: ProgressLine
) -> int:
    """Download each channel's new daily reports (``wanted``'s only, when given).

    The exit status: 130 when interrupted (what was downloaded stays), else the worst of
    the channels' (4 when a download failed); one channel's failure leaves the others to
    sync. A channel without jobs is not a failure: only said on a terminal, or when named.
    """
    accounts = _accounts(services, wanted)
    client = make_client(services, endpoints)
    codes = [OK]
    try:
        for account in accounts:
            codes.append(_sync_one(services, client, account, progress, named=wanted is not None))
    except (KeyboardInterrupt, Cancelled):
        progress.control.cancel()
        progress.clear()
        progress.stream.write(f"{PROG}: interrupted; the reports downloaded so far are kept\n")
        return INTERRUPTED
    finally:
        client.close()
    return max(codes)


def _sync_one(
    services: Services,
    client: DesktopClient,
    account: Account,
    progress: ProgressLine,
    *,
    named: bool,
) -> int:
    err = progress.stream
    progress.step(0, f"{account.title}: looking for new reach reports...")
    try:
        result = client.call(
            account.channel_id,
            lambda shard: services.reach.sync(shard, account.channel_id, progress.control),
            progress.control,
            on_retry=progress.retrying,
        )
    except Cancelled:
        raise
    except Exception as error:  # the next channels are synced all the same
        progress.clear()
        err.write(f"{account.title}: {describe(error)}\n")
        return exit_code(error)
    progress.clear()
    if result.jobs_found == 0:
        if named or progress.enabled:
            err.write(_not_turned_on(account) + "\n")
        return OK
    if result.failed or progress.enabled:
        # The store's count: a sync lists only reports newer than those seen, so the
        # result's ``already_stored`` counts only those listed again.
        stored = len(services.reach.store.reports(account.channel_id, statuses=(STORED,)))
        err.write(_synced_words(account.title, result, stored - result.downloaded) + "\n")
    return GOOGLE if result.failed else OK


def _synced_words(title: str, result: SyncResult, already_here: int) -> str:
    """One line: downloaded, already here, failed (named, up to three) and expired."""
    text = (
        f"{title}: {result.downloaded} new daily report{'s' if result.downloaded != 1 else ''} "
        f"downloaded, {already_here} already here"
    )
    if result.failed:
        named = [f"{show_day(day)} {kind}: {message}" for day, kind, message in result.failed]
        more = len(named) - _LISTED
        listed = "; ".join(named[:_LISTED]) + (f"; {more} more" if more > 0 else "")
        text += f"; {len(result.failed)} failed ({listed}) - will retry next sync"
    if result.expired:
        days = sorted(result.expired)
        text += (
            f"; {_plural(len(days), 'day')} expired at YouTube before they were downloaded "
            f"({show_day(days[0])}{'' if len(days) == 1 else ' to ' + show_day(days[-1])})"
        )
    return text


# -- status --------------------------------------------------------------------------------


def _covered_days(services: Services, channel_id: str) -> list[dt.date]:
    """Every day a stored report covers, oldest first."""
    return services.reach.store.stored_days(channel_id, COVERAGE_TYPE, dt.date.min, dt.date.max)


def reach_status(services: Services, wanted: str | None, out: TextIO) -> None:
    """Each channel's jobs, the days its stored reports cover and those missing, with why
    (from the local store: no request)."""
    today = pacific_day(dt.datetime.now(dt.UTC))
    for account in _accounts(services, wanted):
        jobs = services.reach.jobs(account.channel_id)
        covered = _covered_days(services, account.channel_id)
        if jobs is None:
            out.write(_not_turned_on(account) + "\n")
            if not covered:
                continue
        else:
            out.write(f"{account.title} ({account.channel_id}): reach reports turned on\n")
            for kind, job in sorted(jobs.jobs.items()):
                out.write(f"  job {kind} ({job.job_id}): created {show_time(job.create_time)}\n")
        # From the first day stored, or YouTube backfills, whichever comes first.
        firsts = covered[:1]
        if jobs is not None:
            made = min(job.create_time for job in jobs.jobs.values())
            firsts.append(pacific_day(made) - dt.timedelta(days=BACKFILL_DAYS))
        start = min(firsts)
        result = services.reach.query(account.channel_id, ReachQuery(start, today, "day"))
        total = (today - start).days + 1
        out.write(
            f"  days covered: {result.covered_days} of the {total} from {show_day(start)} "
            f"to {show_day(today)}\n"
        )
        synced = services.reach.last_sync(account.channel_id)
        if synced is not None:
            last = dt.datetime.fromtimestamp(synced, dt.UTC)
            out.write(f"  last sync: {show_time(last)}\n")
        for first, last_day, reason in missing_spans(result.missing):
            out.write(f"  missing {_span_words(first, last_day, reason)}\n")


# -- export --reach ------------------------------------------------------------------------


def export_reach(args: argparse.Namespace, services: Services, progress: ProgressLine) -> int:
    """Write the channel's reach table from the local store (no request): exit 1 when the
    store holds no reach report of the channel."""
    err = progress.stream
    if args.refresh:
        raise UsageError(
            f'--refresh: a reach export reads the local store only; "{PROG} reach sync" '
            "brings it up to date"
        )
    kind = format_of(args.output, args.format)
    start, end = option_dates(args)
    account = find_channel(Settings.load(services.paths.settings_file), args.channel)
    covered = _covered_days(services, account.channel_id)
    if not covered:
        err.write(
            f"{PROG}: no reach reports of {account.title} are stored (turn them on with "
            f'"{PROG} reach enable" and download them with "{PROG} reach sync")\n'
        )
        return FAILED
    if start is None or end is None:
        end = covered[-1]
        start = end - dt.timedelta(days=DEFAULT_DAYS - 1)
    result = services.reach.query(account.channel_id, ReachQuery(start, end, _BY[args.reach]))
    progress.step(80, f"Writing {args.output}...")
    try:
        write_report(ReportRun(result.report), args.output, kind, raw=args.raw, currency="USD")
    except OSError as error:
        # Named after the output, not the temporary file the failure may have hit.
        raise OSError(error.errno, error.strerror or str(error), str(args.output)) from None
    progress.clear()
    err.write(_export_note(result))
    if progress.enabled:
        err.write(f"Wrote {_plural(result.report.shape[0], 'row')} to {args.output}.\n")
    return OK


def _export_note(result: ReachResult) -> str:
    """Where the views come from, and the days of the range no stored report covers, why."""
    query = result.query
    lines = [result.views_source.rstrip(".") + "."]
    if result.missing:
        spans = missing_spans(result.missing)
        lines.append(
            f"{_plural(len(result.missing), 'day')} of {show_day(query.start)} to "
            f"{show_day(query.end)} missing ({result.covered_days} covered):"
        )
        lines += [f"  {_span_words(*span)}" for span in spans[:_LISTED]]
        if len(spans) > _LISTED:
            lines.append(f'  and {len(spans) - _LISTED} more spans: see "{PROG} reach status"')
    return "".join(f"{line}\n" for line in lines)
