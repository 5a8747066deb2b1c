"""Malformed requests over raw sockets: a prompt 400 in Google's words, no hang, no traceback."""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.grants import Grant
from analytix_desktop.sandbox.http import Request, Response
from analytix_desktop.sandbox.transport import MAX_BODY

AUTH = "https://www.googleapis.com/auth/"
MANAGE = frozenset({AUTH + "yt-analytics.readonly", AUTH + "youtube.readonly", AUTH + "youtube"})
READ_TIMEOUT = 0.5
# Far above READ_TIMEOUT, far below a hang: a client gives up waiting after this.
PATIENCE = 4.0


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body)


@pytest.fixture(scope="module")
def own() -> Iterator[Sandbox]:
    """A sandbox with a short read timeout; group inserts must not leak into others."""
    with Sandbox(seed=5, read_timeout=READ_TIMEOUT) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def access(own: Sandbox) -> str:
    channel = next(iter(own.channels))
    user = next(u for u in own.users if channel in u.channel_ids)
    return own.grants.issue_access(Grant("test", user.sub, channel, MANAGE))[0]


def address(sandbox: Sandbox) -> tuple[str, int]:
    host, port = sandbox.url.removeprefix("http://").rsplit(":", 1)
    return host, int(port)


def head(method: str, path: str, *headers: str) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: sandbox", *headers, "", ""]
    return "\r\n".join(lines).encode("latin-1")


def read_answer(sock: socket.socket, started: float) -> Answer:
    """One HTTP response from ``sock``; fails the test if none comes within PATIENCE."""
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                pytest.fail(f"connection closed without an answer: {data!r}")
            data += chunk
        top, _, body = data.partition(b"\r\n\r\n")
        status_line, *lines = top.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines)}
        while len(body) < int(headers["content-length"]):
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    except TimeoutError:
        pytest.fail(f"no answer within {PATIENCE} s")
    return Answer(int(status_line.split()[1]), headers, body, time.monotonic() - started)


def exchange(sandbox: Sandbox, raw: bytes, *, half_close: bool = False) -> Answer:
    """Send ``raw`` on a new connection and read the answer; the server must hang up after."""
    started = time.monotonic()
    with socket.create_connection(address(sandbox), timeout=PATIENCE) as sock:
        sock.sendall(raw)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        answer = read_answer(sock, started)
        if answer.headers.get("connection") == "close":
            assert sock.recv(1) == b"", "the server kept a connection it said it would close"
    return answer


def assert_google_error(answer: Answer, status: int = 400) -> dict[str, Any]:
    assert answer.status == status
    assert answer.headers["content-type"].startswith("application/json")
    error = answer.json()["error"]
    assert error["code"] == status
    assert error["message"]
    assert error["errors"][0]["message"] == error["message"]
    assert error["status"] == ("INVALID_ARGUMENT" if status == 400 else "INTERNAL")
    return dict(error)


def assert_oauth_error(answer: Answer, status: int = 400) -> dict[str, Any]:
    assert answer.status == status
    payload = answer.json()
    assert set(payload) == {"error", "error_description"}
    assert payload["error"] == ("invalid_request" if status == 400 else "internal_failure")
    return dict(payload)


def assert_still_answers(sandbox: Sandbox) -> None:
    answer = exchange(sandbox, head("GET", "/oauth2/v3/certs", "Connection: close"))
    assert answer.status == 200
    assert answer.json()["keys"]


