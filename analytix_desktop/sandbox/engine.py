"""Evaluate a report over a channel's cube: exact integer breakdowns of additive metrics.

Every query is computed per day. Filtered entities (videos or playlists) are picked first,
then every filtered family (in a fixed order) has its selected values picked, then every
other breakdown family is split into a new axis, and last the entities, when asked for.
Filtered entities are carried as an axis of their own through the family splits, so that
each one's rows are exactly its own report's (as Google's are), and summed when the query
does not break them down. Because each split is exact, a breakdown always adds up to the
total of the same query without that dimension, and days and months add up to the period.
Views are split first and every other metric only among the parts that got views (so no row
has watch time, likes or revenue without views); views are computed for that even when the
query omits them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from .apportion import split, split_among
from .cube import ChannelCube, EntityTable
from .families import FAMILY_ORDER, Family, Mix, profile_of

__all__ = ["Axis", "Evaluation", "Selection", "evaluate"]

ENTITY_DIMENSIONS = ("video", "playlist", "creatorContentType")
# The name of the axis of filtered entities while the families are split (never reported).
_ENTITY_AXIS = "_entity"


@dataclass
class Selection:
    """What to compute: the entity set, family filters, breakdown dimensions, metrics."""

    start: date
    end: date
    metrics: tuple[str, ...]  # additive base metrics of the cube
    dimensions: tuple[str, ...] = ()
    families: dict[str, tuple[str, ...]] = field(default_factory=dict)  # filter values
    entities: tuple[str, ...] | None = None  # video/playlist ids; None = all
    playlists: bool = False


@dataclass
class Axis:
    """One breakdown axis: the dimension names it fills and one label tuple per position."""

    names: tuple[str, ...]
    labels: list[tuple[str, ...]]
    codes: np.ndarray  # value indices within the family (children look their parent up)


@dataclass
class Evaluation:
    """Integer cells per metric, shaped (days, *axes) before time grouping."""

    days: list[date]
    axes: list[Axis]
    cells: dict[str, np.ndarray]
    chosen: dict[str, np.ndarray] = field(default_factory=dict)


def evaluate(cube: ChannelCube, mix: Mix, selection: Selection) -> Evaluation:
    """The cells of ``selection`` over the days that have data."""
    first = max(cube.day_index(selection.start), 0)
    last = min(cube.day_index(selection.end), cube.days - 1)
    days = [cube.day_of(i) for i in range(first, last + 1)]
    span = slice(first, max(last + 1, first))
    day_numbers = np.arange(span.start, span.stop, dtype=float)
    table = cube.playlists if selection.playlists else cube.videos
    result = Evaluation(days, [], {})
    metrics = ("views", *(m for m in selection.metrics if m != "views"))
    entity_dims = [d for d in selection.dimensions if d in ENTITY_DIMENSIONS]
    viewed = None
    if selection.entities is not None or entity_dims:
        viewed = table.viewed(span)
    picked, context = _entities(cube, table, selection, metrics, span, viewed, result)
    if selection.entities is not None:
        ids: list[tuple[str, ...]] = [(table.ids[i],) for i in picked]
        result.axes.append(Axis((_ENTITY_AXIS,), ids, picked))
    wanted = set(selection.dimensions)
    # Filters first, each picked and summed; then breakdowns. A filtered breakdown splits
    # the filtered sum among its selected values only, so it adds up to the filtered total.
    for name in (f for f in FAMILY_ORDER if f in selection.families):
        _apply(mix, mix[name], selection.families[name], False, result, day_numbers, context)
    for name in (f for f in FAMILY_ORDER if f in wanted):
        values = selection.families.get(name)
        _apply(mix, mix[name], values, True, result, day_numbers, context)
    if selection.entities is not None:
        _settle_entities(table, picked, entity_dims, result)
    elif viewed is not None and entity_dims:
        _split_entities(table, picked, entity_dims, span, viewed, result)
    if "views" not in selection.metrics:
        del result.cells["views"]
    return result


def _entities(
    cube: ChannelCube,
    table: EntityTable,
    selection: Selection,
    metrics: tuple[str, ...],
    span: slice,
    viewed: np.ndarray | None,
    result: Evaluation,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Pick the filtered entities; returns their indices and per-day context shares.

    Without a filter the cells and shares are the channel's, shaped (days,); with one they
    are each entity's own, shaped (days, entities).
    """
    if selection.entities is None:
        picked = np.arange(len(table.ids))
    else:  # an entity named twice counts once
        named = dict.fromkeys(e for e in selection.entities if e in table.index)
        picked = np.array([table.index[e] for e in named], int)
    expected = table.expected[picked, span].T  # (days, entities)
    shorts = np.zeros(expected.shape)
    live = np.zeros(expected.shape)
    if not selection.playlists:
        kinds = np.array(table.kinds, dtype=object)[picked] if len(picked) else np.array([])
        shorts[:, kinds == "SHORTS"] = expected[:, kinds == "SHORTS"]
        for row, day in enumerate(cube.live_day[picked] - span.start):
            if 0 <= day < expected.shape[0]:
                live[day, row] = 0.65 * expected[day, row]
    if selection.entities is None or viewed is None:
        expected, shorts, live = expected.sum(axis=1), shorts.sum(axis=1), live.sum(axis=1)
    safe = np.where(expected > 0, expected, 1.0)
    context = {"shorts": shorts / safe, "live": live / safe}
    for metric in metrics:  # ``viewed`` is known whenever entities are filtered
        if selection.entities is None or viewed is None:
            result.cells[metric] = table.totals[metric][span].copy()
        else:
            result.cells[metric] = _own_parts(table, metric, span, picked, viewed)
    return picked, context


