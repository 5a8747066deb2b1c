"""A report's rows are held as tuples (which the garbage collector stops tracking), while
everything users see of it (data, exports, totals, errors) is exactly as with lists."""

from __future__ import annotations

import datetime as dt
import gc
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analytix_desktop.api import slicedjson
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.errors import MalformedResponse
from analytix_desktop.api.report import Report
from analytix_desktop.api.scopes import Scopes
from analytix_desktop.api.shard import Shard, report_params
from analytix_desktop.api.tokens import Tokens
from analytix_desktop.api.transport import LARGE_BODY, Transport
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.grants import Grant

from .test_report import FakeType, table

SCOPES = frozenset(
    {
        "https://www.googleapis.com/auth/yt-analytics.readonly",
        "https://www.googleapis.com/auth/youtube.readonly",
    }
)


@pytest.fixture
def shard(sandbox: Sandbox) -> Iterator[Shard]:
    """A shard with an access token of the sandbox's first channel."""
    user = sandbox.users[0]
    grant = Grant(next(iter(sandbox.clients)), user.sub, user.channel_ids[0], SCOPES)
    token, lifetime = sandbox.grants.issue_access(grant)
    tokens = Tokens(access_token=token, expires_in=lifetime)
    with Shard(Scopes.READONLY, tokens, endpoints=Endpoints.rooted_at(sandbox.url)) as shard:
        yield shard


def _fetched_both_ways(shard: Shard, **arguments: Any) -> tuple[Report, Report, bytes]:
    """The report as the shard fetches it, the same body read by ``json.loads`` into a
    Report (rows as lists, as before), and that body."""
    report = shard.fetch_report(**arguments)
    query, report_type = shard.build_query(**arguments)
    with Transport() as transport:
        body = transport.request(
            "GET",
            shard.endpoints.reports,
            params=report_params(query),
            token=shard.tokens.access_token,
        ).content
    return report, Report(json.loads(body), report_type), body


@pytest.mark.parametrize(
    ("arguments", "large"),
    [
        (
            {
                "dimensions": ("day", "deviceType", "operatingSystem"),
                "metrics": ("views", "estimatedMinutesWatched"),
                "start_date": dt.date(2015, 1, 1),
                "end_date": dt.date(2024, 12, 31),
                "max_results": 20_000,
            },
            True,
        ),
        (
            {
                "dimensions": ("day",),
                "start_date": dt.date(2024, 1, 1),
                "end_date": dt.date(2024, 1, 31),
            },
            False,
        ),
    ],
    ids=["large", "small"],
)
def test_a_fetched_report_holds_tuples_and_shows_and_exports_as_before(
    shard: Shard, tmp_path: Path, arguments: dict[str, Any], large: bool
) -> None:
    report, plain, body = _fetched_both_ways(shard, **arguments)
    assert (len(body) >= LARGE_BODY) is large
    rows = report.resource.rows
    assert rows
    assert {type(row) for row in rows} == {tuple}
    assert {type(row) for row in plain.resource.rows} == {list}
    # What users see: lists, exactly json.loads' document.
    assert report.data == json.loads(body) == plain.data
    assert {type(row) for row in report.data["rows"]} == {list}
    assert report.resource.data == plain.resource.data
    assert {type(row) for row in report.resource.data["rows"]} == {list}
    for name, ours, theirs in [
        ("csv", report.to_csv(tmp_path / "ours"), plain.to_csv(tmp_path / "plain")),
        (
            "tsv",
            report.to_csv(tmp_path / "t1", delimiter="\t"),
            plain.to_csv(tmp_path / "t2", delimiter="\t"),
        ),
        ("json", report.to_json(tmp_path / "ours"), plain.to_json(tmp_path / "plain")),
        (
            "json2",
            report.to_json(tmp_path / "i1", indent=2),
            plain.to_json(tmp_path / "i2", indent=2),
        ),
    ]:
        assert ours.read_bytes() == theirs.read_bytes(), name
    assert report.totals() == plain.totals()
    assert report.rows_typed() == plain.rows_typed()
    assert report.shape == plain.shape


def test_pandas_frames_of_tuple_rows_are_those_of_list_rows(shard: Shard) -> None:
    pd = pytest.importorskip("pandas")
    report, plain, _ = _fetched_both_ways(
        shard,
        dimensions=("day",),
        metrics=("views", "averageViewPercentage", "averageViewDuration"),
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2024, 12, 31),
    )
    assert type(report.resource.rows[0]) is tuple
    pd.testing.assert_frame_equal(report.to_pandas(), plain.to_pandas())


def _body(rows: int) -> str:
    cells = [
        [f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", "DESKTOP", "WINDOWS", i, i * 1.5]
        for i in range(rows)
    ]
    return json.dumps({"kind": "youtubeAnalytics#resultTable", "rows": cells})


def test_tuple_rows_are_left_untracked_by_the_collector() -> None:
    text = _body(5_000)
    tuples = slicedjson.loads(text, row_tuples=True)["rows"]
    lists = slicedjson.loads(text)["rows"]
    gc.collect(0)  # older generations have been through it already
    assert sum(map(gc.is_tracked, tuples)) == 0
    assert sum(map(gc.is_tracked, lists)) == len(lists)


def _full_collections(text: str, row_tuples: bool) -> int:
    """How many generation-2 collections decoding ``text`` started."""
    full: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(1)

    gc.collect()  # start, as the app does, from a collected heap
    gc.callbacks.append(note)
    try:
        rows = slicedjson.loads(text, row_tuples=row_tuples)["rows"]
    finally:
        gc.callbacks.remove(note)
    assert len(rows) == 300_000
    return len(full)


def test_decoding_a_big_table_as_tuples_starts_no_full_collection() -> None:
    text = _body(300_000)
    assert _full_collections(text, row_tuples=False) >= 1  # lists: the collector walks them
    assert _full_collections(text, row_tuples=True) == 0


def test_tuple_rows_are_checked_as_list_rows_are() -> None:
    width = 7
    good = [("2024-01-01", "US", 1, 2, 3, 4.5, 0.5)] * 70_000  # past one slice of the check
    assert Report(table(good), FakeType()).shape == (70_000, width)
    for bad_row in [("2024-01-02", "US", 1), "2024-01-02", {"a": 1}, None]:
        for rows_of in (list, tuple):
            rows = [rows_of(row) for row in good]
            rows.insert(66_000, bad_row)  # type: ignore[arg-type]
            with pytest.raises(MalformedResponse) as info:
                Report(table(rows), FakeType())
            assert str(info.value) == f"row 66000 of the result table does not have {width} cells"


def test_totals_of_many_rows_are_exact_and_refuse_the_same_values() -> None:
    count = 150_000  # several slices of the totals' conversion
    rows = [
        ("2024-01-01", "US", 1 + i, 2, 3, 40.0, [1e16, 1.0, -1e16, 0.1][i % 4])
        for i in range(count)
    ]
    totals = Report(table(rows), FakeType()).totals()
    assert totals["views"] == count * (count + 1) // 2
    assert totals["estimatedRevenue"] == math.fsum(row[6] for row in rows)
    rows[140_000] = ("2024-01-01", "US", "many", 2, 3, 40.0, 1.0)
    with pytest.raises(
        MalformedResponse, match="column 'views' has a value that is not valid: 'many'"
    ):
        Report(table(rows), FakeType()).totals()
