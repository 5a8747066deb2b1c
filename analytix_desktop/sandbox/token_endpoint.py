"""Google's OAuth 2.0 back channel: ``/token`` (code and refresh grants) and ``/revoke``."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import unquote_plus

from .accounts import User
from .authrequest import AuthRequestError, ordered, parse_scopes
from .clients import OAuthClient
from .codes import CodeStore
from .grants import Grant, GrantStore
from .http import Request, Response, oauth_error
from .idtokens import ISSUER, SigningKey, at_hash
from .routing import Router

__all__ = ["id_token_claims", "register"]

TOKEN_PATHS = ("/token", "/o/oauth2/token")
_USERINFO_EMAIL = "https://www.googleapis.com/auth/userinfo.email"
_USERINFO_PROFILE = "https://www.googleapis.com/auth/userinfo.profile"
_NOT_FOUND = "<!DOCTYPE html><title>Error 404 (Not Found)</title>"


def register(
    router: Router,
    *,
    clients: Mapping[str, OAuthClient],
    codes: CodeStore,
    grants: GrantStore,
    signing_key: SigningKey,
    users: Sequence[User],
    root: str,
) -> None:
    """Add ``/token`` and ``/revoke``; ``root`` starts the picture URLs of ID tokens."""
    endpoint = _TokenEndpoint(clients, codes, grants, signing_key, users, root)
    for path in TOKEN_PATHS:
        router.route("POST", path, endpoint.token, oauth=True)
    router.route("POST", "/revoke", endpoint.revoke, oauth=True)
    # Google answers a GET on the revoke endpoint with a plain 404 page; only the legacy
    # accounts.google.com path takes the token in a GET query.
    router.route("GET", "/revoke", lambda _request: Response.html(404, _NOT_FOUND), oauth=True)
    router.route("GET", "/o/oauth2/revoke", endpoint.revoke, oauth=True)


class _Refusal(Exception):
    """The endpoint's answer to a request it refuses: ``{"error", "error_description"}``."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(error)
        self.response = oauth_error(status, error, description)


def _pkce_matches(method: str, challenge: str, verifier: str) -> bool:
    if method == "S256":
        digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
        expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    else:
        expected = verifier
    return hmac.compare_digest(expected, challenge)


