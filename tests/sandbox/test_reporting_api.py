"""The sandbox's YouTube Reporting API over real sockets: jobs, publication on the
sandbox's clock (delay, backfill, daily reports, corrections, expiry), listing filters and
paging, and downloads (plain, gzip, refused, faulted)."""

from __future__ import annotations

import base64
import gzip
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import requests

from analytix_desktop.sandbox import Sandbox, SandboxClock
from tests.sandbox_answers import AUTH, token

PACIFIC = ZoneInfo("America/Los_Angeles")
APP_TYPES = {"channel_reach_basic_a1", "channel_reach_combined_a1", "channel_basic_a3"}
BASIC_A1_HEADER = (
    b"date,channel_id,video_id,video_thumbnail_impressions,video_thumbnail_impressions_ctr\n"
)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """A sandbox of this test's own: its jobs and clock are nobody else's."""
    with Sandbox(seed=3) as own:
        yield own


def channel(sandbox: Sandbox, title: str) -> str:
    return next(c.id for c in sandbox.channels.values() if c.title == title)


class Client:
    """Reporting API calls with one channel's token."""

    def __init__(self, sandbox: Sandbox, channel_id: str, scopes: frozenset[str] | None = None):
        self.root = f"{sandbox.url}/v1"
        granted = scopes or frozenset({AUTH + "yt-analytics.readonly"})
        self.headers = {"Authorization": f"Bearer {token(sandbox, channel_id, granted)}"}

    def get(self, path: str, **params: Any) -> requests.Response:
        return requests.get(self.root + path, params=params, headers=self.headers, timeout=30)

    def ok(self, path: str, **params: Any) -> dict[str, Any]:
        response = self.get(path, **params)
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    def create(self, report_type_id: str, name: str = "reach") -> requests.Response:
        body = {"reportTypeId": report_type_id, "name": name}
        return requests.post(f"{self.root}/jobs", json=body, headers=self.headers, timeout=30)

    def delete(self, job_id: str) -> requests.Response:
        return requests.delete(f"{self.root}/jobs/{job_id}", headers=self.headers, timeout=30)

    def every(self, path: str, key: str, **params: Any) -> list[dict[str, Any]]:
        """Every item of a paged list, following nextPageToken."""
        items: list[dict[str, Any]] = []
        while True:
            answer = self.ok(path, **params)
            items += answer.get(key, [])
            params["pageToken"] = answer.get("nextPageToken")
            if not params["pageToken"]:
                return items

    def reports(self, job_id: str, **params: Any) -> list[dict[str, Any]]:
        return self.every(f"/jobs/{job_id}/reports", "reports", **params)

    def jobs(self) -> dict[str, dict[str, Any]]:
        return {job["reportTypeId"]: job for job in self.every("/jobs", "jobs")}


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def day_of(report: dict[str, Any]) -> date:
    return instant(report["startTime"]).astimezone(PACIFIC).date()


def day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=PACIFIC).astimezone(UTC)


def error_status(response: requests.Response) -> str:
    status: str = response.json()["error"]["status"]
    return status


# -- the clock ------------------------------------------------------------------------------


def test_clock_moves_forward_only_and_resets() -> None:
    clock = SandboxClock()
    before = datetime.now(UTC)
    moved = clock.advance(timedelta(days=2), hours=3)
    assert moved - before >= timedelta(days=2, hours=3)
    assert clock.offset == timedelta(days=2, hours=3)
    with pytest.raises(ValueError, match="forward"):
        clock.advance(hours=-1)
    clock.reset()
    assert clock.offset == timedelta(0)
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)


# -- report types and jobs ------------------------------------------------------------------


def test_report_types_are_listed_page_by_page(sandbox: Sandbox) -> None:
    client = Client(sandbox, channel(sandbox, "Alex Rivera"))
    first = client.ok("/reportTypes", pageSize=5)
    assert len(first["reportTypes"]) == 5
    assert first["nextPageToken"]
    every = client.every("/reportTypes", "reportTypes", pageSize=5)
    ids = [item["id"] for item in every]
    assert len(ids) == len(set(ids)) == 20
    assert set(ids) >= APP_TYPES
    assert all(item["systemManaged"] is False and item["name"] for item in every)


