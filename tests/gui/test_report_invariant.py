"""The report shown is the report asked for: random user actions, then the sandbox's log.

After every Run, the request the sandbox received must equal the query the visible
widgets describe (their texts, not the builder's internal state), the pane's header
must say the same, and the table's rows must be the sandbox's answer to that request.
"""

from __future__ import annotations

import datetime as dt
import json
import weakref
from typing import Any

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from analytix_desktop.api import catalogue
from analytix_desktop.core.report_history import query_key
from analytix_desktop.gui.builder import BREAKDOWNS
from analytix_desktop.gui.formatting import format_date
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.gui.report_view.model import RAW_ROLE, TOTAL_ROLE
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store import SERVICE

from .conftest import MemoryKeyring
from .test_builder_typing import click_tab, type_into
from .test_main_window import REPORTS, WAIT, add_channel
from .test_panes import activate

TABS = [b.key for b in BREAKDOWNS if b.key != "ads"]  # ads need a monetised channel
PRESETS = ["last7", "last28", "last90", "this_month", "last_month"]

ACTIONS = st.one_of(
    st.tuples(st.just("tab"), st.sampled_from(TABS)),
    st.tuples(st.just("rows"), st.integers(0, 40).map(str) | st.sampled_from(["5", "250"])),
    st.tuples(st.just("sort"), st.sampled_from([Qt.Key.Key_Down, Qt.Key.Key_Up])),
    st.tuples(st.just("preset"), st.sampled_from(PRESETS)),
    st.tuples(st.just("run"), st.booleans()),
)


def visible_query(window: MainWindow) -> dict[str, Any]:
    """What the builder's widgets show, read off their texts and check marks."""
    builder = window.builder
    rows = builder.limit.text().replace(",", "")
    return {
        "dimensions": builder.dimensions.checked(),
        "metrics": builder.metrics.checked(),
        "sort": builder.sort.currentData() or "",
        "sort_text": builder.sort.currentText(),
        "rows": 0 if rows == "No limit" else int(rows),
        "start": builder.dates.start.date().toPython(),
        "end": builder.dates.end.date().toPython(),
        "filters": dict(builder.draft().filters),
    }


_ASKED: weakref.WeakKeyDictionary[MainWindow, dict[str, dict[str, list[str]]]] = (
    weakref.WeakKeyDictionary()
)
"""Per window: the parameters Google was sent for each question, by query key."""


def run(qtbot: Any, window: MainWindow, new_pane: bool, sandbox: Sandbox) -> None:
    before = len(sandbox.log.entries(REPORTS))
    old_tables = {id(p.dock.table_data) for p in window.runner.panes}
    shown = visible_query(window)
    runnable = window.builder.run_button.isEnabled()
    modifiers = Qt.KeyboardModifier.ControlModifier
    if new_pane:
        modifiers |= Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window.builder, Qt.Key.Key_Return, modifiers)
    if not runnable:
        qtbot.wait(50)
        assert len(sandbox.log.entries(REPORTS)) == before  # nothing sent for a refused query
        return
    pane = window.runner.current
    assert pane is not None
    # The same question asked again within the hour is answered from local history.
    asked = _ASKED.setdefault(window, {})
    key = query_key(window.builder.draft())
    if key not in asked:
        qtbot.waitUntil(lambda: len(sandbox.log.entries(REPORTS)) == before + 1, timeout=WAIT)
    qtbot.waitUntil(
        lambda: (
            pane.task is None
            and pane.dock.table_data is not None
            and id(pane.dock.table_data) not in old_tables
        ),
        timeout=WAIT,
    )
    if key in asked:
        assert len(sandbox.log.entries(REPORTS)) == before, "an identical query was sent again"
        assert pane.dock.provenance.text().startswith("From local history")
        params = asked[key]
    else:
        logged = sandbox.log.entries(REPORTS)[-1]
        assert logged.status == 200
        params = asked[key] = logged.query
        assert pane.dock.provenance.text().startswith("Fetched from Google")
    sent = {key: values[0] for key, values in params.items()}
    assert sent["dimensions"].split(",") == shown["dimensions"]
    assert sent["metrics"].split(",") == shown["metrics"]
    assert sent.get("sort", "") == shown["sort"]
    assert int(sent.get("maxResults", "0")) == shown["rows"]
    assert ("maxResults" in sent) == (window.builder.limit.text() != "No limit")
    assert dt.date.fromisoformat(sent["startDate"]) == shown["start"]
    assert dt.date.fromisoformat(sent["endDate"]) == shown["end"]
    assert catalogue.parse_filters(sent.get("filters", "")) == shown["filters"]
    header = pane.dock.header.text()
    rows_shown = header.split("Rows: ")[1].split(" · ")[0]
    if shown["rows"]:
        assert rows_shown in (f"Top {shown['rows']:,}", f"First {shown['rows']:,}")
    else:
        assert rows_shown == "No limit"
    assert f"Sort: {shown['sort_text']}" in header
    if "month" not in shown["dimensions"]:
        assert f"{format_date(shown['start'])} – {format_date(shown['end'])}" in header
    if not shown["filters"]:
        assert "No filters" in header
    assert_table_is_the_answer(window, pane, sandbox, params)


def assert_table_is_the_answer(
    window: MainWindow, pane: Any, sandbox: Sandbox, params: dict[str, list[str]]
) -> None:
    """Ask the sandbox again, over HTTP, and compare its rows with the table's raw cells."""
    keyring_entry = window.store.load(pane.channel_id)
    assert keyring_entry is not None
    answer = requests.get(
        f"{sandbox.url}{REPORTS}",
        params={key: values[0] for key, values in params.items()},
        headers={"Authorization": f"Bearer {keyring_entry.access_token}"},
        timeout=10,
    ).json()
    names = [header["name"] for header in answer["columnHeaders"]]
    expected = sorted(json.dumps(row) for row in answer.get("rows", []))
    model = pane.dock.model
    shown = []
    for row in range(model.rowCount()):
        if model.index(row, 0).data(TOTAL_ROLE):
            continue
        cells = []
        for column, name in enumerate(names):
            value = model.index(row, column).data(RAW_ROLE)
            if name == "month":
                value = value.isoformat()[:7]
            elif isinstance(value, dt.date):
                value = value.isoformat()
            cells.append(value)
        shown.append(json.dumps(cells))
    assert sorted(shown) == expected


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=st.lists(ACTIONS, min_size=1, max_size=7))
def test_what_is_sent_is_what_is_shown(
    qtbot: Any, window: MainWindow, consent: Sandbox, memory_keyring: MemoryKeyring, actions: list
) -> None:
    if not window.accounts.accounts:
        channel_id = add_channel(qtbot, window, consent)
        qtbot.waitUntil(lambda: bool(window.accounts.context(channel_id).videos), timeout=WAIT)
        window.resize(1600, 1000)
        assert memory_keyring.get_password(SERVICE, channel_id)
    activate(qtbot, window)
    builder = window.builder
    for action, argument in [*actions, ("run", False)]:
        if action == "tab":
            click_tab(builder, argument)
        elif action == "rows":
            type_into(builder.limit, argument)
        elif action == "sort":
            builder.sort.setFocus()
            QTest.keyClick(builder.sort, argument)
        elif action == "preset":
            builder.dates.preset.setCurrentIndex(builder.dates.preset.findData(argument))
        else:
            run(qtbot, window, argument, consent)
