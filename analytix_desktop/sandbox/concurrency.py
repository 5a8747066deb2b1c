"""Concurrent viewers of a live stream, minute by minute.

The numbers follow from the stream's live watch time: the minutes watched while it was
live, spread over the minutes of the stream, are each minute's average concurrent viewers,
so the per-minute averages add up to the live watch time of the day it was streamed.
Viewers arrive during the first minutes, drift away towards the end, and crowd in around
a couple of highlights; a minute's peak is a little above its average.
"""

from __future__ import annotations

import zlib

import numpy as np

from .apportion import split
from .catalog import Video
from .results import Columns

__all__ = ["concurrency"]


def concurrency(video: Video, live_minutes: int, *, per_minute: bool) -> Columns:
    """The report columns for ``video``, streamed live with ``live_minutes`` watched.

    ``per_minute`` gives one row per minute (``livestreamPosition`` from 0), otherwise a
    single row for the whole stream.
    """
    length = max(video.duration // 60, 1)
    rng = np.random.default_rng(zlib.crc32(f"concurrency/{video.id}".encode()))
    minute = np.arange(length, dtype=float)
    arrival = 1.0 - np.exp(-(minute + 1.0) / rng.uniform(3.0, 9.0))
    leaving = 1.0 - rng.uniform(0.2, 0.5) * (minute / length) ** 2
    highlights = np.ones(length)
    for at in rng.integers(0, length, 2):
        highlights += rng.uniform(0.05, 0.25) * np.exp(-(((minute - at) / 3.0) ** 2))
    shape = arrival * leaving * highlights * rng.lognormal(0.0, 0.05, length)
    average = split(np.array(live_minutes, dtype=np.int64), shape)
    peak = average + np.ceil(average * rng.uniform(0.03, 0.15, length)).astype(np.int64)
    if per_minute:
        return {
            "livestreamPosition": list(range(length)),
            "averageConcurrentViewers": average.tolist(),
            "peakConcurrentViewers": peak.tolist(),
        }
    return {
        "averageConcurrentViewers": [round(live_minutes / length)],
        "peakConcurrentViewers": [int(peak.max())],
    }