def test_demo_channels_show_their_jobs_in_jobs_list(sandbox: Sandbox) -> None:
    for title in ("Alex Rivera", "Northern Lights Kitchen", "Trail and Tide"):
        client = Client(sandbox, channel(sandbox, title))
        jobs = client.jobs()
        assert set(jobs) == APP_TYPES, title
        for job in jobs.values():
            created = instant(job["createTime"])
            reports = client.reports(job["id"])
            first_day = min(day_of(r) for r in reports)
            backfill_start = created.astimezone(PACIFIC).date() - timedelta(days=30)
            if title == "Trail and Tide":  # its jobs are recent: nothing has expired
                assert first_day == backfill_start
            else:  # a hundred days old: about sixty days remain downloadable
                assert first_day > backfill_start
                assert 55 <= len({day_of(r) for r in reports}) <= 65
    assert Client(sandbox, channel(sandbox, "Pixel Garden Studio")).jobs() == {}


def test_jobs_are_created_once_per_type_and_deleted(sandbox: Sandbox) -> None:
    client = Client(sandbox, channel(sandbox, "Pixel Garden Studio"))
    created = client.create("channel_reach_basic_a1", "Reach for the app")
    assert created.status_code == 200, created.text
    job = created.json()
    assert job["reportTypeId"] == "channel_reach_basic_a1"
    assert job["name"] == "Reach for the app"
    assert abs(instant(job["createTime"]) - sandbox.clock.now()) < timedelta(seconds=5)
    duplicate = client.create("channel_reach_basic_a1", "again")
    assert duplicate.status_code == 409
    assert error_status(duplicate) == "ALREADY_EXISTS"
    assert list(client.jobs()) == ["channel_reach_basic_a1"]
    assert client.ok(f"/jobs/{job['id']}") == job

    gone = client.delete(job["id"])
    assert gone.status_code == 200
    assert gone.json() == {}
    assert client.jobs() == {}
    assert client.delete(job["id"]).status_code == 404
    assert client.get(f"/jobs/{job['id']}/reports").status_code == 404
    again = client.create("channel_reach_basic_a1").json()
    assert again["id"] != job["id"]


def test_job_creation_refuses_what_google_refuses(sandbox: Sandbox) -> None:
    client = Client(sandbox, channel(sandbox, "Pixel Garden Studio"))
    url = f"{sandbox.url}/v1/jobs"
    bodies: list[Any] = [
        {"name": "no type"},
        {"reportTypeId": "channel_basic_a3"},
        {"reportTypeId": "channel_basic_a3", "name": ""},
        {"reportTypeId": "channel_basic_a3", "name": 7},
        {"reportTypeId": "channel_no_such_report_a9", "name": "x"},
        {"reportTypeId": "channel_basic_a3", "name": "x", "colour": "red"},
        ["channel_basic_a3"],
    ]
    for body in bodies:
        response = requests.post(url, json=body, headers=client.headers, timeout=30)
        assert response.status_code == 400, body
        assert error_status(response) == "INVALID_ARGUMENT"
    garbage = requests.post(url, data=b"{not json", headers=client.headers, timeout=30)
    assert garbage.status_code == 400
    assert client.jobs() == {}  # nothing was created by a refused request


def test_every_call_needs_an_analytics_token(sandbox: Sandbox) -> None:
    pixel = channel(sandbox, "Pixel Garden Studio")
    for path in ("/v1/jobs", "/v1/reportTypes"):
        response = requests.get(sandbox.url + path, timeout=30)
        assert response.status_code == 401
        assert "WWW-Authenticate" in response.headers
    bad = requests.get(
        f"{sandbox.url}/v1/jobs", headers={"Authorization": "Bearer nope"}, timeout=30
    )
    assert bad.status_code == 401
    data_only = Client(sandbox, pixel, frozenset({AUTH + "youtube.readonly"}))
    assert data_only.get("/jobs").status_code == 403
    assert data_only.create("channel_basic_a3").status_code == 403
    monetary = Client(sandbox, pixel, frozenset({AUTH + "yt-analytics-monetary.readonly"}))
    assert monetary.get("/jobs").status_code == 200
    unauthenticated = requests.post(
        f"{sandbox.url}/v1/jobs", json={"reportTypeId": "channel_basic_a3", "name": "x"}, timeout=30
    )
    assert unauthenticated.status_code == 401


