"""HTTP for the client layer: pooling, timeouts, retries with backoff, Google's errors."""

from __future__ import annotations

import email.utils
import json
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from .. import __version__
from . import slicedjson
from .errors import (
    APIError,
    BadRequest,
    Forbidden,
    NetworkError,
    NotFound,
    RateLimited,
    ServerError,
    Unauthorised,
)

__all__ = ["USER_AGENT", "RetryHook", "RetryPolicy", "Transport", "error_for"]

RetryHook = Callable[[float, int, str], None]
"""Told before each wait between attempts: the delay in seconds, the status that failed
(0 for a connection failure) and Google's message (or what went wrong)."""

USER_AGENT = f"analytix-desktop/{__version__}"
# Bodies at least this long (a report of some thousands of rows) are decoded in slices,
# so that a GUI thread keeps running meanwhile: see :mod:`.slicedjson`.
LARGE_BODY = 256 * 1024
BODY_CHUNK = 64 * 1024
"""With a cancel event, a body is read in pieces of this size, checking for cancel between."""

_log = logging.getLogger(__name__)

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# 403 reasons that mean "slow down" (retryable) or "quota spent" (not until it resets).
_RATE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
_QUOTA_REASONS = frozenset({"quotaExceeded", "dailyLimitExceeded"})
_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequest,
    401: Unauthorised,
    403: Forbidden,
    404: NotFound,
    429: RateLimited,
}


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
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def _google_error(response: requests.Response) -> tuple[str, str | None]:
    """Google's message and reason from an error body of either envelope."""
    try:
        payload = response.json()
    except ValueError:
        payload = None
    if isinstance(payload, dict):
        error = payload.get("error")
        if isinstance(error, dict):  # the APIs' {"error": {"message", "errors": [...]}}
            details = error.get("errors")
            reason = None
            if isinstance(details, list) and details and isinstance(details[0], dict):
                reason = details[0].get("reason")
            return str(error.get("message") or response.reason), reason and str(reason)
        if isinstance(error, str):  # OAuth's {"error", "error_description"}
            return str(payload.get("error_description") or response.reason or error), error
    return response.reason or "an error occurred", None


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


def _where(url: str) -> str:
    """Host and path only: query strings are never logged or put in messages."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"


class Transport:
    """One pooled ``requests.Session`` with a timeout on every call and bounded retries."""

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        on_retry: RetryHook | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self.owns_session = session is None
        self.session = session if session is not None else self._new_session()
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        # Called on the requesting thread before each wait (a GUI says "waiting 30 s");
        # an exception it raises ends the request there, instead of the retry.
        self.on_retry = on_retry
        # Set from another thread to stop waiting between attempts (the last failure is
        # raised at once) and before decoding a large body.
        self.cancel = cancel

    def bound(
        self, *, on_retry: RetryHook | None = None, cancel: threading.Event | None = None
    ) -> Transport:
        """This transport for one caller: the same session and policy, its own retry
        hook and cancel event (a GUI task's)."""
        return Transport(
            self.session,
            timeout=self.timeout,
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
    ) -> requests.Response:
        """Send with retries; return a 2xx response or raise APIError / NetworkError.

        Connection failures are retried only when ``idempotent``: a request that
        may have arrived must not be sent twice.
        """
        headers = {"User-Agent": USER_AGENT}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        started = time.monotonic()
        where = _where(url)
        attempts = max(1, self.retry.attempts)
        for attempt in range(1, attempts + 1):
            failure: Exception
            wait: float | None = None
            try:
                response = self.session.request(
                    method,
                    url,
                    params=params,
                    data=data,
                    json=json_body,
                    headers=headers,
                    timeout=self.timeout,
                    stream=self.cancel is not None,
                )
                self._read_body(response, where)  # now, so that a cut-off body fails here
            except requests.RequestException as exc:
                failure = _network_error(method, where, exc)
                _log.debug("%s %s failed: %s", method, where, type(exc).__name__)
                if not idempotent or isinstance(exc, requests.exceptions.InvalidURL):
                    raise failure from None
            else:
                _log.debug(
                    "%s %s -> %d (%.2f s)",
                    method,
                    where,
                    response.status_code,
                    response.elapsed.total_seconds(),
                )
                if response.ok:
                    return response
                error = error_for(response)
                retryable = response.status_code in _RETRY_STATUSES or error.reason in _RATE_REASONS
                if not retryable:
                    raise error
                failure, wait = error, error.retry_after
            if attempt == attempts:
                break
            delay = wait if wait is not None else self.retry.backoff(attempt)
            if time.monotonic() - started + delay > self.retry.deadline:
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

    def _read_body(self, response: requests.Response, where: str) -> None:
        """Read the whole body; with a cancel event, in chunks that stop when it is set."""
        if self.cancel is None:
            _ = response.content
            return
        chunks = []
        for chunk in response.iter_content(BODY_CHUNK):
            if self.cancel.is_set():
                response.close()
                raise NetworkError(f"the request to {where} was cancelled")
            chunks.append(chunk)
        # What requests itself does once a streamed body is read: later .content uses it.
        response._content = b"".join(chunks)

    def json(self, method: str, url: str, **kwargs: Any) -> Any:
        """``request`` and parse the body as JSON; an unreadable body is a NetworkError.

        A large body (a big report) is decoded in slices that let other threads run
        in between (:func:`slicedjson.loads`); the result is the same as ``json.loads``.
        """
        response = self.request(method, url, **kwargs)
        content = response.content
        if not content:
            return {}
        try:
            if len(content) >= LARGE_BODY:
                if self.cancel is not None and self.cancel.is_set():
                    raise NetworkError(f"the request to {_where(url)} was cancelled")
                return slicedjson.loads(content)
            return json.loads(content)
        except ValueError:
            raise NetworkError(
                f"the answer from {_where(url)} was not valid JSON (it may have been cut off)"
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
