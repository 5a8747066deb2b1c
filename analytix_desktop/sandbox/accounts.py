"""The synthetic Google users of the sandbox and the channels they own."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = ["ChannelIdentity", "User", "demo_accounts"]

_ID_ALPHABET = string.ascii_letters + string.digits + "-_"


@dataclass(frozen=True)
class ChannelIdentity:
    """What the Data API says of a channel (``channels.list`` snippet)."""

    id: str
    title: str
    custom_url: str
    description: str
    published_at: datetime
    country: str
    monetised: bool


@dataclass(frozen=True)
class User:
    """A Google account; ``channel_ids`` are its personal and Brand-Account channels."""

    sub: str
    email: str
    name: str
    given_name: str
    family_name: str
    picture: str
    channel_ids: tuple[str, ...]


# (title, handle, country, monetised, creation year) of each channel, per owner.
_OWNERS = (
    (
        ("Alex", "Rivera"),
        (
            ("Alex Rivera", "@alexrivera", "US", False, 2014),
            ("Northern Lights Kitchen", "@northernlightskitchen", "CA", True, 2016),
            ("Pixel Garden Studio", "@pixelgarden", "GB", False, 2019),
        ),
    ),
    (
        ("Sam", "Okafor"),
        (("Trail and Tide", "@trailandtide", "AU", False, 2018),),
    ),
)


def _channel_id(rng: random.Random) -> str:
    return "UC" + "".join(rng.choice(_ID_ALPHABET) for _ in range(22))


def demo_accounts(seed: int) -> tuple[list[User], dict[str, ChannelIdentity]]:
    """The users and channels for ``seed``: same seed, same ids."""
    rng = random.Random(f"accounts-{seed}")
    users: list[User] = []
    channels: dict[str, ChannelIdentity] = {}
    for (given, family), owned in _OWNERS:
        ids = []
        for title, handle, country, monetised, year in owned:
            channel = ChannelIdentity(
                id=_channel_id(rng),
                title=title,
                custom_url=handle,
                description=f"{title}: a synthetic channel of the analytix-desktop sandbox.",
                published_at=datetime(
                    year, 1 + rng.randrange(12), 1 + rng.randrange(28), tzinfo=UTC
                ),
                country=country,
                monetised=monetised,
            )
            channels[channel.id] = channel
            ids.append(channel.id)
        sub = "".join(rng.choice(string.digits) for _ in range(21))
        users.append(
            User(
                sub=sub,
                email=f"{given.lower()}.{family.lower()}@example.com",
                name=f"{given} {family}",
                given_name=given,
                family_name=family,
                picture=f"/sandbox/avatars/{sub}.png",
                channel_ids=tuple(ids),
            )
        )
    return users, channels
