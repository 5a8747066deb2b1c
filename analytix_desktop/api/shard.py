"""A Shard: one account's tokens and the requests made with them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import warnings
from collections.abc import Collection, Mapping
from typing import Any

import requests

from . import catalogue, channels, reporting
from .bulk_report import BulkReport
from .channels import Channel, ContentItem
from .endpoints import Endpoints
from .errors import AuthorisationError, Forbidden, InvalidRequest, NotMonetised, list_of
from .groups import Group, GroupItem, GroupItemList, GroupList
from .report import Report
from .reporting import DailyReport, Job, ReportTypeInfo
from .scopes import Scopes
from .tokens import Tokens
from .transport import Transport

__all__ = ["InvalidMonthFormatWarning", "Shard"]

_log = logging.getLogger(__name__)

DEFAULT_DAYS = 28
_ITEM_KINDS = ("youtube#video", "youtube#playlist", "youtube#channel", "youtube#asset")


class InvalidMonthFormatWarning(UserWarning):
    """A month report's dates were moved to the first of their months."""


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


class Shard:
    """Fetches reports, groups and channel data with one account's tokens.

    A shard never refreshes its tokens: that is its client's job. Give it a
    ``session`` to share a connection pool, else it opens its own. ``endpoints``
    defaults to :meth:`Endpoints.from_environment`, read once here.
    """

    def __init__(
        self,
        scopes: Scopes,
        tokens: Tokens,
        *,
        session: Transport | requests.Session | None = None,
        endpoints: Endpoints | None = None,
    ) -> None:
        self._scopes = scopes
        self._tokens = tokens
        self._endpoints = endpoints if endpoints is not None else Endpoints.from_environment()
        self._owns_transport = not isinstance(session, Transport)
        self._transport = session if isinstance(session, Transport) else Transport(session)

    @property
    def scopes(self) -> Scopes:
        return self._scopes

    @property
    def tokens(self) -> Tokens:
        return self._tokens

    @property
    def endpoints(self) -> Endpoints:
        return self._endpoints

    def close(self) -> None:
        if self._owns_transport:
            self._transport.close()

    def __enter__(self) -> Shard:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _json(self, method: str, url: str, **kwargs: Any) -> Any:
        return self._transport.json(method, url, token=self._tokens.access_token, **kwargs)

    # -- reports -----------------------------------------------------------------------

    def build_query(
        self,
        *,
        dimensions: Collection[str] | None = None,
        filters: Mapping[str, str] | str | None = None,
        metrics: Collection[str] | None = None,
        start_date: dt.date | None = None,
        end_date: dt.date | None = None,
        sort_options: Collection[str] | None = None,
        max_results: int = 0,
        currency: str = "USD",
        start_index: int = 1,
        include_historical_data: bool = False,
    ) -> tuple[catalogue.Query, catalogue.ReportType]:
        """The validated query ``fetch_report`` would send, with defaults filled in.

        As analytix does, month dates are moved to the first of their months (with an
        :class:`InvalidMonthFormatWarning`), no metrics means all the report type's
        that the scopes allow, and metrics the scopes cannot fetch are dropped.
        """
        dimensions = tuple(dimensions or ())
        end_date = end_date or dt.date.today()
        start_date = start_date or end_date - dt.timedelta(days=DEFAULT_DAYS)
        if "month" in dimensions and (start_date.day != 1 or end_date.day != 1):
            start_date, end_date = _first_of_month(start_date), _first_of_month(end_date)
            warnings.warn(
                f"month reports run from the first of a month to the first of a month; "
                f"using {start_date} to {end_date}",
                InvalidMonthFormatWarning,
                stacklevel=3,
            )
        if isinstance(filters, str):
            filters = catalogue.parse_filters(filters)
        query = catalogue.Query(
            dimensions=dimensions,
            filters=dict(filters or {}),
            metrics=tuple(metrics or ()),
            sort_options=tuple(sort_options or ()),
            start_date=start_date,
            end_date=end_date,
            max_results=max_results,
            start_index=start_index,
            currency=currency,
            include_historical_data=include_historical_data,
        )
        if not query.metrics:
            allowed = set(catalogue.detect(query).metrics)
            query = dataclasses.replace(
                query, metrics=tuple(name for name in catalogue.METRICS if name in allowed)
            )
        query = dataclasses.replace(query, metrics=self._scoped(query.metrics))
        return query, catalogue.validate(query)

    def _scoped(self, metrics: tuple[str, ...]) -> tuple[str, ...]:
        """Drop the metrics the scopes cannot fetch, as analytix does."""
        return tuple(filter(self._fetchable, metrics))

    def _fetchable(self, metric: str) -> bool:
        """Revenue metrics need the monetary scope; with only that scope, nothing else."""
        revenue = _is_revenue(metric)
        if not self._scopes & Scopes.MONETARY_READONLY:
            return not revenue
        if not self._scopes & Scopes.READONLY:
            return revenue
        return True

    def run(self, query: catalogue.Query, *, groups: Mapping[str, str] | None = None) -> Report:
        """Fetch the report ``query`` describes, exactly as it is.

        Nothing is filled in or dropped: a query no report type accepts, or with
        metrics these scopes cannot fetch, raises :class:`InvalidRequest` before any
        request is sent. Google's bare 403 to revenue metrics raises :class:`NotMonetised`.
        """
        report_type = catalogue.validate(query, groups=groups)
        unfetchable = [name for name in query.metrics if not self._fetchable(name)]
        if unfetchable:
            raise InvalidRequest(
                f"these scopes cannot fetch {list_of(unfetchable)}",
                kind="value",
                field="metrics",
                value=unfetchable[0],
            )
        try:
            # Rows as tuples, which the garbage collector stops tracking (see slicedjson).
            data = self._json(
                "GET", self._endpoints.reports, params=report_params(query), row_tuples=True
            )
        except Forbidden as error:
            raise self._refusal(error, query) from None
        report = Report(data, report_type)
        _log.info("fetched a %s report of shape %s", report_type.name, report.shape)
        return report

    def _refusal(self, error: Forbidden, query: catalogue.Query) -> Forbidden:
        """A 403 to a query with revenue metrics, told plainly: Google says only
        "Forbidden" when the channel is not in the YouTube Partner Program.

        Not when the token shows that the monetary scope was not granted (the user
        unticked it), nor for Google's insufficientPermissions: then scopes are the cause.
        """
        revenue = [name for name in query.metrics if _is_revenue(name)]
        granted = Scopes.from_formatted(self._tokens.scope) if self._tokens.scope else None
        if (
            not revenue
            or error.reason == "insufficientPermissions"
            or (granted is not None and not granted & Scopes.MONETARY_READONLY)
        ):
            return error
        return NotMonetised(error.status, error.message, reason=error.reason, metrics=revenue)

    def fetch_report(
        self,
        *,
        dimensions: Collection[str] | None = None,
        filters: Mapping[str, str] | str | None = None,
        metrics: Collection[str] | None = None,
        start_date: dt.date | None = None,
        end_date: dt.date | None = None,
        sort_options: Collection[str] | None = None,
        max_results: int = 0,
        currency: str = "USD",
        start_index: int = 1,
        include_historical_data: bool = False,
    ) -> Report:
        """analytix's call: :meth:`build_query` from the arguments, then :meth:`run` it."""
        query, _ = self.build_query(
            dimensions=dimensions,
            filters=filters,
            metrics=metrics,
            start_date=start_date,
            end_date=end_date,
            sort_options=sort_options,
            max_results=max_results,
            currency=currency,
            start_index=start_index,
            include_historical_data=include_historical_data,
        )
        return self.run(query)

    # -- groups ------------------------------------------------------------------------

    def fetch_groups(
        self, *, ids: Collection[str] | None = None, next_page_token: str | None = None
    ) -> GroupList:
        """The channel's groups (or those with ``ids``), one page at a time."""
        params = {"id": ",".join(ids)} if ids else {"mine": "true"}
        if next_page_token:
            params["pageToken"] = next_page_token
        data = self._json("GET", self._endpoints.groups, params=params)
        return GroupList.from_json(self, data)

    def fetch_group_items(self, group_id: str) -> GroupItemList:
        """The items of one group."""
        data = self._json("GET", self._endpoints.group_items, params={"groupId": group_id})
        return GroupItemList.from_json(data)

    def _can_edit(self) -> None:
        if not self._scopes & Scopes.YOUTUBE:
            raise AuthorisationError("editing groups needs the YOUTUBE scope")

    def create_group(self, title: str, item_type: str) -> Group:
        """A new empty group of ``item_type`` (e.g. ``youtube#video``)."""
        self._can_edit()
        if item_type not in _ITEM_KINDS:
            raise InvalidRequest(
                f"a group holds items of type {list_of(_ITEM_KINDS, conjunction='or')}, "
                f"not '{item_type}'",
                kind="value",
                field="itemType",
                value=item_type,
            )
        body = {"snippet": {"title": title}, "contentDetails": {"itemType": item_type}}
        data = self._json("POST", self._endpoints.groups, json_body=body)
        return Group.from_json(self, data)

    def rename_group(self, group_id: str, title: str) -> Group:
        self._can_edit()
        body = {"id": group_id, "snippet": {"title": title}}
        return Group.from_json(self, self._json("PUT", self._endpoints.groups, json_body=body))

    def delete_group(self, group_id: str) -> None:
        self._can_edit()
        self._json("DELETE", self._endpoints.groups, params={"id": group_id})

    def add_group_item(self, group_id: str, resource_id: str, kind: str) -> GroupItem:
        """Add a video, playlist, channel or asset (``kind`` e.g. ``youtube#video``)."""
        self._can_edit()
        body = {"groupId": group_id, "resource": {"kind": kind, "id": resource_id}}
        data = self._json("POST", self._endpoints.group_items, json_body=body)
        return GroupItem.from_json(data)

    def remove_group_item(self, item_id: str) -> None:
        """Remove a membership (its id is the group item's, not the video's)."""
        self._can_edit()
        self._json("DELETE", self._endpoints.group_items, params={"id": item_id})

    # -- Data API ----------------------------------------------------------------------

    def fetch_channel(self) -> Channel:
        return channels.fetch_channel(self._transport, self._endpoints, self._tokens.access_token)

    def fetch_uploads(self, *, limit: int = 0) -> list[ContentItem]:
        return channels.fetch_uploads(
            self._transport, self._endpoints, self._tokens.access_token, limit=limit
        )

    def fetch_playlists(self, *, limit: int = 0) -> list[ContentItem]:
        return channels.fetch_playlists(
            self._transport, self._endpoints, self._tokens.access_token, limit=limit
        )

    def fetch_durations(self, video_ids: list[str]) -> dict[str, int]:
        """Each video's length in seconds (unknown or foreign videos are left out)."""
        return channels.fetch_durations(
            self._transport, self._endpoints, self._tokens.access_token, video_ids
        )

    def fetch_live_streams(self, video_ids: list[str]) -> set[str]:
        """Those of ``video_ids`` that were live broadcasts (unknown ids are left out)."""
        return channels.fetch_live_streams(
            self._transport, self._endpoints, self._tokens.access_token, video_ids
        )

    # -- Reporting API -----------------------------------------------------------------

    def fetch_report_types(self) -> list[ReportTypeInfo]:
        """The Reporting API's report types for this channel."""
        return reporting.list_report_types(
            self._transport, self._endpoints, self._tokens.access_token
        )

    def fetch_jobs(self) -> list[Job]:
        """The channel's reporting jobs."""
        return reporting.list_jobs(self._transport, self._endpoints, self._tokens.access_token)

    def create_job(self, report_type_id: str, name: str) -> Job:
        """A new reporting job; :class:`.errors.Conflict` when the type has one already."""
        return reporting.create_job(
            self._transport, self._endpoints, self._tokens.access_token, report_type_id, name
        )

    def delete_job(self, job_id: str) -> None:
        reporting.delete_job(self._transport, self._endpoints, self._tokens.access_token, job_id)

    def fetch_daily_reports(
        self,
        job_id: str,
        *,
        created_after: dt.datetime | None = None,
        start_time_at_or_after: dt.datetime | None = None,
        start_time_before: dt.datetime | None = None,
    ) -> list[DailyReport]:
        """The job's unexpired daily reports (see :func:`.reporting.list_daily_reports`)."""
        return reporting.list_daily_reports(
            self._transport,
            self._endpoints,
            self._tokens.access_token,
            job_id,
            created_after=created_after,
            start_time_at_or_after=start_time_at_or_after,
            start_time_before=start_time_before,
        )

    def download_daily_report_bytes(self, report: DailyReport) -> bytes:
        """The report's CSV bytes, inflated (see :func:`.reporting.download`)."""
        return reporting.download(
            self._transport, self._endpoints, self._tokens.access_token, report
        )

    def download_daily_report(self, report: DailyReport, report_type_id: str = "") -> BulkReport:
        """The report downloaded and parsed; ``report_type_id`` (its job's type, which a
        report resource does not name) labels it and its error messages."""
        return BulkReport.from_csv(self.download_daily_report_bytes(report), report_type_id)


def _is_revenue(metric: str) -> bool:
    known = catalogue.METRICS.get(metric)
    return known is not None and known.revenue


def report_params(query: catalogue.Query) -> dict[str, str]:
    """The ``reports.query`` parameters; empty ones are left out."""
    params = {
        "ids": "channel==MINE",
        "startDate": query.start_date.isoformat(),
        "endDate": query.end_date.isoformat(),
        "metrics": ",".join(query.metrics),
        "dimensions": ",".join(query.dimensions),
        "filters": catalogue.format_filters(query.filters),
        "sort": ",".join(query.sort_options),
        "maxResults": str(query.max_results) if query.max_results else "",
        "startIndex": str(query.start_index) if query.start_index != 1 else "",
        "currency": query.currency,
        "includeHistoricalData": "true" if query.include_historical_data else "",
    }
    return {key: value for key, value in params.items() if value}
