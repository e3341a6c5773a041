"""Bad input to the `telephony` command is one line naming what is wrong (the file and line,
the option, the setting), exit status 1 or 2, and nothing is sent: records files that are
missing, directories, binary, not UTF-8, nested too deeply, with huge numbers or fields, an
unterminated CSV quote; output files and journals in missing directories; timeouts that are
not finite; a refused rate-limit store; profile values of the wrong type; arguments and
environment variables that are not UTF-8."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import telephony_core as tel
from telephony_core.cli import cli
from telephony_core.plugins.recorder import RequestRecorder
from telephony_core.plugins.registry import get_registry
from tests.test_cli import TELEPHONY

SANDBOX = ("--sandbox", "--provider", "sipbx")


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("note:")]


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str, list[str]]:
    """Run the command in-process, recording what it would send; (status, out, err, writes)."""
    recorder = RequestRecorder()
    get_registry().manager.register(recorder)
    try:
        result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=True)
    finally:
        get_registry().manager.unregister(recorder)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"a traceback: {result.exception!r}") from result.exception
    writes = [f"{r.method} {r.path}" for r in recorder.sent if r.method != "GET"]
    return result.exit_code, result.stdout, result.stderr, writes


def _one_line_error(code: int, err: str, *expected: str) -> str:
    assert code in (1, 2), (code, err)
    errors = _lines(err)
    assert len(errors) == 1, err
    assert "Traceback" not in err
    for part in expected:
        assert part in errors[0], errors[0]
    return errors[0]


def _records_cases(tmp: Path) -> dict[str, tuple[Path, tuple[str, ...]]]:
    """Each bad records file, and what its error must name."""
    good = json.dumps({"resource": "devices", "key": "ok1", "transport": "tls"})
    cases: dict[str, tuple[Path, tuple[str, ...]]] = {}

    def file(name: str, data: bytes, *expected: str) -> None:
        path = tmp / name
        path.write_bytes(data)
        cases[name] = (path, (str(path), *expected))

    cases["missing"] = (tmp / "missing.jsonl", (str(tmp / "missing.jsonl"), "No such file"))
    (tmp / "folder.jsonl").mkdir()
    cases["a directory"] = (tmp / "folder.jsonl", (str(tmp / "folder.jsonl"), "directory"))
    file("binary.jsonl", bytes(range(256)) * 4, "line 1", "NUL")
    file("binary2.jsonl", bytes(range(11, 256)) * 4, "line 1", "UTF-8")
    file("latin1.jsonl", (good + "\n" + good.replace("ok1", "caf\xe9") + "\n").encode("latin-1"),
         "line 2", "UTF-8")  # fmt: skip
    file("utf16.jsonl", (good + "\n").encode("utf-16"), "line 1", "UTF-8")
    file("deep.jsonl", b"[" * 100_000 + b"]" * 100_000 + b"\n", "line 1")
    file("digits.jsonl", good.replace('"tls"', "1" * 5000).encode() + b"\n", "line 1")
    file("surrogate.jsonl", b'{"resource": "devices", "key": "k", "\\ud800": 1}\n', "line 1")
    file("surrogate-value.jsonl", b'{"resource": "devices", "key": "k\\udcff"}\n', "line 1")
    file("long-field.csv", b"resource,key,transport\ndevices,k," + b"x" * 200_000 + b"\n",
         "line 2")  # fmt: skip
    file("quote.csv", b'resource,key,transport\ndevices,ok1,tls\ndevices,"open,udp\n'
         b"devices,ok2,tcp\n", "line 3", "quote")  # fmt: skip
    file("binary.csv", b"resource,key\n\xff\xfe\x00\x01\n", "line 2", "UTF-8")
    file("nul.csv", b"resource,key\ndevices,a\x00b\n", "line 2")
    return cases


@pytest.fixture(scope="module")
def records_cases(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[Path, tuple[str, ...]]]:
    return _records_cases(tmp_path_factory.mktemp("records"))


RECORDS = [
    "missing",
    "a directory",
    "binary.jsonl",
    "binary2.jsonl",
    "latin1.jsonl",
    "utf16.jsonl",
    "deep.jsonl",
    "digits.jsonl",
    "surrogate.jsonl",
    "surrogate-value.jsonl",
    "long-field.csv",
    "quote.csv",
    "binary.csv",
    "nul.csv",
]


@pytest.mark.parametrize("command", ["plan", "apply"])
@pytest.mark.parametrize("case", RECORDS)
def test_a_bad_records_file_is_one_line_and_nothing_is_sent(
    records_cases: dict[str, tuple[Path, tuple[str, ...]]],
    tmp_path: Path,
    command: str,
    case: str,
) -> None:
    path, expected = records_cases[case]
    extra = ("--yes", "--journal", str(tmp_path / "j.sqlite")) if command == "apply" else ()
    code, _, err, writes = run(*SANDBOX, command, str(path), *extra)
    _one_line_error(code, err, *expected)
    assert writes == []


def test_a_good_records_file_still_applies(tmp_path: Path) -> None:
    path = tmp_path / "fleet.csv"
    path.write_bytes(b"\xef\xbb\xbfresource,key,transport\ndevices,1001z,tls\n")  # a BOM too
    secrets = str(tmp_path / "secrets.jsonl")
    code, _, err, writes = run(*SANDBOX, "apply", str(path), "--yes", "--secrets-out", secrets)
    assert code == 0, err
    assert writes == ["POST /domains/~/users/~/devices"]


@pytest.mark.parametrize(
    "output", ["missing-dir/out.jsonl", "."], ids=["into a missing directory", "a directory"]
)
def test_export_to_a_path_it_cannot_write_is_one_line(tmp_path: Path, output: str) -> None:
    target = str(tmp_path / output)
    code, _, err, _ = run(*SANDBOX, "export", "devices", "-o", target)
    _one_line_error(code, err, target.rstrip("/."))


def test_a_journal_in_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    records = tmp_path / "fleet.jsonl"
    records.write_text(json.dumps({"resource": "devices", "key": "1001z"}) + "\n")
    journal = tmp_path / "nowhere" / "j.sqlite"
    code, _, err, writes = run(*SANDBOX, "apply", str(records), "--yes", "--journal", str(journal))
    _one_line_error(code, err, str(journal))
    assert writes == []


def test_a_mapping_out_in_a_missing_directory_is_refused_before_migrating(tmp_path: Path) -> None:
    mapping = tmp_path / "nowhere" / "map.csv"
    code, _, err, writes = run(
        "--sandbox", "--provider", "vobiz", "migrate", "devices", "--to", "sipbx", "--yes",
        "--mapping-out", str(mapping),
    )  # fmt: skip
    _one_line_error(code, err, str(mapping))
    assert writes == []


@pytest.mark.parametrize("value", ["inf", "nan", "1e400", "-inf", "0", "-1"])
def test_a_timeout_that_is_not_a_finite_positive_number_is_a_usage_error(value: str) -> None:
    code, _, err, writes = run(*SANDBOX, "--timeout", value, "devices", "get", "1001a")
    assert code == 2 and writes == []  # click's usage error: the usage, then one error line
    assert "--timeout" in err.splitlines()[-1] and "Traceback" not in err


@pytest.mark.parametrize("value", [float("inf"), float("nan"), float("-inf"), 1e300])
def test_connect_refuses_a_timeout_that_is_not_a_finite_number_of_seconds(value: float) -> None:
    with pytest.raises(tel.ConfigurationError, match="timeout"):
        tel.connect("vobiz", sandbox=True, timeout=value)
    with pytest.raises(tel.ConfigurationError, match="timeout"):
        tel.connect_async("vobiz", sandbox=True, timeout=value)


def test_a_refused_rate_limit_store_is_one_line() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    code, _, err, writes = run(
        *SANDBOX, "--rate-limit", "10/s", "--rate-limit-storage", f"redis://127.0.0.1:{port}/0",
        "--retries", "0", "devices", "get", "1001a",
    )  # fmt: skip
    _one_line_error(code, err, "rate limit", f"127.0.0.1:{port}")
    assert writes == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("rate_limit", "5"),
        ("rate_limit_storage", "5"),
        ("timeout", '"fast"'),
        ("timeout", "inf"),
        ("retries", '"many"'),
        ("max_reply_bytes", '"16MiB"'),
    ],
)
def test_a_profile_value_of_the_wrong_type_is_one_line(
    tmp_path: Path, key: str, value: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[profiles.office]\nprovider = "sipbx"\n{key} = {value}\n')
    code, _, err, writes = run(
        "--sandbox", "--profile", "office", "devices", "get", "1001a",
        env={"TELEPHONY_CONFIG": str(config)},
    )  # fmt: skip
    _one_line_error(code, err, key)
    assert writes == []


def _console(args: list[bytes], env: dict[bytes, bytes]) -> subprocess.CompletedProcess[bytes]:
    environ = {k: v for k, v in os.environb.items() if not k.startswith(b"VOBIZ_")}
    return subprocess.run(
        [os.fsencode(TELEPHONY), *args],
        env={**environ, **env},
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_an_environment_token_that_is_not_utf8_is_one_line() -> None:
    done = _console(
        [b"--provider", b"vobiz", b"devices", b"get", b"87654321"],
        {b"VOBIZ_AUTH_ID": b"MA_X", b"VOBIZ_AUTH_TOKEN": b"tok\xffen"},
    )
    err = done.stderr.decode("utf-8", "replace")
    _one_line_error(done.returncode, err, "auth_token")
    assert b"tok\xffen" not in done.stderr


def test_an_argument_that_is_not_utf8_is_refused_before_sending() -> None:
    done = _console(
        [b"--sandbox", b"--provider", b"vobiz", b"devices", b"update", b"87654321",
         b"--name", b"Desk \xff"],
        {},
    )  # fmt: skip
    err = done.stderr.decode("utf-8", "replace")
    _one_line_error(done.returncode, err, "name", "Unicode")
    assert done.stdout == b""


def test_the_console_script_shows_no_traceback_for_a_missing_records_file(tmp_path: Path) -> None:
    done = _console(
        [b"--sandbox", b"--provider", b"sipbx", b"plan", os.fsencode(tmp_path / "x")], {}
    )
    _one_line_error(done.returncode, done.stderr.decode(), "No such file")
