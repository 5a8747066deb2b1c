"""YouTube Analytics v2 groups and group items: ``/v2/groups`` and ``/v2/groupItems``."""

from __future__ import annotations

import hashlib
import random
import string
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from .http import Request, Response
from .replies import bad_request as _bad
from .replies import forbidden, not_found
from .replies import required as _required
from .world import ANALYTICS_SCOPES, MANAGE_SCOPE, Catalog, World

if TYPE_CHECKING:
    from .server import Sandbox

__all__ = ["GroupRecord", "GroupStore", "register"]

ITEM_CAP = 500
ITEM_TYPES = ("youtube#video", "youtube#playlist")
_ALPHABET = string.ascii_letters + string.digits + "-_"


def _etag(*parts: object) -> str:
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:27]  # noqa: S324 - not security


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class GroupRecord:
    """A group: its items are (group-item id, resource id) pairs of one kind."""

    id: str
    channel_id: str
    title: str
    item_type: str
    published_at: datetime
    items: list[tuple[str, str]] = field(default_factory=list)

    def resource_ids(self) -> tuple[str, ...]:
        return tuple(resource for _, resource in self.items)

    def resource(self) -> dict[str, Any]:
        return {
            "kind": "youtube#group",
            "etag": _etag(self.id, self.title, self.items),
            "id": self.id,
            "snippet": {"publishedAt": _stamp(self.published_at), "title": self.title},
            "contentDetails": {"itemCount": str(len(self.items)), "itemType": self.item_type},
        }

    def item_resource(self, item_id: str, resource_id: str) -> dict[str, Any]:
        return {
            "kind": "youtube#groupItem",
            "etag": _etag(item_id, resource_id),
            "id": item_id,
            "groupId": self.id,
            "resource": {"kind": self.item_type, "id": resource_id},
        }


class GroupStore:
    """Every channel's groups; starts with a few groups drawn from the seed."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._lock = threading.RLock()
        self._rng = random.Random(f"groups-{world.seed}")
        self._groups: dict[str, GroupRecord] = {}
        for catalog in world.catalogs.values():
            self._seed_groups(catalog)

    def _new_id(self, length: int = 10) -> str:
        return "".join(self._rng.choice(_ALPHABET) for _ in range(length))

    def _seed_groups(self, catalog: Catalog) -> None:
        videos = catalog.videos
        if not videos:
            return
        start = catalog.channel.published_at + timedelta(days=200)
        chosen = {
            "Greatest hits": sorted(videos, key=lambda v: -v.quality)[:12],
            "Shorts": [v for v in videos if v.content_type == "SHORTS"][:30],
            "Live streams": [v for v in videos if v.content_type == "LIVE_STREAM"],
            "Latest uploads": list(videos[-8:]),
        }
        for n, (title, members) in enumerate(chosen.items()):
            if members:
                group = self._add(
                    catalog.channel.id, title, "youtube#video", start + timedelta(days=90 * n)
                )
                group.items = [(self._new_id(28), v.id) for v in members]
        if catalog.playlists:
            group = self._add(
                catalog.channel.id, "Playlists", "youtube#playlist", start + timedelta(days=400)
            )
            group.items = [(self._new_id(28), p.id) for p in catalog.playlists]

    def _add(self, channel_id: str, title: str, item_type: str, at: datetime) -> GroupRecord:
        group = GroupRecord(self._new_id(), channel_id, title, item_type, at)
        self._groups[group.id] = group
        return group

    # -- queries ---------------------------------------------------------------------------

    def of_channel(self, channel_id: str) -> list[GroupRecord]:
        with self._lock:
            return sorted(
                (g for g in self._groups.values() if g.channel_id == channel_id),
                key=lambda g: (g.published_at, g.id),
            )

    def get(self, channel_id: str, group_id: str) -> GroupRecord | None:
        with self._lock:
            group = self._groups.get(group_id)
        return group if group is not None and group.channel_id == channel_id else None

    def resolve(self, channel_id: str, group_id: str) -> GroupRecord | None:
        """The channel's group ``group_id`` (for ``filters=group==ID``), or None."""
        return self.get(channel_id, group_id)

    # -- mutations -------------------------------------------------------------------------

    def create(self, channel_id: str, title: str, item_type: str) -> GroupRecord:
        with self._lock:
            return self._add(channel_id, title, item_type, datetime.now(UTC))

    def delete(self, group: GroupRecord) -> None:
        with self._lock:
            self._groups.pop(group.id, None)

    def add_item(self, group: GroupRecord, resource_id: str) -> str:
        with self._lock:
            item_id = self._new_id(28)
            group.items.append((item_id, resource_id))
            return item_id

    def find_item(self, channel_id: str, item_id: str) -> GroupRecord | None:
        with self._lock:
            return next(
                (g for g in self._groups.values()
                 if g.channel_id == channel_id and any(i == item_id for i, _ in g.items)),
                None,
            )  # fmt: skip

    def remove_item(self, group: GroupRecord, item_id: str) -> None:
        with self._lock:
            group.items = [(i, r) for i, r in group.items if i != item_id]


# -- HTTP ------------------------------------------------------------------------------------


def _body(request: Request) -> dict[str, Any]:
    try:
        body = request.json()
    except ValueError as exc:
        raise _bad("Invalid JSON payload received.", "parseError") from exc
    if not isinstance(body, dict):
        raise _bad("Invalid JSON payload received.", "parseError")
    return body


