"""The YouTube Data API resources the app needs: the channel, its uploads and playlists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from . import endpoints
from .errors import NotFound
from .transport import Transport

__all__ = ["Channel", "ContentItem", "fetch_channel", "fetch_playlists", "fetch_uploads"]

_DATA_API = endpoints.DATA_CHANNELS.rsplit("/", 1)[0]
PLAYLISTS = f"{_DATA_API}/playlists"
PLAYLIST_ITEMS = f"{_DATA_API}/playlistItems"
_PAGE_SIZE = "50"  # the Data API's largest page


@dataclass(frozen=True)
class Channel:
    """The channel a grant is bound to (``channels.list?mine=true``)."""

    id: str
    title: str
    custom_url: str
    thumbnail_url: str
    published_at: dt.datetime | None = None
    """When the channel was created: no report can start before it."""


@dataclass(frozen=True)
class ContentItem:
    """A video or playlist for a picker."""

    id: str
    title: str
    published_at: dt.datetime | None
    thumbnail_url: str = ""


def _timestamp(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _thumbnail(snippet: Mapping[str, Any]) -> str:
    thumbnails = snippet.get("thumbnails") or {}
    for size in ("default", "medium", "high"):
        url = (thumbnails.get(size) or {}).get("url")
        if url:
            return str(url)
    return ""


def _my_channel(transport: Transport, token: str, part: str) -> dict[str, Any]:
    data = transport.json(
        "GET",
        endpoints.google_url(endpoints.DATA_CHANNELS),
        params={"part": part, "mine": "true"},
        token=token,
    )
    items = data.get("items") if isinstance(data, dict) else None
    if not items:  # Google omits "items" for an account without a channel
        raise NotFound(404, "this Google account has no YouTube channel", reason="channelNotFound")
    item: dict[str, Any] = items[0]
    return item


def fetch_channel(transport: Transport, token: str) -> Channel:
    """The authorised channel's id, title, handle, thumbnail and creation time."""
    item = _my_channel(transport, token, "snippet")
    snippet = item.get("snippet") or {}
    return Channel(
        id=str(item["id"]),
        title=str(snippet.get("title", "")),
        custom_url=str(snippet.get("customUrl", "")),
        thumbnail_url=_thumbnail(snippet),
        published_at=_timestamp(snippet.get("publishedAt")),
    )


def _pages(
    transport: Transport, url: str, params: dict[str, str], token: str, limit: int
) -> Iterator[dict[str, Any]]:
    """Every item over ``nextPageToken`` pages, up to ``limit`` items (0 = all)."""
    count = 0
    page: str | None = None
    while True:
        query = dict(params, maxResults=_PAGE_SIZE)
        if page:
            query["pageToken"] = page
        data = transport.json("GET", endpoints.google_url(url), params=query, token=token)
        for item in data.get("items") or []:
            yield item
            count += 1
            if limit and count >= limit:
                return
        page = data.get("nextPageToken")
        if not page:
            return


def fetch_uploads(transport: Transport, token: str, *, limit: int = 0) -> list[ContentItem]:
    """The channel's uploaded videos, newest first as the uploads playlist lists them."""
    details = _my_channel(transport, token, "contentDetails").get("contentDetails") or {}
    uploads = (details.get("relatedPlaylists") or {}).get("uploads")
    if not uploads:
        return []
    items = _pages(
        transport,
        PLAYLIST_ITEMS,
        {"part": "snippet,contentDetails", "playlistId": str(uploads)},
        token,
        limit,
    )
    result = []
    for item in items:
        snippet = item.get("snippet") or {}
        content = item.get("contentDetails") or {}
        video_id = content.get("videoId") or (snippet.get("resourceId") or {}).get("videoId")
        if not video_id:
            continue
        published = content.get("videoPublishedAt") or snippet.get("publishedAt")
        title = str(snippet.get("title", ""))
        thumbnail = _thumbnail(snippet)
        result.append(ContentItem(str(video_id), title, _timestamp(published), thumbnail))
    return result


def fetch_playlists(transport: Transport, token: str, *, limit: int = 0) -> list[ContentItem]:
    """The channel's playlists."""
    items = _pages(transport, PLAYLISTS, {"part": "snippet", "mine": "true"}, token, limit)
    result = []
    for item in items:
        if not item.get("id"):
            continue
        snippet = item.get("snippet") or {}
        title = str(snippet.get("title", ""))
        published = _timestamp(snippet.get("publishedAt"))
        result.append(ContentItem(str(item["id"]), title, published, _thumbnail(snippet)))
    return result
