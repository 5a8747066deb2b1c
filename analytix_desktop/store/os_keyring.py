"""The OS keyring itself (the ``keyring`` library): reads, writes and deletes of one
entry, each failure turned into a :class:`TokenStoreError` that says what to do."""

from __future__ import annotations

from collections.abc import Callable

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import (
    InitError,
    KeyringError,
    KeyringLocked,
    NoKeyringError,
    PasswordDeleteError,
)

from .token_errors import KeyringUnavailable, TokenStoreError

__all__ = ["backend_problem", "delete", "describe", "problem", "read", "save"]

_PAST = {"read": "read", "save": "saved", "delete": "deleted"}
_MEMORY_HINT = (
    "Install or start a password manager (e.g. GNOME Keyring or KWallet), or keep "
    "sign-ins in memory for this session only."
)


def backend_problem(backend: KeyringBackend) -> str | None:
    """Why ``backend`` cannot hold tokens safely, or None when it can."""
    if isinstance(backend, fail.Keyring):
        return (
            "No password manager (keyring service) was found on this system, so sign-ins "
            "cannot be saved safely."
        )
    if isinstance(backend, null.Keyring):
        return "The keyring is switched off for this program (PYTHON_KEYRING_BACKEND)."
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return "No password manager (keyring service) was found on this system."
    name = f"{type(backend).__module__}.{type(backend).__name__}".lower()
    if "plaintext" in name or "keyrings.alt.file" in name:
        return "The only keyring available stores passwords in plain text."
    return None


def problem() -> str | None:
    """Why the keyring in use cannot hold tokens, or None when it can."""
    try:
        return backend_problem(keyring.get_keyring())
    except (InitError, KeyringError) as error:
        return f"The keyring could not be opened: {error}"


def describe() -> str:
    """The keyring in use, by name."""
    backend = keyring.get_keyring()
    return str(getattr(backend, "name", type(backend).__name__))


def read(service: str, entry: str) -> str | None:
    return _call("read", lambda: keyring.get_password(service, entry))


def save(service: str, entry: str, text: str) -> None:
    _call("save", lambda: keyring.set_password(service, entry, text))


def delete(service: str, entry: str) -> None:
    _call("delete", lambda: keyring.delete_password(service, entry))


def _call(action: str, operation: Callable[[], str | None]) -> str | None:
    found = problem()
    if found is not None:
        raise KeyringUnavailable(found, hint=_MEMORY_HINT)
    try:
        result = operation()
    except PasswordDeleteError:
        return None  # there was no entry to delete
    except KeyringLocked:
        raise TokenStoreError(
            f"The keyring is locked, so the sign-in could not be {_PAST[action]}.",
            hint="Unlock your password manager (keyring) and try again.",
        ) from None
    except NoKeyringError as error:
        raise KeyringUnavailable(str(error), hint=_MEMORY_HINT) from None
    except (InitError, KeyringError) as error:
        raise TokenStoreError(
            f"The keyring could not {action} the sign-in: {error}",
            hint="Check that your password manager is running and unlocked.",
        ) from None
    return result
