"""Reach reports in panes: the Reach tab's Run reads the local reach store on a worker
and shows the result in a new pane (table, chart, exports as for any pane) with a note of
the days it covers, where its views come from and which days are missing and why; the
pane's Refresh syncs its channel first, then reads the store again."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from ..core.reach import ReachQuery, ReachResult
from ..core.report_run import ReportRun
from ..core.tasks import Progress, TaskContext, TaskFailure
from .errors import explain
from .reach_texts import BY_TITLES, day_span, reach_note, sync_progress
from .runner import Pane
from .tasks import Lane, submit

if TYPE_CHECKING:
    from .main_window import MainWindow

__all__ = ["ReachPanes"]

_log = logging.getLogger(__name__)


class ReachPanes(QObject):
    """Runs reach queries into panes; ``synced`` is told of each channel a Refresh synced."""

    def __init__(self, window: MainWindow, synced: Callable[[str], None]) -> None:
        super().__init__(window)
        self.window = window
        self.accounts = window.accounts
        self.runner = window.runner
        self.services = window.services
        self._synced = synced

    def run(self, query: ReachQuery) -> None:
        """The Reach tab's Run: the active channel's reach report in a new pane."""
        channel_id = self.accounts.active
        if channel_id is None:
            self.window.show_status("Add a channel first (Channels > Add channel).")
            return
        services = self.services
        title = f"Reach by {BY_TITLES[query.by].lower()} · {day_span(query.start, query.end)}"

        def fetch(_ctx: TaskContext) -> ReachResult:
            return services.reach.query(channel_id, query)

        self.window.show_status(f"Reach by {BY_TITLES[query.by].lower()}: reading the reports…")
        submit(
            fetch,
            lambda result: self._show_result(channel_id, title, result),
            on_error=lambda failure: self._run_failed(failure),
            owner=self,
            lane=Lane.STORAGE,
        )

    def _show_result(self, channel_id: str, title: str, result: ReachResult) -> None:
        pane: Pane | None = None

        def refresh() -> None:
            if pane is not None:
                self._refresh(pane, result.query)

        pane = self.runner.show_run(channel_id, None, ReportRun(result.report), title, refresh)
        pane.dock.set_provenance(reach_note(result))

    def _run_failed(self, failure: TaskFailure) -> None:
        explanation = explain(failure.error)
        self.window.show_status(f"Reach: {explanation.title}. {explanation.text}")
        if explanation.unexpected:
            _log.error("a reach report failed\n%s", failure.details)

    def _refresh(self, pane: Pane, query: ReachQuery) -> None:
        """Refresh of a reach pane: the channel synced, then the query read again."""
        client = self.accounts.client
        if client is None or pane.closed:
            return
        if pane.task is not None:
            pane.task.cancel()  # superseded
        pane.generation += 1
        generation = pane.generation
        channel_id, services = pane.channel_id, self.services
        pane.dock.set_busy(f"Syncing the reach reports of {pane.channel_title}…")

        def work(ctx: TaskContext) -> ReachResult:
            reach = services.reach
            client.call(channel_id, lambda shard: reach.sync(shard, channel_id, ctx), ctx)
            return reach.query(channel_id, query)

        def live() -> bool:
            return not pane.closed and pane.generation == generation

        def shown(result: ReachResult) -> None:
            if live():
                pane.task = None
                pane.report = result.report
                context = self.accounts.context(channel_id)
                pane.dock.show_report(result.report, context)
                pane.dock.set_provenance(reach_note(result))
                self._synced(channel_id)

        def failed(failure: TaskFailure) -> None:
            if live():
                pane.task = None
                explanation = explain(failure.error)
                pane.dock.show_error(explanation.title, explanation.text, explanation.hint)

        def progressed(progress: Progress) -> None:
            if live():
                pane.dock.set_busy_text(sync_progress(pane.channel_title, progress).text)

        pane.task = submit(
            work, shown, on_error=failed, on_progress=progressed, owner=pane.dock, lane=Lane.SYNC
        )
