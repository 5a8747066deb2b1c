"""Reach in the window: the builder's Reach tab wired to the local reach store.

Daily reach reports are synced on demand (Report > Sync reach reports, the tab's Sync
now) and, when the user wants it (``Settings.reach_sync_on_start``, File > Local data…),
soon after the window first shows, for every channel one after another, and for a channel
when it is added; syncs run on their own worker lane (``Lane.SYNC``) so that report runs
never wait for them, say their progress in the status bar and the tab, and can be
cancelled. Turn on reach reports creates the channel's jobs at YouTube; Run shows a
reach report of the store in a new pane (``reach_panes``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from ..core.reach import Reach, ReachJobs, SyncResult
from ..core.reach_days import COVERAGE_TYPE
from ..core.tasks import Progress, TaskContext, TaskFailure
from ..store.reach_db import STORED
from .errors import explain
from .reach_dialogs import SyncIndicator, delete_jobs_box, turned_on_box
from .reach_panes import ReachPanes
from .reach_texts import (
    SyncProgress,
    coverage_text,
    sync_progress,
    sync_summary,
    turned_on_text,
)
from .tasks import Lane, Task, submit

if TYPE_CHECKING:
    from .main_window import MainWindow

__all__ = ["ChannelReach", "ReachFeature", "install_reach"]

_log = logging.getLogger(__name__)
START_DELAY_MS = 2_000
"""How long after the first paint (or a channel's addition) its first sync waits: the
start's own requests (channel names, restored panes) go first."""


@dataclass(frozen=True)
class ChannelReach:
    """What the Reach tab says of a channel (read from the store on a worker)."""

    turned_on: bool | None
    """Whether the channel has reach jobs (None: not known before its first sync)."""
    span: tuple[dt.date, dt.date, int] | None
    """The first and last day stored and how many days are stored (None: none)."""
    last_synced: dt.datetime | None
    """When its last complete sync ended (this window's, another's or the command line's;
    None: never)."""


def read_state(reach: Reach, channel_id: str) -> ChannelReach:
    """The channel's reach state from the store (blocking: on a worker)."""
    jobs = reach.jobs(channel_id)
    stored = reach.store.reports(channel_id, COVERAGE_TYPE, statuses=(STORED,))
    days = sorted({report.day for report in stored})
    synced = reach.last_sync(channel_id)
    return ChannelReach(
        None if jobs is None else bool(jobs.jobs),
        (days[0], days[-1], len(days)) if days else None,
        None if synced is None else dt.datetime.fromtimestamp(synced, dt.UTC),
    )


class ReachFeature(QObject):
    """The Reach tab's work: syncs, Turn on, runs, and the sign-out prompt's job choice."""

    state_changed = Signal(str)
    """A channel's reach state was read again (its id)."""
    sync_finished = Signal(str, object)
    """A channel's sync ended: its id and the SyncResult (None: failed or cancelled)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.accounts = window.accounts
        self.runner = window.runner
        self.services = window.services
        self.form = window.builder.reach
        self.states: dict[str, ChannelReach] = {}
        self.notes: dict[str, str] = {}
        self.message: QMessageBox | None = None
        self._queue: list[str] = []
        self._syncing: str | None = None
        self._task: Task[tuple[SyncResult, ChannelReach]] | None = None
        self._progress: SyncProgress | None = None
        self._seen: set[str] = set()  # channels known since the window opened
        self.sync_action = QAction("S&ync reach reports", window)
        self.sync_action.setObjectName("syncReachAction")
        self.sync_action.setStatusTip(
            "Download the daily reach reports YouTube published for every channel"
        )
        self.sync_action.triggered.connect(self.sync_all)
        self.turn_on_action = QAction("Turn on &reach reports", window)
        self.turn_on_action.setObjectName("turnOnReachAction")
        self.turn_on_action.setStatusTip(
            "Ask YouTube to make daily reach reports (impressions, click-through rate) "
            "for the active channel"
        )
        self.turn_on_action.triggered.connect(self.turn_on)
        self.indicator = SyncIndicator()
        self.indicator.cancel_requested.connect(self.cancel_sync)
        window.statusBar().addPermanentWidget(self.indicator)
        self.panes = ReachPanes(window, self.read)
        window.builder.reach_run_requested.connect(self.panes.run)
        self.form.turn_on_requested.connect(self.turn_on)
        self.form.sync_requested.connect(self.sync_active)
        self.form.cancel_requested.connect(self.cancel_sync)
        self._waiting: list[str] = []  # channels whose first sync waits for the timer
        self._start = QTimer(self)
        self._start.setSingleShot(True)
        self._start.setInterval(START_DELAY_MS)
        self._start.timeout.connect(lambda: self.sync(self._waiting))
        self.accounts.active_changed.connect(self._active_changed)
        self.accounts.accounts_changed.connect(self._accounts_changed)
        window.installEventFilter(self)
        self._accounts_changed()
        self._active_changed(self.accounts.active or "")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self._start.stop()  # a closing window downloads nothing more
            self.cancel_sync()
        return False

    def _reach(self) -> Reach:
        """The reach store's model (it opens the store: on a worker only)."""
        return self.services.reach

    # -- the tab -----------------------------------------------------------------------

    def _active_changed(self, channel_id: str) -> None:
        self._show(channel_id)
        if channel_id and channel_id not in self.states:
            self.read(channel_id)

    def _show(self, channel_id: str) -> None:
        """The Reach tab shows ``channel_id``'s state (when it is the active channel)."""
        if channel_id != (self.accounts.active or ""):
            return
        state = self.states.get(channel_id)
        if state is None:
            self.form.show_coverage("Reading the reach reports on this computer…", turned_on=None)
        else:
            text = coverage_text(state.span, state.last_synced)
            self.form.show_coverage(text, turned_on=state.turned_on)
        self.form.show_note(self.notes.get(channel_id, ""))
        self.form.show_sync(self._progress if self._syncing == channel_id else None)

    def read(self, channel_id: str) -> None:
        """Read the channel's state from the store again, then show it."""
        services = self.services
        submit(
            lambda _ctx: read_state(services.reach, channel_id),
            lambda state: self._state_read(channel_id, state),
            on_error=lambda failure: self._store_failed(failure),
            owner=self,
            lane=Lane.STORAGE,
        )

    def _state_read(self, channel_id: str, state: ChannelReach) -> None:
        known = self.states.get(channel_id)
        if state.turned_on is None and known is not None:  # a sync saw there were no jobs
            state = replace(state, turned_on=known.turned_on)
        self.states[channel_id] = state
        self._show(channel_id)
        self.state_changed.emit(channel_id)

    def _store_failed(self, failure: TaskFailure) -> None:
        self.window.show_status(
            f"Reach: the reports on this computer could not be read: {failure.error}"
        )

    def _note(self, channel_id: str, text: str) -> None:
        self.notes[channel_id] = text
        self._show(channel_id)

    def _title(self, channel_id: str) -> str:
        account = self.accounts.account(channel_id)
        return account.title if account is not None else channel_id

    # -- syncing -----------------------------------------------------------------------

    def _accounts_changed(self) -> None:
        """Soon sync each channel not seen since the window opened (all at start), when
        the settings say so."""
        channels = [account.channel_id for account in self.accounts.accounts]
        new = [channel for channel in channels if channel not in self._seen]
        self._seen.update(new)
        self._queue = [channel for channel in self._queue if channel in channels]
        self._waiting = [channel for channel in self._waiting if channel in channels]
        if new and self.window.settings.reach_sync_on_start:
            self._waiting += new
            self._start.start()

    def sync_all(self) -> None:
        """Report > Sync reach reports: every channel, one after another."""
        if not self.accounts.accounts:
            self.window.show_status("Add a channel first (Channels > Add channel).")
            return
        self.sync([account.channel_id for account in self.accounts.accounts])

    def sync_active(self) -> None:
        """The tab's Sync now: the active channel."""
        if self.accounts.active is not None:
            self.sync([self.accounts.active])

    def sync(self, channel_ids: list[str]) -> None:
        """Queue ``channel_ids`` for a sync (one at a time, in this order)."""
        self._waiting = [channel for channel in self._waiting if channel not in channel_ids]
        for channel_id in list(channel_ids):
            if channel_id != self._syncing and channel_id not in self._queue:
                self._queue.append(channel_id)
        self._next()

    def _next(self) -> None:
        client = self.accounts.client
        if self._task is not None or not self._queue or client is None:
            return
        channel_id = self._queue.pop(0)
        if self.accounts.account(channel_id) is None:  # signed out meanwhile
            self._next()
            return
        title = self._title(channel_id)
        services = self.services

        def work(ctx: TaskContext) -> tuple[SyncResult, ChannelReach]:
            reach = services.reach
            result = client.call(channel_id, lambda shard: reach.sync(shard, channel_id, ctx), ctx)
            return result, read_state(reach, channel_id)

        self._syncing = channel_id
        self._set_progress(channel_id, sync_progress(title))
        self._task = submit(
            work,
            lambda done: self._synced(channel_id, *done),
            on_error=lambda failure: self._sync_failed(channel_id, failure),
            on_progress=lambda progress: self._sync_progress(channel_id, progress),
            owner=self,
            lane=Lane.SYNC,
        )

    def _sync_progress(self, channel_id: str, progress: Progress) -> None:
        self._set_progress(channel_id, sync_progress(self._title(channel_id), progress))

    def _set_progress(self, channel_id: str, progress: SyncProgress) -> None:
        self._progress = progress
        self.indicator.show_progress(progress)
        self._show(channel_id)

    def _end_sync(self, channel_id: str) -> None:
        self._task = None
        self._syncing = None
        self._progress = None
        self.indicator.hide()
        self._show(channel_id)

    def _synced(self, channel_id: str, result: SyncResult, state: ChannelReach) -> None:
        self._end_sync(channel_id)
        summary = sync_summary(self._title(channel_id), result)
        self.window.show_status(summary)
        self._note(channel_id, summary)
        # The store cannot tell "no jobs" from "not looked yet"; a sync has looked.
        self._state_read(channel_id, replace(state, turned_on=result.jobs_found > 0))
        self.sync_finished.emit(channel_id, result)
        self._next()

    def _sync_failed(self, channel_id: str, failure: TaskFailure) -> None:
        self._end_sync(channel_id)
        explanation = explain(failure.error)
        text = f"Reach for {self._title(channel_id)}: {explanation.title}. {explanation.text}"
        if explanation.unexpected:
            _log.error("a reach sync failed\n%s", failure.details)
        self.window.show_status(text)
        self._note(channel_id, text)
        self.sync_finished.emit(channel_id, None)
        self._next()

    def cancel_sync(self) -> None:
        """Stop the sync under way and those queued (what arrived is kept)."""
        task, channel_id = self._task, self._syncing
        self._queue.clear()
        if task is None or channel_id is None:
            return
        task.cancel()
        self._end_sync(channel_id)
        self._note(channel_id, "Reach sync cancelled; the reports downloaded so far are kept.")
        self.window.show_status("Reach sync cancelled.")
        self.read(channel_id)
        self.sync_finished.emit(channel_id, None)

    # -- turning on --------------------------------------------------------------------

    def turn_on(self) -> None:
        """Create the active channel's reach jobs at YouTube, then say when data comes."""
        channel_id, client = self.accounts.active, self.accounts.client
        if channel_id is None or client is None:
            self.window.show_status("Add a channel first (Channels > Add channel).")
            return
        services = self.services
        title = self._title(channel_id)
        self.form.turn_on.setEnabled(False)
        self._note(channel_id, f"Turning on reach reports for {title}…")

        def work(ctx: TaskContext) -> tuple[ReachJobs, ChannelReach]:
            reach = services.reach
            jobs = client.call(channel_id, lambda shard: reach.enable(shard, channel_id), ctx)
            return jobs, read_state(reach, channel_id)

        submit(
            work,
            lambda done: self._turned_on(channel_id, *done),
            on_error=lambda failure: self._turn_on_failed(channel_id, failure),
            owner=self,
        )

    def _turned_on(self, channel_id: str, jobs: ReachJobs, state: ChannelReach) -> None:
        self.form.turn_on.setEnabled(True)
        text = turned_on_text(self._title(channel_id), jobs, dt.datetime.now(dt.UTC))
        self._note(channel_id, text)
        self._state_read(channel_id, state)
        self.window.show_status(text)
        self.message = turned_on_box(text, self.window)
        self.message.open()

    def _turn_on_failed(self, channel_id: str, failure: TaskFailure) -> None:
        self.form.turn_on.setEnabled(True)
        explanation = explain(failure.error)
        text = (
            f"Reach reports could not be turned on for {self._title(channel_id)}: "
            f"{explanation.title}. {explanation.text} {explanation.hint}"
        ).strip()
        self._note(channel_id, text)
        self.accounts.handle_error(channel_id, failure.error, failure.details)

    # -- signing out -------------------------------------------------------------------

    def offer_job_deletion(
        self, box: QMessageBox, channel_id: str
    ) -> Callable[[], Callable[[TaskContext], str] | None]:
        """Add "Also delete this channel's reach report jobs" to the sign-out prompt
        ``box`` when the channel has jobs; what it gives (once answered) is the step to run
        before the sign-out revokes the access, or None."""
        state = self.states.get(channel_id)
        if state is None or not state.turned_on:
            return lambda: None
        check = delete_jobs_box(box)
        client, services = self.accounts.client, self.services

        def delete(ctx: TaskContext) -> str:
            if client is None:
                return ""
            reach = services.reach
            try:
                deleted = client.call(
                    channel_id, lambda shard: reach.disable(shard, channel_id), ctx
                )
            except Exception as error:  # the sign-out goes on: the user asked for it
                _log.warning("the reach jobs of %s were not deleted: %s", channel_id, error)
                return f"Its reach report jobs could not be deleted at YouTube: {error}."
            return f"Its {deleted} reach report jobs were deleted at YouTube."

        return lambda: delete if check.isChecked() else None


def install_reach(window: MainWindow) -> ReachFeature:
    """Add the Reach tab's work, Report > Sync reach reports and Turn on reach reports
    to ``window``; the first syncs start once the event loop runs."""
    feature = ReachFeature(window)
    window.report_menu.addSeparator()
    window.report_menu.addAction(feature.sync_action)
    window.report_menu.addAction(feature.turn_on_action)
    return feature
