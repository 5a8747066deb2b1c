"""``/v2/groups`` and ``/v2/groupItems`` over real sockets, on a sandbox of their own."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.grants import Grant
from analytix_desktop.sandbox.groups import ITEM_CAP

AUTH = "https://www.googleapis.com/auth/"
READ = frozenset({AUTH + "yt-analytics.readonly", AUTH + "youtube.readonly"})
MANAGE = READ | {AUTH + "youtube"}


@pytest.fixture(scope="module")
def own() -> Iterator[Sandbox]:
    """Mutations must not leak into the session sandbox other tests read."""
    with Sandbox(seed=11) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def channel(own: Sandbox) -> str:
    return next(iter(own.channels))


def token(sandbox: Sandbox, channel_id: str, scopes: frozenset[str]) -> str:
    user = next(u for u in sandbox.users if channel_id in u.channel_ids)
    return sandbox.grants.issue_access(Grant("test", user.sub, channel_id, scopes))[0]


class Api:
    def __init__(self, sandbox: Sandbox, access: str) -> None:
        self.sandbox, self.headers = sandbox, {"Authorization": f"Bearer {access}"}

    def __call__(
        self, method: str, path: str, *, json: Any = None, **params: Any
    ) -> requests.Response:
        return requests.request(
            method,
            f"{self.sandbox.url}/v2/{path}",
            params=params,
            json=json,
            headers=self.headers,
            timeout=10,
        )


@pytest.fixture
def reader(own: Sandbox, channel: str) -> Api:
    return Api(own, token(own, channel, READ))


@pytest.fixture
def manager(own: Sandbox, channel: str) -> Api:
    return Api(own, token(own, channel, MANAGE))


def test_list_mine_pages_with_tokens(own: Sandbox, reader: Api, channel: str) -> None:
    own.group_page_size = 2  # type: ignore[attr-defined]
    try:
        seen: list[str] = []
        token_: str | None = None
        while True:
            body = reader("GET", "groups", mine="true", pageToken=token_ or "").json()
            assert body["kind"] == "youtube#groupListResponse"
            assert len(body["items"]) <= 2
            seen += [g["id"] for g in body["items"]]
            token_ = body.get("nextPageToken")
            if not token_:
                break
    finally:
        own.group_page_size = 25  # type: ignore[attr-defined]
    assert seen == [g.id for g in own.group_store.of_channel(channel)]
    assert len(seen) >= 3


def test_group_shape_and_list_by_id(reader: Api) -> None:
    first = reader("GET", "groups", mine="true").json()["items"][0]
    assert first["kind"] == "youtube#group"
    assert first["etag"]
    assert isinstance(first["contentDetails"]["itemCount"], str)
    assert first["contentDetails"]["itemType"] in ("youtube#video", "youtube#playlist")
    assert datetime.fromisoformat(first["snippet"]["publishedAt"]) < datetime.now(UTC)
    body = reader("GET", "groups", id=f"{first['id']},unknown").json()
    assert [g["id"] for g in body["items"]] == [first["id"]]


def test_list_needs_id_or_mine(reader: Api) -> None:
    response = reader("GET", "groups")
    assert response.status_code == 400
    assert response.json()["error"]["errors"][0]["reason"] == "required"


def test_mutations_need_the_youtube_scope(reader: Api) -> None:
    body = {"snippet": {"title": "x"}, "contentDetails": {"itemType": "youtube#video"}}
    response = reader("POST", "groups", json=body)
    assert response.status_code == 403
    assert response.json()["error"]["errors"][0]["reason"] == "insufficientPermissions"
    assert reader("DELETE", "groupItems", id="whatever").status_code == 403


def test_create_rename_fill_and_delete(own: Sandbox, manager: Api, channel: str) -> None:
    body = {"snippet": {"title": "Tests"}, "contentDetails": {"itemType": "youtube#video"}}
    group = manager("POST", "groups", json=body).json()
    assert group["snippet"]["title"] == "Tests"
    assert group["contentDetails"] == {"itemCount": "0", "itemType": "youtube#video"}
    renamed = manager("PUT", "groups", json={"id": group["id"], "snippet": {"title": "Renamed"}})
    assert renamed.json()["snippet"]["title"] == "Renamed"

    videos = own.world.catalog(channel).videos  # type: ignore[attr-defined]
    added = manager(
        "POST",
        "groupItems",
        json={"groupId": group["id"], "resource": {"kind": "youtube#video", "id": videos[-1].id}},
    )
    item = added.json()
    assert item["kind"] == "youtube#groupItem"
    assert item["groupId"] == group["id"]
    assert item["resource"] == {"kind": "youtube#video", "id": videos[-1].id}
    assert item["id"] != videos[-1].id
    listed = manager("GET", "groupItems", groupId=group["id"]).json()
    assert listed["kind"] == "youtube#groupItemListResponse"
    assert [i["id"] for i in listed["items"]] == [item["id"]]
    again = manager("GET", "groups", id=group["id"]).json()["items"][0]
    assert again["contentDetails"]["itemCount"] == "1"

    assert manager("DELETE", "groupItems", id=videos[-1].id).status_code == 404
    assert manager("DELETE", "groupItems", id=item["id"]).status_code == 204
    assert manager("GET", "groupItems", groupId=group["id"]).json()["items"] == []
    assert manager("DELETE", "groups", id=group["id"]).status_code == 204
    assert manager("GET", "groupItems", groupId=group["id"]).status_code == 404


def test_item_rules(own: Sandbox, manager: Api, channel: str) -> None:
    catalog = own.world.catalog(channel)  # type: ignore[attr-defined]
    body = {"snippet": {"title": "Cap"}, "contentDetails": {"itemType": "youtube#video"}}
    group = manager("POST", "groups", json=body).json()

    def add(kind: str, resource_id: str) -> requests.Response:
        return manager(
            "POST",
            "groupItems",
            json={"groupId": group["id"], "resource": {"kind": kind, "id": resource_id}},
        )

    assert add("youtube#playlist", catalog.playlists[0].id).status_code == 400
    assert add("youtube#video", "notAVideo00").status_code == 404
    record = own.group_store.get(channel, group["id"])
    assert record is not None
    record.items = [(f"i{n}", catalog.videos[0].id) for n in range(ITEM_CAP - 1)]
    assert add("youtube#video", catalog.videos[1].id).status_code == 200
    assert add("youtube#video", catalog.videos[2].id).status_code == 400


def test_bad_bodies_and_unknown_groups(manager: Api) -> None:
    assert manager("POST", "groups", json={"snippet": {}}).status_code == 400
    bad_type = {"snippet": {"title": "t"}, "contentDetails": {"itemType": "youtube#channel"}}
    assert manager("POST", "groups", json=bad_type).status_code == 400
    assert manager("GET", "groupItems", groupId="nope").status_code == 404
    assert manager("GET", "groupItems").status_code == 400
    assert manager("DELETE", "groups", id="nope").status_code == 404


def test_report_follows_group_changes(own: Sandbox, manager: Api, channel: str) -> None:
    catalog = own.world.catalog(channel)  # type: ignore[attr-defined]
    body = {"snippet": {"title": "Report"}, "contentDetails": {"itemType": "youtube#video"}}
    group = manager("POST", "groups", json=body).json()
    last = datetime.now(UTC).date() - timedelta(days=2)
    params = {
        "ids": "channel==MINE",
        "metrics": "views",
        "filters": f"group=={group['id']}",
        "startDate": str(last - timedelta(days=365)),
        "endDate": str(last),
    }

    def views() -> int:
        response = requests.get(
            f"{own.url}/v2/reports", params=params, headers=manager.headers, timeout=10
        )
        assert response.status_code == 200
        return sum(r[0] for r in response.json().get("rows", []))

    assert views() == 0
    manager(
        "POST",
        "groupItems",
        json={
            "groupId": group["id"],
            "resource": {"kind": "youtube#video", "id": catalog.videos[-5].id},
        },
    )
    assert views() > 0
