"""Deterministic synthetic channels: their videos and playlists (cheap, built eagerly).

The metric arrays behind the reports live in :mod:`.cube`; this module only draws what a
channel *is*: ids, titles, upload dates, durations.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from .accounts import ChannelIdentity
from .titles import TitleMaker

__all__ = ["Catalog", "Playlist", "Video", "build_catalog"]

_ID_ALPHABET = string.ascii_letters + string.digits + "-_"

# Per channel title: (videos a year, Shorts share, live share, subject words, tags).
_THEMES = {
    "Alex Rivera": (
        22,
        0.25,
        0.08,
        ("Vlog", "Travel Diary", "Q&A", "Day in My Life", "Gear Review"),
    ),
    "Northern Lights Kitchen": (
        30,
        0.3,
        0.05,
        ("Sourdough", "Ramen", "Weeknight Pasta", "Cast Iron", "Fermentation"),
    ),
    "Pixel Garden Studio": (
        18,
        0.2,
        0.15,
        ("Pixel Art", "Game Jam", "Shader Tricks", "Devlog", "Level Design"),
    ),
    "Trail and Tide": (20, 0.3, 0.04, ("Coastal Hike", "Tide Pools", "Wild Camp", "Kayak", "Gear")),
}
_FALLBACK_THEME = (20, 0.25, 0.05, ("Episode", "Special", "Behind the Scenes", "Update", "Review"))
# Long-form videos: a share of the on-demand uploads runs half an hour to over an hour.
_LONG_FORM_SHARE = 0.12


@dataclass(frozen=True)
class Video:
    """One uploaded video as the Data API describes it."""

    id: str
    title: str
    description: str
    published_at: datetime
    duration: int  # seconds
    content_type: str  # creatorContentType: VIDEO_ON_DEMAND, SHORTS or LIVE_STREAM
    quality: float  # popularity multiplier drawn once
    has_cards: bool
    tags: tuple[str, ...]

    @property
    def day(self) -> date:
        return self.published_at.date()


@dataclass(frozen=True)
class Playlist:
    """A channel playlist: an ordered list of the channel's videos."""

    id: str
    title: str
    description: str
    published_at: datetime
    video_ids: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    """A channel's identity, videos (oldest first) and playlists."""

    channel: ChannelIdentity
    videos: tuple[Video, ...]
    playlists: tuple[Playlist, ...]

    @property
    def uploads_playlist_id(self) -> str:
        return "UU" + self.channel.id[2:]

    def video(self, video_id: str) -> Video | None:
        return next((v for v in self.videos if v.id == video_id), None)

    def playlist(self, playlist_id: str) -> Playlist | None:
        return next((p for p in self.playlists if p.id == playlist_id), None)


def _draw_id(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(_ID_ALPHABET) for _ in range(length))


def _videos(rng: random.Random, channel: ChannelIdentity, titles: TitleMaker) -> tuple[Video, ...]:
    per_year, shorts, live, words = _THEMES.get(channel.title, _FALLBACK_THEME)
    start = channel.published_at + timedelta(days=10 + rng.randrange(30))
    newest = datetime.now(UTC) - timedelta(days=1)
    videos: list[Video] = []
    moment = start
    while moment < newest:
        shorts_era = moment.year >= 2021
        roll = rng.random()
        long_form = False
        if shorts_era and roll < shorts:
            kind, duration = "SHORTS", rng.randrange(12, 60)
        elif roll > 1 - live:
            kind, duration = "LIVE_STREAM", rng.randrange(2700, 10800)
        elif rng.random() < _LONG_FORM_SHARE:
            kind, duration, long_form = "VIDEO_ON_DEMAND", rng.randrange(1800, 4500), True
        else:
            kind, duration = "VIDEO_ON_DEMAND", int(rng.lognormvariate(6.4, 0.55))
        word = rng.choice(words)
        title = titles.title(word, kind, long_form)
        videos.append(
            Video(
                id=_draw_id(rng, 11),
                title=title,
                description=f"{title}\n\nA synthetic video of {channel.title} (sandbox data).",
                published_at=moment.replace(microsecond=0),
                duration=max(duration, 8),
                content_type=kind,
                quality=rng.lognormvariate(0.0, 0.8),
                has_cards=kind == "VIDEO_ON_DEMAND" and rng.random() < 0.4,
                tags=(word.lower(), channel.title.lower()),
            )
        )
        moment += timedelta(days=rng.expovariate(per_year / 365.0), hours=rng.randrange(24))
    return tuple(videos)


def _playlists(rng: random.Random, videos: tuple[Video, ...]) -> tuple[Playlist, ...]:
    words = sorted({v.tags[0] for v in videos})
    lists: list[Playlist] = []
    for word in words:
        members = [v for v in videos if v.tags[0] == word and v.content_type != "SHORTS"]
        if len(members) < 2:
            continue
        lists.append(
            Playlist(
                id="PL" + _draw_id(rng, 32),
                title=f"All about {word}",
                description=f"Every {word} video, oldest first.",
                published_at=members[0].published_at + timedelta(hours=2),
                video_ids=tuple(v.id for v in members),
            )
        )
    shorts = [v.id for v in videos if v.content_type == "SHORTS"]
    if shorts:
        lists.append(
            Playlist(
                id="PL" + _draw_id(rng, 32),
                title="Shorts",
                description="Every Short.",
                published_at=videos[0].published_at + timedelta(days=1),
                video_ids=tuple(shorts),
            )
        )
    return tuple(lists)


def build_catalog(seed: int, channel: ChannelIdentity) -> Catalog:
    """The channel's videos and playlists: same seed and channel, same catalog."""
    rng = random.Random(f"catalog-{seed}-{channel.id}")
    videos = _videos(rng, channel, TitleMaker(seed, channel.id, channel.title))
    return Catalog(channel, videos, _playlists(rng, videos))
