"""What the GUI knows of one connected channel, shared by the builder and report panes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = ["LIVE_CHECKED_UPLOADS", "ChannelContext", "NamedItem"]

LIVE_CHECKED_UPLOADS = 500
"""How many of the newest uploads are asked whether they were live streams: 10 requests
of 50 ids, so that a big channel costs no more quota or waiting than that."""


@dataclass(frozen=True)
class NamedItem:
    """A video, playlist or group of the channel, for pickers and readable tables."""

    id: str
    title: str
    kind: str = "video"  # "video", "playlist", or a group's item type
    published: dt.date | None = None
    """When it was published: tells apart two videos of the same title."""
    thumbnail_url: str = ""
    thumbnail: bytes = b""
    """The thumbnail's image file (downloaded and read on a worker), b"" until then."""
    live: bool = False
    """Whether the video was a live stream (known for the newest ``LIVE_CHECKED_UPLOADS``)."""


@dataclass
class ChannelContext:
    """A channel with the names of its own videos, playlists and groups (filled in off-thread)."""

    channel_id: str
    title: str
    thumbnail_path: str | None = None
    scopes: frozenset[str] = frozenset()
    videos: dict[str, NamedItem] = field(default_factory=dict)
    playlists: dict[str, NamedItem] = field(default_factory=dict)
    groups: dict[str, NamedItem] = field(default_factory=dict)
    created: dt.date | None = None
    """The day the channel was created: "Lifetime" starts there."""
    monetised: bool | None = None
    """False once Google refused revenue metrics for want of the Partner Program; None
    until then (no API tells it beforehand)."""

    @property
    def monetary(self) -> bool:
        """Whether the monetary scope was granted (revenue metrics can be asked for)."""
        return "https://www.googleapis.com/auth/yt-analytics-monetary.readonly" in self.scopes

    @property
    def revenue_available(self) -> bool:
        """Whether revenue metrics can be fetched: the scope, and not known unmonetised."""
        return self.monetary and self.monetised is not False

    @property
    def group_types(self) -> dict[str, str]:
        """Each group's item type by id, which decides its report family."""
        return {group_id: item.kind for group_id, item in self.groups.items()}

    @property
    def live_streams(self) -> list[NamedItem]:
        """The uploads that were live streams, newest first."""
        return [video for video in self.videos.values() if video.live]

    def name_of(self, dimension: str, value: str) -> str | None:
        """A human name for a video, playlist or group id, when known."""
        table = {"video": self.videos, "playlist": self.playlists, "group": self.groups}.get(
            dimension
        )
        item = table.get(value) if table is not None else None
        return item.title if item is not None else None
