"""``--demo``: the sandbox in this process, its own client secrets, Google's URLs pointed at it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..api.endpoints import OVERRIDE_VARIABLE
from ..sandbox import Sandbox
from ..store.paths import AppPaths

__all__ = ["Demo"]


class Demo:
    """A running sandbox and a throw-away config folder that holds its secrets.

    The consent page is shown in the real browser (no automatic consent), so the
    user picks which demo channel to add, as with Google.
    """

    def __init__(self, *, seed: int = 0) -> None:
        self.sandbox = Sandbox(seed=seed, auto_consent=False)
        self.folder = Path(tempfile.mkdtemp(prefix="analytix-desktop-demo-"))
        self.paths = AppPaths.under(self.folder)
        self._previous_root: str | None = None

    def start(self) -> AppPaths:
        """Start the sandbox on an ephemeral loopback port and write its secrets."""
        self.sandbox.start()
        self.sandbox.write_secrets(self.paths.secrets_file)
        self._previous_root = os.environ.get(OVERRIDE_VARIABLE)
        os.environ[OVERRIDE_VARIABLE] = self.sandbox.url
        return self.paths

    def stop(self) -> None:
        self.sandbox.stop()
        if self._previous_root is None:
            os.environ.pop(OVERRIDE_VARIABLE, None)
        else:
            os.environ[OVERRIDE_VARIABLE] = self._previous_root
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> AppPaths:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
