"""The Reporting API client over real sockets: against a scripted server for the edge cases
no honest server produces (pages in circles, foreign download hosts, cut-off bodies), and
against the sandbox's Reporting API for the protocol itself."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from analytix_desktop.api import DailyReport, Endpoints, Scopes, Shard, Tokens, reporting
from analytix_desktop.api.errors import (
    BadRequest,
    Conflict,
    InvalidRequest,
    MalformedResponse,
    NetworkError,
    NotFound,
    ServerError,
)
from analytix_desktop.api.transport import RetryPolicy, Transport
from analytix_desktop.sandbox import Sandbox
from tests.sandbox_answers import token

TOKEN = "ya29.reporting-test"
CSV = b"date,channel_id,video_id,video_thumbnail_impressions,video_thumbnail_impressions_ctr\r\n"
CSV += b"20261120,UC1,v1,1000,0.05\r\n"


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    authorization: str | None
    body: bytes


Answer = Callable[[BaseHTTPRequestHandler, Seen], None]


@dataclass
class Scripted:
    """A server answering each path with a scripted function, recording every request."""

    routes: dict[str, Answer] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        scripted = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                parts = urlsplit(self.path)
                request = Seen(
                    self.command,
                    parts.path,
                    parse_qs(parts.query),
                    self.headers.get("Authorization"),
                    self.rfile.read(length) if length else b"",
                )
                scripted.seen.append(request)
                route = scripted.routes.get(parts.path)
                if route is None:
                    send(self, 404, {"error": {"code": 404, "message": "no such path"}})
                else:
                    route(self, request)

            do_GET = do_POST = do_DELETE = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: Any,
    headers: dict[str, str] | None = None,
    *,
    length: int | None = None,
) -> None:
    """Answer ``body`` (JSON unless bytes); ``length`` announces more bytes than are sent."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    handler.send_response(status)
    for name, value in (headers or {"Content-Type": "application/json"}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(data) if length is None else length))
    if length is not None:
        handler.close_connection = True
    handler.end_headers()
    handler.wfile.write(data)


@pytest.fixture
def server() -> Iterator[Scripted]:
    scripted = Scripted()
    yield scripted
    scripted.close()


@pytest.fixture
def transport() -> Iterator[Transport]:
    with Transport(retry=RetryPolicy(attempts=2), sleep=lambda _: None) as shared:
        yield shared


def endpoints_of(server: Scripted) -> Endpoints:
    return Endpoints.rooted_at(server.url)


def report_at(url: str) -> DailyReport:
    start = dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC)
    end = start + dt.timedelta(days=1)
    return DailyReport("r1", "job1", start, end, end + dt.timedelta(hours=3), url)


def job_json(job_id: str, create_time: str = "2026-11-01T10:00:00Z") -> dict[str, Any]:
    return {
        "id": job_id,
        "reportTypeId": "channel_reach_basic_a1",
        "name": "reach",
        "createTime": create_time,
    }


# -- pages --------------------------------------------------------------------------------


