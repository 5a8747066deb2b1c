"""Report > Compare to…, Compare channels… and Compare videos: the current pane's report
beside another period, run for several channels, or split per video, in a new pane.

Compare to offers the previous period, the same period last year (weekday-aligned) or a
custom range; both reports are run through the local history on a worker and merged by
``core.compare`` into one table (values, change, change in %) and one chart (the other
period dashed, aligned by day offset). Compare channels runs the query for each ticked
channel (revenue a channel cannot give is left out, and the pane says so) and shows the
channels side by side: a line per channel over time, a column per channel in a breakdown.
Compare videos does the same for the videos (or playlists) picked in the report's filter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QMainWindow,
)

from ..api import catalogue
from ..api.errors import InvalidRequest
from ..core.compare import (
    ComparisonKind,
    ItemReport,
    channel_report,
    compared_query,
    compared_range,
    merge_items,
    merge_periods,
    per_item_query,
    split_by,
    split_name,
)
from ..core.report_run import ReportRun
from ..core.tasks import TaskContext, TaskFailure
from .accounts import AccountManager
from .compare_dialogs import ChannelsDialog, CompareDialog, span_text
from .errors import explain
from .pane_texts import pane_titles
from .runner import Pane, ReportRunner
from .tasks import Task, submit

Fetch = Callable[[TaskContext, bool], tuple[ReportRun, str]]
"""A comparison's reports fetched and merged (``True``: from Google, whatever the local
history holds), with what the pane should say of it."""
DAY_ONLY = (
    "A comparison is shown by day: summed into weeks or months, its compared columns "
    "would be left out."
)

if TYPE_CHECKING:
    from .main_window import MainWindow

__all__ = ["Comparisons", "install_compare", "missing_note"]


def _by_day_only(pane: Pane) -> None:
    """Weeks and months cannot sum a comparison's compared columns: its chart stays by
    day, and the disabled choice says why."""
    granularity = pane.dock.chart_controls.granularity
    if granularity.isEnabled():
        granularity.setEnabled(False)
        granularity.setToolTip(DAY_ONLY)


def missing_note(results: list[ItemReport], currency: str) -> str:
    """What the comparison of channels leaves out, and why, in the user's words."""
    notes = []
    for result in results:
        if result.missing:
            titles = [_metric_title(name) for name in result.missing]
            names = " and ".join(filter(None, (", ".join(titles[:-1]), titles[-1])))
            notes.append(f"{names} not shown for {result.title}: {result.reason}.")
    revenue = any(
        (info := catalogue.METRICS.get(split_name(name)[0])) and info.revenue
        for result in results
        if result.report is not None
        for name in result.report.metrics
    )
    if revenue:
        notes.append(f"Revenue of every channel is in {currency}.")
    return " ".join(notes)


def _metric_title(name: str) -> str:
    info = catalogue.METRICS.get(name)
    return info.title if info is not None else name