def test_jobs_belong_to_their_channel(sandbox: Sandbox) -> None:
    pixel = Client(sandbox, channel(sandbox, "Pixel Garden Studio"))
    alex = Client(sandbox, channel(sandbox, "Alex Rivera"))
    mine = alex.jobs()["channel_basic_a3"]
    assert pixel.delete(mine["id"]).status_code == 404
    assert pixel.get(f"/jobs/{mine['id']}/reports").status_code == 404
    assert pixel.get(f"/jobs/{mine['id']}").status_code == 404
    assert set(alex.jobs()) == APP_TYPES


def test_jobs_list_is_paged_by_the_option_and_by_page_size(sandbox: Sandbox) -> None:
    client = Client(sandbox, channel(sandbox, "Pixel Garden Studio"))
    for type_id in ("channel_basic_a3", "channel_cards_a1", "channel_subtitles_a3"):
        assert client.create(type_id).status_code == 200
    first = client.ok("/jobs", pageSize=2)
    assert len(first["jobs"]) == 2
    assert first["nextPageToken"]
    sandbox.options.reporting_page_size = 1
    single = client.ok("/jobs")
    assert len(single["jobs"]) == 1
    assert single["nextPageToken"]
    assert len(client.ok("/jobs", pageSize=50)["jobs"]) == 1  # the option caps a page
    ids = [job["id"] for job in client.every("/jobs", "jobs")]
    assert len(ids) == len(set(ids)) == 3
    assert client.get("/jobs", pageSize="many").status_code == 400
    assert client.get("/jobs", pageToken="!!not-a-token").status_code == 400
    for forged in (b"[1, 2]", b"{}"):
        token_ = base64.urlsafe_b64encode(forged).decode()
        assert client.get("/jobs", pageToken=token_).status_code == 400


# -- publication on the clock ---------------------------------------------------------------


def advance_to(clock: SandboxClock, moment: datetime) -> None:
    clock.advance(moment - clock.now())


def test_reports_appear_after_48_hours_with_a_30_day_backfill_then_daily(
    sandbox: Sandbox,
) -> None:
    client = Client(sandbox, channel(sandbox, "Pixel Garden Studio"))
    job = client.create("channel_reach_basic_a1").json()
    created = instant(job["createTime"])
    first_day = created.astimezone(PACIFIC).date()
    assert client.reports(job["id"]) == []
    sandbox.clock.advance(hours=47)
    assert client.reports(job["id"]) == []

    sandbox.clock.advance(hours=2)
    reports = client.reports(job["id"])
    days = {day_of(r) for r in reports}
    backfill = {first_day - timedelta(days=n) for n in range(1, 31)}
    assert backfill <= days
    assert min(days) == first_day - timedelta(days=30)
    assert max(days) <= first_day + timedelta(days=1)
    for report in reports:
        start, end = instant(report["startTime"]), instant(report["endTime"])
        assert start.astimezone(PACIFIC).time().hour == 0  # midnight Pacific
        assert end == day_start(day_of(report) + timedelta(days=1))
        made = instant(report["createTime"])
        assert made >= created + timedelta(hours=48)
        assert made >= start + timedelta(hours=48)
        assert made <= sandbox.clock.now()
        assert report["jobId"] == job["id"]

    # Each day after, one more day: 54 hours after a day's start its report is out.
    newest = max(days)
    for _ in range(3):
        newest += timedelta(days=1)
        advance_to(sandbox.clock, day_start(newest) + timedelta(hours=54))
        days = {day_of(r) for r in client.reports(job["id"])}
        assert max(days) == newest
        assert days == {min(days) + timedelta(days=n) for n in range((newest - min(days)).days + 1)}


