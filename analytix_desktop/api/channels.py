"""The YouTube Data API resources the app needs: the channel, its uploads and playlists."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .endpoints import Endpoints
from .errors import NotFound
from .transport import Transport

__all__ = [
    "Channel",
    "ContentItem",
    "fetch_channel",
    "fetch_durations",
    "fetch_live_streams",
    "fetch_playlists",
    "fetch_uploads",
    "parse_duration",
]

_PAGE_SIZE = "50"  # the Data API's largest page
_IDS_PER_CALL = 50  # videos.list takes at most 50 ids
# ISO 8601 durations as the Data API writes them: P[nD]T[nH][nM][nS].
_DURATION = re.compile(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")


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


def _my_channel(
    transport: Transport, endpoints: Endpoints, token: str, part: str
) -> dict[str, Any]:
    data = transport.json(
        "GET", endpoints.channels, params={"part": part, "mine": "true"}, token=token
    )
    items = data.get("items") if isinstance(data, dict) else None
    if not items:  # Google omits "items" for an account without a channel
        raise NotFound(404, "this Google account has no YouTube channel", reason="channelNotFound")
    item: dict[str, Any] = items[0]
    return item


def fetch_channel(transport: Transport, endpoints: Endpoints, token: str) -> Channel:
    """The authorised channel's id, title, handle, thumbnail and creation time."""
    item = _my_channel(transport, endpoints, token, "snippet")
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
        data = transport.json("GET", url, params=query, token=token)
        for item in data.get("items") or []:
            yield item
            count += 1
            if limit and count >= limit:
                return
        page = data.get("nextPageToken")
        if not page:
            return


def fetch_uploads(
    transport: Transport, endpoints: Endpoints, token: str, *, limit: int = 0
) -> list[ContentItem]:
    """The channel's uploaded videos, newest first as the uploads playlist lists them."""
    channel = _my_channel(transport, endpoints, token, "contentDetails")
    details = channel.get("contentDetails") or {}
    uploads = (details.get("relatedPlaylists") or {}).get("uploads")
    if not uploads:
        return []
    items = _pages(
        transport,
        endpoints.playlist_items,
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


def fetch_playlists(
    transport: Transport, endpoints: Endpoints, token: str, *, limit: int = 0
) -> list[ContentItem]:
    """The channel's playlists."""
    params = {"part": "snippet", "mine": "true"}
    items = _pages(transport, endpoints.playlists, params, token, limit)
    result = []
    for item in items:
        if not item.get("id"):
            continue
        snippet = item.get("snippet") or {}
        title = str(snippet.get("title", ""))
        published = _timestamp(snippet.get("publishedAt"))
        result.append(ContentItem(str(item["id"]), title, published, _thumbnail(snippet)))
    return result


def parse_duration(text: str) -> int | None:
    """Seconds of an ISO 8601 duration such as ``PT1H2M3S``; None when it is not one."""
    match = _DURATION.fullmatch(text)
    if match is None or text in ("P", "PT") or text.endswith("T"):
        return None
    days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def _videos(
    transport: Transport, endpoints: Endpoints, token: str, video_ids: list[str], part: str
) -> Iterator[dict[str, Any]]:
    """The ``videos.list`` items of ``video_ids``, asked 50 ids at a time.

    No ``maxResults``: Google does not take it together with ``id``. Unknown or foreign
    ids simply have no item.
    """
    for start in range(0, len(video_ids), _IDS_PER_CALL):
        chunk = video_ids[start : start + _IDS_PER_CALL]
        params = {"part": part, "id": ",".join(chunk)}
        data = transport.json("GET", endpoints.videos, params=params, token=token)
        for item in data.get("items") or []:
            if item.get("id"):
                yield item


def fetch_durations(
    transport: Transport, endpoints: Endpoints, token: str, video_ids: list[str]
) -> dict[str, int]:
    """Each video's length in seconds (``videos.list``, 50 ids a call); unknown ones left out."""
    durations: dict[str, int] = {}
    for item in _videos(transport, endpoints, token, video_ids, "contentDetails"):
        details = item.get("contentDetails") or {}
        seconds = parse_duration(str(details.get("duration", "")))
        if seconds is not None:
            durations[str(item["id"])] = seconds
    return durations


def fetch_live_streams(
    transport: Transport, endpoints: Endpoints, token: str, video_ids: list[str]
) -> set[str]:
    """Those of ``video_ids`` that went out as live broadcasts (50 ids a call).

    Google gives ``liveStreamingDetails`` to upcoming broadcasts too; only one that
    actually started (``actualStartTime``) has viewers to count.
    """
    items = _videos(transport, endpoints, token, video_ids, "liveStreamingDetails")
    return {
        str(item["id"])
        for item in items
        if isinstance(details := item.get("liveStreamingDetails"), dict)
        and details.get("actualStartTime")
    }
