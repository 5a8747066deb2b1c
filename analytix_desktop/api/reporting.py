"""The YouTube Reporting API: report types, jobs, the daily reports and their downloads.

Module functions in the style of :mod:`.channels` (``transport, endpoints, token``);
:class:`.shard.Shard` calls them with its own. A resource that is not of Google's shape
(a missing id, a timestamp that is not RFC 3339) raises :class:`MalformedResponse`
naming the field.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from .dates import PACIFIC
from .endpoints import Endpoints
from .errors import InvalidRequest, MalformedResponse
from .exchange import place
from .transport import Transport

__all__ = [
    "MAX_PAGES",
    "DailyReport",
    "Job",
    "ReportTypeInfo",
    "create_job",
    "delete_job",
    "download",
    "format_timestamp",
    "list_daily_reports",
    "list_jobs",
    "list_report_types",
    "parse_timestamp",
]

MAX_PAGES = 1000
"""The most pages one listing follows; a longer one (a server that never stops paging)
is refused rather than followed for ever."""

# RFC 3339 as Google writes it: UTC or an offset, with up to nine digits of fraction.
_TIMESTAMP = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.([0-9]{1,9}))?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})",
    re.ASCII,
)
_GZIP_MAGIC = b"\x1f\x8b"
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class ReportTypeInfo:
    """A report type the Reporting API offers (``reportTypes.list``)."""

    id: str
    name: str
    deprecated: bool
    """Google has set a deprecation time: no new job may be created for it."""
    system_managed: bool


@dataclass(frozen=True)
class Job:
    """A reporting job: YouTube makes one report a day of its type for the channel."""

    id: str
    report_type_id: str
    name: str
    create_time: dt.datetime
    expire_time: dt.datetime | None
    system_managed: bool


@dataclass(frozen=True)
class DailyReport:
    """One report of a job: one day's CSV, downloadable at ``download_url``."""

    id: str
    job_id: str
    start_time: dt.datetime
    end_time: dt.datetime
    create_time: dt.datetime
    download_url: str

    @property
    def day(self) -> dt.date:
        """The Pacific-time date the report covers, that of its ``start_time``.

        Taken twelve hours after the start (Pacific midnight), so that it holds on either
        side of a clock change and without a time-zone database as well.
        """
        return (self.start_time + dt.timedelta(hours=12)).astimezone(PACIFIC).date()


def parse_timestamp(value: Any, field: str) -> dt.datetime:
    """An RFC 3339 timestamp as an aware UTC datetime; MalformedResponse naming ``field``."""
    match = _TIMESTAMP.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise MalformedResponse(f"the Reporting API's '{field}' is not an RFC 3339 timestamp")
    whole, fraction, zone = match.groups()
    micro = (fraction or "").ljust(6, "0")[:6]  # Google may send nanoseconds
    zone = "+00:00" if zone == "Z" else zone
    try:
        parsed = dt.datetime.fromisoformat(f"{whole}.{micro}{zone}")
    except ValueError:
        raise MalformedResponse(
            f"the Reporting API's '{field}' is not a valid date and time"
        ) from None
    return parsed.astimezone(dt.UTC)