def test_reports_expire_after_30_days_when_backfilled_and_60_otherwise(sandbox: Sandbox) -> None:
    client = Client(sandbox, channel(sandbox, "Pixel Garden Studio"))
    job = client.create("channel_basic_a3").json()
    first_day = instant(job["createTime"]).astimezone(PACIFIC).date()
    seen: dict[str, dict[str, Any]] = {}
    for _ in range(70):  # a report a day for seventy days, listed as it comes
        sandbox.clock.advance(days=1)
        seen.update((r["id"], r) for r in client.reports(job["id"]))

    def lasts(report: dict[str, Any]) -> timedelta:
        return timedelta(days=30 if day_of(report) < first_day else 60)

    now = sandbox.clock.now()
    listed = {r["id"] for r in client.reports(job["id"])}
    alive = {i for i, r in seen.items() if instant(r["createTime"]) + lasts(r) > now}
    assert listed == alive
    assert len(seen) - len(alive) > 30  # the whole backfill and the first regular days went
    assert not any(day_of(seen[i]) < first_day for i in listed)


def test_some_days_are_published_again_with_a_later_report(sandbox: Sandbox) -> None:
    client = Client(sandbox, channel(sandbox, "Trail and Tide"))
    job = client.jobs()["channel_reach_basic_a1"]
    reports = client.reports(job["id"])
    by_day: dict[date, list[dict[str, Any]]] = {}
    for report in reports:
        by_day.setdefault(day_of(report), []).append(report)
    twice = {day: items for day, items in by_day.items() if len(items) > 1}
    assert 0.05 <= len(twice) / len(by_day) <= 0.2
    for items in twice.values():
        old, new = sorted(items, key=lambda r: r["createTime"])
        assert old["id"] != new["id"]
        assert old["startTime"] == new["startTime"]
        assert instant(new["createTime"]) - instant(old["createTime"]) == timedelta(days=1)
        same = [requests.get(r["downloadUrl"], headers=client.headers, timeout=30) for r in items]
        assert same[0].content == same[1].content  # corrected "data": the same numbers