class _Handlers:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.store = sandbox.group_store
        self.catalogs = sandbox.world.catalogs

    def _grant(self, request: Request, *, manage: bool = False) -> str:
        scopes = {MANAGE_SCOPE} if manage else ANALYTICS_SCOPES
        grant = self.sandbox.authenticate(request, ANALYTICS_SCOPES)
        if not grant.scopes & scopes:
            raise forbidden(
                "Request had insufficient authentication scopes.", "insufficientPermissions"
            )
        return grant.channel_id

    def _group(self, channel_id: str, group_id: str | None, param: str = "id") -> GroupRecord:
        if not group_id:
            raise _required(param)
        group = self.store.get(channel_id, group_id)
        if group is None:
            raise not_found("Group not found.")
        return group

    def list_groups(self, request: Request) -> Response:
        channel = self._grant(request)
        ids, mine = request.param("id"), request.param("mine")
        if ids and mine:
            raise _bad("Only one of id and mine may be given.", "invalidParameter", "id")
        if ids:
            wanted = [i.strip() for i in ids.split(",") if i.strip()]
            groups = [g for g in self.store.of_channel(channel) if g.id in wanted]
        elif mine == "true":
            groups = self.store.of_channel(channel)
        else:
            raise _required("id")
        size = int(self.sandbox.group_page_size)
        token = request.param("pageToken") or ""
        start = 0
        if token:
            try:
                start = int(token.removeprefix("p"))
            except ValueError as exc:
                raise _bad("Invalid page token.", "invalidPageToken", "pageToken") from exc
        page = groups[start : start + size]
        payload: dict[str, Any] = {
            "kind": "youtube#groupListResponse",
            "etag": _etag(channel, [g.id for g in page], start),
            "items": [g.resource() for g in page],
        }
        if start + size < len(groups):
            payload["nextPageToken"] = f"p{start + size}"
        return Response.json(200, payload)

    def insert_group(self, request: Request) -> Response:
        channel = self._grant(request, manage=True)
        body = _body(request)
        title = (body.get("snippet") or {}).get("title")
        item_type = (body.get("contentDetails") or {}).get("itemType")
        if not title:
            raise _required("snippet.title")
        if not item_type:
            raise _required("contentDetails.itemType")
        if item_type not in ITEM_TYPES:
            raise _bad(f"Invalid value ({item_type}) given in field contentDetails.itemType.")
        return Response.json(200, self.store.create(channel, str(title), item_type).resource())

    def update_group(self, request: Request) -> Response:
        channel = self._grant(request, manage=True)
        body = _body(request)
        group = self._group(channel, body.get("id"))
        title = (body.get("snippet") or {}).get("title")
        if not title:
            raise _required("snippet.title")
        group.title = str(title)
        return Response.json(200, group.resource())

    def delete_group(self, request: Request) -> Response:
        channel = self._grant(request, manage=True)
        self.store.delete(self._group(channel, request.param("id")))
        return Response(204, b"")

    def list_items(self, request: Request) -> Response:
        channel = self._grant(request)
        group = self._group(channel, request.param("groupId"), "groupId")
        items = [group.item_resource(i, r) for i, r in list(group.items)]
        return Response.json(
            200,
            {
                "kind": "youtube#groupItemListResponse",
                "etag": _etag(group.id, items),
                "items": items,
            },
        )

    def insert_item(self, request: Request) -> Response:
        channel = self._grant(request, manage=True)
        body = _body(request)
        group = self._group(channel, body.get("groupId"), "groupId")
        resource = body.get("resource") or {}
        kind, resource_id = resource.get("kind"), resource.get("id")
        if not resource_id:
            raise _required("resource.id")
        if kind != group.item_type:
            raise _bad(
                f"Invalid value ({kind}) given in field resource.kind: the group holds "
                f"{group.item_type} items."
            )
        catalog = self.catalogs[channel]
        known = catalog.video(resource_id) if kind == "youtube#video" else \
            catalog.playlist(resource_id)  # fmt: skip
        if known is None:
            raise not_found("Resource not found.")
        if len(group.items) >= ITEM_CAP:
            raise _bad(f"A group may contain at most {ITEM_CAP} items.", "groupItemLimitExceeded")
        item_id = self.store.add_item(group, resource_id)
        return Response.json(200, group.item_resource(item_id, resource_id))

    def delete_item(self, request: Request) -> Response:
        channel = self._grant(request, manage=True)
        item_id = request.param("id")
        if not item_id:
            raise _required("id")
        group = self.store.find_item(channel, item_id)
        if group is None:
            raise not_found("Group item not found.")
        self.store.remove_item(group, item_id)
        return Response(204, b"")


def register(sandbox: Sandbox) -> None:
    """Add the group routes; ``sandbox.group_page_size`` sets the groups.list page size."""
    handlers = _Handlers(sandbox)
    sandbox.route("GET", "/v2/groups", handlers.list_groups)
    sandbox.route("POST", "/v2/groups", handlers.insert_group)
    sandbox.route("PUT", "/v2/groups", handlers.update_group)
    sandbox.route("DELETE", "/v2/groups", handlers.delete_group)
    sandbox.route("GET", "/v2/groupItems", handlers.list_items)
    sandbox.route("POST", "/v2/groupItems", handlers.insert_item)
    sandbox.route("DELETE", "/v2/groupItems", handlers.delete_item)
