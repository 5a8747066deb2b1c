"""Small generated PNGs for channel avatars and video thumbnails (zlib only, no imaging library).

``/sandbox/avatars/<id>.png`` and ``/sandbox/thumbnails/<id>.png`` serve them; ``?s=N``
(avatars, square) or ``?w=N`` (thumbnails, 16:9) picks the size.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Mapping
from functools import lru_cache

import numpy as np

from .accounts import User
from .catalog import Catalog
from .http import Request, Response
from .routing import Router

__all__ = ["png", "register"]


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png(pixels: np.ndarray) -> bytes:
    """Encode an (h, w, 3) uint8 array as a PNG."""
    height, width, _ = pixels.shape
    raw = np.concatenate([np.zeros((height, 1), np.uint8), pixels.reshape(height, -1)], axis=1)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw.tobytes(), 6)) + _chunk(b"IEND", b""))  # fmt: skip


def _palette(key: str) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(zlib.crc32(key.encode()))
    return rng.integers(40, 200, 3), rng.integers(120, 255, 3)


@lru_cache(maxsize=256)
def avatar(key: str, size: int) -> bytes:
    """A round badge on a coloured square, distinct per key."""
    back, front = _palette(key)
    y, x = np.mgrid[0:size, 0:size] / max(size - 1, 1) - 0.5
    inside = (x**2 + y**2) < 0.16
    pixels = np.where(inside[..., None], front, back).astype(np.uint8)
    return png(pixels)


@lru_cache(maxsize=512)
def thumbnail(key: str, width: int) -> bytes:
    """A diagonal gradient with a 'play' triangle: enough to tell thumbnails apart."""
    height = max(width * 9 // 16, 1)
    back, front = _palette(key)
    y, x = np.mgrid[0:height, 0:width]
    ramp = ((x / max(width, 1) + y / max(height, 1)) / 2)[..., None]
    pixels = back * (1 - ramp) + front * ramp
    cx, cy, r = width / 2, height / 2, height / 5
    triangle = (x > cx - r * 0.6) & (x < cx + r) & (abs(y - cy) < (cx + r - x) * 0.6)
    pixels[triangle] = 250
    return png(pixels.astype(np.uint8))


def _size(request: Request, name: str, default: int) -> int:
    try:
        return min(max(int(request.param(name) or default), 8), 800)
    except ValueError:
        return default


def register(router: Router, users: Iterable[User], catalogs: Mapping[str, Catalog]) -> None:
    """Serve an avatar for every user and channel and a thumbnail for every video."""

    def serve_avatar(key: str) -> None:
        def handler(request: Request) -> Response:
            body = avatar(key, _size(request, "s", 88))
            return Response(200, body, "image/png")

        router.route("GET", f"/sandbox/avatars/{key}.png", handler)

    def serve_thumbnail(key: str) -> None:
        def handler(request: Request) -> Response:
            body = thumbnail(key, _size(request, "w", 320))
            return Response(200, body, "image/png")

        router.route("GET", f"/sandbox/thumbnails/{key}.png", handler)

    for user in users:
        serve_avatar(user.sub)
    for channel_id, catalog in catalogs.items():
        serve_avatar(channel_id)
        for video in catalog.videos:
            serve_thumbnail(video.id)
