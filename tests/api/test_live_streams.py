"""Which uploads were live streams: ``videos.list?part=liveStreamingDetails``, 50 ids a call."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from analytix_desktop.api import Scopes, Secrets, Shard
from analytix_desktop.api.channels import fetch_live_streams
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.transport import Transport
from analytix_desktop.sandbox import Sandbox

from .test_flow import authorise_via_sandbox


@pytest.fixture
def shard(secrets_file: Path, sandbox: Sandbox, endpoints: Endpoints) -> Iterator[Shard]:
    sandbox.consent.reset()
    scopes = Scopes.READONLY | Scopes.YOUTUBE_READONLY
    tokens, _ = authorise_via_sandbox(Secrets.load_from(secrets_file), scopes)
    yield Shard(scopes, tokens, endpoints=endpoints)
    sandbox.consent.reset()


def test_live_streams_in_batches_of_fifty(shard: Shard, sandbox: Sandbox) -> None:
    ids = [item.id for item in shard.fetch_uploads()]
    assert len(ids) > 100
    catalog = next(c for c in sandbox.world.catalogs.values() if c.video(ids[0]) is not None)
    live = {i for i in ids if catalog.video(i).content_type == "LIVE_STREAM"}
    assert live
    assert live != set(ids)
    sandbox.log.clear()
    asked = [*ids, "notAVideo01"]
    assert shard.fetch_live_streams(asked) == live
    calls = sandbox.log.entries("/youtube/v3/videos")
    expected = [len(asked[i : i + 50]) for i in range(0, len(asked), 50)]
    assert [len(e.query["id"][0].split(",")) for e in calls] == expected
    assert [e.query["id"][0].split(",") for e in calls] == [
        asked[i : i + 50] for i in range(0, len(asked), 50)
    ]
    assert all(e.query["part"] == ["liveStreamingDetails"] for e in calls)
    # Google does not take maxResults together with id.
    assert not any("maxResults" in e.query for e in calls)


def test_no_request_for_no_videos(shard: Shard, sandbox: Sandbox) -> None:
    sandbox.log.clear()
    assert shard.fetch_live_streams([]) == set()
    assert sandbox.log.entries("/youtube/v3/videos") == []


# Every shape Google gives: a finished broadcast, one on air now, one only scheduled,
# an upload that never was a broadcast, and a malformed details object.
_ITEMS: list[dict[str, Any]] = [
    {"id": "finished001", "liveStreamingDetails": {
        "scheduledStartTime": "2024-05-01T17:55:00Z", "actualStartTime": "2024-05-01T18:00:00Z",
        "actualEndTime": "2024-05-01T19:30:00Z"}},
    {"id": "onAirNow001", "liveStreamingDetails": {"actualStartTime": "2024-05-02T18:00:00Z",
                                                   "concurrentViewers": "12"}},
    {"id": "upcoming001", "liveStreamingDetails": {"scheduledStartTime": "2099-01-01T00:00:00Z"}},
    {"id": "uploaded001"},
    {"id": "malformed01", "liveStreamingDetails": "yes"},
]  # fmt: skip


@pytest.fixture
def data_api() -> Iterator[str]:
    """A Data API stand-in on a real socket that answers ``_ITEMS`` for the ids asked."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

        def do_GET(self) -> None:
            wanted = parse_qs(urlsplit(self.path).query)["id"][0].split(",")
            items = [item for item in _ITEMS if item["id"] in wanted]
            body = json.dumps({"kind": "youtube#videoListResponse", "items": items}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/youtube/v3/videos"
    server.shutdown()
    server.server_close()


def test_only_broadcasts_that_began_count(data_api: str) -> None:
    with Transport() as transport:
        found = fetch_live_streams(
            transport, Endpoints(videos=data_api), "ya29.test", [i["id"] for i in _ITEMS]
        )
    assert found == {"finished001", "onAirNow001"}
