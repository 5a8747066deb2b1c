"""Every breakdown of an additive metric adds up exactly to the total of the same query."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.cube import MICROS, PLAYLIST_METRICS, VIDEO_METRICS
from analytix_desktop.sandbox.engine import Selection, evaluate
from analytix_desktop.sandbox.families import FAMILY_ORDER
from analytix_desktop.sandbox.results import columns

LAST = datetime.now(UTC).date() - timedelta(days=2)
# city leaves out views Google cannot place, as the real city report does
BREAKDOWNS = ("day", "month", "video", "creatorContentType",
              *(f for f in FAMILY_ORDER if f != "city"))  # fmt: skip
ADDITIVE = tuple(m for m in VIDEO_METRICS if not m.startswith("_"))


@pytest.fixture(scope="module")
def world(sandbox_session: Sandbox) -> object:
    return sandbox_session.world  # type: ignore[attr-defined]


@st.composite
def queries(draw: st.DrawFn, world: object) -> tuple[str, Selection, str]:
    channel = draw(st.sampled_from(sorted(world.catalogs)))  # type: ignore[attr-defined]
    mix = world.mix(channel)  # type: ignore[attr-defined]
    catalog = world.catalog(channel)  # type: ignore[attr-defined]
    span = draw(st.integers(0, 400))
    end = LAST - timedelta(days=draw(st.integers(0, 900)))
    playlists = draw(st.booleans()) and bool(catalog.playlists)
    dimension = draw(
        st.sampled_from(
            BREAKDOWNS if not playlists else ("day", "playlist", "country", "deviceType")
        )
    )
    filters: dict[str, tuple[str, ...]] = {}
    for name in draw(st.lists(st.sampled_from(FAMILY_ORDER), max_size=2, unique=True)):
        values = mix[name].values[: len(mix[name].values) - mix[name].hidden]
        filters[name] = tuple(draw(st.lists(st.sampled_from(values), min_size=1, max_size=3)))
    if {"province", "dma"} & {dimension, *filters}:  # Google's US reports filter on country==US
        filters["country"] = ("US",)
    entities = None
    pool = [p.id for p in catalog.playlists] if playlists else [v.id for v in catalog.videos]
    if draw(st.booleans()):
        entities = tuple(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=8)))
    metrics = PLAYLIST_METRICS if playlists else ADDITIVE
    selection = Selection(
        end - timedelta(days=span), end, metrics, (), filters, entities, playlists
    )
    return channel, selection, dimension


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_breakdown_sums_to_the_total(world: object, data: st.DataObject) -> None:
    channel, selection, dimension = data.draw(queries(world))
    cube, mix = world.cube(channel), world.mix(channel)  # type: ignore[attr-defined]
    total = evaluate(cube, mix, selection)
    selection.dimensions = (dimension,)
    broken = evaluate(cube, mix, selection)
    rows = columns(broken, (dimension,), selection.metrics)
    for metric in selection.metrics:
        whole = int(total.cells[metric].sum())
        assert int(broken.cells[metric].sum()) == whole, (metric, dimension)
        shown = sum(rows[metric])  # type: ignore[arg-type]
        if metric in MICROS:  # revenue is kept in micro-dollars, reported in dollars
            assert shown == pytest.approx(whole / 1e6, abs=1e-5), (metric, dimension)
        else:
            assert shown == whole, (metric, dimension)
        assert np.all(broken.cells[metric] >= 0)


def test_a_filter_equals_its_row_of_the_breakdown(world: object) -> None:
    channel = sorted(world.catalogs)[0]  # type: ignore[attr-defined]
    cube, mix = world.cube(channel), world.mix(channel)  # type: ignore[attr-defined]
    start, end = LAST - timedelta(days=90), LAST
    rows = columns(
        evaluate(cube, mix, Selection(start, end, ("views",), ("deviceType",))),
        ("deviceType",),
        ("views",),
    )
    for device, views in zip(rows["deviceType"], rows["views"], strict=True):
        only = Selection(start, end, ("views",), (), {"deviceType": (str(device),)})
        assert int(evaluate(cube, mix, only).cells["views"].sum()) == views


def test_filtered_breakdown_with_a_later_filter(world: object) -> None:
    channel = sorted(world.catalogs)[1]  # type: ignore[attr-defined]
    cube, mix = world.cube(channel), world.mix(channel)  # type: ignore[attr-defined]
    filters = {"country": ("AD", "AE", "US"), "subscribedStatus": ("SUBSCRIBED",)}
    for offset in range(0, 300, 7):
        day = LAST - timedelta(days=offset)
        total = evaluate(cube, mix, Selection(day, day, ("views",), (), dict(filters)))
        broken = evaluate(cube, mix, Selection(day, day, ("views",), ("country",), dict(filters)))
        assert broken.cells["views"].sum() == total.cells["views"].sum()
