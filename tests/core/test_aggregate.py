"""Week and month aggregation of the sandbox's daily rows: sums, weighted averages, ratios."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np
import pytest

from analytix_desktop.core.aggregate import aggregate, periods, unavailable_reason
from analytix_desktop.sandbox.scopes import MONETARY_SCOPE
from analytix_desktop.sandbox.server import Sandbox
from tests.sandbox_answers import channel_of, rows_as_dicts, sandbox_report

FIRST = dt.date(2025, 11, 5)  # a Wednesday: the first week and month are partial
LAST = dt.date(2026, 2, 13)  # a Friday
METRICS = (
    "views,estimatedMinutesWatched,averageViewDuration,averageViewPercentage,"
    "grossRevenue,adImpressions,cpm,monetizedPlaybacks,playbackBasedCpm"
)


def daily(sandbox: Sandbox) -> list[dict[str, Any]]:
    """The sandbox's daily rows of a monetised channel, as dicts of column -> value."""
    answer = sandbox_report(
        sandbox,
        channel_of(sandbox, monetised=True),
        scopes=frozenset({MONETARY_SCOPE}),
        startDate=FIRST.isoformat(),
        endDate=LAST.isoformat(),
        dimensions="day",
        metrics=METRICS,
        sort="day",
    )
    return rows_as_dicts(answer)


def expected(
    rows: list[dict[str, Any]], key: Callable[[dt.date], Hashable]
) -> list[dict[str, float]]:
    """Each period's values, worked out row by row with plain arithmetic."""
    grouped: dict[Hashable, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[key(dt.date.fromisoformat(row["day"]))].append(row)
    result = []
    for members in grouped.values():
        total = {name: sum(r[name] for r in members) for name in members[0] if name != "day"}
        result.append(
            {
                "views": total["views"],
                "estimatedMinutesWatched": total["estimatedMinutesWatched"],
                "averageViewDuration": total["estimatedMinutesWatched"] * 60 / total["views"],
                "averageViewPercentage": sum(
                    r["averageViewPercentage"] * r["views"] for r in members
                )
                / total["views"],
                "grossRevenue": total["grossRevenue"],
                "cpm": total["grossRevenue"] / total["adImpressions"] * 1000,
                "playbackBasedCpm": total["grossRevenue"] / total["monetizedPlaybacks"] * 1000,
            }
        )
    return result


@pytest.mark.parametrize(
    ("granularity", "key"),
    [
        ("week", lambda day: day.isocalendar()[:2]),
        ("month", lambda day: (day.year, day.month)),
    ],
)
def test_weeks_and_months_sum_weigh_and_recompute(
    sandbox: Sandbox, granularity: Any, key: Callable[[dt.date], Hashable]
) -> None:
    rows = daily(sandbox)
    assert len(rows) == (LAST - FIRST).days + 1
    days = [dt.date.fromisoformat(row["day"]) for row in rows]
    found, index = periods(days, granularity)
    columns = {
        name: np.array([float(row[name]) for row in rows]) for name in rows[0] if name != "day"
    }
    wanted = expected(rows, key)
    got = aggregate(index, len(found), columns, list(wanted[0]))
    assert len(found) == len(wanted)
    for number, values in enumerate(wanted):
        for name, value in values.items():
            assert got[name][number] == pytest.approx(value, rel=1e-9), (name, number)
    # A plain mean of daily averages would be wrong: the check above would catch it.
    plain = np.mean(
        [
            row["averageViewDuration"]
            for row in rows
            if key(dt.date.fromisoformat(row["day"])) == key(days[0])
        ]
    )
    assert plain != pytest.approx(got["averageViewDuration"][0], rel=1e-6)
    # Periods start on Mondays (or the 1st); only the first and last are partial here.
    assert all(p.start.weekday() == 0 for p in found) or granularity == "month"
    assert all(p.start.day == 1 for p in found) or granularity == "week"
    assert [p.partial for p in found] == [True] + [False] * (len(found) - 2) + [True]
    assert found[0].start <= FIRST <= found[0].end
    assert found[-1].start <= LAST <= found[-1].end


def test_a_ratio_without_its_parts_is_refused() -> None:
    assert unavailable_reason("views", {"views"}) == ""
    assert unavailable_reason("averageViewDuration", {"averageViewDuration", "views"}) == (
        "Average view duration (s) of a week or month needs Watch time (minutes) in the report."
    )
    assert "cannot be worked out" in unavailable_reason("peakConcurrentViewers", set())
    with pytest.raises(ValueError, match="needs Ad impressions"):
        aggregate(
            np.zeros(1, dtype=np.intp), 1, {"cpm": np.ones(1), "grossRevenue": np.ones(1)}, ["cpm"]
        )
