from __future__ import annotations

import base64
import hashlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from analytix_desktop.api import Scopes, Secrets, Tokens
from analytix_desktop.api.errors import AuthorisationError
from analytix_desktop.api.flow import LoopbackFlow
from analytix_desktop.sandbox import Sandbox


@pytest.fixture
def secrets(secrets_file: Path, sandbox: Sandbox) -> Iterator[Secrets]:
    sandbox.consent.reset()
    yield Secrets.load_from(secrets_file)
    sandbox.consent.reset()


class Browser:
    """Opens a URL on another thread and follows the sandbox's redirect to the app."""

    def __init__(self) -> None:
        self.response: requests.Response | None = None
        self._thread: threading.Thread | None = None

    def open(self, url: str) -> None:
        def run() -> None:
            self.response = requests.get(url, timeout=10)

        self._thread = threading.Thread(target=run)
        self._thread.start()

    def join(self) -> requests.Response:
        assert self._thread is not None
        self._thread.join(10)
        assert self.response is not None
        return self.response


def authorise_via_sandbox(secrets: Secrets, scopes: Scopes) -> tuple[Tokens, LoopbackFlow]:
    """Tokens from a whole loopback flow, the test acting as the browser."""
    browser = Browser()
    flow = LoopbackFlow(secrets, scopes, timeout=10)
    browser.open(flow.start())
    code = flow.wait()
    browser.join()
    return flow.exchange(code), flow


