"""Several values in the video or playlist filter let that filter be a dimension too.

Google's channel_reports page, "Filters": with multiple values for ``video`` or ``playlist``,
the filter may also be added to the request's dimensions, even where the report does not
list it as a dimension. With a single value (or none) the dimension stays refused.
"""

from __future__ import annotations

import datetime as dt

import pytest

from analytix_desktop.api.catalogue import candidates, complete, options, validate
from analytix_desktop.api.catalogue.checks import violations

from .support import query, refusal

VIDEOS = {"video": "vid00000001,vid00000002"}
PLAYLISTS = {"playlist": "PLone,PLtwo"}


@pytest.mark.parametrize(
    ("dimensions", "filters", "metrics", "name"),
    [
        (("day", "video"), VIDEOS, ("views", "likes"), "Time-based activity"),
        (("video",), VIDEOS, ("views", "likes"), "Basic user activity"),
        (("country", "video"), VIDEOS, ("views",), "Geography-based activity"),
        (("deviceType", "video"), VIDEOS, ("views",), "Device types"),
        (("insightTrafficSourceType", "video"), VIDEOS, ("views",), "Traffic sources"),
        (("day", "playlist"), PLAYLISTS, ("playlistViews",), "Time-based activity for playlists"),
        (("deviceType", "playlist"), PLAYLISTS, ("views",), "Device types for playlists"),
    ],
)
def test_several_values_make_the_filter_a_dimension(
    dimensions: tuple[str, ...], filters: dict[str, str], metrics: tuple[str, ...], name: str
) -> None:
    assert validate(query(dimensions=dimensions, filters=filters, metrics=metrics)).name == name


@pytest.mark.parametrize(
    ("dimensions", "filters", "metrics"),
    [
        (("day", "video"), {"video": "vid00000001"}, ("views",)),
        (("day", "video"), {}, ("views",)),
        (("day", "playlist"), {"playlist": "PLone"}, ("playlistViews",)),
    ],
)
def test_one_value_keeps_the_dimension_refused(
    dimensions: tuple[str, ...], filters: dict[str, str], metrics: tuple[str, ...]
) -> None:
    error = refusal(query(dimensions=dimensions, filters=filters, metrics=metrics))
    assert (error.kind, error.field) == ("unsupported", "dimensions")
    assert error.value == dimensions[1]


def test_the_refusal_says_what_would_make_it_valid() -> None:
    error = refusal(query(dimensions=("day", "video"), filters={"video": "v1"},
                          metrics=("views",)))  # fmt: skip
    assert "dimension 'video' is not available in 'Time-based activity' unless the 'video'" in (
        str(error)
    )


def test_reports_that_take_a_single_video_stay_single() -> None:
    """Audience retention names one video; several are refused, as a dimension or not."""
    error = refusal(query(dimensions=("elapsedVideoTimeRatio", "video"), filters=VIDEOS,
                          metrics=("audienceWatchRatio",)))  # fmt: skip
    assert error.field in ("dimensions", "filters")


def test_the_other_rules_still_apply() -> None:
    # the video-days cap of traffic sources counts every listed video
    many = ",".join(f"vid{n:08d}" for n in range(500))
    error = refusal(query(dimensions=("insightTrafficSourceType", "video"),
                          filters={"video": many}, metrics=("views",),
                          end_date=dt.date(2024, 12, 31)))  # fmt: skip
    assert "video-days" in str(error)
    # and a dimension the report does not take is refused as before
    error = refusal(query(dimensions=("day", "video", "ageGroup"), filters=VIDEOS,
                          metrics=("views",)))  # fmt: skip
    assert error.field in ("dimensions", "metrics")


def test_options_offer_the_dimension_only_with_several_values() -> None:
    assert options(query(dimensions=("day",), filters=VIDEOS)).dimensions["video"].valid
    assert options(query(dimensions=("day",), filters=PLAYLISTS)).dimensions["playlist"].valid
    single = options(query(dimensions=("day",), filters={"video": "vid00000001"}))
    unfiltered = options(query(dimensions=("day",)))
    assert single.dimensions["video"] == unfiltered.dimensions["video"]
    assert not single.dimensions["video"].valid
    assert single.dimensions["video"].reason == (
        "dimension 'video' needs several values in the 'video' filter"
    )


def test_a_listed_dimension_keeps_its_report_a_candidate() -> None:
    q = query(dimensions=("day", "video"), filters=VIDEOS)
    fits = candidates(q)
    assert fits
    assert fits[0].name == "Time-based activity"
    opts = options(q)
    assert opts.metrics["likes"].valid
    assert not opts.dimensions["video"].valid  # already chosen
    assert opts.dimensions["creatorContentType"].valid
    full = complete(q)
    assert full.dimensions == ("day", "video")
    rtype = validate(full)
    assert rtype.name == "Time-based activity"
    assert violations(rtype, full) == []


def test_a_refusal_blames_the_item_that_clashes_not_the_listed_dimension() -> None:
    # viewer demographics take a video list as a dimension, but no day
    opts = options(query(dimensions=("video", "day"), filters=VIDEOS))
    assert opts.metrics["viewerPercentage"].reason == (
        "metric 'viewerPercentage' cannot be combined with dimension 'day'"
    )