class Comparisons(QObject):
    """Report > Compare to…, Compare channels… and Compare videos: each runs off the GUI
    thread and shows its merged report in a new pane."""

    def __init__(self, window: QMainWindow, runner: ReportRunner, accounts: AccountManager) -> None:
        super().__init__(window)
        self.window = window
        self.runner = runner
        self.accounts = accounts
        self.dialog: CompareDialog | None = None
        self.channels_dialog: ChannelsDialog | None = None
        self.task: Task[tuple[ReportRun, str]] | None = None
        self.periods_action = QAction("&Compare to…", window)
        self.periods_action.setObjectName("compareAction")
        self.periods_action.setStatusTip("Show the current report beside another period")
        self.periods_action.triggered.connect(self.ask_period)
        self.channels_action = QAction("Compare c&hannels…", window)
        self.channels_action.setObjectName("compareChannelsAction")
        self.channels_action.setStatusTip("Run the current report for several channels")
        self.channels_action.triggered.connect(self.ask_channels)
        self.videos_action = QAction("Compare &videos", window)
        self.videos_action.setObjectName("compareVideosAction")
        self.videos_action.setStatusTip(
            "Split the current report per video (or playlist) of its filter, side by side"
        )
        self.videos_action.triggered.connect(self.compare_videos)

    def _pane(self) -> Pane | None:
        pane = self.runner.current
        if pane is None or pane.query is None or pane.report is None:
            self.runner.status_message.emit("Run a report first, then compare it.")
            return None
        return pane

    def ask_period(self) -> None:
        """The dialog for the current pane's report (a message when there is none)."""
        pane = self._pane()
        if pane is None or pane.query is None:
            return
        self.dialog = CompareDialog(pane.query, self.window)
        self.dialog.accepted.connect(lambda: self._period_chosen(pane))
        self.dialog.open()

    def _period_chosen(self, pane: Pane) -> None:
        dialog = self.dialog
        assert dialog is not None
        kind = dialog.kind()
        self.compare_period(pane, kind, dialog.custom_range() if kind == "custom" else None)

    def compare_period(
        self, pane: Pane, kind: ComparisonKind, custom: tuple[dt.date, dt.date] | None = None
    ) -> None:
        """Run ``pane``'s query and the same over the compared range; show both merged."""
        client, query = self.accounts.client, pane.query
        if client is None or query is None:
            self.runner.status_message.emit("Import client secrets to fetch reports.")
            return
        start, end = compared_range(query, kind, custom)
        if end < start:
            self.runner.status_message.emit("The compared range ends before it starts.")
            return
        other = compared_query(query, start, end)
        channel_id, channel_title = pane.channel_id, pane.channel_title
        context = self.accounts.context(channel_id)
        groups = context.group_types if context is not None else {}
        services = self.runner.services  # its store opens on first use: on the worker
        title = f"{pane.dock.windowTitle()} vs {span_text(start, end)}"

        def fetch(ctx: TaskContext, force: bool) -> tuple[ReportRun, str]:
            runs = [
                services.history.run(
                    client, channel_id, channel_title, each, ctx, groups=groups, force=force
                )
                for each in (query, other)
            ]
            ctx.check()
            merged = merge_periods(runs[0].report, query.start_date, runs[1].report, start, kind)
            return ReportRun(merged, runs[0].video_seconds), ""

        self.runner.status_message.emit(f"Comparing with {span_text(start, end)}…")
        self._submit(channel_id, title, fetch)

    def ask_channels(self) -> None:
        """The channels dialog for the current pane's report (two channels needed)."""
        pane = self._pane()
        if pane is None:
            return
        if len(self.accounts.accounts) < 2:
            self.runner.status_message.emit(
                "Connect a second channel to compare channels (Channels > Add channel)."
            )
            return
        self.channels_dialog = ChannelsDialog(self.accounts.accounts, pane.channel_id, self.window)
        self.channels_dialog.accepted.connect(lambda: self._channels_chosen(pane))
        self.channels_dialog.open()

    def _channels_chosen(self, pane: Pane) -> None:
        assert self.channels_dialog is not None
        self.compare_channels(pane, self.channels_dialog.chosen())

    def compare_channels(self, pane: Pane, channel_ids: list[str]) -> None:
        """Run ``pane``'s query for each of ``channel_ids``; show them side by side."""
        client, query = self.accounts.client, pane.query
        contexts = [self.accounts.context(channel) for channel in channel_ids]
        if client is None or query is None or None in contexts:
            self.runner.status_message.emit("Import client secrets to fetch reports.")
            return
        channels = [context for context in contexts if context is not None]
        services = self.runner.services  # its store opens on first use: on the worker
        names = " · ".join(channel.title for channel in channels)
        title = f"{pane_titles(query)[0]} · {names}"

        def fetch(ctx: TaskContext, force: bool) -> tuple[ReportRun, str]:
            results = [
                channel_report(services.history, client, each, query, ctx, force=force)
                for each in channels
            ]
            merged = merge_items(results)
            return ReportRun(merged), missing_note(results, query.currency)

        self.runner.status_message.emit(f"Comparing {names}…")
        self._submit(channel_ids[0], title, fetch)

    def compare_videos(self) -> None:
        """The current pane's report split per video (or playlist) of its filter: a line
        per video over time, a column per video in a breakdown."""
        pane = self._pane()
        client = self.accounts.client
        if pane is None or pane.query is None or client is None:
            return
        found = per_item_query(pane.query)
        if found is None:
            self.runner.status_message.emit(
                "Pick two videos or more (or playlists) in the builder's filter, run the "
                "report, then compare them."
            )
            return
        query, dimension = found
        channel_id, channel_title = pane.channel_id, pane.channel_title
        context = self.accounts.context(channel_id)
        groups = context.group_types if context is not None else {}
        try:
            catalogue.validate(query, groups=groups)
        except InvalidRequest as error:
            explanation = explain(error)
            self.runner.status_message.emit(
                f"These {dimension}s cannot be compared in this report: {explanation.text}"
            )
            return
        values = query.values(dimension)
        titles = {
            value: (context.name_of(dimension, value) if context else None) or value
            for value in values
        }
        services = self.runner.services  # its store opens on first use: on the worker
        title = f"{pane.dock.windowTitle()} · {len(values)} {dimension}s"

        def fetch(ctx: TaskContext, force: bool) -> tuple[ReportRun, str]:
            run = services.history.run(
                client, channel_id, channel_title, query, ctx, groups=groups, force=force
            )
            return ReportRun(merge_items(split_by(run.report, dimension, titles))), ""

        self.runner.status_message.emit(f"Comparing {len(values)} {dimension}s…")
        self._submit(channel_id, title, fetch)

    def _submit(self, channel_id: str, title: str, fetch: Fetch) -> None:
        if self.task is not None:
            self.task.cancel()  # superseded by the newer comparison
        self.task = submit(
            lambda ctx: fetch(ctx, False),
            lambda result: self._show(channel_id, title, fetch, *result),
            on_error=self._failed,
            owner=self,
        )

    def _show(self, channel_id: str, title: str, fetch: Fetch, run: ReportRun, note: str) -> None:
        self.task = None
        pane = self.runner.show_run(
            channel_id, None, run, title, rerun=lambda: self._refresh(pane, fetch)
        )
        pane.dock.shown.connect(lambda: _by_day_only(pane))
        if note:
            pane.dock.set_provenance(note)

    def _refresh(self, pane: Pane, fetch: Fetch) -> None:
        """Refresh of a comparison pane: every report of it fetched from Google again,
        merged and shown in the same pane (Cancel and closing the pane stop it)."""
        if self.accounts.client is None:
            self.runner.status_message.emit("Import client secrets to fetch reports.")
            return
        if pane.task is not None:
            pane.task.cancel()  # superseded: its result will never arrive
        pane.generation += 1
        generation = pane.generation
        pane.dock.set_busy(f"Fetching the comparison again for {pane.channel_title}…")

        def live() -> bool:
            return not pane.closed and pane.generation == generation

        def shown(result: tuple[ReportRun, str]) -> None:
            if not live():
                return
            pane.task = None
            run, note = result
            pane.report = run.report
            context = self.accounts.context(pane.channel_id)
            pane.dock.show_report(
                run.report, context, video_seconds=run.video_seconds, derived=pane.derived
            )
            pane.dock.set_provenance(note)
            self.runner.status_message.emit(f"{pane.dock.windowTitle()}: fetched again.")

        def failed(failure: TaskFailure) -> None:
            if not live():
                return
            pane.task = None
            explanation = explain(failure.error)
            pane.dock.show_error(explanation.title, explanation.text, explanation.hint)
            self.runner.status_message.emit(f"Comparison: {explanation.title}.")

        pane.task = submit(lambda ctx: fetch(ctx, True), shown, on_error=failed, owner=pane.dock)

    def _failed(self, failure: TaskFailure) -> None:
        self.task = None
        explanation = explain(failure.error)
        self.runner.status_message.emit(f"Comparison: {explanation.title}. {explanation.text}")


def install_compare(window: MainWindow) -> Comparisons:
    """Add Report > Compare to…, Compare channels… and Compare videos to ``window``
    (acting on its current pane)."""
    comparisons = Comparisons(window, window.runner, window.accounts)
    window.report_menu.addAction(comparisons.periods_action)
    window.report_menu.addAction(comparisons.channels_action)
    window.report_menu.addAction(comparisons.videos_action)
    return comparisons
