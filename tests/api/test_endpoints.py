"""Endpoints are a value passed in; the environment override is read once, loopback only."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from analytix_desktop.__main__ import main
from analytix_desktop.api import Client, Scopes, Shard, Tokens
from analytix_desktop.api.endpoints import OVERRIDE_VARIABLE, Endpoints
from analytix_desktop.api.errors import InvalidEndpoint
from analytix_desktop.sandbox import Sandbox


def test_google_endpoints() -> None:
    google = Endpoints.google()
    assert google.reports == "https://youtubeanalytics.googleapis.com/v2/reports"
    assert google.channels == "https://www.googleapis.com/youtube/v3/channels"
    assert google.jwks == "https://www.googleapis.com/oauth2/v3/certs"
    assert all(url.startswith("https://") for url in dataclasses.astuple(google))


def test_rooted_at_keeps_every_path() -> None:
    google = Endpoints.google()
    local = Endpoints.rooted_at("http://127.0.0.1:43121")
    for field in dataclasses.fields(Endpoints):
        theirs, ours = urlsplit(getattr(google, field.name)), urlsplit(getattr(local, field.name))
        assert (ours.scheme, ours.netloc) == ("http", "127.0.0.1:43121")
        assert ours.path == theirs.path


@pytest.mark.parametrize(
    "root",
    [
        "ftp://127.0.0.1",
        "127.0.0.1:8080",
        "http://127.0.0.1:1/v2",
        "http://:80",
        "http://127.0.0.1:port",
        "http://user:pw@127.0.0.1",
    ],
)
def test_rooted_at_refuses_what_is_not_a_root(root: str) -> None:
    with pytest.raises(InvalidEndpoint) as caught:
        Endpoints.rooted_at(root)
    assert "pw" not in str(caught.value)


def test_no_variable_means_google(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(OVERRIDE_VARIABLE, raising=False)
    assert Endpoints.from_environment() == Endpoints.google()
    assert Endpoints.from_environment({OVERRIDE_VARIABLE: ""}) == Endpoints.google()


@pytest.mark.parametrize(
    ("root", "netloc"),
    [
        ("http://127.0.0.1:43121", "127.0.0.1:43121"),
        ("https://localhost", "localhost"),
        ("http://LocalHost:8080/", "LocalHost:8080"),
        ("http://[::1]:9", "[::1]:9"),
    ],
)
def test_loopback_overrides_are_accepted(root: str, netloc: str) -> None:
    endpoints = Endpoints.from_environment({OVERRIDE_VARIABLE: root})
    assert urlsplit(endpoints.reports).netloc == netloc


@pytest.mark.parametrize(
    "root",
    [
        "http://evil.example:80",
        "https://user:pw@evil.example",
        "http://127.0.0.2:80",
        "http://localhost.evil.example",
        "http://[::1",
    ],
)
def test_other_overrides_are_refused(root: str) -> None:
    with pytest.raises(InvalidEndpoint, match=OVERRIDE_VARIABLE) as caught:
        Endpoints.from_environment({OVERRIDE_VARIABLE: root})
    assert "pw" not in str(caught.value)


def test_a_client_refuses_a_remote_override_before_any_request(
    sandbox: Sandbox, secrets_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_requests(*args: Any, **kwargs: Any) -> Any:
        pytest.fail("a request was sent")

    monkeypatch.setattr(requests.Session, "request", no_requests)
    monkeypatch.setenv(OVERRIDE_VARIABLE, "http://evil.example:80")
    with pytest.raises(InvalidEndpoint, match=r"evil\.example"):
        Client(secrets_file, tokens_file=tmp_path / "tokens.json")
    with pytest.raises(InvalidEndpoint, match=r"evil\.example"):
        Shard(Scopes.READONLY, Tokens("ya29.unused"))  # a shard's default reads it too
    assert sandbox.log.count() == 0


def test_the_variable_is_read_once(
    sandbox: Sandbox, secrets_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(OVERRIDE_VARIABLE, sandbox.url)
    client = Client(secrets_file, tokens_file=tmp_path / "tokens.json")
    assert client.endpoints == Endpoints.rooted_at(sandbox.url)
    # Changed afterwards (to a port nobody listens on, then to Google): no effect.
    monkeypatch.setenv(OVERRIDE_VARIABLE, "http://127.0.0.1:9")
    monkeypatch.delenv(OVERRIDE_VARIABLE)
    sandbox.log.clear()
    with client:
        assert not client.token_is_valid("ya29.unknown")
        with client.shard(Tokens("ya29.unknown")) as shard:
            assert shard.endpoints == client.endpoints
    assert sandbox.log.count("/tokeninfo") == 1


def test_the_app_refuses_a_remote_override_at_start(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(OVERRIDE_VARIABLE, "http://evil.example:80")
    assert main(["--config-dir", "/nonexistent"]) == 2  # before any window or file
    assert "evil.example" in capsys.readouterr().err