def _settle_entities(
    table: EntityTable, picked: np.ndarray, dims: list[str], result: Evaluation
) -> None:
    """Turn the axis of filtered entities (the first) into the breakdown asked for.

    Summed away without an entity dimension, grouped by content type for
    ``creatorContentType`` alone, else moved last as one row per entity.
    """
    result.axes.pop(0)
    kinds = [table.kinds[i] for i in picked]
    if not dims:
        result.cells = {m: cells.sum(axis=1) for m, cells in result.cells.items()}
        return
    if "video" in dims or "playlist" in dims:
        labels = [
            tuple(table.ids[i] if d != "creatorContentType" else table.kinds[i] for d in dims)
            for i in picked
        ]
        result.cells = {m: np.moveaxis(c, 1, -1) for m, c in result.cells.items()}
        result.axes.append(Axis(tuple(dims), labels, picked))
        return
    groups = sorted(set(kinds))
    member = np.array([[k == g for g in groups] for k in kinds], dtype=np.int64)
    member = member.reshape(len(kinds), len(groups))  # keeps its two axes when empty
    result.cells = {
        m: np.tensordot(np.moveaxis(c, 1, -1), member, axes=1) for m, c in result.cells.items()
    }
    result.axes.append(
        Axis(("creatorContentType",), [(g,) for g in groups], np.arange(len(groups)))
    )


def _own_parts(
    table: EntityTable, metric: str, span: slice, picked: np.ndarray, viewed: np.ndarray
) -> np.ndarray:
    """(days, picked) integer parts of the channel's totals: what each entity reports alone."""
    return table.own_parts(metric, span, None if metric == "views" else viewed)[:, picked]


def _split_entities(
    table: EntityTable,
    picked: np.ndarray,
    dims: list[str],
    span: slice,
    viewed: np.ndarray,
    result: Evaluation,
) -> None:
    """Split the cells between the picked entities (or their content types): the last axis.

    Only for unfiltered queries (filtered ones carry their entities as an axis). Done after
    the families, so that a breakdown by video adds up to the total of the query without
    it. The split follows each entity's own integer parts, so that without families a
    video's row is exactly what a query for that video alone says.
    """
    kinds = [table.kinds[i] for i in picked]
    if "video" in dims or "playlist" in dims:
        labels = [
            tuple(table.ids[i] if d != "creatorContentType" else table.kinds[i] for d in dims)
            for i in picked
        ]
        axis = Axis(tuple(dims), labels, picked)
        columns = None
    else:
        groups = sorted(set(kinds))
        axis = Axis(("creatorContentType",), [(g,) for g in groups], np.arange(len(groups)))
        columns = np.array([groups.index(k) for k in kinds], dtype=int)
    rank = len(result.axes)
    got_views: np.ndarray | None = None
    for metric, cells in result.cells.items():  # views come first
        weights = _own_parts(table, metric, span, picked, viewed).astype(np.float64)
        if columns is not None:
            grouped = np.zeros((weights.shape[0], len(axis.labels)))
            np.add.at(grouped.T, columns, weights.T)
            weights = grouped
        shaped = weights.reshape(weights.shape[0], *([1] * rank), weights.shape[-1])
        result.cells[metric] = _split_after_views(cells, shaped, got_views)
        if got_views is None:
            got_views = result.cells[metric] > 0
    result.axes.append(axis)


