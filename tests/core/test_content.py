"""The content view's figures against a sandbox channel of 2,100 uploads: paging in
batches of ids (request counts from the sandbox's log), numbers equal to the sandbox's
own per-video answers, "Since published" from each video's publish day, and nothing
fetched twice."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.transport import RetryPolicy, Transport
from analytix_desktop.core.content import (
    BATCH_SIZE,
    DURATION_BATCH,
    SINCE_PUBLISHED,
    ContentCache,
    fetch_content,
    fetch_durations,
    video_analytics_queries,
)
from analytix_desktop.core.context import ChannelContext
from analytix_desktop.core.desktop_client import DesktopClient
from analytix_desktop.core.ranges import last_data_day, preset_range
from analytix_desktop.core.services import Services
from analytix_desktop.core.tasks import Cancelled, Control, Progress
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.catalog import Catalog, Video
from analytix_desktop.store import AppPaths, TokenStore
from tests.gui.conftest import MemoryKeyring, memory_keyring  # noqa: F401
from tests.sandbox_answers import sandbox_report

REPORTS = "/v2/reports"
VIDEOS = "/youtube/v3/videos"
UPLOADS = 2_100
METRICS = "views,estimatedMinutesWatched,averageViewDuration,likes,subscribersGained"


def big_catalog(catalog: Catalog) -> Catalog:
    """The channel made two years old with an upload every ~8 hours: 2,100 videos."""
    rng = random.Random("big-channel")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    channel = dataclasses.replace(catalog.channel, published_at=now - dt.timedelta(days=740))
    videos = []
    for n in range(UPLOADS):
        kind = ("SHORTS", "VIDEO_ON_DEMAND", "VIDEO_ON_DEMAND", "LIVE_STREAM")[n % 4]
        duration = {"SHORTS": 40, "LIVE_STREAM": 4000}.get(kind, 300 + n)
        videos.append(
            Video(
                id="".join(rng.choice("abcdefghijkLMNOPQ0123456789-_") for _ in range(11)),
                title=f"Upload number {n}",
                description="",
                published_at=channel.published_at + dt.timedelta(days=10, hours=8 * n),
                duration=duration,
                content_type=kind,
                quality=rng.lognormvariate(0.0, 0.8),
                has_cards=False,
                tags=("big",),
            )
        )
    return Catalog(channel, tuple(videos), ())


@pytest.fixture(scope="module")
def big_sandbox() -> Iterator[tuple[Sandbox, str]]:
    """A sandbox of its own whose first channel has 2,100 uploads."""
    with Sandbox(seed=5, auto_consent=True) as sandbox:
        channel_id = sandbox.users[0].channel_ids[0]
        sandbox.world.catalogs[channel_id] = big_catalog(sandbox.world.catalogs[channel_id])
        sandbox.consent.channel = channel_id
        yield sandbox, channel_id


@pytest.fixture
def connected(
    big_sandbox: tuple[Sandbox, str],
    tmp_path: Path,
    memory_keyring: MemoryKeyring,  # noqa: F811
) -> Iterator[tuple[Sandbox, Services, DesktopClient, ChannelContext]]:
    sandbox, channel_id = big_sandbox
    paths = AppPaths.under(tmp_path / "config")
    sandbox.write_secrets(paths.secrets_file)
    services = Services(paths)
    transport = Transport(retry=RetryPolicy(attempts=2, base=0.01, cap=0.02, deadline=2))
    client = services.client(TokenStore(), Endpoints.rooted_at(sandbox.url), transport=transport)
    flow = client.new_flow()
    url = flow.start()
    threading.Thread(target=requests.get, args=(url,), kwargs={"timeout": 10}, daemon=True).start()
    account = client.connect(flow)
    assert account.channel_id == channel_id
    context = client.fetch_context(account)
    assert len(context.videos) == UPLOADS
    sandbox.log.clear()
    yield sandbox, services, client, context
    transport.close()
    services.close()


def own_answer(sandbox: Sandbox, channel_id: str, video_id: str, start: dt.date, end: dt.date):
    """The sandbox's own row for one video over ``start``..``end`` (asked alone)."""
    answer = sandbox_report(
        sandbox,
        channel_id,
        metrics=METRICS,
        filters=f"video=={video_id}",
        startDate=start.isoformat(),
        endDate=end.isoformat(),
    )
    rows = answer.get("rows", [])
    return rows[0] if rows else None


def as_row(figures) -> list:
    return [
        figures.views,
        figures.minutes,
        figures.average_seconds,
        figures.likes,
        figures.subscribers,
    ]


