"""The point-and-click report builder: breakdown tabs, pickers, dates, sort, and a guarded Run."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Signal
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
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from analytix_desktop.api import catalogue
from analytix_desktop.api.errors import InvalidRequest
from analytix_desktop.gui.builder.breakdowns import BREAKDOWNS
from analytix_desktop.gui.builder.date_range import DateRange
from analytix_desktop.gui.builder.filters import FilterPanel
from analytix_desktop.gui.builder.pickers import CheckList, ValueCombo
from analytix_desktop.gui.builder.settings import query_from_settings, settings_from_query
from analytix_desktop.gui.builder.sorting import fill_sort
from analytix_desktop.gui.context import ChannelContext

__all__ = ["MONETARY_HINT", "NO_CHANNEL", "ReportBuilder"]

MONETARY_HINT = (
    "Revenue metrics are hidden: this channel was connected without access to revenue "
    "reports. Reconnect it and allow “View monetary and non-monetary YouTube Analytics "
    "reports” to see them."
)
NO_CHANNEL = "Add a channel to run it: Channels > Add channel."


class ReportBuilder(QWidget):
    """Builds a catalogue.Query; ``run_requested`` carries it when it is valid."""

    run_requested = Signal(object)
    query_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Report builder")
        self._context: ChannelContext | None = None
        self._valid: catalogue.Query | None = None
        self._auto_video: str | None = None  # the video filter _preselect_video chose
        self._updating = False
        self.tabs = QTabBar()
        self.tabs.setAccessibleName("Breakdown")
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setExpanding(False)
        self.setFocusProxy(self.tabs)  # New report (Ctrl+N) lands on the breakdown tabs
        for item in BREAKDOWNS:
            self.tabs.addTab(item.title)
        self.dimensions = CheckList(
            ((d.name, d.title, d.description) for d in catalogue.DIMENSIONS.values()), "Dimensions"
        )
        self.metrics = CheckList(
            ((m.name, m.title, m.description) for m in catalogue.METRICS.values()), "Metrics"
        )
        self.metric_search = QLineEdit()
        self.metric_search.setPlaceholderText("Find a metric…")
        self.metric_search.setAccessibleName("Find a metric")
        self.metric_search.textChanged.connect(self.metrics.filter_text)
        self.monetary_hint = QLabel(MONETARY_HINT)
        self.monetary_hint.setWordWrap(True)
        self.monetary_hint.setAccessibleName("Revenue metrics hint")
        self.filters = FilterPanel()
        self.dates = DateRange()
        self.sort = QComboBox()
        self.sort.setAccessibleName("Sort by")
        self.limit = QSpinBox()
        self.limit.setAccessibleName("Row limit")
        self.limit.setRange(0, 100_000)
        self.limit.setSpecialValueText("No limit")
        self.currency = ValueCombo("Currency")
        self.currency.set_values(
            {code: f"{code} – {name}" for code, name in catalogue.CURRENCIES.items()}
        )
        self.currency.setItemText(0, "USD (default)")
        self.currency_label = QLabel("Currency")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Query status")
        self.run_button = QPushButton("Run")
        self.run_button.setAccessibleName("Run the report")
        self.run_button.setToolTip("Run the report (Ctrl+Return)")
        self.run_button.clicked.connect(self.request_run)
        self._layout()
        self.tabs.currentChanged.connect(self._tab_chosen)
        for signal in (
            self.dimensions.changed,
            self.metrics.changed,
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
        column.addWidget(group("Metrics", self.metric_search, self.metrics, self.monetary_hint))
        column.addWidget(group("Order and limit", order))
        column.addWidget(group("Filters", self.filters))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.run_button)
        outer = QVBoxLayout(self)
        outer.addWidget(self.tabs)
        outer.addWidget(scroll, 1)
        outer.addLayout(footer)

    # Public API -----------------------------------------------------------------

    def set_channel(self, context: ChannelContext | None) -> None:
        """Use ``context``'s videos, playlists, groups and scopes (None: no channel)."""
        self._context = context
        self._updating = True
        try:
            self.filters.set_channel(context)
            self._preselect_video()
        finally:
            self._updating = False
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

    def set_query(self, query: catalogue.Query) -> None:
        """Show ``query`` in the pickers (unknown names are ignored)."""
        self._updating = True
        try:
            self.dimensions.set_checked(query.dimensions)
            self.metrics.set_checked(query.metrics)
            self.filters.set_filters(query.filters)
            self.dates.set_custom(query.start_date, query.end_date)
            self._fill_sort(query)
            self.limit.setValue(max(0, min(query.max_results, self.limit.maximum())))
            self.currency.set_value(query.currency if query.currency != "USD" else None)
        finally:
            self._updating = False
        self._refresh()

    def request_run(self) -> None:
        """Emit ``run_requested`` with the query, only when it is valid."""
        if self._valid is not None:
            self.run_requested.emit(self._valid)

    def to_settings(self) -> dict[str, Any]:
        """A JSON-able description of the builder, for QSettings."""
        tab = BREAKDOWNS[self.tabs.currentIndex()].key if self.tabs.currentIndex() >= 0 else ""
        return settings_from_query(self.draft(), tab=tab, preset=self.dates.preset_key())

    def from_settings(self, data: object) -> None:
        """Restore ``to_settings`` output; anything malformed falls back to defaults."""
        query, tab, preset = query_from_settings(data)
        index = next((i for i, b in enumerate(BREAKDOWNS) if b.key == tab), -1)
        if index >= 0:
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)
        if query is not None:
            self.set_query(query)
        if preset:
            self.dates.set_preset(preset)

    # Reactions --------------------------------------------------------------------

    def _tab_chosen(self, index: int) -> None:
        item = BREAKDOWNS[index] if 0 <= index < len(BREAKDOWNS) else None
        if item is None:
            return
        keep = self.filters.filters()
        if self._auto_video is not None and keep.get("video") == self._auto_video:
            del keep["video"]  # chosen for the one-video tab, not by the user
        self._auto_video = None
        self._updating = True
        try:
            self.dimensions.set_checked(item.dimensions)
            base = catalogue.Query(dimensions=item.dimensions)
            allowed = catalogue.options(base)
            metrics = [m for m in item.metrics if allowed.metrics[m].valid and self._shown(m)]
            self.metrics.set_checked(metrics)
            partial = dataclasses.replace(base, metrics=tuple(metrics))
            filters: dict[str, str] = {}
            for key, value in keep.items():
                trial = dict(filters, **{key: value})
                if catalogue.options(dataclasses.replace(partial, filters=trial)).report_types:
                    filters[key] = value
            self.filters.set_filters(filters)
            self._preselect_video()
            self._fill_sort(dataclasses.replace(partial, sort_options=item.sort))
            self.limit.setValue(item.max_results)
        finally:
            self._updating = False
        self._refresh()

    def _preselect_video(self) -> None:
        """A one-video tab (retention) starts on the channel's newest upload, as Studio does."""
        index = self.tabs.currentIndex()
        if not 0 <= index < len(BREAKDOWNS) or not BREAKDOWNS[index].needs_video:
            return
        videos = self._context.videos if self._context is not None else {}
        if videos and self.filters.combos["video"].value() is None:
            self._auto_video = next(iter(videos))  # uploads come newest first
            self.filters.combos["video"].set_value(self._auto_video)

    def _shown(self, metric: str) -> bool:
        return not catalogue.METRICS[metric].revenue or self._monetary()

    def _monetary(self) -> bool:
        return self._context is not None and self._context.monetary

    def _fill_sort(self, query: catalogue.Query) -> None:
        fill_sort(self.sort, query)

    def _refresh(self, *_args: object) -> None:
        """Ask the catalogue what is valid now; update pickers, status and Run."""
        if self._updating:
            return
        self._updating = True
        try:
            draft = self.draft()
            self.dates.set_months("month" in draft.dimensions)
            draft = self.draft()
            allowed = catalogue.options(draft)
            hidden = set() if self._monetary() else set(catalogue.REVENUE_METRICS)
            self.dimensions.apply(allowed.dimensions)
            self.metrics.apply(allowed.metrics, hidden)
            self.monetary_hint.setVisible(not self._monetary() and self._context is not None)
            self.filters.apply(allowed)
            self._fill_sort(draft)
            revenue = any(catalogue.METRICS[m].revenue for m in draft.metrics)
            self.currency.setVisible(revenue)
            self.currency_label.setVisible(revenue)
            top = allowed.report_types and all(t.top for t in allowed.report_types)
            limit = max(t.max_results for t in allowed.report_types) if top else 100_000
            self.limit.setMaximum(limit)
            if top and self.limit.value() == 0:  # a top list needs a row count
                self.limit.setValue(min(25, limit))
            self.limit.setMinimum(1 if top else 0)
            self.limit.setToolTip(
                f"A top list has 1 to {limit} rows." if top else "No limit: every row."
            )
            self._validate(self.draft())
        finally:
            self._updating = False
        self.query_changed.emit()

    def _validate(self, draft: catalogue.Query) -> None:
        hint = ""
        index = self.tabs.currentIndex()
        if 0 <= index < len(BREAKDOWNS):
            hint = BREAKDOWNS[index].hint
        revenue = [m for m in draft.metrics if catalogue.METRICS[m].revenue]
        try:
            if revenue and not self._monetary():
                raise InvalidRequest(
                    "revenue metrics need the monetary scope, which this channel did not grant",
                    kind="scope",
                    field="metrics",
                    value=",".join(revenue),
                )
            rtype = catalogue.validate(draft)
        except InvalidRequest as error:
            self._valid = None
            text = str(error)
            self.status.setText(f"✗ {text[:1].upper()}{text[1:]}." + (f" {hint}" if hint else ""))
        else:
            self._valid = draft
            if self._context is None:
                self.status.setText(f"✓ {rtype.name}. {NO_CHANNEL}")
            else:
                self.status.setText(f"✓ Ready: {rtype.name} for {self._context.title}.")
        self.run_button.setEnabled(self._valid is not None and self._context is not None)
        self.status.setToolTip(self.status.text())
