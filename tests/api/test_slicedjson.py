"""The sliced decoder of large bodies: exactly json.loads, in slices, errors alike."""

from __future__ import annotations

import gc
import json
import random
from typing import Any

import orjson
import pytest

from analytix_desktop.api import slicedjson
from analytix_desktop.api.slicedjson import SLICE

TRICKY = [
    '"a],[b"',
    '"]"',
    '","',
    '"\\"],["',
    '"\\\\"',
    '"\\\\],["',
    '"\\u00e9\\ud83d\\ude00"',
    '"é😀 ü ∑"',
    '"line\\nbreak\\ttab"',
    "1",
    "-2.5e3",
    "0",
    "true",
    "false",
    "null",
    "[]",
    "{}",
    '{"k": "]],"}',
    '[1, [2, "],"]]',
    "NaN",
    "-Infinity",
]


def _table(rows: list[str], *, space: str = "") -> str:
    sep = "," + space
    return (
        '{"kind":"youtubeAnalytics#resultTable",'
        + space
        + '"columnHeaders":[{"name":"day","columnType":"DIMENSION","dataType":"STRING"}],'
        + space
        + '"rows":['
        + space
        + sep.join(rows)
        + space
        + "]}"
    )


def _same(text: str | bytes, **kwargs: Any) -> None:
    expected = json.loads(text)
    got = slicedjson.loads(text, **kwargs)
    assert json.dumps(got) == json.dumps(expected)  # NaN-safe equality, key order too


def _random_rows(rng: random.Random, count: int, space: str = "") -> list[str]:
    return [
        "[" + ("," + space).join(rng.choice(TRICKY) for _ in range(rng.randint(0, 5))) + "]"
        for _ in range(count)
    ]


@pytest.mark.parametrize("space", ["", " ", "\n    ", "\t"])
@pytest.mark.parametrize("slice_size", [16, 17, 50, 1000, slicedjson.SLICE])
def test_equals_json_loads_with_tricky_strings(space: str, slice_size: int) -> None:
    rng = random.Random(f"{space!r}{slice_size}")
    text = _table(_random_rows(rng, 400, space), space=space)
    _same(text, slice_size=slice_size)
    _same(text.encode(), slice_size=slice_size)


def test_a_big_report_body_is_decoded_exactly() -> None:
    rows = [
        f'["2024-{1 + i % 12:02d}-01","DESKTOP","op \\"{i}\\" ],[",{i},{i * 1.5}]'
        for i in range(50_000)
    ]
    body = _table(rows).encode()
    assert len(body) > 10 * slicedjson.SLICE
    frozen = gc.get_freeze_count()
    _same(body)
    assert gc.get_freeze_count() == frozen  # the collector is left alone


@pytest.mark.parametrize(
    "text",
    ["[]", "{}", " [ ] ", '{"rows": []}', '{"a": 1, "a": 2}', "3", '"x"', "null", "[[], [[]], {}]"],
)
def test_small_documents(text: str) -> None:
    _same(text, slice_size=16)


def test_encodings_like_json_loads() -> None:
    document = _table(_random_rows(random.Random(1), 50))
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32"):
        _same(document.encode(encoding), slice_size=16)
    _same(bytearray(document.encode()), slice_size=16)
    with pytest.raises(json.JSONDecodeError):
        slicedjson.loads("\ufeff" + document)
    with pytest.raises(TypeError):
        slicedjson.loads(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "<html>not json</html>",
        "{",
        '{"rows": [',
        '{"rows": [[1, 2], [3',
        '{"rows": [[1], [2]],}',
        '{"rows": [[1], [2],]}',
        '{"rows": [[1] [2]]}',
        '{"rows": [[1], [2]]} extra',
        '{"rows" [[1]]}',
        "{'rows': []}",
        '{"rows": [[1], ["unterminated]]}',
        "[1, 2,]",
        '{"a": 1 "b": 2}',
    ],
)
def test_invalid_json_raises_like_json_loads(text: str) -> None:
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    with pytest.raises(json.JSONDecodeError):
        slicedjson.loads(text, slice_size=16)


def test_every_truncation_of_a_body_is_an_error() -> None:
    text = _table(_random_rows(random.Random(2), 40, " "), space=" ")
    for end in range(len(text)):
        with pytest.raises(json.JSONDecodeError):
            slicedjson.loads(text[:end], slice_size=16)
        with pytest.raises(json.JSONDecodeError):
            json.loads(text[:end])


def test_random_documents_agree_with_json_loads() -> None:
    rng = random.Random(3)
    for _ in range(300):
        space = rng.choice(["", " ", "\n  "])
        rows = "[" + ("," + space).join(_random_rows(rng, rng.randint(0, 60), space)) + "]"
        text = rng.choice([rows, f'{{"x": {rng.choice(TRICKY)}, "rows": {rows}, "y": 1}}'])
        size = rng.choice([16, 33, 200])
        cut = rng.choice([len(text), rng.randint(0, len(text))])
        try:
            expected = json.loads(text[:cut])
        except json.JSONDecodeError:
            with pytest.raises(json.JSONDecodeError):
                slicedjson.loads(text[:cut], slice_size=size)
        else:
            got = slicedjson.loads(text[:cut], slice_size=size)
            assert json.dumps(got) == json.dumps(expected)


