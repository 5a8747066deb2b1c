"""The point-and-click report builder: breakdown tabs, pickers, dates, sort, and a guarded Run."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from analytix_desktop.api import catalogue
from analytix_desktop.core.context import ChannelContext, NamedItem
from analytix_desktop.gui.builder.breakdowns import BREAKDOWNS, Breakdown, breakdown
from analytix_desktop.gui.builder.date_range import DateRange, published_day
from analytix_desktop.gui.builder.derived_picker import DerivedPicker
from analytix_desktop.gui.builder.explain import (
    MONETARY_HINT,
    NOT_MONETISED_HINT,
    Fix,
    check,
    in_ui_words,
)
from analytix_desktop.gui.builder.filters import FilterPanel, without_own_items
from analytix_desktop.gui.builder.live import first_video, no_live_streams, stream_outside_dates
from analytix_desktop.gui.builder.not_available import UnavailableNote
from analytix_desktop.gui.builder.pickers import CheckList, ValueCombo
from analytix_desktop.gui.builder.reach_tab import REACH_TAB, ReachForm
from analytix_desktop.gui.builder.settings import (
    builder_settings,
    query_from_settings,
    saved_derived,
    saved_tabs,
)
from analytix_desktop.gui.builder.sorting import fill_sort
from analytix_desktop.gui.formatting import plain_title

__all__ = ["MAX_ROWS", "NO_CHANNEL", "ReportBuilder"]

NO_CHANNEL = "Add a channel to run it: Channels > Add channel."
MAX_ROWS = 100_000
"""The Rows box's upper bound: any limit a user types is kept as typed, then validated."""


