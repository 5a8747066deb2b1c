"""Every report type's own minimal query is accepted."""

from __future__ import annotations

import pytest

from analytix_desktop.api.catalogue import (
    METRICS,
    REPORT_TYPES,
    REPORT_TYPES_BY_NAME,
    ReportType,
    accepting,
    complete,
    detect,
    validate,
)
from analytix_desktop.api.catalogue.checks import violations

from .support import query


def test_catalogue_shape() -> None:
    assert len(REPORT_TYPES) == 45  # analytix's 44, with the US city variant split out
    assert len(REPORT_TYPES_BY_NAME) == 45
    assert sum(rt.playlist for rt in REPORT_TYPES) == 13
    for rtype in REPORT_TYPES:
        assert list(rtype.metrics) == [m for m in METRICS if m in rtype.metric_names]
        assert set(rtype.sort_options) <= rtype.metric_names
        assert rtype.top == bool(rtype.sort_options)


@pytest.mark.parametrize("rtype", REPORT_TYPES, ids=lambda rt: rt.name)
def test_minimal_query_is_accepted(rtype: ReportType) -> None:
    minimal = complete(query(), rtype)
    assert violations(rtype, minimal) == []
    chosen = validate(minimal)
    assert violations(chosen, minimal) == []
    assert rtype in accepting(minimal)
    found = detect(minimal)
    assert not violations(found, minimal, structure_only=True)


@pytest.mark.parametrize("rtype", REPORT_TYPES, ids=lambda rt: rt.name)
def test_minimal_query_with_one_metric_per_type(rtype: ReportType) -> None:
    for metric in rtype.metrics:
        minimal = complete(query(metrics=(metric,)), rtype)
        assert violations(rtype, minimal) == [], metric


@pytest.mark.parametrize(
    ("dimensions", "filters", "name"),
    [
        ((), {}, "Basic user activity"),
        (("day",), {}, "Time-based activity"),
        (("country",), {}, "Geography-based activity"),
        (("province",), {"country": "US"}, "Geography-based activity (US)"),
        (("video",), {}, "Top videos by region"),
        (("insightTrafficSourceType",), {}, "Traffic sources"),
        (("elapsedVideoTimeRatio",), {"video": "v1"}, "Audience retention"),
        (("day",), {"playlist": "p1"}, "Time-based activity for playlists"),
        (("adType",), {}, "Ad performance"),
    ],
)
def test_detect(dimensions: tuple[str, ...], filters: dict[str, str], name: str) -> None:
    assert detect(query(dimensions=dimensions, filters=filters)).name == name
