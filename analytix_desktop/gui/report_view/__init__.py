"""Report panes: a chart over a table, with busy, error and export states."""

from analytix_desktop.gui.report_view.chart import ReportChart
from analytix_desktop.gui.report_view.chart_data import ChartData, Series, build_chart
from analytix_desktop.gui.report_view.columns import Column, Table, build_table
from analytix_desktop.gui.report_view.dock import ReportDock
from analytix_desktop.gui.report_view.model import RAW_ROLE, TOTAL_ROLE, ReportTableModel

__all__ = [
    "RAW_ROLE",
    "TOTAL_ROLE",
    "ChartData",
    "Column",
    "ReportChart",
    "ReportDock",
    "ReportTableModel",
    "Series",
    "Table",
    "build_chart",
    "build_table",
]
