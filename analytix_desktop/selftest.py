"""``--self-test``: the app checks, offscreen and against its own demo, that its parts work.

It is meant for the frozen bundle above all: it proves that the modules, data files, Qt
plugins and keyring backends PyInstaller collected are enough to add a channel, fetch a
report, show it in the main window and export it. One line per step; exit status 0 only
when every step passed. Tokens stay in memory and are never printed.
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import requests

from .api.channels import Channel
from .api.endpoints import Endpoints
from .api.flow import LoopbackFlow
from .api.report import Report
from .api.scopes import Scopes
from .api.secrets import Secrets
from .api.shard import Shard
from .api.tokens import Tokens
from .sandbox import Sandbox

__all__ = ["run_self_test"]

# What the desktop app asks for when it adds a channel: reports and the channel's identity.
SCOPES = Scopes.ALL | Scopes.YOUTUBE_READONLY
# The backends keyring must find through its entry points for the app to use the OS keyring.
REQUIRED_BACKENDS = ("SecretService", "chainer")


@dataclass
class _State:
    """What one step hands to the next."""

    folder: Path
    timeout: float
    sandbox: Sandbox | None = None
    secrets: Secrets | None = None
    endpoints: Endpoints | None = None
    tokens: Tokens | None = None
    channel: Channel | None = None
    report: Report | None = None
    cleanups: list[Callable[[], Any]] = field(default_factory=list)


class SelfTestFailure(Exception):
    """A step ran but its result was wrong."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailure(message)


def _keyring(state: _State) -> str:
    # Entry points are how keyring finds its backends: they vanish when the metadata is missing.
    backends = {point.name: point for point in entry_points(group="keyring.backends")}
    missing = [name for name in REQUIRED_BACKENDS if name not in backends]
    _check(not missing, f"keyring's entry points lack {', '.join(missing)}")
    for name in REQUIRED_BACKENDS:
        backends[name].load()
    # The Secret Service backend imports these behind a guard, so they could go missing quietly.
    import secretstorage

    _check(callable(secretstorage.dbus_init), "secretstorage (and jeepney) are incomplete")
    return f"backends found: {', '.join(sorted(backends))}"


def _sandbox(state: _State) -> str:
    sandbox = Sandbox(auto_consent=True)
    sandbox.start()
    state.cleanups.append(sandbox.stop)
    state.sandbox = sandbox
    state.endpoints = Endpoints.rooted_at(sandbox.url)
    state.secrets = Secrets.load_from(sandbox.write_secrets(state.folder / "secrets.json"))
    return f"demo sandbox on {sandbox.url}"


def _consent(state: _State) -> str:
    assert state.secrets is not None
    flow = LoopbackFlow(state.secrets, SCOPES, timeout=state.timeout)
    state.cleanups.append(flow.close)
    url = flow.start()
    # Play the browser: the consent page answers with a redirect to the loopback listener.
    page = requests.get(url, timeout=state.timeout)
    _check(page.ok, f"the browser ended on HTTP {page.status_code}")
    _check(page.url.startswith(flow.redirect_uri), "the consent page did not redirect back")
    code = flow.wait()
    tokens = flow.exchange(code)
    _check(bool(tokens.refresh_token), "no refresh token was granted")
    _check(Scopes.from_formatted(tokens.scope).covers(SCOPES), "fewer scopes were granted")
    state.tokens = tokens
    return "authorised through the consent redirect; tokens kept in memory"


def _channel(state: _State) -> str:
    assert state.tokens is not None
    with Shard(SCOPES, state.tokens, endpoints=state.endpoints) as shard:
        channel = shard.fetch_channel()
    _check(bool(channel.id and channel.title), "the channel has no id or title")
    state.channel = channel
    return f"channel {channel.title!r} ({channel.id})"


def _report(state: _State) -> str:
    assert state.tokens is not None
    with Shard(SCOPES, state.tokens, endpoints=state.endpoints) as shard:
        report = shard.fetch_report(dimensions=("day",), metrics=("views",))
    rows, columns = report.shape
    _check(rows > 0, "the report has no rows")
    _check(report.columns == ["day", "views"], f"unexpected columns {report.columns}")
    state.report = report
    return f"{report.type.name}: {rows} rows, {columns} columns"