class ReportBuilder(QWidget):
    """Builds a catalogue.Query; ``run_requested`` carries it when it is valid.

    Each breakdown tab keeps its own query (dimensions, metrics, filters, sort, rows,
    currency); only the date range is shared, and it is shown on every tab. The last tab,
    Reach, swaps the form for ``reach`` (``reach_run_requested`` carries a ReachQuery).
    """

    run_requested = Signal(catalogue.Query)
    run_in_new_pane_requested = Signal(catalogue.Query)
    query_changed = Signal()
    reach_run_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Report builder")
        self._context: ChannelContext | None = None
        self._valid: catalogue.Query | None = None
        self._fix: Fix | None = None
        self._states: dict[str, catalogue.Query] = {}  # each tab's query, kept on leaving it
        self._tab_key = ""
        self._updating = False
        self.tabs = QTabBar()
        self.tabs.setAccessibleName("Breakdown")
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setExpanding(False)
        self.setFocusProxy(self.tabs)  # New report (Ctrl+N) lands on the breakdown tabs
        for item in BREAKDOWNS:
            self.tabs.addTab(item.title)
        self.tabs.addTab(REACH_TAB)
        self.reach = ReachForm()
        self.reach.run_requested.connect(self.reach_run_requested)
        self.dimensions = CheckList(
            ((d.name, d.title, d.description) for d in catalogue.DIMENSIONS.values()), "Dimensions"
        )
        self.metrics = CheckList(
            ((m.name, plain_title(m.title), m.description) for m in catalogue.METRICS.values()),
            "Metrics",
        )
        self.metric_search = QLineEdit()
        self.metric_search.setPlaceholderText("Find a metric…")
        self.metric_search.setAccessibleName("Find a metric")
        self.metric_search.textChanged.connect(self.metrics.filter_text)
        self.derived = DerivedPicker(self.metrics, self.metric_search)
        self.unavailable = UnavailableNote(self.metric_search)
        self.monetary_hint = QLabel(MONETARY_HINT)
        self.monetary_hint.setWordWrap(True)
        self.monetary_hint.setAccessibleName("Revenue metrics hint")
        self.filters = FilterPanel()
        self.dates = DateRange()
        self.sort = QComboBox()
        self.sort.setAccessibleName("Sort by")
        self.limit = QSpinBox()
        self.limit.setAccessibleName("Row limit")
        # "No limit" is the text of 0 alone, the one value that sends no maxResults;
        # the range never changes, so nothing typed is clamped into another number.
        self.limit.setRange(0, MAX_ROWS)
        self.limit.setSpecialValueText("No limit")
        self.limit.setGroupSeparatorShown(True)
        self.currency = ValueCombo("Currency")
        self.currency.set_values(
            {code: f"{code} – {name}" for code, name in catalogue.CURRENCIES.items()}
        )
        self.currency.setItemText(0, "USD (default)")
        self.currency_label = QLabel("Currency")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Query status")
        self.fix_button = QPushButton()
        self.fix_button.setAccessibleName("Fix the query")
        self.fix_button.clicked.connect(self.apply_fix)
        self.fix_button.hide()
        self.run_button = QPushButton("Run")
        self.run_button.setAccessibleName("Run the report")
        self.run_button.setToolTip("Run the report in the current pane (Ctrl+Return)")
        self.run_button.clicked.connect(self.request_run)
        self.new_pane_button = QPushButton("Run in new pane")
        self.new_pane_button.setAccessibleName("Run the report in a new pane")
        shortcut = QKeySequence("Ctrl+Shift+Return").toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self.new_pane_button.setToolTip(f"Run the report in a new pane ({shortcut})")
        self.new_pane_button.clicked.connect(self.request_run_in_new_pane)
        self._layout()
        self.tabs.currentChanged.connect(self._tab_chosen)
        for signal in (
            self.dimensions.changed,
            self.metrics.changed,
            self.derived.picked,
            self.filters.changed,
            self.dates.changed,
            self.sort.currentIndexChanged,
            self.limit.valueChanged,
            self.currency.currentIndexChanged,
        ):
            signal.connect(self._refresh)
        self._tab_chosen(0)

    def _layout(self) -> None:
        def group(title: str, *widgets: QWidget) -> QGroupBox:
            box = QGroupBox(title)
            column = QVBoxLayout(box)
            for widget in widgets:
                column.addWidget(widget)
            return box

        order = QWidget()
        form = QFormLayout(order)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Sort by", self.sort)
        form.addRow("Rows", self.limit)
        form.addRow(self.currency_label, self.currency)
        body = QWidget()
        column = QVBoxLayout(body)
        # Dates first, as in Studio: the range is what changes most often.
        column.addWidget(group("Dates", self.dates))
        column.addWidget(group("Dimensions", self.dimensions))
        metrics = (self.metric_search, self.unavailable, self.derived, self.metrics)
        column.addWidget(group("Metrics", *metrics, self.monetary_hint))
        column.addWidget(group("Order and limit", order))
        column.addWidget(group("Filters", self.filters))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QHBoxLayout()
        buttons.addWidget(self.fix_button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_pane_button)
        buttons.addWidget(self.run_button)
        analytics = QWidget()
        page = QVBoxLayout(analytics)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(scroll, 1)
        page.addWidget(self.status)
        page.addLayout(buttons)
        self.pages = QStackedWidget()
        self.pages.addWidget(analytics)
        self.pages.addWidget(self.reach)
        outer = QVBoxLayout(self)
        outer.addWidget(self.tabs)
        outer.addWidget(self.pages, 1)

    # Public API -----------------------------------------------------------------

    def set_channel(self, context: ChannelContext | None) -> None:
        """Use ``context``'s videos, playlists, groups and scopes (None: no channel).

        Another channel's videos, playlists and groups mean nothing here: every tab
        drops those filters (the date range and the rest of each tab's query stay).
        """
        old = self._context.channel_id if self._context is not None else None
        new = context.channel_id if context is not None else None
        self._context = context
        if old is not None and new != old:
            self._states = {key: without_own_items(q) for key, q in self._states.items()}
        self._updating = True
        try:
            self.filters.set_channel(context)
            self.dates.set_lifetime_start(context.created if context is not None else None)
            self._preselect_video()
        finally:
            self._updating = False
        self.reach.set_channel(context)
        self._refresh()

    def query(self) -> catalogue.Query | None:
        """The query when it is valid (catalogue.validate passes), else None."""
        return self._valid

    def draft(self) -> catalogue.Query:
        """The query as chosen so far, valid or not."""
        start, end = self.dates.dates()
        sort = self.sort.currentData() if self.sort.currentIndex() >= 0 else ""
        revenue = any(catalogue.METRICS[m].revenue for m in self.metrics.checked())
        return catalogue.Query(
            dimensions=tuple(self.dimensions.checked()),
            filters=self.filters.filters(),
            metrics=tuple(self.metrics.checked()),
            sort_options=(sort,) if sort else (),
            start_date=start,
            end_date=end,
            max_results=self.limit.value(),
            currency=(self.currency.value() or "USD") if revenue else "USD",
        )

    @property
    def fix(self) -> Fix | None:
        """The one-click fix offered for the current query, if any."""
        return self._fix

    def set_query(self, query: catalogue.Query) -> None:
        """Show ``query`` in the pickers, dates included (unknown names are ignored)."""
        self._updating = True
        try:
            self._show(query)
            self.dates.set_custom(query.start_date, query.end_date)
        finally:
            self._updating = False
        self._refresh()

    def _show(self, query: catalogue.Query) -> None:
        """Everything of ``query`` but its dates in the widgets (signals held back)."""
        self.dimensions.set_checked(query.dimensions)
        self.metrics.set_checked(query.metrics)
        self.filters.set_filters(query.filters)
        fill_sort(self.sort, query, keep_current=False)
        self.limit.blockSignals(True)
        self.limit.setValue(max(0, min(query.max_results, MAX_ROWS)))
        self.limit.blockSignals(False)
        self.currency.set_value(query.currency if query.currency != "USD" else None)

    def request_run(self) -> None:
        """Emit ``run_requested`` with the query, only when it is valid (Reach: its own)."""
        if self.pages.currentWidget() is self.reach:
            self.reach.request_run()
        elif self._valid is not None and self._context is not None:
            self.run_requested.emit(self._valid)

    def request_run_in_new_pane(self) -> None:
        """Emit ``run_in_new_pane_requested`` with the query, only when it is valid."""
        if self.pages.currentWidget() is self.reach:
            self.reach.request_run()
        elif self._valid is not None and self._context is not None:
            self.run_in_new_pane_requested.emit(self._valid)

    def apply_fix(self) -> None:
        """Apply the offered fix ("Set Country to United States") to the current tab."""
        fix = self._fix
        if fix is None:
            return
        if (fix.query.start_date, fix.query.end_date) != self.dates.dates():
            self.set_query(fix.query)  # whole months: the dates are part of the fix
            return
        self._updating = True
        try:
            self._show(fix.query)
        finally:
            self._updating = False
        self._refresh()

    def to_settings(self) -> dict[str, Any]:
        """A JSON-able description of the builder (every tab's query and creators' metrics,
        the Reach tab's choices)."""
        self._keep_tab_state()
        data = builder_settings(
            self.draft(),
            tab=self._tab_key,
            preset=self.dates.preset_key(),
            tabs=self._states,
            derived=self.derived.picks(),
        )
        data["reach"] = self.reach.to_settings()
        return data

    def from_settings(self, data: object) -> None:
        """Restore ``to_settings`` output; anything malformed falls back to defaults."""
        query, tab, preset = query_from_settings(data)
        restored = saved_tabs(data, {b.key for b in BREAKDOWNS})
        index = next((i for i, b in enumerate(BREAKDOWNS) if b.key == tab), -1)
        if index >= 0:
            self.tabs.setCurrentIndex(index)
        self._states.update(restored)
        self._states.pop(self._tab_key, None)  # the current tab shows ``query``
        if query is not None:
            self.set_query(query)
        if preset:
            self.dates.set_preset(preset)
        self.derived.restore(saved_derived(data))
        self.reach.from_settings(data.get("reach") if isinstance(data, dict) else None)
        self._refresh()  # offers them, and drops one whose inputs are not chosen

    # Reactions --------------------------------------------------------------------

    def _keep_tab_state(self) -> None:
        if self._tab_key:
            self._states[self._tab_key] = self.draft()

    def _tab_chosen(self, index: int) -> None:
        item = BREAKDOWNS[index] if 0 <= index < len(BREAKDOWNS) else None
        self.pages.setCurrentIndex(self.pages.indexOf(self.reach) if item is None else 0)
        if item is None:
            return
        self._keep_tab_state()
        self._tab_key = item.key
        self.derived.show_tab(item.key)
        saved = self._states.get(item.key)
        self._updating = True
        try:
            self._show(saved if saved is not None else self._tab_default(item))
            self._preselect_video()
        finally:
            self._updating = False
        self._refresh()

    def _tab_default(self, item: Breakdown) -> catalogue.Query:
        """A tab's first query: its dimensions, the metrics it may show, its sort and rows."""
        base = catalogue.Query(dimensions=item.dimensions, filters=dict(item.filters))
        allowed = catalogue.options(base)
        metrics = tuple(m for m in item.metrics if allowed.metrics[m].valid and self._shown(m))
        return dataclasses.replace(
            base, metrics=metrics, sort_options=item.sort, max_results=item.max_results
        )

    def _breakdown(self) -> Breakdown:
        return breakdown(self._tab_key) or BREAKDOWNS[0]  # the last one shown, on Reach

    def _preselect_video(self) -> None:
        """A one-video tab starts on a video when none is chosen (see ``live.first_video``)."""
        video = first_video(self._breakdown(), self._context)
        if video is not None and self.filters.combos["video"].value() is None:
            self.filters.combos["video"].set_value(video)

    def _shown(self, metric: str) -> bool:
        return not catalogue.METRICS[metric].revenue or self._monetary()

    def _monetary(self) -> bool:
        return self._context is not None and self._context.revenue_available

    def _groups(self) -> dict[str, NamedItem]:
        return self._context.groups if self._context is not None else {}

    def _refresh(self, *_args: object) -> None:
        """Ask the catalogue what is valid now; update pickers, status and Run."""
        if self._updating:
            return
        self._updating = True
        try:
            videos = self.filters.pickers["video"].values()
            self.dates.set_published(published_day(videos, self._context))
            draft = self.draft()
            self.dates.set_months("month" in draft.dimensions)
            draft = self.draft()
            groups = {group_id: item.kind for group_id, item in self._groups().items()}
            allowed = in_ui_words(catalogue.options(draft, groups=groups))
            hidden = set() if self._monetary() else set(catalogue.REVENUE_METRICS)
            self.dimensions.apply(allowed.dimensions)
            self.metrics.apply(allowed.metrics, hidden)
            self.derived.follow(allowed.metrics, draft.metrics, self._monetary())
            unmonetised = self._context is not None and self._context.monetised is False
            self.monetary_hint.setText(NOT_MONETISED_HINT if unmonetised else MONETARY_HINT)
            self.monetary_hint.setVisible(not self._monetary() and self._context is not None)
            self.filters.apply(allowed, live_only=self._breakdown().needs_live_video)
            fill_sort(self.sort, draft)
            revenue = any(catalogue.METRICS[m].revenue for m in draft.metrics)
            self.currency.setVisible(revenue)
            self.currency_label.setVisible(revenue)
            top = [t for t in allowed.report_types if t.top]
            if top and len(top) == len(allowed.report_types):
                most = max(t.max_results for t in top)
                self.limit.setToolTip(f"A top list shows 1 to {most:,} rows.")
            else:
                self.limit.setToolTip("“No limit” gets every row; a number gets the first rows.")
            self._validate(self.draft())
        finally:
            self._updating = False
        self.query_changed.emit()

    def _validate(self, draft: catalogue.Query) -> None:
        context = self._context
        verdict = check(
            draft,
            monetary=context is None or context.monetary,
            monetised=context is None or context.monetised is not False,
            groups=self._groups(),
        )
        no_live = no_live_streams(self._breakdown(), context)  # no video would have rows
        self._fix = None if no_live else verdict.fix
        if verdict.report_type is None or no_live:
            self._valid = None
            hint = "" if no_live else self._breakdown().hint
            text = " ".join(f"✗ {p}." for p in ([no_live] if no_live else verdict.problems))
            self.status.setText(text + (f" {hint}" if hint else ""))
        else:
            self._valid = draft
            name = verdict.report_type.name
            if self._context is None:
                self.status.setText(f"✓ {name}. {NO_CHANNEL}")
            else:
                self.status.setText(f"✓ Ready: {name} for {self._context.title}.")
            if (stream := stream_outside_dates(draft, context)) is not None:
                note, self._fix = stream  # it can run, but its report would be empty
                self.status.setText(f"{self.status.text()} ⚠ {note}.")
        self.fix_button.setVisible(self._fix is not None)
        if self._fix is not None:
            self.fix_button.setText(self._fix.label)
            self.fix_button.setToolTip(f"{self._fix.label}: the report can then run")
        runnable = self._valid is not None and self._context is not None
        self.run_button.setEnabled(runnable)
        self.new_pane_button.setEnabled(runnable)
        self.status.setToolTip(self.status.text())
