"""Daily report rows summed up into weeks or months, each metric by its own rule.

Sums are summed; averages are weighted by what they average over (views); ratios are
recomputed from their summed parts. A metric whose rule needs a column the report lacks
(or that has no rule: a peak, a share of viewers) cannot be aggregated correctly and is
not offered at week or month granularity. Creators' metrics (``core.derived``) are
their formula of the period's summed inputs. Weeks are ISO weeks, Monday to Sunday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from analytix_desktop.api.catalogue import METRICS
from analytix_desktop.core.derived import DERIVED, evaluate

__all__ = [
    "GRANULARITIES",
    "RULES",
    "Granularity",
    "Period",
    "Rule",
    "aggregate",
    "periods",
    "unavailable_reason",
]

Granularity = Literal["day", "week", "month"]
GRANULARITIES: tuple[Granularity, ...] = ("day", "week", "month")
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True)
class Rule:
    """How the daily values of a non-additive metric make one period's value.

    ``weighted``: the mean of the daily values weighted by ``parts[0]``;
    ``ratio``: sum(``parts[0]``) / sum(``parts[1]``) * ``scale``.
    """

    kind: Literal["weighted", "ratio"]
    parts: tuple[str, ...]
    scale: float = 1.0


RULES: Mapping[str, Rule] = {
    "averageViewDuration": Rule("ratio", ("estimatedMinutesWatched", "views"), 60.0),
    "averageViewPercentage": Rule("weighted", ("views",)),
    "cpm": Rule("ratio", ("grossRevenue", "adImpressions"), 1000.0),
    "playbackBasedCpm": Rule("ratio", ("grossRevenue", "monetizedPlaybacks"), 1000.0),
    "cardClickRate": Rule("ratio", ("cardClicks", "cardImpressions")),
    "cardTeaserClickRate": Rule("ratio", ("cardTeaserClicks", "cardTeaserImpressions")),
    "annotationClickThroughRate": Rule(
        "ratio", ("annotationClicks", "annotationClickableImpressions")
    ),
    "annotationCloseRate": Rule("ratio", ("annotationCloses", "annotationClosableImpressions")),
    "playlistAverageViewDuration": Rule(
        "ratio", ("playlistEstimatedMinutesWatched", "playlistViews"), 60.0
    ),
    "viewsPerPlaylistStart": Rule("ratio", ("playlistViews", "playlistStarts")),
}
"""The non-additive metrics that can be aggregated; additive ones (the catalogue's) are summed."""


def _title(name: str) -> str:
    metric = METRICS.get(name) or DERIVED.get(name)
    return metric.title if metric is not None else name


def _parts(metric: str) -> tuple[str, ...] | None:
    """The columns a period's value of ``metric`` is worked out from (None: no rule)."""
    rule = RULES.get(metric)
    if rule is not None:
        return rule.parts
    derived = DERIVED.get(metric)
    return derived.inputs if derived is not None else None


def unavailable_reason(metric: str, columns: Collection[str]) -> str:
    """Why ``metric`` cannot be aggregated from a report of ``columns`` ("" when it can)."""
    known = METRICS.get(metric)
    if known is not None and known.additive:
        return ""
    parts = _parts(metric)
    if parts is None:
        return f"{_title(metric)} cannot be worked out for a week or month from daily values."
    missing = [part for part in parts if part not in columns]
    if not missing:
        return ""
    names = " and ".join(_title(part) for part in missing)
    return f"{_title(metric)} of a week or month needs {names} in the report."


@dataclass(frozen=True)
class Period:
    """A week or month (or day) of a report; ``partial`` when the report covers only part."""

    start: dt.date
    end: dt.date  # the last day
    partial: bool


def _period(day: dt.date, granularity: Granularity) -> tuple[dt.date, dt.date]:
    if granularity == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if granularity == "month":
        start = day.replace(day=1)
        following = (start + dt.timedelta(days=31)).replace(day=1)
        return start, following - dt.timedelta(days=1)
    return day, day


def periods(days: Sequence[dt.date], granularity: Granularity) -> tuple[list[Period], IntArray]:
    """The periods of sorted unique ``days`` (in order) and, per day, its period's index.

    The first and last periods are partial when the days do not reach their edges.
    """
    found: list[Period] = []
    index = np.empty(len(days), dtype=np.intp)
    for number, day in enumerate(days):
        start, end = _period(day, granularity)
        if not found or found[-1].start != start:
            found.append(Period(start, end, False))
        index[number] = len(found) - 1
    if found:
        first, last = found[0], found[-1]
        found[0] = Period(first.start, first.end, days[0] > first.start)
        last = found[-1]
        found[-1] = Period(last.start, last.end, last.partial or days[-1] < last.end)
    return found, index


def _sums(groups: IntArray, count: int, values: FloatArray) -> FloatArray:
    sums = np.bincount(groups, weights=np.nan_to_num(values), minlength=count)
    return np.asarray(sums, dtype=np.float64)


def _derived(
    name: str, groups: IntArray, count: int, columns: Mapping[str, FloatArray]
) -> FloatArray:
    """Creators' metric ``name`` per group: its formula of the group's summed inputs."""
    sums = {part: _sums(groups, count, columns[part]) for part in DERIVED[name].inputs}
    values = [evaluate(name, {part: float(s[g]) for part, s in sums.items()}) for g in range(count)]
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def aggregate(
    groups: IntArray, count: int, columns: Mapping[str, FloatArray], metrics: Sequence[str]
) -> dict[str, FloatArray]:
    """Per group (``count`` of them; ``groups`` gives each row's), the value of each of
    ``metrics`` from the rows' ``columns``. A ratio over nothing is NaN.

    Raises ValueError for a metric that :func:`unavailable_reason` refuses.
    """
    result: dict[str, FloatArray] = {}
    for name in metrics:
        reason = unavailable_reason(name, columns)
        if reason:
            raise ValueError(reason)
        if name in DERIVED:
            result[name] = _derived(name, groups, count, columns)
            continue
        rule = RULES.get(name)
        values = columns[name]
        if rule is None:
            result[name] = _sums(groups, count, values)
            continue
        if rule.kind == "weighted":
            weights: FloatArray = np.where(
                np.isfinite(values), np.nan_to_num(columns[rule.parts[0]]), 0.0
            )
            numerator = _sums(groups, count, np.nan_to_num(values) * weights)
            denominator = _sums(groups, count, weights)
        else:
            numerator = _sums(groups, count, columns[rule.parts[0]]) * rule.scale
            denominator = _sums(groups, count, columns[rule.parts[1]])
        with np.errstate(divide="ignore", invalid="ignore"):
            result[name] = np.where(denominator != 0, numerator / denominator, np.nan)
    return result
