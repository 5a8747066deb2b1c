"""The app's client: loopback sign-in per channel, tokens in the keyring, one refresh on 401.

Every method here blocks on the network or the keyring: run them as tasks (``gui.tasks``),
whose context (``ctx``) lets them stop early and report retries.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
from collections.abc import Callable, Mapping
from typing import TypeVar

from ..api import catalogue
from ..api.base_client import BaseClient
from ..api.channels import ContentItem
from ..api.endpoints import Endpoints
from ..api.errors import (
    APIError,
    AuthorisationError,
    NetworkError,
    NotAuthorised,
    RefreshTokenExpired,
    Unauthorised,
)
from ..api.flow import LoopbackFlow
from ..api.report import Report
from ..api.scopes import Scopes
from ..api.shard import Shard
from ..api.tokens import Tokens
from ..api.transport import RetryHook, Transport
from ..store.accounts import Account
from ..store.cache import ThumbnailCache
from ..store.tokens import TokenStore
from .context import LIVE_CHECKED_UPLOADS, ChannelContext, NamedItem
from .tasks import TaskContext

__all__ = ["DESKTOP_SCOPES", "DesktopClient"]

_log = logging.getLogger(__name__)
T = TypeVar("T")

# Analytics (with revenue when the user allows it) and the Data API's read-only scope
# for the channel's title, thumbnail, uploads and playlists.
DESKTOP_SCOPES = Scopes.ALL | Scopes.YOUTUBE_READONLY
_UPLOADS_LIMIT = 5000  # 100 pages; the picker stays quick with this many
THUMBNAILED_UPLOADS = 60
"""The newest uploads whose thumbnails the video picker shows (one small download each,
once: they are cached); older ones are told apart by their publish dates."""


def _named(item: ContentItem, kind: str) -> NamedItem:
    published = item.published_at.date() if item.published_at is not None else None
    return NamedItem(item.id, item.title, kind, published, item.thumbnail_url)


def _check(ctx: TaskContext | None) -> None:
    if ctx is not None:
        ctx.check()


class DesktopClient(BaseClient):
    """A BaseClient whose accounts are channels, with tokens kept in a TokenStore."""

    def __init__(
        self,
        secrets_file: str | os.PathLike[str],
        store: TokenStore,
        thumbnails: ThumbnailCache,
        *,
        scopes: Scopes = DESKTOP_SCOPES,
        transport: Transport | None = None,
        timeout: float = 300.0,
        endpoints: Endpoints | None = None,
    ) -> None:
        """``endpoints``: where requests go (default: ``Endpoints.from_environment()``)."""
        super().__init__(
            secrets_file,
            scopes=scopes,
            session=transport or Transport(),
            endpoints=endpoints,
        )
        self.store = store
        self.thumbnails = thumbnails
        # Tokens read from the keyring once per channel: report fetches then do not
        # wait on the keyring (a slow or locked one would hold a network worker).
        self._tokens: dict[str, Tokens] = {}
        self._tokens_lock = threading.Lock()
        self.timeout = timeout

    # -- signing in --------------------------------------------------------------------

    def new_flow(self) -> LoopbackFlow:
        """A loopback flow; ``start()`` it for the URL to open in the browser."""
        return LoopbackFlow(self.secrets, self.scopes, timeout=self.timeout)

    def authorise(self, flow: LoopbackFlow | None = None) -> Tokens:
        """Wait for the browser to come back to ``flow`` and trade the code for tokens."""
        flow = flow or self.new_flow()
        code = flow.wait()
        return self.redeem(flow, code)

    def connect(self, flow: LoopbackFlow, ctx: TaskContext | None = None) -> Account:
        """Finish a sign-in: tokens, the channel's identity and thumbnail, keyring entry.

        Whatever stops it once the code is redeemed (a refused scope, the channel
        lookup, the keyring, a cancel) revokes the new grant before it is reported.
        """
        tokens = self.authorise(flow)
        with self.revoked_on_failure(tokens):
            _check(ctx)
            granted = Scopes.from_formatted(tokens.scope)
            if not granted & Scopes.ALL:
                raise AuthorisationError(
                    "no YouTube Analytics permission was granted; tick it on Google's page"
                )
            if ctx is not None:
                ctx.report(60, "Reading the channel...")
            with self.shard(tokens, scopes=granted) as shard:
                channel = shard.fetch_channel()
            _check(ctx)
            thumbnail = self.thumbnails.fetch(
                channel.id, channel.thumbnail_url, session=self.transport.session
            )
            if ctx is not None:
                ctx.report(90, "Saving the sign-in...")
            self._save(channel.id, tokens)
        return Account(
            channel_id=channel.id,
            title=channel.title,
            thumbnail_path=str(thumbnail) if thumbnail else None,
            scopes=tuple(tokens.scope.split()),
            custom_url=channel.custom_url,
        )

    def sign_out(self, channel_id: str) -> bool:
        """Revoke the channel's grant at Google and delete its tokens and thumbnail.

        The local sign-in is removed even when Google cannot be reached; the result
        says whether Google confirmed the revocation (False: it could not be asked).
        """
        with self._tokens_lock:
            self._tokens.pop(channel_id, None)
        tokens = self.store.load(channel_id)
        revoked = True
        if tokens is not None:
            try:
                self.revoke_token(tokens.refresh_token or tokens.access_token)
            except (APIError, NetworkError) as error:
                _log.warning("revoking the grant of %s failed: %s", channel_id, error)
                revoked = False
        self.store.delete(channel_id)
        self.thumbnails.remove(channel_id)
        return revoked

    # -- using a channel's tokens ------------------------------------------------------

    def _save(self, channel_id: str, tokens: Tokens) -> None:
        self.store.save(channel_id, tokens)
        with self._tokens_lock:
            self._tokens[channel_id] = tokens

    def tokens_for(self, channel_id: str) -> Tokens:
        """The channel's tokens (from the keyring the first time), refreshed when expired."""
        with self._tokens_lock:
            tokens = self._tokens.get(channel_id)
        if tokens is None:
            tokens = self.store.load(channel_id)
            if tokens is None:
                raise NotAuthorised("there is no saved sign-in for this channel")
            with self._tokens_lock:
                self._tokens[channel_id] = tokens
        if tokens.expired:
            tokens = self.refresh(channel_id, tokens)
        return tokens

    def refresh(self, channel_id: str, tokens: Tokens) -> Tokens:
        """A new access token, saved; RefreshTokenExpired when Google refuses (invalid_grant)."""
        fresh = self.refresh_access_token(tokens)
        if fresh is None:
            raise RefreshTokenExpired(
                "Google refused the saved refresh token (invalid_grant): it expired or was revoked"
            )
        self._save(channel_id, fresh)
        return fresh

    def call(
        self,
        channel_id: str,
        action: Callable[[Shard], T],
        ctx: TaskContext | None = None,
        *,
        on_retry: RetryHook | None = None,
    ) -> T:
        """Run ``action`` with a shard of the channel; on a 401, refresh once and retry.

        The shard's requests tell ``on_retry`` before waiting to try again, and stop
        waiting when ``ctx`` is cancelled.
        """
        tokens = self.tokens_for(channel_id)
        used = tokens.access_token
        _check(ctx)
        scopes = Scopes.from_formatted(tokens.scope) or self.scopes
        transport = self.transport.bound(
            on_retry=on_retry, cancel=ctx.event if ctx is not None else None
        )
        try:
            return action(Shard(scopes, tokens, session=transport, endpoints=self.endpoints))
        except Unauthorised:
            _check(ctx)
            tokens = self._renewed(channel_id, tokens, used)
        _check(ctx)
        return action(Shard(scopes, tokens, session=transport, endpoints=self.endpoints))

    def _renewed(self, channel_id: str, tokens: Tokens, refused: str) -> Tokens:
        """Tokens to retry with after Google refused the access token ``refused``: those
        another call refreshed meanwhile (calls sent together all fail together), else
        a refresh of our own."""
        with self._tokens_lock:
            current = self._tokens.get(channel_id, tokens)
        if current.access_token != refused and not current.expired:
            return current
        return self.refresh(channel_id, tokens)

    def fetch_report(
        self,
        channel_id: str,
        query: catalogue.Query,
        ctx: TaskContext | None = None,
        *,
        on_retry: RetryHook | None = None,
        groups: Mapping[str, str] | None = None,
    ) -> Report:
        """The report of ``query``, exactly as the builder made it (``Shard.run``);
        ``groups`` gives the channel's group item types, which decide a group's family."""
        return self.call(
            channel_id, lambda shard: shard.run(query, groups=groups), ctx, on_retry=on_retry
        )

    def _video_thumbnail(self, video: NamedItem) -> bytes:
        """The video's cached thumbnail, downloaded first if need be; b"" when there is none."""
        path = self.thumbnails.path_for(video.id) or self.thumbnails.fetch(
            video.id, video.thumbnail_url, session=self.transport.session
        )
        try:
            return path.read_bytes() if path is not None else b""
        except OSError as error:  # cosmetic: the picker shows the date alone
            _log.warning("thumbnail of %s could not be read: %s", video.id, error)
            return b""

    def fetch_context(self, account: Account, ctx: TaskContext | None = None) -> ChannelContext:
        """The channel's creation day and its videos, playlists and groups by name.

        The newest ``LIVE_CHECKED_UPLOADS`` uploads (at most 10 requests) are marked
        when they were live streams; older ones are not asked about.
        """
        context = ChannelContext(
            channel_id=account.channel_id,
            title=account.title,
            thumbnail_path=account.thumbnail_path,
            scopes=frozenset(account.scopes),
        )

        def load(shard: Shard) -> None:
            created = shard.fetch_channel().published_at
            context.created = created.date() if created is not None else None
            _check(ctx)
            for item in shard.fetch_uploads(limit=_UPLOADS_LIMIT):
                context.videos[item.id] = _named(item, "video")
            _check(ctx)
            newest = list(context.videos)[:LIVE_CHECKED_UPLOADS]
            for video_id in shard.fetch_live_streams(newest) & set(newest):
                context.videos[video_id] = dataclasses.replace(context.videos[video_id], live=True)
            for video in list(context.videos.values())[:THUMBNAILED_UPLOADS]:
                _check(ctx)
                image = self._video_thumbnail(video)
                if image:
                    context.videos[video.id] = dataclasses.replace(video, thumbnail=image)
            _check(ctx)
            for item in shard.fetch_playlists():
                context.playlists[item.id] = _named(item, "playlist")
            _check(ctx)
            page: str | None = None
            while True:
                groups = shard.fetch_groups(next_page_token=page)
                for group in groups.items:
                    context.groups[group.id] = NamedItem(group.id, group.title, group.item_type)
                page = groups.next_page_token
                if not page:
                    break
                _check(ctx)

        self.call(account.channel_id, load, ctx)
        return context
