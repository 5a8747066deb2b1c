"""What the user is told about the transport's and the report's errors."""

from __future__ import annotations

import math

import pytest

from analytix_desktop.api.errors import (
    MAX_RETRY_AFTER,
    MalformedResponse,
    NotMonetised,
    RateLimited,
)
from analytix_desktop.gui.errors import explain


def test_not_monetised_is_said_plainly_with_what_to_do() -> None:
    error = NotMonetised(403, "Forbidden", reason="forbidden", metrics=("estimatedRevenue", "cpm"))
    explanation = explain(error)
    assert explanation.title == "This channel is not monetised"
    assert "not in the YouTube Partner Program" in explanation.text
    assert "Google said: Forbidden" in explanation.text
    assert explanation.hint == (
        "Run the report without the revenue metrics ('Estimated revenue' and 'CPM')."
    )
    assert not explanation.unexpected


def test_an_unreadable_answer_is_no_crash() -> None:
    explanation = explain(MalformedResponse("the answer from host/v2/reports was not valid JSON"))
    assert explanation.title == "Google's answer could not be read"
    assert explanation.text.startswith("The answer from host/v2/reports")
    assert not explanation.unexpected


@pytest.mark.parametrize(
    ("retry_after", "said"),
    [
        (30, "Wait 30 seconds"),
        (0.2, "Wait 1 second,"),
        (61, "Wait 61 seconds"),
        (600, "Wait 10 minutes"),
        (math.inf, "an hour or later"),
        (1e300, "an hour or later"),
        (MAX_RETRY_AFTER, "an hour or later"),
        (math.nan, "Wait a minute"),
        (-4, "Wait a minute"),
        (None, "Wait a minute"),
    ],
)
def test_the_wait_shown_is_finite_and_sensible(retry_after: float | None, said: str) -> None:
    hint = explain(RateLimited(429, "Quota exceeded.", retry_after=retry_after)).hint
    assert said in hint
    assert "inf" not in hint
    assert "nan" not in hint
