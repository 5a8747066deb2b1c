"""Filled in by its issue."""

from __future__ import annotations

from typing import Any


def register(sandbox: Any) -> None:
    """Add this module's routes to the sandbox."""
