"""Where the app keeps its settings, client secrets, caches and local report store."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

__all__ = ["APP_NAME", "AppPaths", "demo_folder"]

APP_NAME = "analytix-desktop"


def _user_data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


@dataclass(frozen=True)
class AppPaths:
    """The config folder (settings, client secrets), the cache folder (thumbnails) and the
    data folder (the report store; the platform's user data folder unless given)."""

    config_dir: Path
    cache_dir: Path
    data_dir: Path = field(default_factory=_user_data_dir)

    @classmethod
    def default(cls) -> AppPaths:
        """The platform's per-user folders (platformdirs)."""
        return cls(
            platformdirs.user_config_path(APP_NAME, appauthor=False),
            platformdirs.user_cache_path(APP_NAME, appauthor=False),
            _user_data_dir(),
        )

    @classmethod
    def under(cls, folder: str | os.PathLike[str]) -> AppPaths:
        """Everything inside one folder (``--config-dir``, tests, the demo)."""
        root = Path(folder)
        return cls(root, root / "cache", root)

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.ini"

    @property
    def secrets_file(self) -> Path:
        return self.config_dir / "client_secrets.json"

    @property
    def thumbnails_dir(self) -> Path:
        return self.cache_dir / "thumbnails"

    @property
    def report_db(self) -> Path:
        """The local report store (history, saved reports, workspaces, request counts)."""
        return self.data_dir / "reports.sqlite3"


def demo_folder(config_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where ``--demo`` keeps its own settings and secrets between runs.

    ``<config-dir>/demo`` with ``--config-dir``, else ``demo`` in the user's data folder.
    """
    if config_dir is not None:
        return Path(config_dir) / "demo"
    return _user_data_dir() / "demo"