@pytest.fixture
def quiet(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> Iterator[pytest.LogCaptureFixture]:
    """Fails the test if the server printed anything or logged an error."""
    caplog.set_level(logging.INFO, logger="analytix_desktop.sandbox")
    yield caplog
    assert capsys.readouterr().err == ""
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


# -- Content-Length that cannot be right ----------------------------------------------------

BAD_LENGTHS = ["abc", "-1", "1.5", "0x10", "+5", "1e3", "", "5, 6", str(MAX_BODY + 1), "9" * 30]
ENDPOINTS = [("/v2/groups", assert_google_error), ("/token", assert_oauth_error)]


@pytest.mark.parametrize("length", BAD_LENGTHS)
@pytest.mark.parametrize(("path", "assert_error"), ENDPOINTS)
def test_an_impossible_content_length_gets_a_prompt_400(
    own: Sandbox, quiet: pytest.LogCaptureFixture, length: str, path: str, assert_error: Any
) -> None:
    answer = exchange(own, head("POST", path, f"Content-Length: {length}") + b"{}")
    assert_error(answer)
    assert answer.seconds < READ_TIMEOUT
    assert answer.headers["connection"] == "close"
    assert_still_answers(own)


def test_two_different_content_lengths_get_a_400(
    own: Sandbox, quiet: pytest.LogCaptureFixture
) -> None:
    raw = head("POST", "/v2/groups", "Content-Length: 2", "Content-Length: 3") + b"{}"
    assert_google_error(exchange(own, raw))


@pytest.mark.parametrize(("path", "assert_error"), ENDPOINTS)
def test_a_body_that_stalls_short_of_its_length_gets_a_400_after_the_read_timeout(
    own: Sandbox, quiet: pytest.LogCaptureFixture, path: str, assert_error: Any
) -> None:
    answer = exchange(own, head("POST", path, "Content-Length: 100") + b'{"snippet":')
    assert_error(answer)
    assert READ_TIMEOUT * 0.9 <= answer.seconds < READ_TIMEOUT + 2
    assert_still_answers(own)


@pytest.mark.parametrize(("path", "assert_error"), ENDPOINTS)
def test_a_body_cut_short_by_the_client_gets_a_400_at_once(
    own: Sandbox, quiet: pytest.LogCaptureFixture, path: str, assert_error: Any
) -> None:
    raw = head("POST", path, "Content-Length: 100") + b'{"snippet":'
    answer = exchange(own, raw, half_close=True)
    assert_error(answer)
    assert answer.seconds < READ_TIMEOUT
    assert_still_answers(own)


def test_headers_that_stall_are_dropped_after_the_read_timeout(
    own: Sandbox, quiet: pytest.LogCaptureFixture
) -> None:
    started = time.monotonic()
    with socket.create_connection(address(own), timeout=PATIENCE) as sock:
        sock.sendall(b"POST /v2/groups HTTP/1.1\r\nHost: sandbox\r\nContent-")
        assert sock.recv(1) == b""
    assert time.monotonic() - started < READ_TIMEOUT + 2
    assert_still_answers(own)


def test_a_kept_alive_connection_may_idle_longer_than_the_read_timeout(own: Sandbox) -> None:
    """Keep-alive still works: the read timeout applies within a request, not between."""
    request = head("GET", "/oauth2/v3/certs")
    with socket.create_connection(address(own), timeout=PATIENCE) as sock:
        sock.sendall(request)
        assert read_answer(sock, time.monotonic()).status == 200
        time.sleep(READ_TIMEOUT * 2)
        sock.sendall(request)
        assert read_answer(sock, time.monotonic()).status == 200


# -- http.server's own refusals ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"NONSENSE\r\n\r\n", 400),
        (b"GET /v2/groups HTTP/9.9\r\nHost: x\r\n\r\n", 505),
        (b"GET /v2/groups HTTP/1.1\r\nX-Long: " + b"a" * 70000 + b"\r\n\r\n", 431),
        (b"BREW /v2/groups HTTP/1.1\r\nHost: x\r\n\r\n", 501),
    ],
)
def test_malformed_http_gets_googles_envelope(
    own: Sandbox, quiet: pytest.LogCaptureFixture, raw: bytes, status: int
) -> None:
    answer = exchange(own, raw)
    assert answer.status == status
    assert answer.json()["error"]["code"] == status
    assert_still_answers(own)


# -- bodies of the wrong shape -------------------------------------------------------------


def post_json(sandbox: Sandbox, access: str, method: str, path: str, body: bytes) -> Answer:
    raw = head(
        method,
        path,
        f"Authorization: Bearer {access}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        "Connection: close",
    )
    return exchange(sandbox, raw + body)


