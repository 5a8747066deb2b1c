from __future__ import annotations

import json
import stat
import time
from pathlib import Path

import pytest

from analytix_desktop.api import Tokens
from analytix_desktop.api.errors import AuthorisationError
from analytix_desktop.api.tokens import EXPIRY_MARGIN, MAX_ACCESS_LIFETIME, expiry_after

RESPONSE = {
    "access_token": "ya29.access",
    "expires_in": 3599,
    "refresh_token": "1//refresh",
    "scope": "https://www.googleapis.com/auth/yt-analytics.readonly",
    "token_type": "Bearer",
    "refresh_token_expires_in": 604799,
    "some_future_field": {"x": 1},
}


def test_from_response_records_absolute_expiry() -> None:
    tokens = Tokens.from_dict(RESPONSE, received_at=1000.0)
    assert tokens.expires_at == 1000.0 + 3599
    assert tokens.refresh_token_expires_in == 604799
    assert tokens.id_token is None


def test_expired_uses_expiry_with_margin() -> None:
    now = time.time()
    assert not Tokens("a", expires_at=now + EXPIRY_MARGIN + 30).expired
    assert Tokens("a", expires_at=now + EXPIRY_MARGIN - 30).expired
    assert Tokens("a").expired  # unknown expiry


def test_analytix_tokens_file_loads_with_unknown_expiry(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    path.write_text(json.dumps({k: v for k, v in RESPONSE.items() if k != "some_future_field"}))
    tokens = Tokens.load_from(path)
    assert tokens.access_token == "ya29.access"
    assert tokens.expires_at == 0.0


def test_save_round_trip_is_private_and_atomic(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    path.write_text("old")
    path.chmod(0o644)
    tokens = Tokens.from_dict(RESPONSE, received_at=5.0)
    tokens.save_to(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Tokens.load_from(path) == tokens
    assert [p.name for p in tmp_path.iterdir()] == ["tokens.json"]
    assert "some_future_field" not in path.read_text()


def test_refresh_keeps_refresh_token_and_updates_expiry() -> None:
    tokens = Tokens.from_dict(RESPONSE, received_at=0.0)
    tokens.refresh(
        {
            "access_token": "ya29.new",
            "expires_in": 100,
            "scope": "s",
            "token_type": "Bearer",
            "new_field": True,
        },
        received_at=50.0,
    )
    assert tokens.access_token == "ya29.new"
    assert tokens.refresh_token == "1//refresh"
    assert tokens.expires_at == 150.0
    assert tokens.scope == "s"


def test_refresh_takes_a_rotated_refresh_token() -> None:
    tokens = Tokens.from_dict(RESPONSE)
    tokens.refresh({"access_token": "b", "expires_in": 1, "refresh_token": "1//new"})
    assert tokens.refresh_token == "1//new"


@pytest.mark.parametrize(
    "text", ["nope", "[]", '{"expires_in": 3}', '{"access_token": "a", "expires_in": "soon"}']
)
def test_bad_token_data(text: str) -> None:
    with pytest.raises(AuthorisationError):
        Tokens.from_json(text)


def test_repr_hides_tokens() -> None:
    text = repr(Tokens.from_dict(RESPONSE))
    assert "ya29" not in text
    assert "1//" not in text


def test_load_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AuthorisationError, match="could not be read"):
        Tokens.load_from(tmp_path / "missing.json")


# -- unusable token data ------------------------------------------------------------------


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e999", "-5"])
@pytest.mark.parametrize("field", ["expires_in", "expires_at", "refresh_token_expires_in"])
def test_non_finite_or_negative_times_are_refused(field: str, value: str) -> None:
    text = json.dumps({k: v for k, v in RESPONSE.items() if k != field})
    text = text[:-1] + f', "{field}": {value}}}'
    with pytest.raises(AuthorisationError, match=f"{field} is not a finite, non-negative"):
        Tokens.from_json(text, received_at=time.time())
    quoted = {**RESPONSE, field: value.lower()}  # as text, the way tokeninfo sends numbers
    with pytest.raises(AuthorisationError, match=field):
        Tokens.from_dict(quoted, received_at=time.time())


def test_a_huge_integer_expiry_is_refused() -> None:
    with pytest.raises(AuthorisationError, match="expires_in is not a number"):
        Tokens.from_dict({**RESPONSE, "expires_in": 10**400}, received_at=0.0)


def test_an_expiry_over_a_day_away_is_taken_as_unknown() -> None:
    now = time.time()
    saved = Tokens.from_dict({**RESPONSE, "expires_at": now + 10 * 365 * 86400})
    assert saved.expires_at == 0.0
    assert saved.expired
    answered = Tokens.from_dict({**RESPONSE, "expires_in": 10**9}, received_at=now)
    assert answered.expires_at == 0.0
    assert answered.expired
    usual = Tokens.from_dict({**RESPONSE, "expires_at": now + MAX_ACCESS_LIFETIME - 60})
    assert not usual.expired


def test_a_non_finite_expiry_set_directly_counts_as_expired() -> None:
    assert Tokens("a", expires_at=float("nan")).expired
    assert Tokens("a", expires_at=float("inf")).expired


def test_expiry_after_takes_tokeninfo_text() -> None:
    assert expiry_after("3599", 100.0) == 3699.0
    with pytest.raises(AuthorisationError):
        expiry_after("nan", 100.0)
    with pytest.raises(AuthorisationError):
        expiry_after(None, 100.0)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"scope": ["a", "b"]}, "scope"),
        ({"scope": None}, "scope"),
        ({"token_type": 1}, "token_type"),
        ({"refresh_token": {"x": 1}}, "refresh_token"),
        ({"id_token": 5}, "id_token"),
        ({"expires_in": True}, "expires_in"),
        ({"expires_in": [1]}, "expires_in"),
        ({"expires_at": None}, "expires_at"),
    ],
)
def test_fields_of_the_wrong_type_are_refused(changes: dict[str, object], field: str) -> None:
    with pytest.raises(AuthorisationError, match=field) as info:
        Tokens.from_dict({**RESPONSE, **changes})
    assert "ya29" not in str(info.value)


def test_optional_fields_may_be_null() -> None:
    tokens = Tokens.from_dict(
        {**RESPONSE, "refresh_token": None, "id_token": None, "refresh_token_expires_in": None}
    )
    assert tokens.refresh_token is None
    assert tokens.refresh_token_expires_in is None


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"\xff\xfe\x00garbage", "is not UTF-8 text"),
        (b"[" * 100000, "is not JSON"),
        (b'{"access_token": "ya29.secret", "expires_at": NaN}', "expires_at"),
        (b'{"access_token": "ya29.secret", "scope": 3}', "scope is not text"),
    ],
)
def test_unusable_files_are_named_without_their_content(
    tmp_path: Path, content: bytes, match: str
) -> None:
    path = tmp_path / "tokens.json"
    path.write_bytes(content)
    with pytest.raises(AuthorisationError, match=match) as info:
        Tokens.load_from(path)
    assert str(path) in str(info.value)
    assert "ya29" not in str(info.value)
