"""YouTube Analytics v2 groups and group items: ``/v2/groups`` and ``/v2/groupItems``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .bearer import Authenticate
from .catalog import Catalog
from .group_store import GroupRecord, GroupStore
from .http import Request, Response, etag
from .options import Options
from .replies import Reply, forbidden, not_found
from .replies import bad_request as _bad
from .replies import required as _required
from .routing import Router
from .scopes import ANALYTICS_SCOPES, MANAGE_SCOPE

__all__ = ["ITEM_CAP", "register"]

ITEM_CAP = 500
ITEM_TYPES = ("youtube#video", "youtube#playlist")


def _body(request: Request) -> dict[str, Any]:
    try:
        body = request.json()
    except ValueError as exc:
        raise _bad("Invalid JSON payload received.", "parseError") from exc
    if not isinstance(body, dict):
        raise _bad("Invalid JSON payload received.", "parseError")
    return body


def _wrong_type(field: str, expected: str, value: object) -> Reply:
    """Google's answer to a JSON value of the wrong type for its field."""
    shown = json.dumps(value)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return _bad(f"Invalid value at '{field}' ({expected}), {shown}")


def _object(body: dict[str, Any], name: str, field: str, schema: str) -> dict[str, Any]:
    """Member ``name`` of ``body``, an object (empty when absent or null)."""
    value = body.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _wrong_type(field, schema, value)
    return value


def _text(body: dict[str, Any], name: str, field: str) -> str | None:
    """Member ``name`` of ``body``, a string (None when absent or null)."""
    value = body.get(name)
    if value is None or isinstance(value, str):
        return value
    raise _wrong_type(field, "TYPE_STRING", value)


class _Handlers:
    def __init__(
        self,
        store: GroupStore,
        catalogs: Mapping[str, Catalog],
        authenticate: Authenticate,
        options: Options,
    ) -> None:
        self.store = store
        self.catalogs = catalogs
        self.authenticate = authenticate
        self.options = options

    def _grant(self, request: Request, *, manage: bool = False) -> str:
        scopes = {MANAGE_SCOPE} if manage else ANALYTICS_SCOPES
        grant = self.authenticate(request, ANALYTICS_SCOPES)
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
        size = int(self.options.group_page_size)
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
            "etag": etag(channel, [g.id for g in page], start),
            "items": [g.resource() for g in page],
        }
        if start + size < len(groups):
            payload["nextPageToken"] = f"p{start + size}"
        return Response.json(200, payload)

    def insert_group(self, request: Request) -> Response:
        channel = self._grant(request, manage=True)
        body = _body(request)
        title = _text(_object(body, "snippet", "snippet", "GroupSnippet"), "title", "snippet.title")
        details = _object(body, "contentDetails", "contentDetails", "GroupContentDetails")
        item_type = _text(details, "itemType", "contentDetails.itemType")
        if not title:
            raise _required("snippet.title")
        if not item_type:
            raise _required("contentDetails.itemType")
        if item_type not in ITEM_TYPES:
            raise _bad(f"Invalid value ({item_type}) given in field contentDetails.itemType.")
        return Response.json(200, self.store.create(channel, title, item_type).resource())

    def update_group(self, request: Request) -> Response:
        channel = self._grant(request, manage=True)
        body = _body(request)
        group = self._group(channel, _text(body, "id", "id"))
        title = _text(_object(body, "snippet", "snippet", "GroupSnippet"), "title", "snippet.title")
        if not title:
            raise _required("snippet.title")
        group.title = title
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
                "etag": etag(group.id, items),
                "items": items,
            },
        )

    def insert_item(self, request: Request) -> Response:
        channel = self._grant(request, manage=True)
        body = _body(request)
        group = self._group(channel, _text(body, "groupId", "groupId"), "groupId")
        resource = _object(body, "resource", "resource", "GroupItemResource")
        kind = _text(resource, "kind", "resource.kind")
        resource_id = _text(resource, "id", "resource.id")
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


def register(
    router: Router,
    store: GroupStore,
    catalogs: Mapping[str, Catalog],
    authenticate: Authenticate,
    options: Options,
) -> None:
    """Add the group routes; ``options.group_page_size`` sets the groups.list page size."""
    handlers = _Handlers(store, catalogs, authenticate, options)
    router.route("GET", "/v2/groups", handlers.list_groups)
    router.route("POST", "/v2/groups", handlers.insert_group)
    router.route("PUT", "/v2/groups", handlers.update_group)
    router.route("DELETE", "/v2/groups", handlers.delete_group)
    router.route("GET", "/v2/groupItems", handlers.list_items)
    router.route("POST", "/v2/groupItems", handlers.insert_item)
    router.route("DELETE", "/v2/groupItems", handlers.delete_item)
