"""What a report pane says: its tab title and tooltip, its busy text while Google is
waited for, and where its report comes from."""

from __future__ import annotations

import math

from ..api import catalogue
from ..core.context import ChannelContext
from ..core.report_run import ReportRun
from .describe import describe_query
from .formatting import format_moment

__all__ = ["pane_titles", "provenance_text", "retry_text"]


def pane_titles(
    query: catalogue.Query, context: ChannelContext | None = None, channel_title: str = ""
) -> tuple[str, str]:
    """A short tab title that tells panes apart (``Top videos · Bread · 28 Oct–24 Nov``)
    and the whole query, one part a line (its tooltip and accessible name)."""
    description = describe_query(query, context, channel_title)
    return description.short_title(), description.tooltip()


def retry_text(delay: float, status: int, message: str) -> str:
    """The busy text while the transport waits ``delay`` s before trying again."""
    seconds = max(1, math.ceil(delay))
    if status in (403, 429):
        why = f"Google asked to wait {seconds} s ({status}: {message})"
    elif status:
        why = f"Google had a problem ({status}: {message}); waiting {seconds} s"
    else:
        why = f"The connection failed ({message}); waiting {seconds} s"
    return f"{why}. The report will be fetched again then…"


def provenance_text(run: ReportRun) -> str:
    """Where a pane's report comes from: Google just now, or the local history."""
    if run.fetched_at is None:
        return ""
    when = format_moment(run.fetched_at)
    if run.from_store:
        return (
            f"From local history: fetched from Google on {when}; no request was made. "
            "Refresh fetches it again."
        )
    return f"Fetched from Google on {when}."
