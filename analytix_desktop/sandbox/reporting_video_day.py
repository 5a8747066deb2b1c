"""Each video's own numbers on one day: the Analytics API's answer for that video alone."""

from __future__ import annotations

from datetime import date

import numpy as np

from .cube import ChannelCube

__all__ = ["video_day"]


def video_day(cube: ChannelCube, day: date, metrics: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Each video's own numbers on ``day``: what the Analytics API says for it alone.

    The engine's cells for ``filters=video==ID``: the day's channel totals split into the
    videos' integer parts, views first, the rest only among the videos with views.
    """
    index = cube.day_index(day)
    table = cube.videos
    if not 0 <= index < cube.days:
        return {m: np.zeros(len(table.ids), np.int64) for m in ("views", *metrics)}
    span = slice(index, index + 1)
    views = table.own_parts("views", span, None)
    viewed = views > 0
    out = {"views": views[0]}
    for metric in metrics:
        if metric != "views":
            out[metric] = table.own_parts(metric, span, viewed)[0]
    return out
