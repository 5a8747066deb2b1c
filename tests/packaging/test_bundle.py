"""The PyInstaller bundle: built from build.spec, then run as a user would, far from the source."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from analytix_desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
NAME = "analytix-desktop"
# Measured at 187 MB (196,176,193 bytes) with PySide6 6.12, numpy 2.4 and Python 3.11 on
# Debian x86-64; the limit leaves room for other versions, and fails if Qt's unused modules
# or the host's GTK stack come back (they add 30 to 100 MB).
MAX_BUNDLE_BYTES = 230_000_000
BUILD_TIMEOUT = 900
RUN_TIMEOUT = 180
SELF_TEST_STEPS = 7
F = TypeVar("F", bound=Callable[..., Any])


def _source_self_test(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` (which calls run_self_test) in a fresh interpreter on the source tree."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        cwd=ROOT,
        env=env,
        check=False,
    )


def test_self_test_passes_from_source() -> None:
    result = _source_self_test(
        "from analytix_desktop.selftest import run_self_test; raise SystemExit(run_self_test([]))"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("self-test ")]
    assert len(lines) == SELF_TEST_STEPS + 1
    assert all(": ok, " in line for line in lines[:-1])
    assert lines[-1] == f"self-test passed: all {SELF_TEST_STEPS} steps"


def test_self_test_names_the_failing_step() -> None:
    result = _source_self_test(
        "import analytix_desktop.selftest as selftest\n"
        "selftest.REQUIRED_BACKENDS = ('SecretService', 'NoSuchBackend')\n"
        "raise SystemExit(selftest.run_self_test([]))"
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"self-test 1/{SELF_TEST_STEPS} keyring backends: FAILED: SelfTestFailure: "
        "keyring's entry points lack NoSuchBackend"
    ]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle folder, built once into a temporary dist and work path."""
    if importlib.util.find_spec("PyInstaller") is None and not os.environ.get("CI"):
        pytest.skip("PyInstaller is not installed (pip install -e '.[build]')")
    temp = tmp_path_factory.mktemp("bundle")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(temp / "dist"),
            "--workpath",
            str(temp / "work"),
            str(ROOT / "build.spec"),
        ],
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-5000:]
    return temp / "dist" / NAME


def bundle_test(function: F) -> F:
    """Marks a test that needs the bundle; whichever runs first also waits for the build."""
    for mark in (pytest.mark.bundle, pytest.mark.slow, pytest.mark.timeout(BUILD_TIMEOUT + 60)):
        function = mark(function)
    return function


def _run(bundle: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """Start the frozen app with a bare environment, from a folder holding nothing of ours."""
    home.mkdir(exist_ok=True)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [str(bundle / NAME), *args],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        cwd=home,
        env=env,
        check=False,
    )


def _size(folder: Path) -> int:
    return sum(path.lstat().st_size for path in folder.rglob("*"))


@bundle_test
def test_bundle_holds_what_it_needs_and_no_more(bundle: Path) -> None:
    internal = bundle / "_internal"
    size = _size(bundle)
    assert size < MAX_BUNDLE_BYTES, f"the bundle grew to {size:,} bytes"
    for needed in (
        "analytix_desktop/api/landing.html",
        "analytix_desktop/resources/icons/app.svg",
        "resources/analytix-desktop.desktop",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    ):
        assert (internal / needed).is_file(), needed
    entry_points = next(internal.glob("keyring-*.dist-info")) / "entry_points.txt"
    assert "SecretService = keyring.backends.SecretService" in entry_points.read_text()
    names = [path.name for path in internal.rglob("*")]
    for unused in (
        "QtNetwork",
        "QtQml",
        "QtQuick",
        "QtWebEngine",
        "Qt3D",
        "QtMultimedia",
        "QtCharts",
        "libgtk-3",
        "libqeglfs",
        "tkinter",
        "pandas",
        "matplotlib",
    ):
        assert not [name for name in names if unused in name], unused
    assert not list(internal.rglob("*.qm")), "Qt's translations are not needed"
    assert not (internal / "tests").exists()
    assert not (internal / "bench").exists()
    broken = [path for path in internal.rglob("*") if path.is_symlink() and not path.exists()]
    assert not broken


@bundle_test
def test_bundle_has_no_build_machine_paths(bundle: Path) -> None:
    source = str(ROOT).encode()
    holding = [
        path.relative_to(bundle)
        for path in bundle.rglob("*")
        if path.is_file() and not path.is_symlink() and source in path.read_bytes()
    ]
    assert not holding, f"files that name {ROOT}: {holding}"


@bundle_test
def test_bundle_prints_its_version(bundle: Path, tmp_path: Path) -> None:
    result = _run(bundle, "--version", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{NAME} {__version__}"


@bundle_test
def test_bundle_passes_its_self_test(bundle: Path, tmp_path: Path) -> None:
    result = _run(bundle, "--self-test", home=tmp_path / "home")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"self-test passed: all {SELF_TEST_STEPS} steps" in result.stdout
    # Nothing may come from the source tree: the frozen modules name no path of ours.
    assert str(ROOT) not in result.stdout + result.stderr


@bundle_test
def test_bundle_runs_the_command_line(bundle: Path, tmp_path: Path) -> None:
    """The command line is in the bundle: channels from the settings, the SQLite store,
    and a definition refused before any request, naming its bad field."""
    from analytix_desktop.store.accounts import Account
    from analytix_desktop.store.paths import AppPaths
    from analytix_desktop.store.settings import Settings

    config = tmp_path / "config"
    settings = Settings()
    settings.accounts["UCbundle0000000000000000"] = Account("UCbundle0000000000000000", "Bread")
    settings.save(AppPaths.under(config).settings_file)
    listed = _run(bundle, "channels", "list", "--config-dir", str(config), home=tmp_path / "h")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == "UCbundle0000000000000000\tBread\n"
    saved = _run(bundle, "reports", "list", "--config-dir", str(config), home=tmp_path / "h")
    assert saved.returncode == 0, saved.stderr
    assert (config / "reports.sqlite3").is_file()
    definition = tmp_path / "bad.json"
    definition.write_text(
        '{"name": "Daily", "dimensions": ["day"], "metrics": ["vews"], "range": "last_28_days"}'
    )
    out = tmp_path / "out.csv"
    refused = _run(
        bundle, "export", "--channel", "Bread", "--definition", str(definition),
        "--output", str(out), "--config-dir", str(config), home=tmp_path / "h",
    )  # fmt: skip
    assert refused.returncode == 2, refused.stderr
    assert "metrics: 'vews' is not a metric" in refused.stderr
    assert not out.exists()
