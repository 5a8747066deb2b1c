"""The ReportType record: one channel report Google documents, as data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .rules import Rule

__all__ = ["ReportType"]


def _no_values() -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({})


@dataclass(frozen=True, eq=False)
class ReportType:
    """A report type.

    ``sort_options`` and ``max_results`` are set for "top N" reports only: such a
    report needs ``maxResults`` (at most ``max_results``) and at least one sort option,
    each from ``sort_options``. Elsewhere any requested metric or dimension sorts.
    ``filter_values`` narrows a filter's allowed values; keys in ``single_value`` take
    one value only; ``video_days_limit`` caps (videos in the ``video`` filter) x days.
    """

    name: str
    dimensions: tuple[Rule, ...]
    filters: tuple[Rule, ...]
    metrics: tuple[str, ...]
    sort_options: tuple[str, ...] = ()
    max_results: int = 0
    descending_only: bool = False
    playlist: bool = False
    filter_values: Mapping[str, tuple[str, ...]] = field(default_factory=_no_values)
    single_value: frozenset[str] = frozenset()
    video_days_limit: int = 0
    dimension_names: frozenset[str] = field(init=False)
    filter_names: frozenset[str] = field(init=False)
    metric_names: frozenset[str] = field(init=False)
    locks: Mapping[str, str] = field(init=False)

    def __post_init__(self) -> None:
        def union(rules: tuple[Rule, ...]) -> frozenset[str]:
            return frozenset().union(*(rule.names for rule in rules))

        locks = {k: val for rule in self.filters for k, val in rule.locks.items()}
        object.__setattr__(self, "dimension_names", union(self.dimensions))
        object.__setattr__(self, "filter_names", union(self.filters))
        object.__setattr__(self, "metric_names", frozenset(self.metrics))
        object.__setattr__(self, "locks", MappingProxyType(locks))

    def __repr__(self) -> str:
        return f"<ReportType {self.name!r}>"

    @property
    def top(self) -> bool:
        """Whether this is a "top N" report (maxResults and a sort required)."""
        return self.max_results > 0
