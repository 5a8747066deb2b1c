"""The vocabulary tables: sizes, order and the geography helpers."""

from __future__ import annotations

import pytest

from analytix_desktop.api import catalogue as c


def test_metrics_extend_analytix_in_canonical_order() -> None:
    names = list(c.METRICS)
    assert len(names) == 52
    assert names[:3] == ["views", "engagedViews", "redViews"]
    retention = names.index("relativeRetentionPerformance")
    assert names[retention + 1 : retention + 4] == [
        "startedWatching",
        "stoppedWatching",
        "totalSegmentImpressions",
    ]
    assert names[retention + 4 : retention + 7] == [
        "averageConcurrentViewers",
        "peakConcurrentViewers",
        "membershipsCancellationSurveyResponses",
    ]
    assert names[-1] == "viewsPerPlaylistStart"


def test_metric_records_are_typed() -> None:
    assert c.METRICS["views"].data_type == "INTEGER"
    assert c.METRICS["averageViewPercentage"].data_type == "FLOAT"
    assert c.METRICS["estimatedRevenue"].revenue
    assert c.METRICS["estimatedRevenue"].additive
    assert not c.METRICS["averageViewDuration"].additive
    assert {
        "estimatedRevenue",
        "estimatedAdRevenue",
        "grossRevenue",
        "estimatedRedPartnerRevenue",
        "monetizedPlaybacks",
        "playbackBasedCpm",
        "adImpressions",
        "cpm",
    } == c.REVENUE_METRICS
    assert all(m.title and m.description for m in c.METRICS.values())


def test_dimensions_and_filters() -> None:
    assert len(c.DIMENSIONS) == 29
    assert all(d.title and d.description for d in c.DIMENSIONS.values())
    assert "creatorContentType" not in c.FILTERS
    assert {"continent", "subContinent", "group"} <= c.FILTERS.keys()
    assert c.FILTERS["video"].values == {}
    assert c.FILTERS["deviceType"].values["MOBILE"] == "Mobile phone"


def test_traffic_sources_are_current() -> None:
    values = c.FILTERS["insightTrafficSourceType"].values
    assert "YT_PLAYLIST_PAGE" not in values  # merged into PLAYLIST in Dec 2023
    assert {"SHORTS", "HASHTAGS", "SOUND_PAGE", "VIDEO_REMIXES"} <= values.keys()


def test_elapsed_video_time_ratios_are_spelt_like_google() -> None:
    values = list(c.FILTERS["elapsedVideoTimeRatio"].values)
    assert len(values) == 100
    assert values[0] == "0.01"
    assert values[9] == "0.1"
    assert values[-1] == "1.0"


def test_geography() -> None:
    assert len(c.COUNTRIES) == 249
    assert c.COUNTRIES["GB"] == "United Kingdom"
    assert len(c.CONTINENTS) == 5
    assert len(c.SUBCONTINENTS) == 22
    assert len(c.PROVINCES) == 51
    assert c.PROVINCES["US-DC"] == "District of Columbia"
    members = [country for region in c.SUBCONTINENTS.values() for country in region.countries]
    assert len(members) == len(set(members)) == 248  # every country but Antarctica
    assert sorted(members) == sorted(set(c.COUNTRIES) - {"AQ"})


@pytest.mark.parametrize(
    ("country", "continent", "subcontinent"),
    [("FR", "Europe", "Western Europe"), ("jp", "Asia", "Eastern Asia"), ("BR", "Americas",
     "South America"), ("NZ", "Oceania", "Australia and New Zealand"), ("EG", "Africa",
     "Northern Africa")],
)  # fmt: skip
def test_continent_of(country: str, continent: str, subcontinent: str) -> None:
    region = c.continent_of(country)
    sub = c.subcontinent_of(country)
    assert region is not None
    assert region.name == continent
    assert sub is not None
    assert sub.name == subcontinent
    assert country.upper() in region.countries


def test_no_region_for_antarctica_or_unknown() -> None:
    assert c.continent_of("AQ") is None
    assert c.subcontinent_of("XX") is None


def test_currencies() -> None:
    assert c.CURRENCIES["USD"] == "US dollar"
    assert all(len(code) == 3 and code.isupper() for code in c.CURRENCIES)
    assert len(c.CURRENCIES) > 150