def test_transport_decodes_large_bodies_in_slices_with_the_same_errors(sandbox: Any) -> None:
    from analytix_desktop.api.errors import NetworkError
    from analytix_desktop.api.transport import LARGE_BODY, Transport
    from analytix_desktop.sandbox.http import Response

    rows = [[f"2024-01-{1 + i % 28:02d}", 'a],[b "q" é', i, i / 3] for i in range(12_000)]
    payload = {"kind": "youtubeAnalytics#resultTable", "rows": rows}
    body = json.dumps(payload, indent=2).encode()  # Google's own bodies are indented
    assert len(body) >= LARGE_BODY
    sandbox.route("GET", "/t/big", lambda r: Response(200, body))
    sandbox.route("GET", "/t/big-cut", lambda r: Response(200, body[: len(body) // 2]))
    sandbox.route("GET", "/t/big-html", lambda r: Response.html(200, "<p>" * LARGE_BODY))
    with Transport() as transport:
        assert transport.json("GET", f"{sandbox.url}/t/big") == json.loads(body)
        for path in ("/t/big-cut", "/t/big-html"):
            with pytest.raises(NetworkError, match="not valid JSON"):
                transport.json("GET", f"{sandbox.url}{path}")


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"rows": [' + "[" * 100_000 + "]" * 100_000 + "]}",
        '{"rows": [[1], ' + "[" * 100_000 + "]" * 100_000 + ", [2]]}",
    ],
    ids=["document", "member", "element"],
)
def test_nesting_too_deep_is_a_decode_error_not_a_recursion_error(text: str) -> None:
    with pytest.raises(RecursionError):
        json.loads(text)
    for size in (16, SLICE):
        with pytest.raises(slicedjson.NestingTooDeep) as info:
            slicedjson.loads(text, slice_size=size)
        assert isinstance(info.value, json.JSONDecodeError)
        assert info.value.__cause__ is None


@pytest.mark.parametrize(
    "cell",
    [
        "18446744073709551616",  # orjson reads integers past 64 bits as floats
        "-9223372036854775809",
        "123456789012345678901234567890",
        "1e400",  # infinite to json, refused by orjson
        "NaN",
        '"\\ud800"',  # an escaped lone surrogate: json decodes it, orjson refuses it
        "0.1234567890123456789012",
    ],
)
def test_slices_orjson_would_decode_otherwise_are_decoded_as_json_does(cell: str) -> None:
    rows = [f'["2024-01-01",{i},{cell}]' for i in range(2_000)]
    _same(_table(rows), slice_size=1000)


def test_large_arrays_are_decoded_by_orjson_a_slice_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    decode = orjson.loads

    def counting(data: bytes) -> Any:
        calls.append(len(data))
        return decode(data)

    monkeypatch.setattr(slicedjson.orjson, "loads", counting)
    rows = [f'["2024-01-{1 + i % 28:02d}","DESKTOP",{i},{i * 1.5}]' for i in range(20_000)]
    text = _table(rows)
    _same(text)
    assert len(calls) >= len(text) // SLICE - 1  # about one call per slice
    assert max(calls) < 2 * SLICE


def test_a_raw_lone_surrogate_in_a_large_array_is_decoded_as_json_does() -> None:
    rows = b",".join([b'["\xed\xa0\x80", 1]'] * 5_000)  # not UTF-8: json keeps it as \ud800
    _same(b'{"rows": [' + rows + b"]}", slice_size=100)


def _listed(value: Any) -> Any:
    """``value`` with every tuple in it a list again."""
    if isinstance(value, tuple | list):
        return [_listed(item) for item in value]
    if isinstance(value, dict):
        return {key: _listed(item) for key, item in value.items()}
    return value


@pytest.mark.parametrize("slice_size", [16, 50, 1000, slicedjson.SLICE])
def test_row_tuples_makes_only_the_top_level_rows_tuples(slice_size: int) -> None:
    rng = random.Random(slice_size)
    rows = _random_rows(rng, 400, " ")
    rows += [
        '"text"',
        "7",
        "null",
        '{"a": [1]}',
        '[[1, 2], "x"]',
        "[]",
    ]  # odd rows kept as they are
    text = _table(rows)[:-1] + ', "items": [[1], [2]], "nested": {"rows": [[3]]}}'
    expected = json.loads(text)
    got = slicedjson.loads(text, row_tuples=True, slice_size=slice_size)
    assert json.dumps(_listed(got)) == json.dumps(expected)
    assert [type(row) for row in got["rows"]] == [
        tuple if type(row) is list else type(row) for row in expected["rows"]
    ]
    assert got["rows"][-2] == ([1, 2], "x")  # a cell that is an array stays a list
    assert got["items"] == [[1], [2]]
    assert got["nested"] == {"rows": [[3]]}
    assert type(slicedjson.loads("[[1], [2]]", row_tuples=True)[0]) is list


def test_row_tuples_holds_where_orjson_is_not_trusted() -> None:
    """Slices decoded element by element by the json module give tuples too."""
    rows = [f'["2024-01-01",{i},{"NaN" if i % 7 == 0 else i}]' for i in range(2_000)]
    text = _table(rows)
    got = slicedjson.loads(text, row_tuples=True, slice_size=1000)
    assert {type(row) for row in got["rows"]} == {tuple}
    assert json.dumps(_listed(got)) == json.dumps(json.loads(text))
