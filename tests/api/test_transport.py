from __future__ import annotations

import contextlib
import http.server
import logging
import threading
import time
from collections.abc import Iterator

import pytest

from analytix_desktop import __version__
from analytix_desktop.api.errors import (
    BadRequest,
    NetworkError,
    NotFound,
    RateLimited,
    ServerError,
    Unauthorised,
)
from analytix_desktop.api.transport import USER_AGENT, RetryPolicy, Transport
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.http import Request, Response, google_error, oauth_error

TOKEN = "ya29.secret-access-token"
SEEN: list[Request] = []


def _ok(request: Request) -> Response:
    SEEN.append(request)
    return Response.json(200, {"ok": True, "n": len(SEEN)})


@pytest.fixture
def routes(sandbox: Sandbox) -> str:
    SEEN.clear()
    sandbox.route("GET", "/t/ok", _ok)
    sandbox.route("POST", "/t/ok", _ok)
    sandbox.route("GET", "/t/text", lambda r: Response.html(200, "<html>not json</html>"))
    sandbox.route(
        "GET",
        "/t/quota",
        lambda r: google_error(
            403,
            "The request cannot be completed because you have exceeded your quota.",
            "quotaExceeded",
        ),
    )
    sandbox.route("GET", "/t/limit", _rate_then_ok)
    sandbox.route("POST", "/t/oauth", lambda r: oauth_error(400, "invalid_grant", "Bad Request"))
    return sandbox.url


def _rate_then_ok(request: Request) -> Response:
    SEEN.append(request)
    if len(SEEN) == 1:
        return google_error(403, "User Rate Limit Exceeded", "userRateLimitExceeded")
    return Response.json(200, {"ok": True})


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def transport(sleeps: Sleeps) -> Iterator[Transport]:
    with Transport(timeout=2.0, retry=RetryPolicy(attempts=3, base=0.01), sleep=sleeps) as t:
        yield t


def test_success_sends_user_agent_and_bearer(routes: str, transport: Transport) -> None:
    assert transport.json("GET", f"{routes}/t/ok", params={"a": "b c"}, token=TOKEN)["ok"]
    request = SEEN[0]
    assert request.headers["User-Agent"] == f"analytix-desktop/{__version__}" == USER_AGENT
    assert request.bearer_token() == TOKEN
    assert request.param("a") == "b c"


def test_retry_after_is_honoured_then_success(
    routes: str, sandbox: Sandbox, transport: Transport, sleeps: Sleeps
) -> None:
    sandbox.faults.inject("/t/ok", status=429, retry_after=1)
    assert transport.json("GET", f"{routes}/t/ok")["ok"]
    assert sleeps == [1.0]
    assert [e.status for e in sandbox.log.entries("/t/ok")] == [429, 200]


def test_retry_hook_hears_each_wait_before_it(
    routes: str, sandbox: Sandbox, sleeps: Sleeps
) -> None:
    heard: list[tuple[float, int, str, int]] = []
    with Transport(
        timeout=2.0,
        retry=RetryPolicy(attempts=3, base=0.01),
        sleep=sleeps,
        on_retry=lambda delay, status, message: heard.append((delay, status, message, len(sleeps))),
    ) as transport:
        sandbox.faults.inject("/t/ok", status=429, retry_after=1)
        assert transport.json("GET", f"{routes}/t/ok")["ok"]
    assert sleeps == [1.0]
    assert len(heard) == 1
    delay, status, message, slept_before = heard[0]
    assert (delay, status, slept_before) == (1.0, 429, 0)
    assert "Quota exceeded" in message


def test_retry_hook_can_stop_the_retry(routes: str, sandbox: Sandbox, sleeps: Sleeps) -> None:
    def stop(delay: float, status: int, message: str) -> None:
        raise KeyboardInterrupt("cancelled")

    transport = Transport(retry=RetryPolicy(attempts=3), sleep=sleeps, on_retry=stop)
    sandbox.faults.inject("/t/ok", status=503, times=5)
    with pytest.raises(KeyboardInterrupt):
        transport.json("GET", f"{routes}/t/ok")
    assert sleeps == []
    assert sandbox.log.count("/t/ok") == 1
    transport.close()


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_retried_until_exhausted(
    routes: str, sandbox: Sandbox, transport: Transport, sleeps: Sleeps, status: int
) -> None:
    sandbox.faults.inject("/t/ok", status=status, times=10)
    with pytest.raises(ServerError) as info:
        transport.json("GET", f"{routes}/t/ok")
    assert info.value.status == status
    assert info.value.reason == "backendError"
    assert sandbox.log.count("/t/ok") == 3
    assert len(sleeps) == 2
    assert all(0 <= s <= 0.02 for s in sleeps)


def test_rate_limit_carries_googles_message(
    routes: str, sandbox: Sandbox, transport: Transport
) -> None:
    sandbox.faults.inject("/t/ok", status=429, times=10)
    with pytest.raises(RateLimited, match="Quota exceeded for quota metric") as info:
        transport.json("GET", f"{routes}/t/ok")
    assert info.value.reason == "rateLimitExceeded"


def test_retry_after_beyond_deadline_gives_up_at_once(
    routes: str, sandbox: Sandbox, sleeps: Sleeps
) -> None:
    sandbox.faults.inject("/t/ok", status=429, retry_after=120, times=5)
    transport = Transport(retry=RetryPolicy(attempts=5, deadline=10), sleep=sleeps)
    with pytest.raises(RateLimited) as info:
        transport.json("GET", f"{routes}/t/ok")
    assert info.value.retry_after == 120
    assert sleeps == []
    assert sandbox.log.count("/t/ok") == 1


