"""What can go wrong keeping tokens: the keyring refused, or there is no safe keyring."""

from __future__ import annotations

from ..api.errors import AnalytixError

__all__ = ["KeyringUnavailable", "TokenStoreError"]


class TokenStoreError(AnalytixError):
    """The keyring refused to store or hand out a channel's tokens."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        self.hint = hint
        super().__init__(message)


class KeyringUnavailable(TokenStoreError):
    """There is no keyring backend that can keep secrets safely."""