def _window(state: _State) -> str:
    assert state.report is not None
    assert state.sandbox is not None
    assert state.channel is not None
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from .gui.app import create_app
    from .gui.assemble import assemble
    from .gui.report_view import ReportDock
    from .gui.tasks import task_runner
    from .store.paths import AppPaths
    from .store.tokens import TokenStore

    app = create_app()
    paths = AppPaths.under(state.folder / "config")
    state.sandbox.write_secrets(paths.secrets_file)
    store = TokenStore()
    store.use_memory()
    window = assemble(paths, store=store, endpoints=state.endpoints, demo_banner=True).window
    state.cleanups.append(lambda: task_runner().wait_idle(5))
    state.cleanups.append(window.close)
    window.show()
    dock = ReportDock("Self-test", state.channel.title, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    loop = QEventLoop()
    dock.shown.connect(loop.quit)
    QTimer.singleShot(int(state.timeout * 1000), loop.quit)
    dock.show_report(state.report)
    loop.exec()
    table = dock.table_data
    _check(table is not None, f"the report was not shown within {state.timeout:g} s")
    assert table is not None
    _check(table.rows == state.report.shape[0], "the table's rows differ from the report's")
    # The icons are SVG files from the package's data: this needs Qt's SVG plugins too.
    _check(not window.windowIcon().pixmap(32, 32).isNull(), "the window's icon did not load")
    app.processEvents()
    image = window.grab()
    _check(not image.isNull(), "the main window could not be painted")
    _check(image.save(str(state.folder / "window.png")), "the window could not be saved as PNG")
    return f"main window painted at {image.width()}x{image.height()} with a {table.rows}-row table"


def _csv(state: _State) -> str:
    assert state.report is not None
    path = state.report.to_csv(state.folder / "report.csv")
    with path.open(newline="", encoding="utf-8") as file:
        header, *rows = list(csv.reader(file))
    _check(header == state.report.columns, f"the CSV header is {header}")
    expected = [[str(value) for value in row] for row in state.report.resource.rows]
    _check(rows == expected, "the CSV rows differ from the report's")
    return f"{path.name}: {len(rows)} rows written to a temporary folder and read back"


STEPS: tuple[tuple[str, Callable[[_State], str]], ...] = (
    ("keyring backends", _keyring),
    ("start the demo", _sandbox),
    ("add a channel", _consent),
    ("channel identity", _channel),
    ("run a report", _report),
    ("show it in the main window", _window),
    ("export CSV", _csv),
)


@contextmanager
def _offscreen() -> Iterator[None]:
    """Qt's offscreen platform, so the test needs no display; restored afterwards."""
    previous = os.environ.get("QT_QPA_PLATFORM")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("QT_QPA_PLATFORM", None)
        else:
            os.environ["QT_QPA_PLATFORM"] = previous


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="analytix-desktop --self-test",
        description="Check offscreen, against the built-in demo, that the app works.",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="how long one step may wait for the network or the window (default 30)",
    )
    return parser.parse_args(argv)


def run_self_test(argv: Sequence[str] | None = None) -> int:
    """Run every step, printing one line each; 0 when all passed, else 1."""
    args = _parse(argv)
    with _offscreen(), tempfile.TemporaryDirectory(prefix="analytix-desktop-self-test-") as tmp:
        state = _State(Path(tmp), args.timeout)
        try:
            for number, (name, step) in enumerate(STEPS, 1):
                started = time.monotonic()
                try:
                    detail = step(state)
                except Exception as error:
                    print(
                        f"self-test {number}/{len(STEPS)} {name}: FAILED: "
                        f"{type(error).__name__}: {error}",
                        flush=True,
                    )
                    return 1
                elapsed = time.monotonic() - started
                print(
                    f"self-test {number}/{len(STEPS)} {name}: ok, {detail} ({elapsed:.1f} s)",
                    flush=True,
                )
        finally:
            for cleanup in reversed(state.cleanups):
                cleanup()
    print(f"self-test passed: all {len(STEPS)} steps", flush=True)
    return 0
