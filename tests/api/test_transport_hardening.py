"""The transport against misbehaving servers: retries of non-idempotent requests, a
total deadline, hostile bodies and absurd Retry-After values (issue 10's audit)."""

from __future__ import annotations

import gzip
import http.server
import json
import math
import socket
import threading
import time
import tracemalloc
from collections.abc import Iterator

import pytest

from analytix_desktop.api.errors import (
    MAX_RETRY_AFTER,
    APIError,
    MalformedResponse,
    NetworkError,
    NotFound,
    RateLimited,
    ServerError,
)
from analytix_desktop.api.transport import LARGE_BODY, RetryPolicy, Transport
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.http import Request, Response, google_error

from .servers import SlowServer

SEEN: list[str] = []


def _ok(request: Request) -> Response:
    SEEN.append(request.method)
    return Response.json(200, {"ok": True})


@pytest.fixture
def routes(sandbox: Sandbox) -> str:
    SEEN.clear()
    for method in ("GET", "POST", "PATCH", "PUT", "DELETE"):
        sandbox.route(method, "/h/ok", _ok)
    return sandbox.url


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def transport(sleeps: Sleeps) -> Iterator[Transport]:
    with Transport(timeout=5.0, retry=RetryPolicy(attempts=3, base=0.01), sleep=sleeps) as t:
        yield t


# -- A: what may have reached the server is not sent again unless idempotent --------------


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_non_idempotent_methods_are_not_resent_after_an_answer(
    routes: str, sandbox: Sandbox, transport: Transport, method: str, status: int
) -> None:
    sandbox.faults.inject("/h/ok", status=status, method=method)
    with pytest.raises((ServerError, RateLimited)):
        transport.json(method, f"{routes}/h/ok", json_body={"x": 1})
    assert sandbox.log.count("/h/ok") == 1


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_idempotent_methods_keep_their_retries(
    routes: str, sandbox: Sandbox, transport: Transport, method: str
) -> None:
    sandbox.faults.inject("/h/ok", status=503, method=method)
    assert transport.json(method, f"{routes}/h/ok") == {"ok": True}
    assert [e.status for e in sandbox.log.entries("/h/ok")] == [503, 200]


def test_a_post_is_not_resent_after_a_dropped_connection(
    routes: str, sandbox: Sandbox, transport: Transport
) -> None:
    sandbox.faults.inject("/h/ok", drop=True, method="POST")
    with pytest.raises(NetworkError, match="dropped"):
        transport.json("POST", f"{routes}/h/ok", data={"x": "1"})
    assert sandbox.log.count("/h/ok") == 1


class _Hello(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "11")
        self.end_headers()
        self.wfile.write(b'{"ok":true}')

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


