"""The app's settings: an INI file (QSettings) holding no secrets.

Accounts keep only what can be shown (channel id, title, thumbnail path, granted
scopes); tokens live in the keyring. A broken file is set aside with a warning.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from ..api.atomic import atomic_path
from .accounts import Account

__all__ = ["Settings"]

_log = logging.getLogger(__name__)
_FORMAT = QSettings.Format.IniFormat


@dataclass
class Settings:
    """Everything the app remembers between runs, kept in memory and written as a whole."""

    accounts: dict[str, Account] = field(default_factory=dict)
    last_channel: str | None = None
    last_query: dict[str, Any] = field(default_factory=dict)
    geometry: bytes = b""
    window_state: bytes = b""
    open_panes: list[Any] = field(default_factory=list)
    """The report panes open at the last close: ``{"channel": id, "query": {...}}`` each."""
    watch_time_minutes: bool = False
    """Watch time in minutes rather than Studio's hours."""
    freshness_minutes: int = 60
    """A report fetched this recently answers the same query again (0: always fetch)."""
    history_max_mb: int = 512
    """The local report store is kept under this size, oldest reports purged first."""
    reach_sync_on_start: bool = True
    """Download new reach reports soon after the app starts (and a channel's once added)."""
    warnings: list[str] = field(default_factory=list, compare=False)

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read ``path``; unreadable parts are skipped and explained in ``warnings``."""
        settings = cls()
        if not path.exists():
            return settings
        store = QSettings(str(path), _FORMAT)
        if store.status() != QSettings.Status.NoError:
            aside = path.with_name(path.name + ".broken")
            try:
                os.replace(path, aside)
            except OSError:
                aside = path
            settings._warn(
                f"The settings file {path} could not be read and was ignored "
                f"(it is kept as {aside}). Defaults are used instead."
            )
            return settings
        settings._read(store)
        return settings

    def _read(self, store: QSettings) -> None:
        raw_accounts = self._json(store, "accounts/list", [])
        if isinstance(raw_accounts, list):
            for item in raw_accounts:
                try:
                    account = Account.from_dict(item)
                except ValueError as error:
                    self._warn(f"A saved channel was ignored: {error}.")
                    continue
                self.accounts[account.channel_id] = account
        last = _value(store, "accounts/last")
        self.last_channel = last if isinstance(last, str) and last in self.accounts else None
        query = self._json(store, "report/last_query", {})
        self.last_query = query if isinstance(query, dict) else {}
        # Each item is checked when its pane is reopened (and skipped with a warning there).
        # An old "report/run_in_current_pane" key is ignored, and dropped on the next save.
        panes = self._json(store, "report/open_panes", [])
        self.open_panes = panes if isinstance(panes, list) else []
        self.geometry = _bytes(_value(store, "window/geometry"))
        self.window_state = _bytes(_value(store, "window/state"))
        self.watch_time_minutes = _value(store, "view/watch_time_minutes") in (True, "true")
        self.freshness_minutes = _whole(_value(store, "history/freshness_minutes"), 60, 0, 10080)
        self.history_max_mb = _whole(_value(store, "history/max_mb"), 512, 16, 1_048_576)
        self.reach_sync_on_start = _value(store, "reach/sync_on_start") not in (False, "false")

    def _json(self, store: QSettings, key: str, default: Any) -> Any:
        text = _value(store, key)
        if text is None:
            return default
        try:
            return json.loads(str(text))
        except ValueError:
            self._warn(f"The saved value of '{key}' was unreadable and was ignored.")
            return default

    def _warn(self, message: str) -> None:
        _log.warning("%s", message)
        self.warnings.append(message)

    def save(self, path: Path) -> None:
        """Write atomically (a temporary INI in the same folder, then a rename), owner-only."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path, mode=0o600) as temp:
            store = QSettings(str(temp), _FORMAT)
            store.setValue(
                "accounts/list",
                json.dumps([_account_dict(a) for a in self.accounts.values()]),
            )
            if self.last_channel:
                store.setValue("accounts/last", self.last_channel)
            store.setValue("report/last_query", json.dumps(self.last_query, default=str))
            store.setValue("report/open_panes", json.dumps(self.open_panes, default=str))
            store.setValue("window/geometry", QByteArray(self.geometry))
            store.setValue("window/state", QByteArray(self.window_state))
            store.setValue("view/watch_time_minutes", self.watch_time_minutes)
            store.setValue("history/freshness_minutes", self.freshness_minutes)
            store.setValue("history/max_mb", self.history_max_mb)
            store.setValue("reach/sync_on_start", self.reach_sync_on_start)
            store.sync()
            if store.status() != QSettings.Status.NoError:
                raise OSError(f"the settings could not be written to {path.parent}")
            del store

    def snapshot(self) -> Settings:
        """A copy that a worker thread can write while the GUI goes on changing this one."""
        return Settings(
            accounts=dict(self.accounts),
            last_channel=self.last_channel,
            last_query=json.loads(json.dumps(self.last_query, default=str)),
            geometry=self.geometry,
            window_state=self.window_state,
            open_panes=json.loads(json.dumps(self.open_panes, default=str)),
            watch_time_minutes=self.watch_time_minutes,
            freshness_minutes=self.freshness_minutes,
            history_max_mb=self.history_max_mb,
            reach_sync_on_start=self.reach_sync_on_start,
        )


def _account_dict(account: Account) -> dict[str, Any]:
    data = asdict(account)
    data["scopes"] = list(account.scopes)
    return data


def _value(store: QSettings, key: str) -> Any:
    """The value at ``key``, or None; Qt is never asked for a missing key, as PySide6
    mishandles the reference count of the None it would return."""
    return store.value(key) if store.contains(key) else None


def _whole(value: Any, default: int, low: int, high: int) -> int:
    """An integer setting (QSettings gives INI values back as text) within its bounds."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, low), high)


def _bytes(value: Any) -> bytes:
    if isinstance(value, QByteArray):
        return bytes(value.data())
    if isinstance(value, bytes):
        return value
    return b""
