"""A real headless Chromium driven over the DevTools protocol on a pipe (no extra packages).

Chromium started with ``--remote-debugging-pipe`` reads commands from fd 3 and writes
replies to fd 4, each a JSON object ended by a NUL byte.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

__all__ = ["Chromium", "chromium_path"]

# Flags that keep Chromium off the network except for the pages we open (this machine's
# network is closed, and background fetches would only be refused).
_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--remote-debugging-pipe",
)


def _above_four(fd: int) -> int:
    high = fcntl.fcntl(fd, fcntl.F_DUPFD, 5)
    os.close(fd)
    return high


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Chromium:
    """One headless browser with one page; ``open`` it, run JavaScript in it, close it."""

    def __init__(self, profile: Path) -> None:
        binary = chromium_path()
        if binary is None:
            raise FileNotFoundError("chromium")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # Lift the child's ends above 4, so that moving one onto 3 cannot clobber the other.
        to_browser_r, from_browser_w = (_above_four(fd) for fd in (to_browser_r, from_browser_w))

        # bash (dash takes only one-digit descriptors) moves our pipe ends onto 3 and 4.
        wiring = f'exec "$0" "$@" 3<&{to_browser_r} 4>&{from_browser_w}'
        self._process = subprocess.Popen(
            ["/bin/bash", "-c", wiring, binary, *_FLAGS, f"--user-data-dir={profile}"],
            pass_fds=(to_browser_r, from_browser_w),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self._session: str | None = None

    def command(
        self, method: str, params: dict[str, Any] | None = None, timeout: float = 20
    ) -> Any:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if self._session is not None and not method.startswith("Target."):
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
        raise TimeoutError(method)

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            # A reply can be lost when the page navigates under a command: never block.
            ready, _, _ = select.select([self._from_browser], [], [], deadline - time.monotonic())
            if not ready:
                raise TimeoutError("no message from chromium")
            chunk = os.read(self._from_browser, 65536)
            if not chunk:
                raise ConnectionError("chromium closed its DevTools pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(raw)  # type: ignore[no-any-return]

    def open(self, url: str) -> None:
        """Open ``url`` in a new page and attach to it."""
        target = self.command("Target.createTarget", {"url": url})["targetId"]
        attached = self.command("Target.attachToTarget", {"targetId": target, "flatten": True})
        self._session = attached["sessionId"]

    def evaluate(self, expression: str, timeout: float = 5) -> Any:
        params = {"expression": expression, "returnByValue": True, "awaitPromise": True}
        result = self.command("Runtime.evaluate", params, timeout)
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 20) -> Any:
        """Poll a JavaScript expression until it is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
            except (RuntimeError, TimeoutError):
                value = None  # the page is navigating; its context is being replaced
            if value:
                return value
            time.sleep(0.1)
        raise TimeoutError(expression)

    def close(self) -> None:
        with contextlib.suppress(OSError, TimeoutError, ConnectionError, RuntimeError):
            self.command("Browser.close", timeout=5)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def consent(self, url: str, channel_title: str, decision: str = "allow") -> None:
        """Go through the sandbox's consent pages as a person would: the first account,
        then the channel titled ``channel_title``, then ``"allow"`` or ``"deny"``."""
        self.open(url)
        self.wait_for("!!document.querySelector('button.account')")
        self.evaluate("document.querySelector('button.account').click()")
        self.wait_for("!!document.querySelector('input[name=channel]')")
        picked = self.evaluate(
            "(() => { for (const label of document.querySelectorAll('label.row')) {"
            f"  if (label.innerText.includes({json.dumps(channel_title)})) {{"
            "    label.querySelector('input[name=channel]').click(); return true; } }"
            "  return false; })()"
        )
        if not picked:
            raise AssertionError(f"no channel named {channel_title} on the consent page")
        self.evaluate(f"document.querySelector('button.{decision}').click()")
