"""The builder's searchable filter pickers, driven with real clicks and keys."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QIcon, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from analytix_desktop.api import Secrets, Shard, catalogue
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.transport import Transport
from analytix_desktop.core.context import ChannelContext, NamedItem
from analytix_desktop.core.desktop_client import (
    DESKTOP_SCOPES,
    THUMBNAILED_UPLOADS,
    DesktopClient,
)
from analytix_desktop.gui.builder.filters import FilterPanel
from analytix_desktop.gui.builder.item_picker import ItemPicker
from analytix_desktop.gui.formatting import format_date
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store import AppPaths, ThumbnailCache, TokenStore
from analytix_desktop.store.accounts import Account

from ..api.test_flow import authorise_via_sandbox
from .conftest import MemoryKeyring

LEFT = Qt.MouseButton.LeftButton
VIDEOS = {
    "vid00000001": NamedItem("vid00000001", "Sourdough basics", published=dt.date(2024, 5, 2)),
    "vid00000002": NamedItem("vid00000002", "Aurora timelapse", published=dt.date(2023, 1, 9)),
    "vid00000003": NamedItem("vid00000003", "Trailer", published=dt.date(2022, 3, 1)),
    "vid00000004": NamedItem("vid00000004", "Trailer", published=dt.date(2024, 8, 20)),
}


def context(videos: dict[str, NamedItem] = VIDEOS) -> ChannelContext:
    return ChannelContext("UCchannel", "Northern Lights Kitchen", videos=dict(videos))


def panel_for(
    qtbot: Any, query: catalogue.Query, videos: dict[str, NamedItem] = VIDEOS
) -> FilterPanel:
    panel = FilterPanel()
    qtbot.addWidget(panel)
    panel.set_channel(context(videos))
    panel.apply(catalogue.options(query))
    panel.show()
    return panel


ANY_REPORT = catalogue.Query(metrics=("views",))
RETENTION = catalogue.Query(dimensions=("elapsedVideoTimeRatio",), metrics=("audienceWatchRatio",))


def picker_of(panel: FilterPanel, key: str) -> ItemPicker:
    picker = panel.pickers[key]
    assert isinstance(picker, ItemPicker)
    return picker


def open_popup(qtbot: Any, picker: ItemPicker) -> None:
    QTest.mouseClick(picker, LEFT)
    qtbot.waitUntil(picker.popup.isVisible)


def rows(picker: ItemPicker) -> list[str]:
    model = picker.popup.view.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def click_row(picker: ItemPicker, row: int) -> None:
    view = picker.popup.view
    rect = view.visualRect(view.model().index(row, 0))
    QTest.mouseClick(view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, rect.center())


def test_search_and_tick_two_videos(qtbot: Any) -> None:
    panel = panel_for(qtbot, ANY_REPORT)
    picker = picker_of(panel, "video")
    assert picker.limit == 500
    assert picker.currentText() == "Any"
    open_popup(qtbot, picker)
    assert picker.popup.search.hasFocus()  # typing works at once
    QTest.keyClicks(picker.popup.search, "SOUR")
    assert rows(picker) == ["Sourdough basics\n" + format_date(dt.date(2024, 5, 2))]
    with qtbot.waitSignal(panel.changed):
        click_row(picker, 0)
    assert picker.popup.isVisible()  # several may be ticked: the list stays open
    picker.popup.search.clear()
    QTest.keyClicks(picker.popup.search, "vid00000002")  # ids are searched too
    assert len(rows(picker)) == 1
    QTest.keyClick(picker.popup.search, Qt.Key.Key_Return)
    QTest.keyClick(picker.popup.search, Qt.Key.Key_Escape)
    assert not picker.popup.isVisible()
    assert panel.filters() == {"video": "vid00000001,vid00000002"}
    assert picker.currentText() == "2 videos"
    assert catalogue.validate(catalogue.Query(filters=panel.filters(), metrics=("views",)))

    # Space in the list unticks; Clear empties the choice.
    open_popup(qtbot, picker)
    view = picker.popup.view
    QTest.keyClick(picker.popup.search, Qt.Key.Key_Down)
    assert view.hasFocus()
    ticked = view.currentIndex().data(Qt.ItemDataRole.CheckStateRole)
    QTest.keyClick(view, Qt.Key.Key_Space)
    assert view.currentIndex().data(Qt.ItemDataRole.CheckStateRole) != ticked
    QTest.keyClicks(view, "trail")  # typing in the list goes on searching
    assert picker.popup.search.text() == "trail"
    QTest.mouseClick(picker.popup.clear_button, LEFT)
    assert panel.filters() == {}
    assert picker.currentText() == "Any"


def test_same_titles_are_told_apart_by_date(qtbot: Any) -> None:
    panel = panel_for(qtbot, ANY_REPORT)
    picker = picker_of(panel, "video")
    open_popup(qtbot, picker)
    QTest.keyClicks(picker.popup.search, "trailer")
    first, second = rows(picker)
    assert first != second
    assert first == "Trailer\n" + format_date(dt.date(2024, 8, 20))  # newest first
    assert second == "Trailer\n" + format_date(dt.date(2022, 3, 1))
    click_row(picker, 1)
    assert picker.currentText() == f"Trailer ({format_date(dt.date(2022, 3, 1))})"
    assert panel.filters() == {"video": "vid00000003"}


def test_a_one_value_report_picks_one(qtbot: Any) -> None:
    panel = panel_for(qtbot, RETENTION)
    picker = picker_of(panel, "video")
    assert picker.limit == 1
    open_popup(qtbot, picker)
    click_row(picker, 0)
    assert not picker.popup.isVisible()  # one choice closes the list, as a combo box does
    open_popup(qtbot, picker)
    click_row(picker, 1)
    assert panel.filters() == {"video": "vid00000001"}  # Sourdough replaced Aurora
    # Countries are one at a time in every report.
    country = picker_of(panel_for(qtbot, ANY_REPORT), "country")
    assert country.limit == 1
    open_popup(qtbot, country)
    QTest.keyClicks(country.popup.search, "france")
    QTest.keyClick(country.popup.search, Qt.Key.Key_Enter)
    open_popup(qtbot, country)
    QTest.keyClicks(country.popup.search, "japan")
    QTest.keyClick(country.popup.search, Qt.Key.Key_Enter)
    assert country.values() == ["JP"]


def test_thousands_of_videos_stay_quick(qtbot: Any) -> None:
    many = {
        f"vid{n:08d}": NamedItem(f"vid{n:08d}", f"Episode {n}", published=dt.date(2020, 1, 1))
        for n in range(5000)
    }
    panel = panel_for(qtbot, ANY_REPORT, many)
    picker = picker_of(panel, "video")
    model = picker.popup.view.model()
    assert isinstance(model, QAbstractItemModel)
    assert model.rowCount() == 5000
    assert len(picker.popup.findChildren(QWidget)) < 30  # no widget per video
    started = time.perf_counter()
    open_popup(qtbot, picker)
    QTest.keyClicks(picker.popup.search, "episode 4999")
    assert time.perf_counter() - started < 2  # a generous bound: it takes milliseconds
    assert rows(picker) == ["Episode 4999\n" + format_date(dt.date(2020, 1, 1))]


def test_saved_and_refused_values(qtbot: Any) -> None:
    panel = panel_for(qtbot, ANY_REPORT)
    panel.set_filters({"video": "vidTYPED0001, vid00000002", "country": "FR"})
    assert panel.filters() == {"video": "vidTYPED0001,vid00000002", "country": "FR"}
    picker = picker_of(panel, "video")
    open_popup(qtbot, picker)
    QTest.keyClicks(picker.popup.search, "typed")
    assert rows(picker) == ["vidTYPED0001"]  # an unknown id shows as it is
    QTest.keyClick(picker.popup.search, Qt.Key.Key_Escape)
    # The builder's one-video calls keep working.
    picker.set_value(None)
    assert picker.value() is None
    picker.set_value("vid00000001")
    assert panel.filters()["video"] == "vid00000001"

    picker.restrict(["vid00000001"], "not accepted by this report")
    open_popup(qtbot, picker)
    QTest.keyClicks(picker.popup.search, "aurora")
    index = picker.popup.view.model().index(0, 0)
    assert "Not available: not accepted by this report" in index.data(Qt.ItemDataRole.ToolTipRole)
    click_row(picker, 0)
    assert picker.values() == ["vid00000001"]


def test_another_channel_drops_the_choice(qtbot: Any) -> None:
    panel = panel_for(qtbot, ANY_REPORT)
    picker = picker_of(panel, "video")
    picker.set_selection(["vid00000001", "vid00000002"])
    panel.set_channel(context())  # the same channel's names again
    assert panel.filters() == {"video": "vid00000001,vid00000002"}
    panel.set_channel(ChannelContext("UCother", "Alex Rivera"))
    assert panel.filters() == {}


def test_the_context_knows_when_the_channel_began(
    paths: AppPaths,
    consent: Sandbox,
    transport: Transport,
    memory_keyring: MemoryKeyring,
    endpoints: Endpoints,
) -> None:
    tokens, _ = authorise_via_sandbox(Secrets.load_from(paths.secrets_file), DESKTOP_SCOPES)
    channel = Shard(DESKTOP_SCOPES, tokens, endpoints=endpoints).fetch_channel()
    store = TokenStore()
    store.save(channel.id, tokens)
    client = DesktopClient(
        paths.secrets_file,
        store,
        ThumbnailCache(paths.thumbnails_dir),
        transport=transport,
        endpoints=endpoints,
    )
    account = Account(channel.id, channel.title, scopes=tuple(tokens.scope.split()))
    found = client.fetch_context(account)
    assert found.created == consent.channels[channel.id].published_at.date()
    published = [video.published for video in found.videos.values()]
    assert all(published)
    assert found.created < min(day for day in published if day is not None)
    # The newest uploads come with their thumbnails (cached), the rest with dates only.
    videos = list(found.videos.values())
    shown = min(THUMBNAILED_UPLOADS, len(videos))
    assert all(video.thumbnail.startswith(b"\x89PNG") for video in videos[:shown])
    assert not any(video.thumbnail for video in videos[shown:])
    assert ThumbnailCache(paths.thumbnails_dir).path_for(videos[0].id) is not None


def test_videos_show_their_thumbnails(qtbot: Any) -> None:
    image = QImage(64, 36, QImage.Format.Format_RGB32)
    image.fill(QColor("#d55e00"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    videos = dict(VIDEOS)
    videos["vid00000001"] = dataclasses.replace(VIDEOS["vid00000001"], thumbnail=bytes(data))
    panel = panel_for(qtbot, ANY_REPORT, videos)
    picker = picker_of(panel, "video")
    open_popup(qtbot, picker)
    QTest.keyClicks(picker.popup.search, "sourdough")
    icon = picker.popup.view.model().index(0, 0).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon)
    assert icon.pixmap(64, 36).toImage().pixelColor(32, 18) == QColor("#d55e00")
    QTest.keyClick(picker.popup.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(picker.popup.search, "aurora")
    assert picker.popup.view.model().index(0, 0).data(Qt.ItemDataRole.DecorationRole) is None
