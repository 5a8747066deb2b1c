"""Where the app keeps its settings, client secrets and caches."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

__all__ = ["APP_NAME", "AppPaths", "demo_folder"]

APP_NAME = "analytix-desktop"


@dataclass(frozen=True)
class AppPaths:
    """The config folder (settings, client secrets) and the cache folder (thumbnails)."""

    config_dir: Path
    cache_dir: Path

    @classmethod
    def default(cls) -> AppPaths:
        """The platform's per-user folders (platformdirs)."""
        return cls(
            platformdirs.user_config_path(APP_NAME, appauthor=False),
            platformdirs.user_cache_path(APP_NAME, appauthor=False),
        )

    @classmethod
    def under(cls, folder: str | os.PathLike[str]) -> AppPaths:
        """Everything inside one folder (``--config-dir``, tests, the demo)."""
        root = Path(folder)
        return cls(root, root / "cache")

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.ini"

    @property
    def secrets_file(self) -> Path:
        return self.config_dir / "client_secrets.json"

    @property
    def thumbnails_dir(self) -> Path:
        return self.cache_dir / "thumbnails"


def demo_folder(config_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where ``--demo`` keeps its own settings and secrets between runs.

    ``<config-dir>/demo`` with ``--config-dir``, else ``demo`` in the user's data folder.
    """
    if config_dir is not None:
        return Path(config_dir) / "demo"
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "demo"
