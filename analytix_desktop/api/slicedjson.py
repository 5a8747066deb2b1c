"""Decode a large JSON body in slices, so that other threads (the GUI's) keep running.

One decoding call holds the GIL throughout: while a whole 30 MB report is decoded in
one go (a quarter of a second), no other Python thread can run, and the row lists it
builds make the interpreter start a full (generation 2) garbage collection in the middle
of it, which walks every object of the process (40-60 ms in a PySide6 + pyqtgraph
process) with the GIL held.

:func:`loads` returns exactly what ``json.loads`` returns for the same input, but
decodes the elements of every array that is the document or a member of the top-level
object (``rows`` of a result table, ``items`` of a list response) in slices of about
8 KiB of text, each by one call of orjson (faster than the json module's scanner).
Between two such calls the interpreter can hand the GIL to a thread that has waited for
the switch interval (5 ms). It is not released on purpose (``time.sleep(0)``): that would
wake the waiting thread each time only to find it taken again, and restart its wait. The
garbage collector is left alone: a library does not drive it.

With ``row_tuples``, the arrays in the top-level object's ``rows`` array (a result
table's rows) become tuples; everything else stays as ``json.loads`` gives it. The
collector stops tracking a tuple of strings and numbers at its first pass over it, while
half a million row lists stay tracked and make the interpreter start full collections
that walk them all with the GIL held (some 200 ms at 500,000 rows). Slices are small for
the same reason: the row lists orjson builds for one slice live until they are made
tuples, and each collection of the middle generation that finds them alive counts them
towards the next full one; some hundred rows at a time keep that count far below it.

orjson is stricter than the json module in a few ways (``NaN``, numbers beyond a
double's range, escaped lone surrogates) and reads integers of 19 digits or more as
floats. A slice where it fails, or that holds such a run of digits, is decoded by the
json module's own C scanner instead, element by element, as is what surrounds the
arrays; the scanner is a real tokenizer: strings holding brackets, commas, quotes,
escapes or any Unicode are decoded exactly as ``json.loads`` decodes them. Invalid or
cut-off input raises :class:`json.JSONDecodeError` (a ``ValueError``), like
``json.loads``; so does input nested too deeply to decode (:class:`NestingTooDeep`),
where ``json.loads`` raises ``RecursionError``.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable
from typing import Any

import orjson

__all__ = ["SLICE", "NestingTooDeep", "loads"]

SLICE = 8 * 1024
"""Characters of a large array decoded between two pauses (a tenth of a millisecond's work)."""

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SPACE = frozenset(" \t\n\r")
# Where a slice of array elements may end: a "]" and the "," after it.
_CUT = re.compile(r"\][ \t\n\r]*,[ \t\n\r]*")
# A run of this many digits may be an integer that orjson would read as a float.
_LONG_DIGITS = b"0" * 19
_ALL_DIGITS_TO_0 = bytes.maketrans(b"123456789", b"000000000")
_DECODER = json.JSONDecoder()
# The scanner json.loads itself uses (its C version when there is one).
_scan_once: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(
    _DECODER  # type: ignore[arg-type]  # typeshed types the context oddly
)
_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


class NestingTooDeep(json.JSONDecodeError):
    """Arrays or objects nested deeper than the scanner can recurse (a hostile body)."""


def loads(
    data: bytes | bytearray | str, *, slice_size: int = SLICE, row_tuples: bool = False
) -> Any:
    """Decode ``data`` like ``json.loads(data)``, pausing about every ``slice_size`` characters.

    ``row_tuples``: the arrays in a top-level ``rows`` array are tuples (see above).
    """
    if isinstance(data, bytes | bytearray):
        text = bytes(data).decode(json.detect_encoding(data), "surrogatepass")
    elif isinstance(data, str):
        if data.startswith("\ufeff"):
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", data, 0)
        text = data
    else:
        raise TypeError(
            f"the JSON object must be str, bytes or bytearray, not {type(data).__name__}"
        )
    try:
        return _Slicer(text, max(16, slice_size), row_tuples).document()
    except RecursionError:  # the C scanner recurses once per level of nesting
        raise NestingTooDeep("Nesting too deep", text, 0) from None


class _Slicer:
    """One decode: the text and the size of its slices."""

    __slots__ = ("row_tuples", "size", "text")

    def __init__(self, text: str, size: int, row_tuples: bool) -> None:
        self.text = text
        self.size = size
        self.row_tuples = row_tuples

    def skip(self, index: int) -> int:
        text = self.text
        if index < len(text) and text[index] in _SPACE:
            return _WHITESPACE.match(text, index).end()  # type: ignore[union-attr]
        return index

    def value(self, index: int) -> tuple[Any, int]:
        try:
            return _scan_once(self.text, index)
        except StopIteration as stop:
            raise json.JSONDecodeError("Expecting value", self.text, stop.value) from None

    def document(self) -> Any:
        text = self.text
        index = self.skip(0)
        head = text[index : index + 1]
        result: Any
        if head == "{":
            result, end = self.object(index + 1)
        elif head == "[":
            result, end = self.array(index + 1)
        else:
            result, end = self.value(index)
        end = self.skip(end)
        if end != len(text):
            raise json.JSONDecodeError("Extra data", text, end)
        return result

    def object(self, index: int) -> tuple[dict[str, Any], int]:
        """The top-level object from just after its ``{``; array members are sliced."""
        text = self.text
        result: dict[str, Any] = {}
        index = self.skip(index)
        if text[index : index + 1] == "}":
            return result, index + 1
        while True:
            if text[index : index + 1] != '"':
                raise json.JSONDecodeError(
                    "Expecting property name enclosed in double quotes", text, index
                )
            key, index = _scanstring(text, index + 1, True)
            index = self.skip(index)
            if text[index : index + 1] != ":":
                raise json.JSONDecodeError("Expecting ':' delimiter", text, index)
            index = self.skip(index + 1)
            if text[index : index + 1] == "[":
                rows = self.row_tuples and key == "rows"
                result[key], index = self.array(index + 1, tuples=rows)
            else:
                result[key], index = self.value(index)
            index = self.skip(index)
            separator = text[index : index + 1]
            if separator == "}":
                return result, index + 1
            if separator != ",":
                raise json.JSONDecodeError("Expecting ',' delimiter", text, index)
            index = self.skip(index + 1)
            if text[index : index + 1] == "}":
                raise json.JSONDecodeError(
                    "Illegal trailing comma before end of object", text, index
                )

    def array(self, index: int, *, tuples: bool = False) -> tuple[list[Any], int]:
        """An array from just after its ``[``, a slice of elements per orjson call;
        with ``tuples``, its elements that are arrays become tuples.

        A slice ends at a guess, the first ``]`` followed by ``,`` after ``size``
        characters; orjson then decodes ``[`` + those characters + ``]``. When that is
        not exactly one array (the guess fell inside a string, or inside a nested array,
        or past the end of this one), or orjson cannot be trusted with it, the same
        characters are decoded element by element instead, so a guess never changes
        the result.
        """
        text = self.text
        result: list[Any] = []
        index = self.skip(index)
        if text[index : index + 1] == "]":
            return result, index + 1
        while True:
            cut = _CUT.search(text, index + self.size)
            if cut is not None:
                elements = _elements_of(text[index : cut.start() + 1])
                if elements is not None:
                    result += _tuples_of(elements) if tuples else elements
                    del elements
                    index = self.skip(cut.end())
                    if text[index : index + 1] == "]":
                        raise json.JSONDecodeError(
                            "Illegal trailing comma before end of array", text, index
                        )
                    continue
            # Past the text's end when there is no guess: until the "]" or an error.
            stop = len(text) + 1 if cut is None else cut.end()
            index, done = self.elements(index, stop, result, tuples)
            if done:
                return result, index

    def elements(self, index: int, stop: int, result: list[Any], tuples: bool) -> tuple[int, bool]:
        """Decode elements one by one from ``index`` until ``stop`` or the array's end.

        Returns the index after the last separator (or after the ``]``), and whether
        the array ended.
        """
        text = self.text
        append = result.append
        while index < stop:
            element, index = self.value(index)
            append(tuple(element) if tuples and type(element) is list else element)
            index = self.skip(index)
            separator = text[index : index + 1]
            if separator == "]":
                return index + 1, True
            if separator != ",":
                raise json.JSONDecodeError("Expecting ',' delimiter", text, index)
            index = self.skip(index + 1)
            if text[index : index + 1] == "]":
                raise json.JSONDecodeError(
                    "Illegal trailing comma before end of array", text, index
                )
        return index, False


def _elements_of(elements: str) -> list[Any] | None:
    """``elements`` (an array's, without its brackets) decoded by orjson as an array, or
    None when they are not exactly that or orjson might decode them otherwise than json."""
    try:
        # Bytes: their translate() is quick for any text, str's only for ASCII.
        data = b"[" + elements.encode() + b"]"  # a lone surrogate cannot be encoded
        if _LONG_DIGITS in data.translate(_ALL_DIGITS_TO_0):
            return None
        decoded: list[Any] = orjson.loads(data)
    except ValueError:  # JSONDecodeError, UnicodeEncodeError
        return None
    return decoded


def _tuples_of(elements: list[Any]) -> list[Any]:
    """``elements`` with each list among them turned into a tuple."""
    if set(map(type, elements)) == {list}:  # a result table's rows: all in C
        return list(map(tuple, elements))
    return [tuple(element) if type(element) is list else element for element in elements]
