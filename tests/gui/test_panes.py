"""Report panes: replace or add, close others/all, reopened after a restart; window fit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea, QTabBar, QWidget

from analytix_desktop.api.transport import Transport
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store import AppPaths
from analytix_desktop.store.settings import Settings

from .test_main_window import COUNTRIES, DAILY, REPORTS, WAIT, add_channel, reopen, wait_report

ROOT = Path(__file__).resolve().parents[2]


def activate(qtbot, window: MainWindow) -> None:
    """Make the window the active one: keyboard shortcuts and focus need that."""
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_run_replaces_the_pane_and_run_in_new_pane_adds_one(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    add_channel(qtbot, window, consent)
    window.builder.set_query(COUNTRIES)
    qtbot.mouseClick(window.builder.run_button, Qt.MouseButton.LeftButton)
    first = window.runner.current
    wait_report(qtbot, first)
    window.builder.set_query(DAILY)
    window.run_action.trigger()
    assert window.runner.panes == [first]
    qtbot.waitUntil(lambda: first.report.columns[0] == "day", timeout=WAIT)
    window.builder.set_query(COUNTRIES)
    activate(qtbot, window)
    qtbot.keyClick(
        window,
        Qt.Key.Key_Return,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert len(window.runner.panes) == 2
    second = window.runner.current
    assert second is not first
    qtbot.mouseClick(window.builder.new_pane_button, Qt.MouseButton.LeftButton)
    assert len(window.runner.panes) == 3
    wait_report(qtbot, window.runner.current)
    wait_report(qtbot, second)
    assert first.report.columns[0] == "day"  # the first pane kept its last report
    # Asked again within the hour, the countries report comes from local history.
    assert [e.status for e in consent.log.entries(REPORTS)] == [200] * 2
    assert second.dock.provenance.text().startswith("From local history")
    keys = [k.toString() for k in window.run_new_pane_action.shortcuts()]
    assert keys == ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"]


def test_a_pane_of_another_channel_is_not_replaced(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    first = add_channel(qtbot, window, consent, 0)
    add_channel(qtbot, window, consent, 1)
    window.accounts.set_active(first)
    window.builder.set_query(COUNTRIES)
    window.run_action.trigger()
    one = window.runner.current
    wait_report(qtbot, one)
    assert one.dock.objectName() == "report-1"
    window.switch_menu.actions()[1].trigger()  # Channels > Switch to > the second one
    window.run_action.trigger()
    two = window.runner.current
    assert two is not one
    assert one.channel_id == first
    wait_report(qtbot, two)


def test_one_row_reads_one_row(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    window.builder.set_query(
        COUNTRIES.__class__(
            metrics=("views",), start_date=COUNTRIES.start_date, end_date=COUNTRIES.end_date
        )
    )
    with qtbot.waitSignal(
        window.runner.status_message,
        timeout=WAIT,
        check_params_cb=lambda text: text.endswith("column."),
    ) as said:
        window.run_action.trigger()
    assert said.args[0].endswith(": 1 row, 1 column.")


def test_close_others_and_close_all(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    window.builder.set_query(COUNTRIES)
    for _ in range(3):
        window.run_new_pane_action.trigger()
    panes = list(window.runner.panes)
    assert len(panes) == 3
    # The tab bar's context menu, on the middle pane's tab.
    qtbot.waitUntil(lambda: any(b.property("paneMenu") for b in window.findChildren(QTabBar)))
    bar = next(
        b
        for b in window.findChildren(QTabBar)
        if b.property("paneMenu") and window.tab_menus.pane_at(b, b.tabRect(0).center())
    )
    window.tab_menus.open_menu(bar, bar.tabRect(1).center())
    menu = window.tab_menus.menu
    assert [a.text() for a in menu.actions()] == ["&Close", "Close &others", "Close &all"]
    keep = window.tab_menus.pane_at(bar, bar.tabRect(1).center())
    assert keep in panes
    menu.actions()[1].trigger()
    assert window.runner.panes == [keep]
    assert not window.close_others_action.isEnabled()
    window.run_new_pane_action.trigger()
    assert len(window.runner.panes) == 2
    assert window.close_others_action.isEnabled()
    window.close_all_action.trigger()
    assert window.runner.panes == []
    assert window.central.isVisible()
    assert not window.close_all_action.isEnabled()


def test_open_panes_come_back_after_a_restart(
    qtbot, paths: AppPaths, window: MainWindow, consent: Sandbox, transport: Transport
) -> None:
    first = add_channel(qtbot, window, consent, 0)
    second = add_channel(qtbot, window, consent, 1)
    window.accounts.set_active(first)
    window.runner.run(COUNTRIES)
    window.accounts.set_active(second)
    window.runner.run(DAILY)
    window.accounts.set_active(first)
    window.runner.run(DAILY, new_pane=True)
    for pane in window.runner.panes:
        wait_report(qtbot, pane)
    # One pane floats on its own, so that the layout says more than "all tabbed".
    window.runner.panes[1].dock.setFloating(True)
    window.close()
    before = consent.log.count(REPORTS)
    again = reopen(qtbot, paths, transport, window.endpoints)
    again.show()
    panes = again.runner.panes
    assert [(p.channel_id, p.query) for p in panes] == [
        (first, COUNTRIES),
        (second, DAILY),
        (first, DAILY),
    ]
    assert [p.dock.objectName() for p in panes] == ["report-1", "report-2", "report-3"]
    assert panes[1].dock.isFloating()
    assert not panes[0].dock.isFloating()
    for pane in panes:
        wait_report(qtbot, pane)
    # Shown at once from local history (offline too); each pane's Refresh asks again.
    assert consent.log.count(REPORTS) == before
    assert all(p.dock.provenance.text().startswith("From local history") for p in panes)
    again.close()


def test_malformed_saved_panes_are_skipped_with_a_warning(
    qtbot, paths: AppPaths, window: MainWindow, consent: Sandbox, transport: Transport
) -> None:
    channel_id = add_channel(qtbot, window, consent)
    window.close()
    settings = Settings.load(paths.settings_file)
    good = {
        "version": 1,
        "dimensions": ["day"],
        "metrics": ["views"],
        "sort": ["day"],
        "start": DAILY.start_date.isoformat(),
        "end": DAILY.end_date.isoformat(),
    }
    settings.open_panes = [
        {"channel": channel_id, "query": {"version": 99}},
        "junk",
        {"channel": "UCsignedOutSince", "query": good},
        {"channel": channel_id, "query": good},
    ]
    settings.save(paths.settings_file)
    again = reopen(qtbot, paths, transport, window.endpoints)
    assert [p.channel_id for p in again.runner.panes] == [channel_id]
    assert again.runner.panes[0].dock.objectName() == "report-4"
    assert "could not be reopened" in again.statusBar().currentMessage()


def test_ctrl_b_hides_and_shows_the_builder(qtbot, window: MainWindow) -> None:
    action = window.show_builder_action
    assert action.isEnabled()
    assert action.shortcut().toString() == "Ctrl+B"
    assert action in window.menuBar().actions()[3].menu().actions()
    assert window.builder_dock.isVisible()
    assert action.isChecked()
    action.trigger()
    assert window.builder_dock.isHidden()
    assert not action.isChecked()
    action.trigger()
    assert window.builder_dock.isVisible()


def combo_area(widget: QWidget) -> QScrollArea:
    parent = widget.parentWidget()
    while not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def _wheel(widget, delta: int = -120) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(widget.rect().center())),
        QPoint(),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_past_unfocused_combo_boxes(
    qtbot, window: MainWindow, consent: Sandbox
) -> None:
    add_channel(qtbot, window, consent)
    window.resize(1024, 640)
    activate(qtbot, window)
    combo = next(
        c
        for c in window.builder.findChildren(QComboBox)
        if c.isVisible() and c.count() > 2 and c.isEnabled()
    )
    combo.setCurrentIndex(0)
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus
    window.builder.run_button.setFocus()
    bar = combo_area(combo).verticalScrollBar()
    assert bar.maximum() > 0  # at this size the builder's form scrolls
    bar.setValue(0)
    _wheel(combo)
    assert combo.currentIndex() == 0
    assert bar.value() > 0  # the wheel scrolled the form instead
    assert not combo.hasFocus()
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    _wheel(combo)
    assert combo.currentIndex() == 1
    spin = window.builder.limit
    spin.clearFocus()
    value = spin.value()
    _wheel(spin, 120)
    assert spin.value() == value


_PROBE = textwrap.dedent("""
    import json, sys, tempfile
    from pathlib import Path
    from analytix_desktop.gui.app import create_app
    from analytix_desktop.sandbox import Sandbox
    from analytix_desktop.store import AppPaths, TokenStore
    from analytix_desktop.store.settings import Settings
    app = create_app([])
    sandbox = Sandbox().start()
    paths = AppPaths.under(tempfile.mkdtemp())
    sandbox.write_secrets(paths.secrets_file)
    from analytix_desktop.gui.main_window import MainWindow
    window = MainWindow(paths, Settings(), store=TokenStore())
    window.show()
    for _ in range(20):
        app.processEvents()
    def rect(r):
        return [r.x(), r.y(), r.width(), r.height()]
    print(json.dumps({"available": rect(window.screen().availableGeometry()),
                      "frame": rect(window.frameGeometry())}))
    sandbox.stop()
