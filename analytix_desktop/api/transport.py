"""HTTP for the client layer: pooling, timeouts, retries with backoff, Google's errors."""

from __future__ import annotations

import email.utils
import json
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from .. import __version__
from . import slicedjson
from .errors import (
    MAX_RETRY_AFTER,
    APIError,
    BadRequest,
    Conflict,
    Forbidden,
    MalformedResponse,
    NetworkError,
    NotFound,
    RateLimited,
    ServerError,
    Unauthorised,
    bounded_wait,
)
from .exchange import Exchange, never_sent, place

__all__ = [
    "MAX_BODY",
    "TOTAL_TIMEOUT",
    "USER_AGENT",
    "RetryHook",
    "RetryPolicy",
    "Transport",
    "error_for",
]

RetryHook = Callable[[float, int, str], None]
"""Told before each wait between attempts: the delay in seconds, the status that failed
(0 for a connection failure) and Google's message (or what went wrong)."""

USER_AGENT = f"analytix-desktop/{__version__}"
TOTAL_TIMEOUT = 120.0
MAX_BODY = 1 << 29
"""Default cap (512 MiB) on a decoded body: a 500,000-row report is some 30 MB, while a
small compressed answer can inflate without end."""
"""Default limit (seconds) on one request from connecting to the body's last byte,
retries included: a big report arrives well within it, a server trickling bytes does not."""
# Bodies at least this long (a report of some thousands of rows) are decoded in slices,
# so that a GUI thread keeps running meanwhile: see :mod:`.slicedjson`.
LARGE_BODY = 256 * 1024
# How often a request with a cancel event looks at it while the answer is on its way.
_CANCEL_POLL = 0.05
# Google's error messages are short; a longer one is cut before it reaches a dialog.
_MAX_MESSAGE = 1000

_log = logging.getLogger(__name__)

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Sending one of these twice does what sending it once does (RFC 9110, 9.2.2).
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# 403 reasons that mean "slow down" (retryable) or "quota spent" (not until it resets).
_RATE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
_QUOTA_REASONS = frozenset({"quotaExceeded", "dailyLimitExceeded"})
_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequest,
    401: Unauthorised,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    429: RateLimited,
}
# Retry-After is delta-seconds (RFC 9110: digits) or an HTTP date; a fraction is tolerated.
_DELTA_SECONDS = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: ``attempts`` in all, waits doubling from ``base`` up to ``cap``
    seconds (full jitter), and no retry that would end past ``deadline`` seconds."""

    attempts: int = 5
    base: float = 0.5
    cap: float = 16.0
    deadline: float = 60.0

    def backoff(self, attempt: int) -> float:
        """The wait before retry number ``attempt`` (1-based), without Retry-After."""
        return random.uniform(0, min(self.cap, self.base * 2 ** (attempt - 1)))


def _retry_after(response: requests.Response) -> float | None:
    """Retry-After in seconds, finite and at most MAX_RETRY_AFTER; None if unreadable."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if _DELTA_SECONDS.fullmatch(value):
        seconds = float(value)  # a number of 400 digits is inf here; bounded below
    else:
        try:
            seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, OverflowError, IndexError, OSError):
            return None
    if seconds > MAX_RETRY_AFTER:
        _log.warning("Retry-After %r is cut to %g s", value[:40], MAX_RETRY_AFTER)
    return bounded_wait(seconds)


def _text(value: Any) -> str | None:
    """A text field of an error body, cut short; None when it is not text."""
    if not isinstance(value, str) or not value:
        return None
    return value if len(value) <= _MAX_MESSAGE else value[:_MAX_MESSAGE] + "…"


def _google_error(response: requests.Response) -> tuple[str, str | None]:
    """Google's message and reason from an error body of either envelope."""
    try:
        payload = response.json()
    except (ValueError, RecursionError):  # not JSON, or a hostile one nested too deep
        payload = None
    fallback = response.reason or "an error occurred"
    error = payload.get("error") if isinstance(payload, dict) else None
    if isinstance(error, dict):  # the APIs' {"error": {"message", "errors": [...]}}
        details = error.get("errors")
        first = details[0] if isinstance(details, list) and details else None
        reason = first.get("reason") if isinstance(first, dict) else None
        return _text(error.get("message")) or fallback, _text(reason)
    if isinstance(error, str):  # OAuth's {"error", "error_description"}
        return _text(payload.get("error_description")) or fallback, _text(error)
    return fallback, None


