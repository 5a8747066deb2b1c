"""Group resources: parsing Google's JSON, round trips, tolerance, and fetch_items."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from typing import Any

import pytest

from analytix_desktop.api.errors import MalformedResponse, NetworkError
from analytix_desktop.api.groups import (
    Group,
    GroupItem,
    GroupItemList,
    GroupItemResource,
    GroupList,
)

GROUP: dict[str, Any] = {
    "kind": "youtube#group",
    "etag": "f6g7h8i9j0",
    "id": "a1b2c3d4e5",
    "snippet": {"publishedAt": "2022-11-30T12:34:56.789Z", "title": "Barney the Dinosaur"},
    "contentDetails": {"itemCount": "69", "itemType": "youtube#video"},
}
ITEM: dict[str, Any] = {
    "kind": "youtube#groupItem",
    "etag": "f6g7h8i9j0",
    "id": "e5d4c3b2a1",
    "groupId": "a1b2c3d4e5",
    "resource": {"kind": "youtube#video", "id": "j0i9h8g7f6"},
}


class RecordingShard:
    """The shard edge: records which group's items were asked for."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def fetch_group_items(self, group_id: str) -> GroupItemList:
        self.asked.append(group_id)
        return GroupItemList.from_json({"kind": "youtube#groupItemListResponse", "items": [ITEM]})


def test_group_fields() -> None:
    group = Group.from_json(RecordingShard(), copy.deepcopy(GROUP))
    assert group.id == "a1b2c3d4e5"
    assert group.title == "Barney the Dinosaur"
    assert group.item_count == 69
    assert group.item_type == "youtube#video"
    assert group.etag == "f6g7h8i9j0"
    assert group.published_at == dt.datetime(2022, 11, 30, 12, 34, 56, 789000, tzinfo=dt.UTC)
    assert "shard" not in repr(group)


@pytest.mark.parametrize(
    "published", ["2022-11-30T12:34:56.789Z", "2022-11-30T12:34:56Z", "2022-11-30T12:34:56.123456Z"]
)
def test_group_round_trip(published: str) -> None:
    data = copy.deepcopy(GROUP)
    data["snippet"]["publishedAt"] = published
    assert Group.from_json(RecordingShard(), data).data == data


def test_published_at_without_zone_is_utc() -> None:
    data = copy.deepcopy(GROUP)
    data["snippet"]["publishedAt"] = "2022-11-30T12:34:56"
    assert Group.from_json(RecordingShard(), data).published_at.tzinfo is dt.UTC


def test_fetch_items_goes_through_the_shard() -> None:
    shard = RecordingShard()
    items = Group.from_json(shard, GROUP).fetch_items()
    assert shard.asked == ["a1b2c3d4e5"]
    assert items[0].resource.id == "j0i9h8g7f6"


def test_groups_are_frozen_slotted_and_compare_without_shard() -> None:
    first = Group.from_json(RecordingShard(), GROUP)
    second = Group.from_json(RecordingShard(), GROUP)
    assert first == second
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.title = "x"  # type: ignore[misc]
    assert not hasattr(first, "__dict__")
    assert not hasattr(GroupItem.from_json(ITEM), "__dict__")


def test_group_list() -> None:
    shard = RecordingShard()
    data = {
        "kind": "youtube#groupListResponse",
        "etag": "e",
        "items": [GROUP, {**GROUP, "id": "second"}],
        "nextPageToken": "page2",
    }
    groups = GroupList.from_json(shard, data)
    assert len(groups) == 2
    assert groups[1].id == "second"
    assert [g.id for g in groups] == ["a1b2c3d4e5", "second"]
    assert groups.next_page_token == "page2"
    assert groups.data == data
    groups[1].fetch_items()
    assert shard.asked == ["second"]


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "youtube#groupListResponse"},
        {"kind": "youtube#groupListResponse", "items": []},
        {"kind": "youtube#groupListResponse", "items": [], "nextPageToken": ""},
        {},
    ],
)
def test_group_list_tolerates_missing_fields(data: dict[str, Any]) -> None:
    groups = GroupList.from_json(RecordingShard(), data)
    assert list(groups) == []
    assert groups.etag is None
    assert groups.next_page_token is None
    assert groups.kind == "youtube#groupListResponse"


def test_group_items() -> None:
    data = {"kind": "youtube#groupItemListResponse", "etag": "x", "items": [ITEM]}
    items = GroupItemList.from_json(data)
    assert len(items) == 1
    item = items[0]
    assert (item.id, item.group_id) == ("e5d4c3b2a1", "a1b2c3d4e5")
    assert item.resource == GroupItemResource("youtube#video", "j0i9h8g7f6")
    assert item.id != item.resource.id
    assert [i.id for i in items] == ["e5d4c3b2a1"]
    assert items.data == data
    without_etag = {k: v for k, v in ITEM.items() if k != "etag"}
    assert GroupItem.from_json(without_etag).data == without_etag
    assert GroupItemList.from_json({}).items == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": None}, "'id'"),
        ({"contentDetails": {"itemCount": "lots", "itemType": "youtube#video"}}, "itemCount"),
        ({"contentDetails": {"itemCount": "1"}}, "itemType"),
        ({"snippet": {"publishedAt": "yesterday", "title": "t"}}, "publishedAt"),
        ({"snippet": "nope"}, "snippet"),
    ],
)
def test_malformed_group(change: dict[str, Any], message: str) -> None:
    data = {**copy.deepcopy(GROUP), **change}
    with pytest.raises(NetworkError, match=message):
        Group.from_json(RecordingShard(), data)


@pytest.mark.parametrize(
    "data",
    [
        "not an object",
        {**ITEM, "groupId": ""},
        {**ITEM, "resource": {"kind": "youtube#video"}},
        {**ITEM, "resource": None},
    ],
)
def test_malformed_group_item(data: Any) -> None:
    with pytest.raises(NetworkError):
        GroupItem.from_json(data)


def test_items_must_be_a_list() -> None:
    with pytest.raises(NetworkError, match="'items'"):
        GroupList.from_json(RecordingShard(), {"items": {"a": 1}})
    with pytest.raises(NetworkError, match="'items'"):
        GroupItemList.from_json({"items": "x"})


def _nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "change",
    [
        {"snippet": {"publishedAt": "x" * 100_000, "title": "t"}},
        {"snippet": {"publishedAt": _nested(800), "title": "t"}},
        {"contentDetails": {"itemCount": {"n": list(range(10_000))}, "itemType": "x"}},
    ],
    ids=["long", "deep", "wide"],
)
def test_a_hostile_group_gives_a_short_message(change: dict[str, Any]) -> None:
    """The error names what is wrong; it does not repeat the hostile value in full."""
    with pytest.raises(MalformedResponse) as info:
        Group.from_json(RecordingShard(), {**copy.deepcopy(GROUP), **change})
    assert len(str(info.value)) < 200