@pytest.fixture(scope="module")
def group_id(own: Sandbox, access: str) -> str:
    body = b'{"snippet":{"title":"g"},"contentDetails":{"itemType":"youtube#video"}}'
    answer = post_json(own, access, "POST", "/v2/groups", body)
    assert answer.status == 200
    return str(answer.json()["id"])


WRONG_GROUP_BODIES = [
    b"{",
    b"[]",
    b"\xff\xfe",
    b"[" * 100_000,
    b'{"snippet":"x"}',
    b'{"snippet":[1]}',
    b'{"snippet":{"title":1}}',
    b'{"snippet":{"title":"t"},"contentDetails":"x"}',
    b'{"snippet":{"title":"t"},"contentDetails":{"itemType":["youtube#video"]}}',
]


@pytest.mark.parametrize("body", WRONG_GROUP_BODIES)
def test_a_group_insert_of_the_wrong_shape_gets_a_400(
    own: Sandbox, access: str, quiet: pytest.LogCaptureFixture, body: bytes
) -> None:
    assert_google_error(post_json(own, access, "POST", "/v2/groups", body))


@pytest.mark.parametrize(
    "body",
    [b'{"id":{"a":1}}', b'{"id":[1]}', b'{"id":"GROUP","snippet":"x"}',
     b'{"id":"GROUP","snippet":{"title":{"a":1}}}'],
)  # fmt: skip
def test_a_group_update_of_the_wrong_shape_gets_a_400(
    own: Sandbox, access: str, group_id: str, quiet: pytest.LogCaptureFixture, body: bytes
) -> None:
    body = body.replace(b"GROUP", group_id.encode())
    error = assert_google_error(post_json(own, access, "PUT", "/v2/groups", body))
    assert error["message"].startswith("Invalid value at '")


@pytest.mark.parametrize(
    "body",
    [b'{"groupId":{"a":1}}', b'{"groupId":[1]}', b'{"groupId":"GROUP","resource":"x"}',
     b'{"groupId":"GROUP","resource":[1]}',
     b'{"groupId":"GROUP","resource":{"kind":"youtube#video","id":5}}',
     b'{"groupId":"GROUP","resource":{"kind":{"a":1},"id":"x"}}'],
)  # fmt: skip
def test_a_group_item_insert_of_the_wrong_shape_gets_a_400(
    own: Sandbox, access: str, group_id: str, quiet: pytest.LogCaptureFixture, body: bytes
) -> None:
    body = body.replace(b"GROUP", group_id.encode())
    error = assert_google_error(post_json(own, access, "POST", "/v2/groupItems", body))
    assert error["message"].startswith("Invalid value at '")


def test_bad_query_parameters_on_every_route_get_a_4xx(
    own: Sandbox, access: str, quiet: pytest.LogCaptureFixture
) -> None:
    """The audit's sweep, kept: none of these may be a server fault."""
    bearer = f"Authorization: Bearer {access}"
    requests = [
        ("GET", "/v2/reports?ids=channel%3D%3DMINE&startDate=x&endDate=-1&metrics=,,"),
        ("GET", "/v2/reports?ids=x&startDate=2024-01-01&endDate=2024-01-31&metrics=views"
                "&maxResults=-1&startIndex=%zz&filters=%3D%3D;;&sort=-"),
        ("GET", "/v2/groups?mine=true&pageToken=p-x"),
        ("GET", "/v2/groups?id=a&mine=true"),
        ("GET", "/v2/groupItems?groupId=%00"),
        ("DELETE", "/v2/groupItems?id="),
        ("GET", "/youtube/v3/channels?part=nope&mine=true"),
        ("GET", "/youtube/v3/playlists?part=snippet&mine=true&maxResults=99&pageToken=%%%"),
        ("GET", "/youtube/v3/playlistItems?part=snippet&playlistId=x&pageToken====="),
        ("GET", "/youtube/v3/videos?part=statistics&id=" + ",".join(["v"] * 60)),
        ("GET", "/tokeninfo?access_token=%ff"),
        ("GET", "/o/oauth2/revoke?token="),
    ]  # fmt: skip
    for method, target in requests:
        answer = exchange(own, head(method, target, bearer, "Connection: close"))
        assert 400 <= answer.status < 500, (target, answer.status)
        assert "error" in answer.json()


