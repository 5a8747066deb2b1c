"""What Google tells about tokens and identities: tokeninfo, userinfo, certs, discovery."""

from __future__ import annotations

import time
from collections.abc import Sequence
from email.utils import formatdate
from typing import Any

import jwt

from .accounts import User
from .authrequest import IDENTITY_SCOPES, ordered
from .grants import GrantStore
from .http import Request, Response, oauth_error
from .idtokens import ISSUER, SigningKey
from .routing import Router

__all__ = ["register"]

TOKENINFO_PATHS = ("/tokeninfo", "/oauth2/v3/tokeninfo")
USERINFO_PATHS = ("/oauth2/v3/userinfo", "/v1/userinfo")
_USERINFO_EMAIL = "https://www.googleapis.com/auth/userinfo.email"
_USERINFO_PROFILE = "https://www.googleapis.com/auth/userinfo.profile"
# Google publishes its keys for about six hours; clients should honour max-age.
_CERTS_MAX_AGE = 21600


def register(
    router: Router,
    *,
    grants: GrantStore,
    signing_key: SigningKey,
    users: Sequence[User],
    root: str,
) -> None:
    """Add tokeninfo, userinfo, the certificates and discovery; URLs start with ``root``."""
    info = _Info(grants, signing_key, users, root)
    for path in TOKENINFO_PATHS:
        router.route("GET", path, info.tokeninfo, oauth=True)
        router.route("POST", path, info.tokeninfo, oauth=True)
    for path in USERINFO_PATHS:
        router.route("GET", path, info.userinfo, oauth=True)
        router.route("POST", path, info.userinfo, oauth=True)
    router.route("GET", "/oauth2/v3/certs", info.jwks)
    router.route("GET", "/oauth2/v1/certs", info.pem_certs)
    router.route("GET", "/.well-known/openid-configuration", info.discovery)


def _as_strings(values: dict[str, Any]) -> dict[str, str]:
    """tokeninfo's habit: every number and boolean comes back as a string."""
    return {
        key: ("true" if value else "false") if isinstance(value, bool) else str(value)
        for key, value in values.items()
    }


def _cacheable() -> dict[str, str]:
    return {
        "Cache-Control": f"public, max-age={_CERTS_MAX_AGE}, must-revalidate, no-transform",
        "Expires": formatdate(time.time() + _CERTS_MAX_AGE, usegmt=True),
    }


class _Info:
    def __init__(
        self, grants: GrantStore, signing_key: SigningKey, users: Sequence[User], root: str
    ) -> None:
        self.grants = grants
        self.signing_key = signing_key
        self.users = users
        self.root = root

    def tokeninfo(self, request: Request) -> Response:
        """Accepts the token in the query (GET or POST, as analytix does) or a POSTed form."""
        params = {name: values[0] for name, values in request.query.items()}
        if request.method == "POST":
            params |= request.form()
        if params.get("access_token"):
            return self._access_token_info(params["access_token"])
        if params.get("id_token"):
            return self._id_token_info(params["id_token"])
        return oauth_error(
            400, "invalid_request", "Either access_token, id_token, or token_handle required"
        )

    def _access_token_info(self, token: str) -> Response:
        entry = self.grants.access(token)
        if entry is None:
            return oauth_error(400, "invalid_token", "Invalid Value")
        grant, expires_at = entry
        info: dict[str, Any] = {
            "azp": grant.client_id,
            "aud": grant.client_id,
            "sub": grant.user_sub,
            "scope": " ".join(ordered(grant.scopes)),
            "exp": int(expires_at),
            "expires_in": max(0, int(expires_at - time.time())),
        }
        if _USERINFO_EMAIL in grant.scopes:
            info |= {"email": self._user_email(grant.user_sub), "email_verified": True}
        info["access_type"] = "offline" if grant.root.offline else "online"
        return Response.json(200, _as_strings(info))

    def _id_token_info(self, token: str) -> Response:
        try:
            header, claims = self.signing_key.verify(token)
        except jwt.PyJWTError:
            return oauth_error(400, "invalid_token", "Invalid Value")
        return Response.json(200, _as_strings(claims | header))

    def userinfo(self, request: Request) -> Response:
        token = request.bearer_token()
        entry = self.grants.access(token) if token else None
        if entry is None or not entry[0].scopes & IDENTITY_SCOPES:
            response = oauth_error(401, "invalid_request", "Invalid Credentials")
            response.headers["WWW-Authenticate"] = (
                'Bearer realm="https://accounts.google.com/", error="invalid_token"'
            )
            return response
        grant = entry[0]
        user = next(u for u in self.users if u.sub == grant.user_sub)
        info: dict[str, Any] = {"sub": user.sub}
        if _USERINFO_PROFILE in grant.scopes:
            info |= {
                "name": user.name,
                "given_name": user.given_name,
                "family_name": user.family_name,
                "picture": self.root + user.picture,
            }
        if _USERINFO_EMAIL in grant.scopes:
            info |= {"email": user.email, "email_verified": True}
        return Response.json(200, info)

    def jwks(self, _request: Request) -> Response:
        return Response.json(200, self.signing_key.jwks(), _cacheable())

    def pem_certs(self, _request: Request) -> Response:
        return Response.json(200, self.signing_key.certificates(), _cacheable())

    def discovery(self, _request: Request) -> Response:
        root = self.root
        return Response.json(
            200,
            {
                "issuer": ISSUER,
                "authorization_endpoint": f"{root}/o/oauth2/v2/auth",
                "token_endpoint": f"{root}/token",
                "userinfo_endpoint": f"{root}/v1/userinfo",
                "revocation_endpoint": f"{root}/revoke",
                "jwks_uri": f"{root}/oauth2/v3/certs",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "email", "profile"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_post",
                    "client_secret_basic",
                ],
                "claims_supported": [
                    "aud",
                    "email",
                    "email_verified",
                    "exp",
                    "family_name",
                    "given_name",
                    "iat",
                    "iss",
                    "name",
                    "picture",
                    "sub",
                ],
                "code_challenge_methods_supported": ["plain", "S256"],
                "grant_types_supported": ["authorization_code", "refresh_token"],
            },
            _cacheable(),
        )

    def _user_email(self, sub: str) -> str:
        return next(u.email for u in self.users if u.sub == sub)
