"""What the app keeps between runs: tokens in the keyring, secrets, thumbnails, accounts,
and the local report store (history, saved reports, workspaces, request counts).

The settings file (``store.settings``) is read and written with Qt's QSettings, so it is
imported from its module by the Qt front end only: this package stays free of Qt.

The names below are imported from their modules when first used (PEP 562), not with the
package: importing ``store.accounts`` or ``store.paths`` while the app starts then does
not bring in keyring and requests as well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes

if TYPE_CHECKING:
    from .accounts import Account
    from .cache import ThumbnailCache
    from .os_keyring import backend_problem
    from .paths import APP_NAME, AppPaths
    from .report_db import (
        SCHEMA_VERSION,
        DamagedStore,
        DuplicateName,
        ReportStore,
        ReportStoreError,
        SavedReport,
        StoredReport,
    )
    from .secrets import import_secrets
    from .token_errors import KeyringUnavailable, TokenStoreError
    from .tokens import SERVICE, TokenStore

__all__ = [
    "APP_NAME",
    "SCHEMA_VERSION",
    "SERVICE",
    "Account",
    "AppPaths",
    "DamagedStore",
    "DuplicateName",
    "KeyringUnavailable",
    "ReportStore",
    "ReportStoreError",
    "SavedReport",
    "StoredReport",
    "ThumbnailCache",
    "TokenStore",
    "TokenStoreError",
    "backend_problem",
    "import_secrets",
]

_MODULES = {
    "APP_NAME": "paths",
    "SCHEMA_VERSION": "report_db",
    "SERVICE": "tokens",
    "Account": "accounts",
    "AppPaths": "paths",
    "DamagedStore": "report_db",
    "DuplicateName": "report_db",
    "KeyringUnavailable": "token_errors",
    "ReportStore": "report_db",
    "ReportStoreError": "report_db",
    "SavedReport": "report_db",
    "StoredReport": "report_db",
    "ThumbnailCache": "cache",
    "TokenStore": "tokens",
    "TokenStoreError": "token_errors",
    "backend_problem": "os_keyring",
    "import_secrets": "secrets",
}

if not TYPE_CHECKING:  # type checkers see the imports above, and no catch-all attribute
    __getattr__, __dir__ = lazy_attributes(globals(), _MODULES)
