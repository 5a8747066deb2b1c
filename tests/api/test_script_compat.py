"""An analytix 5.x script runs unchanged on analytix_desktop.api against the sandbox."""

from __future__ import annotations

import csv
import runpy
import socket
from pathlib import Path

import pytest
import requests

from analytix_desktop.api import Client
from analytix_desktop.api import client as client_module
from analytix_desktop.api.endpoints import OVERRIDE_VARIABLE
from analytix_desktop.sandbox import Sandbox

SCRIPT = """\
from analytix_desktop.api import Client

client = Client("secrets.json")
report = client.fetch_report(dimensions=("day",))
report.to_csv("out.csv")
"""


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def test_analytix_script_runs_unchanged(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The script cannot be given endpoints: the environment is the way in, for a sandbox.
    monkeypatch.setenv(OVERRIDE_VARIABLE, sandbox.url)
    port = 8080
    if not _port_free(port):
        # Another program holds the default port: only the default changes, not the script.
        port = 0
        monkeypatch.setitem(Client.__init__.__kwdefaults__, "ws_port", port)
    sandbox.consent.reset()
    sandbox.write_secrets(tmp_path / "secrets.json")
    (tmp_path / "script.py").write_text(SCRIPT)
    opened: list[str] = []

    def browser(url: str, new: int = 0, autoraise: bool = True) -> bool:
        opened.append(url)
        requests.get(url, timeout=10)  # the sandbox consents and redirects to the app
        return True

    monkeypatch.setattr(client_module.webbrowser, "open", browser)
    monkeypatch.setattr(client_module, "browser_available", lambda: True)
    monkeypatch.chdir(tmp_path)
    runpy.run_path("script.py", run_name="__main__")

    assert len(opened) == 1
    if port:
        assert "redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2F" in opened[0]
    with (tmp_path / "out.csv").open(newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0][:2] == ["day", "views"]
    assert len(rows) > 1
    assert (tmp_path / "tokens.json").is_file()

    # A second run reuses the stored tokens: no browser.
    (tmp_path / "out.csv").unlink()
    runpy.run_path("script.py", run_name="__main__")
    assert len(opened) == 1
    assert (tmp_path / "out.csv").is_file()
