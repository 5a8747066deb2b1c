"""What the app keeps between runs: tokens in the keyring, secrets, thumbnails, accounts.

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
    from .paths import APP_NAME, AppPaths
    from .secrets import import_secrets
    from .tokens import SERVICE, KeyringUnavailable, TokenStore, TokenStoreError, backend_problem

__all__ = [
    "APP_NAME",
    "SERVICE",
    "Account",
    "AppPaths",
    "KeyringUnavailable",
    "ThumbnailCache",
    "TokenStore",
    "TokenStoreError",
    "backend_problem",
    "import_secrets",
]

_MODULES = {
    "APP_NAME": "paths",
    "SERVICE": "tokens",
    "Account": "accounts",
    "AppPaths": "paths",
    "KeyringUnavailable": "tokens",
    "ThumbnailCache": "cache",
    "TokenStore": "tokens",
    "TokenStoreError": "tokens",
    "backend_problem": "tokens",
    "import_secrets": "secrets",
}

if not TYPE_CHECKING:  # type checkers see the imports above, and no catch-all attribute
    __getattr__, __dir__ = lazy_attributes(globals(), _MODULES)
