"""The Reporting API's CSV bodies, one Pacific day of one channel, from the channel's cube.

``channel_basic_a3`` splits each video's day, exactly as the Analytics API reports that
video alone (``filters=video==ID``), into rows by live or on demand, subscribed status and
up to eight countries drawn from the channel's audience; the reach reports come from
:mod:`.reporting_reach`. Same seed, same bytes.
"""

from __future__ import annotations

import zlib
from datetime import date

import numpy as np

from .apportion import split, split_among
from .cube import ChannelCube
from .families import Mix
from .reporting_caps import within_limits
from .reporting_reach import reach_basic_rows, reach_combined_rows
from .reporting_video_day import video_day
from .world import World

__all__ = ["COLUMNS", "report_csv"]

_BASIC_METRICS = (
    ("engaged_views", "engagedViews"), ("views", "views"), ("comments", "comments"),
    ("likes", "likes"), ("dislikes", "dislikes"),
    ("videos_added_to_playlists", "videosAddedToPlaylists"),
    ("videos_removed_from_playlists", "videosRemovedFromPlaylists"), ("shares", "shares"),
    ("watch_time_minutes", "estimatedMinutesWatched"),
)  # fmt: skip
_BASIC_LATER = (
    ("annotation_impressions", "annotationImpressions"),
    ("annotation_clickable_impressions", "annotationClickableImpressions"),
    ("annotation_closable_impressions", "annotationClosableImpressions"),
    ("annotation_clicks", "annotationClicks"), ("annotation_closes", "annotationCloses"),
    ("card_click_rate", ""), ("card_teaser_click_rate", ""),
    ("card_impressions", "cardImpressions"), ("card_teaser_impressions", "cardTeaserImpressions"),
    ("card_clicks", "cardClicks"), ("card_teaser_clicks", "cardTeaserClicks"),
    ("subscribers_gained", "subscribersGained"), ("subscribers_lost", "subscribersLost"),
    ("red_views", "redViews"), ("red_watch_time_minutes", "estimatedRedMinutesWatched"),
)  # fmt: skip
_BASIC_DIMENSIONS = (
    "date", "channel_id", "video_id", "live_or_on_demand", "subscribed_status", "country_code",
)  # fmt: skip
_RATES = (
    "average_view_duration_seconds", "average_view_duration_percentage",
    "annotation_click_through_rate", "annotation_close_rate",
)  # fmt: skip
_METRIC_COLUMNS = tuple((name, m) for name, m in (*_BASIC_METRICS, *_BASIC_LATER) if m)
_REACH = ("video_thumbnail_impressions", "video_thumbnail_impressions_ctr")
COLUMNS: dict[str, tuple[str, ...]] = {
    "channel_basic_a3": (
        *_BASIC_DIMENSIONS, *(name for name, _ in _BASIC_METRICS), *_RATES,
        *(name for name, _ in _BASIC_LATER),
    ),
    "channel_reach_basic_a1": ("date", "channel_id", "video_id", *_REACH),
    "channel_reach_combined_a1": (
        "date", "channel_id", "video_id", "traffic_source_type", "traffic_source_detail",
        "operating_system", "device_type", *_REACH,
    ),
}  # fmt: skip
"""The columns of the report types the sandbox fills, in Google's order."""
_CUBE_METRICS = tuple(m for _, m in _METRIC_COLUMNS)
_MAX_COUNTRIES = 8
_PART_OF_VIEWS = ("engagedViews", "redViews")
# Live viewers' share of a live stream's views on the day it was live (as the engine's).
_LIVE_SHARE = 0.65


def _stable(*parts: object) -> int:
    return zlib.crc32("/".join(map(str, parts)).encode())


