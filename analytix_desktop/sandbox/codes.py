"""Open consent pages, authorization codes, and the authorisations users have given."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .authrequest import AuthRequest
    from .grants import Grant

__all__ = ["Approval", "CodeStore"]


@dataclass(frozen=True)
class Approval:
    """A user's answer to an authorization request, waiting behind a code."""

    request: AuthRequest
    user_sub: str
    channel_id: str
    scopes: tuple[str, ...]


class CodeStore:
    """Thread-safe bookkeeping of the OAuth front channel.

    Codes are single-use and live ``code_lifetime`` seconds (Google: 10 minutes).
    Consent pages are identified by a random id that the page's forms post back,
    so a form can only answer the request it was rendered for, and only once.
    """

    def __init__(self, code_lifetime: float = 600.0, page_lifetime: float = 3600.0) -> None:
        self.code_lifetime = code_lifetime
        self.page_lifetime = page_lifetime
        self._lock = threading.Lock()
        self._pages: dict[str, tuple[AuthRequest, float]] = {}
        self._codes: dict[str, tuple[Approval, float]] = {}
        self._latest: dict[tuple[str, str, str], Grant] = {}

    # -- consent pages -------------------------------------------------------------------

    def open_page(self, request: AuthRequest) -> str:
        page_id = secrets.token_urlsafe(24)
        now = time.time()
        with self._lock:
            self._pages = {k: v for k, v in self._pages.items() if v[1] > now}
            self._pages[page_id] = (request, now + self.page_lifetime)
        return page_id

    def page(self, page_id: str) -> AuthRequest | None:
        """The request a consent page was opened for, while it is still open."""
        with self._lock:
            entry = self._pages.get(page_id)
        return entry[0] if entry is not None and entry[1] > time.time() else None

    def close_page(self, page_id: str) -> AuthRequest | None:
        """Close a consent page once answered; None when it was not open."""
        with self._lock:
            entry = self._pages.pop(page_id, None)
        return entry[0] if entry is not None and entry[1] > time.time() else None

    # -- authorization codes ----------------------------------------------------------------

    def issue(self, approval: Approval) -> str:
        code = "4/0A" + secrets.token_urlsafe(54)
        with self._lock:
            self._codes[code] = (approval, time.time() + self.code_lifetime)
        return code

    def peek(self, code: str) -> Approval | None:
        """The approval behind a live code, without using it up."""
        with self._lock:
            entry = self._codes.get(code)
        return entry[0] if entry is not None and entry[1] > time.time() else None

    def redeem(self, code: str) -> bool:
        """Use a code up; False when another exchange got there first."""
        with self._lock:
            return self._codes.pop(code, None) is not None

    def expire_codes(self) -> None:
        """Make every code issued so far expired (tests of the 10-minute limit)."""
        with self._lock:
            self._codes = {code: (approval, 0.0) for code, (approval, _) in self._codes.items()}

    # -- authorisations ----------------------------------------------------------------------

    def remember(self, grant: Grant) -> None:
        """Record the newest grant of a client for a user's channel."""
        with self._lock:
            self._latest[(grant.client_id, grant.user_sub, grant.channel_id)] = grant

    def previous(self, client_id: str, user_sub: str, channel_id: str) -> Grant | None:
        """The newest grant for this client, user and channel while it is still alive."""
        with self._lock:
            grant = self._latest.get((client_id, user_sub, channel_id))
        if grant is None:
            return None
        root = grant.root
        expired = root.refresh_expires_at is not None and root.refresh_expires_at <= time.time()
        return None if root.revoked or expired else grant
