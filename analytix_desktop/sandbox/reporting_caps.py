"""Keep split parts within their limits (clicks within impressions, engaged views within views)."""

from __future__ import annotations

import numpy as np

__all__ = ["within_limits"]


def within_limits(parts: np.ndarray, limits: np.ndarray) -> np.ndarray:
    """``parts`` (rows, n) with each part above its limit moved to parts of its row with room.

    Row totals stay as they were, so the parts still add up to what was split; a row whose
    total exceeds its limits' total keeps the rest on its roomiest part.
    """
    out = np.minimum(parts, limits)
    excess = (parts - out).sum(axis=-1)
    for row in np.nonzero(excess)[0]:
        room = limits[row] - out[row]
        left = int(excess[row])
        for k in np.argsort(-room, kind="stable"):
            move = min(left, int(room[k]))
            out[row, k] += move
            left -= move
            if not left:
                break
        out[row, int(np.argmax(limits[row]))] += left
    return np.asarray(out)
