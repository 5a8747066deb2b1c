"""A breakdown by video of a multi-video filter gives each video its own report's rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from analytix_desktop.sandbox import Sandbox
from tests.sandbox_answers import sandbox_report

END = datetime.now(UTC).date() - timedelta(days=3)
START = END - timedelta(days=120)
METRICS = "views,estimatedMinutesWatched"  # what every one of these reports offers

Rows = dict[tuple[object, ...], list[object]]


def _report(sandbox: Sandbox, channel: str, dimensions: str, videos: list[str]) -> Rows:
    answer = sandbox_report(
        sandbox,
        channel,
        dimensions=dimensions,
        metrics=METRICS,
        filters="video==" + ",".join(videos),
        startDate=START.isoformat(),
        endDate=END.isoformat(),
    )
    width = len(dimensions.split(","))
    return {tuple(row[:width]): row[width:] for row in answer.get("rows", [])}


@pytest.mark.parametrize("dimension", ["country", "deviceType", "insightTrafficSourceType", "day"])
def test_each_video_of_the_split_is_its_own_report(sandbox: Sandbox, dimension: str) -> None:
    for channel in sorted(sandbox.world.catalogs):  # type: ignore[attr-defined]
        catalog = sandbox.world.catalog(channel)  # type: ignore[attr-defined]
        # The latest of each kind (a Short, a live stream...) uploaded in the period, and the
        # one before: each has its own traffic and live share.
        uploaded = [v for v in catalog.videos if START < v.day < END]
        kinds = {v.content_type: v.id for v in uploaded}
        videos = list(dict.fromkeys([*kinds.values(), *(v.id for v in uploaded[-2:])]))
        split = _report(sandbox, channel, f"{dimension},video", videos)
        assert {key[1] for key in split} == set(videos), "every video has views"
        for video in videos:
            own = {  # a report by day alone lists the days without views too
                key: values
                for key, values in _report(sandbox, channel, dimension, [video]).items()
                if any(values)
            }
            mine = {key[:1]: values for key, values in split.items() if key[1] == video}
            assert mine == own, (channel, dimension, video)
