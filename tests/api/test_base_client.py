from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from analytix_desktop.api import BaseClient, Scopes, Secrets, Shard, Tokens
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.errors import AuthorisationError, IdTokenError, InvalidSecrets
from analytix_desktop.sandbox import Sandbox

from .test_flow import authorise_via_sandbox


class WebClient(BaseClient):
    """A client whose tokens come from elsewhere, as a web app's would."""

    def authorise(self) -> Tokens:
        raise AuthorisationError("not used")


@pytest.fixture
def client(secrets_file: Path, endpoints: Endpoints, sandbox: Sandbox) -> Iterator[WebClient]:
    sandbox.consent.reset()
    with WebClient(
        secrets_file, scopes=Scopes.READONLY | Scopes.OPENID, endpoints=endpoints
    ) as client:
        yield client


@pytest.fixture
def secrets(secrets_file: Path) -> Secrets:
    return Secrets.load_from(secrets_file)


def test_is_abstract(secrets_file: Path) -> None:
    with pytest.raises(TypeError):
        BaseClient(secrets_file)  # type: ignore[abstract]


def test_constructor_checks(secrets_file: Path, tmp_path: Path) -> None:
    with pytest.raises(AuthorisationError, match="READONLY"):
        WebClient(secrets_file, scopes=Scopes.OPENID)
    with pytest.raises(InvalidSecrets):
        WebClient(tmp_path / "missing.json")


def test_token_is_valid(client: WebClient, secrets: Secrets) -> None:
    tokens, _ = authorise_via_sandbox(secrets, Scopes.READONLY)
    assert client.token_is_valid(tokens.access_token)
    assert not client.token_is_valid("ya29.not-a-token")
    info = client.token_info(tokens.access_token)
    assert info is not None
    assert info["aud"] == secrets.client_id


def test_scopes_are_sufficient(client: WebClient) -> None:
    assert client.scopes_are_sufficient(
        "openid https://www.googleapis.com/auth/yt-analytics.readonly"
    )
    assert not client.scopes_are_sufficient(Scopes.READONLY.formatted)


def test_refresh(client: WebClient, secrets: Secrets, sandbox: Sandbox) -> None:
    tokens, _ = authorise_via_sandbox(secrets, Scopes.READONLY)
    old_access, refresh_token = tokens.access_token, tokens.refresh_token
    tokens.expires_at = 0
    assert client.refresh_access_token(tokens) is tokens
    assert tokens.access_token != old_access
    assert tokens.refresh_token == refresh_token
    assert not tokens.expired
    assert client.token_is_valid(tokens.access_token)


def test_refresh_dead_token_returns_none(
    client: WebClient, secrets: Secrets, sandbox: Sandbox
) -> None:
    tokens, _ = authorise_via_sandbox(secrets, Scopes.READONLY)
    assert tokens.refresh_token is not None
    assert sandbox.grants.revoke(tokens.refresh_token)
    assert client.refresh_access_token(tokens) is None
    assert client.refresh_access_token(Tokens("a")) is None  # no refresh token at all


def test_one_refresh_for_concurrent_callers(
    client: WebClient, secrets: Secrets, sandbox: Sandbox
) -> None:
    tokens, _ = authorise_via_sandbox(secrets, Scopes.READONLY)
    copies = [Tokens(**tokens.to_dict()) for _ in range(6)]
    sandbox.log.clear()
    # Hold the first refresh at the server so that all six threads overlap.
    sandbox.faults.inject("/token", delay=0.4, method="POST")
    barrier = threading.Barrier(len(copies))
    results: list[Tokens | None] = [None] * len(copies)

    def run(index: int) -> None:
        barrier.wait()
        results[index] = client.refresh_access_token(copies[index])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(copies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sandbox.log.count("/token") == 1
    assert len({r.access_token for r in results if r is not None}) == 1
    assert all(r is not None and not r.expired for r in results)
    # A later, separate refresh does go to Google again.
    client.refresh_access_token(copies[0])
    assert sandbox.log.count("/token") == 2


def test_decode_id_token(client: WebClient, secrets: Secrets, sandbox: Sandbox) -> None:
    tokens, flow = authorise_via_sandbox(secrets, Scopes.READONLY | Scopes.ALL_JWT)
    assert tokens.id_token is not None
    sandbox.log.clear()
    claims = client.decode_id_token(tokens.id_token, nonce=flow.nonce)
    assert claims["aud"] == secrets.client_id
    assert claims["email"] == sandbox.users[0].email
    client.decode_id_token(tokens.id_token)
    assert sandbox.log.count("/oauth2/v3/certs") == 1  # cached
    with pytest.raises(IdTokenError, match="nonce"):
        client.decode_id_token(tokens.id_token, nonce="another")


def _claims(sandbox: Sandbox, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": "https://accounts.google.com",
        "aud": "100000000001-sandbox.apps.googleusercontent.com",
        "sub": sandbox.users[0].sub,
        "iat": now,
        "exp": now + 3600,
    }
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"exp": int(time.time()) - 600}, "expired"),
        ({"aud": "someone-else.apps.googleusercontent.com"}, "another OAuth client"),
        ({"iss": "https://evil.example.com"}, "not issued by Google"),
        ({"sub": None}, "invalid"),
    ],
)
def test_id_token_claims_are_checked(
    client: WebClient, sandbox: Sandbox, changes: dict[str, Any], match: str
) -> None:
    with pytest.raises(IdTokenError, match=match):
        client.decode_id_token(sandbox.signing_key.sign(_claims(sandbox, **changes)))


def test_id_token_without_https_issuer(client: WebClient, sandbox: Sandbox) -> None:
    token = sandbox.signing_key.sign(_claims(sandbox, iss="accounts.google.com"))
    assert client.decode_id_token(token)["iss"] == "accounts.google.com"


def test_id_token_forged_signature(client: WebClient, sandbox: Sandbox) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    kid = sandbox.signing_key.kid
    forged = jwt.encode(_claims(sandbox), key, algorithm="RS256", headers={"kid": kid})
    with pytest.raises(IdTokenError, match="invalid"):
        client.decode_id_token(forged)
    unknown = jwt.encode(_claims(sandbox), key, algorithm="RS256", headers={"kid": "rotated"})
    sandbox.log.clear()
    with pytest.raises(IdTokenError, match="does not publish"):
        client.decode_id_token(unknown)
    assert sandbox.log.count("/oauth2/v3/certs") == 1  # refetched for the unknown kid
    with pytest.raises(IdTokenError, match="not a JWT"):
        client.decode_id_token("garbage")


def test_revoke(client: WebClient, secrets: Secrets) -> None:
    tokens, _ = authorise_via_sandbox(secrets, Scopes.READONLY)
    assert client.revoke_token(tokens.access_token)
    assert not client.token_is_valid(tokens.access_token)
    assert client.refresh_access_token(tokens) is None
    assert not client.revoke_token(tokens.access_token)


def test_shard(client: WebClient) -> None:
    tokens = Tokens("ya29.x", expires_at=time.time() + 3600)
    with client.shard(tokens) as shard:
        assert isinstance(shard, Shard)
        assert shard.scopes == client.scopes
        assert shard.tokens is tokens
    with client.shard(tokens, scopes=Scopes.ALL) as shard:
        assert shard.scopes == Scopes.ALL
