"""What a creator may look for among the metrics that no public API gives."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

__all__ = ["UNAVAILABLE", "UnavailableNote", "unavailable_notes"]

UNAVAILABLE: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("unique viewers", "unique"),
        "Unique viewers are not available: YouTube's public APIs do not provide them. "
        "See them in YouTube Studio, under Analytics > Audience.",
    ),
    (
        ("realtime", "real-time", "real time", "last 48 hours"),
        "Realtime figures (the last 48 hours) are not available: YouTube's public APIs do not "
        "provide them, and reports have data up to two days ago. "
        "See them in YouTube Studio, under Analytics > Realtime.",
    ),
)
"""Search words (any of them, or the start of one) -> the note to show."""
_SHORTEST = 4
"""Fewer letters than this start too many words ("re", "uni") to mean these."""


def unavailable_notes(text: str) -> list[str]:
    """The notes for what ``text``, typed in the metric search, looks for."""
    needle = " ".join(text.casefold().split())
    if len(needle) < _SHORTEST:
        return []
    return [
        note
        for words, note in UNAVAILABLE
        if any(word.startswith(needle) or word in needle for word in words)
    ]


class UnavailableNote(QLabel):
    """A plain note under the metric ``search``, shown only when it looks for those."""

    def __init__(self, search: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        search.textChanged.connect(self.show_for)
        self.setAccessibleName("Not available from the API")
        self.setWordWrap(True)
        self.hide()

    def show_for(self, text: str) -> None:
        notes = unavailable_notes(text)
        self.setText("\n".join(notes))
        self.setVisible(bool(notes))
