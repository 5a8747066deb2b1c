"""Derived creators' metrics over the sandbox's reports: per row, and totals from summed inputs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from analytix_desktop.api import catalogue
from analytix_desktop.api.report import Report
from analytix_desktop.core.derived import DERIVED, derive, derived_totals, inputs_of
from analytix_desktop.sandbox.scopes import MONETARY_SCOPE
from analytix_desktop.sandbox.server import Sandbox
from tests.sandbox_answers import channel_of, rows_as_dicts, sandbox_report

START, END = dt.date(2025, 12, 1), dt.date(2026, 1, 31)
METRICS = (
    "views",
    "comments",
    "likes",
    "shares",
    "subscribersGained",
    "subscribersLost",
    "estimatedRevenue",
)


def fetch(sandbox: Sandbox, dimensions: str) -> tuple[Report, list[dict[str, Any]]]:
    """A monetised channel's report, and its raw rows as dicts of column -> value."""
    answer = sandbox_report(
        sandbox,
        channel_of(sandbox, monetised=True),
        scopes=frozenset({MONETARY_SCOPE}),
        startDate=START.isoformat(),
        endDate=END.isoformat(),
        dimensions=dimensions,
        metrics=",".join(METRICS),
    )
    query = catalogue.Query(
        dimensions=(dimensions,), metrics=METRICS, start_date=START, end_date=END
    )
    return Report(answer, catalogue.detect(query)), rows_as_dicts(answer)


@pytest.mark.parametrize("dimensions", ["day", "country"])
def test_each_row_is_worked_out_from_its_own_inputs(sandbox: Sandbox, dimensions: str) -> None:
    report, rows = fetch(sandbox, dimensions)
    assert len(rows) > 5
    values = derive(report, ["netSubscribers", "engagementRate", "rpm"])
    assert values["netSubscribers"] == [r["subscribersGained"] - r["subscribersLost"] for r in rows]
    assert values["engagementRate"] == [
        pytest.approx(100 * (r["likes"] + r["comments"] + r["shares"]) / r["views"])
        if r["views"]
        else None
        for r in rows
    ]
    assert values["rpm"] == [
        pytest.approx(1000 * r["estimatedRevenue"] / r["views"]) if r["views"] else None
        for r in rows
    ]


def test_totals_recompute_ratios_from_summed_inputs_never_averaging(sandbox: Sandbox) -> None:
    report, rows = fetch(sandbox, "day")
    views = sum(r["views"] for r in rows)
    engaged = sum(r["likes"] + r["comments"] + r["shares"] for r in rows)
    revenue = sum(r["estimatedRevenue"] for r in rows)
    totals = derived_totals(report, ["engagementRate", "rpm", "netSubscribers"])
    assert totals["engagementRate"] == pytest.approx(100 * engaged / views)
    assert totals["rpm"] == pytest.approx(1000 * revenue / views)
    assert totals["netSubscribers"] == sum(
        r["subscribersGained"] - r["subscribersLost"] for r in rows
    )
    # The days differ, so the mean of the daily rates is not the period's rate.
    daily = derive(report, ["engagementRate"])["engagementRate"]
    mean = sum(v for v in daily if v is not None) / len(daily)
    assert totals["engagementRate"] != pytest.approx(mean, rel=1e-6)


def test_a_missing_input_is_named() -> None:
    query = catalogue.Query(dimensions=("day",), metrics=("views",), start_date=START, end_date=END)
    data = {
        "columnHeaders": [
            {"name": "day", "columnType": "DIMENSION", "dataType": "STRING"},
            {"name": "views", "columnType": "METRIC", "dataType": "INTEGER"},
        ],
        "rows": [["2025-12-01", 10]],
    }
    report = Report(data, catalogue.detect(query))
    with pytest.raises(KeyError, match="comments, likes, shares"):
        derived_totals(report, ["engagementRate"])
    with pytest.raises(KeyError, match="comments"):
        derive(report, ["engagementRate"])


def test_the_table_declares_inputs_a_query_can_ask_for() -> None:
    assert inputs_of(["rpm", "netSubscribers"]) == (
        "views",
        "subscribersGained",
        "subscribersLost",
        "estimatedRevenue",
    )
    assert DERIVED["rpm"].revenue
    assert not DERIVED["engagementRate"].revenue
    for metric in DERIVED.values():
        assert metric.name not in catalogue.METRICS
        query = catalogue.Query(
            dimensions=("day",), metrics=metric.inputs, start_date=START, end_date=END
        )
        catalogue.validate(query)  # raises when no report type takes the inputs
