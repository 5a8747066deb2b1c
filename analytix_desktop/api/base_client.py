"""The base of every client: secrets, scopes, token checks, refresh and ID tokens."""

from __future__ import annotations

import abc
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests

from .endpoints import Endpoints
from .errors import APIError, AuthorisationError, NetworkError
from .flow import LoopbackFlow
from .id_tokens import IdTokenVerifier
from .scopes import Scopes
from .secrets import Secrets
from .shard import Shard
from .tokens import Tokens
from .transport import Transport

__all__ = ["BaseClient"]

_log = logging.getLogger(__name__)


class BaseClient(abc.ABC):
    """Holds an OAuth client's secrets and scopes; ``authorise`` is up to subclasses.

    One pooled HTTP session serves the client and the shards it hands out. Requests
    go to ``endpoints`` (the OAuth ones to the secrets' URIs); by default
    :meth:`Endpoints.from_environment`, read once here.
    """

    def __init__(
        self,
        secrets_file: str | os.PathLike[str],
        *,
        scopes: Scopes = Scopes.READONLY,
        session: Transport | requests.Session | None = None,
        endpoints: Endpoints | None = None,
    ) -> None:
        scopes.validate()
        self._endpoints = endpoints if endpoints is not None else Endpoints.from_environment()
        self._secrets = Secrets.load_from(secrets_file)
        self._scopes = scopes
        self._transport = session if isinstance(session, Transport) else Transport(session)
        self._id_tokens: IdTokenVerifier | None = None
        self._id_tokens_lock = threading.Lock()
        self._refresh_guard = threading.Lock()
        self._refresh_locks: dict[str, threading.Lock] = {}
        self._refreshed: dict[str, tuple[float, Tokens]] = {}

    @property
    def secrets(self) -> Secrets:
        return self._secrets

    @property
    def scopes(self) -> Scopes:
        return self._scopes

    @property
    def transport(self) -> Transport:
        return self._transport

    @property
    def endpoints(self) -> Endpoints:
        return self._endpoints

    def close(self) -> None:
        """Release the HTTP connection pool."""
        self._transport.close()

    def __enter__(self) -> BaseClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @abc.abstractmethod
    def authorise(self) -> Tokens:
        """Return usable tokens (from storage, a refresh or a new authorisation)."""

    # -- access tokens -----------------------------------------------------------------

    def token_info(self, access_token: str) -> dict[str, Any] | None:
        """Google's tokeninfo for an access token, or None when Google rejects it."""
        try:
            info = self._transport.json(
                "POST", self._endpoints.tokeninfo, data={"access_token": access_token}
            )
        except APIError as exc:
            if exc.status in (400, 401):
                return None
            raise
        return info if isinstance(info, dict) else None

    def token_is_valid(self, access_token: str) -> bool:
        """Whether Google still accepts the access token (one network round trip)."""
        return self.token_info(access_token) is not None

    def scopes_are_sufficient(self, scopes: str) -> bool:
        """Whether a granted scope string covers the scopes this client asks for."""
        return Scopes.from_formatted(scopes).covers(self._scopes)

    def refresh_access_token(self, tokens: Tokens) -> Tokens | None:
        """Refresh ``tokens`` in place; None when the refresh token is dead.

        Several threads refreshing the same account at once send one request: the
        others wait and take its result.
        """
        key = tokens.refresh_token
        if not key:
            return None
        asked = time.monotonic()
        with self._refresh_guard:
            lock = self._refresh_locks.setdefault(key, threading.Lock())
        with lock:
            done = self._refreshed.get(key)
            if done is not None and done[0] >= asked:
                tokens.update(done[1])
                return tokens
            fresh = self._refresh(tokens, key)
            if fresh is None:
                return None
            self._refreshed[key] = (time.monotonic(), fresh)
        tokens.update(fresh)
        return tokens

    def _refresh(self, tokens: Tokens, refresh_token: str) -> Tokens | None:
        data = {
            "client_id": self._secrets.client_id,
            "client_secret": self._secrets.client_secret,
            "refresh_token": refresh_token,
            "grant_type": "refresh_token",
        }
        try:
            payload = self._transport.json("POST", self._secrets.token_uri, data=data)
        except APIError as exc:
            if exc.reason == "invalid_grant":
                _log.info("the refresh token was refused: %s", exc.message)
                return None
            raise AuthorisationError(
                f"the access token could not be refreshed: {exc.message} ({exc.reason})"
            ) from None
        fresh = Tokens(**{**tokens.to_dict(), "refresh_token": refresh_token})
        return fresh.refresh(payload)

    def revoke_token(self, token: str) -> bool:
        """Revoke an access or refresh token (and so its whole grant).

        False when Google says the token was already invalid.
        """
        try:
            self._transport.request("POST", self._endpoints.revoke, data={"token": token})
        except APIError as exc:
            if exc.status == 400:
                return False
            raise
        return True

    # -- finishing a sign-in ----------------------------------------------------------

    def redeem(self, flow: LoopbackFlow, code: str) -> Tokens:
        """Trade ``flow``'s code for tokens; a grant whose tokens cannot be read is revoked."""
        payload = flow.redeem(code, self._transport)
        try:
            return Tokens.from_dict(payload, received_at=time.time())
        except AuthorisationError:
            token = payload.get("refresh_token") or payload.get("access_token")
            self.discard_grant(token if isinstance(token, str) else None)
            raise

    @contextmanager
    def revoked_on_failure(self, tokens: Tokens) -> Iterator[Tokens]:
        """Revoke the grant of new ``tokens`` when the block raises (then re-raise it).

        A sign-in that fails after the code was redeemed must not leave a grant that
        the app will never use in the user's Google account.
        """
        try:
            yield tokens
        except BaseException:
            self.discard_grant(tokens.refresh_token or tokens.access_token)
            raise

    def discard_grant(self, token: str | None) -> None:
        """Revoke a grant the app will not keep; a failure to revoke is logged, not raised."""
        if not token:
            return
        try:
            self.revoke_token(token)
        except (APIError, NetworkError) as error:
            _log.warning("an unused grant could not be revoked: %s", error)

    # -- ID tokens ---------------------------------------------------------------------

    def decode_id_token(self, token: str, *, nonce: str | None = None) -> dict[str, Any]:
        """Verify a Google ID token (signature, expiry, audience, issuer, nonce); its claims."""
        with self._id_tokens_lock:
            if self._id_tokens is None:
                self._id_tokens = IdTokenVerifier(
                    self._transport, self._secrets.client_id, self._endpoints.jwks
                )
            verifier = self._id_tokens
        return verifier.verify(token, nonce=nonce)

    # -- shards ------------------------------------------------------------------------

    @contextmanager
    def shard(self, tokens: Tokens, *, scopes: Scopes | None = None) -> Iterator[Shard]:
        """A Shard for one account's tokens, sharing this client's connection pool."""
        yield Shard(
            scopes or self._scopes, tokens, session=self._transport, endpoints=self._endpoints
        )
