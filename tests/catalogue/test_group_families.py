"""A group filter's report family follows the group's item type, as Google decides it."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import pytest

from analytix_desktop.api.catalogue import (
    accepting,
    candidates,
    complete,
    detect,
    family_types,
    options,
    validate,
)
from analytix_desktop.api.errors import InvalidRequest

from .support import query

PLAYLIST_GROUP = {"Gcook": "playlist"}
VIDEO_GROUP = {"Gcook": "video"}


def refused(groups: dict[str, str], **fields: object) -> InvalidRequest:
    with pytest.raises(InvalidRequest) as info:
        validate(query(**fields), groups=groups)
    return info.value


def test_a_playlist_group_refuses_video_only_filters_in_plain_words() -> None:
    error = refused(PLAYLIST_GROUP, filters={"group": "Gcook", "deviceType": "TV"},
                    metrics=("views",))  # fmt: skip
    assert str(error) == (
        "group 'Gcook' is a playlist group: playlist reports do not take the 'deviceType' filter"
    )
    assert (error.kind, error.field, error.value) == ("unsupported", "filters", "deviceType")


def test_a_playlist_group_gets_playlist_reports() -> None:
    q = query(dimensions=("day",), filters={"group": "Gcook"}, metrics=("views",))
    assert validate(q).name == "Time-based activity"  # family unknown: video first
    assert validate(q, groups=PLAYLIST_GROUP).name == "Time-based activity for playlists"
    assert detect(q, groups=PLAYLIST_GROUP).name == "Time-based activity for playlists"
    assert {rt.playlist for rt in accepting(q, groups=PLAYLIST_GROUP)} == {True}
    assert {rt.playlist for rt in accepting(q, groups=VIDEO_GROUP)} == {False}


def test_a_video_group_refuses_playlist_metrics() -> None:
    error = refused(VIDEO_GROUP, filters={"group": "Gcook"}, metrics=("playlistStarts",))
    assert str(error) == (
        "group 'Gcook' is a video group: video reports do not take the 'playlistStarts' metric"
    )
    assert (error.field, error.value) == ("metrics", "playlistStarts")


def test_a_family_refusal_without_an_alien_item_names_the_closest_report() -> None:
    error = refused(PLAYLIST_GROUP, dimensions=("insightPlaybackLocationDetail",),
                    filters={"group": "Gcook"}, metrics=("playlistViews",))  # fmt: skip
    message = str(error)
    assert message.startswith("group 'Gcook' is a playlist group, so only playlist reports apply")
    assert "'Playback locations for playlists (detailed)'" in message


@pytest.mark.parametrize(("item_type", "playlist"),
                         [("youtube#playlist", True), ("youtube#video", False)])  # fmt: skip
def test_googles_item_kinds_are_understood(item_type: str, playlist: bool) -> None:
    q = query(filters={"group": "Gcook"}, metrics=("views",))
    assert validate(q, groups={"Gcook": item_type}).playlist is playlist


@pytest.mark.parametrize("groups", [None, {}, {"other": "playlist"}, {"Gcook": "youtube#channel"}])
def test_unknown_groups_keep_both_families_open(groups: dict[str, str] | None) -> None:
    q = query(filters={"group": "Gcook"}, metrics=("views", "likes"))
    assert validate(q, groups=groups).name == "Basic user activity"
    q = query(filters={"group": "Gcook"}, metrics=("playlistStarts",))
    assert validate(q, groups=groups).name == "Basic user activity for playlists"


def test_groups_do_not_matter_without_a_group_filter() -> None:
    q = query(filters={"playlist": "p1"}, metrics=("playlistStarts",))
    assert validate(q, groups=VIDEO_GROUP).name == "Basic user activity for playlists"


# -- the builder's pickers: options, candidates and complete take the same groups ----------


@pytest.mark.parametrize("function", [options, candidates, complete, family_types])
def test_groups_is_keyword_only_and_optional(function: Callable[..., object]) -> None:
    parameter = inspect.signature(function).parameters["groups"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is None


def test_a_playlist_group_disables_video_only_choices_in_plain_words() -> None:
    q = query(filters={"group": "Gcook"})
    opts = options(q, groups=PLAYLIST_GROUP)
    assert {rt.playlist for rt in opts.report_types} == {True}
    assert opts.filters["deviceType"].reason == (
        "group 'Gcook' is a playlist group: playlist reports do not take the 'deviceType' filter"
    )
    assert opts.metrics["likes"].reason == (
        "group 'Gcook' is a playlist group: playlist reports do not take the 'likes' metric"
    )
    assert opts.dimensions["sharingService"].reason == (
        "group 'Gcook' is a playlist group: playlist reports do not take the"
        " 'sharingService' dimension"
    )
    assert opts.metrics["playlistStarts"].valid
    assert opts.dimensions["day"].valid
    open_family = options(q)
    assert open_family.filters["deviceType"].valid
    assert open_family.metrics["likes"].valid


def test_a_video_group_disables_playlist_only_choices() -> None:
    opts = options(query(filters={"group": "Gcook"}), groups=VIDEO_GROUP)
    assert {rt.playlist for rt in opts.report_types} == {False}
    assert opts.metrics["playlistStarts"].reason == (
        "group 'Gcook' is a video group: video reports do not take the 'playlistStarts' metric"
    )
    assert opts.metrics["likes"].valid
    assert opts.filters["deviceType"].valid
    # retention metrics belong to video reports: the group is not why they are refused
    assert not opts.metrics["audienceWatchRatio"].valid
    assert "group" in opts.metrics["audienceWatchRatio"].reason
    assert "video group" not in opts.metrics["audienceWatchRatio"].reason


def test_an_item_no_report_takes_is_not_blamed_on_the_group() -> None:
    opts = options(query(filters={"group": "Gcook"}), groups=PLAYLIST_GROUP)
    reason = opts.dimensions["claimedStatus"].reason
    assert reason == "no channel report takes dimension 'claimedStatus'"


def test_a_dead_choice_explains_itself_with_the_group() -> None:
    q = query(filters={"group": "Gcook", "deviceType": "TV"})
    opts = options(q, groups=PLAYLIST_GROUP)
    assert opts.report_types == ()
    assert opts.metrics["views"].reason == (
        "the current choice fits no report type: group 'Gcook' is a playlist group: playlist"
        " reports do not take the 'deviceType' filter"
    )


def test_candidates_and_complete_stay_in_the_family() -> None:
    q = query(dimensions=("day",), filters={"group": "Gcook"})
    assert candidates(q)[0].name == "Time-based activity"
    fits = candidates(q, groups=PLAYLIST_GROUP)
    assert fits[0].name == "Time-based activity for playlists"
    assert {rt.playlist for rt in fits} == {True}
    full = complete(q, groups=PLAYLIST_GROUP)
    assert validate(full, groups=PLAYLIST_GROUP).name == "Time-based activity for playlists"
    assert "playlistStarts" in full.metrics
    assert family_types(q, groups=PLAYLIST_GROUP) == tuple(
        rt for rt in family_types(q) if rt.playlist
    )


BOTH = {"Gv": "youtube#video", "Gp": "youtube#playlist", "Gx": "youtube#channel"}


def test_the_group_picker_offers_only_groups_that_keep_a_report() -> None:
    # playlist reports take no location filter since Jan 2024
    assert options(query(filters={"continent": "002"}), groups=BOTH).filter_values["group"] == (
        "Gv",
        "Gx",
    )
    opts = options(query(filters={"group": "Gp"}, metrics=("playlistStarts",)), groups=BOTH)
    assert opts.filter_values["group"] == ("Gp", "Gx")
    # views suit both families, so either kind of group may replace the chosen one
    assert "group" not in options(query(filters={"group": "Gp"}, metrics=("views",)),
                                  groups=BOTH).filter_values  # fmt: skip
    assert "group" not in options(query(filters={"continent": "002"})).filter_values