def _query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_authorization_url(secrets: Secrets) -> None:
    with LoopbackFlow(secrets, Scopes.ALL | Scopes.OPENID) as flow:
        url = flow.start()
        params = _query(url)
        assert url.startswith(secrets.auth_uri + "?")
        port = urlsplit(flow.redirect_uri).port
        assert port
        assert flow.redirect_uri == f"http://127.0.0.1:{port}/"
        assert params["redirect_uri"] == flow.redirect_uri
        assert params["client_id"] == secrets.client_id
        assert params["response_type"] == "code"
        assert params["scope"] == (Scopes.ALL | Scopes.OPENID).formatted
        assert params["state"] == flow.state
        assert params["nonce"] == flow.nonce
        assert flow.state != flow.nonce
        assert len(flow.state) >= 32
        assert params["access_type"] == "offline"
        assert params["prompt"] == "select_account consent"
        assert params["include_granted_scopes"] == "true"
        assert params["code_challenge_method"] == "S256"
        verifier = flow._verifier
        assert 43 <= len(verifier) <= 128
        digest = hashlib.sha256(verifier.encode()).digest()
        assert params["code_challenge"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        assert "client_secret" not in url
        assert secrets.client_secret not in url


def test_full_flow_and_exchange(secrets: Secrets) -> None:
    browser = Browser()
    flow = LoopbackFlow(secrets, Scopes.READONLY, timeout=10)
    browser.open(flow.start())
    code = flow.wait()
    page = browser.join()
    assert page.status_code == 200
    assert "Authorisation complete" in page.text
    assert page.url.startswith(flow.redirect_uri)
    tokens = flow.exchange(code)
    assert tokens.refresh_token
    assert tokens.access_token
    # include_granted_scopes: earlier grants of the session's sandbox may be added.
    assert Scopes.READONLY.formatted in tokens.scope.split()
    assert abs(tokens.expires_at - (time.time() + tokens.expires_in)) < 5
    assert not tokens.expired


def test_given_port_is_used(secrets: Secrets) -> None:
    port = _free_port()
    browser = Browser()
    flow = LoopbackFlow(secrets, Scopes.READONLY, port=port, timeout=10)
    browser.open(flow.start())
    assert flow.redirect_uri == f"http://127.0.0.1:{port}/"
    assert flow.wait()
    browser.join()


def test_declined(secrets: Secrets, sandbox: Sandbox) -> None:
    sandbox.consent.deny = True
    browser = Browser()
    flow = LoopbackFlow(secrets, Scopes.READONLY, timeout=10)
    browser.open(flow.start())
    with pytest.raises(AuthorisationError, match="declined"):
        flow.wait()
    assert "Authorisation failed" in browser.join().text


def test_busy_port(secrets: Secrets) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        flow = LoopbackFlow(secrets, Scopes.READONLY, port=port)
        with pytest.raises(AuthorisationError, match=f"port {port}"):
            flow.start()


def test_timeout(secrets: Secrets) -> None:
    flow = LoopbackFlow(secrets, Scopes.READONLY, timeout=0.3)
    flow.start()
    started = time.monotonic()
    with pytest.raises(AuthorisationError, match=r"within 0\.3 seconds"):
        flow.wait()
    assert time.monotonic() - started < 2
    with pytest.raises(requests.ConnectionError):  # the listener is gone
        requests.get(flow.redirect_uri, timeout=2)


def test_cancel_from_another_thread(secrets: Secrets) -> None:
    flow = LoopbackFlow(secrets, Scopes.READONLY, timeout=60)
    flow.start()
    threading.Timer(0.2, flow.cancel).start()
    started = time.monotonic()
    with pytest.raises(AuthorisationError, match="cancelled"):
        flow.wait()
    assert time.monotonic() - started < 2


def test_stray_requests_are_ignored(secrets: Secrets) -> None:
    flow = LoopbackFlow(secrets, Scopes.READONLY, timeout=10)
    url = flow.start()
    assert requests.get(flow.redirect_uri + "favicon.ico", timeout=5).status_code == 404
    assert requests.get(flow.redirect_uri, timeout=5).status_code == 400
    assert requests.get(flow.redirect_uri + "?hello=1", timeout=5).status_code == 400
    # This sign-in's state, but neither a code nor an error: not Google's answer either.
    only_state = requests.get(flow.redirect_uri, params={"state": flow.state}, timeout=5)
    assert only_state.status_code == 400
    browser = Browser()
    browser.open(url)
    assert flow.wait()
    browser.join()


@pytest.mark.parametrize(
    "forged",
    [
        {"code": "4/forged", "state": "forged"},
        {"code": "4/forged"},
        {"error": "access_denied", "state": "forged"},
        {"error": "access_denied"},
    ],
)
def test_wrong_or_missing_state_is_refused_and_the_flow_goes_on(
    secrets: Secrets, forged: dict[str, str]
) -> None:
    flow = LoopbackFlow(secrets, Scopes.READONLY, timeout=10)
    url = flow.start()
    page = requests.get(flow.redirect_uri, params=forged, timeout=5)
    assert page.status_code == 400
    assert "Not a sign-in answer" in page.text
    assert "forged" not in page.text
    # Google's own answer still ends the wait, with a code that works.
    browser = Browser()
    browser.open(url)
    code = flow.wait()
    assert "Authorisation complete" in browser.join().text
    assert code != "4/forged"
    assert flow.exchange(code).access_token


def test_right_state_with_access_denied_ends_the_flow(secrets: Secrets) -> None:
    flow = LoopbackFlow(secrets, Scopes.READONLY, timeout=10)
    flow.start()
    page = requests.get(
        flow.redirect_uri, params={"error": "access_denied", "state": flow.state}, timeout=5
    )
    assert page.status_code == 200
    assert "Authorisation failed" in page.text
    with pytest.raises(AuthorisationError, match="declined"):
        flow.wait()


def test_other_oauth_error(secrets: Secrets) -> None:
    flow = LoopbackFlow(secrets, Scopes.READONLY, timeout=10)
    flow.start()
    requests.get(
        flow.redirect_uri, params={"error": "invalid_scope", "state": flow.state}, timeout=5
    )
    with pytest.raises(AuthorisationError, match="invalid_scope"):
        flow.wait()


def test_landing_page_escapes_and_is_self_contained(secrets: Secrets) -> None:
    flow = LoopbackFlow(secrets, Scopes.READONLY, timeout=10)
    flow.start()
    page = requests.get(
        flow.redirect_uri, params={"error": "<script>x</script>", "state": flow.state}, timeout=5
    ).text
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "http" not in page.split("<body>")[0]  # no external assets
    with pytest.raises(AuthorisationError):
        flow.wait()


def test_bad_code_exchange(secrets: Secrets) -> None:
    flow = LoopbackFlow(secrets, Scopes.READONLY)
    with flow:
        flow.start()
    with pytest.raises(AuthorisationError, match="invalid_grant") as info:
        flow.exchange("4/0-not-a-code")
    assert secrets.client_secret not in str(info.value)


def test_exchange_checks_pkce(secrets: Secrets) -> None:
    browser = Browser()
    flow = LoopbackFlow(secrets, Scopes.READONLY, timeout=10)
    browser.open(flow.start())
    code = flow.wait()
    browser.join()
    flow._verifier = "x" * 64
    with pytest.raises(AuthorisationError, match="invalid_grant"):
        flow.exchange(code)


def test_flow_needs_analytics_scope(secrets: Secrets) -> None:
    with pytest.raises(AuthorisationError):
        LoopbackFlow(secrets, Scopes.OPENID)
