"""The sandbox's ID-token signing key: RS256 JWTs, its JWK set and its X.509 certificate."""

from __future__ import annotations

import base64
import datetime
import hashlib
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

__all__ = ["ISSUER", "SigningKey", "at_hash"]

ISSUER = "https://accounts.google.com"
_CERT_NAME = "federated-signon.system.gserviceaccount.com"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _int_bytes(value: int) -> bytes:
    return value.to_bytes((value.bit_length() + 7) // 8, "big")


def at_hash(access_token: str) -> str:
    """OpenID's ``at_hash``: the left half of the token's SHA-256, base64url without padding."""
    digest = hashlib.sha256(access_token.encode("ascii")).digest()
    return _b64url(digest[: len(digest) // 2])


class SigningKey:
    """An RSA key generated at start; ``kid`` is a hash of its public part, as Google's are."""

    def __init__(self, key_size: int = 2048) -> None:
        self._private = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
        self.public_key = self._private.public_key()
        numbers = self.public_key.public_numbers()
        self.kid = hashlib.sha1(_int_bytes(numbers.n), usedforsecurity=False).hexdigest()

    def jwks(self) -> dict[str, Any]:
        """The JWK set published at ``/oauth2/v3/certs``."""
        numbers = self.public_key.public_numbers()
        key = {
            "kty": "RSA",
            "alg": "RS256",
            "use": "sig",
            "kid": self.kid,
            "n": _b64url(_int_bytes(numbers.n)),
            "e": _b64url(_int_bytes(numbers.e)),
        }
        return {"keys": [key]}

    def certificates(self) -> dict[str, str]:
        """The kid-to-PEM map published at ``/oauth2/v1/certs`` (a self-signed certificate)."""
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, _CERT_NAME)])
        now = datetime.datetime.now(datetime.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.public_key)
            .serial_number(int(self.kid[:16], 16))
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=14))
            .sign(self._private, hashes.SHA256())
        )
        pem = certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
        return {self.kid: pem}

    def sign(self, claims: dict[str, Any]) -> str:
        """An RS256 JWT of ``claims`` with this key's ``kid`` in its header."""
        return jwt.encode(claims, self._private, algorithm="RS256", headers={"kid": self.kid})

    def verify(self, token: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """The header and claims of a token this key signed; raises jwt.PyJWTError otherwise."""
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(
            token,
            self.public_key,
            algorithms=["RS256"],
            issuer=[ISSUER, "accounts.google.com"],
            options={"verify_aud": False, "require": ["exp", "iat", "iss", "sub"]},
        )
        return header, claims