""")


def test_the_window_fits_the_screen_at_any_scale(tmp_path: Path) -> None:
    for scale, width, height in (("2", 2048, 1280), ("1.5", 1600, 960), ("2", 1600, 1200)):
        config = tmp_path / "screen.json"
        config.write_text(
            json.dumps(
                {
                    "screens": [
                        {
                            "name": "probe",
                            "x": 0,
                            "y": 0,
                            "width": width,
                            "height": height,
                            "logicalDpi": 96,
                            "logicalBaseDpi": 96,
                            "dpr": 1,
                        }
                    ]
                }
            )
        )
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
            "QT_SCALE_FACTOR": scale,
        }
        out = subprocess.run(
            [sys.executable, "-c", _PROBE],
            env=env,
            cwd=ROOT,
            text=True,
            capture_output=True,
            timeout=60,
            check=True,
        ).stdout
        seen = json.loads(out.strip().splitlines()[-1])
        ax, ay, aw, ah = seen["available"]
        fx, fy, fw, fh = seen["frame"]
        assert (aw, ah) == (round(width / float(scale)), round(height / float(scale)))
        assert ax <= fx, seen
        assert ay <= fy, seen
        assert fx + fw <= ax + aw, seen
        assert fy + fh <= ay + ah, seen


def test_a_restored_geometry_off_screen_is_brought_back(
    qtbot, paths: AppPaths, window: MainWindow, transport: Transport
) -> None:
    window.move(20000, 20000)
    window.close()
    again = reopen(qtbot, paths, transport, window.endpoints)
    again.show()
    qtbot.waitExposed(again)
    available = again.screen().availableGeometry()
    assert available.contains(again.frameGeometry())


def test_usable_at_1024_by_640(qtbot, window: MainWindow, consent: Sandbox) -> None:
    add_channel(qtbot, window, consent)
    window.resize(1024, 640)
    window.builder.set_query(DAILY)
    window.run_action.trigger()
    pane = window.runner.current
    wait_report(qtbot, pane)
    qtbot.waitUntil(lambda: pane.dock.view.isVisible(), timeout=WAIT)
    assert window.width() <= 1024
    assert window.height() <= 640
    run = window.builder.run_button
    assert run.isVisible()
    assert run.width() > 0
    assert run.height() > 0
    table = pane.dock.view
    assert table.width() > 200
    assert table.height() > 60
    assert not table.visibleRegion().isEmpty()
    assert not run.visibleRegion().isEmpty()
