"""A group filter's report family follows the group's item type in the sandbox, as at Google."""

from __future__ import annotations

import pytest

from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.group_store import GroupRecord

from .test_reports import UNSUPPORTED, base, channel_of, error_of, get, token


@pytest.fixture
def channel(sandbox: Sandbox) -> str:
    return channel_of(sandbox, monetised=True)


@pytest.fixture
def access(sandbox: Sandbox, channel: str) -> str:
    return token(sandbox, channel)


def group_of(sandbox: Sandbox, channel: str, item_type: str) -> GroupRecord:
    return next(g for g in sandbox.group_store.of_channel(channel) if g.item_type == item_type)


def test_a_playlist_group_with_a_video_only_filter_is_refused(
    sandbox: Sandbox, access: str, channel: str
) -> None:
    group = group_of(sandbox, channel, "youtube#playlist")
    response = get(sandbox, access, **base(filters=f"group=={group.id};deviceType==TV"))
    assert error_of(response, 400)["message"].startswith(UNSUPPORTED)
    response = get(
        sandbox, access, **base(dimensions="dma", filters=f"group=={group.id};country==US")
    )
    assert error_of(response, 400)["message"].startswith(UNSUPPORTED)


def test_a_playlist_group_reports_like_its_playlists(
    sandbox: Sandbox, access: str, channel: str
) -> None:
    group = group_of(sandbox, channel, "youtube#playlist")
    metrics = "views,playlistViews,playlistStarts"
    by_group = get(sandbox, access, **base(dimensions="day", filters=f"group=={group.id}",
                                           metrics=metrics))  # fmt: skip
    playlists = ",".join(group.resource_ids())
    by_playlists = get(sandbox, access, **base(dimensions="day", filters=f"playlist=={playlists}",
                                               metrics=metrics))  # fmt: skip
    assert by_group.status_code == by_playlists.status_code == 200
    assert by_group.json()["rows"] == by_playlists.json()["rows"]


def test_a_video_group_refuses_playlist_metrics(
    sandbox: Sandbox, access: str, channel: str
) -> None:
    group = group_of(sandbox, channel, "youtube#video")
    response = get(sandbox, access, **base(filters=f"group=={group.id}", metrics="playlistStarts"))
    assert error_of(response, 400)["message"].startswith(UNSUPPORTED)
    response = get(sandbox, access, **base(filters=f"group=={group.id}", metrics="views"))
    assert response.status_code == 200
