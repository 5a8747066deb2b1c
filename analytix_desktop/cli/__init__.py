"""The command line: ``analytix-desktop secrets|channels|reports|export|reach ...``, no display.

``main`` is imported from its module when first used (PEP 562): ``__main__`` reads
``SUBCOMMANDS`` without bringing in the client, the store and Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes

if TYPE_CHECKING:
    from .app import main
    from .parser import EXIT_CODES, SUBCOMMANDS

__all__ = ["EXIT_CODES", "SUBCOMMANDS", "main"]

_MODULES = {"EXIT_CODES": "parser", "SUBCOMMANDS": "parser", "main": "app"}

if not TYPE_CHECKING:  # type checkers see the imports above, and no catch-all attribute
    __getattr__, __dir__ = lazy_attributes(globals(), _MODULES)
