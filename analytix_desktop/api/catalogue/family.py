"""A group filter's report family, and the plain words for what that family refuses.

Google treats a video group like ``video`` and a playlist group like ``playlist``, so a
``group`` filter decides the report family when the group's item type is known. Callers
pass ``groups``, a mapping from group id to item type ("video" or "playlist", or Google's
"youtube#video" and "youtube#playlist"); a group not in it leaves both families open.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..errors import InvalidRequest
from .checks import Violation
from .query import Query
from .report_type import ReportType
from .report_types import REPORT_TYPES

__all__ = ["family_refusal", "family_types", "group_family", "item_family", "not_in_family"]

_FAMILIES = {
    "video": "video",
    "youtube#video": "video",
    "playlist": "playlist",
    "youtube#playlist": "playlist",
}
_TYPES = {
    "video": tuple(rtype for rtype in REPORT_TYPES if not rtype.playlist),
    "playlist": tuple(rtype for rtype in REPORT_TYPES if rtype.playlist),
}


def item_family(item_type: str) -> str | None:
    """The family ("video" or "playlist") of a group's item type; None if unknown."""
    return _FAMILIES.get(item_type)


def group_family(query: Query, groups: Mapping[str, str] | None) -> str | None:
    """The family the query's group imposes; None if it is open."""
    group_id = query.filters.get("group")
    if not groups or group_id is None:
        return None
    return item_family(groups.get(group_id.strip(), ""))


def family_types(
    query: Query, *, groups: Mapping[str, str] | None = None
) -> tuple[ReportType, ...]:
    """The report types open to ``query``: its group's family, or every type."""
    family = group_family(query, groups)
    return REPORT_TYPES if family is None else _TYPES[family]


def not_in_family(query: Query, family: str, name: str, noun: str) -> str:
    """Why an item is refused: no report of the group's family takes it."""
    group_id = query.filters["group"].strip()
    return (
        f"group '{group_id}' is a {family} group: {family} reports do not take the '{name}' {noun}"
    )


def family_refusal(
    query: Query,
    family: str,
    types: Sequence[ReportType],
    closest: ReportType,
    found: list[Violation],
) -> InvalidRequest:
    """Why no report of the group's family fits: an item none of them takes, or the closest."""
    taken = {
        "dimension": frozenset().union(*(rtype.dimension_names for rtype in types)),
        "filter": frozenset().union(*(rtype.filter_names for rtype in types)),
        "metric": frozenset().union(*(rtype.metric_names for rtype in types)),
    }
    for noun, names in (
        ("dimension", query.dimensions),
        ("filter", tuple(query.filters)),
        ("metric", query.metrics),
    ):
        for name in names:
            if name not in taken[noun]:
                return InvalidRequest(
                    not_in_family(query, family, name, noun),
                    kind="unsupported",
                    field=f"{noun}s",
                    value=name,
                )
    first = found[0]
    message = "; ".join(v.message for v in found)
    lead = f"group '{query.filters['group'].strip()}' is a {family} group"
    return InvalidRequest(
        f"{lead}, so only {family} reports apply; the closest is '{closest.name}': {message}",
        kind=first.kind,
        field=first.field,
        value=first.value,
    )
