"""Turning exceptions into messages: Google's own text plus what the user can do."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..api.catalogue import METRICS
from ..api.errors import (
    MAX_RETRY_AFTER,
    APIError,
    AuthorisationError,
    BadRequest,
    Forbidden,
    InvalidRequest,
    InvalidSecrets,
    MalformedResponse,
    NetworkError,
    NotAuthorised,
    NotFound,
    NotMonetised,
    RateLimited,
    RefreshTokenExpired,
    ServerError,
    Unauthorised,
    list_of,
)
from ..store.tokens import KeyringUnavailable, TokenStoreError

__all__ = ["RECONNECT_CAUSE", "Explanation", "explain"]

RECONNECT_CAUSE = (
    "Google no longer accepts the saved sign-in of this channel. This happens after 7 days "
    'when the OAuth app\'s publishing status is "Testing" (publish the app in the Google '
    "Cloud console to lift the limit), when access was removed in your Google Account's "
    "security settings, or after a password change."
)


@dataclass(frozen=True)
class Explanation:
    """What to tell the user about an error.

    ``reconnect``: the channel must be signed in again; ``unexpected``: a bug, shown with
    its traceback in the crash dialog.
    """

    title: str
    text: str
    hint: str = ""
    reconnect: bool = False
    unexpected: bool = False


def _google(error: APIError) -> str:
    reason = f" ({error.reason})" if error.reason else ""
    return f"Google said: {error.message}{reason}"


def _wait(seconds: float | None) -> str:
    """How long to wait, in words; the transport keeps ``seconds`` finite and capped."""
    if not seconds:
        return "Wait a minute, then run it again."
    if seconds >= MAX_RETRY_AFTER:
        return "Google asked for a long wait: try again in an hour or later."
    if seconds < 90:
        count, unit = math.ceil(seconds), "second"
    else:
        count, unit = math.ceil(seconds / 60), "minute"
    return f"Wait {count} {unit}{'' if count == 1 else 's'}, then run it again."


def _revenue(metrics: tuple[str, ...]) -> str:
    """The revenue metrics of a query, by their titles."""
    titles = [METRICS[name].title if name in METRICS else name for name in metrics]
    return f"the revenue metrics ({list_of(titles)})" if titles else "the revenue metrics"


def _api(error: APIError) -> Explanation:
    text = _google(error)
    if isinstance(error, RateLimited):
        wait = _wait(error.retry_after)
        return Explanation(
            "Too many requests",
            text,
            f"{wait} If it keeps happening, the project's daily quota may be used up; it "
            "resets at midnight Pacific time.",
        )
    if isinstance(error, ServerError):
        return Explanation(
            f"Google had a problem ({error.status})",
            text,
            "This is usually temporary: run the report again in a minute.",
        )
    if isinstance(error, Unauthorised):
        return Explanation(
            "Google refused the sign-in",
            text,
            "The access was revoked or has expired: reconnect this channel.",
            reconnect=True,
        )
    if isinstance(error, NotMonetised):
        return Explanation(
            "This channel is not monetised",
            "This channel is not monetised (it is not in the YouTube Partner Program), so "
            f"Google gives no revenue figures for it.\n\n{text}",
            f"Run the report without {_revenue(error.metrics)}.",
        )
    if isinstance(error, Forbidden):
        if error.reason == "insufficientPermissions":
            hint = (
                "This needs a permission that was not granted. Reconnect the channel and tick "
                "every box on Google's consent page (revenue metrics need the monetary one)."
            )
        else:
            hint = (
                "Check that the channel is yours and, for revenue metrics, that it is "
                "monetised and the monetary permission was granted."
            )
        return Explanation("Not allowed", text, hint)
    if isinstance(error, BadRequest):
        return Explanation(
            "Google refused the query", text, "Change the dimensions, filters or metrics."
        )
    if isinstance(error, NotFound):
        return Explanation("Not found", text, "The item may have been deleted.")
    return Explanation(f"Google answered with an error ({error.status})", text)


def explain(error: BaseException) -> Explanation:
    """The message for ``error``; anything not raised on purpose is ``unexpected``."""
    if isinstance(error, APIError):
        return _api(error)
    if isinstance(error, RefreshTokenExpired | NotAuthorised):
        return Explanation(
            "Reconnect this channel",
            f"{RECONNECT_CAUSE}\n\nDetails: {error}",
            "Click Reconnect and sign in again in the browser.",
            reconnect=True,
        )
    if isinstance(error, KeyringUnavailable):
        return Explanation("No safe place for sign-ins", str(error), error.hint)
    if isinstance(error, TokenStoreError):
        return Explanation("The keyring refused", str(error), error.hint)
    if isinstance(error, InvalidSecrets):
        text = _sentence(str(error))
        hint = (
            ""  # the text already says which client to make
            if "Desktop app" in text
            else 'Download the JSON of a "Desktop app" OAuth client from the Google Cloud '
            "console (APIs & Services > Credentials)."
        )
        return Explanation("Not a usable client secrets file", text, hint)
    if isinstance(error, AuthorisationError):
        return Explanation(
            "Sign-in not completed",
            _sentence(str(error)),
            "Try again; on Google's page choose the channel and click Allow.",
        )
    if isinstance(error, InvalidRequest):
        return Explanation("This report cannot be asked for", _sentence(str(error)))
    if isinstance(error, MalformedResponse):
        return Explanation(
            "Google's answer could not be read",
            _sentence(str(error)),
            "This is usually temporary: try again in a minute.",
        )
    if isinstance(error, NetworkError):
        return Explanation(
            "Google could not be reached",
            _sentence(str(error)),
            "Check your internet connection, then try again.",
        )
    if isinstance(error, OSError):
        return Explanation("A file could not be written or read", _sentence(str(error)))
    return Explanation(
        "Something went wrong",
        f"{type(error).__name__}: {error}",
        "This is a bug in analytix-desktop; please report it with the details.",
        unexpected=True,
    )


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
