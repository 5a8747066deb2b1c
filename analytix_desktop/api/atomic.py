"""The package's one way to write a file: all of the new content or none of it.

The content goes to a temporary file in the target's folder, is flushed to disk, and
is then renamed over the target, and the folder itself is flushed, so that a failure
at any point (a full disk, a crash, an exception in the writer) leaves the earlier
file untouched and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_path", "atomic_write"]

_PRIVATE = 0o600


@contextlib.contextmanager
def atomic_path(
    path: str | os.PathLike[str], *, mode: int | None = None, overwrite: bool = True
) -> Iterator[Path]:
    """Yield a temporary path to write (by any means); on success it replaces ``path``.

    ``mode`` is the new file's permission bits (``0o600`` for secrets); with None an
    existing file keeps its mode and a new one gets the umask's default, as with
    ``open()``. While it is written the temporary file is never more open than that
    (a given ``mode`` starts from 0600, and is set again at the end in case the writer
    replaced the file, as Qt's QSaveFile does). Without ``overwrite``, ``FileExistsError``
    is raised up front, and again at the end if the file appeared meanwhile.
    """
    target = Path(path)
    _check_free(target, overwrite)
    temp = _reserve_temp(target, mode)
    try:
        yield temp
        _fsync(temp, os.O_RDWR)
        if mode is not None:
            os.chmod(temp, mode)
        elif overwrite:
            _keep_mode(target, temp)
        _publish(temp, target, overwrite)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if hasattr(os, "O_DIRECTORY"):
        # Make the rename itself durable; best effort (POSIX only).
        with contextlib.suppress(OSError):
            _fsync(target.parent, os.O_RDONLY | os.O_DIRECTORY)


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str],
    *,
    mode: int | None = None,
    overwrite: bool = True,
    encoding: str | None = None,
    newline: str | None = None,
) -> Iterator[IO[Any]]:
    """:func:`atomic_path` with the temporary file open: binary, or text in ``encoding``."""
    with atomic_path(path, mode=mode, overwrite=overwrite) as temp:
        if encoding is None:
            handle: IO[Any] = open(temp, "wb")  # noqa: SIM115 - closed below
        else:
            handle = open(temp, "w", encoding=encoding, newline=newline)  # noqa: SIM115
        with handle:
            yield handle


def _check_free(target: Path, overwrite: bool) -> None:
    if not overwrite and (target.exists() or target.is_symlink()):
        raise FileExistsError(f"{target} already exists; pass overwrite=True to replace it")


def _reserve_temp(target: Path, mode: int | None) -> Path:
    """Create an empty, uniquely named file next to ``target``."""
    while True:
        temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            # With no mode given, the umask decides, as it would for open().
            fd = os.open(
                temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666 if mode is None else _PRIVATE
            )
        except FileExistsError:
            continue
        os.close(fd)
        return temp


def _keep_mode(target: Path, temp: Path) -> None:
    """Give ``temp`` the mode of the file it replaces, if there is one."""
    with contextlib.suppress(FileNotFoundError):
        os.chmod(temp, os.stat(target).st_mode & 0o7777)


def _fsync(path: Path, flags: int) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish(temp: Path, target: Path, overwrite: bool) -> None:
    """Move ``temp`` to ``target``; without ``overwrite`` never replace a file that appeared."""
    if overwrite:
        os.replace(temp, target)
        return
    try:
        # link() fails if the target exists, closing the gap between check and move.
        os.link(temp, target)
    except FileExistsError:
        raise FileExistsError(
            f"{target} already exists; pass overwrite=True to replace it"
        ) from None
    except OSError:
        # No hard links on this file system: check, then move.
        _check_free(target, overwrite)
        os.replace(temp, target)
        return
    os.unlink(temp)
