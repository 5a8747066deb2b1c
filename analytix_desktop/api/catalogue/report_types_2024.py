"""The channel reports Google added on 6 May 2024: DMAs, live concurrency, member churn.

- User activity by DMA: US television markets, so ``filters=country==US`` is required.
- Concurrent viewers: one live-streamed video, optionally minute by minute. The catalogue
  can check that exactly one video is named, not that it was a live stream.
- Member cancellations: how many members left, by the reason given in the survey.
"""

from __future__ import annotations

from .metrics import in_column_order
from .report_type import ReportType
from .rules import Required, ZeroOrMore, ZeroOrOne

__all__ = ["REPORT_TYPES_2024"]

_CONTENT_AND_STATUS = ZeroOrMore("creatorContentType", "subscribedStatus")
_DMA_METRICS = in_column_order(
    "engagedViews", "views", "estimatedMinutesWatched", "averageViewDuration",
    "averageViewPercentage",
)  # fmt: skip

REPORT_TYPES_2024: tuple[ReportType, ...] = (
    ReportType(
        "User activity by DMA",
        (Required("dma"), _CONTENT_AND_STATUS, ZeroOrOne("day", "month")),
        (Required("country==US"), ZeroOrOne("video", "group"), ZeroOrMore("subscribedStatus")),
        _DMA_METRICS,
    ),
    ReportType(
        "Concurrent viewers",
        (ZeroOrOne("livestreamPosition"),),
        (Required("video"),),
        in_column_order("averageConcurrentViewers", "peakConcurrentViewers"),
        single_value=frozenset({"video"}),
    ),
    ReportType(
        "Member cancellations",
        (ZeroOrOne("membershipsCancellationSurveyReason"),),
        (),
        in_column_order("membershipsCancellationSurveyResponses"),
    ),
)