def id_token_claims(
    user: User, root: str, grant: Grant, access_token: str, nonce: str | None
) -> dict[str, Any]:
    """The claims Google puts in ``user``'s ID token for this grant (identity per scope)."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "azp": grant.client_id,
        "aud": grant.client_id,
        "sub": user.sub,
    }
    if _USERINFO_EMAIL in grant.scopes:
        claims |= {"email": user.email, "email_verified": True}
    claims["at_hash"] = at_hash(access_token)
    if nonce is not None:
        claims["nonce"] = nonce
    if _USERINFO_PROFILE in grant.scopes:
        claims |= {
            "name": user.name,
            "picture": root + user.picture,
            "given_name": user.given_name,
            "family_name": user.family_name,
        }
    return claims | {"iat": now, "exp": now + 3600}


class _TokenEndpoint:
    def __init__(
        self,
        clients: Mapping[str, OAuthClient],
        codes: CodeStore,
        grants: GrantStore,
        signing_key: SigningKey,
        users: Sequence[User],
        root: str,
    ) -> None:
        self.clients = clients
        self.codes = codes
        self.grants = grants
        self.signing_key = signing_key
        self.users = users
        self.root = root

    def token(self, request: Request) -> Response:
        try:
            return self._token(request)
        except _Refusal as refusal:
            return refusal.response

    def _token(self, request: Request) -> Response:
        form = request.form()
        client = self._client(request, form)
        grant_type = form.get("grant_type", "")
        if grant_type == "authorization_code":
            return self._exchange(client, form)
        if grant_type == "refresh_token":
            return self._refresh(client, form)
        raise _Refusal(400, "unsupported_grant_type", f"Invalid grant_type: {grant_type}")

    def revoke(self, request: Request) -> Response:
        token = request.form().get("token") or request.param("token")
        if not token:
            return oauth_error(400, "invalid_request", "Bad Request")
        if not self.grants.revoke(token):
            return oauth_error(400, "invalid_token", "Token expired or revoked")
        return Response.json(200, {})

    # -- client authentication --------------------------------------------------------------

    def _client(self, request: Request, form: dict[str, str]) -> OAuthClient:
        """The client by HTTP Basic (client_secret_basic) or form fields (client_secret_post)."""
        scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                raise _Refusal(401, "invalid_client", "Unauthorized") from None
            raw_id, _, raw_secret = decoded.partition(":")
            client_id, secret = unquote_plus(raw_id), unquote_plus(raw_secret)
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        if not client_id:
            raise _Refusal(400, "invalid_request", "Could not determine client ID from request.")
        client = self.clients.get(client_id)
        if client is None:
            raise _Refusal(401, "invalid_client", "The OAuth client was not found.")
        if not secret:
            raise _Refusal(400, "invalid_request", "client_secret is missing.")
        if not hmac.compare_digest(secret.encode(), client.client_secret.encode()):
            raise _Refusal(401, "invalid_client", "Unauthorized")
        return client

    # -- grants -------------------------------------------------------------------------------

    def _exchange(self, client: OAuthClient, form: dict[str, str]) -> Response:
        codes = self.codes
        code = form.get("code", "")
        if not code:
            raise _Refusal(400, "invalid_request", "Missing required parameter: code")
        approval = codes.peek(code)
        if approval is None or approval.request.client_id != client.client_id:
            raise _Refusal(400, "invalid_grant", "Malformed auth code.")
        auth = approval.request
        redirect_uri = form.get("redirect_uri", "")
        if not redirect_uri:
            raise _Refusal(400, "invalid_request", "Missing parameter: redirect_uri")
        if redirect_uri != auth.redirect_uri:
            raise _Refusal(400, "redirect_uri_mismatch", "Bad Request")
        verifier = form.get("code_verifier", "")
        if auth.code_challenge is None or auth.code_challenge_method is None:
            if verifier:
                raise _Refusal(400, "invalid_grant", "code_verifier or verifier is not needed.")
        elif not verifier:
            raise _Refusal(400, "invalid_grant", "Missing code verifier.")
        elif not _pkce_matches(auth.code_challenge_method, auth.code_challenge, verifier):
            raise _Refusal(400, "invalid_grant", "Invalid code verifier.")
        if not codes.redeem(code):
            raise _Refusal(400, "invalid_grant", "Malformed auth code.")

        previous = codes.previous(client.client_id, approval.user_sub, approval.channel_id)
        # Google's rule: a refresh token comes with offline access on the first consent,
        # or on any consent the app forced with prompt=consent.
        fresh = auth.access_type == "offline" and (
            "consent" in auth.prompt or previous is None or not previous.root.offline
        )
        grant = Grant(
            client.client_id,
            approval.user_sub,
            approval.channel_id,
            frozenset(approval.scopes),
            nonce=auth.nonce,
        )
        if fresh:
            grant = self.grants.new_grant(grant)
        elif previous is not None:
            grant.parent = previous.root
        codes.remember(grant)
        return self._answer(grant, fresh, auth.nonce)

    def _refresh(self, client: OAuthClient, form: dict[str, str]) -> Response:
        token = form.get("refresh_token", "")
        if not token:
            raise _Refusal(400, "invalid_request", "Missing required parameter: refresh_token")
        grant = self.grants.refresh(token)
        if grant is None:
            raise _Refusal(400, "invalid_grant", "Token has been expired or revoked.")
        if grant.client_id != client.client_id:
            raise _Refusal(400, "unauthorized_client", "Unauthorized")
        if form.get("scope"):
            try:
                wanted = frozenset(parse_scopes(form["scope"]))
            except AuthRequestError:
                raise _Refusal(400, "invalid_scope", "Bad Request") from None
            if not wanted <= grant.scopes:
                raise _Refusal(400, "invalid_scope", "Bad Request")
            grant = Grant(grant.client_id, grant.user_sub, grant.channel_id, wanted, parent=grant)
        return self._answer(grant, False, None)

    def _answer(self, grant: Grant, with_refresh: bool, nonce: str | None) -> Response:
        grants = self.grants
        access_token, expires_in = grants.issue_access(grant)
        payload: dict[str, Any] = {"access_token": access_token, "expires_in": expires_in}
        if with_refresh:
            payload["refresh_token"] = grants.issue_refresh(grant)
            grant.offline = True
        expires_at = grant.root.refresh_expires_at
        if expires_at is not None and grant.root.offline:
            payload["refresh_token_expires_in"] = max(0, int(expires_at - time.time()))
        payload["scope"] = " ".join(ordered(grant.scopes))
        payload["token_type"] = "Bearer"  # noqa: S105 - a token type, not a secret
        if "openid" in grant.scopes:
            user = next(u for u in self.users if u.sub == grant.user_sub)
            claims = id_token_claims(user, self.root, grant, access_token, nonce)
            payload["id_token"] = self.signing_key.sign(claims)
        return Response.json(200, payload, {"Cache-Control": "no-cache, no-store, max-age=0"})
