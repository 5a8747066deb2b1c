"""A video (or playlist) filter with several values may also be a dimension, over real HTTP.

Google's channel_reports page, "Filters": with several values for ``video`` or ``playlist``,
the request may add that filter to its dimensions even where the report does not list it.
The sandbox then answers one row per video (per day, device...), and those rows add up to
the report without the video dimension.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from analytix_desktop.sandbox import Sandbox

from .test_reports import LAST, UNSUPPORTED, base, channel_of, error_of, get, token

ADDITIVE = "views,engagedViews,estimatedMinutesWatched,likes,subscribersGained"


@pytest.fixture
def channel(sandbox: Sandbox) -> str:
    return channel_of(sandbox, monetised=True)


@pytest.fixture
def access(sandbox: Sandbox, channel: str) -> str:
    return token(sandbox, channel)


@pytest.fixture
def videos(sandbox: Sandbox, channel: str) -> list[str]:
    """Three videos uploaded well before the 60 days the reports cover."""
    uploads = sandbox.world.catalog(channel).videos
    old = [v.id for v in uploads if (LAST - v.day).days > 90]
    assert len(old) >= 3
    return old[-3:]


@pytest.fixture
def playlists(sandbox: Sandbox, channel: str) -> list[str]:
    lists = sandbox.world.catalog(channel).playlists
    assert len(lists) >= 2
    return [p.id for p in lists[:2]]


def rows_of(sandbox: Sandbox, access: str, **params: Any) -> list[list[Any]]:
    response = get(sandbox, access, **base(**params))
    assert response.status_code == 200, response.text
    rows: list[list[Any]] = response.json().get("rows", [])
    return rows


def summed(rows: list[list[Any]], keys: int, dropped: int) -> dict[tuple[Any, ...], list[Any]]:
    """Rows summed over the dimension at index ``dropped``, keyed by the other dimensions."""
    totals: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0] * (len(rows[0]) - keys))
    for row in rows:
        key = tuple(v for i, v in enumerate(row[:keys]) if i != dropped)
        totals[key] = [a + b for a, b in zip(totals[key], row[keys:], strict=True)]
    return dict(totals)


def test_rows_per_video_add_up_to_the_report_without_it(
    sandbox: Sandbox, access: str, videos: list[str]
) -> None:
    listed = ",".join(videos)
    response = get(sandbox, access, **base(dimensions="day,video", filters=f"video=={listed}",
                                           metrics=ADDITIVE))  # fmt: skip
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["columnHeaders"][1] == {
        "name": "video", "columnType": "DIMENSION", "dataType": "STRING"
    }  # fmt: skip
    rows = body["rows"]
    assert {row[1] for row in rows} == set(videos)
    assert len({(row[0], row[1]) for row in rows}) == len(rows)  # one row per (day, video)
    by_day = rows_of(sandbox, access, dimensions="day", filters=f"video=={listed}",
                     metrics=ADDITIVE)  # fmt: skip
    assert summed(rows, 2, dropped=1) == {(row[0],): row[1:] for row in by_day}


def test_each_video_row_is_that_videos_own_report(
    sandbox: Sandbox, access: str, videos: list[str]
) -> None:
    metrics = f"{ADDITIVE},averageViewDuration"
    rows = rows_of(sandbox, access, dimensions="day,video", filters=f"video=={','.join(videos)}",
                   metrics=metrics)  # fmt: skip
    for video in videos:
        alone = rows_of(sandbox, access, dimensions="day", filters=f"video=={video}",
                        metrics=metrics)  # fmt: skip
        assert [[row[0], *row[2:]] for row in rows if row[1] == video] == alone


def test_a_breakdown_by_video_and_device_adds_up(
    sandbox: Sandbox, access: str, videos: list[str]
) -> None:
    listed = ",".join(videos[:2])
    metrics = "views,estimatedMinutesWatched"
    rows = rows_of(sandbox, access, dimensions="deviceType,video",
                   filters=f"video=={listed};subscribedStatus==SUBSCRIBED",
                   metrics=metrics)  # fmt: skip
    assert {row[1] for row in rows} == set(videos[:2])
    by_device = rows_of(sandbox, access, dimensions="deviceType",
                        filters=f"video=={listed};subscribedStatus==SUBSCRIBED",
                        metrics=metrics)  # fmt: skip
    assert summed(rows, 2, dropped=1) == {(row[0],): row[1:] for row in by_device}


def test_rows_per_playlist_add_up_and_match_each_playlist(
    sandbox: Sandbox, access: str, playlists: list[str]
) -> None:
    metrics = "playlistViews,playlistStarts,views"
    listed = ",".join(playlists)
    rows = rows_of(sandbox, access, dimensions="day,playlist", filters=f"playlist=={listed}",
                   metrics=metrics)  # fmt: skip
    assert rows
    assert {row[1] for row in rows} <= set(playlists)
    by_day = rows_of(sandbox, access, dimensions="day", filters=f"playlist=={listed}",
                     metrics=metrics)  # fmt: skip
    assert summed(rows, 2, dropped=1) == {(row[0],): row[1:] for row in by_day}
    for playlist in playlists:
        alone = rows_of(sandbox, access, dimensions="day", filters=f"playlist=={playlist}",
                        metrics=metrics)  # fmt: skip
        assert [[row[0], *row[2:]] for row in rows if row[1] == playlist] == alone


def test_a_video_named_twice_is_one_row(sandbox: Sandbox, access: str, videos: list[str]) -> None:
    first, second = videos[:2]
    twice = rows_of(sandbox, access, dimensions="day,video",
                    filters=f"video=={first},{second},{first}", metrics="views")  # fmt: skip
    once = rows_of(sandbox, access, dimensions="day,video", filters=f"video=={first},{second}",
                   metrics="views")  # fmt: skip
    assert twice == once
    totals = rows_of(sandbox, access, filters=f"video=={first},{second},{first}", metrics="views")
    assert totals == rows_of(sandbox, access, filters=f"video=={first},{second}", metrics="views")


@pytest.mark.parametrize("filters", ["", "video=={first}"])
def test_one_video_or_none_is_no_video_dimension(
    sandbox: Sandbox, access: str, videos: list[str], filters: str
) -> None:
    params = base(dimensions="day,video", filters=filters.format(first=videos[0]))
    error = error_of(get(sandbox, access, **params), 400)
    assert error["message"].startswith(UNSUPPORTED)
