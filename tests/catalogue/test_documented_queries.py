"""Checks the report catalogue against queries written from Google's documentation alone.

Each case in documented_queries says whether the documentation lets a channel run a query; the
catalogue's ``validate`` must agree (return a report type, or raise InvalidRequest).
"""

from __future__ import annotations

import datetime as dt

import pytest

from analytix_desktop.api.catalogue import Query, validate
from analytix_desktop.api.errors import InvalidRequest
from tests.catalogue.documented_queries import (
    AD_REPORTS,
    CASES,
    PLAYLIST_REPORTS,
    REPORT_TYPES,
    VIDEO_REPORTS,
    DocumentedQuery,
)

FIRST_DAY = dt.date(2025, 6, 1)
"""After engagedViews (2025-03-31) and isCurated's retirement, and the first of a month."""


def build_query(case: DocumentedQuery) -> Query:
    """The catalogue's Query for a case; ``days`` is the inclusive length of the date range."""
    return Query(
        dimensions=case.dimensions,
        metrics=case.metrics,
        filters=dict(case.filters),
        sort_options=case.sort,
        max_results=case.max_results,
        currency=case.currency,
        start_date=FIRST_DAY,
        end_date=FIRST_DAY + dt.timedelta(days=case.days - 1),
    )


def run_validate(case: DocumentedQuery) -> object:
    """Validates the case's query, passing the group item types when it names groups."""
    return validate(build_query(case), groups=case.groups or None)


@pytest.mark.parametrize("case", CASES, ids=[case.label for case in CASES])
def test_catalogue_agrees_with_documentation(case: DocumentedQuery) -> None:
    if case.accept:
        try:
            run_validate(case)
        except InvalidRequest as error:
            pytest.fail(f"documented as valid ({case.source}) but refused: {error}")
    else:
        try:
            report = run_validate(case)
        except InvalidRequest:
            return
        pytest.fail(f"documented as invalid ({case.source}: {case.why}) but accepted as {report}")


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 120


def test_labels_are_unique() -> None:
    labels = [case.label for case in CASES]
    assert len(labels) == len(set(labels))


def test_every_case_names_its_source_and_every_refusal_its_reason() -> None:
    assert all(case.source.strip() for case in CASES)
    assert all(case.why.strip() for case in CASES if not case.accept)


def test_every_case_names_a_listed_report_type() -> None:
    assert {case.report for case in CASES} <= set(REPORT_TYPES)


@pytest.mark.parametrize("report", REPORT_TYPES)
def test_every_report_type_has_an_accepted_case(report: str) -> None:
    assert any(case.accept and case.report == report for case in CASES)


@pytest.mark.parametrize(
    "family", [VIDEO_REPORTS, PLAYLIST_REPORTS, AD_REPORTS], ids=["video", "playlist", "ad"]
)
def test_every_family_has_refused_cases(family: tuple[str, ...]) -> None:
    assert any(not case.accept and case.report in family for case in CASES)
