"""Why the builder's query cannot run, in the builder's own words, and a one-click fix.

The catalogue's messages name API fields (``insightTrafficSourceType``, ``country==US``)
for script users. Here the closest report type's refusals are put in the labels the
user sees, and the changes that would make the query valid are tried one by one: a fix
is offered only when the query it gives passes the catalogue's own validation.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from analytix_desktop.api import catalogue
from analytix_desktop.api.catalogue.checks import score, violations
from analytix_desktop.api.errors import InvalidRequest
from analytix_desktop.core.context import NamedItem
from analytix_desktop.gui.formatting import plain_title
from analytix_desktop.gui.labels import filter_title, filter_value_label, sort_label

__all__ = [
    "MONETARY_HINT",
    "NOT_MONETISED_HINT",
    "NOT_MONETISED_PROBLEM",
    "REVENUE_SCOPE_PROBLEM",
    "Fix",
    "Verdict",
    "check",
    "humanise",
    "in_ui_words",
]

REVENUE_SCOPE_PROBLEM = (
    "Revenue metrics need the permission to view monetary reports, which this channel "
    "was connected without: reconnect it and allow it, or untick the revenue metrics"
)
NOT_MONETISED_PROBLEM = (
    "Google gives no revenue for this channel: it is not monetised (not in the YouTube "
    "Partner Program). Untick the revenue metrics"
)
MONETARY_HINT = (
    "Revenue metrics are hidden: this channel was connected without access to revenue "
    "reports. Reconnect it and allow “View monetary and non-monetary YouTube Analytics "
    "reports” to see them."
)
NOT_MONETISED_HINT = (
    "Revenue metrics are hidden: Google says this channel is not monetised (it is not in "
    "the YouTube Partner Program), so it has no revenue figures."
)
_TOP_DEFAULT_ROWS = 25
_PARAMETERS = {
    "maxResults": "Rows",
    "startDate": "the start date",
    "endDate": "the end date",
    "startIndex": "the first row",
    "currency": "Currency",
}
_QUOTED = re.compile(r"'([^']*)'")
_TAILS = re.compile(r"[;:] (valid|it takes|expected an ISO).*$")


@dataclass(frozen=True)
class Fix:
    """A change that makes the query valid: its label ("Set Country to United States")."""

    label: str
    query: catalogue.Query


@dataclass(frozen=True)
class Verdict:
    """The catalogue's answer: the report type, or the problems and maybe a fix."""

    report_type: catalogue.ReportType | None
    problems: tuple[str, ...] = ()
    fix: Fix | None = None

    @property
    def valid(self) -> bool:
        return self.report_type is not None


def _title(name: str) -> str:
    """The human title of an API name (dimension, metric, filter or parameter)."""
    if "==" in name:
        key, _, value = name.partition("==")
        return f"{filter_title(key)} {filter_value_label(key, value)}"
    if name in catalogue.METRICS:
        return plain_title(catalogue.METRICS[name].title)
    for table in (catalogue.DIMENSIONS, catalogue.FILTERS):
        if name in table:
            return table[name].title
    return _PARAMETERS.get(name, name)


@functools.lru_cache(maxsize=4096)
def humanise(message: str) -> str:
    """A catalogue message with API names replaced by the labels the user sees."""
    text = _TAILS.sub("", message)
    text = _QUOTED.sub(lambda m: f"“{_title(m.group(1).removeprefix('-'))}”", text)
    for name, label in _PARAMETERS.items():
        text = re.sub(rf"\b{name}\b", label, text)
    return text[:1].upper() + text[1:]


def in_ui_words(options: catalogue.Options) -> catalogue.Options:
    """``options`` with every refusal reason put in the labels the user sees."""

    def choices(table: dict[str, catalogue.Choice]) -> dict[str, catalogue.Choice]:
        return {
            name: choice if choice.valid else catalogue.Choice(False, humanise(choice.reason))
            for name, choice in table.items()
        }

    return dataclasses.replace(
        options,
        dimensions=choices(options.dimensions),
        filters=choices(options.filters),
        metrics=choices(options.metrics),
        sort_options=choices(options.sort_options),
    )


def _closest(
    query: catalogue.Query, groups: Mapping[str, str] | None
) -> tuple[catalogue.ReportType, list[str]]:
    ranked = []
    for rtype in catalogue.family_types(query, groups=groups):
        found = violations(rtype, query)
        ranked.append((score(found), rtype, [v.message for v in found]))
    _rank, rtype, messages = min(ranked, key=lambda item: item[0])
    return rtype, messages


