"""Google OAuth client secrets files."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .endpoints import LOOPBACK_HOSTS
from .errors import InvalidSecrets

__all__ = ["GOOGLE_OAUTH_HOSTS", "MAX_SECRETS_SIZE", "Secrets"]

GOOGLE_OAUTH_HOSTS = frozenset(
    {"accounts.google.com", "oauth2.googleapis.com", "www.googleapis.com"}
)
"""The hosts of the URIs in Google's own client secrets files (only over https)."""
MAX_SECRETS_SIZE = 64 * 1024
"""Google's files are under 2 KB: anything bigger than this is some other file."""

_REQUIRED = ("client_id", "client_secret", "auth_uri", "token_uri")
# Every URI of the file that the client secret, a code or a verifier might be sent to
# (or that is handed to the browser): each must be Google's or this computer's.
_URIS = ("auth_uri", "token_uri", "auth_provider_x509_cert_url")
_OOB = ("urn:ietf:wg:oauth:2.0:oob", "oob")


@dataclass(frozen=True)
class Secrets:
    """An OAuth client: a Desktop app (``installed``) or a Web application (``web``).

    Its URIs are https at Google's OAuth hosts or on a loopback host (the sandbox);
    anything else raises InvalidSecrets, however the value is built.
    """

    type: str
    client_id: str
    client_secret: str = field(repr=False)
    auth_uri: str
    token_uri: str
    project_id: str = ""
    auth_provider_x509_cert_url: str = ""
    redirect_uris: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in _URIS:
            uri = getattr(self, name)
            if name in _REQUIRED or uri:
                _check_uri(name, uri)

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
        try:
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
        except InvalidSecrets as exc:
            raise InvalidSecrets(f"{source}: {exc}") from None

    @classmethod
    def load_from(cls, path: str | os.PathLike[str]) -> Secrets:
        """Read a ``client_secret_*.json`` file (a regular file of at most 64 KiB)."""
        path = Path(path)
        content = _read_small_file(path)
        try:
            data = json.loads(content.decode("utf-8"))
        except UnicodeDecodeError:
            raise InvalidSecrets(f"client secrets file {path} is not UTF-8 text") from None
        except (ValueError, RecursionError) as exc:
            # The position only; the parser's message could quote the secret.
            raise InvalidSecrets(
                f"client secrets file {path} is not JSON (line {getattr(exc, 'lineno', '?')})"
            ) from None
        return cls.from_dict(data, source=f"client secrets file {path}")

    def to_dict(self) -> dict[str, Any]:
        """The file's shape, as ``from_dict`` reads it: what an import saves."""
        inner: dict[str, Any] = {"client_id": self.client_id}
        if self.project_id:
            inner["project_id"] = self.project_id
        inner |= {"auth_uri": self.auth_uri, "token_uri": self.token_uri}
        if self.auth_provider_x509_cert_url:
            inner["auth_provider_x509_cert_url"] = self.auth_provider_x509_cert_url
        inner |= {"client_secret": self.client_secret, "redirect_uris": list(self.redirect_uris)}
        return {self.type: inner}


def _is_oob(uri: str) -> bool:
    return uri in _OOB or uri.startswith(_OOB[0])


def _check_uri(name: str, uri: str) -> None:
    """InvalidSecrets unless ``uri`` is https at Google's OAuth hosts, or on a loopback host."""
    refused = _refused(uri)
    if refused is not None:
        raise InvalidSecrets(
            f"{name} must be an https address at Google "
            f"({', '.join(sorted(GOOGLE_OAUTH_HOSTS))}) or a loopback address "
            f"({', '.join(sorted(LOOPBACK_HOSTS))}); got {refused}"
        )


def _refused(uri: str) -> str | None:
    """None for a URI that may be used; else what it is, for the message.

    The message shows at most the scheme and host: a crafted file could put anything
    in the path or query, the client secret too.
    """
    if not uri:
        return "nothing"
    # Browsers read a backslash as "/" and drop tabs and newlines where Python's parser keeps
    # them: refuse whatever the two might read as different hosts.
    if not uri.isprintable() or any(char == "\\" or char.isspace() for char in uri):
        return "an address with spaces, control characters or backslashes"
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "a malformed address"
    if "@" in parts.netloc:
        return "an address with a user name in it"
    if parts.fragment:
        return "an address with a #fragment"
    if not parts.scheme:
        return "an address without a scheme"
    if not parts.netloc:
        return f"a {parts.scheme}: address"
    host = parts.hostname or ""
    if parts.scheme == "https" and host in GOOGLE_OAUTH_HOSTS:
        return None
    if parts.scheme in ("http", "https") and host in LOOPBACK_HOSTS:
        return None
    shown = f"{parts.scheme}://{parts.netloc[:100]}"
    return shown + "/…" if uri.rstrip("/") != shown else shown


def _read_small_file(path: Path) -> bytes:
    """The bytes of ``path``, refused unless it is a regular file of a secrets file's size.

    The kind is checked before opening (opening a FIFO waits for a writer; a device may
    never end), then again on the opened file in case it was swapped meanwhile; at most
    ``MAX_SECRETS_SIZE + 1`` bytes are read whatever the file claims.
    """
    try:
        _check_kind(path, os.stat(path))
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        with open(os.open(path, flags | getattr(os, "O_BINARY", 0)), "rb") as file:
            _check_kind(path, os.fstat(file.fileno()))
            content = file.read(MAX_SECRETS_SIZE + 1)
    except FileNotFoundError:
        raise InvalidSecrets(f"client secrets file {path} does not exist") from None
    except OSError as exc:
        raise InvalidSecrets(
            f"client secrets file {path} could not be read ({exc.strerror or type(exc).__name__})"
        ) from None
    if len(content) > MAX_SECRETS_SIZE:
        raise InvalidSecrets(_not_secrets(path, f"it is over {_size(MAX_SECRETS_SIZE)}"))
    return content


def _check_kind(path: Path, info: os.stat_result) -> None:
    mode = info.st_mode
    if not stat.S_ISREG(mode):
        raise InvalidSecrets(_not_secrets(path, f"it is {_kind(mode)}"))
    if info.st_size > MAX_SECRETS_SIZE:
        raise InvalidSecrets(_not_secrets(path, f"it is {_size(info.st_size)}"))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_secrets(path: Path, why: str) -> str:
    return f"{path} is not a client secrets file: {why}; Google's are under 2 KB"


def _size(size: int) -> str:
    """A file size for people: "76 MB", "65 KB", "900 bytes"."""
    units = ["bytes", "KB", "MB", "GB", "TB"]
    amount = float(size)
    while amount >= 1024 and len(units) > 1:
        amount /= 1024
        units.pop(0)
    return f"{amount:.0f} {units[0]}"
