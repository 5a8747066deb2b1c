"""The content view's table: one row per upload with its figures, sortable by value."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QPixmap

from ..core.content import SHORT_SECONDS, VideoFigures, video_kind
from ..core.context import NamedItem
from .formatting import format_count, format_date, format_duration, format_watch_time

__all__ = ["COLUMNS", "SORT_ROLE", "VIDEO_ROLE", "ContentModel", "ContentProxy"]

_Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    "Title",
    "Published",
    "Duration",
    "Type",
    "Views",
    "Watch time",
    "Average view duration",
    "Likes",
    "Subscribers gained",
)
(
    TITLE,
    PUBLISHED,
    DURATION,
    TYPE,
    VIEWS,
    WATCH_TIME,
    AVERAGE,
    LIKES,
    SUBSCRIBERS,
) = range(len(COLUMNS))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
"""The value a column sorts by: numbers as numbers, dates as ISO text."""
VIDEO_ROLE = Qt.ItemDataRole.UserRole + 2
"""The row's :class:`NamedItem`."""
_TYPE_TIP = (
    f"Short: at most {SHORT_SECONDS} seconds long. Live stream: it went out live "
    "(known for the newest 500 uploads). Video: anything else."
)
_THUMBNAIL_HEIGHT = 36
_NUMBERS = frozenset({DURATION, VIEWS, WATCH_TIME, AVERAGE, LIKES, SUBSCRIBERS})


class ContentModel(QAbstractTableModel):
    """Uploads with their durations and figures (figures empty until fetched)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.videos: list[NamedItem] = []
        self.durations: dict[str, int] = {}
        self.figures: dict[str, VideoFigures] = {}
        self._thumbnails: dict[str, QPixmap] = {}

    def set_videos(self, videos: list[NamedItem]) -> None:
        self.beginResetModel()
        self.videos = videos
        self.durations, self.figures, self._thumbnails = {}, {}, {}
        self.endResetModel()

    def set_durations(self, durations: dict[str, int]) -> None:
        self.durations = durations
        self._changed(DURATION, TYPE)

    def set_figures(self, figures: dict[str, VideoFigures]) -> None:
        self.figures = figures
        self._changed(VIEWS, SUBSCRIBERS)

    def _changed(self, first: int, last: int) -> None:
        if self.videos:
            self.dataChanged.emit(self.index(0, first), self.index(len(self.videos) - 1, last))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.videos)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == TYPE:
            return _TYPE_TIP
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        video = self.videos[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(video, column)
        if role == SORT_ROLE:
            return self._value(video, column)
        if role == VIDEO_ROLE:
            return video
        if role == Qt.ItemDataRole.DecorationRole and column == TITLE:
            return self._thumbnail(video)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _TYPE_TIP if column == TYPE else video.title if column == TITLE else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _value(self, video: NamedItem, column: int) -> Any:
        """The column's raw value: what sorting compares (-1 sorts "not known" first)."""
        if column == TITLE:
            return video.title.casefold()
        if column == PUBLISHED:
            return (video.published or dt.date.min).isoformat()
        if column == DURATION:
            return self.durations.get(video.id, -1)
        if column == TYPE:
            return video_kind(self.durations.get(video.id), video.live)
        figures = self.figures.get(video.id)
        if figures is None:
            return -1
        return {
            VIEWS: figures.views,
            WATCH_TIME: figures.minutes,
            AVERAGE: figures.average_seconds if figures.average_seconds is not None else -1,
            LIKES: figures.likes,
            SUBSCRIBERS: figures.subscribers,
        }[column]

    def _text(self, video: NamedItem, column: int) -> str:
        if column == TITLE:
            return video.title
        if column == PUBLISHED:
            return format_date(video.published)
        if column == DURATION:
            return format_duration(self.durations.get(video.id))
        if column == TYPE:
            known = video.id in self.durations or video.live
            return video_kind(self.durations.get(video.id), video.live) if known else ""
        figures = self.figures.get(video.id)
        if figures is None:
            return ""
        if column == WATCH_TIME:
            return format_watch_time(figures.minutes)
        if column == AVERAGE:
            return format_duration(figures.average_seconds)
        value = {VIEWS: figures.views, LIKES: figures.likes, SUBSCRIBERS: figures.subscribers}
        return format_count(value[column])

    def _thumbnail(self, video: NamedItem) -> QPixmap | None:
        if not video.thumbnail:
            return None
        pixmap = self._thumbnails.get(video.id)
        if pixmap is None:
            pixmap = QPixmap()
            pixmap.loadFromData(video.thumbnail)
            if not pixmap.isNull():
                pixmap = pixmap.scaledToHeight(
                    _THUMBNAIL_HEIGHT, Qt.TransformationMode.SmoothTransformation
                )
            self._thumbnails[video.id] = pixmap
        return pixmap


class ContentProxy(QSortFilterProxyModel):
    """Sorts by :data:`SORT_ROLE` and keeps the rows whose title holds the search text."""

    def __init__(self, model: ContentModel) -> None:
        super().__init__(model)
        self.setSourceModel(model)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(TITLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
