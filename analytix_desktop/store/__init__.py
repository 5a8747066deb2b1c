"""What the app keeps between runs: tokens in the keyring, secrets, thumbnails, accounts.

The settings file (``store.settings``) is read and written with Qt's QSettings, so it is
imported from its module by the Qt front end only: this package stays free of Qt.
"""

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
