"""Google OAuth client secrets files."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InvalidSecrets

__all__ = ["Secrets"]

_REQUIRED = ("client_id", "client_secret", "auth_uri", "token_uri")
_OOB = ("urn:ietf:wg:oauth:2.0:oob", "oob")


@dataclass(frozen=True)
class Secrets:
    """An OAuth client: a Desktop app (``installed``) or a Web application (``web``)."""

    type: str
    client_id: str
    client_secret: str = field(repr=False)
    auth_uri: str
    token_uri: str
    project_id: str = ""
    auth_provider_x509_cert_url: str = ""
    redirect_uris: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Any, *, source: str = "client secrets") -> Secrets:
        """Build from the parsed file; InvalidSecrets names what is wrong."""
        if not isinstance(data, dict) or len(data) != 1:
            raise InvalidSecrets(
                f"{source} must be an object with one key, 'installed' or 'web' "
                "(download it from the Google Cloud console's Credentials page)"
            )
        kind, inner = next(iter(data.items()))
        if kind not in ("installed", "web"):
            raise InvalidSecrets(
                f"{source} is for a client of type '{kind}'; create a Desktop app "
                "('installed') or Web application ('web') OAuth client"
            )
        if not isinstance(inner, dict):
            raise InvalidSecrets(f"{source}: '{kind}' must be an object")
        missing = [key for key in _REQUIRED if not (isinstance(inner.get(key), str) and inner[key])]
        if missing:
            raise InvalidSecrets(f"{source}: '{kind}' lacks {', '.join(repr(k) for k in missing)}")
        uris = inner.get("redirect_uris") or []
        if not isinstance(uris, list) or not all(isinstance(uri, str) for uri in uris):
            raise InvalidSecrets(f"{source}: 'redirect_uris' must be a list of strings")
        return cls(
            type=kind,
            client_id=inner["client_id"],
            client_secret=inner["client_secret"],
            auth_uri=inner["auth_uri"],
            token_uri=inner["token_uri"],
            project_id=str(inner.get("project_id", "")),
            auth_provider_x509_cert_url=str(inner.get("auth_provider_x509_cert_url", "")),
            # The out-of-band flow is dead since 2023; such entries are of no use.
            redirect_uris=tuple(uri for uri in uris if not _is_oob(uri)),
        )

    @classmethod
    def load_from(cls, path: str | os.PathLike[str]) -> Secrets:
        """Read a ``client_secret_*.json`` file."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InvalidSecrets(f"client secrets file {path} does not exist") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidSecrets(
                f"client secrets file {path} could not be read ({type(exc).__name__})"
            ) from None
        try:
            data = json.loads(text)
        except ValueError as exc:
            # The position only; the parser's message could quote the secret.
            raise InvalidSecrets(
                f"client secrets file {path} is not JSON (line {getattr(exc, 'lineno', '?')})"
            ) from None
        return cls.from_dict(data, source=f"client secrets file {path}")


def _is_oob(uri: str) -> bool:
    return uri in _OOB or uri.startswith(_OOB[0])
