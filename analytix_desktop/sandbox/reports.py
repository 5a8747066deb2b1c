"""YouTube Analytics v2 ``GET /v2/reports``: validation as Google does it, then the data."""

from __future__ import annotations

import re
from datetime import date, timedelta
from operator import itemgetter
from typing import Any

from ..api.catalogue import (
    CONTINENTS,
    METRICS,
    SUBCONTINENTS,
    Query,
    ReportType,
    parse_filters,
    validate,
)
from ..api.dates import parse_day
from ..api.errors import InvalidRequest
from .bearer import Authenticate
from .concurrency import concurrency
from .engine import Selection, evaluate
from .group_store import GroupStore
from .horizon import last_data_day
from .http import Request, Response
from .options import Options
from .replies import bad_request, forbidden, required
from .results import Columns, base_metrics, columns
from .retention import POINTS, retention
from .routing import Router
from .scopes import ANALYTICS_SCOPES, MONETARY_SCOPE
from .world import World

__all__ = ["REPORT_SCOPES", "register"]

REPORT_SCOPES = ANALYTICS_SCOPES
_UNSUPPORTED = (
    "The query is not supported. Check the documentation at "
    "https://developers.google.com/youtube/analytics/v2/available_reports for a list of "
    "supported queries."
)
_IDS = re.compile(r"([a-zA-Z]+)==([a-zA-Z0-9_+-]+)")
# Filters that choose entities or regions rather than split a family.
_NOT_FAMILIES = {"video", "playlist", "group", "continent", "subContinent"}
_DIMENSION_TYPES = {"elapsedVideoTimeRatio": "FLOAT", "livestreamPosition": "INTEGER"}


def _param(request: Request, name: str) -> str | None:
    """A parameter's value; empty means absent, as Google ignores empty parameters."""
    value = request.param(name)
    return value.strip() if value and value.strip() else None


def _date(request: Request, name: str) -> date:
    text = _param(request, name)
    if text is None:
        raise required(name)
    try:
        return parse_day(text)
    except ValueError:
        raise bad_request(
            f"Could not parse content ({text}) of field {name}.", "parseError", name
        ) from None


def _integer(request: Request, name: str, default: int) -> int:
    text = _param(request, name)
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        raise bad_request(
            f"Invalid value ({text}) given in field {name}.", "invalidParameter", name
        ) from None


def _names(text: str | None) -> tuple[str, ...]:
    return tuple(item.strip() for item in (text or "").split(",") if item.strip())


def _refusal(error: InvalidRequest) -> Exception:
    """Google's answer to a query the catalogue refuses."""
    field, value = error.field or "", error.value or ""
    if error.kind == "required":
        return required(field)
    if error.kind == "date":
        return bad_request(f"Could not parse content ({value}) of field {field}.", "parseError")
    if error.kind == "unknown":
        return bad_request(
            f"Unknown identifier ({value}) given in field parameters.{field}.", "badRequest"
        )
    if error.kind == "value" and field in ("filters", "currency", "startIndex", "startDate",
                                            "endDate", "dimensions", "metrics"):  # fmt: skip
        return bad_request(
            f"Invalid value ({value}) given in field parameters.{field}.", "badRequest"
        )
    return bad_request(_UNSUPPORTED, "badRequest")


def _query(request: Request) -> Query:
    for name in ("ids", "startDate", "endDate", "metrics"):
        if _param(request, name) is None:
            raise required(name)
    start, end = _date(request, "startDate"), _date(request, "endDate")
    try:
        filters = parse_filters(_param(request, "filters") or "")
    except InvalidRequest as error:
        raise _refusal(error) from None
    historical = (_param(request, "includeHistoricalChannelData") or "false").lower()
    return Query(
        dimensions=_names(_param(request, "dimensions")),
        filters=filters,
        metrics=_names(_param(request, "metrics")),
        sort_options=_names(_param(request, "sort")),
        start_date=start,
        end_date=end,
        max_results=_integer(request, "maxResults", 0),
        start_index=_integer(request, "startIndex", 1),
        currency=_param(request, "currency") or "USD",
        include_historical_data=historical == "true",
    )


def _check_channel(request: Request, channel_id: str) -> None:
    ids = _param(request, "ids") or ""
    match = _IDS.fullmatch(ids)
    if match is None:
        raise bad_request(f"Invalid value ({ids}) given in field ids.", "invalidParameter", "ids")
    kind, value = match.groups()
    if kind != "channel" or value not in ("MINE", channel_id):
        raise forbidden()


