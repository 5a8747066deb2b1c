"""Tokens in the OS keyring: service ``analytix-desktop``, one entry per channel id.

With no usable keyring the store refuses to work until the user chooses to keep
tokens in memory for this session only; it never writes them to a plain file.
Every method may block (D-Bus, an unlock prompt), so call them off the GUI thread.
"""

from __future__ import annotations

import importlib
import logging
import threading
from types import ModuleType

from ..api.errors import AuthorisationError
from ..api.tokens import Tokens
from .paths import APP_NAME
from .token_errors import KeyringUnavailable, TokenStoreError

__all__ = ["SERVICE", "KeyringUnavailable", "TokenStore", "TokenStoreError"]

SERVICE = APP_NAME
_log = logging.getLogger(__name__)


def _keyring() -> ModuleType:
    """``store.os_keyring``, loaded on first use: the keyring library takes about 80 ms to
    import, which the window's first paint need not wait for (tokens are read on workers)."""
    return importlib.import_module(".os_keyring", __package__)


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
        problem: str | None = _keyring().problem()
        return problem

    def describe(self) -> str:
        """Where tokens go, for the About box and status messages."""
        if self.session_only:
            return "memory (this session only)"
        return str(_keyring().describe())

    def load(self, channel_id: str) -> Tokens | None:
        """The channel's tokens, or None when there are none (or they are unreadable)."""
        with self._lock:
            if self._memory is not None:
                text = self._memory.get(channel_id)
            else:
                text = _keyring().read(self.service, channel_id)
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
                _keyring().save(self.service, channel_id, tokens.to_json())

    def delete(self, channel_id: str) -> None:
        """Forget the channel's tokens; nothing happens when there are none."""
        with self._lock:
            if self._memory is not None:
                self._memory.pop(channel_id, None)
                return
            _keyring().delete(self.service, channel_id)
