"""What may still be added to a partial query, and how to complete one.

A report type is a *candidate* when the partial query breaks none of its upper
bounds: whatever it still lacks (a required dimension, a sort, maxResults) can be
added. A choice is valid when adding it keeps at least one candidate. ``groups``
means what it means to ``validate``: a group's item type narrows the candidates to
its family (see :mod:`.family`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from ..errors import InvalidRequest, list_of
from .checks import (
    check_vocabulary,
    listable_dimensions,
    listed_dimensions,
    score,
    violations,
)
from .dimensions import DIMENSIONS, FILTERS, MULTI_VALUE_FILTERS
from .family import family_refusal, family_types, group_family, item_family, not_in_family
from .metrics import METRICS
from .query import Query
from .report_type import ReportType
from .report_types import REPORT_TYPES
from .rules import Rule

__all__ = ["Choice", "Options", "candidates", "complete", "options"]


@dataclass(frozen=True, slots=True)
class Choice:
    """Whether an item may be added; ``reason`` says why not."""

    valid: bool
    reason: str = ""


@dataclass(frozen=True)
class Options:
    """The valid additions to a partial query.

    ``sort_options`` covers the requested metrics and dimensions, each as ``name``
    and ``-name``. ``filter_values`` lists, for filters that the candidate types
    restrict (such as a locked value), the values still allowed.
    """

    report_types: tuple[ReportType, ...]
    dimensions: dict[str, Choice]
    filters: dict[str, Choice]
    metrics: dict[str, Choice]
    sort_options: dict[str, Choice]
    filter_values: dict[str, tuple[str, ...]]


def _mask(predicate: Iterable[bool]) -> int:
    return sum(1 << i for i, ok in enumerate(predicate) if ok)


# Which report types could take each item at all, as bit masks over REPORT_TYPES.
_DIM_TYPES = {d: _mask(d in t.dimension_names for t in REPORT_TYPES) for d in DIMENSIONS}
_FILTER_TYPES = {k: _mask(k in t.filter_names for t in REPORT_TYPES) for k in FILTERS}
_METRIC_TYPES = {m: _mask(m in t.metric_names for t in REPORT_TYPES) for m in METRICS}
_TABLES = {"dimension": _DIM_TYPES, "filter": _FILTER_TYPES, "metric": _METRIC_TYPES}
# The types that take a video or playlist dimension once its filter lists several values.
_LISTABLE_TYPES = {
    k: _mask(k in listable_dimensions(t) for t in REPORT_TYPES) for k in MULTI_VALUE_FILTERS
}
_FAMILY_TYPES = {
    None: _mask(True for _ in REPORT_TYPES),
    "video": _mask(not t.playlist for t in REPORT_TYPES),
    "playlist": _mask(t.playlist for t in REPORT_TYPES),
}


def _over(rules: tuple[Rule, ...], names: Collection[str]) -> bool:
    return any(r.maximum is not None and len(r.present(names)) > r.maximum for r in rules)


def _fits(rtype: ReportType, query: Query) -> bool:
    """Whether ``query`` can still be completed into a query ``rtype`` accepts."""
    listed = listed_dimensions(rtype, query)
    dims = tuple(d for d in query.dimensions if d not in listed)
    keys = query.filters.keys()
    if not rtype.dimension_names.issuperset(dims) or not rtype.filter_names.issuperset(keys):
        return False
    if not rtype.metric_names.issuperset(query.metrics):
        return False
    if _over(rtype.dimensions, dims) or _over(rtype.filters, keys):
        return False
    if rtype.top:
        if query.max_results > rtype.max_results:
            return False
        for option in query.sort_options:
            bare = option.removeprefix("-")
            if bare not in rtype.sort_options or (
                rtype.descending_only and not option.startswith("-")
            ):
                return False
    # locks, value restrictions and the video-days cap: the same checks as validate
    return not [v for v in violations(rtype, query, structure_only=True) if v.kind == "value"]


def candidates(query: Query, *, groups: Mapping[str, str] | None = None) -> tuple[ReportType, ...]:
    """The report types that ``query`` can still become, in catalogue order."""
    return tuple(rtype for rtype in family_types(query, groups=groups) if _fits(rtype, query))


def _addable(rules: tuple[Rule, ...], names: frozenset[str], present: Collection[str]) -> set[str]:
    blocked = {n for r in rules if r.full(present) for n in r.names}
    return set(names - blocked).difference(present)


def options(query: Query, *, groups: Mapping[str, str] | None = None) -> Options:
    """For each dimension, filter key, metric and sort option: may it be added?"""
    fits = candidates(query, groups=groups)
    dims: set[str] = set()
    keys: set[str] = set()
    metrics: set[str] = set()
    for rtype in fits:
        dims |= _addable(rtype.dimensions, rtype.dimension_names, query.dimensions)
        dims |= listed_dimensions(rtype, query).difference(query.dimensions)
        keys |= _addable(rtype.filters, rtype.filter_names, query.filters.keys())
        metrics |= rtype.metric_names.difference(query.metrics)
    explain = _Explainer(query, fits, groups)
    return Options(
        report_types=fits,
        dimensions={d: explain.choice(d, d in dims, "dimension") for d in DIMENSIONS},
        filters={k: explain.choice(k, k in keys, "filter") for k in FILTERS},
        metrics={m: explain.choice(m, m in metrics, "metric") for m in METRICS},
        sort_options=_sort_choices(query, fits),
        filter_values=_filter_values(fits) | _group_values(query, groups),
    )


class _Explainer:
    """Reasons for refused choices, worked out only when needed."""

    def __init__(
        self, query: Query, fits: tuple[ReportType, ...], groups: Mapping[str, str] | None
    ) -> None:
        self.query = query
        self.fits = fits
        self.family = group_family(query, groups)
        self.scope = _FAMILY_TYPES[self.family]
        self.dead = "" if fits else _closest_message(query, groups)
        self.chosen = {
            "dimension": set(query.dimensions),
            "filter": set(query.filters),
            "metric": set(query.metrics),
        }
        self.items = [
            *((f"dimension '{d}'", self.reach(d, "dimension")) for d in query.dimensions),
            *((f"filter '{k}'", self.reach(k, "filter")) for k in query.filters),
            *((f"metric '{m}'", self.reach(m, "metric")) for m in query.metrics),
        ]

    def reach(self, name: str, noun: str) -> int:
        """The types of the query's family that could take the item at all, as a mask."""
        types = _TABLES[noun].get(name, 0)
        if noun == "dimension" and len(self.query.values(name)) > 1:
            types |= _LISTABLE_TYPES.get(name, 0)
        return types & self.scope

    def choice(self, name: str, valid: bool, noun: str) -> Choice:
        if valid:
            return Choice(True)
        if name in self.chosen[noun]:
            return Choice(False, f"{noun} '{name}' is already chosen")
        reach = self.reach(name, noun)
        if self.family is not None and not reach and _TABLES[noun][name]:
            return Choice(False, not_in_family(self.query, self.family, name, noun))
        if self.dead:
            return Choice(False, f"the current choice fits no report type: {self.dead}")
        if not _TABLES[noun][name]:
            return Choice(False, f"no channel report takes {noun} '{name}'")
        if noun == "dimension" and self._listable(name):
            return Choice(False, f"dimension '{name}' needs several values in the '{name}' filter")
        for rtype in self.fits:
            rules = {"dimension": rtype.dimensions, "filter": rtype.filters}.get(noun, ())
            present = self.query.dimensions if noun == "dimension" else self.query.filters
            for rule in rules:
                if name in rule.names and rule.full(present):
                    used = list_of(rule.present(present))
                    alternatives = list_of(rule.ordered, conjunction="or")
                    message = f"only one of {alternatives} can be used; {used} is chosen"
                    return Choice(False, message)
        clashes = [label for label, types in self.items if not types & reach]
        if clashes:
            return Choice(False, f"{noun} '{name}' cannot be combined with {clashes[0]}")
        names = list_of([rtype.name for rtype in self.fits[:3]], conjunction="or")
        more = " (among others)" if len(self.fits) > 3 else ""
        return Choice(False, f"{noun} '{name}' is not available in {names}{more}")

    def _listable(self, name: str) -> bool:
        """Whether a candidate would take dimension ``name`` with several values in its filter."""
        filters = self.query.filters
        for rtype in self.fits:
            if name in listable_dimensions(rtype) and (
                name in filters
                or not any(r.full(filters) for r in rtype.filters if name in r.names)
            ):
                return True
        return False