def format_timestamp(value: dt.datetime, field: str) -> str:
    """``value`` as RFC 3339 in UTC (``2026-11-20T08:00:00Z``); a naive one is refused."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidRequest(
            f"'{field}' must be a time with its time zone (UTC), not a naive one",
            kind="value",
            field=field,
            value=value.isoformat(),
        )
    utc = value.astimezone(dt.UTC)
    fraction = f".{utc.microsecond:06d}" if utc.microsecond else ""
    return f"{utc:%Y-%m-%dT%H:%M:%S}{fraction}Z"


def _text(item: Mapping[str, Any], key: str, what: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value:
        raise MalformedResponse(f"a {what} from the Reporting API has no '{key}'")
    return value


def _optional_time(item: Mapping[str, Any], key: str) -> dt.datetime | None:
    value = item.get(key)
    return None if value in (None, "") else parse_timestamp(value, key)


def _report_type(item: Mapping[str, Any]) -> ReportTypeInfo:
    return ReportTypeInfo(
        id=_text(item, "id", "report type"),
        name=str(item.get("name") or ""),
        deprecated=_optional_time(item, "deprecateTime") is not None,
        system_managed=item.get("systemManaged") is True,
    )


def _job(item: Mapping[str, Any]) -> Job:
    return Job(
        id=_text(item, "id", "job"),
        report_type_id=_text(item, "reportTypeId", "job"),
        name=str(item.get("name") or ""),
        create_time=parse_timestamp(item.get("createTime"), "createTime"),
        expire_time=_optional_time(item, "expireTime"),
        system_managed=item.get("systemManaged") is True,
    )


def _daily_report(item: Mapping[str, Any]) -> DailyReport:
    return DailyReport(
        id=_text(item, "id", "report"),
        job_id=_text(item, "jobId", "report"),
        start_time=parse_timestamp(item.get("startTime"), "startTime"),
        end_time=parse_timestamp(item.get("endTime"), "endTime"),
        create_time=parse_timestamp(item.get("createTime"), "createTime"),
        download_url=_text(item, "downloadUrl", "report"),
    )


def _items(
    transport: Transport, url: str, key: str, token: str, params: Mapping[str, str] | None = None
) -> Iterator[Mapping[str, Any]]:
    """The ``key`` items of every page, following ``nextPageToken``.

    A page token seen before (a server going round in circles) or more than
    :data:`MAX_PAGES` pages raise :class:`MalformedResponse`: a listing cut short would
    let a caller take "created after" a time as complete and skip reports for good.
    """
    seen: set[str] = set()
    page: str | None = None
    for _ in range(MAX_PAGES):
        query = dict(params or {})
        if page:
            query["pageToken"] = page
        data = transport.json("GET", url, params=query, token=token)
        if not isinstance(data, Mapping):
            raise MalformedResponse(f"the answer from {place(url)} is not a JSON object")
        items = data.get(key) or []
        if not isinstance(items, list):
            raise MalformedResponse(
                f"the answer from {place(url)} has a '{key}' that is not a list"
            )
        for item in items:
            if not isinstance(item, Mapping):
                raise MalformedResponse(f"an item of '{key}' from {place(url)} is not an object")
            yield item
        next_page = data.get("nextPageToken")
        if not isinstance(next_page, str) or not next_page:
            return
        if next_page in seen:
            raise MalformedResponse(
                f"{place(url)} repeated a page token: the listing is incomplete"
            )
        seen.add(next_page)
        page = next_page
    raise MalformedResponse(
        f"{place(url)} has more than {MAX_PAGES} pages: the listing is incomplete"
    )


def list_report_types(
    transport: Transport, endpoints: Endpoints, token: str
) -> list[ReportTypeInfo]:
    """The report types the channel can create jobs for."""
    url = f"{endpoints.reporting}/reportTypes"
    return [_report_type(item) for item in _items(transport, url, "reportTypes", token)]


def list_jobs(transport: Transport, endpoints: Endpoints, token: str) -> list[Job]:
    """The channel's reporting jobs."""
    url = f"{endpoints.reporting}/jobs"
    return [_job(item) for item in _items(transport, url, "jobs", token)]


def create_job(
    transport: Transport, endpoints: Endpoints, token: str, report_type_id: str, name: str
) -> Job:
    """A new job for ``report_type_id``; :class:`.errors.Conflict` when one exists already.

    Not sent again once it may have arrived: a second job could be the result.
    """
    body = {"reportTypeId": report_type_id, "name": name}
    data = transport.json(
        "POST", f"{endpoints.reporting}/jobs", json_body=body, token=token, idempotent=False
    )
    if not isinstance(data, Mapping):
        raise MalformedResponse("the Reporting API answered a new job with no job")
    return _job(data)