def test_every_upload_is_fetched_in_batches_of_ids_with_the_sandboxs_numbers(connected) -> None:
    sandbox, services, client, context = connected
    progress: list[Progress] = []
    found = fetch_content(
        services.history,
        client,
        context.channel_id,
        context.title,
        list(context.videos.values()),
        "last90",
        Control(progress.append),
        created=context.created,
    )
    requests_made = sandbox.log.entries(REPORTS)
    assert len(requests_made) == math.ceil(UPLOADS / BATCH_SIZE) == found.requests == 5
    asked = [
        entry.query["filters"][0].removeprefix("video==").split(",") for entry in requests_made
    ]
    assert all(len(ids) <= BATCH_SIZE for ids in asked)
    assert sorted(video for ids in asked for video in ids) == sorted(context.videos)
    assert {entry.query["dimensions"][0] for entry in requests_made} == {"video"}
    assert [p.text for p in progress if p.text][:2] == [
        "Fetching figures: batch 1 of 5…",
        "Fetching figures: batch 2 of 5…",
    ]
    start, end = preset_range("last90")
    newest = sorted(context.videos.values(), key=lambda v: v.published or dt.date.min)[-30:]
    watched = [v for v in newest if found.figures.get(v.id, None) is not None][:4]
    assert len(watched) == 4
    for video in watched:
        assert as_row(found.figures[video.id]) == own_answer(
            sandbox, context.channel_id, video.id, start, end
        )
    assert sum(f.views for f in found.figures.values()) == sandbox_report(
        sandbox, context.channel_id, metrics="views", startDate=start.isoformat(),
        endDate=end.isoformat(),
    )["rows"][0][0]  # fmt: skip


def test_since_published_counts_each_video_from_its_own_publish_day(connected) -> None:
    sandbox, services, client, context = connected
    found = fetch_content(
        services.history,
        client,
        context.channel_id,
        context.title,
        list(context.videos.values()),
        SINCE_PUBLISHED,
        Control(),
        created=context.created,
    )
    assert sandbox.log.count(REPORTS) == math.ceil(UPLOADS / BATCH_SIZE)
    end = last_data_day()
    by_date = sorted(context.videos.values(), key=lambda v: v.published or dt.date.min)
    for video in (by_date[3], by_date[BATCH_SIZE + 17], by_date[-40]):
        assert video.published is not None
        expected = own_answer(sandbox, context.channel_id, video.id, video.published, end)
        assert expected is not None
        assert expected[0] > 0
        assert as_row(found.figures[video.id]) == expected


def test_nothing_is_fetched_twice(connected) -> None:
    sandbox, services, client, context = connected
    videos = list(context.videos.values())
    cache = ContentCache()

    def fetch(cache: ContentCache):
        return fetch_content(
            services.history, client, context.channel_id, context.title, videos, "last28",
            Control(), cache=cache, created=context.created,
        )  # fmt: skip

    first = fetch(cache)
    assert sandbox.log.count(REPORTS) == 5
    assert fetch(cache) is first  # kept in memory
    again = fetch(ContentCache())  # a new session: the local report store answers
    assert sandbox.log.count(REPORTS) == 5
    assert again.requests == 0
    assert again.figures == first.figures


def test_durations_fifty_ids_a_call_then_from_memory(connected) -> None:
    sandbox, _services, client, context = connected
    catalog = sandbox.world.catalogs[context.channel_id]
    cache = ContentCache()
    ids = list(context.videos)
    durations = fetch_durations(client, context.channel_id, ids, Control(), cache=cache)
    assert sandbox.log.count(VIDEOS) == math.ceil(UPLOADS / DURATION_BATCH)
    assert durations == {video.id: video.duration for video in catalog.videos}
    assert fetch_durations(client, context.channel_id, ids, Control(), cache=cache) == durations
    assert sandbox.log.count(VIDEOS) == math.ceil(UPLOADS / DURATION_BATCH)


def test_a_cancelled_fetch_stops_between_batches(connected) -> None:
    sandbox, services, client, context = connected
    controls: list[Control] = []

    def cancel_after_first(progress: Progress) -> None:
        if "batch 2" in progress.text:
            controls[0].cancel()

    control = Control(cancel_after_first)
    controls.append(control)
    with pytest.raises(Cancelled):
        fetch_content(
            services.history, client, context.channel_id, context.title,
            list(context.videos.values()), "last365", control, created=context.created,
        )  # fmt: skip
    assert sandbox.log.count(REPORTS) == 1


def test_a_batch_of_one_video_asks_without_a_dimension(connected) -> None:
    sandbox, services, client, context = connected
    video = next(iter(context.videos.values()))
    found = fetch_content(
        services.history, client, context.channel_id, context.title, [video], "last365",
        Control(), created=context.created,
    )  # fmt: skip
    (entry,) = sandbox.log.entries(REPORTS)
    assert "dimensions" not in entry.query
    assert entry.query["filters"] == [f"video=={video.id}"]
    start, end = preset_range("last365")
    assert as_row(found.figures[video.id]) == own_answer(
        sandbox, context.channel_id, video.id, start, end
    )


def test_the_per_video_set_is_filtered_to_the_video() -> None:
    start, end = dt.date(2025, 1, 1), dt.date(2025, 3, 31)
    queries = video_analytics_queries("abcdefghijk", start, end)
    assert [title for title, _ in queries] == [
        "Views over time",
        "Audience retention",
        "Traffic sources",
        "Geography",
        "Devices",
    ]
    assert [q.dimensions[0] for _, q in queries] == [
        "day",
        "elapsedVideoTimeRatio",
        "insightTrafficSourceType",
        "country",
        "deviceType",
    ]
    assert all(q.filters == {"video": "abcdefghijk"} for _, q in queries)
    assert all((q.start_date, q.end_date) == (start, end) for _, q in queries)
