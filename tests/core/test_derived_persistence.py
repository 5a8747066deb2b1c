"""Creators' metrics kept in report definitions and worked out per week or month from
the summed inputs of the sandbox's daily rows."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any

import numpy as np
import pytest

from analytix_desktop.api import catalogue
from analytix_desktop.core.aggregate import aggregate, periods, unavailable_reason
from analytix_desktop.core.definitions import DefinitionError, ReportDefinition
from analytix_desktop.sandbox.scopes import MONETARY_SCOPE
from analytix_desktop.sandbox.server import Sandbox
from tests.sandbox_answers import channel_of, rows_as_dicts, sandbox_report

FIRST = dt.date(2025, 11, 5)
LAST = dt.date(2026, 2, 13)
INPUTS = ("views", "comments", "likes", "shares", "subscribersGained", "subscribersLost")
DERIVED = ("netSubscribers", "engagementRate", "rpm")


def daily(sandbox: Sandbox) -> list[dict[str, Any]]:
    """The sandbox's daily rows of a monetised channel, as dicts of column -> value."""
    answer = sandbox_report(
        sandbox,
        channel_of(sandbox, monetised=True),
        scopes=frozenset({MONETARY_SCOPE}),
        startDate=FIRST.isoformat(),
        endDate=LAST.isoformat(),
        dimensions="day",
        metrics=",".join((*INPUTS, "estimatedRevenue")),
        sort="day",
    )
    return rows_as_dicts(answer)


@pytest.mark.parametrize("granularity", ["week", "month"])
def test_weeks_and_months_recompute_creators_metrics_from_summed_inputs(
    sandbox: Sandbox, granularity: Any
) -> None:
    rows = daily(sandbox)
    days = [dt.date.fromisoformat(row["day"]) for row in rows]
    found, index = periods(days, granularity)
    columns = {
        name: np.array([float(row[name]) for row in rows]) for name in (*INPUTS, "estimatedRevenue")
    }
    assert all(unavailable_reason(name, columns) == "" for name in DERIVED)
    result = aggregate(index, len(found), columns, [*DERIVED, "views"])

    grouped: dict[dt.date, list[dict[str, Any]]] = defaultdict(list)
    for row, day in zip(rows, days, strict=True):
        start = (
            day - dt.timedelta(days=day.weekday()) if granularity == "week" else day.replace(day=1)
        )
        grouped[start].append(row)
    assert [period.start for period in found] == list(grouped)
    for number, members in enumerate(grouped.values()):
        total = {name: sum(row[name] for row in members) for name in (*INPUTS, "estimatedRevenue")}
        net = total["subscribersGained"] - total["subscribersLost"]
        engaged = total["likes"] + total["comments"] + total["shares"]
        assert result["netSubscribers"][number] == net
        assert math.isclose(result["engagementRate"][number], 100 * engaged / total["views"])
        assert math.isclose(
            result["rpm"][number], 1000 * total["estimatedRevenue"] / total["views"]
        )
        averaged = sum(
            100 * (r["likes"] + r["comments"] + r["shares"]) / r["views"] for r in members
        ) / len(members)
        assert not math.isclose(result["engagementRate"][number], averaged, rel_tol=1e-9)


def test_a_creators_metric_without_its_inputs_is_not_aggregated() -> None:
    reason = unavailable_reason("engagementRate", {"views", "likes"})
    assert reason.startswith("Engagement rate of a week or month needs")
    assert "Comments" in reason
    assert "Shares" in reason
    with pytest.raises(ValueError, match="Engagement rate"):
        aggregate(np.zeros(1, dtype=np.intp), 1, {"engagementRate": np.ones(1)}, ["engagementRate"])


QUERY = catalogue.Query(
    dimensions=("day",), metrics=INPUTS, sort_options=("day",), start_date=FIRST, end_date=LAST
)


def test_definitions_keep_creators_metrics() -> None:
    definition = ReportDefinition.from_query(
        "Engagement", QUERY, "last_28_days", derived=("engagementRate", "netSubscribers")
    )
    data = definition.to_json()
    assert data["derived"] == ["engagementRate", "netSubscribers"]
    assert ReportDefinition.from_json(data) == definition
    plain = ReportDefinition.from_query("Plain", QUERY, "last_28_days")
    assert plain.derived == ()
    assert "derived" not in plain.to_json()  # files written before stay as they were


@pytest.mark.parametrize(
    ("derived", "problem"),
    [
        (["rpm"], "'rpm' needs estimatedRevenue in metrics"),
        (["views"], "'views' is not a creators' metric"),
        (["netSubscribers", "netSubscribers"], "listed twice"),
        ("netSubscribers", "expected a list"),
    ],
)
def test_bad_creators_metrics_in_a_definition_are_named(derived: object, problem: str) -> None:
    data = ReportDefinition.from_query("Engagement", QUERY, "last_28_days").to_json()
    with pytest.raises(DefinitionError, match=problem) as raised:
        ReportDefinition.from_json({**data, "derived": derived})
    assert raised.value.field == "derived"
