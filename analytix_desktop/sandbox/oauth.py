"""Google's OAuth 2.0 front channel: the authorization endpoint and its consent screen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import parse_qs, quote, urlencode, urlsplit, urlunsplit

from .accounts import ChannelIdentity, User
from .authrequest import (
    IDENTITY_SCOPES,
    AuthRequest,
    AuthRequestError,
    ordered,
    parse_auth_request,
)
from .clients import OAuthClient
from .codes import Approval, CodeStore
from .consent import CONSENT_PATH, ConsentPolicy, account_page, consent_page, error_page
from .http import Request, Response
from .options import Options
from .routing import Router

__all__ = ["register"]

AUTH_PATHS = ("/o/oauth2/auth", "/o/oauth2/v2/auth")


def register(
    router: Router,
    *,
    clients: Mapping[str, OAuthClient],
    codes: CodeStore,
    consent: ConsentPolicy,
    options: Options,
    users: Sequence[User],
    channels: Mapping[str, ChannelIdentity],
) -> None:
    """Add the authorization endpoint and its consent screen."""
    front = _FrontChannel(clients, codes, consent, options, users, channels)
    for path in AUTH_PATHS:
        router.route("GET", path, front.authorize)
    router.route("POST", CONSENT_PATH, front.consent)


def _with_query(uri: str, params: list[tuple[str, str]]) -> str:
    """``uri`` with ``params`` appended to whatever query it already has."""
    parts = urlsplit(uri)
    extra = urlencode(params, quote_via=quote, safe="/:")
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _error_redirect(request: AuthRequest, error: str) -> Response:
    params = [("error", error)]
    if request.state is not None:
        params.append(("state", request.state))
    return Response.redirect(_with_query(request.redirect_uri, params))


def _error_page(status: int, error: str, description: str) -> Response:
    return Response.html(status, error_page(status, error, description))


class _FrontChannel:
    """What the browser talks to: it ends with a redirect back to the app."""

    def __init__(
        self,
        clients: Mapping[str, OAuthClient],
        codes: CodeStore,
        consent: ConsentPolicy,
        options: Options,
        users: Sequence[User],
        channels: Mapping[str, ChannelIdentity],
    ) -> None:
        self.clients = clients
        self.codes = codes
        self.policy = consent
        self.options = options
        self.users = users
        self.channels = channels

    def authorize(self, request: Request) -> Response:
        params = {name: values[0] for name, values in request.query.items()}
        try:
            auth = parse_auth_request(params, self.clients)
        except AuthRequestError as fault:
            return _error_page(fault.status, fault.error, fault.description)
        if "none" in auth.prompt:
            return self._silent(auth)
        if self.options.auto_consent:
            return self._automatic(auth)
        page_id = self.codes.open_page(auth)
        hinted = self._identity(auth.login_hint)
        if hinted is not None and "select_account" not in auth.prompt:
            user, channel_id = hinted
            return Response.html(200, self._consent_page(page_id, auth, user, channel_id))
        return Response.html(200, account_page(page_id, auth, self.users))

    def consent(self, request: Request) -> Response:
        """A form of the consent screen posted back: account chosen, or Allow / Deny."""
        form = parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True)
        page_id = form.get("page", [""])[0]
        auth = self.codes.page(page_id)
        if auth is None:
            return _error_page(
                400, "invalid_request", "This consent page has expired or was already answered."
            )
        user = self._user(form.get("user", [""])[0])
        if user is None:
            return _error_page(400, "invalid_request", "Choose one of the listed accounts.")
        decision = form.get("decision", [""])[0]
        if decision not in ("allow", "deny"):
            return Response.html(200, self._consent_page(page_id, auth, user, None))
        channel_id = form.get("channel", [""])[0]
        if decision == "allow" and channel_id not in user.channel_ids:
            return _error_page(400, "invalid_request", "Choose one of the listed channels.")
        if self.codes.close_page(page_id) is None:
            return _error_page(400, "invalid_request", "This consent page was already answered.")
        if decision == "deny":
            return _error_redirect(auth, "access_denied")
        ticked = set(form.get("scope", []))
        granted = [s for s in auth.scopes if s in IDENTITY_SCOPES or s in ticked]
        return self._approve(auth, user, channel_id, granted)

    # -- automatic and silent consent -----------------------------------------------------

    def _automatic(self, auth: AuthRequest) -> Response:
        policy = self.policy
        if policy.deny:
            return _error_redirect(auth, "access_denied")
        identity = self._signed_in(auth)
        if identity is None:
            return _error_page(
                500,
                "sandbox_misconfigured",
                f"sandbox.consent.channel names no channel: {policy.channel}",
            )
        granted = [s for s in auth.scopes if s in IDENTITY_SCOPES or s not in policy.withhold]
        return self._approve(auth, identity[0], identity[1], granted)

    def _silent(self, auth: AuthRequest) -> Response:
        """``prompt=none``: approve only what this identity has already granted."""
        identity = self._signed_in(auth)
        if identity is None:
            return _error_redirect(auth, "interaction_required")
        user, channel_id = identity
        previous = self.codes.previous(auth.client_id, user.sub, channel_id)
        if previous is None or not set(auth.scopes) <= previous.scopes:
            return _error_redirect(auth, "consent_required")
        return self._approve(auth, user, channel_id, list(auth.scopes))

    def _approve(
        self, auth: AuthRequest, user: User, channel_id: str, granted: list[str]
    ) -> Response:
        if not granted:  # every scope unticked: nothing to grant
            return _error_redirect(auth, "access_denied")
        if auth.include_granted_scopes:
            previous = self.codes.previous(auth.client_id, user.sub, channel_id)
            if previous is not None:
                granted = [*granted, *previous.scopes]
        scopes = ordered(granted)
        code = self.codes.issue(Approval(auth, user.sub, channel_id, scopes))
        params = [("code", code), ("scope", " ".join(scopes)), ("authuser", "0")]
        if auth.state is not None:
            params.insert(0, ("state", auth.state))
        params.append(("prompt", "none" if "none" in auth.prompt else "consent"))
        return Response.redirect(_with_query(auth.redirect_uri, params))

    # -- identities ------------------------------------------------------------------------

    def _consent_page(
        self, page_id: str, auth: AuthRequest, user: User, channel_id: str | None
    ) -> str:
        channels = [self.channels[cid] for cid in user.channel_ids]
        return consent_page(page_id, auth, user, channels, channel_id)

    def _user(self, sub: str) -> User | None:
        return next((user for user in self.users if user.sub == sub), None)

    def _identity(self, hint: str | None) -> tuple[User, str] | None:
        """The user and channel a hint names: a channel id, or a user's email or sub."""
        if not hint:
            return None
        for user in self.users:
            if hint in user.channel_ids:
                return user, hint
            if hint.lower() == user.email or hint == user.sub:
                return user, user.channel_ids[0]
        return None

    def _signed_in(self, auth: AuthRequest) -> tuple[User, str] | None:
        """Who answers without a page: the policy's channel, else the hint, else the first."""
        policy = self.policy
        if policy.channel is not None:
            return self._identity(policy.channel)
        first = self.users[0]
        return self._identity(auth.login_hint) or (first, first.channel_ids[0])
