"""The consent screen: automatic policy for tests, and the self-contained HTML pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from .accounts import ChannelIdentity, User
from .authrequest import IDENTITY_SCOPES, SCOPE_DESCRIPTIONS, AuthRequest

__all__ = ["CONSENT_PATH", "ConsentPolicy", "account_page", "consent_page", "error_page"]

CONSENT_PATH = "/signin/oauth/consent"


@dataclass
class ConsentPolicy:
    """What the user of automatic consent (``sandbox.auto_consent``) does.

    ``channel`` is a channel id or a user's email (that user's first channel); None picks
    the channel a ``login_hint`` names, else the first user's first channel. ``deny``
    clicks Deny. ``withhold`` are scopes the user unticks (granular consent).
    """

    channel: str | None = None
    deny: bool = False
    withhold: frozenset[str] = field(default_factory=frozenset)

    def reset(self) -> None:
        self.channel = None
        self.deny = False
        self.withhold = frozenset()


_STYLE = """
body{font-family:system-ui,sans-serif;background:#f1f3f4;margin:0;color:#202124}
main{max-width:460px;margin:48px auto;background:#fff;border:1px solid #dadce0;
border-radius:8px;padding:32px 40px}
h1{font-size:22px;font-weight:400;margin:0 0 8px}p{line-height:1.5}
.sub{color:#5f6368;font-size:14px}ul{list-style:none;padding:0}
li{border-top:1px solid #e8eaed;padding:10px 0}
button.account{display:block;width:100%;text-align:left;background:none;border:0;
padding:6px 0;font:inherit;cursor:pointer}
.row{display:flex;gap:10px;align-items:flex-start}
.actions{display:flex;justify-content:flex-end;gap:12px;margin-top:24px}
.actions button{font:inherit;padding:8px 22px;border-radius:4px;cursor:pointer}
.allow{background:#1a73e8;color:#fff;border:1px solid #1a73e8}
.deny{background:#fff;color:#1a73e8;border:1px solid #dadce0}
.error{color:#d93025}
"""


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def _hidden(name: str, value: str) -> str:
    return f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'


def account_page(page_id: str, request: AuthRequest, users: Sequence[User]) -> str:
    """Step one: choose the Google account to continue with."""
    items = "".join(
        f'<li><button class="account" type="submit" name="user" value="{escape(user.sub)}">'
        f"<strong>{escape(user.name)}</strong><br>"
        f'<span class="sub">{escape(user.email)}</span></button></li>'
        for user in users
    )
    body = (
        "<h1>Choose an account</h1>"
        f'<p class="sub">to continue to {escape(request.client_id)}</p>'
        f'<form method="post" action="{CONSENT_PATH}">{_hidden("page", page_id)}'
        f"<ul>{items}</ul></form>"
    )
    return _page("Sign in - Google Accounts", body)


def consent_page(
    page_id: str,
    request: AuthRequest,
    user: User,
    channels: Sequence[ChannelIdentity],
    selected: str | None = None,
) -> str:
    """Step two: choose one of the user's channels, untick scopes, Allow or Deny."""
    selected = selected if selected in {c.id for c in channels} else channels[0].id
    channel_items = "".join(
        f'<li><label class="row"><input type="radio" name="channel" value="{escape(c.id)}"'
        f"{' checked' if c.id == selected else ''}>"
        f"<span><strong>{escape(c.title)}</strong><br>"
        f'<span class="sub">{escape(c.custom_url)}'
        f"{' (personal)' if c.id == user.channel_ids[0] else ' (Brand Account)'}</span>"
        "</span></label></li>"
        for c in channels
    )
    identity = [s for s in request.scopes if s in IDENTITY_SCOPES]
    scope_items = "".join(f"<li>{escape(SCOPE_DESCRIPTIONS[s])}</li>" for s in identity) + "".join(
        f'<li><label class="row"><input type="checkbox" name="scope" value="{escape(s)}" checked>'
        f"<span>{escape(SCOPE_DESCRIPTIONS[s])}</span></label></li>"
        for s in request.optional_scopes
    )
    body = (
        f"<h1>{escape(request.client_id)} wants access to your Google Account</h1>"
        f'<p class="sub">{escape(user.name)} &lt;{escape(user.email)}&gt;</p>'
        f'<form method="post" action="{CONSENT_PATH}">'
        f"{_hidden('page', page_id)}{_hidden('user', user.sub)}"
        f"<h2>Choose a channel</h2><ul>{channel_items}</ul>"
        f"<h2>Select what it can access</h2><ul>{scope_items}</ul>"
        '<div class="actions">'
        '<button class="deny" type="submit" name="decision" value="deny">Cancel</button>'
        '<button class="allow" type="submit" name="decision" value="allow">Allow</button>'
        "</div></form>"
    )
    return _page("Sign in - Google Accounts", body)


def error_page(status: int, error: str, description: str) -> str:
    """Google's "Access blocked" page for a request it will not send back to the app."""
    body = (
        "<h1>Access blocked: Authorization Error</h1>"
        f"<p>{escape(description)}</p>"
        f'<p class="error"><strong>Error {status}: {escape(error)}</strong></p>'
    )
    return _page(f"Error {status}: {error}", body)
