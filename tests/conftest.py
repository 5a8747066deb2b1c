"""Fixtures shared by every test: a running sandbox on a loopback port."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytix_desktop.sandbox import Sandbox

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def sandbox_session() -> Iterator[Sandbox]:
    with Sandbox(seed=7, auto_consent=True) as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(sandbox_session: Sandbox) -> Iterator[Sandbox]:
    """The session's sandbox, with faults and the request log cleared for each test."""
    sandbox_session.faults.clear()
    sandbox_session.log.clear()
    sandbox_session.auto_consent = True
    yield sandbox_session
    sandbox_session.faults.clear()


@pytest.fixture
def secrets_file(sandbox: Sandbox, tmp_path: Path) -> Path:
    """An ``installed`` client secrets file whose auth and token URIs point at the sandbox."""
    return sandbox.write_secrets(tmp_path / "secrets.json")


@pytest.fixture
def google_root(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point every Google URL the package builds at the sandbox."""
    monkeypatch.setenv("ANALYTIX_DESKTOP_GOOGLE_ROOT", sandbox.url)
    return sandbox.url
