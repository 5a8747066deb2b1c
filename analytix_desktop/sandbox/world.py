"""Every channel's data: its catalog (built at once), cube and audience mix (built lazily)."""

from __future__ import annotations

import threading

from .accounts import ChannelIdentity
from .catalog import Catalog, build_catalog
from .cube import ChannelCube
from .families import Mix

__all__ = ["World"]


class World:
    """Every channel's catalog (built at once) and cube (built on first use, cached)."""

    def __init__(self, seed: int, channels: dict[str, ChannelIdentity]) -> None:
        self.seed = seed
        self.catalogs = {cid: build_catalog(seed, c) for cid, c in channels.items()}
        self._cubes: dict[str, ChannelCube] = {}
        self._mixes: dict[str, Mix] = {}
        self._lock = threading.Lock()

    def catalog(self, channel_id: str) -> Catalog:
        return self.catalogs[channel_id]

    def cube(self, channel_id: str) -> ChannelCube:
        """The channel's metric arrays; the first call builds them (a fraction of a second)."""
        with self._lock:
            cube = self._cubes.get(channel_id)
            if cube is None:
                cube = ChannelCube(self.seed, self.catalogs[channel_id])
                self._cubes[channel_id] = cube
            return cube

    def mix(self, channel_id: str) -> Mix:
        """The channel's audience shares per breakdown family (built on first use)."""
        with self._lock:
            mix = self._mixes.get(channel_id)
            if mix is None:
                mix = Mix(self.seed, self.catalogs[channel_id])
                self._mixes[channel_id] = mix
            return mix
