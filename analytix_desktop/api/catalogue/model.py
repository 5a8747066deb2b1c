"""The vocabulary records: dimensions, metrics and filter keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["DataType", "Dimension", "FilterKey", "Metric", "Unit"]

DataType = Literal["INTEGER", "FLOAT"]
Unit = Literal["count", "minutes", "seconds", "percent", "ratio", "currency", "rate"]


@dataclass(frozen=True, slots=True)
class Dimension:
    """A dimension: a column that groups rows (a day, a country, a video...)."""

    name: str
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class Metric:
    """A metric: a measured column.

    ``additive`` says whether values of several rows may be summed into a total;
    ``revenue`` whether it needs the monetary scope.
    """

    name: str
    title: str
    description: str
    data_type: DataType
    unit: Unit
    additive: bool
    revenue: bool


@dataclass(frozen=True, slots=True)
class FilterKey:
    """A key usable in ``filters``; ``values`` maps codes to labels (empty: free text)."""

    name: str
    title: str
    values: dict[str, str] = field(default_factory=dict)
