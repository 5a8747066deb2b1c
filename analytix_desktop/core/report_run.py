"""Running a report for a channel: the query as it is, plus what showing it needs.

A retention report is read over the video's own time (m:ss), so its one video's
length is fetched with it (one Data API call). Qt-free: the GUI runs this on a task.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..api import catalogue
from ..api.report import Report
from ..api.transport import RetryHook
from .desktop_client import DesktopClient
from .tasks import TaskContext

if TYPE_CHECKING:
    from ..store.report_db import StoredReport

__all__ = ["ReportRun", "run_report"]

_POSITION = "elapsedVideoTimeRatio"


@dataclass(frozen=True)
class ReportRun:
    """A fetched report and the length of the video it is about (None when not one video).

    Run through the local store (``core.report_history``), it also says when it was
    fetched, whether it came from the store, and why it could not be kept if it was not.
    """

    report: Report
    video_seconds: float | None = None
    fetched_at: float | None = None
    """Unix time of the fetch; None when the run did not go through the store."""
    from_store: bool = False
    stored: StoredReport | None = None
    store_problem: str = ""


def _one_video(query: catalogue.Query) -> str | None:
    videos = query.values("video")
    return videos[0] if _POSITION in query.dimensions and len(videos) == 1 else None


def run_report(
    client: DesktopClient,
    channel_id: str,
    query: catalogue.Query,
    ctx: TaskContext | None = None,
    *,
    on_retry: RetryHook | None = None,
    groups: Mapping[str, str] | None = None,
) -> ReportRun:
    """Fetch ``query`` for ``channel_id``; a retention report also gets its video's length.

    ``groups`` (group id to item type) lets validation pick a group's report family."""
    report = client.fetch_report(channel_id, query, ctx, on_retry=on_retry, groups=groups)
    video = _one_video(query)
    if video is None:
        return ReportRun(report)
    durations = client.call(
        channel_id, lambda shard: shard.fetch_durations([video]), ctx, on_retry=on_retry
    )
    seconds = durations.get(video)
    return ReportRun(report, float(seconds) if seconds else None)
