"""A config folder with the sandbox's secrets imported and one channel added through the
command line itself (browser script, real keyring), shared by the command-line tests."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from analytix_desktop.sandbox import Sandbox

from .support import cli_env, need_secret_service, run_cli, write_browser


@dataclass(frozen=True)
class Connected:
    """A config folder whose one channel is signed in (tokens in the real keyring)."""

    config: Path
    channel_id: str
    title: str
    env: dict[str, str]
    added: subprocess.CompletedProcess[str]
    browser_urls: Path


@pytest.fixture(scope="session")
def connected(
    sandbox_session: Sandbox, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Connected]:
    need_secret_service()
    folder = tmp_path_factory.mktemp("cli")
    config = folder / "config"
    browser, urls = write_browser(folder)
    env = cli_env(sandbox_session, browser)
    secrets = sandbox_session.write_secrets(folder / "client_secret.json")
    imported = run_cli("secrets", "import", secrets, env=env, config=config)
    assert imported.returncode == 0, imported.stderr
    channel = next(c for c in sandbox_session.channels.values() if not c.monetised)
    sandbox_session.consent.channel = channel.id
    try:
        added = run_cli("channels", "add", env=env, config=config)
    finally:
        sandbox_session.consent.reset()
    assert added.returncode == 0, added.stderr
    yield Connected(config, channel.id, channel.title, env, added, urls)
    run_cli("channels", "remove", channel.id, env=env, config=config)
