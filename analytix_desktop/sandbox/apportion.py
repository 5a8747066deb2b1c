"""Exact integer apportionment: split whole numbers by weights so the parts add up.

Cumulative rounding: part i of a total T is ``round(T * C_i) - round(T * C_(i-1))`` where
``C`` are the cumulative shares. The parts telescope back to exactly T, none is negative,
each is within one of its exact quota (as with largest-remainder), and picking one part
needs no sort, which keeps filtered queries over many days cheap.
"""

from __future__ import annotations

import numpy as np

__all__ = ["split", "split_among"]

# The least weight of an allowed position, so that a positive total never falls on a
# position that is not allowed just because every allowed weight is zero.
_FLOOR = 1e-12


def split(totals: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Split integer ``totals`` (shape S) by ``weights`` (broadcastable to S + (n,)).

    Returns int64 parts of shape S + (n,) whose sum over the last axis equals ``totals``.
    Where all weights are zero the total is spread evenly.
    """
    n = weights.shape[-1]
    shape = (*totals.shape, n)
    cumulative = np.cumsum(np.broadcast_to(weights, shape), axis=-1, dtype=np.float64)
    whole = cumulative[..., -1:]
    even = np.arange(1, n + 1, dtype=np.float64) / n
    shares = np.where(whole > 0, cumulative / np.where(whole > 0, whole, 1.0), even)
    shares[..., -1] = 1.0
    bounds = np.floor(totals[..., None].astype(np.float64) * shares + 0.5)
    return np.diff(bounds, axis=-1, prepend=0.0).astype(np.int64)


def split_among(totals: np.ndarray, weights: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """Split like :func:`split`, but only among the positions where ``allowed`` is true.

    Used to give nothing (likes, watch time...) to the parts that have no views.
    """
    return split(totals, np.where(allowed, np.maximum(weights, _FLOOR), 0.0))
