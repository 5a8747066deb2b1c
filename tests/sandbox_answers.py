"""The sandbox's own answers, asked over HTTP with a token of the test's own: what a
report the app fetched should hold, computed without the app's code."""

from __future__ import annotations

from typing import Any

import requests

from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.grants import Grant

__all__ = ["AUTH", "MONEY", "READ", "channel_of", "rows_as_dicts", "sandbox_report", "token"]

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
