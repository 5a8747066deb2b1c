"""JSON report definitions: a saved report's query with a relative or fixed date range.

The schema (documented in the README)::

    {"name": "Daily views", "dimensions": ["day"], "metrics": ["views"], "filters": {},
     "sort": ["day"], "max_results": 0, "range": "last_28_days", "currency": "USD",
     "channel": "UC..."}

``range`` is a range name of :data:`ranges.PRESET_OF_RANGE` or ``{"start": "YYYY-MM-DD",
"end": "YYYY-MM-DD"}``; ``channel`` is optional (omitted: for any channel); so is
``derived``, the creators' metrics of :data:`derived.DERIVED` computed from ``metrics``
(each needs its inputs there). Reading is strict about shape and names; whether Google
would accept the query is ``catalogue.validate``'s business, not this module's.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..api import catalogue
from ..api.atomic import atomic_write
from ..api.dates import parse_day
from .derived import DERIVED
from .ranges import PRESET_OF_RANGE, named_range, snap_to_months, utc_today

__all__ = [
    "MAX_FILE_BYTES",
    "DefinitionError",
    "ReportDefinition",
    "read_definitions",
    "write_definitions",
]

MAX_FILE_BYTES = 4 * 1024 * 1024
"""The largest definitions file read: thousands of definitions, never a stray big file."""

_REQUIRED = ("name", "metrics", "range")
_KEYS = (
    "name",
    "dimensions",
    "metrics",
    "filters",
    "sort",
    "max_results",
    "range",
    "currency",
    "channel",
    "derived",
)

DateRange = tuple[dt.date, dt.date]


class DefinitionError(ValueError):
    """A definition that cannot be read: ``field`` names the bad key ("" for the whole)."""

    def __init__(self, field: str, problem: str, *, source: str = "") -> None:
        self.field = field
        self.problem = problem
        self.source = source
        text = f"{field}: {problem}" if field else problem
        super().__init__(f"{source}: {text}" if source else text)

    def located(self, source: str) -> DefinitionError:
        """The same error, said of ``source`` (a file, a definition in a list)."""
        return DefinitionError(self.field, self.problem, source=source)


def _names(data: Mapping[str, Any], key: str, kind: str, known: Mapping[str, Any]) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise DefinitionError(key, f"expected a list of {kind} names")
    names: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise DefinitionError(key, f"{item!r} is not a {kind} name")
        # A sort option may be descending: "-views".
        if (item.removeprefix("-") if key == "sort" else item) not in known:
            raise DefinitionError(key, f"{item!r} is not a {kind}")
        if item in names:
            raise DefinitionError(key, f"{item!r} is listed twice")
        names.append(item)
    return names


def _filters(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        raise DefinitionError("filters", 'expected an object such as {"country": "US"}')
    for key, text in value.items():
        if key not in catalogue.FILTERS:
            raise DefinitionError("filters", f"{key!r} is not a filter")
        if not isinstance(text, str) or not text.strip():
            raise DefinitionError("filters", f"the value of {key!r} must be a non-empty text")
    return dict(value)


def _derived(data: Mapping[str, Any], metrics: Sequence[str]) -> tuple[str, ...]:
    names = _names(data, "derived", "creators' metric", DERIVED)
    for name in names:
        missing = [i for i in DERIVED[name].inputs if i not in metrics]
        if missing:
            raise DefinitionError("derived", f"{name!r} needs {', '.join(missing)} in metrics")
    return tuple(names)


def _day(value: object, key: str) -> dt.date:
    try:
        return parse_day(value)  # type: ignore[arg-type]  # parse_day refuses non-strings
    except ValueError:
        raise DefinitionError("range", f"{key}: {value!r} is not a date (YYYY-MM-DD)") from None


def _range(value: object) -> str | DateRange:
    if isinstance(value, str):
        if value not in PRESET_OF_RANGE:
            names = ", ".join(PRESET_OF_RANGE)
            raise DefinitionError("range", f"{value!r} is not a range name (one of {names})")
        return value
    if not isinstance(value, dict) or set(value) != {"start", "end"}:
        raise DefinitionError(
            "range", 'expected a range name or {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}'
        )
    start, end = _day(value["start"], "start"), _day(value["end"], "end")
    if start > end:
        raise DefinitionError("range", f"start {start} is after end {end}")
    return start, end


def _currency(value: object) -> str:
    if not isinstance(value, str):
        raise DefinitionError("currency", "expected a currency code such as 'USD'")
    retired = catalogue.RETIRED_CURRENCIES.get(value)
    if retired is not None:
        raise DefinitionError(
            "currency", f"{value!r} is withdrawn; use {retired.replacement!r} instead"
        )
    if value not in catalogue.CURRENCIES:
        raise DefinitionError("currency", f"{value!r} is not a currency code")
    return value


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise DefinitionError(key, "expected a non-empty text")
    return value


@dataclass(frozen=True)
class ReportDefinition:
    """A named query with a range name (re-evaluated on every run) or fixed dates."""

    name: str
    dimensions: tuple[str, ...]
    metrics: tuple[str, ...]
    filters: Mapping[str, str]
    sort: tuple[str, ...]
    max_results: int
    range: str | DateRange
    currency: str = "USD"
    channel_id: str | None = field(default=None)
    derived: tuple[str, ...] = ()
    """Creators' metrics (``core.derived``) computed from the report's columns."""

    @classmethod
    def from_json(cls, data: object) -> ReportDefinition:
        """The definition in ``data`` (parsed JSON); ``DefinitionError`` naming the bad field."""
        if not isinstance(data, dict):
            raise DefinitionError("", "a definition must be a JSON object")
        unknown = sorted(str(key) for key in data if key not in _KEYS)
        if unknown:
            raise DefinitionError(unknown[0], "is not a definition key")
        missing = [key for key in _REQUIRED if key not in data]
        if missing:
            raise DefinitionError(missing[0], "is missing")
        limit = data.get("max_results", 0)
        if type(limit) is not int or limit < 0:
            raise DefinitionError("max_results", "expected a whole number, 0 for no limit")
        sortable = {**catalogue.DIMENSIONS, **catalogue.METRICS}
        metrics = tuple(_names(data, "metrics", "metric", catalogue.METRICS))
        return cls(
            name=_text(data, "name"),
            dimensions=tuple(_names(data, "dimensions", "dimension", catalogue.DIMENSIONS)),
            metrics=metrics,
            filters=_filters(data.get("filters", {})),
            sort=tuple(_names(data, "sort", "dimension or metric", sortable)),
            max_results=limit,
            range=_range(data["range"]),
            currency=_currency(data.get("currency", "USD")),
            channel_id=_text(data, "channel") if "channel" in data else None,
            derived=_derived(data, metrics),
        )

    def to_json(self) -> dict[str, Any]:
        """The definition as JSON-able data, which :meth:`from_json` reads back equal."""
        data: dict[str, Any] = {
            "name": self.name,
            "dimensions": list(self.dimensions),
            "metrics": list(self.metrics),
            "filters": dict(self.filters),
            "sort": list(self.sort),
            "max_results": self.max_results,
            "range": (
                self.range
                if isinstance(self.range, str)
                else {"start": self.range[0].isoformat(), "end": self.range[1].isoformat()}
            ),
            "currency": self.currency,
        }
        if self.channel_id is not None:
            data["channel"] = self.channel_id
        if self.derived:
            data["derived"] = list(self.derived)
        return data

    def dates(
        self, *, today: dt.date | None = None, lifetime_start: dt.date | None = None
    ) -> DateRange:
        """The range's (start, end) on ``today`` (UTC today by default).

        A range name of a month report snaps to whole months, as the builder does.
        """
        if not isinstance(self.range, str):
            return self.range
        start, end = named_range(self.range, today or utc_today(), lifetime_start)
        return snap_to_months(start, end) if "month" in self.dimensions else (start, end)

    def query(
        self,
        *,
        today: dt.date | None = None,
        lifetime_start: dt.date | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> catalogue.Query:
        """The query to run on ``today``; ``start`` and ``end`` override the range's."""
        first, last = self.dates(today=today, lifetime_start=lifetime_start)
        return catalogue.Query(
            dimensions=self.dimensions,
            filters=dict(self.filters),
            metrics=self.metrics,
            sort_options=self.sort,
            start_date=first if start is None else start,
            end_date=last if end is None else end,
            max_results=self.max_results,
            currency=self.currency,
        )

    @classmethod
    def from_query(
        cls,
        name: str,
        query: catalogue.Query,
        range: str | DateRange,
        *,
        channel_id: str | None = None,
        derived: Sequence[str] = (),
    ) -> ReportDefinition:
        """``query`` saved as ``name`` with ``range`` and creators' metrics ``derived``;
        ``DefinitionError`` as :meth:`from_json`."""
        definition = cls(
            name=name,
            dimensions=tuple(query.dimensions),
            metrics=tuple(query.metrics),
            filters=dict(query.filters),
            sort=tuple(query.sort_options),
            max_results=query.max_results,
            range=range,
            currency=query.currency,
            channel_id=channel_id,
            derived=tuple(derived),
        )
        # The same checks as a definition read from a file.
        return cls.from_json(definition.to_json())


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise DefinitionError(key, "is given twice")
        data[key] = value
    return data


