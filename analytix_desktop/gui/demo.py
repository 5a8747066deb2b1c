"""``--demo``: the sandbox in this process, its own client secrets, endpoints pointed at it.

The demo keeps a folder of its own (settings, secrets, the sandbox's refresh tokens), so
its channels, layout and last query are there again on the next run; its tokens go to the
keyring under their own service name, apart from real channels'.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from ..api.endpoints import Endpoints
from ..store.paths import APP_NAME, AppPaths

__all__ = ["DEMO_SERVICE", "PROBLEMS", "Demo", "Problem"]

DEMO_SERVICE = f"{APP_NAME}-demo"
"""The keyring service of demo channels' tokens."""
GRANTS_FILE = "sandbox-grants.json"
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    """A way for the demo's sandbox to misbehave, for Demo > Simulate problems."""

    key: str
    label: str
    status_text: str
    status: int | None = None
    delay: float = 0.0
    drop: bool = False
    retry_after: int | None = None


PROBLEMS = (
    Problem("offline", "&Offline", "no connection (requests are dropped)", drop=True),
    Problem("slow", "&Slow responses", "slow responses (5 s each)", delay=5.0),
    Problem("quota", "&Quota exceeded (429)", "quota exceeded (429)", status=429, retry_after=2),
    Problem("server", "Google &errors (503)", "server errors (503)", status=503),
)
_FOREVER = 1_000_000  # faults are used up one per request: this many is "until cleared"


class Demo:
    """A running sandbox and the demo's own folder, which holds its secrets (0600).

    The consent page is shown in the real browser (no automatic consent), so the
    user picks which demo channel to add, as with Google. Once started, ``endpoints``
    are the sandbox's, for the app's client; the environment is left alone.
    """

    def __init__(self, folder: str | os.PathLike[str], *, seed: int = 0) -> None:
        # Imported only now, when a demo starts: the sandbox (its made-up world, on numpy,
        # and its HTTP server) would add about 120 ms to every start of the app.
        from ..sandbox import Sandbox

        self.folder = Path(folder)
        self.sandbox = Sandbox(seed=seed, auto_consent=False)
        self.paths = AppPaths.under(self.folder)
        self.problem: Problem | None = None

    def start(self) -> AppPaths:
        """Start the sandbox on an ephemeral loopback port and write its secrets.

        The sandbox keeps its refresh tokens in the folder: the keyring's tokens of
        demo channels then still work after a restart.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        self.folder.chmod(0o700)
        self.sandbox.grants.persist_to(self.folder / GRANTS_FILE)
        self.sandbox.start()
        # The port changes every run, and the secrets file holds the token URL.
        self.sandbox.write_secrets(self.paths.secrets_file)
        _log.info("demo sandbox on %s; the demo's folder is %s", self.sandbox.url, self.folder)
        return self.paths

    @property
    def endpoints(self) -> Endpoints:
        """The started sandbox's endpoints, for the app's client."""
        return Endpoints.rooted_at(self.sandbox.url)

    def simulate(self, problem: Problem | None) -> None:
        """Make every request misbehave as ``problem`` says (None: answer normally)."""
        self.sandbox.faults.clear()
        self.problem = problem
        if problem is not None:
            self.sandbox.faults.inject(
                status=problem.status,
                retry_after=problem.retry_after,
                delay=problem.delay,
                drop=problem.drop,
                times=_FOREVER,
            )

    def stop(self) -> None:
        self.sandbox.stop()

    def __enter__(self) -> AppPaths:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
