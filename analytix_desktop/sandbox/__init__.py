"""A local stand-in for Google's OAuth 2.0, YouTube Analytics v2 and Data v3 endpoints."""

from .clients import DEFAULT_CLIENT, OAuthClient
from .clock import SandboxClock
from .faults import Fault, Faults, LoggedRequest, RequestLog
from .replies import Reply
from .server import Sandbox

__all__ = [
    "DEFAULT_CLIENT",
    "Fault",
    "Faults",
    "LoggedRequest",
    "OAuthClient",
    "Reply",
    "RequestLog",
    "Sandbox",
    "SandboxClock",
]
