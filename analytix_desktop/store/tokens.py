"""Tokens in the OS keyring: service ``analytix-desktop``, one entry per channel id.

With no usable keyring the store refuses to work until the user chooses to keep
tokens in memory for this session only; it never writes them to a plain file.
Every method may block (D-Bus, an unlock prompt), so call them off the GUI thread.
"""

from __future__ import annotations

import logging
import threading
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

from ..api.errors import AnalytixError, AuthorisationError
from ..api.tokens import Tokens
from .paths import APP_NAME

__all__ = ["SERVICE", "KeyringUnavailable", "TokenStore", "TokenStoreError", "backend_problem"]

SERVICE = APP_NAME
_log = logging.getLogger(__name__)


class TokenStoreError(AnalytixError):
    """The keyring refused to store or hand out a channel's tokens."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        self.hint = hint
        super().__init__(message)


class KeyringUnavailable(TokenStoreError):
    """There is no keyring backend that can keep secrets safely."""


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


class TokenStore:
    """Load, save and delete the Tokens of each channel; thread-safe."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service
        self._lock = threading.RLock()
        self._memory: dict[str, str] | None = None

    @property
    def session_only(self) -> bool:
        """True once the user chose to keep tokens in memory for this session."""
        return self._memory is not None

    def use_memory(self) -> None:
        """Keep tokens in this process only, forgotten when it exits (the user's choice)."""
        with self._lock:
            if self._memory is None:
                self._memory = {}

    def problem(self) -> str | None:
        """Why tokens cannot be stored, or None when they can."""
        if self.session_only:
            return None
        try:
            return backend_problem(keyring.get_keyring())
        except (InitError, KeyringError) as error:
            return f"The keyring could not be opened: {error}"

    def describe(self) -> str:
        """Where tokens go, for the About box and status messages."""
        if self.session_only:
            return "memory (this session only)"
        backend = keyring.get_keyring()
        return str(getattr(backend, "name", type(backend).__name__))

    def load(self, channel_id: str) -> Tokens | None:
        """The channel's tokens, or None when there are none (or they are unreadable)."""
        with self._lock:
            if self._memory is not None:
                text = self._memory.get(channel_id)
            else:
                text = self._call("read", keyring.get_password, self.service, channel_id)
        if text is None:
            return None
        try:
            return Tokens.from_json(text)
        except AuthorisationError:
            _log.warning("the saved sign-in of channel %s is unreadable; ignoring it", channel_id)
            return None

    def save(self, channel_id: str, tokens: Tokens) -> None:
        with self._lock:
            if self._memory is not None:
                self._memory[channel_id] = tokens.to_json()
            else:
                self._call("save", keyring.set_password, self.service, channel_id, tokens.to_json())

    def delete(self, channel_id: str) -> None:
        """Forget the channel's tokens; nothing happens when there are none."""
        with self._lock:
            if self._memory is not None:
                self._memory.pop(channel_id, None)
                return
            self._call("delete", keyring.delete_password, self.service, channel_id)

    def _call(self, action: str, function: Callable[..., str | None], *args: str) -> str | None:
        problem = self.problem()
        if problem is not None:
            raise KeyringUnavailable(problem, hint=_MEMORY_HINT)
        try:
            result = function(*args)
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


_PAST = {"read": "read", "save": "saved", "delete": "deleted"}
_MEMORY_HINT = (
    "Install or start a password manager (e.g. GNOME Keyring or KWallet), or keep "
    "sign-ins in memory for this session only."
)
