"""Importing the user's OAuth client secrets file into the config folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..api.atomic import atomic_write
from ..api.errors import InvalidSecrets
from ..api.secrets import Secrets

__all__ = ["import_secrets"]

_WEB_CLIENT = (
    "This file is for a 'Web application' OAuth client. analytix-desktop signs in through "
    "your browser and a loopback address, which needs a 'Desktop app' client: in the Google "
    "Cloud console open APIs & Services > Credentials, choose Create credentials > OAuth "
    "client ID > Desktop app, and download its JSON file."
)


def import_secrets(source: str | os.PathLike[str], target: Path) -> Secrets:
    """Validate ``source`` as a Desktop-app client and copy it to ``target`` (0600).

    ``source`` is read once, through :meth:`Secrets.load_from` (a small regular file
    only). Raises InvalidSecrets with a message the user can act on.
    """
    secrets = Secrets.load_from(source)
    if secrets.type != "installed":
        raise InvalidSecrets(_WEB_CLIENT)
    # Save what was validated, not the file again: it may have changed since.
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(target, mode=0o600, encoding="utf-8") as file:
        json.dump(secrets.to_dict(), file, indent=2)
    return secrets
