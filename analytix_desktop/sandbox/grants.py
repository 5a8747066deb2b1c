"""Access and refresh tokens the sandbox has issued, and what each one grants."""

from __future__ import annotations

import contextlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..api.atomic import atomic_path

__all__ = ["Grant", "GrantStore"]


@dataclass
class Grant:
    """One user's consent to one client for one channel."""

    client_id: str
    user_sub: str
    channel_id: str
    scopes: frozenset[str]
    nonce: str | None = None
    refresh_expires_at: float | None = None
    revoked: bool = False
    created_at: float = field(default_factory=time.time)
    # True when a refresh token was issued for it (tokeninfo's access_type).
    offline: bool = False
    # The grant this one derives from (a narrowed refresh, or a re-consent that got no
    # new refresh token): Google revokes the whole authorisation, so both live and die together.
    parent: Grant | None = None

    @property
    def root(self) -> Grant:
        """The original grant of the authorisation this one belongs to."""
        grant = self
        while grant.parent is not None:
            grant = grant.parent
        return grant


class GrantStore:
    """Thread-safe token bookkeeping: issue, look up, expire and revoke."""

    def __init__(self, access_lifetime: int = 3599, refresh_lifetime: int | None = None) -> None:
        self.access_lifetime = access_lifetime
        # None: refresh tokens never expire (a published app); e.g. 604800 mimics the
        # 7-day limit of apps left in "Testing", reported as refresh_token_expires_in.
        self.refresh_lifetime = refresh_lifetime
        self._lock = threading.Lock()
        self._access: dict[str, tuple[Grant, float]] = {}
        self._refresh: dict[str, Grant] = {}
        self._file: Path | None = None

    def persist_to(self, path: Path) -> None:
        """Keep refresh tokens in ``path`` (JSON, 0600), so that they outlive a restart.

        Only refresh tokens are kept: a client whose access token is unknown after a
        restart gets a 401 and refreshes, as with an expired one. An unreadable file
        is ignored (its channels must be reconnected).
        """
        self._file = path
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
            for token, data in json.loads(path.read_text(encoding="utf-8")).items():
                self._refresh[token] = Grant(
                    data["client_id"],
                    data["user_sub"],
                    data["channel_id"],
                    frozenset(data["scopes"]),
                    refresh_expires_at=data["refresh_expires_at"],
                    revoked=data["revoked"],
                    created_at=data["created_at"],
                    offline=True,
                )

    def _save(self) -> None:
        """Write the refresh tokens (called with the lock held)."""
        if self._file is None:
            return
        data: dict[str, Any] = {
            token: {
                "client_id": grant.client_id,
                "user_sub": grant.user_sub,
                "channel_id": grant.channel_id,
                "scopes": sorted(grant.scopes),
                "refresh_expires_at": grant.refresh_expires_at,
                "revoked": grant.root.revoked,
                "created_at": grant.created_at,
            }
            for token, grant in self._refresh.items()
        }
        self._file.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(self._file, mode=0o600, overwrite=True) as temp:
            temp.write_text(json.dumps(data), encoding="utf-8")

    def new_grant(self, grant: Grant) -> Grant:
        if self.refresh_lifetime is not None:
            grant.refresh_expires_at = time.time() + self.refresh_lifetime
        return grant

    def issue_access(self, grant: Grant) -> tuple[str, int]:
        token = "ya29.a0" + secrets.token_urlsafe(48)
        with self._lock:
            self._access[token] = (grant, time.time() + self.access_lifetime)
        return token, self.access_lifetime

    def issue_refresh(self, grant: Grant) -> str:
        token = "1//0" + secrets.token_urlsafe(40)
        with self._lock:
            self._refresh[token] = grant
            self._save()
        return token

    def access(self, token: str) -> tuple[Grant, float] | None:
        """The live grant and expiry time of an access token, or None."""
        with self._lock:
            entry = self._access.get(token)
        if entry is None or entry[0].root.revoked or entry[1] <= time.time():
            return None
        return entry

    def refresh(self, token: str) -> Grant | None:
        """The live grant of a refresh token, or None when unknown, revoked or expired."""
        with self._lock:
            grant = self._refresh.get(token)
        if grant is None or grant.root.revoked:
            return None
        if grant.refresh_expires_at is not None and grant.refresh_expires_at <= time.time():
            return None
        return grant

    def revoke(self, token: str) -> bool:
        """Revoke the grant behind an access or refresh token (and so all its tokens)."""
        with self._lock:
            entry = self._access.get(token)
            grant = entry[0] if entry else self._refresh.get(token)
            if grant is None or grant.root.revoked:
                return False
            grant.root.revoked = True
            self._save()
            return True

    def expire_access_tokens(self) -> None:
        """Make every access token issued so far expired (tests of refresh paths)."""
        with self._lock:
            for token, (grant, _) in list(self._access.items()):
                self._access[token] = (grant, 0.0)

    def expire_refresh_tokens(self) -> None:
        """Make every refresh token dead, as Google's 7-day Testing limit does."""
        with self._lock:
            for grant in self._refresh.values():
                grant.refresh_expires_at = 0.0
            self._save()