def _split_after_views(
    cells: np.ndarray, weights: np.ndarray, got_views: np.ndarray | None
) -> np.ndarray:
    """Split views (``got_views`` None) freely, any other metric among the parts with views."""
    if got_views is None:
        return split(cells, weights)
    return split_among(cells, weights, got_views)


def _family_weights(
    mix: Mix,
    family: Family,
    result: Evaluation,
    day_numbers: np.ndarray,
    profile: str,
    context: dict[str, np.ndarray],
) -> np.ndarray:
    """Weights broadcastable to (days, *axes, n) for splitting the current cells."""
    if family.name == "city" and _present(result, "province"):
        family = mix.city_by_state
    weights = mix.weights(family, day_numbers, profile)
    if family.name == "liveOrOnDemand":
        live = context["live"]
        live_first = family.values.index("LIVE")
        weights = np.stack([live, 1.0 - live] if live_first == 0 else [1.0 - live, live], -1)
    elif family.name == "insightTrafficSourceType":
        boost = 0.3 + 25.0 * context["shorts"]
        lead = (weights.shape[0], *([1] * (boost.ndim - 1)), weights.shape[-1])
        weights = np.broadcast_to(weights.reshape(lead), (*boost.shape, lead[-1])).copy()
        weights[..., family.values.index("SHORTS")] *= boost
    rank = len(result.axes)
    if family.parent is None:  # per-entity shares (days, entities, n) fill the entity axis
        per_entity = weights.shape[1:-1]
        filler = [1] * (rank - len(per_entity))
        return weights.reshape(weights.shape[0], *per_entity, *filler, weights.shape[-1])
    parent = mix[family.parent]
    position = next((k for k, axis in enumerate(result.axes) if family.parent in axis.names), None)
    if position is not None:
        rows = weights[:, result.axes[position].codes, :]
        shape = [weights.shape[0]] + [1] * rank + [weights.shape[-1]]
        shape[1 + position] = rows.shape[1]
        return rows.reshape(shape)
    chosen = result.chosen.get(family.parent)
    if chosen is None:
        chosen = np.arange(len(parent.values))
    parent_weights = mix.weights(parent, day_numbers, profile)
    if parent_weights.ndim == 3:
        parent_weights = parent_weights.mean(axis=1)
    share = parent_weights[:, chosen]
    marginal = np.asarray(np.einsum("dp,dpn->dn", share, weights[:, chosen, :]))
    return marginal.reshape(marginal.shape[0], *([1] * rank), marginal.shape[-1])


def _present(result: Evaluation, name: str) -> bool:
    return name in result.chosen or any(name in axis.names for axis in result.axes)


def _apply(
    mix: Mix,
    family: Family,
    values: tuple[str, ...] | None,
    expand: bool,
    result: Evaluation,
    day_numbers: np.ndarray,
    context: dict[str, np.ndarray],
) -> None:
    if family.implicit and family.parent and not _present(result, family.parent):
        _apply(mix, mix[family.parent], (family.implicit,), False, result, day_numbers, context)
    visible = len(family.values) - family.hidden
    if values is None:
        codes = np.arange(visible)
    else:
        index = {v: i for i, v in enumerate(family.values[:visible])}
        codes = np.array(sorted({index[v] for v in values if v in index}), dtype=int)
    by_profile: dict[str, np.ndarray] = {}
    got_views: np.ndarray | None = None
    for metric, cells in result.cells.items():  # views come first
        profile = profile_of(metric)
        if profile not in by_profile:
            by_profile[profile] = _family_weights(
                mix, family, result, day_numbers, profile, context
            )
        weights = by_profile[profile]
        if expand and values is not None:
            weights = weights[..., codes]
        parts = _split_after_views(cells, weights, got_views)
        if got_views is None:
            got_views = parts > 0
        if expand and values is not None:
            result.cells[metric] = parts
            continue
        parts = parts[..., codes]
        result.cells[metric] = parts if expand else parts.sum(axis=-1)
    if expand:
        labels: list[tuple[str, ...]] = [(family.values[c],) for c in codes]
        result.axes.append(Axis((family.name,), labels, codes))
    else:
        result.chosen[family.name] = codes