def _selection(
    query: Query,
    rtype: ReportType,
    store: GroupStore,
    channel: str,
    dimensions: tuple[str, ...],
    metrics: tuple[str, ...],
) -> Selection:
    families: dict[str, tuple[str, ...]] = {
        key: tuple(query.values(key)) for key in query.filters if key not in _NOT_FAMILIES
    }
    for key, regions in (("continent", CONTINENTS), ("subContinent", SUBCONTINENTS)):
        for code in query.values(key):
            members = set(regions[code].countries)
            if "country" in families:
                members &= set(families["country"])
            families["country"] = tuple(sorted(members))
    entities: tuple[str, ...] | None = None
    entity_key = "playlist" if rtype.playlist else "video"
    if entity_key in query.filters:
        entities = tuple(query.values(entity_key))
    for group_id in query.values("group"):
        group = store.resolve(channel, group_id)
        if group is None:
            raise bad_request(
                f"Invalid value (group=={group_id}) given in field parameters.filters.",
                "badRequest",
            )
        # validate() matched the report family to the group's item type
        entities = group.resource_ids()
    end = query.end_date
    if "month" in query.dimensions:  # endDate is the first of the last month reported in full
        end = (end.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return Selection(
        start=query.start_date,
        end=min(end, last_data_day()),
        metrics=metrics,
        dimensions=dimensions,
        families=families,
        entities=entities,
        playlists=rtype.playlist,
    )


def _retention(query: Query, selection: Selection, world: World, channel: str) -> Columns:
    """The audience-retention report: one row per elapsedVideoTimeRatio point."""
    video = world.catalog(channel).video(query.values("video")[0])
    views = 0
    if video is not None:
        viewed = Selection(
            selection.start, selection.end, ("views",), (), selection.families, selection.entities
        )
        views = int(evaluate(world.cube(channel), world.mix(channel), viewed).cells["views"].sum())
    if video is None or views == 0:
        return {name: [] for name in (*query.dimensions, *query.metrics)}
    curve = retention(video, views, selection.families)
    out: Columns = {"elapsedVideoTimeRatio": [float(p) for p in POINTS]}
    out["creatorContentType"] = [video.content_type] * len(POINTS)
    for metric in query.metrics:
        out[metric] = curve[metric].tolist()
    return out


def _concurrency(query: Query, world: World, channel: str) -> Columns:
    """Concurrent viewers of one live stream, when the dates cover the day it was live."""
    video = world.catalog(channel).video(query.values("video")[0])
    last = min(query.end_date, last_data_day())
    if (
        video is None
        or video.content_type != "LIVE_STREAM"
        or not (query.start_date <= video.day <= last)
    ):
        return {name: [] for name in (*query.dimensions, *query.metrics)}
    live = Selection(video.day, video.day, ("estimatedMinutesWatched",),
                     families={"liveOrOnDemand": ("LIVE",)}, entities=(video.id,))  # fmt: skip
    cells = evaluate(world.cube(channel), world.mix(channel), live).cells
    minutes = int(cells["estimatedMinutesWatched"].sum())
    per_minute = "livestreamPosition" in query.dimensions
    return concurrency(video, minutes, per_minute=per_minute)


def _rows(query: Query, data: Columns) -> list[list[Any]]:
    names = [*query.dimensions, *query.metrics]
    rows = [list(row) for row in zip(*(data[n] for n in names), strict=True)]
    for option in reversed(query.sort_options):
        column = names.index(option.removeprefix("-"))
        rows.sort(key=itemgetter(column), reverse=option.startswith("-"))
    first = query.start_index - 1
    last = first + query.max_results if query.max_results else None
    return rows[first:last]


def _headers(query: Query) -> list[dict[str, str]]:
    headers = [
        {"name": d, "columnType": "DIMENSION", "dataType": _DIMENSION_TYPES.get(d, "STRING")}
        for d in query.dimensions
    ]
    headers += [
        {"name": m, "columnType": "METRIC", "dataType": METRICS[m].data_type} for m in query.metrics
    ]
    return headers


def _typed(query: Query, data: Columns) -> Columns:
    for metric in query.metrics:
        values: list[Any] = data[metric]
        if METRICS[metric].data_type == "FLOAT":
            data[metric] = [float(v) for v in values]
        else:
            data[metric] = [int(v) for v in values]
    return data


class _Reports:
    def __init__(
        self, world: World, store: GroupStore, authenticate: Authenticate, options: Options
    ) -> None:
        self.world = world
        self.store = store
        self.authenticate = authenticate
        self.options = options

    def query(self, request: Request) -> Response:
        grant = self.authenticate(request, REPORT_SCOPES)
        query = _query(request)
        groups = {g.id: g.item_type for g in self.store.of_channel(grant.channel_id)}
        try:
            rtype = validate(query, groups=groups)
        except InvalidRequest as error:
            raise _refusal(error) from None
        _check_channel(request, grant.channel_id)
        channel = self.world.catalog(grant.channel_id).channel
        if any(METRICS[m].revenue for m in query.metrics) and (
            MONETARY_SCOPE not in grant.scopes or not channel.monetised
        ):
            raise forbidden()
        rows = _rows(query, _typed(query, self._data(query, rtype, channel.id)))
        payload: dict[str, Any] = {
            "kind": "youtubeAnalytics#resultTable",
            "columnHeaders": _headers(query),
        }
        if rows or self.options.empty_rows_as_list:
            payload["rows"] = rows
        return Response.json(200, payload)

    def _data(self, query: Query, rtype: ReportType, channel: str) -> Columns:
        if "livestreamPosition" in rtype.dimension_names:
            return _concurrency(query, self.world, channel)
        dimensions = tuple(d for d in query.dimensions if d != "elapsedVideoTimeRatio")
        metrics = base_metrics(query.metrics)
        selection = _selection(query, rtype, self.store, channel, dimensions, metrics)
        if "elapsedVideoTimeRatio" in query.dimensions:
            return _retention(query, selection, self.world, channel)
        evaluation = evaluate(self.world.cube(channel), self.world.mix(channel), selection)
        return columns(evaluation, dimensions, query.metrics, currency=query.currency)


def register(
    router: Router, world: World, store: GroupStore, authenticate: Authenticate, options: Options
) -> None:
    """Add ``/v2/reports``; ``options.empty_rows_as_list`` makes empty reports say ``rows: []``."""
    router.route("GET", "/v2/reports", _Reports(world, store, authenticate, options).query)
