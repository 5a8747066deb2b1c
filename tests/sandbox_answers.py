"""The sandbox's own answers, asked over HTTP with a token of the test's own: what a
report the app fetched should hold, computed without the app's code."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
from typing import Any

import requests

from analytix_desktop.api.dates import PACIFIC
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.grants import Grant

__all__ = [
    "AUTH",
    "MONEY",
    "READ",
    "channel_of",
    "daily_reports",
    "newest_per_day",
    "report_day",
    "report_rows",
    "reporting_jobs",
    "rows_as_dicts",
    "sandbox_report",
    "token",
]

AUTH = "https://www.googleapis.com/auth/"
READ = frozenset({AUTH + "yt-analytics.readonly", AUTH + "youtube.readonly"})
MONEY = READ | {AUTH + "yt-analytics-monetary.readonly"}


def channel_of(sandbox: Sandbox, *, monetised: bool) -> str:
    return next(c.id for c in sandbox.channels.values() if c.monetised == monetised)


def token(sandbox: Sandbox, channel_id: str, scopes: frozenset[str] = READ) -> str:
    user = next(u for u in sandbox.users if channel_id in u.channel_ids)
    access, _ = sandbox.grants.issue_access(Grant("test-client", user.sub, channel_id, scopes))
    return access


def sandbox_report(
    sandbox: Sandbox, channel_id: str, *, scopes: frozenset[str] = READ, **params: Any
) -> dict[str, Any]:
    """The sandbox's answer to a report query of ``channel_id`` (``ids`` is filled in)."""
    response = requests.get(
        f"{sandbox.url}/v2/reports",
        params={"ids": "channel==MINE", **params},
        headers={"Authorization": f"Bearer {token(sandbox, channel_id, scopes)}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def rows_as_dicts(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """An answer's rows as dicts of column name -> value."""
    names = [header["name"] for header in answer["columnHeaders"]]
    return [dict(zip(names, row, strict=True)) for row in answer.get("rows", [])]


# The Reporting API's answers: jobs, daily reports and their CSVs.


def _reporting_get(sandbox: Sandbox, channel_id: str, url: str, **params: str) -> requests.Response:
    response = requests.get(
        url,
        params=params,
        headers={"Authorization": f"Bearer {token(sandbox, channel_id)}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return response


def reporting_jobs(sandbox: Sandbox, channel_id: str) -> dict[str, dict[str, Any]]:
    """The channel's reporting jobs at the sandbox, by report type."""
    answer = _reporting_get(sandbox, channel_id, f"{sandbox.url}/v1/jobs").json()
    return {job["reportTypeId"]: job for job in answer.get("jobs", [])}


def daily_reports(sandbox: Sandbox, channel_id: str, job_id: str) -> list[dict[str, Any]]:
    """Every report the job lists now, page after page."""
    reports: list[dict[str, Any]] = []
    page: dict[str, str] = {}
    while True:
        url = f"{sandbox.url}/v1/jobs/{job_id}/reports"
        answer = _reporting_get(sandbox, channel_id, url, **page).json()
        reports += answer.get("reports", [])
        if not answer.get("nextPageToken"):
            return reports
        page = {"pageToken": answer["nextPageToken"]}


def report_day(report: dict[str, Any]) -> dt.date:
    """The day a report covers: its startTime is midnight Pacific."""
    start = dt.datetime.fromisoformat(report["startTime"].replace("Z", "+00:00"))
    return start.astimezone(PACIFIC).date()


def newest_per_day(reports: list[dict[str, Any]]) -> dict[dt.date, dict[str, Any]]:
    """The newest report (latest createTime) of each day, as the app keeps it."""
    newest: dict[dt.date, dict[str, Any]] = {}
    for report in sorted(reports, key=lambda r: r["createTime"]):
        newest[report_day(report)] = report
    return newest


def report_rows(sandbox: Sandbox, channel_id: str, report: dict[str, Any]) -> list[dict[str, str]]:
    """A report's CSV, downloaded as any client would, as dicts."""
    body = _reporting_get(sandbox, channel_id, report["downloadUrl"]).content
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    return list(csv.DictReader(io.StringIO(body.decode())))
