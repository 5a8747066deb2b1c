"""The client layer: analytix's BaseClient / Client / Shard design on ``requests``.

The names below are imported from their modules when first used (PEP 562), not with the
package: importing one light module, such as ``api.endpoints`` while the app starts, then
does not bring in requests, the JWT library and the catalogue with the whole client.
``from analytix_desktop.api import Client`` works as ever.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes

if TYPE_CHECKING:
    from .base_client import BaseClient
    from .bulk_report import BulkReport
    from .client import Client
    from .endpoints import Endpoints
    from .report import Report
    from .reporting import DailyReport, Job, ReportTypeInfo
    from .scopes import Scopes
    from .secrets import Secrets
    from .shard import Shard
    from .tokens import Tokens

__all__ = [
    "BaseClient",
    "BulkReport",
    "Client",
    "DailyReport",
    "Endpoints",
    "Job",
    "Report",
    "ReportTypeInfo",
    "Scopes",
    "Secrets",
    "Shard",
    "Tokens",
]

_MODULES = {
    "BaseClient": "base_client",
    "BulkReport": "bulk_report",
    "Client": "client",
    "DailyReport": "reporting",
    "Endpoints": "endpoints",
    "Job": "reporting",
    "Report": "report",
    "ReportTypeInfo": "reporting",
    "Scopes": "scopes",
    "Secrets": "secrets",
    "Shard": "shard",
    "Tokens": "tokens",
}

if not TYPE_CHECKING:  # type checkers see the imports above, and no catch-all attribute
    __getattr__, __dir__ = lazy_attributes(globals(), _MODULES)
