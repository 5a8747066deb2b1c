"""The token store, settings, secrets import and thumbnail cache."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backends import null
from keyring.errors import KeyringLocked
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from analytix_desktop.api.errors import InvalidSecrets
from analytix_desktop.api.tokens import Tokens
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.sandbox.http import Response
from analytix_desktop.store import (
    SERVICE,
    Account,
    KeyringUnavailable,
    ThumbnailCache,
    TokenStore,
    TokenStoreError,
    backend_problem,
    import_secrets,
)
from analytix_desktop.store.settings import Settings

from .conftest import MemoryKeyring

TOKENS = Tokens(
    access_token="ya29.test", expires_in=3599, scope="s", refresh_token="1//r", expires_at=12345.0
)


def test_tokens_round_trip_in_the_keyring(memory_keyring: MemoryKeyring) -> None:
    store = TokenStore()
    assert store.problem() is None
    assert store.load("UCa") is None
    store.save("UCa", TOKENS)
    assert set(memory_keyring.entries) == {(SERVICE, "UCa")}
    assert json.loads(memory_keyring.entries[(SERVICE, "UCa")])["refresh_token"] == "1//r"
    loaded = store.load("UCa")
    assert loaded == TOKENS
    store.delete("UCa")
    store.delete("UCa")  # deleting what is not there is fine
    assert memory_keyring.entries == {}


def test_unreadable_entry_is_ignored(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.entries[(SERVICE, "UCa")] = "not json"
    assert TokenStore().load("UCa") is None


@pytest.mark.usefixtures("no_keyring")
def test_no_backend_is_detected_and_memory_is_an_explicit_choice(tmp_path: Path) -> None:
    store = TokenStore()
    assert store.problem() is not None
    assert "password manager" in store.problem()
    with pytest.raises(KeyringUnavailable) as caught:
        store.save("UCa", TOKENS)
    assert "session" in caught.value.hint
    with pytest.raises(KeyringUnavailable):
        store.load("UCa")
    store.use_memory()
    assert store.session_only
    assert store.problem() is None
    store.save("UCa", TOKENS)
    assert store.load("UCa") == TOKENS
    assert "memory" in store.describe()
    # Nothing was written anywhere on disk.
    assert list(tmp_path.iterdir()) == []


def test_unsafe_backends_are_refused() -> None:
    assert backend_problem(null.Keyring()) is not None
    assert backend_problem(MemoryKeyring()) is None

    class PlaintextKeyring(MemoryKeyring):
        pass

    assert "plain text" in (backend_problem(PlaintextKeyring()) or "")


def test_locked_keyring_is_a_clear_error(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*args: str) -> None:
        raise KeyringLocked("locked")

    monkeypatch.setattr(memory_keyring, "get_password", locked)
    with pytest.raises(TokenStoreError) as caught:
        TokenStore().load("UCa")
    assert "locked" in str(caught.value)
    assert "Unlock" in caught.value.hint
    assert "ya29" not in str(caught.value)


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "settings.ini"
    settings = Settings(
        accounts={
            "UCa": Account("UCa", "Alpha", "/t/a.png", ("s1", "s2"), "@alpha"),
            "UCb": Account("UCb", "Beta"),
        },
        last_channel="UCb",
        last_query={"tab": "time", "metrics": ["views"], "days": 28},
        geometry=b"\x01\x02geometry",
        window_state=b"\x00state\xff",
        open_panes=[{"channel": "UCa", "query": {"version": 1, "metrics": ["views"]}}],
        reach_sync_on_start=False,
    )
    settings.save(path)
    loaded = Settings.load(path)
    assert loaded == settings
    assert loaded.warnings == []
    text = path.read_text()
    assert "ya29" not in text
    assert "refresh" not in text
    assert [p.name for p in path.parent.iterdir()] == ["settings.ini"]  # no temp files left
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # the owner's, like the secrets


def test_a_failed_settings_save_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.ini"
    Settings(last_query={"tab": "old"}).save(path)
    before = path.read_bytes()

    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        Settings(last_query={"tab": "new"}).save(path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["settings.ini"]


def test_old_run_in_current_pane_setting_is_tolerated(tmp_path: Path) -> None:
    ini = tmp_path / "settings.ini"
    ini.write_text('[report]\nrun_in_current_pane=true\nopen_panes="{}"\n')
    settings = Settings.load(ini)
    assert settings.open_panes == []
    settings.save(ini)
    assert "run_in_current_pane" not in ini.read_text()


def test_missing_settings_give_defaults(tmp_path: Path) -> None:
    assert Settings.load(tmp_path / "nothing.ini") == Settings()


def test_broken_settings_file_is_ignored_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    path.write_text("[accounts\nlist=[{\n")
    settings = Settings.load(path)
    assert settings == Settings()
    assert settings.warnings
    assert "could not be read" in settings.warnings[0]
    assert (tmp_path / "settings.ini.broken").exists()
    settings.save(path)
    assert Settings.load(path).warnings == []


def test_broken_values_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    good = Settings(accounts={"UCa": Account("UCa", "Alpha")}, last_channel="UCa")
    good.save(path)
    text = path.read_text().replace("query={}", "query={not json")
    text = text.replace('list="[', 'list="[{\\"title\\": \\"no id\\"}, ')
    path.write_text(text)
    loaded = Settings.load(path)
    assert list(loaded.accounts) == ["UCa"]
    assert loaded.last_query == {}
    assert len(loaded.warnings) == 2


def test_import_secrets(sandbox: Sandbox, tmp_path: Path) -> None:
    source = sandbox.write_secrets(tmp_path / "downloaded.json")
    os.chmod(source, 0o644)
    target = tmp_path / "config" / "client_secrets.json"
    secrets = import_secrets(source, target)
    assert secrets.type == "installed"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text()) == json.loads(source.read_text())


def test_import_refuses_web_clients_and_other_files(tmp_path: Path) -> None:
    web = tmp_path / "web.json"
    web.write_text(
        json.dumps(
            {
                "web": {
                    "client_id": "x",
                    "client_secret": "y",
                    "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                    "token_uri": "https://oauth2.googleapis.com/token",
                }
            }
        )
    )
    target = tmp_path / "config" / "client_secrets.json"
    with pytest.raises(InvalidSecrets, match="Desktop app"):
        import_secrets(web, target)
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"name": "not a secrets file", "version": 2}')
    with pytest.raises(InvalidSecrets):
        import_secrets(wrong, target)
    with pytest.raises(InvalidSecrets):
        import_secrets(tmp_path / "missing.json", target)
    assert not target.exists()


def test_import_saves_what_was_validated(sandbox: Sandbox, tmp_path: Path) -> None:
    source = sandbox.write_secrets(tmp_path / "downloaded.json")
    data = json.loads(source.read_text())
    data["installed"]["redirect_uris"] = ["urn:ietf:wg:oauth:2.0:oob", "http://localhost"]
    data["installed"]["unknown_field"] = "kept out"
    source.write_text(json.dumps(data))
    target = tmp_path / "config" / "client_secrets.json"
    secrets = import_secrets(source, target)
    saved = json.loads(target.read_text())
    assert saved == secrets.to_dict()
    assert saved["installed"]["redirect_uris"] == ["http://localhost"]
    assert "unknown_field" not in saved["installed"]


@pytest.mark.parametrize("field", ["auth_uri", "token_uri", "auth_provider_x509_cert_url"])
def test_import_refuses_uris_off_google_and_this_computer(
    sandbox: Sandbox, tmp_path: Path, field: str
) -> None:
    source = sandbox.write_secrets(tmp_path / "crafted.json")
    data = json.loads(source.read_text())
    data["installed"][field] = "http://evil.example/steal"
    source.write_text(json.dumps(data))
    target = tmp_path / "config" / "client_secrets.json"
    with pytest.raises(InvalidSecrets, match=f"{field} must be an https address at Google") as info:
        import_secrets(source, target)
    assert "got http://evil.example/…" in str(info.value)
    assert data["installed"]["client_secret"] not in str(info.value)
    assert not target.exists()


def test_import_refuses_what_is_not_a_small_regular_file(tmp_path: Path) -> None:
    target = tmp_path / "config" / "client_secrets.json"
    big = tmp_path / "big.json"
    with big.open("wb") as file:
        file.truncate(76 * 1024 * 1024)
    with pytest.raises(InvalidSecrets, match="it is 76 MB; Google's are under 2 KB"):
        import_secrets(big, target)
    with pytest.raises(InvalidSecrets, match="it is a folder"):
        import_secrets(tmp_path, target)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.json")
        with pytest.raises(InvalidSecrets, match="it is a pipe"):
            import_secrets(tmp_path / "fifo.json", target)
    if Path("/dev/zero").exists():
        with pytest.raises(InvalidSecrets, match="it is a device"):
            import_secrets("/dev/zero", target)
    assert not target.exists()


def test_thumbnail_cache(sandbox: Sandbox, tmp_path: Path) -> None:
    png = QByteArray()
    buffer = QBuffer(png)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    image.save(buffer, "PNG")
    sandbox.route("GET", "/test/thumb.png", lambda _r: Response(200, png.data(), "image/png"))
    sandbox.route("GET", "/test/page", lambda _r: Response.html(200, "<p>not an image</p>"))
    cache = ThumbnailCache(tmp_path / "thumbs")
    assert cache.path_for("UC/a") is None
    assert cache.fetch("UC/a", "file:///etc/passwd") is None
    assert cache.fetch("UC/a", f"{sandbox.url}/no/such/image.png") is None
    assert cache.fetch("UC/a", f"{sandbox.url}/test/page") is None
    path = cache.fetch("UC/a", f"{sandbox.url}/test/thumb.png")
    assert path is not None
    assert path.parent == tmp_path / "thumbs"
    assert path.suffix == ".png"
    assert path.read_bytes() == png.data()
    assert cache.path_for("UC/a") == path
    cache.remove("UC/a")
    assert cache.path_for("UC/a") is None


def test_keyring_is_restored_after_tests() -> None:
    assert not isinstance(keyring.get_keyring(), MemoryKeyring)
