"""A large body's way in: read in one piece when its length is known, refused before
reading when it declares more than the cap, and let go of once decoded to text."""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest

from analytix_desktop.api.errors import MalformedResponse
from analytix_desktop.api.transport import RetryPolicy, Transport

from .servers import SlowServer


def _answer(body: bytes, headers: str = "") -> bytes:
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{headers}"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def _peak(call: Callable[[], Any]) -> tuple[Any, int]:
    """``call()`` and the bytes allocated at its peak, beyond what existed before."""
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_body_of_known_length_is_read_in_one_piece() -> None:
    body = json.dumps({"rows": [["x" * 1000] for _ in range(16_000)]}).encode()
    answer = _answer(body)
    with (
        SlowServer(answer, prompt=len(answer), interval=0.0) as server,
        Transport(retry=RetryPolicy(attempts=1)) as transport,
    ):
        response, peak = _peak(lambda: transport.request("GET", f"{server.url}/v2/reports"))
        assert response.content == body
    # Pieces joined at the end would hold the body twice.
    assert peak < 1.4 * len(body), (peak, len(body))


def test_a_body_declared_larger_than_the_cap_is_refused_before_it_is_read() -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9000000\r\n\r\n"
    with (
        SlowServer(head + b"[" * 1000, prompt=len(head) + 10, interval=1.0) as server,
        Transport(max_body=1 << 20, total_timeout=5.0, retry=RetryPolicy(attempts=1)) as transport,
    ):
        started = time.monotonic()
        with pytest.raises(MalformedResponse, match="larger than 1 MiB once decoded"):
            transport.json("GET", f"{server.url}/v2/reports")
        assert time.monotonic() - started < 1.0  # not waiting for bytes it would refuse


def test_a_large_body_is_let_go_once_decoded_to_text() -> None:
    """The bytes, their text and the decoded rows never all at once: rows of long texts
    decode to as much memory as the body, so holding the bytes too would be a third."""
    body = json.dumps({"rows": [["y" * 2000] for _ in range(8_000)]}).encode()
    answer = _answer(body)
    with (
        SlowServer(answer, prompt=len(answer), interval=0.0) as server,
        Transport(retry=RetryPolicy(attempts=1)) as transport,
    ):
        data, peak = _peak(lambda: transport.json("GET", f"{server.url}/v2/reports"))
        assert data == json.loads(body)
    assert peak < 2.5 * len(body), (peak, len(body))
