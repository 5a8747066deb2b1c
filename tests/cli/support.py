"""Test support for the command line: run it as a subprocess, play the browser, ask the
sandbox itself for the numbers a report should hold."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from analytix_desktop.api.endpoints import OVERRIDE_VARIABLE
from analytix_desktop.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60

# A BROWSER command: fetch the consent URL, which the sandbox's automatic consent
# redirects to the app's loopback listener, and note the URL it was given.
_BROWSER = """#!{python}
import sys, urllib.request
with open({seen!r}, "a", encoding="utf-8") as seen:
    seen.write(sys.argv[1] + "\\n")
with urllib.request.urlopen(sys.argv[1], timeout=20) as answer:
    answer.read()
"""


def need_secret_service() -> None:
    """Skip unless a real Secret Service answers (the test session's gnome-keyring)."""
    from keyring.backends import SecretService

    try:
        SecretService.Keyring.priority  # noqa: B018 - raises when no service is reachable
    except Exception as error:
        pytest.skip(f"no Secret Service on the session bus: {error}")


def write_browser(folder: Path) -> tuple[Path, Path]:
    """An executable BROWSER script in ``folder``, and the file listing URLs it opened."""
    script, seen = folder / "browser", folder / "browser-urls.txt"
    script.write_text(_BROWSER.format(python=sys.executable, seen=str(seen)), encoding="utf-8")
    script.chmod(0o700)
    return script, seen


def cli_env(sandbox: Sandbox, browser: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env[OVERRIDE_VARIABLE] = sandbox.url
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    if browser is not None:
        env["BROWSER"] = str(browser)
    return env


def run_cli(
    *args: str | Path, env: Mapping[str, str], config: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m analytix_desktop ARGS [--config-dir CONFIG]`` to the end."""
    command = [sys.executable, "-m", "analytix_desktop", *map(str, args)]
    if config is not None:
        command += ["--config-dir", str(config)]
    return subprocess.run(
        command, env=dict(env), cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT
    )
