"""The CSV fast path: orjson's JSON of a chunk, turned into CSV, is byte for byte what the
csv module writes, or the chunk goes to the csv module."""

from __future__ import annotations

import csv
import io
import math
import random
import struct
from pathlib import Path
from typing import Any

import pytest

from analytix_desktop.api import exports
from analytix_desktop.api.report import Report
from tests.api.test_report import FakeType, header

HEADERS = [
    header("day", "STRING", "DIMENSION"),
    header("country", "STRING", "DIMENSION"),
    header("views", "FLOAT"),
]


def csv_module(rows: list[list[Any]], delimiter: str) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


# Floats that orjson writes otherwise than repr (tiny ones) and around every change of
# notation; integers up to the 64-bit ends.
NUMBERS: list[Any] = [
    1e-05, 2.5e-05, 9.999e-05, 1.0000000000000002e-05, 1e-06, 1.5e-07, 1e-09, 1e-10, 2.5e-300,
    5e-324, 0.0001, 0.00012, 0.0, -0.0, -1e-05, 1.0, 100.0, 1e15, 9999999999999998.0, 1e16,
    1.5e16, 1e22, 1.7976931348623157e308, 43.27, 0.1, -123.456,
    0, -5, 2**63 - 1, -(2**63), 2**63, 2**64 - 1,
]  # fmt: skip


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_numbers_take_the_fast_path_and_come_out_as_the_csv_module_writes_them(
    delimiter: str,
) -> None:
    rows = [["2024-01-01", "ünïcødé ✓", number] for number in NUMBERS]
    assert exports._plain_body(rows, delimiter) == csv_module(rows, delimiter)


@pytest.mark.parametrize(
    "cell",
    [None, True, False, math.nan, math.inf, 2**64, [1], {"a": 1}, 'say "hi"', "a,b", "[x]", "\\"],
)
def test_cells_that_need_the_csv_module_go_to_it(cell: Any) -> None:
    assert exports._plain_body([["2024-01-01", cell], ["2024-01-02", 1]], ",") is None


# Texts meant to fool the fast path: JSON's syntax, literals and number endings in texts.
TRICKY_TEXTS = [
    "]", "[", "],[", "e-5", "1e-5", "0.00001", "x0.00001", "true", "null", "false", ",t", "[n",
    "é", "😀", "\u2028", "\x7f", "'", ";", " ", "e", "-", ".", "1", "\t", "\r\n", '"', "\\", "{",
]  # fmt: skip


def _cell(rng: random.Random) -> Any:
    pick = rng.random()
    if pick < 0.3:
        return struct.unpack("d", struct.pack("Q", rng.getrandbits(64)))[0]
    if pick < 0.45:
        return rng.uniform(-1, 1) * 10.0 ** rng.randint(-12, 20)
    if pick < 0.6:
        return rng.choice([rng.randint(-(10**6), 10**6), rng.randint(-(2**63), 2**64 - 1)])
    if pick < 0.97:
        return "".join(rng.choice(TRICKY_TEXTS) for _ in range(rng.randint(0, 3)))
    return rng.choice([None, True, [1, 2], 10**30])


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|", "e", "1", " "])
def test_random_chunks_come_out_as_the_csv_module_writes_them(delimiter: str) -> None:
    rng = random.Random(delimiter)
    fast = 0
    for _ in range(3000):
        width = rng.randint(2, 5)
        rows = [[_cell(rng) for _ in range(width)] for _ in range(rng.randint(1, 6))]
        body = exports._plain_body(rows, delimiter)
        if body is not None:
            fast += 1
            assert body == csv_module(rows, delimiter), rows
    assert fast  # the fast path was taken, not only refused


def test_this_orjson_writes_numbers_as_the_csv_module_does() -> None:
    assert exports._ORJSON_AGREES


def test_an_orjson_that_writes_numbers_otherwise_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports, "_ORJSON_AGREES", False)
    monkeypatch.setattr(exports, "_plain_body", None)  # would fail if called
    rows = [["2024-01-01", "US", number] for number in NUMBERS]
    report = Report({"columnHeaders": HEADERS, "rows": rows}, FakeType())
    written = report.to_csv(tmp_path / "out")
    assert written.read_bytes() == csv_module([["day", "country", "views"], *rows], ",")
