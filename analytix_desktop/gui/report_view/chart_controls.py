"""The chart choices above a pane's chart: up to three metrics, the kind of chart, days,
weeks or months, the y axis from zero or fitted, and upload markers.

The choices belong to the pane: a re-run keeps them, as far as the new report allows.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from analytix_desktop.core.aggregate import GRANULARITIES
from analytix_desktop.gui.report_view.chart_data import ChartData
from analytix_desktop.gui.report_view.chart_options import (
    CHART_KINDS,
    ChartOptions,
    unavailable_reasons,
)
from analytix_desktop.gui.report_view.columns import Table

__all__ = ["ChartControls"]

FIRST_METRICS = "First metrics"
NO_METRIC = "—"
METRIC_CHOICES = 3
KIND_TITLES = {
    "line": "Line",
    "bar": "Bars",
    "stacked area": "Stacked area",
    "stacked bar": "Stacked bars",
}
GRANULARITY_TITLES = {"day": "Daily", "week": "Weekly", "month": "Monthly"}


class ChartControls(QWidget):
    """The chart choices of one pane; ``changed`` when the person changes one."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._options = ChartOptions()
        self._daily = False
        self._reasons: dict[str, str] = {}
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        layout = QHBoxLayout()  # the metrics, then a row of how they are drawn
        style = QHBoxLayout()
        rows.addLayout(layout)
        rows.addLayout(style)
        layout.addWidget(QLabel("Chart:"))
        self.metrics: list[QComboBox] = []
        for number in range(METRIC_CHOICES):
            combo = QComboBox()
            if number == 0:  # the metric drawn: its whole name
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
                combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            else:  # the others may be elided, so that a 1024-pixel window still fits
                combo.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                )
                combo.setMinimumContentsLength(6)
                combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            combo.setAccessibleName(
                "Metric shown in the chart" if number == 0 else f"Metric {number + 1} of the chart"
            )
            combo.setToolTip("Which metric the chart shows" if number == 0 else "Another metric")
            combo.activated.connect(self._chosen)
            layout.addWidget(combo)
            self.metrics.append(combo)
        self.kind = self._combo("Kind of chart", KIND_TITLES)
        self.granularity = self._combo("Days, weeks or months", GRANULARITY_TITLES)
        self.granularity.setToolTip("Sum the days up into ISO weeks (from Monday) or months")
        self.fit = QCheckBox("Fit y axis")
        self.fit.setToolTip("Fit the y axis to the data rather than starting it at zero")
        self.uploads = QCheckBox("Uploads")
        self.uploads.setToolTip("A marker on each day a video was published (hover for titles)")
        self.uploads.setChecked(True)
        for box in (self.fit, self.uploads):
            box.setAccessibleName(box.toolTip())
            box.toggled.connect(self._chosen)
        layout.addStretch(1)
        for widget in (self.kind, self.granularity, self.fit, self.uploads):
            style.addWidget(widget)
        style.addStretch(1)

    def _combo(self, name: str, titles: dict[str, str]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        for value, title in titles.items():
            combo.addItem(title, value)
        combo.activated.connect(self._chosen)
        return combo

    @property
    def options(self) -> ChartOptions:
        """The pane's chart choices."""
        return self._options

    def fill(self, table: Table, chart: ChartData) -> None:
        """Offer the metrics of ``table`` (``chart`` drawn by default), keeping the choices
        that still apply."""
        names = [column.name for column in table.metrics]
        self._daily = any(column.name == "day" for column in table.dimensions)
        self._reasons = unavailable_reasons(table) if self._daily else {}
        chosen = [name for name in self._options.metrics if name in names]
        split = chart.kind not in ("time", "line") or bool(chart.metric)
        for number, combo in enumerate(self.metrics):
            combo.clear()
            if number:
                combo.addItem(NO_METRIC, "")
            elif chart.kind in ("time", "line") and not chart.metric and len(names) > 1:
                combo.addItem(FIRST_METRICS, "")  # never None: see ValueCombo
            for column in table.metrics:
                combo.addItem(column.title, column.name)
            current = chosen[number] if number < len(chosen) else ""
            if number == 0 and not chosen:
                current = chart.metric  # the metric drawn (the report's sort), "" for the first
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.setEnabled(chart.kind != "none" and combo.count() > 1 and not (number and split))
            if number:  # a breakdown or ranking shows one metric
                combo.setVisible(not split and combo.count() > 2)
        timely = chart.kind == "time"
        self.kind.setEnabled(timely)
        self.granularity.setEnabled(self._daily)
        self.uploads.setEnabled(timely)
        self._mark_unavailable()
        self._options = self._read()

    def _mark_unavailable(self) -> None:
        """Metrics that weeks or months cannot give are greyed out, saying why."""
        summed = self.granularity.currentData() != "day" and self._daily
        for combo in self.metrics:
            model = combo.model()
            assert isinstance(model, QStandardItemModel)
            for row in range(combo.count()):
                item = model.item(row)
                reason = self._reasons.get(str(combo.itemData(row)), "") if summed else ""
                item.setEnabled(not reason)
                item.setData(reason or None, Qt.ItemDataRole.ToolTipRole)
            if summed and str(combo.currentData()) in self._reasons:
                combo.setCurrentIndex(0)

    def _read(self) -> ChartOptions:
        metrics: list[str] = []
        for combo in self.metrics:
            name = str(combo.currentData() or "")
            if combo.isEnabled() and name and name not in metrics:
                metrics.append(name)
        if metrics and not self.metrics[0].currentData():
            metrics = []  # "First metrics" first: the defaults
        return dataclasses.replace(
            self._options,
            metrics=tuple(metrics),
            kind=CHART_KINDS[self.kind.currentIndex()],
            granularity=GRANULARITIES[self.granularity.currentIndex()],
            fit_y=self.fit.isChecked(),
            uploads=self.uploads.isChecked(),
        )

    def _chosen(self) -> None:
        self._mark_unavailable()
        self._options = self._read()
        self.changed.emit()
