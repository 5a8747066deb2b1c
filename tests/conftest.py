"""Fixtures shared by every test: a running sandbox on a loopback port."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.sandbox import Sandbox

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Tests that need a real browser, keyring, X server or bundle may skip on a developer's
# machine that lacks them, never in CI: there a skip of theirs counts as a failure.
REAL_COMPONENT_MARKERS = frozenset({"browser", "keyring", "xvfb", "bundle"})


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    markers = {marker.name for marker in item.iter_markers()}
    if os.environ.get("CI") and report.skipped and markers & REAL_COMPONENT_MARKERS:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where real components must run: {reason}"


@pytest.fixture(scope="session")
def sandbox_session() -> Iterator[Sandbox]:
    with Sandbox(seed=7, auto_consent=True) as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(sandbox_session: Sandbox) -> Iterator[Sandbox]:
    """The session's sandbox, with faults, the request log and the clock reset for each test."""
    sandbox_session.faults.clear()
    sandbox_session.log.clear()
    sandbox_session.auto_consent = True
    sandbox_session.consent.reset()
    sandbox_session.clock.reset()
    yield sandbox_session
    sandbox_session.faults.clear()
    sandbox_session.consent.reset()
    sandbox_session.clock.reset()


@pytest.fixture
def secrets_file(sandbox: Sandbox, tmp_path: Path) -> Path:
    """An ``installed`` client secrets file whose auth and token URIs point at the sandbox."""
    return sandbox.write_secrets(tmp_path / "secrets.json")


@pytest.fixture
def endpoints(sandbox: Sandbox) -> Endpoints:
    """Every Google endpoint on the sandbox, for the clients and windows a test builds."""
    return Endpoints.rooted_at(sandbox.url)