def test_403_rate_limit_is_retried(routes: str, transport: Transport) -> None:
    assert transport.json("GET", f"{routes}/t/limit")["ok"]
    assert len(SEEN) == 2


def test_403_quota_spent_is_rate_limited_without_retry(
    routes: str, sandbox: Sandbox, transport: Transport
) -> None:
    with pytest.raises(RateLimited, match="exceeded your quota") as info:
        transport.json("GET", f"{routes}/t/quota")
    assert info.value.status == 403
    assert info.value.reason == "quotaExceeded"
    assert sandbox.log.count("/t/quota") == 1


def test_client_errors_are_not_retried(routes: str, sandbox: Sandbox, transport: Transport) -> None:
    sandbox.faults.inject("/t/ok", status=401)
    with pytest.raises(Unauthorised, match="invalid authentication credentials"):
        transport.json("GET", f"{routes}/t/ok")
    with pytest.raises(NotFound):
        transport.json("GET", f"{routes}/t/nothing-here")
    assert sandbox.log.count("/t/ok") == 1


def test_oauth_error_body(routes: str, transport: Transport) -> None:
    with pytest.raises(BadRequest) as info:
        transport.json("POST", f"{routes}/t/oauth", data={"refresh_token": TOKEN})
    assert (info.value.message, info.value.reason) == ("Bad Request", "invalid_grant")


def test_truncated_body_retried_then_network_error(
    routes: str, sandbox: Sandbox, transport: Transport
) -> None:
    sandbox.faults.inject("/t/ok", truncate=True)
    assert transport.json("GET", f"{routes}/t/ok")["ok"]
    sandbox.faults.inject("/t/ok", truncate=True, times=5)
    with pytest.raises(NetworkError, match="cut off"):
        transport.json("GET", f"{routes}/t/ok")


def test_non_json_body(routes: str, transport: Transport) -> None:
    with pytest.raises(NetworkError, match="not valid JSON"):
        transport.json("GET", f"{routes}/t/text")


def test_dropped_connection_retried(routes: str, sandbox: Sandbox, transport: Transport) -> None:
    sandbox.faults.inject("/t/ok", drop=True)
    assert transport.json("GET", f"{routes}/t/ok")["ok"]
    sandbox.faults.inject("/t/ok", drop=True, times=5)
    with pytest.raises(NetworkError, match="connection was dropped"):
        transport.json("GET", f"{routes}/t/ok")


def test_non_idempotent_request_not_resent_after_drop(
    routes: str, sandbox: Sandbox, transport: Transport
) -> None:
    sandbox.faults.inject("/t/ok", drop=True, method="POST")
    with pytest.raises(NetworkError):
        transport.json("POST", f"{routes}/t/ok", data={"x": "1"}, idempotent=False)
    assert sandbox.log.count("/t/ok") == 1


def test_timeout(routes: str, sandbox: Sandbox, sleeps: Sleeps) -> None:
    sandbox.faults.inject("/t/ok", delay=1.0, times=2)
    transport = Transport(timeout=0.2, retry=RetryPolicy(attempts=2, base=0.01), sleep=sleeps)
    with pytest.raises(NetworkError, match="timed out"):
        transport.json("GET", f"{routes}/t/ok")


def test_connection_refused_is_a_network_error(sleeps: Sleeps) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    transport = Transport(retry=RetryPolicy(attempts=2, base=0.01), sleep=sleeps)
    with pytest.raises(NetworkError, match="could not connect"):
        transport.json("GET", f"http://127.0.0.1:{port}/x")


def test_no_token_or_query_in_logs_or_errors(
    routes: str, sandbox: Sandbox, transport: Transport, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sandbox.faults.inject("/t/ok", status=500, times=10)
    with pytest.raises(ServerError) as info:
        transport.json("GET", f"{routes}/t/ok", params={"q": "private"}, token=TOKEN)
    sandbox.faults.clear()
    sandbox.faults.inject("/t/ok", drop=True, times=10)
    with pytest.raises(NetworkError) as dropped:
        transport.json("GET", f"{routes}/t/ok", params={"q": "private"}, token=TOKEN)
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("analytix_desktop")]
    assert any("/t/ok" in line for line in ours)
    assert not any("private" in line for line in ours)
    for text in (caplog.text, str(info.value), str(dropped.value)):
        assert TOKEN not in text
    assert dropped.value.__cause__ is None


def test_backoff_is_bounded() -> None:
    policy = RetryPolicy(base=1.0, cap=4.0)
    for attempt in range(1, 10):
        assert 0 <= policy.backoff(attempt) <= min(4.0, 2 ** (attempt - 1))


class _Trickle(http.server.BaseHTTPRequestHandler):
    """A body of 2 MB sent 16 KB every 50 ms: about six seconds in all."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(128 * 16384))
        self.end_headers()
        with contextlib.suppress(OSError):
            for _ in range(128):
                self.wfile.write(b" " * 16384)
                self.wfile.flush()
                time.sleep(0.05)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


def test_cancel_stops_a_long_body_within_a_second() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    cancel = threading.Event()
    url = f"http://127.0.0.1:{server.server_address[1]}/report"
    try:
        with Transport(retry=RetryPolicy(attempts=1)) as transport:
            threading.Timer(0.5, cancel.set).start()
            started = time.monotonic()
            with pytest.raises(NetworkError, match="cancelled"):
                transport.bound(cancel=cancel).json("GET", url)
            assert time.monotonic() - started < 1.5  # cancelled at 0.5 s, not after ~6 s
    finally:
        server.shutdown()
        server.server_close()


def test_a_body_read_in_pieces_is_the_whole_body(routes: str, transport: Transport) -> None:
    streamed = transport.bound(cancel=threading.Event())
    assert streamed.json("GET", f"{routes}/t/ok") == {"ok": True, "n": 1}
