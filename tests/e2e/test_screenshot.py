"""A screenshot of the real main window with a report, taken on an X server (Xvfb).

The test starts its own Xvfb on a free display, runs ``screenshot_app.py`` there (the
app on Qt's xcb platform, a channel added through the sandbox, a 90-day chart and table),
checks the PNG grabbed from the X server, and keeps it in the repository for the README.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from analytix_desktop.gui.builder import BREAKDOWNS

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("screenshot_app.py")
KEPT = ROOT / "resources" / "screenshot-main-window.png"
SCREEN = (1440, 900)


@pytest.fixture
def display() -> Iterator[str]:
    """A fresh Xvfb on a display number it picks itself (``-displayfd``); its name."""
    binary = shutil.which("Xvfb")
    if binary is None:
        pytest.skip("Xvfb is not installed (scripts/test installs the xvfb package)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [
            binary,
            "-displayfd",
            str(write_end),
            "-screen",
            "0",
            f"{SCREEN[0]}x{SCREEN[1]}x24",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write_end)
    try:
        number = b""
        while not number.endswith(b"\n"):
            ready, _, _ = select.select([read_end], [], [], 10)
            chunk = os.read(read_end, 16) if ready else b""
            if not chunk:
                stderr = server.stderr.read().decode(errors="replace") if server.poll() else ""
                pytest.fail(f"Xvfb did not report a display number: {stderr[-500:]}")
            number += chunk
        yield f":{int(number)}"
    finally:
        os.close(read_end)
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stderr is not None:
            server.stderr.close()


def test_screenshot_of_the_main_window_with_a_report(display: str, tmp_path: Path) -> None:
    out = tmp_path / "main-window.png"
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("ANALYTIX_DESKTOP_GOOGLE_ROOT", None)
    done = subprocess.run(
        [sys.executable, str(DRIVER), str(out)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["rows"] >= 90  # 90 days (and a total row)
    assert "Northern Lights Kitchen" in result["header"]

    assert out.exists()
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (result["width"], result["height"])
    assert (image.width(), image.height()) == SCREEN  # the window fills the X screen

    # Not blank: a real window has text, icons, a chart: many distinct colours, none dominant.
    pixels = image.convertToFormat(QImage.Format.Format_RGB32)
    values = np.frombuffer(
        pixels.constBits(), dtype=np.uint32, count=pixels.width() * pixels.height()
    )
    colours, counts = np.unique(values, return_counts=True)
    assert len(colours) >= 200, f"only {len(colours)} distinct colours"
    assert counts.max() / values.size < 0.85, "one colour covers most of the screenshot"

    KEPT.parent.mkdir(exist_ok=True)
    shutil.copyfile(out, KEPT)


TABS_KEPT = ROOT / "resources" / "screenshots"


def test_screenshot_of_every_breakdown_tab(display: str, tmp_path: Path) -> None:
    """Each tab's default report, run from the real window on X, for the README and review."""
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("ANALYTIX_DESKTOP_GOOGLE_ROOT", None)
    done = subprocess.run(
        [sys.executable, str(DRIVER), "--tabs", str(tmp_path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=150,
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    headers = json.loads(done.stdout.strip().splitlines()[-1])["tabs"]
    assert list(headers) == [b.key for b in BREAKDOWNS]
    for item in BREAKDOWNS:
        header = headers[item.key]
        assert "Northern Lights Kitchen" in header, header
        assert "Rows: " in header, header
        image = QImage(str(tmp_path / f"tab-{item.key}.png"))
        assert (image.width(), image.height()) == SCREEN, item.key
    TABS_KEPT.mkdir(parents=True, exist_ok=True)
    for item in BREAKDOWNS:
        shutil.copyfile(tmp_path / f"tab-{item.key}.png", TABS_KEPT / f"tab-{item.key}.png")


def drive_views(display: str, out: Path, mode: str, names: tuple[str, ...]) -> dict[str, str]:
    """Run the driver in ``mode`` on the X server; check its screen-sized PNGs ``names``,
    keep them in ``resources/screenshots``; what it said (its last line, JSON)."""
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("ANALYTIX_DESKTOP_GOOGLE_ROOT", None)
    done = subprocess.run(
        [sys.executable, str(DRIVER), mode, str(out)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    for name in names:
        image = QImage(str(out / name))
        assert (image.width(), image.height()) == SCREEN, name
    TABS_KEPT.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(out / name, TABS_KEPT / name)
    said: dict[str, str] = json.loads(done.stdout.strip().splitlines()[-1])
    return said


def test_screenshots_of_local_history_and_saved_reports(display: str, tmp_path: Path) -> None:
    """The same report twice (the second from local history), History, Save report…, Saved."""
    names = ("history.png", "save-report.png", "saved-reports.png")
    said = drive_views(display, tmp_path, "--local-data", names)
    assert said["first"].startswith("Fetched from Google on ")
    assert said["again"].startswith("From local history: fetched from Google on ")
    assert said["requests"] == "0"
    assert said["history_rows"] == "1"
    assert said["saved_rows"] == "1"


def test_screenshots_of_the_creator_views(display: str, tmp_path: Path) -> None:
    """Weekly stacked bars of day x device, a drilled-down country, the Content dock and
    a period comparison."""
    names = ("chart-control.png", "drill-down.png", "content.png", "compare.png")
    said = drive_views(display, tmp_path, "--creator", names)
    assert said["drilled"].endswith("› United States")
    assert int(said["content_rows"]) > 100


def test_screenshot_of_the_reach_tab(display: str, tmp_path: Path) -> None:
    """The builder's Reach tab by video over the last 28 days, after the start-up sync."""
    said = drive_views(display, tmp_path, "--reach", ("reach.png", "reach-traffic.png"))
    assert "Northern Lights Kitchen" in said["header"]
    assert said["note"].startswith("Reach data for ")
    assert "Views: YouTube Reporting API daily reports" in said["note"]
    assert int(said["rows"]) > 10
    assert int(said["sources"]) >= 5