# -- a genuine server fault ----------------------------------------------------------------


def _broken(_request: Request) -> Response:
    raise RuntimeError("a bug in a handler")


@pytest.mark.parametrize(
    ("path", "oauth", "assert_error"),
    [("/sandbox/broken", False, assert_google_error), ("/sandbox/broken-oauth", True,
                                                       assert_oauth_error)],
)  # fmt: skip
def test_a_handler_bug_is_a_500_in_googles_envelope_logged_once(
    own: Sandbox,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    path: str,
    oauth: bool,
    assert_error: Any,
) -> None:
    own.route("GET", path, _broken, oauth=oauth)
    answer = exchange(own, head("GET", path + "?access_token=secret", "Connection: close"))
    assert_error(answer, 500)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "RuntimeError" in caplog.text
    assert "secret" not in caplog.text
    assert capsys.readouterr().err == ""
    assert_still_answers(own)


# -- shutdown ------------------------------------------------------------------------------


def test_shutdown_is_prompt_and_frees_a_client_holding_a_half_sent_body() -> None:
    sandbox = Sandbox(seed=5, read_timeout=60).start()
    with socket.create_connection(address(sandbox), timeout=PATIENCE) as sock:
        sock.sendall(head("POST", "/v2/groups", "Content-Length: 100") + b'{"snip')
        time.sleep(0.3)  # the handler is now blocked reading the rest
        started = time.monotonic()
        sandbox.stop()
        assert time.monotonic() - started < 2.0
        try:
            left = sock.recv(65536)  # the server hung up: end of stream (or its 400 first)
        except ConnectionResetError:
            left = b""
        except TimeoutError:
            pytest.fail("the handler still holds the connection after stop()")
        assert left == b"" or left.startswith(b"HTTP/1.1 400")


def chunked(*pieces: bytes) -> bytes:
    """``pieces`` in HTTP/1.1 chunked transfer coding, with the last chunk."""
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


def post_chunked(sandbox: Sandbox, access: str, body: bytes, *extra: str) -> Answer:
    raw = head(
        "POST",
        "/v2/groups",
        f"Authorization: Bearer {access}",
        "Content-Type: application/json",
        "Transfer-Encoding: chunked",
        *extra,
        "Connection: close",
    )
    return exchange(sandbox, raw + body)


def test_a_chunked_body_is_read_as_google_reads_it(own: Sandbox, access: str) -> None:
    body = b'{"snippet":{"title":"Chunked"},"contentDetails":{"itemType":"youtube#video"}}'
    answer = post_chunked(own, access, chunked(body[:20], body[20:50], body[50:]))
    assert answer.status == 200
    assert answer.json()["snippet"]["title"] == "Chunked"


@pytest.mark.parametrize(
    ("body", "extra"),
    [
        (b"zz\r\n{}\r\n0\r\n\r\n", ()),  # a size that is not hex
        (b"40\r\n{}\r\n0\r\n\r\n", ()),  # a chunk shorter than its size, then the end
        (chunked(b"{}"), ("Content-Length: 2",)),  # both framings: refused, never guessed
        (b"ffffffff\r\n", ()),  # over the body limit
    ],
    ids=["not-hex", "short-chunk", "with-length", "too-large"],
)
def test_a_broken_chunked_body_gets_a_400(
    own: Sandbox, access: str, quiet: pytest.LogCaptureFixture, body: bytes, extra: tuple[str, ...]
) -> None:
    answer = post_chunked(own, access, body, *extra)
    assert_google_error(answer)
    assert answer.seconds < PATIENCE
    assert_still_answers(own)
