"""The client layer: analytix's BaseClient / Client / Shard design on ``requests``."""

from .base_client import BaseClient
from .client import Client
from .endpoints import Endpoints
from .report import Report
from .scopes import Scopes
from .secrets import Secrets
from .shard import Shard
from .tokens import Tokens

__all__ = ["BaseClient", "Client", "Endpoints", "Report", "Scopes", "Secrets", "Shard", "Tokens"]
