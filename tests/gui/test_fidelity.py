"""Google's newer reports, group families and unmonetised channels, as a user meets them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from analytix_desktop.api import catalogue
from analytix_desktop.core.context import ChannelContext, NamedItem
from analytix_desktop.gui.builder import BREAKDOWNS, ReportBuilder
from analytix_desktop.gui.builder.explain import NOT_MONETISED_HINT, NOT_MONETISED_PROBLEM
from analytix_desktop.gui.main_window import MainWindow
from analytix_desktop.sandbox import Sandbox

from .test_main_window import REPORTS, WAIT, add_channel, error_title, wait_report
from .test_pickers import open_popup, picker_of, rows

LEFT = Qt.MouseButton.LeftButton
READONLY = "https://www.googleapis.com/auth/yt-analytics.readonly"
MONETARY = "https://www.googleapis.com/auth/yt-analytics-monetary.readonly"
GROUPS = {
    "Gplaylists": NamedItem("Gplaylists", "Bread playlists", "youtube#playlist"),
    "Gvideos": NamedItem("Gvideos", "Sourdough videos", "youtube#video"),
}


def click_tab(builder: ReportBuilder, key: str) -> None:
    index = next(i for i, item in enumerate(BREAKDOWNS) if item.key == key)
    QTest.mouseClick(builder.tabs, LEFT, pos=builder.tabs.tabRect(index).center())
    assert builder.tabs.currentIndex() == index


def sent(sandbox: Sandbox) -> dict[str, str]:
    """The last report request's parameters, as the sandbox received them."""
    entry = sandbox.log.entries(REPORTS)[-1]
    return {key: values[0] for key, values in entry.query.items()}


def test_a_groups_item_type_decides_its_report_family(qtbot: Any) -> None:
    builder = ReportBuilder()
    qtbot.addWidget(builder)
    builder.set_channel(
        ChannelContext("UCchannel", "Kitchen", scopes=frozenset({READONLY}), groups=dict(GROUPS))
    )
    builder.show()
    click_tab(builder, "sharing")  # sharing services exist only in video reports
    picker = picker_of(builder.filters, "group")
    open_popup(qtbot, picker)
    model = picker.popup.view.model()
    enabled = {
        model.index(row, 0).data(): bool(model.flags(model.index(row, 0)) & Qt.ItemIsEnabled)
        for row in range(model.rowCount())
    }
    assert enabled == {"Bread playlists": False, "Sourdough videos": True}
    QTest.keyClick(picker.popup.search, Qt.Key.Key_Escape)

    # A saved or typed-in query with the playlist group is refused in the group's name.
    refused = catalogue.Query(
        dimensions=("sharingService",), metrics=("shares",), filters={"group": "Gplaylists"}
    )
    builder.set_query(refused)
    assert builder.query() is None
    assert "“Bread playlists” is a playlist group" in builder.status.text()
    assert "Gplaylists" not in builder.status.text()
    assert not builder.run_button.isEnabled()

    # The video group runs the same breakdown.
    open_popup(qtbot, picker)
    QTest.keyClicks(picker.popup.search, "sourdough")
    assert rows(picker) == ["Sourdough videos"]
    QTest.keyClick(picker.popup.search, Qt.Key.Key_Return)
    QTest.keyClick(picker.popup.search, Qt.Key.Key_Escape)
    query = builder.query()
    assert query is not None
    assert query.filters["group"] == "Gvideos"
    assert builder.run_button.isEnabled()


def test_an_unmonetised_channel_is_told_and_its_revenue_hidden(
    qtbot: Any, window: MainWindow, consent: Sandbox
) -> None:
    channel_id = add_channel(qtbot, window, consent)  # Alex Rivera: not in the Partner Program
    context = window.accounts.context(channel_id)
    assert context is not None
    assert context.monetary
    builder = window.builder
    click_tab(builder, "ads")
    qtbot.waitUntil(builder.run_button.isEnabled, timeout=WAIT)
    QTest.mouseClick(builder.run_button, LEFT)
    pane = window.runner.current
    assert pane is not None
    qtbot.waitUntil(lambda: error_title(pane) == "This channel is not monetised", timeout=WAIT)
    assert [entry.status for entry in consent.log.entries(REPORTS)] == [403]
    assert "grossRevenue" in sent(consent)["metrics"]

    # From now on the builder hides revenue and says why, instead of asking Google again.
    qtbot.waitUntil(builder.monetary_hint.isVisible, timeout=WAIT)
    assert builder.monetary_hint.text() == NOT_MONETISED_HINT
    assert builder.metrics.item_for("estimatedRevenue").isHidden()
    assert builder.query() is None
    assert NOT_MONETISED_PROBLEM in builder.status.text()
    assert not builder.run_button.isEnabled()
    click_tab(builder, "time")
    assert builder.run_button.isEnabled()
    assert len(consent.log.entries(REPORTS)) == 1


def test_us_markets_and_memberships_tabs_run_as_shown(
    qtbot: Any, window: MainWindow, consent: Sandbox
) -> None:
    add_channel(qtbot, window, consent, index=1)  # Northern Lights Kitchen: has members
    builder = window.builder
    click_tab(builder, "dma")
    qtbot.waitUntil(builder.run_button.isEnabled, timeout=WAIT)
    assert "United States" in builder.filters.combos["country"].currentText()
    QTest.mouseClick(builder.run_button, LEFT)
    pane = window.runner.current
    assert pane is not None
    wait_report(qtbot, pane)
    request = sent(consent)
    assert request["dimensions"] == "dma"
    assert request["filters"] == "country==US"
    assert request["sort"] == "-views"
    model = pane.dock.model
    assert model.rowCount() > 1
    names = {model.data(model.index(row, 0)) for row in range(model.rowCount())}
    assert "New York, NY" in names  # Nielsen's codes shown as the markets' names

    click_tab(builder, "members")
    qtbot.waitUntil(builder.run_button.isEnabled, timeout=WAIT)
    QTest.mouseClick(builder.new_pane_button, LEFT)
    qtbot.waitUntil(lambda: len(window.runner.panes) == 2, timeout=WAIT)
    members = window.runner.current
    assert members is not None
    assert members is not pane
    wait_report(qtbot, members)
    request = sent(consent)
    assert request["dimensions"] == "membershipsCancellationSurveyReason"
    assert request["metrics"] == "membershipsCancellationSurveyResponses"
    assert "filters" not in request
