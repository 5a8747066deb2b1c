"""OAuth tokens with an absolute expiry time."""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from .atomic import atomic_write
from .errors import AuthorisationError

__all__ = ["EXPIRY_MARGIN", "MAX_ACCESS_LIFETIME", "Tokens", "expiry_after"]

# Treat a token as expired this many seconds early, so that a request sent just
# before the deadline does not arrive just after it.
EXPIRY_MARGIN = 120.0
MAX_ACCESS_LIFETIME = 86400.0
"""Google's access tokens last an hour: an expiry further off than a day is none of theirs."""
# Fields a refresh response usually omits: absent means "unchanged", not "gone".
_KEPT = ("refresh_token", "refresh_token_expires_in", "id_token")
_NUMBERS = ("expires_in", "refresh_token_expires_in", "expires_at")
_OPTIONAL = ("refresh_token", "refresh_token_expires_in", "id_token")  # may be null


@dataclass
class Tokens:
    """What Google's token endpoint returned, plus ``expires_at`` (Unix time; 0 = unknown)."""

    access_token: str
    expires_in: int = 0
    scope: str = ""
    token_type: str = "Bearer"  # noqa: S105 - a scheme name, not a secret
    refresh_token: str | None = None
    refresh_token_expires_in: int | None = None
    id_token: str | None = None
    expires_at: float = 0.0

    def __repr__(self) -> str:
        # Never show the tokens themselves.
        return f"Tokens(scope={self.scope!r}, expires_at={self.expires_at!r})"

    @property
    def expired(self) -> bool:
        """True when the access token is (nearly) expired, or its expiry is unknown."""
        if not math.isfinite(self.expires_at):  # NaN compares False: it would never expire
            return True
        return time.time() >= self.expires_at - EXPIRY_MARGIN

    @classmethod
    def from_dict(cls, data: Any, *, received_at: float | None = None) -> Tokens:
        """Build from a token response or a saved file; unknown fields are ignored.

        Without a saved ``expires_at``, the expiry is ``received_at + expires_in``
        when the response has just been received, else unknown. A field of the wrong
        type, or a time that is not a finite number of seconds (NaN, infinity, negative)
        raises AuthorisationError; an expiry over a day away is taken as unknown.
        """
        if not isinstance(data, dict) or not isinstance(data.get("access_token"), str):
            raise AuthorisationError("token data has no access_token")
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {
            name: _seconds(value, name) if name in _NUMBERS else _text(value, name)
            for name, value in data.items()
            if name in known and not (value is None and name in _OPTIONAL)
        }
        tokens = cls(**values)
        tokens.expires_in = int(tokens.expires_in)
        if tokens.refresh_token_expires_in is not None:
            tokens.refresh_token_expires_in = int(tokens.refresh_token_expires_in)
        if "expires_at" in values:
            tokens.expires_at = _plausible(tokens.expires_at)
        elif received_at is not None:
            tokens.expires_at = expiry_after(tokens.expires_in, received_at)
        return tokens

    @classmethod
    def from_json(cls, data: str | bytes, *, received_at: float | None = None) -> Tokens:
        """Parse JSON text; see ``from_dict``."""
        try:
            parsed = json.loads(data)
        except (ValueError, RecursionError):
            raise AuthorisationError("token data is not JSON") from None
        return cls.from_dict(parsed, received_at=received_at)

    @classmethod
    def load_from(cls, path: str | os.PathLike[str]) -> Tokens:
        """Read a tokens file written by ``save_to`` (or by analytix)."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise AuthorisationError(f"{path} is not UTF-8 text") from None
        except OSError as exc:
            raise AuthorisationError(f"{path} could not be read ({type(exc).__name__})") from None
        try:
            return cls.from_json(text)
        except AuthorisationError as exc:
            raise AuthorisationError(f"{path}: {exc}") from None

    def to_dict(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value is not None}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), separators=(",", ":"))

    def save_to(self, path: str | os.PathLike[str]) -> None:
        """Write atomically, readable by the owner only (0600)."""
        with atomic_write(path, mode=0o600, encoding="utf-8") as file:
            file.write(self.to_json())

    def refresh(self, data: dict[str, Any], *, received_at: float | None = None) -> Tokens:
        """Take the fields of a refresh response; keep the refresh token when none came."""
        now = time.time() if received_at is None else received_at
        fresh = Tokens.from_dict(data, received_at=now)
        self.update(fresh)
        return self

    def update(self, other: Tokens) -> None:
        """Copy ``other``'s fields, keeping our refresh and ID tokens where it has none."""
        for f in fields(self):
            value = getattr(other, f.name)
            if value is None and f.name in _KEPT:
                continue
            setattr(self, f.name, value)


def expiry_after(expires_in: Any, received_at: float) -> float:
    """The Unix time ``expires_in`` seconds after ``received_at``; 0 (unknown) when that
    is over a day away. AuthorisationError unless ``expires_in`` is a finite, non-negative
    number (or its text, as tokeninfo sends it)."""
    return _plausible(received_at + _seconds(expires_in, "expires_in"))


def _seconds(value: Any, name: str) -> float:
    """A finite, non-negative number of seconds from a number or its text."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise AuthorisationError(f"token data's {name} is not a number")
    try:
        seconds = float(value)
    except (ValueError, OverflowError):
        raise AuthorisationError(f"token data's {name} is not a number") from None
    if not math.isfinite(seconds) or seconds < 0:
        raise AuthorisationError(f"token data's {name} is not a finite, non-negative number")
    return seconds


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise AuthorisationError(f"token data's {name} is not text")
    return value


def _plausible(expires_at: float) -> float:
    """``expires_at``, or 0 (unknown: check with Google) when it is over a day away."""
    return expires_at if expires_at <= time.time() + MAX_ACCESS_LIFETIME else 0.0
