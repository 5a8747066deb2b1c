"""Behind a gateway that answers 502 after the sandbox has done the work, a POST is not
sent twice and a DELETE that worked is not reported as "not found" (issue 10, A)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytix_desktop.api import Scopes, Secrets, Shard
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.errors import AuthorisationError, ServerError
from analytix_desktop.api.flow import LoopbackFlow
from analytix_desktop.api.transport import RetryPolicy, Transport
from analytix_desktop.sandbox import Sandbox

from .servers import Gateway
from .test_flow import Browser, authorise_via_sandbox


@pytest.fixture
def gateway(sandbox: Sandbox) -> Iterator[Gateway]:
    sandbox.consent.reset()
    with Gateway(sandbox.url) as gateway:
        yield gateway
    sandbox.consent.reset()


@pytest.fixture
def shard(gateway: Gateway, secrets_file: Path) -> Iterator[Shard]:
    """A shard that may edit groups, talking to the sandbox through the gateway."""
    scopes = Scopes.READONLY | Scopes.YOUTUBE
    tokens, _ = authorise_via_sandbox(Secrets.load_from(secrets_file), scopes)
    transport = Transport(retry=RetryPolicy(attempts=3, base=0.01))
    with (
        transport,
        Shard(
            scopes, tokens, session=transport, endpoints=Endpoints.rooted_at(gateway.url)
        ) as shard,
    ):
        yield shard


def _groups_titled(sandbox: Sandbox, title: str) -> int:
    return sum(
        group.title == title
        for channel_id in sandbox.channels
        for group in sandbox.group_store.of_channel(channel_id)
    )


def test_a_group_insert_is_not_sent_twice(shard: Shard, gateway: Gateway, sandbox: Sandbox) -> None:
    title = f"Once {uuid.uuid4().hex[:8]}"
    gateway.fail_after("POST", "/v2/groups")
    sandbox.log.clear()
    with pytest.raises(ServerError) as info:
        shard.create_group(title, "youtube#video")
    assert info.value.status == 502
    assert len([e for e in sandbox.log.entries("/v2/groups") if e.method == "POST"]) == 1
    assert _groups_titled(sandbox, title) == 1


def test_a_group_item_insert_is_not_sent_twice(
    shard: Shard, gateway: Gateway, sandbox: Sandbox
) -> None:
    group = shard.create_group(f"Items {uuid.uuid4().hex[:8]}", "youtube#video")
    video = shard.fetch_uploads(limit=1)[0]
    gateway.fail_after("POST", "/v2/groupItems")
    with pytest.raises(ServerError):
        shard.add_group_item(group.id, video.id, "youtube#video")
    assert [i.resource.id for i in shard.fetch_group_items(group.id)] == [video.id]


def test_a_delete_that_worked_behind_a_502_is_success(
    shard: Shard, gateway: Gateway, sandbox: Sandbox
) -> None:
    title = f"Gone {uuid.uuid4().hex[:8]}"
    group = shard.create_group(title, "youtube#video")
    gateway.fail_after("DELETE", "/v2/groups")
    sandbox.log.clear()
    shard.delete_group(group.id)  # no NotFound: the first attempt deleted it
    statuses = [e.status for e in sandbox.log.entries("/v2/groups") if e.method == "DELETE"]
    assert statuses[0] < 300
    assert statuses[1:] == [404]
    assert _groups_titled(sandbox, title) == 0


def test_the_code_exchange_is_not_sent_twice(
    gateway: Gateway, sandbox: Sandbox, secrets_file: Path, tmp_path: Path
) -> None:
    """Google redeemed the code but the answer was lost: sending it again could only
    get invalid_grant, which hides what really happened."""
    payload = json.loads(secrets_file.read_text())
    payload["installed"]["token_uri"] = f"{gateway.url}/token"
    behind = tmp_path / "behind-gateway.json"
    behind.write_text(json.dumps(payload))
    secrets = Secrets.load_from(behind)
    browser = Browser()
    flow = LoopbackFlow(secrets, Scopes.READONLY, timeout=10)
    browser.open(flow.start())
    code = flow.wait()
    browser.join()
    gateway.fail_after("POST", "/token")
    sandbox.log.clear()
    with pytest.raises(AuthorisationError) as info:
        flow.exchange(code)
    assert "invalid_grant" not in str(info.value)
    assert "Bad Gateway" in str(info.value)
    assert sandbox.log.count("/token") == 1