def error_for(response: requests.Response) -> APIError:
    """The APIError subclass for an error response, with Google's message and reason."""
    message, reason = _google_error(response)
    status = response.status_code
    if status >= 500:
        cls: type[APIError] = ServerError
    elif status == 403 and reason in _RATE_REASONS | _QUOTA_REASONS:
        cls = RateLimited
    else:
        cls = _BY_STATUS.get(status, APIError)
    return cls(status, message, reason=reason, retry_after=_retry_after(response))


class Transport:
    """One pooled ``requests.Session`` with timeouts on every call and bounded retries.

    ``timeout`` bounds connecting and each read; ``total_timeout`` a whole request,
    retries included.
    """

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        timeout: float = 30.0,
        total_timeout: float = TOTAL_TIMEOUT,
        max_body: int = MAX_BODY,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        on_retry: RetryHook | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self.owns_session = session is None
        self.session = session if session is not None else self._new_session()
        self.timeout = timeout
        self.total_timeout = total_timeout
        self.max_body = max_body
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        # Called on the requesting thread before each wait (a GUI says "waiting 30 s");
        # an exception it raises ends the request there, instead of the retry.
        self.on_retry = on_retry
        # Set from another thread to stop a request: while its answer is on the way
        # (NetworkError "cancelled"), or while it waits to retry (the last failure).
        self.cancel = cancel

    def bound(
        self, *, on_retry: RetryHook | None = None, cancel: threading.Event | None = None
    ) -> Transport:
        """This transport for one caller: the same session and policy, its own retry
        hook and cancel event (a GUI task's)."""
        return Transport(
            self.session,
            timeout=self.timeout,
            total_timeout=self.total_timeout,
            max_body=self.max_body,
            retry=self.retry,
            sleep=self._sleep,
            on_retry=on_retry or self.on_retry,
            cancel=cancel,
        )

    @staticmethod
    def _new_session() -> requests.Session:
        session = requests.Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=8, max_retries=0)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        session.headers["User-Agent"] = USER_AGENT
        return session

    def close(self) -> None:
        if self.owns_session:
            self.session.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        json_body: Any = None,
        token: str | None = None,
        idempotent: bool = True,
        total_timeout: float | None = None,
    ) -> requests.Response:
        """Send with retries; return a 2xx response or raise APIError / NetworkError.

        A request that may have reached the server is sent again only if its method
        is idempotent (GET, PUT, DELETE...) and ``idempotent`` is left true: a POST or
        PATCH is retried only after failing to connect. A DELETE whose retry answers
        404 was done by an earlier attempt: that 404 response is returned as success.
        ``total_timeout`` overrides the transport's for this request.
        """
        headers = {"User-Agent": USER_AGENT}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        method = method.upper()
        resendable = idempotent and method in _IDEMPOTENT_METHODS
        limit = self.total_timeout if total_timeout is None else total_timeout
        started = time.monotonic()
        where = place(url)
        attempts = max(1, self.retry.attempts)
        maybe_done = False  # an earlier attempt may have been carried out
        fields = {"params": params, "data": data, "json": json_body, "headers": headers}
        for attempt in range(1, attempts + 1):
            failure: Exception
            wait: float | None = None
            try:
                response = self._exchange(method, url, fields, started + limit, limit)
            except requests.RequestException as exc:
                failure = _network_error(method, where, exc)
                _log.debug("%s %s failed: %s", method, where, type(exc).__name__)
                unsent = never_sent(exc)
                maybe_done = maybe_done or not unsent
                if isinstance(exc, requests.exceptions.InvalidURL) or not (resendable or unsent):
                    raise failure from None
            else:
                status, took = response.status_code, response.elapsed.total_seconds()
                _log.debug("%s %s -> %d (%.2f s)", method, where, status, took)
                if response.ok:
                    return response
                if method == "DELETE" and status == 404 and maybe_done:
                    _log.info("DELETE %s: already gone after an earlier attempt", where)
                    return response
                error = error_for(response)
                maybe_done = maybe_done or status >= 500
                retryable = status in _RETRY_STATUSES or error.reason in _RATE_REASONS
                if not (retryable and resendable):
                    raise error
                failure, wait = error, error.retry_after
            if attempt == attempts:
                break
            delay = wait if wait is not None else self.retry.backoff(attempt)
            if time.monotonic() - started + delay > min(self.retry.deadline, limit):
                break
            _log.debug("retrying %s %s in %.2f s", method, where, delay)
            if self.on_retry is not None:
                if isinstance(failure, APIError):
                    self.on_retry(delay, failure.status, failure.message)
                else:
                    self.on_retry(delay, 0, str(failure))
            if self.cancel is None:
                self._sleep(delay)
            elif self.cancel.wait(delay):
                break
        raise failure

    def _exchange(
        self, method: str, url: str, fields: dict[str, Any], deadline: float, limit: float
    ) -> requests.Response:
        """One attempt, with its body, over by ``deadline`` (a monotonic time) or cancel."""
        remaining = deadline - time.monotonic()
        late = NetworkError(f"{method} {place(url)} timed out: no whole answer within {limit:g} s")
        if remaining <= 0:
            raise late
        per_call = min(self.timeout, remaining)
        request = {"method": method, "url": url, "timeout": per_call, **fields}
        exchange = Exchange(self.session, request, self.max_body)
        poll = _CANCEL_POLL if self.cancel is not None else None
        while not exchange.done.wait(min(poll or remaining, remaining)):
            if self.cancel is not None and self.cancel.is_set():
                exchange.abandon()
                raise NetworkError(f"the request to {place(url)} was cancelled")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                exchange.abandon()
                raise late
        if exchange.error is not None:
            raise exchange.error
        assert exchange.response is not None
        return exchange.response

    def json(self, method: str, url: str, *, row_tuples: bool = False, **kwargs: Any) -> Any:
        """``request`` and parse the body as JSON; an unreadable body is MalformedResponse.

        A large body (a big report) is decoded in slices that let other threads run
        in between (:func:`slicedjson.loads`); the result is the same as ``json.loads``,
        except that with ``row_tuples`` (a result table) the rows of the top-level
        ``rows`` array are tuples, whatever the body's size.
        A DELETE that an earlier attempt did gives ``{}``, as a successful one does.
        """
        response = self.request(method, url, **kwargs)
        content = response.content
        if not content or not response.ok:
            return {}
        del response  # the body is now held only here, so that it can be let go below
        where = place(url)
        try:
            if row_tuples or len(content) >= LARGE_BODY:
                if self.cancel is not None and self.cancel.is_set():
                    raise NetworkError(f"the request to {where} was cancelled")
                # Decoded to text as json.loads does; the bytes go before the rows come.
                text = content.decode(json.detect_encoding(content), "surrogatepass")
                del content
                return slicedjson.loads(text, row_tuples=row_tuples)
            return json.loads(content)
        except (RecursionError, slicedjson.NestingTooDeep):  # one recursion per level
            raise MalformedResponse(
                f"the answer from {where} was not valid JSON (it is nested too deeply)"
            ) from None
        except ValueError:
            raise MalformedResponse(
                f"the answer from {where} was not valid JSON (it may have been cut off)"
            ) from None


def _network_error(method: str, where: str, exc: requests.RequestException) -> NetworkError:
    if isinstance(exc, requests.Timeout):
        problem = "timed out"
    elif isinstance(exc, requests.exceptions.ChunkedEncodingError):
        problem = "was cut off before the whole answer arrived"
    elif isinstance(exc, requests.ConnectionError):
        problem = "could not connect, or the connection was dropped"
    else:
        problem = f"failed ({type(exc).__name__})"
    return NetworkError(f"{method} {where} {problem}")
