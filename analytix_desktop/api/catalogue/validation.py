"""``validate`` and ``detect``: scan the catalogue for report types that fit a query.

A ``group`` filter decides the report family when ``groups`` gives the group's item type
(see :mod:`.family`); a group not in it leaves both families open.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import InvalidRequest
from .checks import Violation, check_parameters, check_vocabulary, score, violations
from .family import family_refusal, family_types, group_family
from .query import Query
from .report_type import ReportType

__all__ = ["accepting", "detect", "validate"]


def accepting(
    query: Query, *, structure_only: bool = False, groups: Mapping[str, str] | None = None
) -> list[ReportType]:
    """Every report type that accepts ``query``, in catalogue order."""
    types = family_types(query, groups=groups)
    return [rtype for rtype in types if not violations(rtype, query, structure_only=structure_only)]


def validate(query: Query, *, groups: Mapping[str, str] | None = None) -> ReportType:
    """The first report type that accepts ``query``; InvalidRequest if none does."""
    check_vocabulary(query)
    check_parameters(query)
    return _scan(query, groups, structure_only=False)


def detect(query: Query, *, groups: Mapping[str, str] | None = None) -> ReportType:
    """The first report type whose dimensions and filters fit (metrics too, if given).

    Sort options and maxResults are ignored, so that a caller can pick the type's
    metrics as defaults before the full ``validate``.
    """
    check_vocabulary(query)
    return _scan(query, groups, structure_only=True)


def _scan(query: Query, groups: Mapping[str, str] | None, *, structure_only: bool) -> ReportType:
    family = group_family(query, groups)
    types = family_types(query, groups=groups)
    best: tuple[tuple[int, int, int, int], ReportType, list[Violation]] | None = None
    for rtype in types:
        found = violations(rtype, query, structure_only=structure_only)
        if not found:
            return rtype
        rank = score(found)
        if best is None or rank < best[0]:
            best = (rank, rtype, found)
    assert best is not None  # every family has report types
    if family is None:
        raise _refusal(best[1], best[2])
    raise family_refusal(query, family, types, best[1], best[2])


def _refusal(rtype: ReportType, found: list[Violation]) -> InvalidRequest:
    first = found[0]
    message = "; ".join(v.message for v in found)
    return InvalidRequest(
        f"no report type accepts this query; the closest is '{rtype.name}': {message}",
        kind=first.kind,
        field=first.field,
        value=first.value,
    )
