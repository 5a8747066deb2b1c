"""What the app keeps between runs: tokens in the keyring, settings, secrets, thumbnails."""

from .cache import ThumbnailCache
from .paths import APP_NAME, AppPaths
from .secrets import import_secrets
from .settings import Account, Settings
from .tokens import SERVICE, KeyringUnavailable, TokenStore, TokenStoreError, backend_problem

__all__ = [
    "APP_NAME",
    "SERVICE",
    "Account",
    "AppPaths",
    "KeyringUnavailable",
    "Settings",
    "ThumbnailCache",
    "TokenStore",
    "TokenStoreError",
    "backend_problem",
    "import_secrets",
]