def _closest_message(query: Query, groups: Mapping[str, str] | None) -> str:
    try:
        check_vocabulary(query)
    except InvalidRequest as error:
        return str(error)
    types = family_types(query, groups=groups)
    found = {rtype: violations(rtype, query) for rtype in types}  # none empty: none fits
    closest = min(types, key=lambda rtype: score(found[rtype]))
    family = group_family(query, groups)
    if family is None:
        return found[closest][0].message
    return str(family_refusal(query, family, types, closest, found[closest]))


def _sort_choices(query: Query, fits: tuple[ReportType, ...]) -> dict[str, Choice]:
    taken = {o.removeprefix("-") for o in query.sort_options}
    result: dict[str, Choice] = {}
    for name in (*query.metrics, *query.dimensions):
        for option in (name, f"-{name}"):
            result[option] = _sort_choice(name, option, taken, fits)
    return result


def _sort_choice(name: str, option: str, taken: set[str], fits: tuple[ReportType, ...]) -> Choice:
    if name in taken:
        return Choice(False, f"the rows are already sorted by '{name}'")
    reason = "the current choice fits no report type"
    for rtype in fits:
        if not rtype.top:
            return Choice(True)
        if name not in rtype.sort_options:
            valid = list_of([f"-{o}" for o in rtype.sort_options], conjunction="or")
            reason = f"'{rtype.name}' cannot sort by '{name}'; valid sort options: {valid}"
        elif rtype.descending_only and option == name:
            reason = f"'{rtype.name}' sorts in descending order only: use '-{name}'"
        else:
            return Choice(True)
    return Choice(False, reason)


