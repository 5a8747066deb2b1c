"""Creators' metrics that no API returns, computed from the metrics they are made of.

Every derived metric is a formula over additive API metrics, so a total (or a week,
a month, a group of rows) is the formula applied to the summed inputs: a ratio is
recomputed, never averaged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from analytix_desktop.api.catalogue.metrics import METRICS, in_column_order
from analytix_desktop.api.catalogue.model import Unit
from analytix_desktop.api.report import Report
from analytix_desktop.api.table import Value

__all__ = [
    "DERIVED",
    "DerivedMetric",
    "derive",
    "derived_totals",
    "evaluate",
    "inputs_of",
]

Formula = Callable[[Mapping[str, float]], float | None]


def _per(numerator: float, denominator: float, scale: float) -> float | None:
    """``scale`` x numerator / denominator, or None when there is nothing to divide by."""
    return scale * numerator / denominator if denominator else None


@dataclass(frozen=True)
class DerivedMetric:
    """A metric computed client-side: ``formula`` of the summed ``inputs``."""

    name: str
    title: str
    unit: Unit
    """As the catalogue's: "count", "percent" (0-100), "rate" (money per thousand)."""
    inputs: tuple[str, ...]
    """Additive API metrics the query must ask for (in the catalogue's column order)."""
    formula: Formula
    additive: bool
    """Whether rows may be summed (net subscribers); otherwise recompute from summed inputs."""
    description: str

    @property
    def revenue(self) -> bool:
        """Whether it needs revenue metrics (a monetised channel and the monetary scope)."""
        return any(METRICS[name].revenue for name in self.inputs)


def _table(*metrics: DerivedMetric) -> dict[str, DerivedMetric]:
    for metric in metrics:  # a typo or a non-additive input fails at import
        assert metric.inputs == in_column_order(*metric.inputs), metric.name
        assert all(METRICS[name].additive for name in metric.inputs), metric.name
    return {metric.name: metric for metric in metrics}


DERIVED: dict[str, DerivedMetric] = _table(
    DerivedMetric(
        "netSubscribers",
        "Net subscribers",
        "count",
        ("subscribersGained", "subscribersLost"),
        lambda v: v["subscribersGained"] - v["subscribersLost"],
        True,
        "Subscribers gained minus subscribers lost.",
    ),
    DerivedMetric(
        "engagementRate",
        "Engagement rate",
        "percent",
        ("views", "comments", "likes", "shares"),
        lambda v: _per(v["likes"] + v["comments"] + v["shares"], v["views"], 100.0),
        False,
        "Likes, comments and shares per view: (likes + comments + shares) / views.",
    ),
    DerivedMetric(
        "rpm",
        "RPM",
        "rate",
        ("views", "estimatedRevenue"),
        lambda v: _per(v["estimatedRevenue"], v["views"], 1000.0),
        False,
        "Revenue per thousand views: estimated revenue / views x 1,000, after YouTube's share.",
    ),
)
"""The derived metrics by name (names unlike any API metric's)."""


def inputs_of(names: Iterable[str]) -> tuple[str, ...]:
    """The API metrics ``names`` need, in column order; ``KeyError`` for an unknown name."""
    return in_column_order(*(i for name in names for i in DERIVED[name].inputs))


def evaluate(name: str, values: Mapping[str, float]) -> float | None:
    """Derived metric ``name`` from its inputs' ``values`` (one row, or summed rows)."""
    return DERIVED[name].formula(values)


def _number(value: Value) -> float:
    if not isinstance(value, int | float):
        raise TypeError(f"{value!r} is not a metric's number")
    return float(value)


def derive(report: Report, names: Iterable[str]) -> dict[str, list[float | None]]:
    """Per derived metric, its value on each row of ``report`` (None where undefined).

    ``KeyError`` naming the missing column when the report lacks an input.
    """
    wanted = list(names)
    columns = {name: [_number(v) for v in report.column(name)] for name in inputs_of(wanted)}
    rows = range(report.shape[0])
    result: dict[str, list[float | None]] = {}
    for name in wanted:
        inputs = DERIVED[name].inputs
        result[name] = [evaluate(name, {i: columns[i][row] for i in inputs}) for row in rows]
    return result


def derived_totals(
    report: Report, names: Iterable[str], sums: Mapping[str, int | float | None] | None = None
) -> dict[str, float | None]:
    """Per derived metric, its total over ``report``'s rows: the formula of the summed
    inputs. ``sums``: ``report.totals()`` when the caller has them already."""
    wanted = list(names)
    if not wanted:
        return {}
    needed = inputs_of(wanted)
    sums = report.totals() if sums is None else sums
    missing = [name for name in needed if sums.get(name) is None]
    if missing:
        raise KeyError(f"the report has no {', '.join(missing)} column")
    values = {name: float(sums[name] or 0) for name in needed}
    return {name: evaluate(name, values) for name in wanted}
