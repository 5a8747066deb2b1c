"""The YouTube Reporting API v1: report types, jobs, their daily reports and downloads.

Paths as Google's: ``/v1/reportTypes``, ``/v1/jobs``, ``/v1/jobs/{jobId}``,
``/v1/jobs/{jobId}/reports``, ``/v1/jobs/{jobId}/reports/{reportId}`` and the downloads,
``/v1/media/CHANNEL/{channelId}/jobs/{jobId}/reports/{reportId}?alt=media``, so a fault can
address every download (``/v1/media/*``), one job's (``.../jobs/{jobId}/*``) or one report.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from .bearer import Authenticate
from .bulk_csv import report_csv
from .clock import SandboxClock
from .grants import Grant
from .http import Request, Response, google_error
from .options import Options
from .replies import Reply, bad_request, forbidden, not_found
from .reporting_jobs import REPORT_TYPES, DailyReport, Job, JobStore, published_reports
from .routing import Router
from .scopes import MONETARY_SCOPE
from .world import World

__all__ = ["REPORTING_SCOPES", "register"]

REPORTING_SCOPES = frozenset(
    {"https://www.googleapis.com/auth/yt-analytics.readonly", MONETARY_SCOPE}
)
_MAX_PAGE_SIZE = 1000
_T = TypeVar("_T")


def timestamp(moment: datetime) -> str:
    """RFC 3339 in UTC, to the second, as the Reporting API prints its times."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _instant(request: Request, name: str) -> datetime | None:
    text = (request.param(name) or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise bad_request(f"Invalid value at '{name}' ({text}): not an RFC 3339 timestamp.")
    return moment.astimezone(UTC)


def _page_size(request: Request, options: Options) -> int:
    text = (request.param("pageSize") or "").strip()
    if not text:
        return options.reporting_page_size
    try:
        size = int(text)
    except ValueError:
        size = -1
    if size < 0:
        raise bad_request(f"Invalid value at 'page_size' ({text}).")
    # 0 is the server's choice; the option also caps what a client asks (to test paging).
    return min(size or options.reporting_page_size, options.reporting_page_size, _MAX_PAGE_SIZE)


def _page(
    request: Request, options: Options, items: Sequence[_T], key: Callable[[_T], list[str]]
) -> tuple[list[_T], str | None]:
    """One page of ``items`` (sorted by ``key``) after the page token's key, and the next token.

    The token holds the last key given, not an offset: reports appearing or expiring
    between two pages neither repeat nor skip any other.
    """
    size = _page_size(request, options)
    token = (request.param("pageToken") or "").strip()
    rest = list(items)
    if token:
        try:
            after = json.loads(base64.urlsafe_b64decode(token.encode()))
        except (binascii.Error, ValueError, UnicodeDecodeError):
            raise bad_request("Invalid page token.") from None
        if not isinstance(after, list) or not all(isinstance(part, str) for part in after):
            raise bad_request("Invalid page token.")
        rest = [item for item in items if key(item) > after]
    page = rest[:size]
    if len(rest) <= size or not page:
        return page, None
    last = json.dumps(key(page[-1])).encode()
    return page, base64.urlsafe_b64encode(last).decode()


def _job_resource(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "reportTypeId": job.report_type_id,
        "name": job.name,
        "createTime": timestamp(job.create_time),
        "systemManaged": False,
    }


class _Reporting:
    def __init__(
        self,
        world: World,
        jobs: JobStore,
        clock: SandboxClock,
        authenticate: Authenticate,
        options: Options,
        root: str,
    ) -> None:
        self.world = world
        self.jobs = jobs
        self.clock = clock
        self.authenticate = authenticate
        self.options = options
        self.root = root

    def _grant(self, request: Request) -> Grant:
        return self.authenticate(request, REPORTING_SCOPES)

    # -- report types ----------------------------------------------------------------------

    def report_types(self, request: Request) -> Response:
        self._grant(request)
        ids = sorted(REPORT_TYPES)
        page, token = _page(request, self.options, ids, lambda type_id: [type_id])
        payload: dict[str, Any] = {
            "reportTypes": [
                {"id": type_id, "name": REPORT_TYPES[type_id], "systemManaged": False}
                for type_id in page
            ]
        }
        if token:
            payload["nextPageToken"] = token
        return Response.json(200, payload)

    # -- jobs ------------------------------------------------------------------------------

    def list_jobs(self, request: Request) -> Response:
        grant = self._grant(request)
        jobs = sorted(self.jobs.of_channel(grant.channel_id), key=_job_key)
        page, token = _page(request, self.options, jobs, _job_key)
        payload: dict[str, Any] = {"jobs": [_job_resource(job) for job in page]}
        if token:
            payload["nextPageToken"] = token
        return Response.json(200, payload)

    def create_job(self, request: Request) -> Response:
        grant = self._grant(request)
        try:
            body = request.json()
        except ValueError:
            raise bad_request("Invalid JSON payload received.", "parseError") from None
        if not isinstance(body, dict):
            raise bad_request("Invalid JSON payload received. Expected an object.", "parseError")
        for field in ("reportTypeId", "name"):
            value = body.get(field)
            if value is None or (isinstance(value, str) and not value.strip()):
                raise bad_request(f"Missing required field: {field}.", "required", field)
            if not isinstance(value, str):
                raise bad_request(f"Invalid value at 'job.{field}': expected a string.")
        unknown = set(body) - {"reportTypeId", "name", "id", "createTime", "systemManaged"}
        if unknown:
            raise bad_request(f'Invalid JSON payload received. Unknown name "{min(unknown)}".')
        if body["reportTypeId"] not in REPORT_TYPES:
            raise bad_request(
                f"Report type {body['reportTypeId']} does not exist or is deprecated.",
                "invalidArgument",
            )
        job = self.jobs.create(
            grant.channel_id, body["reportTypeId"], body["name"], self.clock.now()
        )
        if job is None:
            raise Reply(
                google_error(
                    409,
                    f"A job for report type {body['reportTypeId']} already exists.",
                    "alreadyExists",
                )
            )
        return Response.json(200, _job_resource(job))

    def delete_job(self, request: Request) -> Response:
        grant = self._grant(request)
        parts = _parts(request.path, "/v1/jobs/")
        if len(parts) != 1:
            raise not_found("Requested entity was not found.")
        job = self._own_job(grant, parts[0])
        self.jobs.delete(job.id, self.clock.now())
        return Response.json(200, {})

    def _own_job(self, grant: Grant, job_id: str) -> Job:
        job = self.jobs.get(job_id)
        if job is None or job.channel_id != grant.channel_id or job.deleted_at is not None:
            raise not_found("Requested entity was not found.")
        return job

    # -- /v1/jobs/{jobId}[/reports[/{reportId}]] -------------------------------------------

    def job_paths(self, request: Request) -> Response:
        grant = self._grant(request)
        parts = _parts(request.path, "/v1/jobs/")
        if not parts or len(parts) > 3 or (len(parts) > 1 and parts[1] != "reports"):
            raise not_found("Requested entity was not found.")
        job = self._own_job(grant, parts[0])
        if len(parts) == 1:
            return Response.json(200, _job_resource(job))
        reports = published_reports(self.jobs.seed, job, self.clock.now())
        if len(parts) == 3:
            report = next((r for r in reports if r.id == parts[2]), None)
            if report is None:
                raise not_found("Requested entity was not found.")
            return Response.json(200, self._report_resource(report))
        return self._list_reports(request, reports)

    def _list_reports(self, request: Request, reports: list[DailyReport]) -> Response:
        created_after = _instant(request, "createdAfter")
        at_or_after = _instant(request, "startTimeAtOrAfter")
        before = _instant(request, "startTimeBefore")
        chosen = [
            r
            for r in reports
            if (created_after is None or r.create_time > created_after)
            and (at_or_after is None or r.start_time >= at_or_after)
            and (before is None or r.start_time < before)
        ]
        page, token = _page(request, self.options, chosen, _report_key)
        payload: dict[str, Any] = {"reports": [self._report_resource(r) for r in page]}
        if token:
            payload["nextPageToken"] = token
        return Response.json(200, payload)

    def _report_resource(self, report: DailyReport) -> dict[str, Any]:
        return {
            "id": report.id,
            "jobId": report.job.id,
            "startTime": timestamp(report.start_time),
            "endTime": timestamp(report.end_time),
            "createTime": timestamp(report.create_time),
            "downloadUrl": f"{self.root}{media_path(report)}?alt=media",
        }

    # -- downloads -------------------------------------------------------------------------

    def download(self, request: Request) -> Response:
        grant = self._grant(request)
        parts = _parts(request.path, "/v1/media/")
        shape_ok = len(parts) == 6 and parts[0] == "CHANNEL" and parts[2::2] == ["jobs", "reports"]
        if not shape_ok:
            raise not_found("Requested entity was not found.")
        channel_id, job_id, report_id = parts[1], parts[3], parts[5]
        if channel_id != grant.channel_id:
            raise forbidden("The caller does not have permission", "forbidden")
        job = self.jobs.get(job_id)
        if job is None or job.channel_id != channel_id:
            raise not_found("Requested entity was not found.")
        reports = published_reports(self.jobs.seed, job, self.clock.now())
        report = next((r for r in reports if r.id == report_id), None)
        if report is None:
            raise not_found("Requested entity was not found.")
        body = report_csv(self.world, channel_id, job.report_type_id, report.day)
        headers: dict[str, str] = {}
        if "gzip" in (request.headers.get("Accept-Encoding") or "").lower():
            body = gzip.compress(body, mtime=0)
            headers["Content-Encoding"] = "gzip"
        return Response(200, body, "application/octet-stream", headers)


def media_path(report: DailyReport) -> str:
    """Where a report's CSV is downloaded (without the root and ``?alt=media``)."""
    job = report.job
    return f"/v1/media/CHANNEL/{job.channel_id}/jobs/{job.id}/reports/{report.id}"


def _parts(path: str, prefix: str) -> list[str]:
    return [part for part in path.removeprefix(prefix).split("/") if part]


def _job_key(job: Job) -> list[str]:
    return [timestamp(job.create_time), job.id]


def _report_key(report: DailyReport) -> list[str]:
    return [timestamp(report.create_time), report.day.isoformat(), report.id]


def register(
    router: Router,
    world: World,
    jobs: JobStore,
    clock: SandboxClock,
    authenticate: Authenticate,
    options: Options,
    root: str,
) -> None:
    """Add the Reporting API's routes under ``/v1`` of the sandbox's root URL."""
    api = _Reporting(world, jobs, clock, authenticate, options, root)
    router.route("GET", "/v1/reportTypes", api.report_types)
    router.route("GET", "/v1/jobs", api.list_jobs)
    router.route("POST", "/v1/jobs", api.create_job)
    router.mount("GET", "/v1/jobs/", api.job_paths)
    router.mount("DELETE", "/v1/jobs/", api.delete_job)
    router.mount("GET", "/v1/media/", api.download)
