"""OAuth clients registered with the sandbox, as in a Cloud project."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_CLIENT", "OAuthClient"]


@dataclass(frozen=True)
class OAuthClient:
    """An OAuth client registered with the sandbox, as in a Cloud project."""

    client_id: str
    client_secret: str
    type: str = "installed"
    redirect_uris: tuple[str, ...] = ("http://localhost",)


DEFAULT_CLIENT = OAuthClient(
    "100000000001-sandbox.apps.googleusercontent.com", "GOCSPX-sandbox-desktop-secret"
)
