"""The one atomic writer: all of the new content or none, at the mode the caller chose."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analytix_desktop.api.atomic import atomic_path, atomic_write


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[None]:
    """A known umask (022) for the test, the previous one restored after."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def old(tmp_path: Path) -> Path:
    target = tmp_path / "file.json"
    target.write_text("old")
    return target


def test_writes_binary_and_text(tmp_path: Path) -> None:
    with atomic_write(tmp_path / "a.bin") as handle:
        handle.write(b"\x00\xff")
    with atomic_write(tmp_path / "b.txt", encoding="utf-8", newline="") as handle:
        handle.write("é\r\n")
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\xff"
    assert (tmp_path / "b.txt").read_bytes() == "é\r\n".encode()
    assert leftovers(tmp_path) == []


def test_an_exception_mid_write_keeps_the_old_file(old: Path) -> None:
    def fail_halfway() -> None:
        with atomic_write(old, encoding="utf-8") as handle:
            handle.write("half of the new")
            raise RuntimeError("the writer failed")

    with pytest.raises(RuntimeError, match="the writer failed"):
        fail_halfway()
    assert old.read_text() == "old"
    assert leftovers(old.parent) == []


def disk_full(*args: Any, **kwargs: Any) -> Any:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("call", ["fsync", "replace"])
def test_a_full_disk_keeps_the_old_file(
    old: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    def write() -> None:
        with atomic_write(old) as handle:
            handle.write(b"new")

    monkeypatch.setattr(os, call, disk_full)
    with pytest.raises(OSError, match="No space left") as caught:
        write()
    assert caught.value.errno == errno.ENOSPC
    monkeypatch.undo()
    assert old.read_text() == "old"
    assert leftovers(old.parent) == []


def test_a_given_mode_is_honoured_and_never_wider_while_writing(
    tmp_path: Path, old: Path, umask: None
) -> None:
    old.chmod(0o644)
    with atomic_path(old, mode=0o600) as temp:
        assert mode_of(temp) == 0o600
        temp.write_text("secret")
    assert mode_of(old) == 0o600
    with atomic_write(tmp_path / "shared.txt", mode=0o640) as handle:
        handle.write(b"x")
    assert mode_of(tmp_path / "shared.txt") == 0o640


def test_no_mode_means_the_umask_default_or_the_old_mode(
    tmp_path: Path, old: Path, umask: None
) -> None:
    with atomic_write(tmp_path / "new.csv") as handle:
        handle.write(b"x")
    assert mode_of(tmp_path / "new.csv") == 0o644
    os.umask(0o077)
    with atomic_write(tmp_path / "private.csv") as handle:
        handle.write(b"x")
    assert mode_of(tmp_path / "private.csv") == 0o600
    old.chmod(0o640)
    with atomic_write(old) as handle:
        handle.write(b"new")
    assert mode_of(old) == 0o640


def test_a_writer_that_replaces_the_file_still_gets_the_mode(tmp_path: Path) -> None:
    """As Qt's QSaveFile does: it writes a file of its own and renames it over ours."""
    target = tmp_path / "settings.ini"
    with atomic_path(target, mode=0o600) as temp:
        theirs = tmp_path / "theirs"
        theirs.write_text("[a]\nb=1\n")
        theirs.chmod(0o666)
        os.replace(theirs, temp)
    assert mode_of(target) == 0o600
    assert target.read_text() == "[a]\nb=1\n"


def test_without_overwrite_an_existing_file_is_refused(old: Path) -> None:
    late = old.with_name("late.txt")

    def write(target: Path, meanwhile: str | None = None) -> None:
        with atomic_write(target, overwrite=False) as handle:
            handle.write(b"ours")
            if meanwhile is not None:
                target.write_text(meanwhile)

    with pytest.raises(FileExistsError, match="overwrite=True"):
        write(old)
    with pytest.raises(FileExistsError, match="overwrite=True"):
        write(late, meanwhile="theirs")
    assert late.read_text() == "theirs"
    assert old.read_text() == "old"
    assert leftovers(old.parent) == []
