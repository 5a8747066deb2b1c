"""YouTube Analytics groups and their items, per channel; a few are drawn from the seed."""

from __future__ import annotations

import random
import string
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from .catalog import Catalog
from .http import etag
from .world import World

__all__ = ["GroupRecord", "GroupStore"]

_ALPHABET = string.ascii_letters + string.digits + "-_"


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
            "etag": etag(self.id, self.title, self.items),
            "id": self.id,
            "snippet": {"publishedAt": _stamp(self.published_at), "title": self.title},
            "contentDetails": {"itemCount": str(len(self.items)), "itemType": self.item_type},
        }

    def item_resource(self, item_id: str, resource_id: str) -> dict[str, Any]:
        return {
            "kind": "youtube#groupItem",
            "etag": etag(item_id, resource_id),
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
