"""Reports that remember: every fetch kept in the local store, and no quota spent twice.

An identical query for the same channel is served from the store, with no request, when
it was fetched within the freshness window, or when its whole range already lay before
Google's reporting lag at fetch time (such days no longer change). Otherwise, or when
forced, it is fetched and stored. Qt-free: the GUI and the command line share it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from ..api import catalogue, slicedjson
from ..api.dates import parse_day
from ..api.errors import MalformedResponse
from ..api.report import Report
from ..api.transport import RetryHook
from ..store.report_db import ReportStore, ReportStoreError, StoredReport
from .desktop_client import DesktopClient
from .ranges import last_data_day
from .report_run import ReportRun, run_report
from .tasks import TaskContext

__all__ = [
    "DEFAULT_FRESHNESS",
    "ReportHistory",
    "query_from_record",
    "query_key",
    "query_record",
    "reusable",
]

_log = logging.getLogger(__name__)

DEFAULT_FRESHNESS = 3600.0
"""How long (seconds) a fetched report answers the same query again: one hour."""


def query_record(query: catalogue.Query) -> dict[str, Any]:
    """``query`` as JSON-able data: what the store keeps and history shows."""
    return {
        "dimensions": list(query.dimensions),
        "metrics": list(query.metrics),
        "filters": dict(query.filters),
        "sort": list(query.sort_options),
        "start": query.start_date.isoformat(),
        "end": query.end_date.isoformat(),
        "max_results": query.max_results,
        "start_index": query.start_index,
        "currency": query.currency,
        "include_historical_data": query.include_historical_data,
    }


def query_key(query: catalogue.Query) -> str:
    """One text per distinct question: filters in key order, everything else as given
    (the order of dimensions and metrics decides the response's columns)."""
    record = query_record(query)
    record["filters"] = dict(sorted(query.filters.items()))
    return json.dumps(record, sort_keys=True, separators=(",", ":"))


def _strings(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{key}: expected a list of names")
    return tuple(value)


def query_from_record(data: Mapping[str, Any]) -> catalogue.Query:
    """The query of a :func:`query_record`; ``ValueError`` naming the first bad field."""
    filters = data.get("filters", {})
    if not isinstance(filters, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in filters.items()
    ):
        raise ValueError("filters: expected names and texts")
    numbers = {
        key: data.get(key, default) for key, default in (("max_results", 0), ("start_index", 1))
    }
    for key, value in numbers.items():
        if type(value) is not int or value < 0:
            raise ValueError(f"{key}: expected a whole number")
    currency = data.get("currency", "USD")
    historical = data.get("include_historical_data", False)
    if not isinstance(currency, str) or not isinstance(historical, bool):
        raise ValueError("currency: expected a currency code")
    try:
        start, end = parse_day(data.get("start")), parse_day(data.get("end"))  # type: ignore[arg-type]
    except ValueError as error:
        raise ValueError(f"dates: {error}") from None
    return catalogue.Query(
        dimensions=_strings(data, "dimensions"),
        metrics=_strings(data, "metrics"),
        filters=dict(filters),
        sort_options=_strings(data, "sort"),
        start_date=start,
        end_date=end,
        max_results=numbers["max_results"],
        start_index=numbers["start_index"],
        currency=currency,
        include_historical_data=historical,
    )


def reusable(stored: StoredReport, query: catalogue.Query, now: float, freshness: float) -> bool:
    """Whether ``stored`` answers ``query`` again without asking Google."""
    if 0 <= now - stored.fetched_at < freshness:
        return True
    fetched_day = dt.datetime.fromtimestamp(stored.fetched_at, dt.UTC).date()
    return query.end_date < last_data_day(fetched_day)


class ReportHistory:
    """Runs reports through the store: served when :func:`reusable`, else fetched and kept."""

    def __init__(
        self,
        store: ReportStore,
        *,
        freshness: float = DEFAULT_FRESHNESS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.freshness = freshness
        self._clock = clock

    def run(
        self,
        client: DesktopClient,
        channel_id: str,
        channel_title: str,
        query: catalogue.Query,
        ctx: TaskContext | None = None,
        *,
        on_retry: RetryHook | None = None,
        groups: Mapping[str, str] | None = None,
        force: bool = False,
        stored_ok: bool = False,
    ) -> ReportRun:
        """The report of ``query`` for ``channel_id``: from the store when it may be, else
        from Google (then stored). A store that cannot be read or written is worked
        around: the report is fetched and shown, and ``store_problem`` says why.

        ``force`` always fetches; ``stored_ok`` takes the newest stored copy however old
        (a pane reopened at start-up, which its Refresh brings up to date)."""
        catalogue.validate(query, groups=groups)  # the same refusals, stored or not
        key = query_key(query)
        problem = ""
        if not force:
            try:
                stored = self.store.latest(channel_id, key)
                if stored is not None and (
                    stored_ok or reusable(stored, query, self._clock(), self.freshness)
                ):
                    return self.open(stored.id)
            except (ReportStoreError, MalformedResponse, KeyError, ValueError) as error:
                _log.warning("a stored report could not be used: %s", error)
                problem = str(error)
        run = run_report(client, channel_id, query, ctx, on_retry=on_retry, groups=groups)
        fetched_at = self._clock()
        rows, columns = run.report.shape
        try:
            stored = self.store.add_report(
                channel_id,
                channel_title,
                run.report.type.name,
                query_record(query),
                key,
                run.report.json_bytes(),
                rows=rows,
                columns=columns,
                video_seconds=run.video_seconds,
                fetched_at=fetched_at,
            )
        except ReportStoreError as error:
            _log.warning("the report was not kept: %s", error)
            return replace(run, fetched_at=fetched_at, store_problem=str(error))
        return replace(run, fetched_at=fetched_at, stored=stored, store_problem=problem)

    def open(self, report_id: int) -> ReportRun:
        """A stored report as it was fetched (no request): ``KeyError`` when it is gone,
        ``ReportStoreError`` or ``MalformedResponse`` when it cannot be read back."""
        stored = self.store.report(report_id)
        if stored is None:
            raise KeyError(report_id)
        report_type = catalogue.REPORT_TYPES_BY_NAME.get(stored.report_type)
        if report_type is None:
            raise ReportStoreError(
                f"the stored report is of an unknown type ({stored.report_type})"
            )
        try:
            # Rows as tuples, as a fetch gives them: no full garbage collection over them.
            data = slicedjson.loads(self.store.body(report_id), row_tuples=True)
        except ValueError as error:
            raise ReportStoreError(f"the stored report {report_id} is damaged: {error}") from None
        if not isinstance(data, dict):
            raise ReportStoreError(f"the stored report {report_id} is damaged: not a table")
        return ReportRun(
            Report(data, report_type),
            stored.video_seconds,
            fetched_at=stored.fetched_at,
            from_store=True,
            stored=stored,
        )
