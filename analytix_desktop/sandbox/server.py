"""The sandbox: Google's OAuth and YouTube endpoints on one loopback URL, wired together."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import groups, images, oauth, oauth_info, reporting, reports, token_endpoint, youtube
from .accounts import demo_accounts
from .bearer import authenticate
from .clients import DEFAULT_CLIENT, OAuthClient
from .clock import SandboxClock
from .codes import CodeStore
from .consent import ConsentPolicy
from .faults import Faults, RequestLog
from .grants import Grant, GrantStore
from .group_store import GroupStore
from .http import Request
from .idtokens import SigningKey
from .options import Options
from .reporting_jobs import JobStore
from .routing import Handler, Router
from .transport import READ_TIMEOUT, HTTPServer
from .world import World

__all__ = ["Sandbox"]


class Sandbox:
    """Google's endpoints on one loopback root URL, with deterministic synthetic data."""

    def __init__(
        self,
        *,
        seed: int = 0,
        auto_consent: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        """``read_timeout``: seconds a client may stall inside a request before it is refused."""
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the sandbox binds to loopback only")
        self.seed = seed
        self.options = Options(auto_consent=auto_consent)
        self.users, self.channels = demo_accounts(seed)
        self.clients: dict[str, OAuthClient] = {DEFAULT_CLIENT.client_id: DEFAULT_CLIENT}
        self.grants = GrantStore()
        self.consent = ConsentPolicy()  # what automatic consent picks, unticks or denies
        self.codes = CodeStore()  # consent pages, authorization codes, given authorisations
        self.signing_key = SigningKey()  # signs ID tokens; published at /oauth2/v3/certs
        self.world = World(seed, self.channels)  # videos and playlists; metrics built lazily
        self.group_store = GroupStore(self.world)
        self.clock = SandboxClock()  # the Reporting API's time; tests move it forward
        self.reporting_jobs = JobStore(seed)
        self.reporting_jobs.add_demo_jobs(self.channels, self.clock.now())
        self.faults = Faults()
        self.log = RequestLog()
        self._router = Router()
        self._server = HTTPServer(
            (host, port), self._router, self.faults, self.log, read_timeout=read_timeout
        )
        self._thread: threading.Thread | None = None
        self._register_endpoints()

    def _register_endpoints(self) -> None:
        """Give each endpoint module the stores it needs, and no more."""
        router, root = self._router, self.url
        oauth.register(
            router,
            clients=self.clients,
            codes=self.codes,
            consent=self.consent,
            options=self.options,
            users=self.users,
            channels=self.channels,
        )
        token_endpoint.register(
            router,
            clients=self.clients,
            codes=self.codes,
            grants=self.grants,
            signing_key=self.signing_key,
            users=self.users,
            root=root,
        )
        oauth_info.register(
            router, grants=self.grants, signing_key=self.signing_key, users=self.users, root=root
        )
        reports.register(router, self.world, self.group_store, self.authenticate, self.options)
        groups.register(
            router, self.group_store, self.world.catalogs, self.authenticate, self.options
        )
        youtube.register(router, self.world, self.authenticate, root)
        reporting.register(
            router,
            self.world,
            self.reporting_jobs,
            self.clock,
            self.authenticate,
            self.options,
            root,
        )
        images.register(router, self.users, self.world.catalogs)

    # -- switches (see Options) -------------------------------------------------------------

    @property
    def auto_consent(self) -> bool:
        return self.options.auto_consent

    @auto_consent.setter
    def auto_consent(self, value: bool) -> None:
        self.options.auto_consent = value

    @property
    def group_page_size(self) -> int:
        return self.options.group_page_size

    @group_page_size.setter
    def group_page_size(self, value: int) -> None:
        self.options.group_page_size = value

    @property
    def empty_rows_as_list(self) -> bool:
        return self.options.empty_rows_as_list

    @empty_rows_as_list.setter
    def empty_rows_as_list(self, value: bool) -> None:
        self.options.empty_rows_as_list = value

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        assert isinstance(host, str)
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def start(self) -> Sandbox:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="sandbox", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- for tests and extra routes ----------------------------------------------------------

    def route(self, method: str, path: str, handler: Handler, *, oauth: bool = False) -> None:
        """Add a route; ``oauth`` gives its transport errors the OAuth endpoints' shape."""
        self._router.route(method, path, handler, oauth=oauth)

    def authenticate(self, request: Request, accepted_scopes: Iterable[str]) -> Grant:
        """The grant behind the request's bearer token, or a Reply with Google's 401/403."""
        return authenticate(self.grants, request, accepted_scopes)

    def write_secrets(
        self, path: str | os.PathLike[str], client: OAuthClient = DEFAULT_CLIENT
    ) -> Path:
        """Write an ``installed`` client secrets file pointing at this sandbox (0600)."""
        path = Path(path)
        payload: dict[str, Any] = {
            client.type: {
                "client_id": client.client_id,
                "project_id": "analytix-desktop-sandbox",
                "auth_uri": f"{self.url}/o/oauth2/auth",
                "token_uri": f"{self.url}/token",
                "auth_provider_x509_cert_url": f"{self.url}/oauth2/v1/certs",
                "client_secret": client.client_secret,
                "redirect_uris": list(client.redirect_uris),
            }
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(payload, file, indent=2)
        return path
