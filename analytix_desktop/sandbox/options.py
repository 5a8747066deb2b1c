"""Switches a test or the demo may flip on a running sandbox."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Options"]


@dataclass
class Options:
    """Read by the handlers on every request, so a change applies at once.

    ``auto_consent`` approves every authorization request without the consent page;
    ``group_page_size`` is the groups.list page size; ``empty_rows_as_list`` makes empty
    reports say ``"rows": []`` instead of omitting it; ``reporting_page_size`` is the
    Reporting API's page size when a list asks none, and the most it gives when one does.
    """

    auto_consent: bool = False
    group_page_size: int = 25
    empty_rows_as_list: bool = False
    reporting_page_size: int = 100