def _no_constant(name: str) -> Any:
    raise DefinitionError("", f"{name} is not a JSON number")


def read_definitions(path: Path) -> list[ReportDefinition]:
    """The definitions in ``path`` (one object or a list of them).

    ``DefinitionError`` names the file (and the definition's place in a list) and the
    bad field; ``OSError`` when the file cannot be read.
    """
    with open(path, "rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise DefinitionError("", f"larger than {MAX_FILE_BYTES >> 20} MiB", source=str(path))
    try:
        data = json.loads(
            raw.decode("utf-8-sig"), object_pairs_hook=_unique_keys, parse_constant=_no_constant
        )
    except DefinitionError as error:
        raise error.located(str(path)) from None
    except UnicodeDecodeError:
        raise DefinitionError("", "not UTF-8 text", source=str(path)) from None
    except json.JSONDecodeError as error:
        raise DefinitionError("", f"not JSON ({error})", source=str(path)) from None
    if not isinstance(data, list):
        try:
            return [ReportDefinition.from_json(data)]
        except DefinitionError as error:
            raise error.located(str(path)) from None
    definitions = []
    for number, item in enumerate(data, start=1):
        try:
            definitions.append(ReportDefinition.from_json(item))
        except DefinitionError as error:
            raise error.located(f"{path}, definition {number}") from None
    return definitions


def write_definitions(path: Path, definitions: Sequence[ReportDefinition]) -> None:
    """Write ``definitions`` to ``path`` as an indented UTF-8 JSON list, atomically."""
    text = json.dumps(
        [definition.to_json() for definition in definitions],
        indent=2,
        ensure_ascii=False,
        allow_nan=False,
    )
    with atomic_write(path, encoding="utf-8", newline="\n") as handle:
        handle.write(text + "\n")
