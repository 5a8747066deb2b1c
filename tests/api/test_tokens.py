from __future__ import annotations

import json
import stat
import time
from pathlib import Path

import pytest

from analytix_desktop.api import Tokens
from analytix_desktop.api.errors import AuthorisationError
from analytix_desktop.api.tokens import EXPIRY_MARGIN

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
