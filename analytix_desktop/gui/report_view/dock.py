"""A report pane: busy state with Cancel, errors in place, or a chart over a table with exports."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from analytix_desktop.api.report import Report
from analytix_desktop.core.context import ChannelContext
from analytix_desktop.core.tasks import TaskFailure
from analytix_desktop.gui.describe import describe_dates, describe_query
from analytix_desktop.gui.labels import plural
from analytix_desktop.gui.report_view.chart import ReportChart
from analytix_desktop.gui.report_view.chart_controls import ChartControls
from analytix_desktop.gui.report_view.chart_data import ChartData, sort_metric
from analytix_desktop.gui.report_view.chart_options import ChartOptions, shaped_chart
from analytix_desktop.gui.report_view.columns import (
    NUMERIC_DIMENSIONS,
    TIME_DIMENSIONS,
    Table,
    build_table,
)
from analytix_desktop.gui.report_view.copying import TableCopier
from analytix_desktop.gui.report_view.export import ExportMixin
from analytix_desktop.gui.report_view.model import ReportTableModel
from analytix_desktop.gui.report_view.pages import BusyPage, ErrorPage
from analytix_desktop.gui.tasks import Lane, Task, submit

if TYPE_CHECKING:
    from analytix_desktop.api.catalogue import Query

__all__ = ["ReportDock", "default_sort_column", "table_and_chart"]

_NUMBERS = itertools.count(1)
_DONE = object()  # what next() gives once the steps are done
# Columns are fitted to the rows on screen and a few more, never to a whole 90,000-row
# report: formatting them all would stall the GUI thread.
FIT_ROWS = 60
MAX_COLUMN_WIDTH = 420  # a long video title is elided rather than pushing the rest away
_CELL_PADDING = 16


def table_and_chart(
    report: Report,
    context: ChannelContext | None,
    query: Query | None,
    video_seconds: float | None,
    options: ChartOptions | None = None,
    derived: Sequence[str] = (),
) -> tuple[Table, ChartData]:
    """The table of ``report`` and its chart as ``options`` ask (on a worker, both: no
    worker then competes with the GUI thread while it shows them). By default the chart
    shows the metric the report is sorted by, as the table does."""
    currency = query.currency if query is not None else "USD"
    table = build_table(report, context, currency, video_seconds, derived)
    metric = sort_metric(table, query.sort_options if query else ())
    chart = shaped_chart(
        table,
        options or ChartOptions(),
        sort_metric=metric,
        video_seconds=video_seconds,
        context=context,
    )
    return table, chart


def default_sort_column(table: Table, query: Query | None) -> int:
    """The column to sort a fresh table by, descending (-1: keep the report's order).

    A categorical report that Google did not sort is sorted by its first metric,
    biggest first, as its bar chart is; dates and positions keep their own order.
    """
    if query is not None and query.sort_options:
        return -1
    names = {column.name for column in table.dimensions}
    if not names or names & {*TIME_DIMENSIONS, *NUMERIC_DIMENSIONS} or not table.metrics:
        return -1
    return table.columns.index(table.metrics[0])


class ReportDock(ExportMixin, QDockWidget):
    """One report: ``set_busy`` while it runs, then ``show_report`` or ``show_error``."""

    cancel_requested = Signal()
    rerun_requested = Signal()
    breadcrumb_clicked = Signal(str)  # the link of a pane this one was drilled down from
    closed = Signal()
    status_message = Signal(str)
    shown = Signal()
    """The report's table and chart are on screen (they are prepared on a worker)."""

    def __init__(
        self, title: str = "Report", channel_title: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(title, parent)
        self.setObjectName(f"report-{next(_NUMBERS)}")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.setAccessibleName(f"Report pane {title}")
        self.full_title = title  # the window title may be a short one, for its tab
        self.channel_title = channel_title
        self.report: Report | None = None
        self.context: ChannelContext | None = None
        self.query: Query | None = None
        self.video_seconds: float | None = None
        self.table_data: Table | None = None
        self._task: Task[tuple[Table, ChartData]] | None = None
        self._showing: Iterator[None] | None = None  # steps showing the report (_show_steps)
        self._stack = QStackedWidget()
        self.busy_page = BusyPage()
        self.busy_page.cancel_clicked.connect(self._cancel_clicked)
        self.error_page = ErrorPage()
        self.error_page.rerun_clicked.connect(self.rerun_requested)
        self.empty_page = QLabel("Choose a report in the builder and press Run (Ctrl+Return).")
        self.empty_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.report_page = self._build_report_page()
        for page in (self.empty_page, self.busy_page, self.error_page, self.report_page):
            self._stack.addWidget(page)
        self.setWidget(self._stack)

    def _build_report_page(self) -> QWidget:
        page = QWidget()
        # Where a drilled-down pane came from: links back to the panes before it.
        self.breadcrumb = QLabel()
        self.breadcrumb.setObjectName("breadcrumb")
        self.breadcrumb.setTextFormat(Qt.TextFormat.RichText)
        self.breadcrumb.setAccessibleName("Drilled down from")
        self.breadcrumb.linkActivated.connect(lambda link: self.breadcrumb_clicked.emit(link))
        self.breadcrumb.hide()
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.header.setAccessibleName("Report description")
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Export status")
        # The pane's chart choices; its first metric combo is the chart's metric.
        self.chart_controls = ChartControls()
        self.chart_controls.changed.connect(self._chart_options_changed)
        self.chart_metric = self.chart_controls.metrics[0]
        self.provenance = QLabel()
        self.provenance.setObjectName("reportProvenance")
        self.provenance.setWordWrap(True)
        self.provenance.setAccessibleName("Where the report comes from")
        self.rerun_button = self._button(
            "Refresh", "Fetch this report from Google again", self.rerun_requested.emit
        )
        self.export_button = self._build_export_button()
        tools = QHBoxLayout()
        tools.addWidget(self.chart_controls)
        tools.addStretch(1)
        tools.addWidget(self.rerun_button)
        tools.addWidget(self.export_button)
        self.chart = ReportChart()
        self.model = ReportTableModel(parent=self)
        self.view = QTableView()
        self.view.setAccessibleName("Report table")
        self.view.setModel(self.model)
        # A double-clicked bar drills down as a double-click on its table row does.
        self.chart.bar_activated.connect(
            lambda row: self.view.activated.emit(
                self.model.index(self.model.row_order().tolist().index(row), 0)
            )
        )
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.copier = TableCopier(self.view, self.model, self.status_message.emit)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("report-splitter")
        self.splitter.addWidget(self.chart)
        self.splitter.addWidget(self.view)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.breadcrumb)
        layout.addWidget(self.header)
        layout.addWidget(self.provenance)
        layout.addLayout(tools)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.notice)
        return page

    def _button(self, text: str, accessible: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.setToolTip(accessible)
        button.clicked.connect(slot)
        return button

    # Running state -------------------------------------------------------------

    def set_busy(self, text: str = "Running the report…") -> None:
        """Show a busy indicator with ``text`` and a Cancel button."""
        self._cancel_task()
        self.busy_page.set_text(text, cancellable=True)
        self._stack.setCurrentWidget(self.busy_page)

    def set_busy_text(self, text: str) -> None:
        """Change what the busy page says (e.g. a wait before a retry), if it is showing."""
        if self._stack.currentWidget() is self.busy_page:
            self.busy_page.set_text(text, cancellable=not self.busy_page.cancel.isHidden())

    def show_error(self, title: str, text: str, hint: str = "") -> None:
        """Show an error in the pane: ``text`` is Google's own message, ``hint`` what to do."""
        self._cancel_task()
        self.error_page.set_error(title, text, hint)
        self._stack.setCurrentWidget(self.error_page)
        self.status_message.emit(f"{self.windowTitle()}: {title}")

    def show_report(
        self,
        report: Report,
        context: ChannelContext | None = None,
        *,
        query: Query | None = None,
        video_seconds: float | None = None,
        derived: Sequence[str] = (),
    ) -> None:
        """Show ``report``; the table and chart are prepared on a worker, then ``shown``.

        ``video_seconds``: the length of the one video of a retention report (m:ss axis);
        ``derived``: creators' metrics to compute from its columns (``core.derived``).
        """
        self._cancel_task()
        self.report, self.context, self.query = report, context, query
        self.video_seconds = video_seconds
        if context is not None:
            self.channel_title = context.title
        rows = report.shape[0]
        self.busy_page.set_text(f"Preparing {plural(rows, 'row')}…", cancellable=False)
        self._stack.setCurrentWidget(self.busy_page)
        options = self.chart_controls.options
        self._task = submit(
            lambda _ctx: table_and_chart(
                report, context, query, video_seconds, options, tuple(derived)
            ),
            self._prepared,
            on_error=self._prepare_failed,
            owner=self,
            lane=Lane.LOCAL,
        )

    def set_provenance(self, text: str) -> None:
        """Say where the report shown comes from (Google, at what time, or local history)."""
        self.provenance.setText(text)
        self.provenance.setVisible(bool(text))

    def _prepared(self, prepared: tuple[Table, ChartData]) -> None:
        self._task = None
        table, chart = prepared
        self.table_data = table
        self._showing = self._show_steps(table, chart)
        self._step(self._showing, first=True)

    def _show_steps(self, table: Table, chart: ChartData) -> Iterator[None]:
        """Show a prepared table, then draw its chart: a step per turn of the event loop,
        so that the GUI thread paints and answers in between (see ReportChart.drawing)."""
        self.model.set_table(table)
        column = default_sort_column(table, self.query)
        if column >= 0:
            self.view.sortByColumn(column, Qt.SortOrder.DescendingOrder)
        else:
            self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.header.setText(self._header_text(table))  # with the table it describes
        self.notice.clear()
        yield
        self.chart.hold()
        self._fill_chart_metrics(table, chart)
        self.view.ensurePolished()  # measured in the font it will be shown in
        self._fit_columns()
        yield
        self._stack.setCurrentWidget(self.report_page)  # the first paint follows
        yield
        yield from self.chart.drawing(chart, {c.name: c.formatter for c in table.metrics})

    def _step(self, steps: Iterator[None], *, first: bool = False) -> None:
        """Take the next of ``steps``; the steps that show a report then say ``shown``."""
        if first and steps is not self._showing:
            return  # another report, an error or the busy page since
        if next(steps, _DONE) is _DONE:
            if first:
                self._showing = None
                self.shown.emit()
            return
        # A 1 ms timer rather than a 0 ms one, which Qt may run in the same pass over
        # posted events, before timers that are due and before the paint of this step.
        QTimer.singleShot(1, self, lambda: self._step(steps, first=first))

    def _fit_columns(self) -> None:
        """Size each column to its header and to the first rows and the total row.

        Only ``FIT_ROWS`` rows are measured (QHeaderView.resizeSections would format
        every row of a big report), each distinct text once; the last column takes the
        rest of the width.
        """
        model, header, table = self.model, self.view.horizontalHeader(), self.model.table
        if table is None:
            return
        top = max(self.view.rowAt(0), 0)
        rows = [model.source_row(row) for row in range(top, min(top + FIT_ROWS, table.rows))]
        plain = self.view.fontMetrics()
        bold_font = QFont(self.view.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        for number, column in enumerate(table.columns):
            width = header.sectionSizeHint(number)
            for text in {column.text(row) for row in rows}:
                width = max(width, plain.horizontalAdvance(text) + _CELL_PADDING)
            if model.has_total_row:
                total = str(model.index(table.rows, number).data() or "")
                width = max(width, bold.horizontalAdvance(total) + _CELL_PADDING)
            header.resizeSection(number, min(width, MAX_COLUMN_WIDTH))

    def _prepare_failed(self, failure: TaskFailure) -> None:
        self._task = None
        error = failure.error
        self.show_error(
            "The report could not be shown",
            f"{type(error).__name__}: {error}",
            "This is a bug in analytix-desktop; the details were logged.\n" + failure.details,
        )

    def _header_text(self, table: Table) -> str:
        """The whole query in the UI's words; without one, what the report itself says."""
        assert self.report is not None
        if self.query is not None:
            return describe_query(self.query, self.context, self.channel_title).header(table.rows)
        parts = [
            self.channel_title,
            self.report.type.name,
            describe_dates(None, table.date_span()),
            plural(table.rows, "row"),
        ]
        return " — ".join(part for part in parts if part)

    def _fill_chart_metrics(self, table: Table, chart: ChartData) -> None:
        self.chart_controls.fill(table, chart)
        # Widen the combos to their new names now, not after the chart is drawn.
        layout = self.report_page.layout()
        if layout is not None:
            layout.activate()

    def _chart_options_changed(self) -> None:
        table = self.table_data
        if table is None:
            return
        options, seconds, context = self.chart_controls.options, self.video_seconds, self.context
        metric = sort_metric(table, self.query.sort_options if self.query else ())
        submit(
            lambda _ctx: shaped_chart(
                table, options, sort_metric=metric, video_seconds=seconds, context=context
            ),
            lambda chart: self._draw_chosen_chart(table, chart),
            owner=self,
            lane=Lane.LOCAL,
        )

    def _draw_chosen_chart(self, table: Table, chart: ChartData) -> None:
        if table is self.table_data:  # not a stale chart of an old report
            formatters = {c.name: c.formatter for c in table.metrics}
            self._step(self.chart.drawing(chart, formatters))

    def _cancel_clicked(self) -> None:
        self.busy_page.set_text("Cancelling…", cancellable=False)
        self.cancel_requested.emit()

    def _cancel_task(self) -> None:
        self._showing = None
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def closeEvent(self, event: QCloseEvent) -> None:
        self._cancel_task()
        super().closeEvent(event)
        self.closed.emit()
