"""Set rules: how many names of a group a report type takes.

An entry ``"key==value"`` (filters only) names the key and locks its value.
"""

from __future__ import annotations

from collections.abc import Collection
from types import MappingProxyType
from typing import ClassVar

from ..errors import list_of

__all__ = ["ExactlyOne", "OneOrMore", "Required", "Rule", "ZeroOrMore", "ZeroOrOne"]


def _plural(noun: str, count: int) -> str:
    return noun if count == 1 else f"{noun}s"


class Rule:
    """A group of names with a bound on how many of them may be present."""

    minimum: ClassVar[int | None] = 0  # None: all of them
    maximum: ClassVar[int | None] = None  # None: no upper bound

    __slots__ = ("entries", "locks", "names", "ordered")

    def __init__(self, *entries: str) -> None:
        self.entries = entries
        self.ordered = tuple(entry.partition("==")[0] for entry in entries)
        self.names = frozenset(self.ordered)
        self.locks = MappingProxyType(
            {k: val for k, _, val in (e.partition("==") for e in entries) if val}
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(map(repr, self.entries))})"

    def present(self, names: Collection[str]) -> list[str]:
        """The rule's names among ``names``, in rule order."""
        return [name for name in self.ordered if name in names]

    def full(self, names: Collection[str]) -> bool:
        """Whether no further name of the group may be added."""
        return self.maximum is not None and len(self.present(names)) >= self.maximum

    def missing(self, names: Collection[str]) -> tuple[str, ...]:
        """Names to add so that the rule holds (the first ones, for an open choice)."""
        have = self.present(names)
        if self.minimum is None:
            return tuple(n for n in self.ordered if n not in have)
        short = self.minimum - len(have)
        return tuple(n for n in self.ordered if n not in have)[: max(short, 0)]

    def check(self, names: Collection[str], noun: str) -> tuple[str, str] | None:
        """A (message, offending names) pair when ``names`` break the rule, else None."""
        have = self.present(names)
        if self.minimum is None:
            lacking = [self._entry(n) for n in self.ordered if n not in have]
            if lacking:
                verb = "is" if len(lacking) == 1 else "are"
                what = f"{_plural(noun, len(lacking))} {list_of(lacking)}"
                return f"{what} {verb} required", ",".join(lacking)
            return None
        too_many = self.maximum is not None and len(have) > self.maximum
        if len(have) >= self.minimum and not too_many:
            return None
        bound = {
            (1, 1): "exactly 1",
            (1, None): "at least 1",
            (0, 1): "at most 1",
        }[(self.minimum, self.maximum)]
        message = f"expected {bound} {noun} from {list_of(self.ordered)}, got {len(have)}"
        return message, ",".join(have or self.ordered)

    def _entry(self, name: str) -> str:
        value = self.locks.get(name)
        return f"{name}=={value}" if value else name


class Required(Rule):
    """Every name must be present."""

    minimum = None


class ExactlyOne(Rule):
    """Exactly one of the names."""

    minimum = 1
    maximum = 1


class OneOrMore(Rule):
    """At least one of the names."""

    minimum = 1


class ZeroOrOne(Rule):
    """At most one of the names."""

    maximum = 1


class ZeroOrMore(Rule):
    """Any of the names, or none: a whitelist."""
