"""The quota meter: the requests this app made to Google's APIs today, kept in the store.

Google's daily quotas reset at midnight Pacific time, so a "day" here is a Pacific one.
Every answered request counts (Google charges refused ones too); the Data API's list
calls cost one unit each, and every Reporting API request counts, downloads included.
The GUI and the command line count into the same store.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import requests

from ..api.dates import PACIFIC
from ..api.endpoints import Endpoints
from ..store.report_db import ReportStore, ReportStoreError

__all__ = ["ANALYTICS", "DATA", "DATA_API_DAILY_UNITS", "REPORTING", "RequestMeter", "quota_day"]

_log = logging.getLogger(__name__)

ANALYTICS = "analytics"
DATA = "data"
REPORTING = "reporting"
DATA_API_DAILY_UNITS = 10_000
"""The YouTube Data API's default daily quota per project, in units."""


def quota_day(now: float) -> str:
    """The Pacific date (``YYYY-MM-DD``) whose quota a request at Unix time ``now`` uses."""
    return dt.datetime.fromtimestamp(now, PACIFIC).date().isoformat()


class RequestMeter:
    """Counts each answered request to the Analytics, Data or Reporting API into ``store``."""

    def __init__(
        self,
        store: Callable[[], ReportStore],
        endpoints: Endpoints,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """``store`` gives the store when a request is counted (it opens on first use)."""
        self._store = store
        self._clock = clock
        self._apis = {
            endpoints.reports: ANALYTICS,
            endpoints.groups: ANALYTICS,
            endpoints.group_items: ANALYTICS,
            endpoints.channels: DATA,
            endpoints.playlists: DATA,
            endpoints.playlist_items: DATA,
            endpoints.videos: DATA,
        }
        # The Reporting API's URLs hold ids (jobs, reports, downloads): matched by prefix.
        self._reporting = endpoints.reporting + "/"
        self._listeners: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    def api_of(self, url: str) -> str | None:
        """Which quota ``url`` uses, or None (sign-in, thumbnails: no quota)."""
        address = url.partition("?")[0]
        if address.startswith(self._reporting):
            return REPORTING
        return self._apis.get(address)

    def install(self, session: requests.Session) -> None:
        """Count every response ``session`` receives from here on."""
        session.hooks["response"].append(self._answered)

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (on the requesting thread) after each count."""
        with self._lock:
            self._listeners.append(listener)

    def today(self) -> dict[str, int]:
        """Units counted today per API (blocks on the store: not on the GUI thread)."""
        return self._store().requests_on(quota_day(self._clock()))

    def _answered(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        api = self.api_of(response.request.url or "")
        if api is None:
            return
        try:
            self._store().count_request(api, day=quota_day(self._clock()))
        except ReportStoreError as error:  # the meter is advisory: never fail a request
            _log.warning("a request was not counted: %s", error)
            return
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener()
