"""YouTube Data API v3 stand-in over real sockets: channels, playlists, items, videos, images."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import requests

from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.grants import Grant

AUTH = "https://www.googleapis.com/auth/"
READONLY = frozenset({AUTH + "youtube.readonly"})


def token(sandbox: Sandbox, channel_id: str, scopes: frozenset[str] = READONLY) -> str:
    user = next(u for u in sandbox.users if channel_id in u.channel_ids)
    return sandbox.grants.issue_access(Grant("test", user.sub, channel_id, scopes))[0]


@pytest.fixture
def channel(sandbox: Sandbox) -> str:
    return next(c.id for c in sandbox.channels.values() if c.monetised)


@pytest.fixture
def api(sandbox: Sandbox, channel: str) -> Any:
    headers = {"Authorization": f"Bearer {token(sandbox, channel)}"}

    def call(resource: str, **params: Any) -> requests.Response:
        return requests.get(
            f"{sandbox.url}/youtube/v3/{resource}", params=params, headers=headers, timeout=10
        )

    return call


def test_channel_mine(sandbox: Sandbox, api: Any, channel: str) -> None:
    body = api("channels", part="snippet,contentDetails,statistics", mine="true").json()
    assert body["kind"] == "youtube#channelListResponse"
    assert body["pageInfo"]["totalResults"] == 1
    [item] = body["items"]
    identity = sandbox.channels[channel]
    assert item["id"] == channel
    snippet = item["snippet"]
    assert snippet["title"] == identity.title
    assert snippet["customUrl"] == identity.custom_url
    assert snippet["publishedAt"].endswith("Z")
    # The channel is older than its first upload ("Lifetime" reports start there).
    created = datetime.fromisoformat(snippet["publishedAt"])
    assert created == identity.published_at.replace(microsecond=0)
    assert created < min(video.published_at for video in sandbox.world.catalog(channel).videos)
    assert snippet["country"] == identity.country
    assert set(snippet["thumbnails"]) == {"default", "medium", "high"}
    assert item["contentDetails"]["relatedPlaylists"]["uploads"] == "UU" + channel[2:]
    stats = item["statistics"]
    assert all(isinstance(stats[k], str) for k in ("viewCount", "subscriberCount", "videoCount"))
    assert int(stats["viewCount"]) > 0
    image = requests.get(snippet["thumbnails"]["medium"]["url"], timeout=10)
    assert image.status_code == 200
    assert image.headers["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_user_avatar_is_served(sandbox: Sandbox) -> None:
    user = sandbox.users[0]
    image = requests.get(f"{sandbox.url}/sandbox/avatars/{user.sub}.png?s=32", timeout=10)
    assert image.status_code == 200
    assert image.content[:4] == b"\x89PNG"


def test_only_snippet_when_asked(api: Any) -> None:
    [item] = api("channels", part="snippet", mine="true").json()["items"]
    assert "statistics" not in item
    assert "contentDetails" not in item


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"mine": "true"}, "required"),
        ({"part": "snippet"}, "missingRequiredParameter"),
        ({"part": "bogus", "mine": "true"}, "unknownPart"),
    ],
)
def test_channel_refusals(api: Any, params: dict[str, str], reason: str) -> None:
    response = api("channels", **params)
    assert response.status_code == 400
    assert response.json()["error"]["errors"][0]["reason"] == reason


def test_auth_errors(sandbox: Sandbox, channel: str) -> None:
    url = f"{sandbox.url}/youtube/v3/channels?part=snippet&mine=true"
    assert requests.get(url, timeout=10).status_code == 401
    analytics_only = token(sandbox, channel, frozenset({AUTH + "yt-analytics.readonly"}))
    response = requests.get(url, headers={"Authorization": f"Bearer {analytics_only}"}, timeout=10)
    assert response.status_code == 403


def test_playlists_page(sandbox: Sandbox, api: Any, channel: str) -> None:
    first = api("playlists", part="snippet,contentDetails", mine="true", maxResults=2).json()
    assert first["kind"] == "youtube#playlistListResponse"
    assert len(first["items"]) == 2
    second = api(
        "playlists", part="snippet", mine="true", maxResults=2, pageToken=first["nextPageToken"]
    ).json()
    ids = [p["id"] for p in first["items"] + second["items"]]
    catalog = sandbox.world.catalog(channel)  # type: ignore[attr-defined]
    assert ids == [p.id for p in catalog.playlists[:4]]
    assert first["items"][0]["contentDetails"]["itemCount"] == len(catalog.playlists[0].video_ids)
    assert api("playlists", part="snippet", mine="true", maxResults=51).status_code == 400


def test_uploads_playlist_items_page_through_every_video(
    sandbox: Sandbox, api: Any, channel: str
) -> None:
    seen: list[str] = []
    page: str | None = None
    while True:
        params = {
            "part": "snippet,contentDetails",
            "playlistId": "UU" + channel[2:],
            "maxResults": 50,
            **({"pageToken": page} if page else {}),
        }
        body = api("playlistItems", **params).json()
        seen += [i["contentDetails"]["videoId"] for i in body["items"]]
        page = body.get("nextPageToken")
        if not page:
            break
    catalog = sandbox.world.catalog(channel)  # type: ignore[attr-defined]
    assert seen == [v.id for v in reversed(catalog.videos)]
    assert body["items"][-1]["snippet"]["position"] == len(seen) - 1


def test_playlist_items_of_a_playlist_and_unknown(sandbox: Sandbox, api: Any, channel: str) -> None:
    playlist = sandbox.world.catalog(channel).playlists[0]  # type: ignore[attr-defined]
    body = api("playlistItems", part="snippet", playlistId=playlist.id, maxResults=50).json()
    ids = [i["snippet"]["resourceId"]["videoId"] for i in body["items"]]
    assert ids == list(playlist.video_ids[:50])
    missing = api("playlistItems", part="snippet", playlistId="PLnothing")
    assert missing.status_code == 404
    assert missing.json()["error"]["errors"][0]["reason"] == "playlistNotFound"


def test_videos(sandbox: Sandbox, api: Any, channel: str) -> None:
    videos = sandbox.world.catalog(channel).videos  # type: ignore[attr-defined]
    ids = [v.id for v in videos[-3:]]
    body = api("videos", part="snippet,contentDetails,statistics", id=",".join(ids)).json()
    assert [v["id"] for v in body["items"]] == ids
    item = body["items"][0]
    assert item["contentDetails"]["duration"].startswith("PT")
    assert int(item["statistics"]["viewCount"]) >= int(item["statistics"]["likeCount"]) >= 0
    many = ",".join(v.id for v in videos[:51])
    assert api("videos", part="snippet", id=many).status_code == 400