def _filter_values(fits: tuple[ReportType, ...]) -> dict[str, tuple[str, ...]]:
    restricted: dict[str, list[str]] = {}
    free: set[str] = set()
    for rtype in fits:
        for key in rtype.filter_names:
            allowed = rtype.filter_values.get(key) or (
                (rtype.locks[key],) if key in rtype.locks else ()
            )
            if not allowed:
                free.add(key)
            else:
                seen = restricted.setdefault(key, [])
                seen.extend(v for v in allowed if v not in seen)
    return {k: tuple(vals) for k, vals in restricted.items() if k not in free}


def _group_values(query: Query, groups: Mapping[str, str] | None) -> dict[str, tuple[str, ...]]:
    """The known groups that keep a candidate as the query's group, when some would not."""
    if not groups:
        return {}
    probe = dataclasses.replace(query, filters={**query.filters, "group": "?"})
    playlist = {t.playlist for t in REPORT_TYPES if "group" in t.filter_names and _fits(t, probe)}
    usable = {None: bool(playlist), "video": False in playlist, "playlist": True in playlist}
    allowed = tuple(
        group_id for group_id, item_type in groups.items() if usable[item_family(item_type)]
    )
    return {} if len(allowed) == len(groups) else {"group": allowed}


def complete(
    query: Query, rtype: ReportType | None = None, *, groups: Mapping[str, str] | None = None
) -> Query:
    """Add what ``query`` lacks to be accepted by ``rtype`` (default: its first candidate,
    with ``groups`` as for ``candidates``).

    Adds missing required dimensions and filters (with a valid value), the type's
    metrics when none are given, a sort and maxResults for "top N" reports, and
    moves the dates to the first of their month for ``month``.
    """
    if rtype is None:
        fits = candidates(query, groups=groups)
        if not fits:
            raise ValueError("no report type can complete this query")
        rtype = fits[0]
    dims = list(query.dimensions)
    for rule in rtype.dimensions:
        dims.extend(rule.missing(dims))
    filters = dict(query.filters)
    for rule in rtype.filters:
        for key in rule.missing(filters.keys()):
            filters[key] = _sample_value(rtype, key)
    metrics = list(query.metrics) or list(rtype.metrics)
    sort = list(query.sort_options)
    max_results = query.max_results
    if rtype.top:
        if not sort:
            sort.append(f"-{rtype.sort_options[0]}")
        metrics.extend(
            m for m in (o.removeprefix("-") for o in sort) if m not in metrics and m not in dims
        )
        max_results = max_results or rtype.max_results
    start, end = query.start_date, query.end_date
    if "month" in dims:
        start, end = start.replace(day=1), end.replace(day=1)
    return dataclasses.replace(
        query,
        dimensions=tuple(dims),
        filters=filters,
        metrics=tuple(metrics),
        sort_options=tuple(sort),
        max_results=max_results,
        start_date=start,
        end_date=end,
    )


def _sample_value(rtype: ReportType, key: str) -> str:
    if key in rtype.locks:
        return rtype.locks[key]
    allowed = rtype.filter_values.get(key) or tuple(FILTERS[key].values)
    return allowed[0] if allowed else f"sample-{key}-id"
