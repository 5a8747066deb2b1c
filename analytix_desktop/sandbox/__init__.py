"""A local stand-in for Google's OAuth 2.0, YouTube Analytics v2 and Data v3 endpoints."""

from .faults import Fault, Faults, LoggedRequest, RequestLog
from .server import DEFAULT_CLIENT, OAuthClient, Reply, Sandbox

__all__ = [
    "DEFAULT_CLIENT",
    "Fault",
    "Faults",
    "LoggedRequest",
    "OAuthClient",
    "Reply",
    "RequestLog",
    "Sandbox",
]