def test_a_post_is_retried_when_nothing_could_connect() -> None:
    """Connection refused: nothing was sent, so even a POST may try again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    servers: list[http.server.HTTPServer] = []

    def start_server(seconds: float) -> None:  # the "wait" before the retry
        server = http.server.HTTPServer(("127.0.0.1", port), _Hello)
        threading.Thread(target=server.handle_request, daemon=True).start()
        servers.append(server)

    transport = Transport(retry=RetryPolicy(attempts=2, base=0.01), sleep=start_server)
    try:
        url = f"http://127.0.0.1:{port}/token"
        assert transport.json("POST", url, data={"a": "b"}, idempotent=False) == {"ok": True}
        assert len(servers) == 1
    finally:
        for server in servers:
            server.server_close()
        transport.close()


def test_a_delete_retried_into_404_after_a_server_error_is_done(
    routes: str, sandbox: Sandbox, transport: Transport
) -> None:
    gone = {"n": 0}

    def delete_once(request: Request) -> Response:
        gone["n"] += 1
        if gone["n"] == 1:
            return google_error(502, "Bad Gateway", "backendError")  # the delete ran
        return google_error(404, "Group not found.", "notFound")

    sandbox.route("DELETE", "/h/thing", delete_once)
    assert transport.json("DELETE", f"{routes}/h/thing", params={"id": "g1"}) == {}
    assert gone["n"] == 2


def test_a_delete_404_is_not_found_when_no_attempt_can_have_done_it(
    routes: str, sandbox: Sandbox, transport: Transport
) -> None:
    with pytest.raises(NotFound):
        transport.json("DELETE", f"{routes}/h/nothing-here")
    # A 429 is a refusal, not a delete that may have happened.
    sandbox.faults.inject("/h/nothing-here", status=429, retry_after=0)
    with pytest.raises(NotFound):
        transport.json("DELETE", f"{routes}/h/nothing-here")


# -- B: a total deadline per request -----------------------------------------------------


def test_a_trickled_body_is_stopped_at_the_total_deadline() -> None:
    """46 bytes a tenth of a second apart: every read is quick, the whole is not."""
    body = b'{"kind": "youtubeAnalytics#resultTable", "x":1}'[:46]
    with (
        SlowServer.json_body(body, interval=0.1) as server,
        Transport(timeout=5.0, total_timeout=1.0, retry=RetryPolicy(attempts=1)) as transport,
    ):
        started = time.monotonic()
        with pytest.raises(NetworkError, match=r"timed out.*1 s") as info:
            transport.json("GET", f"{server.url}/v2/reports")
        assert time.monotonic() - started < 2.0  # not the 4.6 s of the whole trickle
    assert not isinstance(info.value, MalformedResponse)


def test_trickled_headers_are_stopped_at_the_total_deadline() -> None:
    head = b"HTTP/1.1 200 OK\r\n" + b"X-Padding: " + b"." * 60 + b"\r\n\r\n"
    with (
        SlowServer(head, prompt=0, interval=0.05) as server,
        Transport(timeout=5.0, total_timeout=0.5, retry=RetryPolicy(attempts=1)) as transport,
    ):
        started = time.monotonic()
        with pytest.raises(NetworkError, match="timed out"):
            transport.request("GET", f"{server.url}/token")
        assert time.monotonic() - started < 1.5


def test_the_deadline_is_per_call_and_kept_by_bound() -> None:
    body = b'{"ok": true}'
    with (
        SlowServer.json_body(body, interval=0.2) as server,
        Transport(timeout=5.0, retry=RetryPolicy(attempts=1)) as transport,
    ):
        with pytest.raises(NetworkError, match="timed out"):
            transport.json("GET", server.url, total_timeout=0.5)
        slow = Transport(transport.session, total_timeout=0.5, retry=RetryPolicy(attempts=1))
        with pytest.raises(NetworkError, match="timed out"):
            slow.bound(cancel=threading.Event()).json("GET", server.url)


def test_the_deadline_covers_retries(routes: str, sandbox: Sandbox) -> None:
    sandbox.faults.inject("/h/ok", status=503, delay=0.3, times=20)
    policy = RetryPolicy(attempts=20, base=0.01, deadline=60)
    with Transport(total_timeout=1.0, retry=policy) as transport:
        started = time.monotonic()
        with pytest.raises((ServerError, NetworkError)):
            transport.json("GET", f"{routes}/h/ok")
        assert time.monotonic() - started < 1.6
    assert sandbox.log.count("/h/ok") <= 4


def test_cancel_reaches_a_request_waiting_for_its_headers() -> None:
    head = b"HTTP/1.1 200 OK\r\n" + b"X-Padding: " + b"." * 60 + b"\r\n\r\n"
    cancel = threading.Event()
    with (
        SlowServer(head, prompt=0, interval=0.05) as server,
        Transport(retry=RetryPolicy(attempts=1)) as transport,
    ):
        threading.Timer(0.3, cancel.set).start()
        started = time.monotonic()
        with pytest.raises(NetworkError, match="cancelled"):
            transport.bound(cancel=cancel).request("GET", server.url)
        assert time.monotonic() - started < 1.0


# -- C: bodies that are not JSON, or hostile ----------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000


def _raw(status: int, body: bytes) -> Response:
    return Response(status, body)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (DEEP, "nested too deeply"),  # under LARGE_BODY: json.loads
        (b'{"pad": "' + b"x" * LARGE_BODY + b'", "rows": ' + DEEP + b"}", "nested too deeply"),
        (b'{"rows": [[1, 2], [3', "cut off"),  # cut short, yet of the length announced
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b"<html>502 Bad Gateway</html>", "not valid JSON"),
    ],
    ids=["deep", "deep-sliced", "truncated", "not-utf8", "html"],
)
def test_unreadable_bodies_are_malformed_responses(
    routes: str, sandbox: Sandbox, transport: Transport, body: bytes, problem: str
) -> None:
    sandbox.route("GET", "/h/body", lambda request: _raw(200, body))
    with pytest.raises(MalformedResponse, match=problem) as info:
        transport.json("GET", f"{routes}/h/body")
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


def test_a_hostile_error_body_still_gives_the_status(
    routes: str, sandbox: Sandbox, transport: Transport
) -> None:
    sandbox.route("GET", "/h/deep-error", lambda request: _raw(400, DEEP))
    sandbox.route(
        "GET",
        "/h/long-error",
        lambda request: google_error(400, "x" * 100_000, "badRequest"),
    )
    with pytest.raises(APIError) as deep:
        transport.json("GET", f"{routes}/h/deep-error")
    assert (deep.value.status, deep.value.reason) == (400, None)
    with pytest.raises(APIError) as long:
        transport.json("GET", f"{routes}/h/long-error")
    assert len(long.value.message) <= 1001


# -- D: Retry-After is finite and bounded --------------------------------------------------

FAR_DATE = "Fri, 31 Dec 9999 23:59:59 GMT"


@pytest.mark.parametrize(
    "header",
    [
        "inf",
        "nan",
        "-5",
        "1e309",
        "9" * 400,
        "99999999999",
        FAR_DATE,
        "Sun, 06 Nov 1994 08:49:37 GMT",
    ],
)
def test_retry_after_gives_finite_bounded_waits(
    routes: str, sandbox: Sandbox, sleeps: Sleeps, header: str
) -> None:
    sandbox.route(
        "GET",
        "/h/limited",
        lambda request: google_error(
            429, "Too many requests.", "rateLimitExceeded", headers={"Retry-After": header}
        ),
    )
    heard: list[float] = []
    policy = RetryPolicy(attempts=3, base=0.01, deadline=2 * MAX_RETRY_AFTER)
    with (
        Transport(
            retry=policy, sleep=sleeps, on_retry=lambda delay, status, text: heard.append(delay)
        ) as transport,
        pytest.raises(RateLimited) as info,
    ):
        transport.json("GET", f"{routes}/h/limited", total_timeout=3 * MAX_RETRY_AFTER)
    wait = info.value.retry_after
    assert wait is None or (math.isfinite(wait) and 0 <= wait <= MAX_RETRY_AFTER)
    assert sleeps == heard
    assert all(math.isfinite(s) and 0 <= s <= MAX_RETRY_AFTER for s in sleeps)
    if header in ("9" * 400, "99999999999", FAR_DATE):
        assert wait == MAX_RETRY_AFTER


@pytest.mark.parametrize(
    ("given", "kept"),
    [(math.inf, MAX_RETRY_AFTER), (math.nan, None), (-3.0, 0.0), (1e12, MAX_RETRY_AFTER), (30, 30)],
)
def test_errors_keep_their_retry_after_sensible(given: float, kept: float | None) -> None:
    assert RateLimited(429, "slow down", retry_after=given).retry_after == kept


def test_a_body_that_inflates_without_end_is_refused() -> None:
    """A 20 KB gzip answer that decodes to 64 MiB of zeros, against a 4 MiB cap."""
    bomb = gzip.compress(b"0" * (64 << 20), compresslevel=9)
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
        f"Content-Length: {len(bomb)}\r\n\r\n"
    ).encode()
    answer = head + bomb
    with (
        SlowServer(answer, prompt=len(answer), interval=0.0) as server,
        Transport(max_body=4 << 20, retry=RetryPolicy(attempts=1)) as transport,
    ):
        assert len(bomb) < 100_000
        tracemalloc.start()
        try:
            with pytest.raises(MalformedResponse, match="larger than 4 MiB once decoded"):
                transport.json("GET", f"{server.url}/v2/reports")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 16 << 20  # stopped near the cap, not after inflating it all


def test_a_body_under_the_cap_is_read_whole() -> None:
    body = json.dumps({"rows": [[n] for n in range(100_000)]}).encode()
    packed = gzip.compress(body)
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
        f"Content-Length: {len(packed)}\r\n\r\n"
    ).encode()
    answer = head + packed
    with (
        SlowServer(answer, prompt=len(answer), interval=0.0) as server,
        Transport(max_body=len(body) + 1, retry=RetryPolicy(attempts=1)) as transport,
    ):
        assert transport.json("GET", f"{server.url}/v2/reports") == json.loads(body)
