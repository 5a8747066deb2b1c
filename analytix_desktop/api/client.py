"""The script client: analytix 5.x's ``Client``, with tokens kept in a JSON file."""

from __future__ import annotations

import datetime as dt
import logging
import os
import platform
import sys
import time
import webbrowser
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import TypeVar

import requests

from .base_client import BaseClient
from .endpoints import Endpoints
from .errors import AuthorisationError, Unauthorised
from .flow import LoopbackFlow
from .groups import GroupItemList, GroupList
from .report import Report
from .scopes import Scopes
from .shard import Shard
from .tokens import Tokens, expiry_after
from .transport import Transport

__all__ = ["Client", "browser_available"]

_log = logging.getLogger(__name__)
T = TypeVar("T")


def browser_available() -> bool:
    """False on WSL and on a Unix without a display, where a URL is better printed."""
    if "microsoft" in platform.uname().release.lower():
        return False
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


class Client(BaseClient):
    """A client for scripts: authorises in the browser once, then reuses ``tokens_file``."""

    def __init__(
        self,
        secrets_file: str | os.PathLike[str],
        *,
        scopes: Scopes = Scopes.READONLY,
        tokens_file: str | os.PathLike[str] = "tokens.json",
        ws_port: int = 8080,
        auto_open_browser: bool | None = None,
        session: Transport | requests.Session | None = None,
        flow_timeout: float = 300.0,
        endpoints: Endpoints | None = None,
    ) -> None:
        self._tokens_file = Path(tokens_file)
        if self._tokens_file.suffix != ".json":
            raise ValueError("tokens_file must be a JSON file (ending in .json)")
        super().__init__(secrets_file, scopes=scopes, session=session, endpoints=endpoints)
        self._ws_port = ws_port
        self._auto_open_browser = (
            browser_available() if auto_open_browser is None else auto_open_browser
        )
        self._flow_timeout = flow_timeout

    @property
    def tokens_file(self) -> Path:
        return self._tokens_file

    def authorise(self, *, force: bool = False, force_refresh: bool = False) -> Tokens:
        """Stored tokens if still good, else a refresh, else a new authorisation."""
        if not force and self._tokens_file.is_file():
            try:
                tokens = Tokens.load_from(self._tokens_file)
            except AuthorisationError as exc:
                _log.warning("ignoring the stored tokens: %s", exc)
            else:
                if self.scopes_are_sufficient(tokens.scope):
                    usable = self.refresh_access_token(tokens, force=force_refresh)
                    if usable is not None:
                        return usable
        return self._authorise_in_browser()

    def refresh_access_token(self, tokens: Tokens, *, force: bool = False) -> Tokens | None:
        """``tokens`` if fresh (by expiry time, else tokeninfo); otherwise refresh and save."""
        if not force:
            if not tokens.expired:
                return tokens
            if not tokens.expires_at:  # expiry unknown (e.g. an analytix tokens file)
                expires_at = self._expiry_from_token_info(tokens)
                if expires_at:
                    tokens.expires_at = expires_at
                    tokens.save_to(self._tokens_file)
                    return tokens
        refreshed = super().refresh_access_token(tokens)
        if refreshed is not None:
            refreshed.save_to(self._tokens_file)
        return refreshed

    def _expiry_from_token_info(self, tokens: Tokens) -> float:
        """When Google says the access token expires; 0 when it is dead or Google's answer
        has no usable time (then it is refreshed)."""
        info = self.token_info(tokens.access_token)
        if info is None:
            return 0.0
        try:
            return expiry_after(info.get("expires_in") or 0, time.time())
        except AuthorisationError as exc:
            _log.warning("ignoring the expiry that tokeninfo gave: %s", exc)
            return 0.0

    def _authorise_in_browser(self) -> Tokens:
        flow = LoopbackFlow(
            self._secrets, self._scopes, port=self._ws_port, timeout=self._flow_timeout
        )
        with flow:
            url = flow.start()
            if not (self._auto_open_browser and webbrowser.open(url, 0, autoraise=True)):
                print(f"Open this link in a browser to authorise analytix-desktop:\n{url}")
            code = flow.wait()
        tokens = self.redeem(flow, code)
        with self.revoked_on_failure(tokens):
            if tokens.id_token:
                self.decode_id_token(tokens.id_token, nonce=flow.nonce)
            if not self.scopes_are_sufficient(tokens.scope):
                _log.warning(
                    "not every requested scope was granted (asked for %s, got %s)",
                    self._scopes.formatted,
                    tokens.scope,
                )
            # Only now is a stored file (even an unreadable one) replaced.
            tokens.save_to(self._tokens_file)
        return tokens

    def _with_shard(self, tokens: Tokens, call: Callable[[Shard], T]) -> T:
        """Run ``call``; on a 401 refresh once (or re-authorise) and try once more."""
        try:
            with self.shard(tokens) as shard:
                return call(shard)
        except Unauthorised:
            _log.info("the access token was refused; refreshing it once")
        refreshed = self.refresh_access_token(tokens, force=True)
        if refreshed is None:
            refreshed = self.authorise(force=True)
        with self.shard(refreshed) as shard:
            return call(shard)

    def fetch_report(
        self,
        *,
        dimensions: Collection[str] | None = None,
        filters: Mapping[str, str] | str | None = None,
        metrics: Collection[str] | None = None,
        start_date: dt.date | None = None,
        end_date: dt.date | None = None,
        sort_options: Collection[str] | None = None,
        max_results: int = 0,
        currency: str = "USD",
        start_index: int = 1,
        include_historical_data: bool = False,
        force: bool = False,
        force_refresh: bool = False,
    ) -> Report:
        """Authorise, then ``Shard.fetch_report``."""
        tokens = self.authorise(force=force, force_refresh=force_refresh)
        return self._with_shard(
            tokens,
            lambda shard: shard.fetch_report(
                dimensions=dimensions,
                filters=filters,
                metrics=metrics,
                start_date=start_date,
                end_date=end_date,
                sort_options=sort_options,
                max_results=max_results,
                currency=currency,
                start_index=start_index,
                include_historical_data=include_historical_data,
            ),
        )

    def fetch_groups(
        self,
        *,
        ids: Collection[str] | None = None,
        next_page_token: str | None = None,
        force: bool = False,
        force_refresh: bool = False,
    ) -> GroupList:
        """Authorise, then ``Shard.fetch_groups``."""
        tokens = self.authorise(force=force, force_refresh=force_refresh)
        return self._with_shard(
            tokens, lambda shard: shard.fetch_groups(ids=ids, next_page_token=next_page_token)
        )

    def fetch_group_items(
        self, group_id: str, *, force: bool = False, force_refresh: bool = False
    ) -> GroupItemList:
        """Authorise, then ``Shard.fetch_group_items``."""
        tokens = self.authorise(force=force, force_refresh=force_refresh)
        return self._with_shard(tokens, lambda shard: shard.fetch_group_items(group_id))
