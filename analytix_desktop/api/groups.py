"""Analytics group resources: ``youtube#group``, ``youtube#groupItem`` and their list responses.

Parsing tolerates what Google may leave out (``etag``, ``nextPageToken``, an empty
``items``); a resource missing what identifies it raises :class:`MalformedResponse`.
"""

from __future__ import annotations

import datetime as dt
import reprlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from analytix_desktop.api.errors import MalformedResponse

__all__ = [
    "Group",
    "GroupItem",
    "GroupItemList",
    "GroupItemResource",
    "GroupList",
    "GroupShard",
]


class GroupShard(Protocol):
    """What a group needs from the shard that fetched it."""

    def fetch_group_items(self, group_id: str) -> GroupItemList: ...


def _shown(value: Any) -> str:
    """A value for a message, cut short and shallow: a hostile answer must not flood a dialog."""
    return reprlib.repr(value)


def _object(data: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise MalformedResponse(f"{what} is not a JSON object: {_shown(data)}")
    return data


def _text(data: Mapping[str, Any], key: str, what: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise MalformedResponse(f"{what} has no {key!r}")
    return value


def _etag(data: Mapping[str, Any]) -> str | None:
    value = data.get("etag")
    return value if isinstance(value, str) else None


def _items(data: Mapping[str, Any], what: str) -> list[Any]:
    items = data.get("items", [])
    if not isinstance(items, list):
        raise MalformedResponse(f"{what}'s 'items' is not a list")
    return items


def _parse_time(text: Any) -> dt.datetime:
    """An RFC 3339 time; fractions longer than microseconds are cut, ``Z`` is UTC."""
    if not isinstance(text, str):
        raise MalformedResponse(f"a group's publishedAt is not a time: {_shown(text)}")
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise MalformedResponse(f"a group's publishedAt is not a time: {_shown(text)}") from None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _format_time(value: dt.datetime) -> str:
    """RFC 3339 in UTC with ``Z``, keeping as many fraction digits as needed (0, 3 or 6)."""
    if value.microsecond == 0:
        spec = "seconds"
    elif value.microsecond % 1000 == 0:
        spec = "milliseconds"
    else:
        spec = "microseconds"
    text = value.astimezone(dt.UTC).isoformat(timespec=spec)
    return text.removesuffix("+00:00") + "Z"


@dataclass(frozen=True, slots=True)
class Group:
    """An analytics group: up to 500 videos or playlists used as a report filter."""

    kind: str
    etag: str | None
    id: str
    published_at: dt.datetime
    title: str
    item_count: int
    item_type: str
    shard: GroupShard = field(repr=False, compare=False)

    @classmethod
    def from_json(cls, shard: GroupShard, data: Any) -> Group:
        """Parse a ``youtube#group``; ``shard`` is used by :meth:`fetch_items`."""
        data = _object(data, "a group")
        snippet = _object(data.get("snippet", {}), "a group's snippet")
        details = _object(data.get("contentDetails", {}), "a group's contentDetails")
        try:
            item_count = int(details.get("itemCount", "0"))
        except (TypeError, ValueError):
            raise MalformedResponse(
                f"a group's itemCount is not a number: {_shown(details)}"
            ) from None
        return cls(
            kind=data.get("kind", "youtube#group"),
            etag=_etag(data),
            id=_text(data, "id", "a group"),
            published_at=_parse_time(snippet.get("publishedAt")),
            title=snippet.get("title", ""),
            item_count=item_count,
            item_type=_text(details, "itemType", "a group's contentDetails"),
            shard=shard,
        )

    @property
    def data(self) -> dict[str, Any]:
        """The group as Google's JSON."""
        data: dict[str, Any] = {"kind": self.kind}
        if self.etag is not None:
            data["etag"] = self.etag
        data["id"] = self.id
        data["snippet"] = {"publishedAt": _format_time(self.published_at), "title": self.title}
        data["contentDetails"] = {"itemCount": str(self.item_count), "itemType": self.item_type}
        return data

    def fetch_items(self) -> GroupItemList:
        """The group's items, fetched through the shard that fetched the group."""
        return self.shard.fetch_group_items(self.id)


@dataclass(frozen=True, slots=True)
class GroupList:
    """One page of ``groups.list``; ``next_page_token`` is ``None`` on the last page."""

    kind: str
    etag: str | None
    items: list[Group]
    next_page_token: str | None

    @classmethod
    def from_json(cls, shard: GroupShard, data: Any) -> GroupList:
        """Parse a ``youtube#groupListResponse``."""
        data = _object(data, "a group list")
        token = data.get("nextPageToken")
        return cls(
            kind=data.get("kind", "youtube#groupListResponse"),
            etag=_etag(data),
            items=[Group.from_json(shard, item) for item in _items(data, "a group list")],
            next_page_token=token if isinstance(token, str) and token else None,
        )

    @property
    def data(self) -> dict[str, Any]:
        """The page as Google's JSON."""
        data: dict[str, Any] = {"kind": self.kind}
        if self.etag is not None:
            data["etag"] = self.etag
        data["items"] = [group.data for group in self.items]
        if self.next_page_token is not None:
            data["nextPageToken"] = self.next_page_token
        return data

    def __getitem__(self, index: int) -> Group:
        return self.items[index]

    def __iter__(self) -> Iterator[Group]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True, slots=True)
class GroupItemResource:
    """What a group item points at: ``kind`` (``youtube#video``...) and the real ``id``."""

    kind: str
    id: str

    @classmethod
    def from_json(cls, data: Any) -> GroupItemResource:
        """Parse a group item's ``resource``."""
        data = _object(data, "a group item's resource")
        return cls(
            kind=_text(data, "kind", "a group item's resource"),
            id=_text(data, "id", "a group item's resource"),
        )

    @property
    def data(self) -> dict[str, str]:
        """The resource as Google's JSON."""
        return {"kind": self.kind, "id": self.id}


@dataclass(frozen=True, slots=True)
class GroupItem:
    """A membership: ``id`` identifies it (for removal), ``resource.id`` the video or playlist."""

    kind: str
    etag: str | None
    id: str
    group_id: str
    resource: GroupItemResource

    @classmethod
    def from_json(cls, data: Any) -> GroupItem:
        """Parse a ``youtube#groupItem``."""
        data = _object(data, "a group item")
        return cls(
            kind=data.get("kind", "youtube#groupItem"),
            etag=_etag(data),
            id=_text(data, "id", "a group item"),
            group_id=_text(data, "groupId", "a group item"),
            resource=GroupItemResource.from_json(data.get("resource")),
        )

    @property
    def data(self) -> dict[str, Any]:
        """The item as Google's JSON."""
        data: dict[str, Any] = {"kind": self.kind}
        if self.etag is not None:
            data["etag"] = self.etag
        data.update(id=self.id, groupId=self.group_id, resource=self.resource.data)
        return data


@dataclass(frozen=True, slots=True)
class GroupItemList:
    """The items of one group (``groupItems.list`` has no paging)."""

    kind: str
    etag: str | None
    items: list[GroupItem]

    @classmethod
    def from_json(cls, data: Any) -> GroupItemList:
        """Parse a ``youtube#groupItemListResponse``."""
        data = _object(data, "a group item list")
        return cls(
            kind=data.get("kind", "youtube#groupItemListResponse"),
            etag=_etag(data),
            items=[GroupItem.from_json(item) for item in _items(data, "a group item list")],
        )

    @property
    def data(self) -> dict[str, Any]:
        """The list as Google's JSON."""
        data: dict[str, Any] = {"kind": self.kind}
        if self.etag is not None:
            data["etag"] = self.etag
        data["items"] = [item.data for item in self.items]
        return data

    def __getitem__(self, index: int) -> GroupItem:
        return self.items[index]

    def __iter__(self) -> Iterator[GroupItem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
