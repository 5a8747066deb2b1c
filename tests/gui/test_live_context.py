"""The channel context knows which of the newest uploads were live streams (real sockets)."""

from __future__ import annotations

import pytest

from analytix_desktop.api import Secrets, Shard
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.transport import Transport
from analytix_desktop.core import desktop_client
from analytix_desktop.core.context import LIVE_CHECKED_UPLOADS, ChannelContext
from analytix_desktop.core.desktop_client import DESKTOP_SCOPES, DesktopClient
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store import AppPaths, ThumbnailCache, TokenStore
from analytix_desktop.store.accounts import Account

from ..api.test_flow import authorise_via_sandbox
from .conftest import MemoryKeyring


def load_context(paths: AppPaths, transport: Transport, endpoints: Endpoints) -> ChannelContext:
    tokens, _ = authorise_via_sandbox(Secrets.load_from(paths.secrets_file), DESKTOP_SCOPES)
    channel = Shard(DESKTOP_SCOPES, tokens, endpoints=endpoints).fetch_channel()
    store = TokenStore()
    store.save(channel.id, tokens)
    client = DesktopClient(
        paths.secrets_file,
        store,
        ThumbnailCache(paths.thumbnails_dir),
        transport=transport,
        endpoints=endpoints,
    )
    account = Account(channel.id, channel.title, scopes=tuple(tokens.scope.split()))
    return client.fetch_context(account)


def live_in_sandbox(sandbox: Sandbox, context: ChannelContext) -> list[str]:
    """The channel's live streams as the sandbox made them, newest first."""
    videos = sandbox.world.catalog(context.channel_id).videos  # type: ignore[attr-defined]
    return [v.id for v in reversed(videos) if v.content_type == "LIVE_STREAM"]


def test_the_context_marks_live_uploads(
    paths: AppPaths,
    consent: Sandbox,
    transport: Transport,
    memory_keyring: MemoryKeyring,
    endpoints: Endpoints,
) -> None:
    consent.log.clear()
    found = load_context(paths, transport, endpoints)
    assert len(found.videos) <= LIVE_CHECKED_UPLOADS  # every upload was asked about
    live = live_in_sandbox(consent, found)
    assert live
    assert len(live) < len(found.videos)
    assert [video.id for video in found.live_streams] == live
    assert {i for i, video in found.videos.items() if video.live} == set(live)
    asked = [e for e in consent.log.entries("/youtube/v3/videos")
             if e.query["part"] == ["liveStreamingDetails"]]  # fmt: skip
    assert len(asked) == -(-len(found.videos) // 50)


def test_only_the_newest_uploads_are_asked_about(
    paths: AppPaths,
    consent: Sandbox,
    transport: Transport,
    memory_keyring: MemoryKeyring,
    endpoints: Endpoints,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert LIVE_CHECKED_UPLOADS == 500  # 10 requests of 50 ids
    monkeypatch.setattr(desktop_client, "LIVE_CHECKED_UPLOADS", 60)
    consent.log.clear()
    found = load_context(paths, transport, endpoints)
    newest = list(found.videos)[:60]
    live = live_in_sandbox(consent, found)
    assert any(i not in newest for i in live)  # an older live stream is left unmarked
    assert [video.id for video in found.live_streams] == [i for i in live if i in newest]
    asked = [e.query["id"][0].split(",") for e in consent.log.entries("/youtube/v3/videos")
             if e.query["part"] == ["liveStreamingDetails"]]  # fmt: skip
    assert asked == [newest[:50], newest[50:]]
