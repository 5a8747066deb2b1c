"""What a failed command exits with, and the one line it prints (never a traceback)."""

from __future__ import annotations

from ..api.errors import (
    APIError,
    AuthorisationError,
    InvalidRequest,
    InvalidSecrets,
    NetworkError,
    NotAuthorised,
    RefreshTokenExpired,
    Unauthorised,
)
from ..core.definitions import DefinitionError
from ..core.tasks import Cancelled
from ..store.report_db import ReportStoreError
from ..store.tokens import TokenStoreError

__all__ = [
    "AUTHORISATION",
    "FAILED",
    "GOOGLE",
    "INTERRUPTED",
    "OK",
    "USAGE",
    "UsageError",
    "describe",
    "exit_code",
]

OK = 0
FAILED = 1
USAGE = 2
AUTHORISATION = 3
GOOGLE = 4
INTERRUPTED = 130

_SIGN_IN_AGAIN = 'sign in again with "analytix-desktop channels add"'


class UsageError(Exception):
    """The command line asks for something that cannot be done as given (exit 2)."""


def exit_code(error: BaseException) -> int:
    """The documented exit status for ``error``."""
    if isinstance(error, KeyboardInterrupt | Cancelled):
        return INTERRUPTED
    if isinstance(error, UsageError | DefinitionError | InvalidRequest):
        return USAGE
    if isinstance(error, AuthorisationError | TokenStoreError | Unauthorised):
        return AUTHORISATION
    if isinstance(error, APIError | NetworkError):
        return GOOGLE
    return FAILED


def describe(error: BaseException) -> str:
    """One line saying what went wrong and, where there is one, what to do.

    Only messages of our own making and Google's error texts are shown: neither holds
    a token or a client secret.
    """
    if isinstance(error, KeyboardInterrupt | Cancelled):
        return "interrupted; nothing was written"
    if isinstance(error, InvalidRequest):
        where = f"{error.field}: " if error.field else ""
        return f"invalid query: {where}{error}"
    if isinstance(error, InvalidSecrets):
        return f"{error} (import them with: analytix-desktop secrets import FILE)"
    if isinstance(error, NotAuthorised | RefreshTokenExpired | Unauthorised):
        return f"authorisation needed: {error}; {_SIGN_IN_AGAIN}"
    if isinstance(error, TokenStoreError):
        hint = f" {error.hint}" if error.hint else ""
        return f"the keyring cannot be used: {error}{hint}"
    if isinstance(error, AuthorisationError):
        return f"authorisation failed: {error}"
    if isinstance(error, APIError):
        return f"Google refused the request: {error}"
    if isinstance(error, NetworkError):
        return f"network error: {error}"
    if isinstance(error, UsageError | DefinitionError | ReportStoreError):
        return str(error)
    if isinstance(error, OSError):
        return _os_error(error)
    text = str(error)
    return f"unexpected {type(error).__name__}: {text}" if text else type(error).__name__


def _os_error(error: OSError) -> str:
    reason = error.strerror or str(error)
    if error.filename is not None:
        return f"{error.filename}: {reason}"
    return reason
