"""Channel thumbnails, downloaded once into the cache folder."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import requests

from ..api.atomic import atomic_write

__all__ = ["ThumbnailCache"]

_log = logging.getLogger(__name__)
_SAFE = re.compile(r"[^A-Za-z0-9_-]")
_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp", "image/gif": ".gif"}


class ThumbnailCache:
    """One image file per channel or video id; downloads block, so run them off the GUI thread."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, channel_id: str) -> Path | None:
        """The cached image of the channel, if there is one."""
        stem = _SAFE.sub("_", channel_id)
        for suffix in _TYPES.values():
            path = self.folder / f"{stem}{suffix}"
            if path.exists():
                return path
        return None

    def fetch(
        self, channel_id: str, url: str, *, session: requests.Session | None = None
    ) -> Path | None:
        """Download ``url`` as the channel's thumbnail; None when it cannot be had.

        A missing thumbnail is cosmetic, so failures are logged rather than raised.
        """
        if not url.startswith(("https://", "http://")):
            return None
        try:
            response = (session or requests).get(url, timeout=10)
            response.raise_for_status()
        except requests.RequestException as error:
            _log.warning("thumbnail of %s could not be downloaded: %s", channel_id, error)
            return None
        kind = response.headers.get("Content-Type", "").split(";")[0].strip()
        suffix = _TYPES.get(kind)
        if suffix is None or not response.content:
            _log.warning("thumbnail of %s is not an image (%s)", channel_id, kind or "no type")
            return None
        self.remove(channel_id)
        path = self.folder / f"{_SAFE.sub('_', channel_id)}{suffix}"
        self.folder.mkdir(parents=True, exist_ok=True)
        with atomic_write(path) as file:
            file.write(response.content)
        return path

    def remove(self, channel_id: str) -> None:
        path = self.path_for(channel_id)
        while path is not None:
            path.unlink(missing_ok=True)
            path = self.path_for(channel_id)
