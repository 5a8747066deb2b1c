"""Property tests of validate, detect and options."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from analytix_desktop.api.catalogue import (
    CURRENCIES,
    DIMENSIONS,
    FILTERS,
    METRICS,
    MULTI_VALUE_FILTERS,
    Query,
    ReportType,
    candidates,
    complete,
    detect,
    options,
    validate,
)
from analytix_desktop.api.catalogue.checks import violations
from analytix_desktop.api.errors import InvalidRequest

JUNK = ["bogus", "", "views2"]
dimension_names = st.sampled_from([*DIMENSIONS, *JUNK])
metric_names = st.sampled_from([*METRICS, *JUNK])


@st.composite
def filter_entries(draw: st.DrawFn) -> tuple[str, str]:
    key = draw(st.sampled_from([*FILTERS, "planet"]))
    known = list(FILTERS[key].values) if key in FILTERS else []
    value = draw(
        st.one_of(
            st.sampled_from(known or ["id1"]),
            st.lists(st.sampled_from(["a", "b", "US", "EMBEDDED"]), min_size=1, max_size=3).map(
                ",".join
            ),
            st.just(""),
        )
    )
    return key, value


@st.composite
def queries(draw: st.DrawFn) -> Query:
    dims = draw(st.lists(dimension_names, max_size=3))
    metrics = draw(st.lists(metric_names, max_size=4))
    sort = draw(
        st.lists(st.sampled_from([*metrics, *dims, "likes"]).map(lambda s: s), max_size=2)
        if metrics or dims
        else st.just([])
    )
    sort = [draw(st.sampled_from([s, f"-{s}"])) for s in sort]
    start = draw(st.dates(dt.date(2020, 1, 1), dt.date(2025, 1, 1)))
    end = start + dt.timedelta(days=draw(st.integers(-3, 400)))
    return Query(
        dimensions=tuple(dims),
        filters=dict(draw(st.lists(filter_entries(), max_size=3))),
        metrics=tuple(metrics),
        sort_options=tuple(sort),
        start_date=start,
        end_date=end,
        max_results=draw(st.sampled_from([0, 0, 10, 25, 200, 300, -1])),
        start_index=draw(st.sampled_from([1, 1, 5, 0])),
        currency=draw(st.sampled_from(["USD", "EUR", "XYZ", *list(CURRENCIES)[:5]])),
    )


def _outcome(q: Query) -> tuple[ReportType | None, InvalidRequest | None]:
    try:
        return validate(q), None
    except InvalidRequest as error:
        return None, error


def _names_offender(error: InvalidRequest) -> None:
    if error.value:
        for part in error.value.split(","):
            assert part.removeprefix("-") in str(error), (part, str(error))


@settings(max_examples=400, deadline=None)
@given(queries())
def test_random_queries_validate_or_raise_invalid_request(q: Query) -> None:
    rtype, error = _outcome(q)
    if error is None:
        assert rtype is not None
        assert violations(rtype, q) == []
    else:
        assert error.kind in {"unknown", "value", "required", "unsupported"}
        assert error.field
        _names_offender(error)
    try:
        detect(q)
    except InvalidRequest as refused:
        _names_offender(refused)
    options(q)


GroupKinds = dict[str, str] | None


@st.composite
def built_by_options(draw: st.DrawFn) -> tuple[Query, GroupKinds]:
    """Add only what options() calls valid, a few times over, for a group of either kind."""
    groups: GroupKinds = draw(st.sampled_from([None, {"id1": "video"}, {"id1": "playlist"}]))
    q = Query(start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 2, 15))
    for _ in range(draw(st.integers(0, 6))):
        opts = options(q, groups=groups)
        pools = {
            "dimensions": [k for k, c in opts.dimensions.items() if c.valid],
            "filters": [k for k, c in opts.filters.items() if c.valid],
            "metrics": [k for k, c in opts.metrics.items() if c.valid],
            "sort": [k for k, c in opts.sort_options.items() if c.valid],
        }
        kinds = [kind for kind, pool in pools.items() if pool]
        if not kinds:
            break
        kind = draw(st.sampled_from(kinds))
        item = draw(st.sampled_from(sorted(pools[kind])))
        if kind == "dimensions":
            q = Query(**{**q.__dict__, "dimensions": (*q.dimensions, item)})
        elif kind == "metrics":
            q = Query(**{**q.__dict__, "metrics": (*q.metrics, item)})
        elif kind == "sort":
            q = Query(**{**q.__dict__, "sort_options": (*q.sort_options, item)})
        else:
            allowed = opts.filter_values.get(item)
            if allowed == ():  # every known value is refused (a group of the wrong kind)
                continue
            allowed = allowed or tuple(FILTERS[item].values) or ("id1",)
            if any(  # several values where a candidate takes a list (as the GUI's pickers)
                item in MULTI_VALUE_FILTERS
                and item in rtype.filter_names
                and item not in rtype.single_value
                for rtype in opts.report_types
            ):
                allowed = (*allowed, "id1,id2")
            value = draw(st.sampled_from(sorted(allowed)))
            q = Query(**{**q.__dict__, "filters": {**q.filters, item: value}})
        assert candidates(q, groups=groups), q
    return q, groups


@settings(max_examples=300, deadline=None)
@given(built_by_options())
def test_choices_options_allow_can_be_completed(built: tuple[Query, GroupKinds]) -> None:
    q, groups = built
    full = complete(q, groups=groups)
    rtype = validate(full, groups=groups)
    assert violations(rtype, full) == []


@settings(max_examples=200, deadline=None)
@given(queries())
def test_invalid_choices_have_reasons(q: Query) -> None:
    opts = options(q)
    for table in (opts.dimensions, opts.filters, opts.metrics, opts.sort_options):
        for choice in table.values():
            assert choice.valid or choice.reason
