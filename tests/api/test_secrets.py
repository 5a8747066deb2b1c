from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from analytix_desktop.api import Secrets
from analytix_desktop.api.errors import InvalidSecrets

SECRET = "GOCSPX-very-secret-value"


def _inner(**changes: Any) -> dict[str, Any]:
    inner = {
        "client_id": "123-abc.apps.googleusercontent.com",
        "project_id": "proj",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_secret": SECRET,
        "redirect_uris": ["urn:ietf:wg:oauth:2.0:oob", "oob", "http://localhost"],
    }
    inner.update(changes)
    return {key: value for key, value in inner.items() if value is not None}


def _write(tmp_path: Path, payload: Any) -> Path:
    path = tmp_path / "secrets.json"
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload))
    return path


@pytest.mark.parametrize("kind", ["installed", "web"])
def test_loads_installed_and_web(tmp_path: Path, kind: str) -> None:
    secrets = Secrets.load_from(_write(tmp_path, {kind: _inner()}))
    assert secrets.type == kind
    assert secrets.client_id == "123-abc.apps.googleusercontent.com"
    assert secrets.client_secret == SECRET
    assert secrets.redirect_uris == ("http://localhost",)  # OOB entries skipped
    assert SECRET not in repr(secrets)


def test_sandbox_secrets_load(secrets_file: Path, sandbox: Any) -> None:
    secrets = Secrets.load_from(secrets_file)
    assert secrets.token_uri == f"{sandbox.url}/token"


def test_redirect_uris_optional(tmp_path: Path) -> None:
    secrets = Secrets.load_from(_write(tmp_path, {"web": _inner(redirect_uris=None)}))
    assert secrets.redirect_uris == ()


@pytest.mark.parametrize(
    ("payload", "match"),
    [
        ("{not json", "is not JSON"),
        ([1, 2], "one key, 'installed' or 'web'"),
        ({"installed": _inner(), "web": _inner()}, "one key"),
        ({"service_account": _inner()}, "type 'service_account'"),
        ({"installed": "x"}, "must be an object"),
        ({"installed": _inner(client_id=None)}, "lacks 'client_id'"),
        ({"installed": _inner(token_uri="", auth_uri=None)}, "lacks 'auth_uri', 'token_uri'"),
        ({"installed": _inner(redirect_uris="http://localhost")}, "must be a list"),
    ],
)
def test_bad_files_are_named(tmp_path: Path, payload: Any, match: str) -> None:
    with pytest.raises(InvalidSecrets, match=match) as info:
        Secrets.load_from(_write(tmp_path, payload))
    assert SECRET not in str(info.value)


def test_secret_not_echoed_from_broken_json(tmp_path: Path) -> None:
    text = json.dumps({"installed": _inner()})[:-3] + f'"{SECRET}'
    with pytest.raises(InvalidSecrets) as info:
        Secrets.load_from(_write(tmp_path, text))
    assert SECRET not in str(info.value)
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidSecrets, match="does not exist"):
        Secrets.load_from(tmp_path / "nope.json")
