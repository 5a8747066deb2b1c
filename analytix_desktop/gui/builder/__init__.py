"""The point-and-click report builder."""

from analytix_desktop.core.ranges import PRESETS, last_data_day, preset_range
from analytix_desktop.gui.builder.breakdowns import BREAKDOWNS, Breakdown
from analytix_desktop.gui.builder.explain import MONETARY_HINT
from analytix_desktop.gui.builder.widget import ReportBuilder

__all__ = [
    "BREAKDOWNS",
    "MONETARY_HINT",
    "PRESETS",
    "Breakdown",
    "ReportBuilder",
    "last_data_day",
    "preset_range",
]