def test_report_filters_and_paging(sandbox: Sandbox) -> None:
    client = Client(sandbox, channel(sandbox, "Alex Rivera"))
    job = client.jobs()["channel_reach_combined_a1"]
    every = client.reports(job["id"])
    path = f"/jobs/{job['id']}/reports"
    assert len(every) > 40

    cut = every[len(every) // 2]["createTime"]
    after = client.reports(job["id"], createdAfter=cut)
    assert after == [r for r in every if instant(r["createTime"]) > instant(cut)]
    assert all(r["createTime"] != cut for r in after)  # strictly after

    starts = sorted({r["startTime"] for r in every})
    low, high = starts[5], starts[15]
    window = client.reports(job["id"], startTimeAtOrAfter=low, startTimeBefore=high)
    expected = [r for r in every if instant(low) <= instant(r["startTime"]) < instant(high)]
    assert window == expected
    assert {r["startTime"] for r in window} >= {low}

    paged = client.reports(job["id"], pageSize=7)
    assert paged == every
    page = client.ok(path, pageSize=7)
    assert len(page["reports"]) == 7
    assert page["nextPageToken"]
    sandbox.options.reporting_page_size = 4
    assert len(client.ok(path)["reports"]) == 4
    assert client.reports(job["id"]) == every
    assert client.get(path, createdAfter="yesterday").status_code == 400
    assert client.get(path, startTimeBefore="2026-01-01").status_code == 400  # no zone

    one = every[3]
    assert client.ok(f"{path}/{one['id']}") == one
    assert client.get(f"{path}/999").status_code == 404


def test_paging_neither_repeats_nor_skips_while_reports_come_and_go(sandbox: Sandbox) -> None:
    client = Client(sandbox, channel(sandbox, "Alex Rivera"))
    job = client.jobs()["channel_basic_a3"]
    path = f"/jobs/{job['id']}/reports"
    first = client.ok(path, pageSize=10)
    sandbox.clock.advance(days=3)  # old reports expire, new ones are published
    rest = client.reports(job["id"], pageSize=10, pageToken=first["nextPageToken"])
    now_listed = client.reports(job["id"])
    ids = [r["id"] for r in first["reports"] + rest]
    assert len(ids) == len(set(ids))
    later = [r["id"] for r in now_listed if r["createTime"] > first["reports"][-1]["createTime"]]
    assert [r["id"] for r in rest] == later


# -- downloads ------------------------------------------------------------------------------


def test_download_plain_and_gzip(sandbox: Sandbox) -> None:
    alex = channel(sandbox, "Alex Rivera")
    client = Client(sandbox, alex)
    job = client.jobs()["channel_reach_basic_a1"]
    report = client.reports(job["id"])[-1]
    url = report["downloadUrl"]
    assert url.startswith(f"{sandbox.url}/v1/media/")
    assert url.endswith("?alt=media")

    zipped = requests.get(url, headers=client.headers, timeout=30, stream=True)
    assert zipped.status_code == 200
    assert zipped.headers["Content-Encoding"] == "gzip"
    raw = zipped.raw.read(decode_content=False)
    plain = requests.get(url, headers={**client.headers, "Accept-Encoding": "identity"}, timeout=30)
    assert "Content-Encoding" not in plain.headers
    assert plain.headers["Content-Type"] in ("application/octet-stream", "text/csv")
    assert gzip.decompress(raw) == plain.content
    body = plain.content
    assert body.startswith(BASIC_A1_HEADER)
    stamp = day_of(report).strftime("%Y%m%d")
    rows = body.decode().splitlines()[1:]
    assert rows
    assert all(row.startswith(f"{stamp},{alex},") for row in rows)


def test_downloads_need_a_token_of_the_reports_channel(sandbox: Sandbox) -> None:
    alex = Client(sandbox, channel(sandbox, "Alex Rivera"))
    report = alex.reports(alex.jobs()["channel_basic_a3"]["id"])[0]
    url = report["downloadUrl"]
    assert requests.get(url, timeout=30).status_code == 401
    kitchen = Client(sandbox, channel(sandbox, "Northern Lights Kitchen"))
    assert requests.get(url, headers=kitchen.headers, timeout=30).status_code == 403
    data_only = Client(sandbox, channel(sandbox, "Alex Rivera"), frozenset({AUTH + "youtube"}))
    assert requests.get(url, headers=data_only.headers, timeout=30).status_code == 403
    unknown = url.replace(f"/reports/{report['id']}", "/reports/123")
    assert requests.get(unknown, headers=alex.headers, timeout=30).status_code == 404


def test_a_deleted_job_publishes_nothing_more_but_keeps_what_it_made(sandbox: Sandbox) -> None:
    client = Client(sandbox, channel(sandbox, "Trail and Tide"))
    job = client.jobs()["channel_basic_a3"]
    made = client.reports(job["id"])[-1]
    assert client.delete(job["id"]).status_code == 200
    assert client.get(f"/jobs/{job['id']}/reports").status_code == 404
    kept = requests.get(made["downloadUrl"], headers=client.headers, timeout=30)
    assert kept.status_code == 200
    assert kept.content.startswith(b"date,channel_id,video_id,")
    assert set(client.jobs()) == APP_TYPES - {"channel_basic_a3"}


def test_faults_address_every_download_one_job_or_one_report(sandbox: Sandbox) -> None:
    client = Client(sandbox, channel(sandbox, "Alex Rivera"))
    jobs = client.jobs()
    basic = client.reports(jobs["channel_basic_a3"]["id"])[-2:]
    reach = client.reports(jobs["channel_reach_basic_a1"]["id"])[-1]

    def fetch(report: dict[str, Any]) -> int:
        return requests.get(report["downloadUrl"], headers=client.headers, timeout=30).status_code

    sandbox.faults.inject("/v1/media/*", status=503, times=2)
    assert [fetch(basic[0]), fetch(reach), fetch(reach)] == [503, 503, 200]
    assert client.get("/jobs").status_code == 200  # listing is not a download

    job_prefix = urlsplit(basic[0]["downloadUrl"]).path.rsplit("/reports/", 1)[0] + "/*"
    sandbox.faults.inject(job_prefix, status=429)
    assert [fetch(reach), fetch(basic[1]), fetch(basic[1])] == [200, 429, 200]

    sandbox.faults.inject(urlsplit(basic[0]["downloadUrl"]).path, truncate=True)
    assert fetch(basic[1]) == 200
    with pytest.raises(requests.exceptions.RequestException):
        requests.get(
            basic[0]["downloadUrl"],
            headers={**client.headers, "Accept-Encoding": "identity"},
            timeout=30,
        )
    assert fetch(basic[0]) == 200
