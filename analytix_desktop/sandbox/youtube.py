"""YouTube Data API v3: ``channels``, ``playlists``, ``playlistItems`` and ``videos`` lists."""

from __future__ import annotations

import base64
import zlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from .bearer import Authenticate
from .catalog import Catalog, Playlist, Video
from .horizon import last_data_day
from .http import Request, Response, etag
from .replies import bad_request, not_found
from .routing import Router
from .scopes import DATA_SCOPES
from .world import World

__all__ = ["register"]

_PARTS = {
    "channels": {"id", "snippet", "contentDetails", "statistics"},
    "playlists": {"id", "snippet", "contentDetails"},
    "playlistItems": {"id", "snippet", "contentDetails"},
    "videos": {"id", "snippet", "contentDetails", "statistics", "liveStreamingDetails"},
}
_CHANNEL_FILTERS = (
    "forUsername, managedByMe, categoryId, mine, mySubscribers, id, idParam, forHandle"
)


def _stamp(moment: datetime) -> str:
    # Not strftime: it imports the time module on every call, and an import on a server
    # thread can deadlock with PySide's import hook while the GUI thread is in Qt code.
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{secs}S" if secs or text == "PT" else "")


def _live_details(video: Video) -> dict[str, str]:
    """When a finished broadcast was planned, began and ended (it went live at publish time).

    Streams begin a few minutes after the time they were announced for; how many is
    drawn from the video's id so that every call answers the same.
    """
    start = video.published_at
    late = timedelta(minutes=zlib.crc32(f"scheduled/{video.id}".encode()) % 10)
    return {
        "actualStartTime": _stamp(start),
        "actualEndTime": _stamp(start + timedelta(seconds=video.duration)),
        "scheduledStartTime": _stamp(start - late),
    }


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def _offset(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        return int(text.removeprefix("o:"))
    except ValueError:
        raise bad_request(
            "The request specifies an invalid page token.", "invalidPageToken", "pageToken"
        ) from None


def _parts(request: Request, resource: str) -> set[str]:
    text = request.param("part")
    if not text:
        raise bad_request("Required parameter: part", "required", "part")
    parts = {p.strip() for p in text.split(",") if p.strip()}
    for part in parts:
        if part not in _PARTS[resource]:
            raise bad_request(f"'{part}'", "unknownPart", "part")
    return parts


def _page(
    request: Request,
    items: Sequence[Any],
    kind: str,
    render: Callable[[Any], dict[str, Any]],
    default_size: int = 5,
) -> Response:
    text = request.param("maxResults") or str(default_size)
    if not text.isdigit() or int(text) > 50:
        raise bad_request(
            f"Invalid value '{text}'. Values must be within the range: [0, 50]",
            "invalidParameter",
            "maxResults",
        )
    size = int(text)
    token = request.param("pageToken")
    start = _offset(token) if token else 0
    chosen = items[start : start + size]
    payload: dict[str, Any] = {
        "kind": kind,
        "etag": etag(kind, start, [render(i)["id"] for i in chosen]),
    }
    if start + size < len(items):
        payload["nextPageToken"] = _token(start + size)
    if start > 0:
        payload["prevPageToken"] = _token(max(start - size, 0))
    payload["pageInfo"] = {"totalResults": len(items), "resultsPerPage": size}
    payload["items"] = [render(i) for i in chosen]
    return Response.json(200, payload)


class _DataAPI:
    def __init__(self, world: World, authenticate: Authenticate, root: str) -> None:
        self.world = world
        self.authenticate = authenticate
        self.root = root

    def _catalog(self, request: Request) -> Catalog:
        grant = self.authenticate(request, DATA_SCOPES)
        return self.world.catalog(grant.channel_id)

    def _images(self, key: str, square: bool) -> dict[str, dict[str, Any]]:
        root = self.root
        if square:
            sizes = {"default": 88, "medium": 240, "high": 800}
            return {name: {"url": f"{root}/sandbox/avatars/{key}.png?s={px}", "width": px,
                           "height": px} for name, px in sizes.items()}  # fmt: skip
        sizes = {"default": 120, "medium": 320, "high": 480}
        return {name: {"url": f"{root}/sandbox/thumbnails/{key}.png?w={px}", "width": px,
                       "height": px * 9 // 16} for name, px in sizes.items()}  # fmt: skip

    # -- channels ----------------------------------------------------------------------------

    def channels(self, request: Request) -> Response:
        catalog = self._catalog(request)
        parts = _parts(request, "channels")
        channel = catalog.channel
        ids = [i.strip() for i in (request.param("id") or "").split(",") if i.strip()]
        if request.param("mine") == "true":
            found = [catalog]
        elif ids:
            found = [self.world.catalog(i) for i in ids if i in self.world.catalogs]
        else:
            raise bad_request(
                f"No filter selected. Expected one of: {_CHANNEL_FILTERS}",
                "missingRequiredParameter",
            )
        payload: dict[str, Any] = {
            "kind": "youtube#channelListResponse",
            "etag": etag(channel.id, sorted(parts)),
            "pageInfo": {"totalResults": len(found), "resultsPerPage": 5},
        }
        if found:
            payload["items"] = [self._channel(c, parts) for c in found]
        return Response.json(200, payload)

    def _channel(self, catalog: Catalog, parts: set[str]) -> dict[str, Any]:
        channel = catalog.channel
        item: dict[str, Any] = {"kind": "youtube#channel", "etag": etag(channel.id),
                                "id": channel.id}  # fmt: skip
        if "snippet" in parts:
            item["snippet"] = {
                "title": channel.title,
                "description": channel.description,
                "customUrl": channel.custom_url,
                "publishedAt": _stamp(channel.published_at),
                "thumbnails": self._images(channel.id, square=True),
                "localized": {"title": channel.title, "description": channel.description},
                "country": channel.country,
            }
        if "contentDetails" in parts:
            item["contentDetails"] = {
                "relatedPlaylists": {"likes": "", "uploads": catalog.uploads_playlist_id}
            }
        if "statistics" in parts:
            cube = self.world.cube(channel.id)
            end = cube.day_index(last_data_day()) + 1
            totals = cube.videos.totals
            views = int(totals["views"][:end].sum())
            gained, lost = totals["subscribersGained"][:end], totals["subscribersLost"][:end]
            subs = int(gained.sum() - lost.sum())
            shown = int(float(f"{max(subs, 0):.3g}"))  # public counts show 3 significant digits
            item["statistics"] = {"viewCount": str(views), "subscriberCount": str(shown),
                                  "hiddenSubscriberCount": False,
                                  "videoCount": str(len(catalog.videos))}  # fmt: skip
        return item

    # -- playlists and their items -----------------------------------------------------------

    def playlists(self, request: Request) -> Response:
        catalog = self._catalog(request)
        parts = _parts(request, "playlists")
        if request.param("mine") == "true":
            lists: Sequence[Playlist] = catalog.playlists
        elif request.param("id"):
            wanted = {i.strip() for i in (request.param("id") or "").split(",")}
            lists = [p for p in catalog.playlists if p.id in wanted]
        else:
            raise bad_request(
                "No filter selected. Expected one of: channelId, id, mine",
                "missingRequiredParameter",
            )
        return _page(
            request,
            lists,
            "youtube#playlistListResponse",
            lambda p: self._playlist(catalog, p, parts),
        )

    def _playlist(self, catalog: Catalog, playlist: Playlist, parts: set[str]) -> dict[str, Any]:
        item: dict[str, Any] = {"kind": "youtube#playlist", "etag": etag(playlist.id),
                                "id": playlist.id}  # fmt: skip
        if "snippet" in parts:
            item["snippet"] = {
                "publishedAt": _stamp(playlist.published_at),
                "channelId": catalog.channel.id,
                "title": playlist.title,
                "description": playlist.description,
                "thumbnails": self._images(playlist.video_ids[0], square=False),
                "channelTitle": catalog.channel.title,
                "localized": {"title": playlist.title, "description": playlist.description},
            }
        if "contentDetails" in parts:
            item["contentDetails"] = {"itemCount": len(playlist.video_ids)}
        return item

    def playlist_items(self, request: Request) -> Response:
        catalog = self._catalog(request)
        parts = _parts(request, "playlistItems")
        playlist_id = request.param("playlistId")
        if not playlist_id:
            raise bad_request(
                "No filter selected. Expected one of: id, playlistId", "missingRequiredParameter"
            )
        if playlist_id == catalog.uploads_playlist_id:
            videos = list(reversed(catalog.videos))  # newest first, as on the channel page
        else:
            playlist = catalog.playlist(playlist_id)
            if playlist is None:
                raise not_found(
                    "The playlist identified with the request's <code>playlistId"
                    "</code> parameter cannot be found.",
                    "playlistNotFound",
                )
            videos = [v for v in (catalog.video(i) for i in playlist.video_ids) if v]
        positioned = list(enumerate(videos))
        return _page(
            request,
            positioned,
            "youtube#playlistItemListResponse",
            lambda pv: self._playlist_item(catalog, playlist_id, pv[0], pv[1], parts),
        )

    def _playlist_item(
        self, catalog: Catalog, playlist_id: str, position: int, video: Video, parts: set[str]
    ) -> dict[str, Any]:
        item_id = base64.urlsafe_b64encode(f"{playlist_id}.{video.id}".encode()).decode()
        item: dict[str, Any] = {"kind": "youtube#playlistItem", "etag": etag(item_id),
                                "id": item_id.rstrip("=")}  # fmt: skip
        if "snippet" in parts:
            item["snippet"] = {
                "publishedAt": _stamp(video.published_at),
                "channelId": catalog.channel.id,
                "title": video.title,
                "description": video.description,
                "thumbnails": self._images(video.id, square=False),
                "channelTitle": catalog.channel.title,
                "playlistId": playlist_id,
                "position": position,
                "resourceId": {"kind": "youtube#video", "videoId": video.id},
                "videoOwnerChannelTitle": catalog.channel.title,
                "videoOwnerChannelId": catalog.channel.id,
            }
        if "contentDetails" in parts:
            item["contentDetails"] = {
                "videoId": video.id,
                "videoPublishedAt": _stamp(video.published_at),
            }
        return item

    # -- videos ------------------------------------------------------------------------------

    def videos(self, request: Request) -> Response:
        catalog = self._catalog(request)
        parts = _parts(request, "videos")
        ids = [i.strip() for i in (request.param("id") or "").split(",") if i.strip()]
        if not ids:
            raise bad_request(
                "No filter selected. Expected one of: chart, id, myRating",
                "missingRequiredParameter",
            )
        if len(ids) > 50:
            raise bad_request(
                "The request specifies an invalid filter parameter.", "invalidFilters", "id"
            )
        found = [v for v in (catalog.video(i) for i in ids) if v]
        stats: dict[str, list[int]] = {}
        if "statistics" in parts and found:
            cube = self.world.cube(catalog.channel.id)
            through = last_data_day()
            for metric in ("views", "likes", "comments"):
                stats[metric] = cube.lifetime(metric, through).tolist()
        index = {v.id: i for i, v in enumerate(catalog.videos)}
        items = [self._video(catalog, v, parts, {m: s[index[v.id]] for m, s in stats.items()})
                 for v in found]  # fmt: skip
        return Response.json(200, {
            "kind": "youtube#videoListResponse",
            "etag": etag(tuple(ids), sorted(parts)),
            "items": items,
            "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)},
        })  # fmt: skip

    def _video(
        self, catalog: Catalog, video: Video, parts: set[str], stats: dict[str, int]
    ) -> dict[str, Any]:
        item: dict[str, Any] = {"kind": "youtube#video", "etag": etag(video.id), "id": video.id}
        if "snippet" in parts:
            item["snippet"] = {
                "publishedAt": _stamp(video.published_at),
                "channelId": catalog.channel.id,
                "title": video.title,
                "description": video.description,
                "thumbnails": self._images(video.id, square=False),
                "channelTitle": catalog.channel.title,
                "tags": list(video.tags),
                "categoryId": "22",
                "liveBroadcastContent": "none",  # every sandbox stream has ended
                "localized": {"title": video.title, "description": video.description},
            }
        if "contentDetails" in parts:
            item["contentDetails"] = {
                "duration": _duration(video.duration), "dimension": "2d", "definition": "hd",
                "caption": "false", "licensedContent": True, "contentRating": {},
                "projection": "rectangular",
            }  # fmt: skip
        if "statistics" in parts:
            item["statistics"] = {"viewCount": str(stats["views"]),
                                  "likeCount": str(stats["likes"]), "favoriteCount": "0",
                                  "commentCount": str(stats["comments"])}  # fmt: skip
        # Google adds the object only for a broadcast (upcoming, live or finished).
        if "liveStreamingDetails" in parts and video.content_type == "LIVE_STREAM":
            item["liveStreamingDetails"] = _live_details(video)
        return item


def register(router: Router, world: World, authenticate: Authenticate, root: str) -> None:
    """Add the Data API routes; image URLs start with ``root`` (served by :mod:`.images`)."""
    api = _DataAPI(world, authenticate, root)
    router.route("GET", "/youtube/v3/channels", api.channels)
    router.route("GET", "/youtube/v3/playlists", api.playlists)
    router.route("GET", "/youtube/v3/playlistItems", api.playlist_items)
    router.route("GET", "/youtube/v3/videos", api.videos)
