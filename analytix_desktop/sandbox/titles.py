"""Plausible, distinct upload titles from word lists per channel theme.

A title joins a subject of the channel (also the video's tag and playlist) with a detail
of the theme in one of the shapes fitting its kind (Short, video, live stream). A channel
never repeats a title: a drawn title already taken is drawn again, and in the rare case
that every draw is taken, the title is told apart by a part number.
"""

from __future__ import annotations

import random

__all__ = ["TitleMaker"]

# Per channel title: details that go with any of the channel's subjects.
_DETAILS = {
    "Alex Rivera": (
        "Lisbon", "Tokyo", "Mexico City", "a night train", "a rainy week", "moving day",
        "my first apartment", "a solo trip", "a 5 a.m. start", "burnout", "a new camera",
        "budget travel", "the Alps", "my morning routine", "a road trip", "Iceland",
        "packing light", "working remotely", "a hostel", "my studio setup",
    ),
    "Northern Lights Kitchen": (
        "brown butter", "miso", "leftover rice", "a $20 budget", "no-knead dough", "garlic",
        "winter squash", "one pan", "chili crisp", "a dutch oven", "wild mushrooms", "kimchi",
        "a cold night", "maple syrup", "fresh herbs", "a busy Tuesday", "smoked salmon",
        "tomato season", "an old family recipe", "a beginner's kitchen",
    ),
    "Pixel Garden Studio": (
        "Godot", "a 16-color palette", "water reflections", "a boss fight", "tilemaps",
        "screen shake", "a cozy farm game", "dithering", "a 48-hour jam", "lighting",
        "a title screen", "procedural caves", "animation frames", "a tiny RPG", "UI polish",
        "pathfinding", "particle effects", "a retro platformer", "save files", "playtesting",
    ),
    "Trail and Tide": (
        "the Great Ocean Road", "a king tide", "Tasmania", "a storm front", "low tide",
        "a hidden cove", "sea caves", "a 3-day loop", "winter swells", "rock pools",
        "a solo overnight", "a sunrise paddle", "the Larapinta Trail", "blue bottles",
        "an ultralight pack", "whale season", "a beach fire", "a river mouth", "sand dunes",
        "a lighthouse walk",
    ),
}  # fmt: skip
_FALLBACK_DETAILS = (
    "the basics", "a big mistake", "a new idea", "the community", "a long week", "a fresh start",
    "your questions", "a new setup", "the road ahead", "a small win", "the archive", "a milestone",
)  # fmt: skip
_VIDEO_SHAPES = (
    "{subject}: what nobody tells you about {detail}",
    "{subject} with {detail}",
    "I tried {subject} with {detail} for 30 days",
    "{subject} for beginners: {detail}",
    "The {subject} mistake I made with {detail}",
    "My honest take on {subject} and {detail}",
    "{subject}, {detail}, and what I learned",
    "Everything about {subject}: {detail} edition",
    "Can {subject} survive {detail}?",
    "{subject} vs {detail}",
    "The complete {subject} guide ({detail})",
    "{subject} diaries: {detail}",
)
_LONG_SHAPES = (
    "The ultimate {subject} deep dive: {detail}",
    "{subject} masterclass: {detail}, start to finish",
    "A full day of {subject}: {detail} (uncut)",
    "{subject} documentary: {detail}",
)
_SHORT_SHAPES = (
    "{subject} in 30 seconds: {detail} #shorts",
    "Wait for it... {detail} #shorts",
    "{detail} hack #shorts",
    "One {subject} tip: {detail} #shorts",
    "POV: {detail} #shorts",
)
_LIVE_SHAPES = (
    "LIVE: {subject} Q&A about {detail}",
    "Live {subject} session: {detail}",
    "Sunday stream: {subject} and {detail}",
    "Ask me anything: {subject} + {detail} (live)",
)
_DRAWS = 12


class TitleMaker:
    """Draws a channel's titles, never the same one twice."""

    def __init__(self, seed: int, channel_id: str, channel_title: str) -> None:
        self._rng = random.Random(f"titles-{seed}-{channel_id}")
        self._details = _DETAILS.get(channel_title, _FALLBACK_DETAILS)
        self._used: set[str] = set()

    def title(self, subject: str, kind: str, long_form: bool) -> str:
        """A new title for an upload about ``subject`` of ``kind`` (creatorContentType)."""
        shapes: tuple[str, ...] = _VIDEO_SHAPES
        if kind == "SHORTS":
            shapes = _SHORT_SHAPES
        elif kind == "LIVE_STREAM":
            shapes = _LIVE_SHAPES
        elif long_form:
            shapes = _LONG_SHAPES
        title = ""
        for _ in range(_DRAWS):
            shape = self._rng.choice(shapes)
            title = _capitalised(
                shape.format(subject=subject, detail=self._rng.choice(self._details))
            )
            if title not in self._used:
                break
        part = 2
        base = title
        while title in self._used:
            title = f"{base} (part {part})"
            part += 1
        self._used.add(title)
        return title


def _capitalised(title: str) -> str:
    return title[:1].upper() + title[1:]
