"""What the GUI and the command line share in one process: the report store, the
history that runs reports through it, reach reports, and clients whose requests are
counted."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from ..api.endpoints import Endpoints
from ..api.transport import Transport
from ..store.cache import ThumbnailCache
from ..store.paths import AppPaths
from ..store.reach_db import ReachStore
from ..store.report_db import ReportStore
from ..store.tokens import TokenStore
from .desktop_client import DesktopClient
from .quota import RequestMeter
from .reach import Reach
from .report_history import DEFAULT_FRESHNESS, ReportHistory

__all__ = ["Services", "open_services"]


@dataclass
class Services:
    """The store opens on first use, from whichever thread uses it first (never the GUI's)."""

    paths: AppPaths
    freshness: float = DEFAULT_FRESHNESS
    _store: ReportStore | None = field(default=None, init=False, repr=False)
    _history: ReportHistory | None = field(default=None, init=False, repr=False)
    _reach: Reach | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def reports(self) -> ReportStore:
        """The local report store (opened now if need be: it touches the disk)."""
        with self._lock:
            if self._store is None:
                self._store = ReportStore.open(self.paths.report_db)
            return self._store

    @property
    def history(self) -> ReportHistory:
        store = self.reports
        with self._lock:
            if self._history is None:
                self._history = ReportHistory(store, freshness=self.freshness)
            return self._history

    @property
    def reach(self) -> Reach:
        """Reach reports, kept in the report store's file (opened now if need be)."""
        store = self.reports  # opens first: a damaged file is set aside before this opens it
        with self._lock:
            if self._reach is None:
                self._reach = Reach(ReachStore(store.file))
            return self._reach

    def set_freshness(self, seconds: float) -> None:
        """How long a fetched report answers the same query (a setting)."""
        with self._lock:
            self.freshness = seconds
            if self._history is not None:
                self._history.freshness = seconds

    def meter(self, endpoints: Endpoints) -> RequestMeter:
        """A meter counting into this store's file."""
        return RequestMeter(lambda: self.reports, endpoints)

    def client(
        self,
        token_store: TokenStore,
        endpoints: Endpoints | None,
        *,
        transport: Transport | None = None,
        meter: RequestMeter | None = None,
    ) -> DesktopClient:
        """A client of ``paths``' client secrets whose requests ``meter`` counts (a new one
        when not given); ``InvalidSecrets`` or ``OSError`` when the secrets are unusable."""
        endpoints = endpoints if endpoints is not None else Endpoints.google()
        transport = transport if transport is not None else Transport()
        (meter or self.meter(endpoints)).install(transport.session)
        return DesktopClient(
            self.paths.secrets_file,
            token_store,
            ThumbnailCache(self.paths.thumbnails_dir),
            transport=transport,
            endpoints=endpoints,
        )

    def close(self) -> None:
        with self._lock:  # reach shares the report store's file
            if self._store is not None:
                self._store.close()
            self._store = self._history = self._reach = None


def open_services(paths: AppPaths, *, freshness: float | None = None) -> Services:
    """The services of ``paths`` (nothing is opened until first used)."""
    return Services(paths, DEFAULT_FRESHNESS if freshness is None else freshness)
