"""``python -m analytix_desktop.sandbox`` as a user runs it: a subprocess on a loopback port."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from analytix_desktop.sandbox.__main__ import main

from .oauthflow import ANALYTICS, pkce_pair, query_of

REDIRECT_URI = "http://127.0.0.1:9/"


NON_LOOPBACK = ("0.0.0.0", "192.168.1.10", "example.com")  # noqa: S104 - refused, never bound


@pytest.mark.parametrize("host", NON_LOOPBACK)
def test_refuses_non_loopback_hosts(host: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--host", host])
    assert exit_info.value.code == 2
    assert "loopback only" in capsys.readouterr().err


def test_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert main(["--port", str(taken.getsockname()[1])]) == 1
    assert "cannot listen" in capsys.readouterr().err


@pytest.mark.parametrize("stop_with", [signal.SIGINT, signal.SIGTERM])
def test_serves_a_whole_code_flow_then_stops_cleanly(tmp_path: Path, stop_with: int) -> None:
    secrets_path = tmp_path / "client_secrets.json"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "analytix_desktop.sandbox",
            "--auto-consent",
            "--seed",
            "3",
            "--write-secrets",
            str(secrets_path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        root = process.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", root), root
        installed = json.loads(secrets_path.read_text())["installed"]
        assert installed["auth_uri"] == root + "/o/oauth2/auth"
        assert installed["token_uri"] == root + "/token"
        assert secrets_path.stat().st_mode & 0o777 == 0o600

        verifier, challenge = pkce_pair()
        consent = requests.get(
            installed["auth_uri"],
            allow_redirects=False,
            timeout=5,
            params={
                "client_id": installed["client_id"],
                "redirect_uri": REDIRECT_URI,
                "response_type": "code",
                "scope": ANALYTICS,
                "state": "cli",
                "code_challenge": challenge,
                "code_challenge_method": "S256",
                "access_type": "offline",
            },
        )
        query = query_of(consent.headers["Location"])
        assert query["state"] == "cli"
        tokens = requests.post(
            installed["token_uri"],
            timeout=5,
            data={
                "grant_type": "authorization_code",
                "code": query["code"],
                "redirect_uri": REDIRECT_URI,
                "code_verifier": verifier,
                "client_id": installed["client_id"],
                "client_secret": installed["client_secret"],
            },
        ).json()
        assert tokens["scope"] == ANALYTICS
        assert "refresh_token" in tokens

        process.send_signal(stop_with)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
