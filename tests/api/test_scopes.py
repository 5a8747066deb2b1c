from __future__ import annotations

import pytest

from analytix_desktop.api import Scopes
from analytix_desktop.api.errors import AuthorisationError

READONLY_URL = "https://www.googleapis.com/auth/yt-analytics.readonly"
MONETARY_URL = "https://www.googleapis.com/auth/yt-analytics-monetary.readonly"


def test_formatted_lists_each_scope_url() -> None:
    assert Scopes.READONLY.formatted == READONLY_URL
    assert Scopes.ALL.formatted == f"{READONLY_URL} {MONETARY_URL}"
    assert Scopes.ALL_JWT.formatted == (
        "openid https://www.googleapis.com/auth/userinfo.profile "
        "https://www.googleapis.com/auth/userinfo.email"
    )
    both = (Scopes.READONLY | Scopes.YOUTUBE).formatted.split()
    assert both == [READONLY_URL, "https://www.googleapis.com/auth/youtube"]


def test_analytix_values_are_kept() -> None:
    assert [Scopes.READONLY.value, Scopes.MONETARY_READONLY.value, Scopes.ALL.value] == [1, 2, 3]
    assert Scopes.ALL_JWT == Scopes.OPENID | Scopes.PROFILE | Scopes.EMAIL


@pytest.mark.parametrize("scopes", [Scopes.OPENID, Scopes.ALL_JWT, Scopes.YOUTUBE, Scopes(0)])
def test_validate_needs_an_analytics_scope(scopes: Scopes) -> None:
    with pytest.raises(AuthorisationError, match="READONLY or MONETARY_READONLY"):
        scopes.validate()


@pytest.mark.parametrize("scopes", [Scopes.READONLY, Scopes.MONETARY_READONLY, Scopes.ALL])
def test_validate_accepts_analytics_scopes(scopes: Scopes) -> None:
    (scopes | Scopes.OPENID).validate()


def test_from_formatted_reads_google_rewrites() -> None:
    granted = f"openid {READONLY_URL} email profile https://example.com/unknown"
    assert Scopes.from_formatted(granted) == Scopes.READONLY | Scopes.ALL_JWT
    assert Scopes.from_formatted(Scopes.ALL.formatted) == Scopes.ALL
    assert Scopes.from_formatted("") == Scopes(0)


def test_covers() -> None:
    assert Scopes.ALL.covers(Scopes.READONLY)
    assert not Scopes.READONLY.covers(Scopes.ALL)
    assert (Scopes.READONLY | Scopes.YOUTUBE).covers(Scopes.READONLY | Scopes.YOUTUBE_READONLY)
    assert not (Scopes.READONLY | Scopes.YOUTUBE_READONLY).covers(Scopes.YOUTUBE)
