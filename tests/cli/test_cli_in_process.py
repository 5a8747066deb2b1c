"""The command line called in-process (``cli.main`` with argv), where a subprocess would
add nothing: channel names, usage errors, exit codes, the progress line on a terminal,
and the dispatch between the GUI and the commands."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analytix_desktop.__main__ import main as app_main
from analytix_desktop.api.endpoints import Endpoints
from analytix_desktop.api.errors import (
    InvalidRequest,
    InvalidSecrets,
    NetworkError,
    NotAuthorised,
    RateLimited,
    RefreshTokenExpired,
    ServerError,
)
from analytix_desktop.cli import main
from analytix_desktop.cli.failures import exit_code
from analytix_desktop.core.definitions import DefinitionError
from analytix_desktop.sandbox import Sandbox
from analytix_desktop.store.accounts import Account
from analytix_desktop.store.paths import AppPaths
from analytix_desktop.store.settings import Settings
from analytix_desktop.store.tokens import TokenStoreError

from .conftest import Connected
from .support import ROOT

DEFINITION = {
    "name": "Countries",
    "dimensions": ["country"],
    "metrics": ["views"],
    "sort": ["-views"],
    "range": "last_90_days",
}


class Terminal(io.StringIO):
    """stderr as a terminal would be: the progress line is drawn."""

    def isatty(self) -> bool:
        return True


def run(argv: list[str], endpoints: Endpoints | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, endpoints=endpoints, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def with_accounts(folder: Path, *accounts: Account) -> Path:
    Settings(accounts={a.channel_id: a for a in accounts}).save(
        AppPaths.under(folder).settings_file
    )
    return folder


def test_a_channel_is_found_by_id_or_unambiguous_title(tmp_path: Path) -> None:
    config = with_accounts(
        tmp_path,
        Account("UC1", "Cooking"),
        Account("UC2", "Travel"),
        Account("UC3", "travel"),
    )
    definition = tmp_path / "d.json"
    definition.write_text(json.dumps(DEFINITION), encoding="utf-8")
    base = ["export", "--definition", str(definition), "--output", str(tmp_path / "o.csv")]
    base += ["--config-dir", str(config)]

    code, _, err = run([*base, "--channel", "TRAVEL"])
    assert code == 2
    assert "names several channels" in err
    assert "UC2 (Travel)" in err
    assert "UC3 (travel)" in err
    code, _, err = run([*base, "--channel", "Gardening"])
    assert code == 2
    assert "not a connected channel" in err
    assert "UC1 (Cooking)" in err
    # Found, and then stopped for want of client secrets: no request could be made.
    code, _, err = run([*base, "--channel", "cooking"])
    assert code == 3
    assert "secrets import" in err
    assert not (tmp_path / "o.csv").exists()


def test_a_query_google_would_refuse_names_its_field(tmp_path: Path) -> None:
    config = with_accounts(tmp_path, Account("UC1", "Cooking"))
    definition = tmp_path / "d.json"
    definition.write_text(
        json.dumps({**DEFINITION, "dimensions": ["video"], "max_results": 10, "sort": []}),
        encoding="utf-8",
    )
    code, _, err = run(
        [
            "export",
            "--channel",
            "UC1",
            "--definition",
            str(definition),
            "--output",
            str(tmp_path / "o.csv"),
            "--config-dir",
            str(config),
        ]
    )
    assert code == 2
    assert err.startswith("analytix-desktop: invalid query: sort: ")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--start", "2024-02-01"], "--start and --end go together"),
        (["--start", "2024-02-01", "--end", "2024-01-01"], "is after --end"),
        (["--start", "1 Feb", "--end", "2024-03-01"], "--start: '1 Feb' is not a date"),
        (["--format", "pdf"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2_in_one_line(tmp_path: Path, extra: list[str], words: str) -> None:
    config = with_accounts(tmp_path, Account("UC1", "Cooking"))
    definition = tmp_path / "d.json"
    definition.write_text(json.dumps(DEFINITION), encoding="utf-8")
    argv = ["export", "--channel", "UC1", "--definition", str(definition)]
    argv += ["--output", str(tmp_path / "o.csv"), "--config-dir", str(config), *extra]
    process = subprocess.run(
        [sys.executable, "-m", "analytix_desktop", *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert process.returncode == 2
    assert words in process.stderr
    assert len(process.stderr.strip().splitlines()) == 1


def test_a_definition_file_with_several_definitions_is_refused(tmp_path: Path) -> None:
    config = with_accounts(tmp_path, Account("UC1", "Cooking"))
    definition = tmp_path / "d.json"
    definition.write_text(json.dumps([DEFINITION, DEFINITION]), encoding="utf-8")
    code, _, err = run(
        [
            "export",
            "--channel",
            "UC1",
            "--definition",
            str(definition),
            "--output",
            str(tmp_path / "o.json"),
            "--config-dir",
            str(config),
        ]
    )
    assert code == 2
    assert "holds 2 definitions" in err


def test_exit_codes_follow_the_documented_table() -> None:
    assert exit_code(DefinitionError("metrics", "bad")) == 2
    assert exit_code(InvalidRequest("no", field="sort")) == 2
    assert exit_code(InvalidSecrets("none")) == 3
    assert exit_code(NotAuthorised("none")) == 3
    assert exit_code(RefreshTokenExpired("dead")) == 3
    assert exit_code(TokenStoreError("locked")) == 3
    assert exit_code(ServerError(503, "down")) == 4
    assert exit_code(RateLimited(429, "slow")) == 4
    assert exit_code(NetworkError("offline")) == 4
    assert exit_code(OSError(28, "No space left on device")) == 1
    assert exit_code(KeyboardInterrupt()) == 130


@pytest.mark.keyring
def test_a_terminal_sees_the_progress_line(
    connected: Connected, sandbox: Sandbox, endpoints: Endpoints, tmp_path: Path
) -> None:
    definition = tmp_path / "d.json"
    definition.write_text(json.dumps({**DEFINITION, "name": "progress"}), encoding="utf-8")
    output = tmp_path / "countries.xlsx"
    sandbox.faults.inject("/v2/reports", status=503, retry_after=0)
    err = Terminal()
    code = main(
        [
            "export",
            "--channel",
            connected.channel_id,
            "--definition",
            str(definition),
            "--output",
            str(output),
            "--refresh",
            "--config-dir",
            str(connected.config),
        ],
        endpoints=endpoints,
        out=io.StringIO(),
        err=err,
    )
    assert code == 0, err.getvalue()
    drawn = err.getvalue()
    assert "\r\x1b[K[" in drawn
    assert "Fetching progress for" in drawn
    assert "Google answered 503" in drawn  # the retry, told as it happens
    assert "Wrote " in drawn
    assert str(output) in drawn
    assert output.read_bytes().startswith(b"PK")  # a workbook (a zip)


def test_without_a_command_the_gui_s_options_stay(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        app_main(["--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    assert "--demo" in text
    assert "--self-test" in text
    for command in ("secrets import FILE", "channels add|list|remove", "reports list", "export"):
        assert command in text
    with pytest.raises(SystemExit):
        app_main(["--version"])
    assert capsys.readouterr().out.startswith("analytix-desktop ")


def test_python_m_dispatches_a_command_without_a_display(tmp_path: Path) -> None:
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "analytix_desktop",
            "channels",
            "list",
            "--config-dir",
            str(with_accounts(tmp_path, Account("UC1", "Cooking"))),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != "DISPLAY"},
    )
    assert process.returncode == 0, process.stderr
    assert process.stdout == "UC1\tCooking\n"


@pytest.mark.keyring
def test_an_output_that_cannot_be_written_exits_1_naming_it(
    connected: Connected, sandbox: Sandbox, endpoints: Endpoints, tmp_path: Path
) -> None:
    definition = tmp_path / "d.json"
    definition.write_text(json.dumps({**DEFINITION, "name": "unwritable"}), encoding="utf-8")
    output = tmp_path / "no such folder" / "countries.csv"
    code, _, err = run(
        [
            *("export", "--channel", connected.channel_id, "--definition", str(definition)),
            *("--output", str(output), "--config-dir", str(connected.config)),
        ],
        endpoints,
    )
    assert code == 1
    assert err.endswith(f"analytix-desktop: {output}: No such file or directory\n")
    assert sandbox.log.count("/v2/reports") <= 1
