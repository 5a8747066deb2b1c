"""``secrets import`` and ``channels add|list|remove``: the app's accounts, from a shell.

The accounts are the GUI's own (its settings file and keyring entries), so a channel
added here appears in the window, and the other way round.
"""

from __future__ import annotations

import logging
import threading
import webbrowser
from pathlib import Path
from typing import TextIO

from ..api.endpoints import Endpoints
from ..api.errors import InvalidSecrets
from ..core.desktop_client import DesktopClient
from ..core.reach import ReachJobs
from ..core.services import Services
from ..store.accounts import Account
from ..store.cache import ThumbnailCache
from ..store.paths import AppPaths
from ..store.report_db import ReportStoreError
from ..store.secrets import import_secrets
from ..store.settings import Settings
from ..store.tokens import TokenStore, TokenStoreError
from .failures import UsageError
from .progress import ProgressLine

__all__ = [
    "add_channel",
    "find_channel",
    "import_secrets_file",
    "list_channels",
    "make_client",
    "remove_channel",
]

_log = logging.getLogger(__name__)


def import_secrets_file(paths: AppPaths, source: Path, err: TextIO) -> None:
    """Check ``source`` as a Desktop-app client and keep a copy in the config folder."""
    try:
        import_secrets(source, paths.secrets_file)
    except InvalidSecrets as error:
        raise UsageError(f"{source}: {error}") from None
    err.write(f"Client secrets saved to {paths.secrets_file}.\n")


def find_channel(settings: Settings, wanted: str) -> Account:
    """The account whose id is ``wanted``, else whose title is (case-insensitive);
    ``UsageError`` listing the candidates when none or several match."""
    accounts = settings.accounts
    if wanted in accounts:
        return accounts[wanted]
    folded = wanted.casefold()
    matches = [a for a in accounts.values() if a.title.casefold() == folded]
    if len(matches) == 1:
        return matches[0]
    candidates = matches or list(accounts.values())
    listed = "; ".join(f"{a.channel_id} ({a.title})" for a in candidates)
    if not accounts:
        raise UsageError(
            f"no channel is connected, so {wanted!r} is unknown: "
            'add one with "analytix-desktop channels add"'
        )
    if matches:
        raise UsageError(f"{wanted!r} names several channels; give its id: {listed}")
    raise UsageError(f"{wanted!r} is not a connected channel; connected: {listed}")


def make_client(services: Services, endpoints: Endpoints | None) -> DesktopClient:
    """A client of the imported secrets, tokens in the keyring; refuses a keyring that
    cannot keep them (the command line never falls back to memory: nothing would stay)."""
    if not services.paths.secrets_file.is_file():
        raise InvalidSecrets(
            f"no client secrets file has been imported ({services.paths.secrets_file})"
        )
    tokens = TokenStore()
    problem = tokens.problem()
    if problem is not None:
        raise TokenStoreError(problem)
    return services.client(tokens, endpoints)


def list_channels(paths: AppPaths, out: TextIO) -> None:
    """Each connected channel: its id, a tab, its title."""
    for account in Settings.load(paths.settings_file).accounts.values():
        out.write(f"{account.channel_id}\t{account.title}\n")


def _open_browser(url: str) -> None:
    try:
        webbrowser.open(url)
    except Exception as error:  # the printed link is the way in then
        _log.warning("no browser could be opened: %s", error)


def add_channel(
    services: Services, endpoints: Endpoints | None, progress: ProgressLine, out: TextIO
) -> Account:
    """Sign in through the browser and remember the channel, as "Add channel" does."""
    client = make_client(services, endpoints)
    flow = client.new_flow()
    try:
        url = flow.start()
        progress.clear()
        progress.stream.write(
            f"Sign in with Google in your browser (waiting up to {client.timeout / 60:g} "
            f"minutes). If no browser opened, open this link: {url}\n"
        )
        progress.stream.flush()
        # A terminal browser may hold its thread until it quits: the wait goes on here.
        threading.Thread(target=_open_browser, args=(url,), daemon=True).start()
        progress.step(-1, "Waiting for the browser...")
        account = client.connect(flow, progress.control)
    finally:
        flow.cancel()
        flow.close()
    # Read again just before writing: the window may have changed them meanwhile.
    settings = Settings.load(services.paths.settings_file)
    settings.accounts[account.channel_id] = account
    settings.last_channel = settings.last_channel or account.channel_id
    settings.save(services.paths.settings_file)
    progress.clear()
    out.write(f"{account.channel_id}\t{account.title}\n")
    return account


def remove_channel(
    services: Services,
    endpoints: Endpoints | None,
    wanted: str,
    progress: ProgressLine,
    delete_reach_jobs: bool = False,
) -> None:
    """Revoke the channel's grant at Google and forget it: settings, keyring, thumbnail.

    ``delete_reach_jobs``: first delete its reach reporting jobs at YouTube (while it can
    still be asked); a failure then stops the removal, so that it can be run again."""
    err = progress.stream
    settings = Settings.load(services.paths.settings_file)
    account = find_channel(settings, wanted)
    try:
        client: DesktopClient | None = make_client(services, endpoints)
    except InvalidSecrets:
        if delete_reach_jobs:
            raise
        client = None  # Google cannot be asked; the local sign-in goes all the same
    if client is not None and delete_reach_jobs:
        deleted = _delete_reach_jobs(services, client, account, progress)
        err.write(
            f"Deleted {deleted} reach reporting job{'s' if deleted != 1 else ''} at YouTube.\n"
        )
    jobs = None if delete_reach_jobs else _known_reach_jobs(services, account.channel_id)
    del settings.accounts[account.channel_id]
    if settings.last_channel == account.channel_id:
        settings.last_channel = next(iter(settings.accounts), None)
    settings.save(services.paths.settings_file)
    if client is None:
        TokenStore().delete(account.channel_id)
        ThumbnailCache(services.paths.thumbnails_dir).remove(account.channel_id)
        revoked = False
    else:
        with client:
            revoked = client.sign_out(account.channel_id)
    if revoked:
        err.write(f"Removed {account.title}; Google revoked its access.\n")
    else:
        err.write(
            f"Removed {account.title} here, but Google could not be asked to revoke the "
            "access: remove it at https://myaccount.google.com/permissions\n"
        )
    if jobs is not None and jobs.jobs:
        err.write(
            f"Its {len(jobs.jobs)} reach reporting jobs remain at YouTube; to delete them, add "
            f'the channel again and run "analytix-desktop reach disable --channel '
            f'{account.channel_id}" (or remove it with --delete-reach-jobs).\n'
        )


def _known_reach_jobs(services: Services, channel_id: str) -> ReachJobs | None:
    """The channel's reach jobs the store knows; a store that cannot be read does not stop
    the removal (its warning says why)."""
    try:
        return services.reach.jobs(channel_id)
    except ReportStoreError as error:
        _log.warning("the local report store could not tell the reach jobs: %s", error)
        return None


def _delete_reach_jobs(
    services: Services, client: DesktopClient, account: Account, progress: ProgressLine
) -> int:
    try:
        progress.step(-1, f"Deleting the reach jobs of {account.title}...")
        return client.call(
            account.channel_id,
            lambda shard: services.reach.disable(shard, account.channel_id),
            progress.control,
            on_retry=progress.retrying,
        )
    finally:
        progress.clear()
