"""How fast the sandbox answers big reports.

Run: ``.venv/bin/python bench/sandbox_reports.py``. Prints, for a year of data:
the engine computing ``day,country`` (about 90,000 rows; Google itself refuses that
combination over HTTP, so it is timed below the HTTP layer) and the biggest supported
HTTP reports end to end over a socket: a year of
``day,deviceType,operatingSystem,subscribedStatus`` and the channel's lifetime of
``day,deviceType,operatingSystem`` (about 85,000 rows), each beside the time that
``json.dumps`` alone takes for the same rows, in the same process.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta

import requests

from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.engine import Selection, evaluate
from analytix_desktop.sandbox.grants import Grant
from analytix_desktop.sandbox.horizon import last_data_day
from analytix_desktop.sandbox.results import base_metrics, columns
from analytix_desktop.sandbox.scopes import ANALYTICS_SCOPES

METRICS = ("views", "estimatedMinutesWatched", "averageViewDuration")


def best_of(runs: int, work: object) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    with Sandbox(seed=0) as sandbox:
        channel = next(c.id for c in sandbox.channels.values() if c.monetised)
        world = sandbox.world  # type: ignore[attr-defined]
        started = time.perf_counter()
        cube, mix = world.cube(channel), world.mix(channel)
        print(f"first use of the channel (build its cube): {time.perf_counter() - started:.3f} s")
        end = last_data_day()
        start = end - timedelta(days=364)

        def engine() -> dict[str, list[object]]:
            selection = Selection(start, end, base_metrics(METRICS), ("day", "country"))
            return columns(evaluate(cube, mix, selection), ("day", "country"), METRICS)

        def engine_json() -> bytes:
            data = engine()
            rows = [
                list(r) for r in zip(*(data[n] for n in ("day", "country", *METRICS)), strict=True)
            ]
            return json.dumps({"rows": rows}, separators=(",", ":")).encode()

        seconds, data = best_of(3, engine)
        rows = len(data["day"])  # type: ignore[index]
        print(f"engine day,country, one year: {rows:,} rows in {seconds:.3f} s")
        seconds, body = best_of(3, engine_json)
        print(
            f"  ... as the JSON rows of a response: {len(body) / 1e6:.1f} MB "  # type: ignore[arg-type]
            f"in {seconds:.3f} s"
        )

        user = next(u for u in sandbox.users if channel in u.channel_ids)
        access, _ = sandbox.grants.issue_access(
            Grant("bench", user.sub, channel, frozenset(ANALYTICS_SCOPES))
        )
        lifetime_start = sandbox.channels[channel].published_at.date()
        for label, first_day, dimensions, limit in (
            ("one year", start, "day,deviceType,operatingSystem,subscribedStatus", 0),
            ("lifetime", lifetime_start, "day,deviceType,operatingSystem", 90_000),
        ):
            params = {
                "ids": "channel==MINE",
                "startDate": str(first_day),
                "endDate": str(end),
                "metrics": "views,estimatedMinutesWatched",
                "dimensions": dimensions,
            }
            if limit:
                params["maxResults"] = str(limit)

            def http(params: dict[str, str] = params) -> requests.Response:
                return requests.get(
                    f"{sandbox.url}/v2/reports",
                    params=params,
                    timeout=60,
                    headers={"Authorization": f"Bearer {access}"},
                )

            seconds, response = best_of(3, http)
            rows = response.json()["rows"]  # type: ignore[attr-defined]
            size = len(response.content) / 1e6  # type: ignore[attr-defined]

            def encode_only(rows: list[object] = rows) -> bytes:
                return json.dumps({"rows": rows}, separators=(",", ":")).encode()

            reference, _ = best_of(3, encode_only)
            print(
                f"HTTP {dimensions}, {label}: {len(rows):,} rows, {size:.1f} MB of JSON "
                f"in {seconds:.3f} s (reference: json.dumps of those rows alone "
                f"{reference:.3f} s, ratio {seconds / reference:.1f}x)"
            )


if __name__ == "__main__":
    main()
