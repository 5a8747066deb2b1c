"""The data endpoints' check of a bearer token, with Google's 401 and 403 answers."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .grants import Grant, GrantStore
from .http import Request, google_error
from .replies import Reply

__all__ = ["INVALID_CREDENTIAL", "Authenticate", "authenticate"]

# What a handler calls: the grant behind a request that holds one of the accepted scopes.
Authenticate = Callable[[Request, Iterable[str]], Grant]

_MISSING_CREDENTIAL = (
    "Request is missing required authentication credential. Expected OAuth 2 access token, "
    "login cookie or other valid authentication credential. See "
    "https://developers.google.com/identity/sign-in/web/devconsole-project."
)
INVALID_CREDENTIAL = (
    "Request had invalid authentication credentials. Expected OAuth 2 access token, login "
    "cookie or other valid authentication credential. See "
    "https://developers.google.com/identity/sign-in/web/devconsole-project."
)
_REALM = 'Bearer realm="https://accounts.google.com/"'


def authenticate(grants: GrantStore, request: Request, accepted_scopes: Iterable[str]) -> Grant:
    """The grant behind the request's bearer token, or a Reply with Google's 401/403."""
    token = request.bearer_token()
    if token is None:
        raise Reply(
            google_error(
                401,
                _MISSING_CREDENTIAL,
                "required",
                location="Authorization",
                location_type="header",
                headers={"WWW-Authenticate": _REALM},
            )
        )
    entry = grants.access(token)
    if entry is None:
        raise Reply(
            google_error(
                401,
                INVALID_CREDENTIAL,
                "authError",
                location="Authorization",
                location_type="header",
                headers={"WWW-Authenticate": f'{_REALM}, error="invalid_token"'},
            )
        )
    grant = entry[0]
    if not grant.scopes & set(accepted_scopes):
        raise Reply(
            google_error(
                403,
                "Request had insufficient authentication scopes.",
                "insufficientPermissions",
            )
        )
    return grant
