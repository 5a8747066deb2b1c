"""Refusals in the builder's words, and fixes that really fix (no Qt needed)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from analytix_desktop.api import catalogue
from analytix_desktop.gui.builder.explain import REVENUE_SCOPE_PROBLEM, check, humanise

from .test_builder_typing import API_NAMES

END = dt.date(2024, 3, 13)
START = END - dt.timedelta(days=27)
FILTER_VALUES = {
    "country": ["US", "GB"],
    "province": ["US-CA"],
    "continent": ["150"],
    "video": ["vid00000001", "vid00000001,vid00000002"],
    "playlist": ["PLaaaa"],
    "insightTrafficSourceType": ["YT_SEARCH", "EXT_URL"],
    "deviceType": ["MOBILE"],
    "subscribedStatus": ["SUBSCRIBED"],
    "liveOrOnDemand": ["LIVE"],
}

queries = st.builds(
    catalogue.Query,
    dimensions=st.lists(st.sampled_from(sorted(catalogue.DIMENSIONS)), max_size=3, unique=True).map(
        tuple
    ),
    metrics=st.lists(
        st.sampled_from(sorted(catalogue.METRICS)), min_size=1, max_size=4, unique=True
    ).map(tuple),
    filters=st.dictionaries(st.sampled_from(sorted(FILTER_VALUES)), st.just(""), max_size=2),
    max_results=st.sampled_from([0, 10, 500]),
    start_date=st.just(START),
    end_date=st.just(END),
).flatmap(
    lambda q: st.fixed_dictionaries(
        {key: st.sampled_from(FILTER_VALUES[key]) for key in q.filters}
    ).map(lambda filters: dataclasses.replace(q, filters=filters))
)


@settings(max_examples=400, deadline=None)
@given(queries)
def test_refusals_never_name_api_fields_and_fixes_validate(query: catalogue.Query) -> None:
    verdict = check(query)
    if verdict.valid:
        assert verdict.report_type is catalogue.validate(query)
        return
    assert verdict.problems
    for problem in verdict.problems:
        assert not API_NAMES.search(problem), problem
        assert "==" not in problem, problem
    if verdict.fix is not None:
        assert check(verdict.fix.query).valid, verdict.fix.label
        assert not API_NAMES.search(verdict.fix.label), verdict.fix.label


def test_the_issue_examples() -> None:
    province = catalogue.Query(
        dimensions=("province",), metrics=("views",), start_date=START, end_date=END
    )
    verdict = check(province)
    assert not verdict.valid
    assert verdict.fix is not None
    assert verdict.fix.label == "Set Country to United States"
    assert verdict.fix.query.filters == {"country": "US"}
    detail = catalogue.Query(
        dimensions=("insightTrafficSourceDetail",),
        metrics=("views",),
        filters={"insightTrafficSourceType": "YT_SEARCH"},
        start_date=START,
        end_date=END,
    )
    verdict = check(detail)
    assert verdict.fix is not None
    assert verdict.fix.label == "Sort by Views, highest first and Set Rows to 25"
    assert "YouTube search" in humanise("filter 'insightTrafficSourceType==YT_SEARCH' is required")


def test_revenue_without_the_scope_is_refused_with_a_fix() -> None:
    query = catalogue.Query(
        dimensions=("day",), metrics=("views", "estimatedRevenue"), start_date=START, end_date=END
    )
    assert check(query).valid
    verdict = check(query, monetary=False)
    assert verdict.problems == (REVENUE_SCOPE_PROBLEM,)
    assert verdict.fix is not None
    assert verdict.fix.query.metrics == ("views",)


def test_month_reports_get_whole_months() -> None:
    query = catalogue.Query(
        dimensions=("month",),
        metrics=("views",),
        start_date=dt.date(2024, 1, 5),
        end_date=dt.date(2024, 3, 1),
    )
    verdict = check(query)
    assert verdict.fix is not None
    assert verdict.fix.query.start_date == dt.date(2024, 1, 1)
    assert "start date" in verdict.problems[0]
