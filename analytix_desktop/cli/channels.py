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
from ..core.services import Services
from ..store.accounts import Account
from ..store.cache import ThumbnailCache
from ..store.paths import AppPaths
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
    services: Services, endpoints: Endpoints | None, wanted: str, err: TextIO
) -> None:
    """Revoke the channel's grant at Google and forget it: settings, keyring, thumbnail."""
    settings = Settings.load(services.paths.settings_file)
    account = find_channel(settings, wanted)
    try:
        client: DesktopClient | None = make_client(services, endpoints)
    except InvalidSecrets:
        client = None  # Google cannot be asked; the local sign-in goes all the same
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