def delete_job(transport: Transport, endpoints: Endpoints, token: str, job_id: str) -> None:
    """Delete a job: YouTube stops making its reports (those made stay downloadable)."""
    transport.request("DELETE", f"{endpoints.reporting}/jobs/{_segment(job_id)}", token=token)


def list_daily_reports(
    transport: Transport,
    endpoints: Endpoints,
    token: str,
    job_id: str,
    *,
    created_after: dt.datetime | None = None,
    start_time_at_or_after: dt.datetime | None = None,
    start_time_before: dt.datetime | None = None,
) -> list[DailyReport]:
    """The job's reports that have not expired, optionally only those created after
    ``created_after`` (strictly) or starting within ``[start_time_at_or_after,
    start_time_before)``. The times must be aware (any zone; they are sent in UTC)."""
    bounds = {
        "createdAfter": created_after,
        "startTimeAtOrAfter": start_time_at_or_after,
        "startTimeBefore": start_time_before,
    }
    params = {
        key: format_timestamp(value, key) for key, value in bounds.items() if value is not None
    }
    url = f"{endpoints.reporting}/jobs/{_segment(job_id)}/reports"
    return [_daily_report(item) for item in _items(transport, url, "reports", token, params)]


def download(transport: Transport, endpoints: Endpoints, token: str, report: DailyReport) -> bytes:
    """The report's CSV bytes, inflated when they come gzip-compressed.

    Refused before anything is sent (:class:`InvalidRequest`) unless ``download_url`` is
    on the Reporting API's own scheme, host and port: a hostile listing must not get
    the token sent elsewhere. A body cut off midway raises rather than coming back in
    part; one that inflates past the transport's ``max_body`` is refused.
    """
    if not _same_origin(report.download_url, endpoints.reporting):
        raise InvalidRequest(
            f"report {report.id} was not downloaded: its address is on "
            f"{_origin_text(report.download_url)}, not on the Reporting API's "
            f"{_origin_text(endpoints.reporting)}, and the account's token is sent nowhere else",
            kind="value",
            field="downloadUrl",
            value=_origin_text(report.download_url),
        )
    content = transport.request("GET", report.download_url, token=token).content
    if content.startswith(_GZIP_MAGIC):
        return _gunzip(content, transport.max_body, place(report.download_url))
    return content


def _segment(value: str) -> str:
    """``value`` as one path segment (an id with a slash cannot reach another resource)."""
    return quote(value, safe="")


def _origin(url: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(url)
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return None
    if parts.username is not None or parts.password is not None or not parts.hostname:
        return None
    return parts.scheme.lower(), parts.hostname.lower(), port


def _same_origin(url: str, base: str) -> bool:
    origin = _origin(url)
    return origin is not None and origin == _origin(base)


def _origin_text(url: str) -> str:
    """Only the scheme and host of ``url``: never its query (which may hold secrets)."""
    origin = _origin(url)
    if origin is None:
        return "a malformed address"
    scheme, host, port = origin
    return f"{scheme}://{host}:{port}"


def _gunzip(content: bytes, limit: int, where: str) -> bytes:
    """The inflated gzip ``content`` (every member), refused past ``limit`` bytes."""
    pieces: list[bytes] = []
    size = 0
    rest = content
    try:
        while rest:
            inflater = zlib.decompressobj(wbits=31)  # 31: a gzip header and trailer
            piece = inflater.decompress(rest, limit - size + 1)
            size += len(piece)
            if size > limit or inflater.unconsumed_tail:
                raise MalformedResponse(
                    f"the report from {where} is larger than {limit >> 20} MiB once inflated"
                )
            pieces.append(piece)
            if not inflater.eof:
                raise MalformedResponse(f"the compressed report from {where} was cut off")
            rest = inflater.unused_data.lstrip(b"\0")  # gzip allows zeros after a member
    except zlib.error:
        raise MalformedResponse(f"the compressed report from {where} is not valid gzip") from None
    return b"".join(pieces)
