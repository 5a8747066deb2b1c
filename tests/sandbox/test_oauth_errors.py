"""Every refusal of the sandbox's authorization and token endpoints, in Google's words."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest

from analytix_desktop.sandbox import Sandbox

from .oauthflow import ANALYTICS, REDIRECT_URI, App, pkce_pair, query_of, registered_app


@pytest.fixture
def app(sandbox: Sandbox) -> Iterator[App]:
    with registered_app(sandbox) as registered:
        yield registered


def _error(response: object) -> tuple[int, dict[str, str]]:
    status: int = response.status_code  # type: ignore[attr-defined]
    return status, response.json()  # type: ignore[attr-defined]


# -- authorization endpoint: error pages, never a redirect --------------------------------


@pytest.mark.parametrize(
    ("overrides", "status", "error"),
    [
        ({"client_id": "404-nobody.apps.googleusercontent.com"}, 401, "invalid_client"),
        ({"client_id": None}, 400, "invalid_request"),
        ({"redirect_uri": None}, 400, "invalid_request"),
        ({"redirect_uri": "https://example.com/callback"}, 400, "redirect_uri_mismatch"),
        ({"redirect_uri": "http://192.168.1.20:8080/"}, 400, "redirect_uri_mismatch"),
        ({"redirect_uri": "https://127.0.0.1:8080/"}, 400, "redirect_uri_mismatch"),
        ({"redirect_uri": "http://127.0.0.1:99999/"}, 400, "redirect_uri_mismatch"),
        ({"redirect_uri": "urn:ietf:wg:oauth:2.0:oob"}, 400, "invalid_request"),
        ({"response_type": "token"}, 400, "unsupported_response_type"),
        ({"response_type": None}, 400, "invalid_request"),
        ({"scope": None}, 400, "invalid_request"),
        ({"scope": f"{ANALYTICS} https://www.googleapis.com/auth/drive"}, 400, "invalid_scope"),
        ({"code_challenge": "x" * 43, "code_challenge_method": "S512"}, 400, "invalid_request"),
        ({"code_challenge": "short", "code_challenge_method": "plain"}, 400, "invalid_request"),
        ({"code_challenge_method": "S256"}, 400, "invalid_request"),
        ({"access_type": "forever"}, 400, "invalid_request"),
        ({"prompt": "none consent"}, 400, "invalid_request"),
        ({"prompt": "login"}, 400, "invalid_request"),
    ],
)
def test_bad_authorization_requests_get_an_error_page(
    app: App, overrides: dict[str, str | None], status: int, error: str
) -> None:
    response = app.authorize(**overrides)
    assert response.status_code == status
    assert "Location" not in response.headers
    assert response.headers["Content-Type"].startswith("text/html")
    assert f"Error {status}: {error}" in response.text


def test_invalid_scope_page_names_the_bad_scope(app: App) -> None:
    response = app.authorize(scope=f"{ANALYTICS} nonsense")
    assert "invalid=[nonsense]" in response.text


@pytest.mark.parametrize(
    "redirect_uri",
    ["http://localhost:8080/", "http://127.0.0.1:53123", "http://localhost", "http://[::1]:9/x"],
)
def test_any_loopback_redirect_uri_is_fine_for_installed_apps(app: App, redirect_uri: str) -> None:
    response = app.authorize(redirect_uri=redirect_uri, state="s")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(redirect_uri)


def test_redirect_keeps_an_existing_query(app: App) -> None:
    location = app.authorize(redirect_uri="http://127.0.0.1:5/cb?app=1").headers["Location"]
    assert location.startswith("http://127.0.0.1:5/cb?app=1&")
    assert "code" in query_of(location)


# -- token endpoint -------------------------------------------------------------------------


def test_unknown_code(app: App) -> None:
    assert _error(app.exchange("4/0Anonsense")) == (
        400,
        {"error": "invalid_grant", "error_description": "Malformed auth code."},
    )


def test_code_is_single_use(app: App) -> None:
    code = app.code(scope=ANALYTICS)["code"]
    assert app.exchange(code).status_code == 200
    assert _error(app.exchange(code))[1]["error_description"] == "Malformed auth code."


def test_code_expires(app: App) -> None:
    code = app.code(scope=ANALYTICS)["code"]
    app.sandbox.codes.expire_codes()
    assert _error(app.exchange(code))[1]["error_description"] == "Malformed auth code."


def test_code_of_another_client(app: App, sandbox: Sandbox) -> None:
    with registered_app(sandbox) as other:
        code = other.code(scope=ANALYTICS)["code"]
        assert _error(app.exchange(code))[1]["error_description"] == "Malformed auth code."
        assert other.exchange(code).status_code == 200


def test_redirect_uri_must_match_exactly(app: App) -> None:
    code = app.code(scope=ANALYTICS)["code"]
    response = app.exchange(code, redirect_uri=REDIRECT_URI + "/")
    assert _error(response) == (
        400,
        {"error": "redirect_uri_mismatch", "error_description": "Bad Request"},
    )
    # A refused exchange does not use the code up.
    assert app.exchange(code).status_code == 200


@pytest.mark.parametrize(
    ("send", "description"),
    [(None, "Missing code verifier."), ("wrong-" * 8, "Invalid code verifier.")],
)
def test_pkce_verifier_is_checked(app: App, send: str | None, description: str) -> None:
    _, challenge = pkce_pair()
    code = app.code(code_challenge=challenge, code_challenge_method="S256")["code"]
    assert _error(app.exchange(code, send)) == (
        400,
        {"error": "invalid_grant", "error_description": description},
    )


def test_plain_verifier_must_equal_the_challenge(app: App) -> None:
    verifier, _ = pkce_pair("plain")
    _, s256_challenge = pkce_pair("S256")
    code = app.code(code_challenge=s256_challenge, code_challenge_method="plain")["code"]
    assert _error(app.exchange(code, verifier))[1]["error_description"] == "Invalid code verifier."


def test_verifier_without_challenge(app: App) -> None:
    code = app.code(scope=ANALYTICS)["code"]
    assert _error(app.exchange(code, "v" * 50)) == (
        400,
        {"error": "invalid_grant", "error_description": "code_verifier or verifier is not needed."},
    )


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        ({"client_secret": "GOCSPX-wrong"}, 401, "invalid_client"),
        ({"client_id": "404-nobody.apps.googleusercontent.com"}, 401, "invalid_client"),
        ({"client_id": None}, 400, "invalid_request"),
        ({"client_secret": None}, 400, "invalid_request"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({"grant_type": None}, 400, "unsupported_grant_type"),
        ({"code": None}, 400, "invalid_request"),
        ({"redirect_uri": None}, 400, "invalid_request"),
    ],
)
def test_bad_token_requests(app: App, form: dict[str, str | None], status: int, error: str) -> None:
    code = app.code(scope=ANALYTICS)["code"]
    code = form.pop("code", code)
    status_got, body = _error(app.exchange(code, **form))
    assert (status_got, body["error"]) == (status, error)
    assert body["error_description"]


def test_wrong_secret_by_http_basic(app: App) -> None:
    response = app.token(
        auth=(app.client.client_id, "GOCSPX-wrong"),
        grant_type="refresh_token",
        refresh_token="1//0x",
    )
    assert _error(response) == (
        401,
        {"error": "invalid_client", "error_description": "Unauthorized"},
    )


def test_garbled_http_basic_header(app: App) -> None:
    response = app.session.post(
        app.sandbox.url + "/token",
        data={"grant_type": "refresh_token"},
        timeout=5,
        headers={"Authorization": "Basic " + base64.b64encode(b"\xff\xfe").decode() + "!"},
    )
    assert _error(response)[0] == 401


def test_unknown_refresh_token(app: App) -> None:
    assert _error(app.refresh("1//0nonsense")) == (
        400,
        {"error": "invalid_grant", "error_description": "Token has been expired or revoked."},
    )


def test_missing_refresh_token(app: App) -> None:
    assert _error(app.refresh(""))[1]["error"] == "invalid_request"


def test_refresh_token_of_another_client(app: App, sandbox: Sandbox) -> None:
    with registered_app(sandbox) as other:
        refresh_token = other.sign_in()["refresh_token"]
    assert _error(app.refresh(refresh_token)) == (
        400,
        {"error": "unauthorized_client", "error_description": "Unauthorized"},
    )


def test_token_endpoint_takes_only_post(app: App) -> None:
    assert app.session.get(app.sandbox.url + "/token", timeout=5).status_code == 405
