"""``videos.list?part=liveStreamingDetails`` over real sockets: which uploads were broadcasts."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
import requests

from analytix_desktop.api.channels import parse_duration
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.catalog import Video

from .test_youtube import token

RFC_3339_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


@pytest.fixture
def channel(sandbox: Sandbox) -> str:
    return next(c.id for c in sandbox.channels.values() if c.monetised)


@pytest.fixture
def newest(sandbox: Sandbox, channel: str) -> list[Video]:
    """The channel's 50 newest uploads, with live streams and other videos among them."""
    videos: list[Video] = list(sandbox.world.catalog(channel).videos[-50:])  # type: ignore[attr-defined]
    kinds = {v.content_type == "LIVE_STREAM" for v in videos}
    assert kinds == {True, False}
    return videos


def videos(sandbox: Sandbox, channel: str, ids: list[str], part: str) -> list[dict[str, Any]]:
    response = requests.get(
        f"{sandbox.url}/youtube/v3/videos",
        params={"part": part, "id": ",".join(ids)},
        headers={"Authorization": f"Bearer {token(sandbox, channel)}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def moment(text: str) -> datetime:
    assert RFC_3339_UTC.fullmatch(text), text
    return datetime.fromisoformat(text)


def test_broadcasts_have_live_streaming_details(
    sandbox: Sandbox, channel: str, newest: list[Video]
) -> None:
    part = "snippet,contentDetails,liveStreamingDetails"
    items = videos(sandbox, channel, [v.id for v in newest], part)
    assert [item["id"] for item in items] == [v.id for v in newest]
    for video, item in zip(newest, items, strict=True):
        assert item["snippet"]["liveBroadcastContent"] == "none"  # ended, or never live
        if video.content_type != "LIVE_STREAM":
            assert "liveStreamingDetails" not in item
            continue
        details = item["liveStreamingDetails"]
        assert set(details) == {"actualStartTime", "actualEndTime", "scheduledStartTime"}
        start, end = moment(details["actualStartTime"]), moment(details["actualEndTime"])
        scheduled = moment(details["scheduledStartTime"])
        # Live from its publish time for as long as the video lasts, a little after its slot.
        assert start == moment(item["snippet"]["publishedAt"])
        duration = parse_duration(item["contentDetails"]["duration"])
        assert duration is not None
        assert end - start == timedelta(seconds=duration)
        assert start - timedelta(minutes=10) < scheduled <= start


def test_details_only_when_asked_and_the_same_every_time(
    sandbox: Sandbox, channel: str, newest: list[Video]
) -> None:
    ids = [v.id for v in newest]
    assert not any("liveStreamingDetails" in i for i in videos(sandbox, channel, ids, "snippet"))
    first = videos(sandbox, channel, ids, "liveStreamingDetails")
    assert first == videos(sandbox, channel, ids, "id,liveStreamingDetails")
    live = [i["id"] for i in first if "liveStreamingDetails" in i]
    assert live == [v.id for v in newest if v.content_type == "LIVE_STREAM"]
