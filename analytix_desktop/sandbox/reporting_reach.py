"""Thumbnail impressions and clicks per video and day: the reach reports' numbers.

Clicks (views from impressions) are a share of the video's views that day from thumbnail
surfaces; impressions follow from a click-through rate of a few per cent (Shorts lower,
higher in a video's first days). The combined report splits each video's impressions and
clicks, in whole numbers, among traffic sources and device/OS pairs, so they add up to the
basic report's exactly; each row's rate is ``clicks / impressions``, printed to round-trip.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date

import numpy as np

from .apportion import split
from .cube import ChannelCube
from .families import Mix
from .reporting_caps import within_limits
from .reporting_video_day import video_day

__all__ = ["VideoReach", "reach_basic_rows", "reach_combined_rows", "video_reach"]

# Thumbnail surfaces (traffic_source_type code: share of impressions, CTR relative to the
# video's), for long-form videos and for Shorts.
_SOURCES: dict[bool, dict[int, tuple[float, float]]] = {
    False: {3: (30, 1.0), 7: (34, 0.8), 5: (14, 1.6), 4: (5, 1.4), 8: (4, 0.9), 14: (4, 1.2),
            17: (6, 2.0), 24: (3, 0.5)},
    True: {24: (62, 0.8), 3: (12, 1.0), 5: (7, 1.5), 4: (7, 1.3), 7: (8, 0.9), 8: (4, 0.9)},
}  # fmt: skip
_DEVICE_CODES = {"UNKNOWN_PLATFORM": 100, "DESKTOP": 101, "TV": 102, "GAME_CONSOLE": 103,
                 "MOBILE": 104, "TABLET": 105}  # fmt: skip
_OS_CODES = {"OTHER": 1, "WINDOWS": 2, "WINDOWS_MOBILE": 3, "ANDROID": 4, "IOS": 5,
             "MACINTOSH": 9, "LINUX": 13, "SMART_TV": 19, "CHROMECAST": 21,
             "TIZEN": 22}  # fmt: skip
_MAX_ROWS = 24  # combined rows per video and day, at most


def _stable(*parts: object) -> int:
    return zlib.crc32("/".join(map(str, parts)).encode())


def _unit(*parts: object) -> float:
    """A stable number in [0, 1) per key."""
    return _stable(*parts) / 2**32


@dataclass(frozen=True)
class VideoReach:
    """The videos (cube indices) with impressions on a day, their impressions and clicks."""

    videos: np.ndarray
    impressions: np.ndarray
    clicks: np.ndarray


def video_reach(cube: ChannelCube, day: date) -> VideoReach:
    """Each video's impressions and clicks on ``day`` (only videos with impressions)."""
    views = video_day(cube, day, ())["views"]
    videos = np.nonzero(views > 0)[0]
    catalog = cube.catalog.videos
    shorts = np.array([catalog[i].content_type == "SHORTS" for i in videos], dtype=bool)
    base = np.array([_unit("ctr", cube.seed, catalog[i].id) for i in videos])
    base = np.where(shorts, 0.012 + 0.03 * base, 0.03 + 0.065 * base)
    age = np.array([(day - catalog[i].day).days for i in videos], dtype=float)
    rng = np.random.default_rng(_stable("reach", cube.seed, cube.channel.id, day))
    noise = rng.lognormal(0.0, 0.12, len(videos))
    ctr = np.clip(base * (1.0 + 0.6 * np.exp(-age / 4.0)) * noise, 0.004, 0.3)
    # The share of the day's views that came from a clicked thumbnail.
    share = np.where(shorts, 0.3, 0.38) + 0.25 * rng.random(len(videos))
    wanted = views[videos] * share
    impressions = np.floor(wanted / ctr + 0.5).astype(np.int64)
    clicks = np.minimum(np.floor(impressions * ctr + 0.5).astype(np.int64), views[videos])
    seen = impressions > 0
    return VideoReach(videos[seen], impressions[seen], clicks[seen])


def reach_basic_rows(cube: ChannelCube, day: date) -> list[str]:
    """``channel_reach_basic_a1`` rows after date and channel: one per video."""
    reach = video_reach(cube, day)
    ids = cube.videos.ids
    return [
        f"{ids[v]},{int(i)},{_ctr(int(c), int(i))}"
        for v, i, c in zip(reach.videos, reach.impressions, reach.clicks, strict=True)
    ]


def _ctr(clicks: int, impressions: int) -> str:
    return repr(clicks / impressions) if clicks else "0.0"


def _platforms(mix: Mix, day_number: float) -> tuple[list[tuple[int, int]], np.ndarray]:
    """(operating system, device type) code pairs and their shares of the day."""
    days = np.array([day_number])
    devices = mix["deviceType"]
    systems = mix["operatingSystem"]
    device_shares = mix.weights(devices, days, "views")[0]
    system_shares = mix.weights(systems, days, "views")[0]  # (devices, systems)
    shares: dict[tuple[int, int], float] = {}
    for d, device in enumerate(devices.values):
        for s, system in enumerate(systems.values):
            weight = device_shares[d] * system_shares[d, s]
            if weight > 0:
                key = (_OS_CODES.get(system, 1), _DEVICE_CODES[device])
                shares[key] = shares.get(key, 0.0) + weight
    pairs = sorted(shares)
    return pairs, np.array([shares[p] for p in pairs])


def reach_combined_rows(cube: ChannelCube, mix: Mix, day: date) -> list[str]:
    """``channel_reach_combined_a1`` rows after date and channel: each video's impressions
    and clicks split by traffic source, operating system and device type."""
    reach = video_reach(cube, day)
    if not len(reach.videos):
        return []
    pairs, pair_shares = _platforms(mix, float(cube.day_index(day)))
    codes = sorted({code for table in _SOURCES.values() for code in table})
    shorts = np.array([cube.videos.kinds[v] == "SHORTS" for v in reach.videos])
    share, lift = (
        np.where(
            shorts[:, None],
            np.array([_SOURCES[True].get(c, (0.0, 0.0))[column] for c in codes])[None, :],
            np.array([_SOURCES[False].get(c, (0.0, 0.0))[column] for c in codes])[None, :],
        )
        for column in (0, 1)
    )
    # (videos, source × platform) candidate rows, then a weighted draw of each video's
    # rows (Gumbel top-k): more rows for more impressions.
    weights = (share[:, :, None] * pair_shares[None, None, :]).reshape(len(shorts), -1)
    lifts = np.repeat(lift, len(pairs), axis=1)
    rng = np.random.default_rng(_stable("reach-combined", cube.seed, cube.channel.id, day))
    with np.errstate(divide="ignore"):
        keys = np.log(weights) - np.log(-np.log(rng.random(weights.shape)))
    count = np.clip(2 * np.log2(1.0 + reach.impressions / 10.0), 1, _MAX_ROWS).astype(int)
    ranks = np.argsort(np.argsort(-keys, axis=1), axis=1)
    chosen = (ranks < count[:, None]) & (weights > 0)
    parts = split(reach.impressions, np.where(chosen, weights, 0.0))
    hits = split(reach.clicks, weights * lifts * (parts > 0))
    hits = within_limits(hits, parts)
    ids = cube.videos.ids
    labels = [f"{code},,{system},{device}" for code in codes for system, device in pairs]
    return [
        f"{ids[reach.videos[row]]},{labels[k]},{parts[row, k]},"
        f"{_ctr(int(hits[row, k]), int(parts[row, k]))}"
        for row, k in zip(*np.nonzero(parts), strict=True)
    ]