def test_pages_are_followed_and_a_repeated_token_is_an_error(
    server: Scripted, transport: Transport
) -> None:
    def jobs(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        page = seen.query.get("pageToken", [""])[0]
        following = {"": "p2", "p2": "p3", "p3": "p2"}[page]  # p3 points back to p2
        send(handler, 200, {"jobs": [job_json(f"job-{page or 'p1'}")], "nextPageToken": following})

    server.routes["/v1/jobs"] = jobs
    with pytest.raises(MalformedResponse, match="repeated a page token"):
        reporting.list_jobs(transport, endpoints_of(server), TOKEN)
    assert [seen.query.get("pageToken", [""])[0] for seen in server.seen] == ["", "p2", "p3"]
    assert all(seen.authorization == f"Bearer {TOKEN}" for seen in server.seen)


def test_a_listing_that_never_ends_is_refused_at_the_page_cap(
    server: Scripted, transport: Transport, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reporting, "MAX_PAGES", 4)

    def types(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        page = int(seen.query.get("pageToken", ["0"])[0])
        item = {"id": f"type{page}", "name": "t", "systemManaged": False}
        send(handler, 200, {"reportTypes": [item], "nextPageToken": str(page + 1)})

    server.routes["/v1/reportTypes"] = types
    with pytest.raises(MalformedResponse, match="more than 4 pages"):
        reporting.list_report_types(transport, endpoints_of(server), TOKEN)
    assert len(server.seen) == 4


def test_report_types_say_when_they_are_deprecated(server: Scripted, transport: Transport) -> None:
    listed = [
        {"id": "old_a1", "name": "Old", "deprecateTime": "2026-12-01T00:00:00Z"},
        {"id": "new_a2", "name": "New", "systemManaged": True},
    ]
    server.routes["/v1/reportTypes"] = lambda h, s: send(h, 200, {"reportTypes": listed})
    old, new = reporting.list_report_types(transport, endpoints_of(server), TOKEN)
    assert (old.deprecated, old.system_managed) == (True, False)
    assert (new.deprecated, new.system_managed) == (False, True)


# -- timestamps ---------------------------------------------------------------------------


def test_timestamps_are_parsed_strictly_into_utc(server: Scripted, transport: Transport) -> None:
    listed = [
        {
            "id": "r1",
            "jobId": "job/1",
            "startTime": "2026-07-01T07:00:00Z",
            "endTime": "2026-07-02T07:00:00Z",
            "createTime": "2026-07-02T09:30:00.123456789+02:00",
            "downloadUrl": f"{server.url}/v1/media/r1?alt=media",
        }
    ]
    server.routes["/v1/jobs/job%2F1/reports"] = lambda h, s: send(h, 200, {"reports": listed})
    after = dt.datetime(2026, 6, 30, 17, tzinfo=dt.timezone(dt.timedelta(hours=-7)))
    (report,) = reporting.list_daily_reports(
        transport, endpoints_of(server), TOKEN, "job/1", created_after=after
    )
    assert report.create_time == dt.datetime(2026, 7, 2, 7, 30, 0, 123456, tzinfo=dt.UTC)
    assert report.day == dt.date(2026, 7, 1)  # Pacific daylight time: midnight is 07:00Z
    assert server.seen[0].query == {"createdAfter": ["2026-07-01T00:00:00Z"]}


def test_a_winter_report_s_day_is_its_pacific_date() -> None:
    assert report_at("http://x").day == dt.date(2026, 11, 20)  # 08:00Z is midnight PST


@pytest.mark.parametrize(
    "create_time", ["2026-07-02 09:30:00Z", "2026-07-02T09:30:00", "2026-13-02T09:30:00Z", 17]
)
def test_a_bad_timestamp_is_malformed_and_named(
    server: Scripted, transport: Transport, create_time: Any
) -> None:
    server.routes["/v1/jobs"] = lambda h, s: send(h, 200, {"jobs": [job_json("j", create_time)]})
    with pytest.raises(MalformedResponse, match="'createTime'"):
        reporting.list_jobs(transport, endpoints_of(server), TOKEN)


def test_a_naive_time_is_refused_before_sending(server: Scripted, transport: Transport) -> None:
    with pytest.raises(InvalidRequest, match="startTimeBefore"):
        reporting.list_daily_reports(
            transport,
            endpoints_of(server),
            TOKEN,
            "job1",
            start_time_before=dt.datetime(2026, 11, 20),
        )
    assert server.seen == []


def test_a_job_without_an_id_is_malformed(server: Scripted, transport: Transport) -> None:
    server.routes["/v1/jobs"] = lambda h, s: send(h, 200, {"jobs": [{"reportTypeId": "x"}]})
    with pytest.raises(MalformedResponse, match="'id'"):
        reporting.list_jobs(transport, endpoints_of(server), TOKEN)


# -- jobs ---------------------------------------------------------------------------------


def test_create_job_posts_once_and_409_is_a_conflict(
    server: Scripted, transport: Transport
) -> None:
    answers = iter([(200, job_json("j1")), (409, None), (503, None)])

    def create(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        status, body = next(answers)
        error = {"error": {"code": status, "message": "nope", "status": "ALREADY_EXISTS"}}
        send(handler, status, body or error)

    server.routes["/v1/jobs"] = create
    endpoints = endpoints_of(server)
    job = reporting.create_job(transport, endpoints, TOKEN, "channel_reach_basic_a1", "reach")
    assert (job.id, job.report_type_id, job.expire_time) == ("j1", "channel_reach_basic_a1", None)
    assert json.loads(server.seen[0].body) == {
        "reportTypeId": "channel_reach_basic_a1",
        "name": "reach",
    }
    with pytest.raises(Conflict) as conflict:
        reporting.create_job(transport, endpoints, TOKEN, "channel_reach_basic_a1", "reach")
    assert conflict.value.status == 409
    with pytest.raises(ServerError):  # it may have been created: not sent again
        reporting.create_job(transport, endpoints, TOKEN, "channel_reach_basic_a1", "reach")
    assert [seen.method for seen in server.seen] == ["POST"] * 3


def test_delete_job_quotes_the_id(server: Scripted, transport: Transport) -> None:
    server.routes["/v1/jobs/a%2Fb"] = lambda h, s: send(h, 200, {})
    reporting.delete_job(transport, endpoints_of(server), TOKEN, "a/b")
    assert [(seen.method, seen.path) for seen in server.seen] == [("DELETE", "/v1/jobs/a%2Fb")]


# -- downloads ----------------------------------------------------------------------------


def test_a_download_on_another_host_is_refused_without_sending_the_token(
    server: Scripted, transport: Transport
) -> None:
    elsewhere = Scripted()
    try:
        elsewhere.routes["/v1/media/r1"] = lambda h, s: send(h, 200, CSV)
        endpoints = endpoints_of(server)
        port = urlsplit(server.url).port
        for url in (
            f"{elsewhere.url}/v1/media/r1?secret=abc",  # another port
            f"http://localhost:{port}/v1/media/r1",  # another host name
            f"https://127.0.0.1:{port}/v1/media/r1",  # another scheme
            f"http://user@127.0.0.1:{port}/v1/media/r1",
            "not a url",
        ):
            with pytest.raises(InvalidRequest, match="not on the Reporting API's") as refused:
                reporting.download(transport, endpoints, TOKEN, report_at(url))
            assert "secret" not in str(refused.value)
        assert elsewhere.seen == []
        assert server.seen == []
    finally:
        elsewhere.close()


def test_a_plain_download_comes_back_whole(server: Scripted, transport: Transport) -> None:
    server.routes["/v1/media/r1"] = lambda h, s: send(h, 200, CSV, {"Content-Type": "text/csv"})
    url = f"{server.url}/v1/media/r1?alt=media"
    assert reporting.download(transport, endpoints_of(server), TOKEN, report_at(url)) == CSV
    assert server.seen[0].authorization == f"Bearer {TOKEN}"
    assert server.seen[0].query == {"alt": ["media"]}


@pytest.mark.parametrize("encoded", [True, False])
def test_a_gzip_download_is_inflated(server: Scripted, transport: Transport, encoded: bool) -> None:
    headers = {"Content-Type": "text/csv", "Content-Encoding": "gzip"} if encoded else {}
    body = gzip.compress(CSV[:60]) + gzip.compress(CSV[60:]) + b"\0\0"  # two members, padding
    server.routes["/v1/media/r1"] = lambda h, s: send(h, 200, body, headers or None)
    if not encoded:
        server.routes["/v1/media/r1"] = lambda h, s: send(
            h, 200, body, {"Content-Type": "application/gzip"}
        )
    url = f"{server.url}/v1/media/r1"
    assert reporting.download(transport, endpoints_of(server), TOKEN, report_at(url)) == CSV


def test_a_gzip_download_that_inflates_past_the_cap_is_refused(server: Scripted) -> None:
    bomb = gzip.compress(b"1" * 100_000)
    server.routes["/v1/media/r1"] = lambda h, s: send(h, 200, bomb, {"Content-Type": "x/gzip"})
    url = f"{server.url}/v1/media/r1"
    with (
        Transport(max_body=50_000) as small,
        pytest.raises(MalformedResponse, match="larger than"),
    ):
        reporting.download(small, endpoints_of(server), TOKEN, report_at(url))


def test_a_cut_off_gzip_download_raises(server: Scripted, transport: Transport) -> None:
    cut = gzip.compress(CSV * 50)[:-30]
    server.routes["/v1/media/r1"] = lambda h, s: send(h, 200, cut, {"Content-Type": "x/gzip"})
    with pytest.raises(MalformedResponse, match="cut off"):
        reporting.download(
            transport, endpoints_of(server), TOKEN, report_at(f"{server.url}/v1/media/r1")
        )


def test_a_download_cut_off_midway_raises(server: Scripted, transport: Transport) -> None:
    server.routes["/v1/media/r1"] = lambda h, s: send(
        h, 200, CSV[:40], {"Content-Type": "text/csv"}, length=len(CSV)
    )
    with pytest.raises(NetworkError, match=r"cut off|dropped"):
        reporting.download(
            transport, endpoints_of(server), TOKEN, report_at(f"{server.url}/v1/media/r1")
        )
    assert len(server.seen) == 2  # a GET is tried again, and fails again


def test_the_shard_downloads_and_parses(server: Scripted) -> None:
    server.routes["/v1/media/r1"] = lambda h, s: send(h, 200, gzip.compress(CSV), {})
    shard = Shard(Scopes.READONLY, Tokens(TOKEN), endpoints=endpoints_of(server))
    with shard:
        report = shard.download_daily_report(
            report_at(f"{server.url}/v1/media/r1"), "channel_reach_basic_a1"
        )
    assert report.report_type_id == "channel_reach_basic_a1"
    assert report.rows == [(dt.date(2026, 11, 20), "UC1", "v1", 1000, 0.05)]


# -- against the sandbox ------------------------------------------------------------------

APP_TYPES = ("channel_reach_basic_a1", "channel_reach_combined_a1", "channel_basic_a3")
COLUMNS = {
    "channel_reach_basic_a1": [
        "date",
        "channel_id",
        "video_id",
        "video_thumbnail_impressions",
        "video_thumbnail_impressions_ctr",
    ],
    "channel_reach_combined_a1": [
        "date",
        "channel_id",
        "video_id",
        "traffic_source_type",
        "traffic_source_detail",
        "operating_system",
        "device_type",
        "video_thumbnail_impressions",
        "video_thumbnail_impressions_ctr",
    ],
}


BASIC_A3_START = [
    "date",
    "channel_id",
    "video_id",
    "live_or_on_demand",
    "subscribed_status",
    "country_code",
]


@pytest.fixture
def own_sandbox() -> Iterator[Sandbox]:
    """A sandbox of this test's own: it creates jobs and moves the clock."""
    with Sandbox(seed=7, auto_consent=True) as sandbox:
        yield sandbox


def shard_of(sandbox: Sandbox, title: str) -> Shard:
    channel_id = next(c.id for c in sandbox.channels.values() if c.title == title)
    return Shard(
        Scopes.READONLY,
        Tokens(token(sandbox, channel_id)),
        endpoints=Endpoints.rooted_at(sandbox.url),
    )


def test_the_sandbox_lists_every_channel_report_type(sandbox: Sandbox) -> None:
    with shard_of(sandbox, "Pixel Garden Studio") as shard:
        types = shard.fetch_report_types()
    ids = [kind.id for kind in types]
    assert set(APP_TYPES) <= set(ids)
    assert "playlist_traffic_source_a2" in ids
    assert len(ids) == len(set(ids)) == 20
    assert not any(kind.deprecated or kind.system_managed for kind in types)


def test_jobs_are_created_listed_refused_twice_and_deleted(own_sandbox: Sandbox) -> None:
    with shard_of(own_sandbox, "Pixel Garden Studio") as shard:
        assert shard.fetch_jobs() == []
        before = own_sandbox.clock.now()
        job = shard.create_job("channel_reach_basic_a1", "reach")
        assert job.report_type_id == "channel_reach_basic_a1"
        assert job.name == "reach"
        assert before - dt.timedelta(seconds=1) <= job.create_time <= own_sandbox.clock.now()
        assert shard.fetch_jobs() == [job]
        with pytest.raises(Conflict):
            shard.create_job("channel_reach_basic_a1", "again")
        with pytest.raises(BadRequest):
            shard.create_job("no_such_type_a1", "reach")
        assert shard.fetch_daily_reports(job.id) == []  # nothing before ~48 hours
        shard.delete_job(job.id)
        assert shard.fetch_jobs() == []
        with pytest.raises(NotFound):
            shard.delete_job(job.id)


def test_reports_appear_after_two_days_with_a_backfill(own_sandbox: Sandbox) -> None:
    own_sandbox.options.reporting_page_size = 4
    with shard_of(own_sandbox, "Pixel Garden Studio") as shard:
        job = shard.create_job("channel_reach_basic_a1", "reach")
        own_sandbox.clock.advance(hours=60)
        reports = shard.fetch_daily_reports(job.id)
    created_day = job.create_time.astimezone(ZoneInfo("America/Los_Angeles")).date()
    days = sorted({report.day for report in reports})
    assert days[0] == created_day - dt.timedelta(days=30)  # the backfill
    assert len(days) >= 31
    assert len(reports) > 4
    assert all(report.job_id == job.id for report in reports)
    assert all(report.create_time >= job.create_time + dt.timedelta(hours=48) for report in reports)


def test_paging_and_the_time_filters_select_reports(own_sandbox: Sandbox) -> None:
    with shard_of(own_sandbox, "Trail and Tide") as shard:
        (job,) = [j for j in shard.fetch_jobs() if j.report_type_id == "channel_reach_basic_a1"]
        whole = shard.fetch_daily_reports(job.id)
        own_sandbox.options.reporting_page_size = 5
        own_sandbox.log.clear()
        paged = shard.fetch_daily_reports(job.id)
        assert paged == whole
        assert len(whole) > 10
        assert own_sandbox.log.count(f"/v1/jobs/{job.id}/reports") == -(-len(whole) // 5)

        middle = sorted(report.create_time for report in whole)[len(whole) // 2]
        newer = shard.fetch_daily_reports(job.id, created_after=middle)
        assert {r.id for r in newer} == {r.id for r in whole if r.create_time > middle}

        days = sorted({report.day for report in whole})
        first, last = days[3], days[6]
        window = shard.fetch_daily_reports(
            job.id,
            start_time_at_or_after=next(r.start_time for r in whole if r.day == first),
            start_time_before=next(r.start_time for r in whole if r.day == last),
        )
    assert {r.day for r in window} == set(days[3:6])
    assert {r.id for r in window} == {r.id for r in whole if first <= r.day < last}


@pytest.mark.parametrize("report_type", APP_TYPES)
def test_a_downloaded_report_parses_into_its_columns(sandbox: Sandbox, report_type: str) -> None:
    channel_id = next(c.id for c in sandbox.channels.values() if c.title == "Trail and Tide")
    rows = 0
    with shard_of(sandbox, "Trail and Tide") as shard:
        (job,) = [j for j in shard.fetch_jobs() if j.report_type_id == report_type]
        reports = shard.fetch_daily_reports(job.id)
        newest = max(reports, key=lambda r: (r.day, r.create_time))
        oldest = min(reports, key=lambda r: r.day)
        for daily in (newest, oldest):
            assert daily.end_time - daily.start_time in {
                dt.timedelta(hours=hours) for hours in (23, 24, 25)
            }
            report = shard.download_daily_report(daily, report_type)
            assert report.report_type_id == report_type
            if report_type in COLUMNS:
                assert report.columns == COLUMNS[report_type]
                ctr = report.column("video_thumbnail_impressions_ctr")
                assert all(isinstance(value, float) and 0 <= value <= 1 for value in ctr)
            else:
                assert report.columns[:6] == BASIC_A3_START
                assert len(report.columns) == 34
                assert all(isinstance(value, int) for value in report.column("views"))
            assert set(report.column("date")) <= {daily.day}
            assert set(report.column("channel_id")) <= {channel_id}
            rows += report.shape[0]
    assert rows > 0
