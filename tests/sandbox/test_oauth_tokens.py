"""Revocation, tokeninfo, userinfo, and ID tokens checked against the published keys."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import jwt
import pytest
from cryptography import x509

from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.idtokens import at_hash

from .oauthflow import ANALYTICS, EMAIL, PROFILE, App, registered_app


@pytest.fixture
def app(sandbox: Sandbox) -> Iterator[App]:
    with registered_app(sandbox) as registered:
        yield registered


def _post(app: App, path: str, **kwargs: object) -> tuple[int, object]:
    response = app.session.post(app.sandbox.url + path, timeout=5, **kwargs)  # type: ignore[arg-type]
    return response.status_code, response.json()


# -- revoke ------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["access_token", "refresh_token"])
def test_revoking_either_token_ends_the_grant(app: App, which: str) -> None:
    tokens = app.sign_in()
    assert _post(app, "/revoke", data={"token": tokens[which]}) == (200, {})

    response = app.whoami(tokens["access_token"])
    assert response.status_code == 401
    assert response.json()["error"]["status"] == "UNAUTHENTICATED"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert app.refresh(tokens["refresh_token"]).json() == {
        "error": "invalid_grant",
        "error_description": "Token has been expired or revoked.",
    }
    assert _post(app, "/revoke", data={"token": tokens[which]}) == (
        400,
        {"error": "invalid_token", "error_description": "Token expired or revoked"},
    )


def test_revoke_takes_the_token_in_the_query_too(app: App) -> None:
    tokens = app.sign_in()
    assert _post(app, "/revoke", params={"token": tokens["access_token"]}) == (200, {})


def test_revoke_refusals(app: App) -> None:
    assert _post(app, "/revoke", data={"token": "ya29.nonsense"})[0] == 400
    assert _post(app, "/revoke", data={})[1] == {
        "error": "invalid_request",
        "error_description": "Bad Request",
    }
    tokens = app.sign_in()
    response = app.session.get(
        app.sandbox.url + "/revoke", timeout=5, params={"token": tokens["access_token"]}
    )
    assert response.status_code == 404
    assert app.whoami(tokens["access_token"]).status_code == 200


# -- tokeninfo -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "where"),
    [
        ("GET", "/tokeninfo", "params"),
        ("POST", "/oauth2/v3/tokeninfo", "params"),
        ("POST", "/tokeninfo", "data"),
    ],
)
def test_tokeninfo_of_an_access_token(app: App, method: str, path: str, where: str) -> None:
    tokens = app.sign_in()
    response = app.session.request(
        method,
        app.sandbox.url + path,
        timeout=5,
        **{where: {"access_token": tokens["access_token"]}},
    )
    assert response.status_code == 200
    info = response.json()
    user = app.sandbox.users[0]
    assert info["aud"] == info["azp"] == app.client.client_id
    assert info["sub"] == user.sub
    assert info["email"] == user.email
    assert info["email_verified"] == "true"
    assert info["access_type"] == "offline"
    assert set(info["scope"].split()) == set(tokens["scope"].split())
    assert all(isinstance(value, str) for value in info.values())
    assert abs(int(info["exp"]) - (time.time() + int(info["expires_in"]))) < 3
    assert 3500 < int(info["expires_in"]) <= 3600


def test_tokeninfo_of_an_online_token_without_email(app: App) -> None:
    tokens = app.sign_in(scope=ANALYTICS, access_type=None)
    info = app.session.get(
        app.sandbox.url + "/tokeninfo", timeout=5, params={"access_token": tokens["access_token"]}
    ).json()
    assert info["access_type"] == "online"
    assert "email" not in info


def test_tokeninfo_of_an_id_token(app: App) -> None:
    tokens = app.sign_in(nonce="n-42")
    response = app.session.get(
        app.sandbox.url + "/tokeninfo", timeout=5, params={"id_token": tokens["id_token"]}
    )
    info = response.json()
    assert info["iss"] == "https://accounts.google.com"
    assert info["aud"] == app.client.client_id
    assert info["nonce"] == "n-42"
    assert info["alg"] == "RS256"
    assert info["email_verified"] == "true"
    assert info["exp"].isdigit()


@pytest.mark.parametrize("kind", ["access_token", "id_token"])
def test_tokeninfo_refuses_bad_tokens(app: App, kind: str) -> None:
    tokens = app.sign_in()
    forged = tokens[kind][:-4] + ("AAAA" if not tokens[kind].endswith("AAAA") else "BBBB")
    for token in (forged, tokens["refresh_token"]):
        response = app.session.get(app.sandbox.url + "/tokeninfo", params={kind: token}, timeout=5)
        assert response.status_code == 400
        assert response.json() == {"error": "invalid_token", "error_description": "Invalid Value"}


def test_tokeninfo_of_an_expired_access_token(app: App) -> None:
    tokens = app.sign_in()
    app.sandbox.grants.expire_access_tokens()
    response = app.session.get(
        app.sandbox.url + "/tokeninfo", timeout=5, params={"access_token": tokens["access_token"]}
    )
    assert response.status_code == 400


def test_tokeninfo_without_a_token(app: App) -> None:
    response = app.session.get(app.sandbox.url + "/tokeninfo", timeout=5)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


# -- ID tokens and keys ----------------------------------------------------------------------


def test_id_token_verifies_against_the_jwks(app: App) -> None:
    tokens = app.sign_in(nonce="abc")
    response = app.session.get(app.sandbox.url + "/oauth2/v3/certs", timeout=5)
    assert "max-age=" in response.headers["Cache-Control"]
    assert response.headers["Cache-Control"].count("max-age") == 1
    keys = jwt.PyJWKSet.from_dict(response.json())
    header = jwt.get_unverified_header(tokens["id_token"])
    assert header["alg"] == "RS256"
    assert header["typ"] == "JWT"
    (jwk,) = [key for key in keys.keys if key.key_id == header["kid"]]
    claims = jwt.decode(
        tokens["id_token"],
        jwk.key,
        algorithms=["RS256"],
        audience=app.client.client_id,
        issuer="https://accounts.google.com",
    )
    user = app.sandbox.users[0]
    assert claims["azp"] == app.client.client_id
    assert claims["sub"] == user.sub
    assert (claims["email"], claims["email_verified"]) == (user.email, True)
    assert (claims["name"], claims["given_name"], claims["family_name"]) == (
        user.name,
        user.given_name,
        user.family_name,
    )
    assert claims["picture"].startswith("http")
    assert claims["nonce"] == "abc"
    assert claims["at_hash"] == at_hash(tokens["access_token"])
    assert claims["exp"] - claims["iat"] == 3600


def test_id_token_claims_follow_the_scopes(app: App) -> None:
    claims = jwt.decode(
        app.sign_in(scope=f"openid {ANALYTICS}")["id_token"], options={"verify_signature": False}
    )
    assert "email" not in claims
    assert "name" not in claims
    assert "nonce" not in claims


def test_pem_certificates_carry_the_same_key(app: App) -> None:
    tokens = app.sign_in()
    certs = app.session.get(app.sandbox.url + "/oauth2/v1/certs", timeout=5).json()
    kid = jwt.get_unverified_header(tokens["id_token"])["kid"]
    public_key = x509.load_pem_x509_certificate(certs[kid].encode()).public_key()
    jwt.decode(
        tokens["id_token"],
        public_key,
        algorithms=["RS256"],  # type: ignore[arg-type]
        audience=app.client.client_id,
    )


def test_discovery_document_points_at_the_sandbox(app: App) -> None:
    document = app.session.get(
        app.sandbox.url + "/.well-known/openid-configuration", timeout=5
    ).json()
    assert document["jwks_uri"] == app.sandbox.url + "/oauth2/v3/certs"
    assert "S256" in document["code_challenge_methods_supported"]


# -- userinfo --------------------------------------------------------------------------------


def test_userinfo(app: App) -> None:
    tokens = app.sign_in()
    response = app.session.get(
        app.sandbox.url + "/oauth2/v3/userinfo",
        timeout=5,
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
    user = app.sandbox.users[0]
    assert response.json() == {
        "sub": user.sub,
        "name": user.name,
        "given_name": user.given_name,
        "family_name": user.family_name,
        "picture": app.sandbox.url + user.picture,
        "email": user.email,
        "email_verified": True,
    }


def test_userinfo_per_granted_scope(app: App) -> None:
    tokens = app.sign_in(scope=f"{EMAIL} {ANALYTICS}")
    info = app.session.get(
        app.sandbox.url + "/oauth2/v3/userinfo",
        timeout=5,
        params={"access_token": tokens["access_token"]},
    ).json()
    assert set(info) == {"sub", "email", "email_verified"}
    assert PROFILE not in tokens["scope"]


@pytest.mark.parametrize("token", [None, "ya29.nonsense", "analytics-only"])
def test_userinfo_refusals(app: App, token: str | None) -> None:
    if token == "analytics-only":
        token = app.sign_in(scope=ANALYTICS)["access_token"]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = app.session.get(app.sandbox.url + "/oauth2/v3/userinfo", headers=headers, timeout=5)
    assert response.status_code == 401
    assert "error" in json.loads(response.text)
