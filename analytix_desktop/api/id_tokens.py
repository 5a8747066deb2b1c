"""Verifying Google ID tokens against Google's published signing keys (its JWKS)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from .errors import IdTokenError
from .transport import Transport

if TYPE_CHECKING:
    import jwt

__all__ = ["IdTokenVerifier"]

_ISSUERS = ("accounts.google.com", "https://accounts.google.com")
_CLOCK_SKEW = 30  # seconds of leeway for exp/iat between our clock and Google's


class IdTokenVerifier:
    """Checks signature, expiry, audience, issuer and nonce; caches Google's keys by kid.

    ``keys_url`` is where Google publishes its signing keys (``Endpoints.jwks``).
    """

    def __init__(self, transport: Transport, client_id: str, keys_url: str) -> None:
        self._transport = transport
        self._client_id = client_id
        self._keys_url = keys_url
        self._keys: dict[str, jwt.PyJWK] = {}
        self._lock = threading.Lock()

    def verify(self, token: str, *, nonce: str | None = None) -> dict[str, Any]:
        """The token's claims, or IdTokenError saying what is wrong with it."""
        # PyJWT and cryptography cost ~70 ms to import: load them only when needed.
        import jwt

        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError:
            raise IdTokenError("the ID token is not a JWT") from None
        key = self._signing_key(str(kid))
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=["RS256"],
                audience=self._client_id,
                leeway=_CLOCK_SKEW,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise IdTokenError("the ID token has expired") from None
        except jwt.InvalidAudienceError:
            raise IdTokenError("the ID token was issued to another OAuth client") from None
        except jwt.PyJWTError as exc:
            raise IdTokenError(f"the ID token is invalid ({type(exc).__name__})") from None
        if claims["iss"] not in _ISSUERS:
            raise IdTokenError("the ID token was not issued by Google")
        if nonce is not None and claims.get("nonce") != nonce:
            raise IdTokenError("the ID token's nonce does not match this sign-in")
        return claims

    def _signing_key(self, kid: str) -> jwt.PyJWK:
        with self._lock:
            key = self._keys.get(kid)
            if key is None:
                # Google rotates its keys: an unknown kid means "fetch the set again".
                self._keys = self._fetch_keys()
                key = self._keys.get(kid)
        if key is None:
            raise IdTokenError("the ID token was signed with a key Google does not publish")
        return key

    def _fetch_keys(self) -> dict[str, jwt.PyJWK]:
        import jwt

        data = self._transport.json("GET", self._keys_url)
        try:
            keys = jwt.PyJWKSet.from_dict(data).keys
        except jwt.PyJWTError as exc:
            raise IdTokenError(f"Google's key set could not be read ({exc})") from None
        return {str(key.key_id): key for key in keys}
