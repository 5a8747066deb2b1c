"""Turn evaluated cells into report columns: time grouping, rows, derived metrics."""

from __future__ import annotations

import zlib
from collections.abc import Callable

import numpy as np

from .cube import MICROS
from .engine import Evaluation

__all__ = ["BASES", "Columns", "base_metrics", "columns", "rate"]

Columns = dict[str, list[object]]

# What each non-additive metric is derived from.
BASES: dict[str, tuple[str, ...]] = {
    "averageViewDuration": ("estimatedMinutesWatched", "views"),
    "averageViewPercentage": ("estimatedMinutesWatched", "_lengthMinutes"),
    "annotationClickThroughRate": ("annotationClicks", "annotationClickableImpressions"),
    "annotationCloseRate": ("annotationCloses", "annotationClosableImpressions"),
    "cardClickRate": ("cardClicks", "cardImpressions"),
    "cardTeaserClickRate": ("cardTeaserClicks", "cardTeaserImpressions"),
    "playbackBasedCpm": ("grossRevenue", "monetizedPlaybacks"),
    "cpm": ("grossRevenue", "adImpressions"),
    "viewerPercentage": ("views",),
    "averageTimeInPlaylist": ("playlistEstimatedMinutesWatched", "playlistStarts"),
    "playlistAverageViewDuration": ("playlistEstimatedMinutesWatched", "playlistViews"),
    "viewsPerPlaylistStart": ("playlistViews", "playlistStarts"),
}
# Rough rates against the US dollar; codes not listed get a stable made-up rate.
_RATES = {"USD": 1.0, "EUR": 0.92, "GBP": 0.79, "CAD": 1.36, "AUD": 1.52, "JPY": 151.0,
          "INR": 83.3, "CHF": 0.9, "SEK": 10.6, "BRL": 5.1, "MXN": 17.1, "KRW": 1340.0}  # fmt: skip


def rate(currency: str) -> float:
    """US dollars to ``currency``."""
    if currency in _RATES:
        return _RATES[currency]
    return 0.5 + (zlib.crc32(currency.encode()) % 2000) / 100.0


def base_metrics(metrics: tuple[str, ...]) -> tuple[str, ...]:
    """The additive cube metrics needed to answer ``metrics``."""
    needed: list[str] = []
    for metric in metrics:
        for base in BASES.get(metric, (metric,)):
            if base not in needed:
                needed.append(base)
    return tuple(needed)


def _ratio(top: np.ndarray, bottom: np.ndarray, scale: float = 1.0) -> np.ndarray:
    safe = np.where(bottom > 0, bottom, 1)
    return np.asarray(np.where(bottom > 0, top * scale / safe, 0.0))


def _derive(name: str, cells: dict[str, np.ndarray], money: float) -> np.ndarray:
    """One metric's column from the summed base cells of each row."""
    if name in MICROS:
        return np.round(cells[name] * (money / 1e6), 6)
    if name in BASES:
        args = [cells[b].astype(np.float64) for b in BASES[name]]
        formulas: dict[str, Callable[[], np.ndarray]] = {
            "averageViewDuration": lambda: np.rint(_ratio(args[0], args[1], 60.0)),
            "averageViewPercentage": lambda: np.round(_ratio(args[0], args[1], 100.0), 2),
            "playbackBasedCpm": lambda: np.round(_ratio(args[0], args[1], money / 1e3), 3),
            "cpm": lambda: np.round(_ratio(args[0], args[1], money / 1e3), 3),
            "viewerPercentage": lambda: np.round(100.0 * args[0] / max(args[0].sum(), 1.0), 3),
            "playlistAverageViewDuration": lambda: np.rint(_ratio(args[0], args[1], 60.0)),
        }
        formula = formulas.get(name, lambda: np.round(_ratio(args[0], args[1]), 4))
        return formula()
    return cells[name]


def _group_time(
    evaluation: Evaluation, time: str | None
) -> tuple[list[str], dict[str, np.ndarray]]:
    days = evaluation.days
    if time is None:
        return [], {m: c.sum(axis=0) for m, c in evaluation.cells.items()}
    if time == "day":
        return [d.isoformat() for d in days], dict(evaluation.cells)
    labels: list[str] = []
    starts: list[int] = []
    for i, day in enumerate(days):
        label = f"{day.year:04d}-{day.month:02d}"
        if not labels or labels[-1] != label:
            labels.append(label)
            starts.append(i)
    if not starts:
        return [], {m: c[:0] for m, c in evaluation.cells.items()}
    return labels, {m: np.add.reduceat(c, starts, axis=0) for m, c in evaluation.cells.items()}


def columns(
    evaluation: Evaluation,
    dimensions: tuple[str, ...],
    metrics: tuple[str, ...],
    *,
    currency: str = "USD",
    keep_zero_rows: bool = False,
) -> Columns:
    """Report columns (dimension labels and metric values), one entry per row."""
    time = next((d for d in dimensions if d in ("day", "month")), None)
    time_labels, cells = _group_time(evaluation, time)
    axes = evaluation.axes
    shape: list[int] = ([len(time_labels)] if time else []) + [len(a.labels) for a in axes]
    flat = {m: c.reshape(-1) for m, c in cells.items()}
    count = int(np.prod(shape)) if shape else 1
    keep = np.ones(count, dtype=bool)
    if axes and not keep_zero_rows and flat:
        keep = np.any(np.stack([v != 0 for v in flat.values()]), axis=0)
    picked = {m: v[keep] for m, v in flat.items()}
    positions = np.unravel_index(np.nonzero(keep)[0], shape) if shape else ()
    out: Columns = {}
    offset = 0
    if time:
        out[time] = [time_labels[i] for i in positions[0]]
        offset = 1
    for k, axis in enumerate(axes):
        for j, name in enumerate(axis.names):
            out[name] = [axis.labels[i][j] for i in positions[offset + k]]
    money = rate(currency)
    for metric in metrics:
        out[metric] = _derive(metric, picked, money).tolist()
    return out
