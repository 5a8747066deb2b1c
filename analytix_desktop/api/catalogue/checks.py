"""Checks of a query against the vocabulary and against one report type."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from ..errors import InvalidRequest, list_of
from .currencies import CURRENCIES, RETIRED_CURRENCIES
from .dimensions import DIMENSIONS, FILTERS, MULTI_VALUE_FILTERS
from .metrics import METRICS
from .query import Query
from .report_type import ReportType
from .rules import Rule

__all__ = [
    "Violation",
    "check_parameters",
    "check_vocabulary",
    "listable_dimensions",
    "listed_dimensions",
    "score",
    "violations",
]


@dataclass(frozen=True, slots=True)
class Violation:
    """One reason why a report type refuses a query.

    ``foreign`` ranks how alien the offending item is to the type: 3 for a dimension
    it does not take, 2 for a filter key, 1 for a metric, 0 for a broken rule or limit.
    """

    message: str
    field: str
    value: str | None
    kind: str = "unsupported"
    foreign: int = 0


def _set_violations(
    type_name: str,
    names: Collection[str],
    allowed: Collection[str],
    rules: Iterable[Rule],
    noun: str,
    *,
    foreign: int,
    listable: Collection[str] = (),
) -> Iterator[Violation]:
    """Dimensions or filter keys a report type does not take, then its broken set rules.

    ``listable`` names dimensions the type would take with several values in their filter.
    """
    field = f"{noun}s"
    for item in names:
        if item not in allowed:
            hint = f"valid {field}: {list_of(sorted(allowed))}" if allowed else "it takes none"
            unless = f" unless the '{item}' filter lists several values" if item in listable else ""
            message = f"{noun} '{item}' is not available in '{type_name}'{unless}; {hint}"
            yield Violation(message, field, item, foreign=foreign)
    for rule in rules:
        broken = rule.check(names, noun)
        if broken:
            yield Violation(broken[0], field, broken[1])


def _duplicates(items: tuple[str, ...]) -> list[str]:
    return [item for item, n in Counter(items).items() if n > 1]


def check_vocabulary(query: Query) -> None:
    """Refuse unknown identifiers, repeated ones and bad filter values."""
    for field_name, items, known in (
        ("dimensions", query.dimensions, DIMENSIONS),
        ("metrics", query.metrics, METRICS),
    ):
        noun = field_name[:-1]
        for item in items:
            if item not in known:
                raise InvalidRequest(
                    f"unknown {noun} '{item}'", kind="unknown", field=field_name, value=item
                )
        for item in _duplicates(items):
            raise InvalidRequest(
                f"{noun} '{item}' is given more than once",
                kind="value",
                field=field_name,
                value=item,
            )
    for key, raw in query.filters.items():
        if key not in FILTERS:
            raise InvalidRequest(
                f"unknown filter '{key}'", kind="unknown", field="filters", value=key
            )
        _check_filter_values(key, raw)
    for option in query.sort_options:
        name = option.removeprefix("-")
        if name not in METRICS and name not in DIMENSIONS:
            raise InvalidRequest(
                f"unknown sort option '{name}'", kind="unknown", field="sort", value=option
            )
    for option in _duplicates(tuple(o.removeprefix("-") for o in query.sort_options)):
        raise InvalidRequest(
            f"sort option '{option}' is given more than once",
            kind="value",
            field="sort",
            value=option,
        )


def _check_filter_values(key: str, raw: str) -> None:
    values = [v.strip() for v in raw.split(",")]

    def refuse(message: str, value: str) -> InvalidRequest:
        return InvalidRequest(message, kind="value", field="filters", value=value)

    if not all(values):
        raise refuse(f"filter '{key}' has an empty value in '{key}=={raw}'", key)
    limit = MULTI_VALUE_FILTERS.get(key, 1)
    if len(values) > limit:
        if limit == 1:
            raise refuse(f"filter '{key}' takes a single value, got '{raw}'", raw)
        raise refuse(f"filter '{key}' takes at most {limit} values, got {len(values)}", key)
    allowed = FILTERS[key].values
    for value in values:
        if allowed and value not in allowed:
            sample = list(allowed)
            hint = list_of(sample, conjunction="or") if len(sample) <= 30 else "a code"
            raise refuse(f"invalid value '{value}' for filter '{key}'; expected {hint}", value)


def check_parameters(query: Query) -> None:
    """Refuse bad scalar parameters: metrics, sort, currency, paging and dates."""
    if not query.metrics:
        raise InvalidRequest(
            "at least 1 metric is required", kind="required", field="metrics", value=None
        )
    requested = set(query.metrics) | set(query.dimensions)
    for option in query.sort_options:
        name = option.removeprefix("-")
        if name not in requested:
            raise InvalidRequest(
                f"sort option '{name}' is not among the requested metrics and dimensions",
                kind="value",
                field="sort",
                value=option,
            )
    if query.currency not in CURRENCIES:
        raise InvalidRequest(
            _currency_refusal(query.currency), kind="value", field="currency", value=query.currency
        )
    if query.max_results < 0:
        raise InvalidRequest(
            f"maxResults must be 0 (no limit) or positive, got {query.max_results}",
            kind="value",
            field="maxResults",
            value=str(query.max_results),
        )
    if query.start_index < 1:
        raise InvalidRequest(
            f"startIndex must be 1 or more, got {query.start_index}",
            kind="value",
            field="startIndex",
            value=str(query.start_index),
        )
    if query.end_date < query.start_date:
        raise InvalidRequest(
            f"endDate {query.end_date} is before startDate {query.start_date}",
            kind="value",
            field="endDate",
            value=query.end_date.isoformat(),
        )
    if "month" in query.dimensions:
        for field_name, day in (("startDate", query.start_date), ("endDate", query.end_date)):
            if day.day != 1:
                raise InvalidRequest(
                    f"with the 'month' dimension, {field_name} must be the first of a month,"
                    f" got {day} (use {day.replace(day=1)})",
                    kind="value",
                    field=field_name,
                    value=day.isoformat(),
                )


def _currency_refusal(code: str) -> str:
    retired = RETIRED_CURRENCIES.get(code)
    if retired is None:
        return f"unknown currency '{code}'; expected an ISO 4217 code such as 'USD'"
    new = retired.replacement
    return (
        f"currency '{code}' ({retired.name}) has been withdrawn from ISO 4217 and Google no"
        f" longer accepts it; use '{new}' ({CURRENCIES[new]}) instead"
    )


def listable_dimensions(rtype: ReportType) -> frozenset[str]:
    """The ``video``/``playlist`` dimensions ``rtype`` takes when their filter lists several values.

    Google's rule for these two filters: with several values, the filter may also be a
    dimension of the request, even where the report does not list that dimension.
    """
    return frozenset(
        key
        for key in MULTI_VALUE_FILTERS
        if key in rtype.filter_names
        and key not in rtype.dimension_names
        and key not in rtype.single_value
    )


def listed_dimensions(rtype: ReportType, query: Query) -> frozenset[str]:
    """The listable dimensions of ``rtype`` whose filter holds several values in ``query``."""
    return frozenset(key for key in listable_dimensions(rtype) if len(query.values(key)) > 1)


def violations(rtype: ReportType, query: Query, *, structure_only: bool = False) -> list[Violation]:
    """Every reason why ``rtype`` refuses ``query`` (empty: it accepts it).

    With ``structure_only``, sort and maxResults are not looked at, nor are metrics
    when none are given (as when detecting a report type to pick default metrics).
    """
    found: list[Violation] = []
    name = rtype.name
    listed = listed_dimensions(rtype, query)
    dims = tuple(d for d in query.dimensions if d not in listed)
    keys = query.filters.keys()
    found.extend(
        _set_violations(
            name,
            dims,
            rtype.dimension_names,
            rtype.dimensions,
            "dimension",
            foreign=3,
            listable=listable_dimensions(rtype),
        )
    )
    found.extend(
        _set_violations(name, keys, rtype.filter_names, rtype.filters, "filter", foreign=2)
    )
    found.extend(_value_violations(rtype, query))
    if query.metrics or not structure_only:
        for metric in query.metrics:
            if metric not in rtype.metric_names:
                msg = (
                    f"metric '{metric}' is not available in '{name}';"
                    f" valid metrics: {list_of(rtype.metrics)}"
                )
                found.append(Violation(msg, "metrics", metric, foreign=1))
    if rtype.top and not structure_only:
        found.extend(_top_violations(rtype, query))
    return found


def _value_violations(rtype: ReportType, query: Query) -> list[Violation]:
    found: list[Violation] = []
    for key, locked in rtype.locks.items():
        raw = query.filters.get(key)
        if raw is not None and raw != locked:
            msg = f"filter '{key}' must be '{locked}' in '{rtype.name}', got '{raw}'"
            found.append(Violation(msg, "filters", raw, kind="value"))
    for key, allowed in rtype.filter_values.items():
        for value in query.values(key):
            if value not in allowed:
                msg = (
                    f"'{rtype.name}' has no details for {key} '{value}';"
                    f" valid values: {list_of(allowed)}"
                )
                found.append(Violation(msg, "filters", value, kind="value"))
    for key in rtype.single_value:
        if len(query.values(key)) > 1:
            msg = f"'{rtype.name}' takes a single '{key}' value, got '{query.filters[key]}'"
            found.append(Violation(msg, "filters", query.filters[key], kind="value"))
    videos = len(query.values("video"))
    if rtype.video_days_limit and videos * query.days > rtype.video_days_limit:
        msg = (
            f"'{rtype.name}' allows at most {rtype.video_days_limit:,} video-days, got"
            f" {videos} videos x {query.days} days = {videos * query.days:,};"
            " use fewer videos or a shorter date range"
        )
        found.append(Violation(msg, "filters", "video", kind="value"))
    return found


def _top_violations(rtype: ReportType, query: Query) -> list[Violation]:
    found: list[Violation] = []
    valid = list_of([f"-{o}" for o in rtype.sort_options], conjunction="or")
    if not query.sort_options:
        msg = f"'{rtype.name}' needs a descending sort option: {valid}"
        found.append(Violation(msg, "sort", None))
    for option in query.sort_options:
        bare = option.removeprefix("-")
        if bare not in rtype.sort_options:
            msg = f"'{rtype.name}' cannot sort by '{bare}'; valid sort options: {valid}"
            found.append(Violation(msg, "sort", option))
        elif rtype.descending_only and not option.startswith("-"):
            msg = f"'{rtype.name}' sorts in descending order only: use '-{bare}'"
            found.append(Violation(msg, "sort", option, kind="value"))
    if not 0 < query.max_results <= rtype.max_results:
        msg = (
            f"'{rtype.name}' needs maxResults between 1 and {rtype.max_results},"
            f" got {query.max_results}"
        )
        found.append(Violation(msg, "maxResults", str(query.max_results), kind="value"))
    return found


def score(found: list[Violation]) -> tuple[int, int, int, int]:
    """Rank violations: alien dimensions first, then filter keys, metrics, broken rules."""
    counts = Counter(v.foreign for v in found)
    return counts[3], counts[2], counts[1], counts[0]
