"""The Content dock: every upload of the active channel with its figures over a range,
sortable and searchable; "Video analytics" opens Studio's per-video set as panes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..api.errors import InvalidRequest
from ..core.content import (
    RANGES,
    ContentCache,
    ContentFigures,
    content_range,
    fetch_content,
    fetch_durations,
    video_analytics_queries,
)
from ..core.context import ChannelContext, NamedItem
from ..core.ranges import utc_today
from ..core.tasks import Progress, TaskContext, TaskFailure
from .content_model import TITLE, VIDEO_ROLE, ContentModel, ContentProxy
from .labels import plural
from .tasks import Task, submit

if TYPE_CHECKING:
    from .main_window import MainWindow

__all__ = ["ContentDock", "ContentView", "install_content_view"]

_DEFAULT_RANGE = "last28"


class ContentDock(QDockWidget):
    """The widgets: range, search, progress with Cancel, the table and its actions."""

    def __init__(self, model: ContentModel, parent: QWidget | None = None) -> None:
        super().__init__("Content", parent)
        self.setObjectName("contentDock")
        self.model = model
        self.proxy = ContentProxy(model)
        self.range = QComboBox()
        self.range.setObjectName("contentRange")
        self.range.setAccessibleName("Range")
        for key, title in RANGES:
            self.range.addItem(title, key)
        self.range.setCurrentIndex(self.range.findData(_DEFAULT_RANGE))
        self.range.setToolTip(
            '"Since published" counts each video from its own publish day to the newest '
            "day with data."
        )
        self.search = QLineEdit()
        self.search.setObjectName("contentSearch")
        self.search.setPlaceholderText("Search titles")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTableView()
        self.view.setObjectName("contentTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # publish order until clicked
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setIconSize(QSize(64, 36))
        self.view.verticalHeader().setDefaultSectionSize(40)
        self.view.verticalHeader().hide()
        self.view.setColumnWidth(TITLE, 320)
        self.analytics_action = QAction("Video analytics", self.view)
        self.analytics_action.setToolTip(
            "Open views over time, audience retention, traffic sources, geography and "
            "devices for this video over the chosen range"
        )
        self.view.addAction(self.analytics_action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.progress = QProgressBar()
        self.progress.setObjectName("contentProgress")
        self.progress.setRange(0, 100)
        self.cancel = QPushButton("Cancel")
        self.cancel.setObjectName("contentCancel")
        self.message = QLabel()
        self.message.setObjectName("contentMessage")
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel("Range:"))
        top.addWidget(self.range)
        top.addWidget(self.search, 1)
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(busy)
        layout.addWidget(self.message)
        self.setWidget(body)
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel.setVisible(busy)
        if busy:
            self.progress.setValue(0)

    def current_video(self) -> NamedItem | None:
        video = self.view.currentIndex().data(VIDEO_ROLE)
        return video if isinstance(video, NamedItem) else None


class ContentView(QObject):
    """Fills the Content dock for the active channel, on workers, and opens per-video panes."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("contentView")
        self.window = window
        self.cache = ContentCache()
        self.today = utc_today
        self.model = ContentModel(self)
        self.dock = ContentDock(self.model, window)
        self.task: Task[tuple[dict[str, int], ContentFigures]] | None = None
        self._shown_channel: str | None = None
        self.show_action: QAction | None = None
        """View > Content (made by ``install_content_view``)."""
        dock = self.dock
        dock.range.currentIndexChanged.connect(lambda _index: self.fetch())
        dock.cancel.clicked.connect(self.cancel)
        dock.view.activated.connect(self.open_index)  # Enter, and a double-click
        dock.analytics_action.triggered.connect(lambda: self.open_index(dock.view.currentIndex()))
        dock.visibilityChanged.connect(lambda visible: self.reload() if visible else None)
        window.accounts.active_changed.connect(lambda _id: self._channel_changed())
        window.accounts.context_loaded.connect(lambda _id: self._channel_changed())

    def show_dock(self) -> None:
        """View > Content: the dock in front."""
        self.dock.show()
        self.dock.raise_()

    def _channel_changed(self) -> None:
        if self.dock.isVisible():
            self.reload()

    def _context(self) -> ChannelContext | None:
        return self.window.accounts.active_context()

    def reload(self) -> None:
        """List the active channel's uploads (when they changed) and fetch their figures."""
        context = self._context()
        if context is None or not context.videos:
            self.cancel()
            self.model.set_videos([])
            self._shown_channel = None
            self.dock.message.setText(
                "Loading the channel's uploads…" if context is not None else "No channel yet."
            )
            return
        if self._shown_channel == context.channel_id and self.model.rowCount() == len(
            context.videos
        ):
            return
        self._shown_channel = context.channel_id
        self.model.set_videos(list(context.videos.values()))
        self.fetch()

    def range_key(self) -> str:
        return str(self.dock.range.currentData())

    def fetch(self) -> None:
        """Fetch durations (once per channel) and the figures over the chosen range."""
        context, client = self._context(), self.window.accounts.client
        if context is None or client is None or not self.model.videos:
            return
        self.cancel()
        key, videos = self.range_key(), list(self.model.videos)
        channel_id, title, created = context.channel_id, context.title, context.created
        services, cache, today = self.window.services, self.cache, self.today()

        def work(ctx: TaskContext) -> tuple[dict[str, int], ContentFigures]:
            ids = [video.id for video in videos]
            durations = fetch_durations(client, channel_id, ids, ctx, cache=cache)
            figures = fetch_content(
                services.history, client, channel_id, title, videos, key, ctx,
                cache=cache, created=created, today=today,
            )  # fmt: skip
            return durations, figures

        self.dock.set_busy(True)
        self.dock.message.setText(f"Fetching the figures of {plural(len(videos), 'video')}…")
        self.task = submit(
            work,
            lambda result: self._fetched(channel_id, *result),
            on_error=self._failed,
            on_progress=self._progressed,
            owner=self.dock,
        )

    def _progressed(self, progress: Progress) -> None:
        if progress.percent >= 0:
            self.dock.progress.setValue(progress.percent)
        if progress.text:
            self.dock.message.setText(progress.text)

    def _fetched(self, channel_id: str, durations: dict[str, int], found: ContentFigures) -> None:
        self.task = None
        self.dock.set_busy(False)
        if channel_id != self._shown_channel:
            return
        self.model.set_durations(durations)
        self.model.set_figures(found.figures)
        asked = plural(found.requests, "request") if found.requests else "no new request"
        self.dock.message.setText(
            f"{plural(len(self.model.videos), 'video')} · {self.dock.range.currentText()} ({asked})"
        )

    def _failed(self, failure: TaskFailure) -> None:
        self.task = None
        self.dock.set_busy(False)
        context = self._context()
        if context is None:
            return
        self.window.accounts.handle_error(
            context.channel_id, failure.error, failure.details, what="The content figures"
        )
        self.dock.message.setText("The figures could not be fetched: see the status bar.")

    def cancel(self) -> None:
        """Stop the fetch under way; what was fetched so far stays in the local store."""
        if self.task is not None:
            self.task.cancel()
            self.task = None
            self.dock.set_busy(False)
            self.dock.message.setText("Cancelled.")

    def video_range(self, video: NamedItem) -> tuple[dt.date, dt.date]:
        """The chosen range for one video ("Since published": from its publish day)."""
        context = self._context()
        created = context.created if context is not None else None
        start, end = content_range(self.range_key(), self.today(), created)
        if start is None:
            start = video.published or created or end
        return min(start, end), end

    def open_index(self, index: QModelIndex) -> None:
        video = index.data(VIDEO_ROLE) if index.isValid() else None
        if isinstance(video, NamedItem):
            self.open_video(video)

    def open_video(self, video: NamedItem) -> None:
        """Studio's per-video set as new panes, each filtered to ``video``."""
        context = self._context()
        if context is None or self.window.accounts.client is None:
            return
        start, end = self.video_range(video)
        try:
            queries = video_analytics_queries(video.id, start, end)
        except InvalidRequest as error:  # no pane rather than a half-opened set
            self.window.show_status(f"Video analytics cannot be opened: {error}")
            return
        for _title, query in queries:
            self.window.runner.open(context.channel_id, query)
        self.window.show_status(f"Video analytics for {video.title}")


def install_content_view(window: MainWindow) -> ContentView:
    """Add the Content dock (hidden, tabbed with the builder) and View > Content.

    The lead calls it after the first paint; a second call changes nothing."""
    existing = window.findChild(ContentView, "contentView")
    if existing is not None:
        return existing
    content = ContentView(window)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, content.dock)
    window.tabifyDockWidget(window.builder_dock, content.dock)
    content.dock.hide()
    show = QAction("&Content", window)
    show.setToolTip("Every upload of the channel with its figures")
    show.triggered.connect(content.show_dock)
    window.view_menu.addAction(show)
    content.show_action = show
    return content