def report_csv(world: World, channel_id: str, report_type_id: str, day: date) -> bytes:
    """The CSV of one day: the header line, then the rows (none for a day without data)."""
    columns = COLUMNS.get(report_type_id)
    if columns is None:  # a type the sandbox lists but does not model: the header alone
        return b"date,channel_id\n"
    cube, mix = world.cube(channel_id), world.mix(channel_id)
    if report_type_id == "channel_basic_a3":
        rows = _basic_rows(cube, mix, day)
    elif report_type_id == "channel_reach_basic_a1":
        rows = reach_basic_rows(cube, day)
    else:
        rows = reach_combined_rows(cube, mix, day)
    prefix = f"{day:%Y%m%d},{channel_id},"
    lines = [",".join(columns), *(prefix + row for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def number(value: float) -> str:
    """A rate as CSV text: exact enough to round-trip, short when it is zero."""
    return repr(float(value)) if value else "0.0"


def _cell_weights(
    cube: ChannelCube, mix: Mix, day: date, videos: np.ndarray, views: np.ndarray
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Per video (n, live/on demand × subscribed × country slot) weights per profile, and
    the country index of each video's slots."""
    n = len(videos)
    index = cube.day_index(day)
    days = np.array([float(index)])
    rng = np.random.default_rng(_stable("basic-countries", cube.seed, cube.channel.id, day))
    country = mix["country"]
    shares = mix.weights(country, days, "views")[0]
    # Weighted draw without replacement (Gumbel top-k): the countries of each video's day.
    keys = np.log(np.maximum(shares, 1e-300))[None, :] - np.log(
        -np.log(rng.random((n, len(shares))))
    )
    slots = np.argsort(-keys, axis=1)[:, :_MAX_COUNTRIES]
    wanted = np.minimum(_MAX_COUNTRIES, np.maximum(1, (np.log10(1.0 + views) * 3).astype(int)))
    used = np.arange(_MAX_COUNTRIES)[None, :] < wanted[:, None]
    live = np.zeros(n)
    live[cube.live_day[videos] == index] = _LIVE_SHARE
    lod = np.stack([live, 1.0 - live], axis=1)  # order of the live_or_on_demand labels
    weights: dict[str, np.ndarray] = {}
    for profile in ("views", "watch"):
        by_country = mix.weights(country, days, profile)[0][slots] * used
        status = mix.weights(mix["subscribedStatus"], days, profile)[0]
        cells = lod[:, :, None, None] * status[None, None, :, None] * by_country[:, None, None, :]
        weights[profile] = cells.reshape(n, -1)
    return weights, slots


def _basic_rows(cube: ChannelCube, mix: Mix, day: date) -> list[str]:
    own = video_day(cube, day, _CUBE_METRICS)
    views = own["views"]
    videos = np.nonzero(views > 0)[0]
    if not len(videos):
        return []
    weights, slots = _cell_weights(cube, mix, day, videos, views[videos])
    cells = {"views": split(views[videos], weights["views"])}
    got_views = cells["views"] > 0
    for metric in _CUBE_METRICS:
        if metric != "views":
            profile = "watch" if "MinutesWatched" in metric else "views"
            cells[metric] = split_among(own[metric][videos], weights[profile], got_views)
    for metric in _PART_OF_VIEWS:  # no row has more engaged or Premium views than views
        cells[metric] = within_limits(cells[metric], cells["views"])
    rows, where = np.nonzero(got_views)
    values = {m: c[rows, where] for m, c in cells.items()}
    lengths = np.array([cube.catalog.videos[i].duration / 60.0 for i in videos])[rows]
    minutes = values["estimatedMinutesWatched"].astype(np.float64)
    rates = {
        "average_view_duration_seconds": np.round(minutes * 60 / values["views"], 4),
        "average_view_duration_percentage": np.round(
            minutes * 100 / (values["views"] * lengths), 4
        ),
        "annotation_click_through_rate": np.zeros(len(rows)),  # annotations ended in 2019
        "annotation_close_rate": np.zeros(len(rows)),
        "card_click_rate": _ratio(values["cardClicks"], values["cardImpressions"]),
        "card_teaser_click_rate": _ratio(
            values["cardTeaserClicks"], values["cardTeaserImpressions"]
        ),
    }
    text = {name: [number(v) for v in rate.tolist()] for name, rate in rates.items()}
    text |= {name: [str(v) for v in values[m].tolist()] for name, m in _METRIC_COLUMNS}
    labels = [
        f"{cube.videos.ids[v]},{lod},{status}"
        for v in videos
        for lod in ("live", "on_demand")
        for status in ("subscribed", "unsubscribed")
    ]
    codes = mix["country"].values
    first = [
        f"{labels[row * 4 + cell // _MAX_COUNTRIES]},{codes[slots[row, cell % _MAX_COUNTRIES]]}"
        for row, cell in zip(rows.tolist(), where.tolist(), strict=True)
    ]
    metric_names = COLUMNS["channel_basic_a3"][len(_BASIC_DIMENSIONS) :]
    return [",".join(line) for line in zip(first, *(text[n] for n in metric_names), strict=True)]


def _ratio(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    safe = np.where(bottom > 0, bottom, 1)
    return np.asarray(np.round(np.where(bottom > 0, top / safe, 0.0), 6))
