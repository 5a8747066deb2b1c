from __future__ import annotations

import json
import os
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from analytix_desktop.api import Secrets
from analytix_desktop.api.errors import InvalidSecrets
from analytix_desktop.api.secrets import MAX_SECRETS_SIZE

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


# -- where the file may send the secret, codes and verifiers ----------------------------


@pytest.mark.parametrize(
    "uri",
    [
        "http://127.0.0.1:8080/token",
        "https://127.0.0.1/token",
        "http://localhost:1234/o/oauth2/auth",
        "http://[::1]:9/token",
        "https://accounts.google.com/o/oauth2/auth",
        "https://oauth2.googleapis.com/token",
        "https://www.googleapis.com/oauth2/v1/certs",
        "HTTPS://Accounts.Google.com/o/oauth2/auth?hl=en",
    ],
)
@pytest.mark.parametrize("name", ["auth_uri", "token_uri", "auth_provider_x509_cert_url"])
def test_google_and_loopback_uris_are_accepted(tmp_path: Path, name: str, uri: str) -> None:
    secrets = Secrets.load_from(_write(tmp_path, {"installed": _inner(**{name: uri})}))
    assert getattr(secrets, name) == uri


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        (f"http://evil.example/token?secret={SECRET}", "got http://evil.example/…"),
        ("http://oauth2.googleapis.com/token", "got http://oauth2.googleapis.com/…"),
        ("https://oauth2.googleapis.com.evil.example/token", "oauth2.googleapis.com.evil.example"),
        ("https://evil.example", "got https://evil.example"),
        ("smb://attacker.example/share", "got smb://attacker.example/…"),
        ("file:///etc/passwd", "got a file: address"),
        ("javascript:alert(1)", "got a javascript: address"),
        ("//accounts.google.com/o/oauth2/auth", "got an address without a scheme"),
        ("https://accounts.google.com@evil.example/", "user name"),
        ("https://user:pw@accounts.google.com/", "user name"),
        ("https://evil.example\\@accounts.google.com/", "backslashes"),
        ("https://evil.example\t.accounts.google.com/", "spaces"),
        ("https://accounts.google.com:port/", "malformed"),
        ("https://accounts.google.com/o/oauth2/auth#x", "#fragment"),
        ("http://127.0.0.2:8080/token", "got http://127.0.0.2:8080/…"),
        ("ftp://127.0.0.1/token", "got ftp://127.0.0.1/…"),
    ],
)
@pytest.mark.parametrize("name", ["auth_uri", "token_uri", "auth_provider_x509_cert_url"])
def test_other_uris_are_refused_naming_the_field(
    tmp_path: Path, name: str, uri: str, shown: str
) -> None:
    with pytest.raises(InvalidSecrets) as info:
        Secrets.load_from(_write(tmp_path, {"installed": _inner(**{name: uri})}))
    message = str(info.value)
    assert f"{name} must be an https address at Google" in message
    assert "accounts.google.com, oauth2.googleapis.com, www.googleapis.com" in message
    assert "or a loopback address" in message
    assert shown in message
    assert SECRET not in message


def test_uris_are_checked_however_secrets_are_built() -> None:
    with pytest.raises(InvalidSecrets, match="token_uri must be") as info:
        Secrets("installed", "id", SECRET, "https://accounts.google.com/", "http://evil.example/")
    assert SECRET not in str(info.value)
    with pytest.raises(InvalidSecrets, match=r"auth_uri must be .*; got nothing"):
        Secrets("installed", "id", SECRET, "", "https://oauth2.googleapis.com/token")


def test_to_dict_round_trips_what_was_validated(tmp_path: Path) -> None:
    secrets = Secrets.load_from(_write(tmp_path, {"installed": _inner()}))
    assert Secrets.from_dict(secrets.to_dict()) == secrets
    assert secrets.to_dict()["installed"]["redirect_uris"] == ["http://localhost"]


# -- what kind of file is read, and how much of it --------------------------------------


def test_a_big_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "video.json"
    with path.open("wb") as file:
        file.truncate(76 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(InvalidSecrets) as info:
        Secrets.load_from(path)
    assert str(info.value) == (
        f"{path} is not a client secrets file: it is 76 MB; Google's are under 2 KB"
    )


def test_a_file_just_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "padded.json"
    payload = json.dumps({"installed": _inner()})
    path.write_text(payload + " " * (MAX_SECRETS_SIZE + 1 - len(payload)))
    with pytest.raises(InvalidSecrets, match="it is 64 KB; Google's are under 2 KB"):
        Secrets.load_from(path)
    path.write_text(payload + " " * (MAX_SECRETS_SIZE - len(payload)))
    assert Secrets.load_from(path).client_secret == SECRET


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidSecrets, match="is not a client secrets file: it is a folder"):
        Secrets.load_from(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "secrets.json"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(InvalidSecrets, match=r"it is a pipe \(FIFO\)"):
        Secrets.load_from(fifo)
    assert time.monotonic() - started < 2


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "client_secret.json"
    link.symlink_to("/dev/zero")
    for path in (Path("/dev/zero"), link):
        with pytest.raises(InvalidSecrets, match="it is a device"):
            Secrets.load_from(path)


def test_reading_stops_at_the_limit_whatever_size_the_file_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file that grew after it was checked (or a /proc file, which claims to be empty).
    path = tmp_path / "grew.json"
    with path.open("wb") as file:
        file.truncate(76 * 1024 * 1024)
    real_stat, real_fstat = os.stat, os.fstat

    def claiming_100_bytes(result: os.stat_result) -> os.stat_result:
        return os.stat_result((*result[:6], 100, *result[7:10]))

    monkeypatch.setattr(os, "stat", lambda *a, **k: claiming_100_bytes(real_stat(*a, **k)))
    monkeypatch.setattr(os, "fstat", lambda fd: claiming_100_bytes(real_fstat(fd)))
    tracemalloc.start()
    try:
        with pytest.raises(InvalidSecrets, match="it is over 64 KB; Google's are under 2 KB"):
            Secrets.load_from(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024


def test_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "secrets.json"
    path.write_bytes(b"\xff\xfe{}")
    with pytest.raises(InvalidSecrets, match="is not UTF-8 text"):
        Secrets.load_from(path)


def test_deeply_nested_json_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidSecrets, match="is not JSON"):
        Secrets.load_from(_write(tmp_path, "[" * 60000))