def _candidates(
    query: catalogue.Query, rtype: catalogue.ReportType
) -> Iterator[tuple[str, catalogue.Query]]:
    """Single changes that may make ``rtype`` accept ``query``, with their labels."""
    replace = dataclasses.replace
    for key, value in rtype.locks.items():
        if query.filters.get(key) != value:
            label = f"Set {filter_title(key)} to {filter_value_label(key, value)}"
            yield label, replace(query, filters={**query.filters, key: value})
    for key in query.filters:
        if key not in rtype.filter_names:
            filters = {k: v for k, v in query.filters.items() if k != key}
            yield f"Remove the {filter_title(key)} filter", replace(query, filters=filters)
    foreign = [m for m in query.metrics if m not in rtype.metric_names]
    if foreign and len(foreign) < len(query.metrics):
        kept = tuple(m for m in query.metrics if m in rtype.metric_names)
        names = ", ".join(_title(m) for m in foreign)
        yield f"Remove {names}", replace(query, metrics=kept)
    if rtype.top:
        sortable = [m for m in query.metrics if m in rtype.sort_options]
        if sortable and not any(
            o.removeprefix("-") in rtype.sort_options and o.startswith("-")
            for o in query.sort_options
        ):
            option = f"-{sortable[0]}"
            yield f"Sort by {sort_label(option)}", replace(query, sort_options=(option,))
        if not 0 < query.max_results <= rtype.max_results:
            rows = (
                rtype.max_results
                if query.max_results
                else min(_TOP_DEFAULT_ROWS, rtype.max_results)
            )
            yield f"Set Rows to {rows:,}", replace(query, max_results=rows)
    if "month" in query.dimensions and (query.start_date.day != 1 or query.end_date.day != 1):
        snapped = replace(
            query,
            start_date=query.start_date.replace(day=1),
            end_date=query.end_date.replace(day=1),
        )
        yield "Use whole months", snapped


def _valid(query: catalogue.Query, groups: Mapping[str, str] | None = None) -> bool:
    try:
        catalogue.validate(query, groups=groups)
    except InvalidRequest:
        return False
    return True


def _fix(
    query: catalogue.Query, rtype: catalogue.ReportType, groups: Mapping[str, str] | None
) -> Fix | None:
    """The first change, or the shortest chain of changes, that makes the query valid."""
    fixed, labels = query, list[str]()
    for _step in range(4):  # a top list may lack its sort and its rows at once
        options = list(_candidates(fixed, rtype))
        for label, candidate in options:
            if _valid(candidate, groups):
                return Fix(" and ".join([*labels, label]), candidate)
        if not options:
            return None
        label, fixed = options[0]
        labels.append(label)
    return None


def check(
    query: catalogue.Query,
    *,
    monetary: bool = True,
    monetised: bool = True,
    groups: Mapping[str, NamedItem] | None = None,
) -> Verdict:
    """Whether ``query`` can run; if not, why (in the UI's words) and a fix when one exists.

    ``monetary``: the revenue scope was granted; ``monetised``: Google has not refused the
    channel revenue; ``groups``: the channel's groups, whose item types decide the family.
    """
    if not (monetary and monetised) and any(catalogue.METRICS[m].revenue for m in query.metrics):
        kept = tuple(m for m in query.metrics if not catalogue.METRICS[m].revenue)
        fix = dataclasses.replace(query, metrics=kept)
        offer = Fix("Remove the revenue metrics", fix) if kept and _valid(fix) else None
        problem = REVENUE_SCOPE_PROBLEM if not monetary else NOT_MONETISED_PROBLEM
        return Verdict(None, (problem,), offer)
    types = {group_id: item.kind for group_id, item in (groups or {}).items()}
    try:
        return Verdict(catalogue.validate(query, groups=types))
    except InvalidRequest as error:
        refusal = error
    rtype, messages = _closest(query, types)
    if refusal.kind == "unknown" or not messages:
        # A vocabulary or parameter problem (an end before the start, a month report
        # not on the first of a month) that no report type is to blame for.
        return Verdict(None, (_named(humanise(str(refusal)), groups),), _fix(query, rtype, types))
    if refusal.field is not None and str(refusal).startswith("group "):
        # The group's family refused it: say so before the closest type's details.
        messages = [str(refusal).split("; the closest is", 1)[0], *messages]
    problems = tuple(dict.fromkeys(_named(humanise(m), groups) for m in messages))
    return Verdict(None, problems, _fix(query, rtype, types))


def _named(text: str, groups: Mapping[str, NamedItem] | None) -> str:
    """``text`` with group ids (quoted by ``humanise``) replaced by the groups' titles."""
    for group_id, item in (groups or {}).items():
        text = text.replace(f"“{group_id}”", f"“{item.title}”")
    return text
