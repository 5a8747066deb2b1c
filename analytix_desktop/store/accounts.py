"""A connected channel as the app remembers it (no tokens: they live in the keyring)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Account"]


@dataclass(frozen=True)
class Account:
    """A connected channel, as the settings remember it."""

    channel_id: str
    title: str
    thumbnail_path: str | None = None
    scopes: tuple[str, ...] = ()
    custom_url: str = ""

    @classmethod
    def from_dict(cls, data: Any) -> Account:
        if not isinstance(data, dict) or not isinstance(data.get("channel_id"), str):
            raise ValueError("an account needs a channel_id")
        thumbnail = data.get("thumbnail_path")
        scopes = data.get("scopes", [])
        if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
            raise ValueError("scopes must be a list of strings")
        return cls(
            channel_id=data["channel_id"],
            title=str(data.get("title") or data["channel_id"]),
            thumbnail_path=thumbnail if isinstance(thumbnail, str) else None,
            scopes=tuple(scopes),
            custom_url=str(data.get("custom_url", "")),
        )
