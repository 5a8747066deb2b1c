"""Validation of an OAuth authorization request, with the errors Google's consent screen shows."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from .clients import OAuthClient

__all__ = [
    "IDENTITY_SCOPES",
    "SCOPE_DESCRIPTIONS",
    "AuthRequest",
    "AuthRequestError",
    "ordered",
    "parse_auth_request",
    "parse_scopes",
]

_AUTH = "https://www.googleapis.com/auth/"
USERINFO_EMAIL = _AUTH + "userinfo.email"
USERINFO_PROFILE = _AUTH + "userinfo.profile"

# Every scope the sandbox knows, with the line Google's consent screen shows for it.
SCOPE_DESCRIPTIONS = {
    "openid": "Associate you with your personal info on Google",
    USERINFO_EMAIL: "See your primary Google Account email address",
    USERINFO_PROFILE: "See your personal info, including any personal info you've made "
    "publicly available",
    _AUTH + "yt-analytics.readonly": "View YouTube Analytics reports for your YouTube content",
    _AUTH + "yt-analytics-monetary.readonly": "View monetary and non-monetary YouTube "
    "Analytics reports for your YouTube content",
    _AUTH + "youtube.readonly": "View your YouTube account",
    _AUTH + "youtube": "Manage your YouTube account",
    _AUTH + "youtube.force-ssl": "See, edit, and permanently delete your YouTube videos, "
    "ratings, comments and captions",
    _AUTH + "youtubepartner": "View and manage your assets and associated content on YouTube",
}
# Sign-in scopes: always granted with the consent, never offered as a checkbox.
IDENTITY_SCOPES = frozenset({"openid", USERINFO_EMAIL, USERINFO_PROFILE})
# Google's short names, which it rewrites to the userinfo URLs (and then adds openid).
_SHORT_NAMES = {"email": USERINFO_EMAIL, "profile": USERINFO_PROFILE}
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_PROMPTS = frozenset({"none", "consent", "select_account"})
_PKCE_VALUE = re.compile(r"[A-Za-z0-9._~-]{43,128}")
_OOB_BLOCKED = (
    "The out-of-band (OOB) flow has been blocked in order to keep users secure. Follow the "
    "Out-of-Band (OOB) flow migration guide linked in the developer docs below to migrate "
    "your app to an alternative method."
)


class AuthRequestError(Exception):
    """A request Google answers with its error page rather than a redirect."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(f"Error {status}: {error}")
        self.status = status
        self.error = error
        self.description = description


@dataclass(frozen=True)
class AuthRequest:
    """A validated authorization request: what the consent screen asks the user."""

    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    state: str | None = None
    nonce: str | None = None
    code_challenge: str | None = None
    code_challenge_method: str | None = None
    access_type: str = "online"
    prompt: frozenset[str] = frozenset()
    include_granted_scopes: bool = False
    login_hint: str | None = None

    @property
    def optional_scopes(self) -> tuple[str, ...]:
        """The requested scopes a user may untick (all but the sign-in ones)."""
        return tuple(scope for scope in self.scopes if scope not in IDENTITY_SCOPES)


def parse_auth_request(
    params: Mapping[str, str], clients: Mapping[str, OAuthClient]
) -> AuthRequest:
    """Check the parameters in Google's order; raise AuthRequestError on the first fault."""
    client_id = _required(params, "client_id")
    client = clients.get(client_id)
    if client is None:
        raise AuthRequestError(401, "invalid_client", "The OAuth client was not found.")
    redirect_uri = _required(params, "redirect_uri")
    _check_redirect_uri(client, redirect_uri)
    response_type = _required(params, "response_type")
    if response_type != "code":
        raise AuthRequestError(
            400, "unsupported_response_type", f"Invalid response_type: {response_type}"
        )
    scopes = parse_scopes(_required(params, "scope"))
    challenge, method = _parse_pkce(params)
    access_type = params.get("access_type") or "online"
    if access_type not in ("online", "offline"):
        raise AuthRequestError(400, "invalid_request", f"Invalid access_type: {access_type}")
    return AuthRequest(
        client_id=client_id,
        redirect_uri=redirect_uri,
        scopes=scopes,
        state=params.get("state"),
        nonce=params.get("nonce") or None,
        code_challenge=challenge,
        code_challenge_method=method,
        access_type=access_type,
        prompt=_parse_prompt(params.get("prompt") or ""),
        include_granted_scopes=params.get("include_granted_scopes") == "true",
        login_hint=params.get("login_hint") or None,
    )


def _required(params: Mapping[str, str], name: str) -> str:
    value = params.get(name)
    if not value:
        raise AuthRequestError(400, "invalid_request", f"Missing required parameter: {name}")
    return value


def _check_redirect_uri(client: OAuthClient, uri: str) -> None:
    if uri == "oob" or uri.startswith("urn:ietf:wg:oauth:2.0:oob"):
        raise AuthRequestError(400, "invalid_request", _OOB_BLOCKED)
    if uri in client.redirect_uris or (client.type == "installed" and _is_loopback(uri)):
        return
    raise AuthRequestError(
        400,
        "redirect_uri_mismatch",
        "You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 "
        f"policy. Request details: redirect_uri={uri}",
    )


def _is_loopback(uri: str) -> bool:
    """Desktop clients may use any port on a loopback host, with any path."""
    parts = urlsplit(uri)
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return False
    return (
        parts.scheme == "http"
        and parts.hostname in _LOOPBACK_HOSTS
        and "@" not in parts.netloc
        and not parts.fragment
    )


def parse_scopes(raw: str) -> tuple[str, ...]:
    """Full scope URLs of a space-separated list, Google's way; AuthRequestError when unknown."""
    scopes: list[str] = []
    invalid: list[str] = []
    add_openid = False
    for name in raw.split():
        full = _SHORT_NAMES.get(name, name)
        add_openid = add_openid or name in _SHORT_NAMES
        if full not in SCOPE_DESCRIPTIONS:
            invalid.append(name)
        elif full not in scopes:
            scopes.append(full)
    if invalid:
        raise AuthRequestError(
            400,
            "invalid_scope",
            f"Some requested scopes were invalid. {{valid=[{', '.join(scopes)}], "
            f"invalid=[{', '.join(invalid)}]}}",
        )
    if add_openid and "openid" not in scopes:
        scopes.append("openid")
    return tuple(scopes)


def _parse_pkce(params: Mapping[str, str]) -> tuple[str | None, str | None]:
    challenge = params.get("code_challenge") or None
    method = params.get("code_challenge_method") or None
    if challenge is None:
        if method is not None:
            raise AuthRequestError(400, "invalid_request", "Missing code_challenge.")
        return None, None
    method = method or "plain"  # RFC 7636 default, as Google applies it
    if method not in ("S256", "plain"):
        raise AuthRequestError(400, "invalid_request", "Invalid code_challenge_method value.")
    if not _PKCE_VALUE.fullmatch(challenge):
        raise AuthRequestError(400, "invalid_request", "Invalid code_challenge.")
    return challenge, method


def _parse_prompt(raw: str) -> frozenset[str]:
    values = frozenset(raw.split())
    if not values <= _PROMPTS or ("none" in values and len(values) > 1):
        raise AuthRequestError(400, "invalid_request", f"Invalid prompt: {raw}")
    return values


def ordered(scopes: Iterable[str]) -> tuple[str, ...]:
    """Scopes in one stable order (the catalogue's), as granted-scope strings list them."""
    wanted = set(scopes)
    return tuple(scope for scope in SCOPE_DESCRIPTIONS if scope in wanted)
