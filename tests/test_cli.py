"""The `telephony` command, in-process (click's runner) and as the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from telephony_vobiz import VobizEmulator

import telephony_core as tel
from telephony_core.cli import cli
from telephony_core.cli.report import NOTE_IN_PROCESS_SANDBOX as NOTE
from telephony_core.models import RESOURCE_MODELS, field_docs
from telephony_core.sandbox.server import SandboxServer
from tests.conftest import ROOT

BUILT_IN = "vobiz,sipbx,voipappz,twilio,plivo,telnyx"
#: The options of a Vobiz endpoint create.
NEW_ENDPOINT = (
    "--username",
    "lobby",
    "--password",
    "Lobby-Passw0rd",
    "--name",
    "Lobby",
    "--application-id",
    "98765432",
)
TELEPHONY = shutil.which("telephony", path=str(Path(sys.executable).parent)) or "telephony"


def run(
    *args: str, input: str | None = None, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_sandbox_update_prints_the_device() -> None:
    code, out, _ = run(
        "--sandbox", "--provider", "vobiz", "devices", "update", "87654321", "--name", "Front desk"
    )
    assert code == 0
    assert "name    Front desk" in out
    assert "87654321" in out


def test_json_output_is_one_document() -> None:
    code, out, _ = run("--sandbox", "--provider", "vobiz", "devices", "get", "87654321", "--json")
    assert code == 0
    assert json.loads(out)["username"] == "john_desk"


def test_list_streams_json_lines() -> None:
    code, out, _ = run(
        "--sandbox", "--provider", "vobiz", "--json", "devices", "list", "--page-size", "1"
    )
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["87654321"]


def test_dry_run_prints_the_vendor_request_and_sends_nothing() -> None:
    env = {"VOBIZ_AUTH_ID": "MA_X", "VOBIZ_AUTH_TOKEN": "tok-real-looking-123"}
    code, out, _ = run(
        "--provider",
        "vobiz",
        "devices",
        "update",
        "87654321",
        "--name",
        "Desk",
        "--dry-run",
        "--json",
        env=env,
    )
    assert code == 0
    request = json.loads(out)
    assert request["method"] == "POST"
    assert request["url"] == "https://api.vobiz.ai/api/v1/Account/MA_X/Endpoint/87654321/"
    assert request["body"] == {"alias": "Desk"}
    assert request["headers"]["X-Auth-Token"] == "********"
    assert "tok-real-looking-123" not in out


def test_dry_run_as_curl_masks_a_password_read_from_stdin() -> None:
    env = {"VOBIZ_AUTH_ID": "MA_X", "VOBIZ_AUTH_TOKEN": "tok-real-looking-123"}
    code, out, _ = run(
        "--provider",
        "vobiz",
        "devices",
        "update",
        "87654321",
        "--password",
        "-",
        "--dry-run",
        input="NewSecurePassword456!\n",
        env=env,
    )
    assert code == 0
    assert out.startswith(
        "curl -X POST https://api.vobiz.ai/api/v1/Account/MA_X/Endpoint/87654321/"
    )
    assert '"password":"********"' in out
    assert "NewSecurePassword456!" not in out
    assert "tok-real-looking-123" not in out


def test_password_from_stdin_is_used() -> None:
    code, out, _ = run(
        "--sandbox",
        "--provider",
        "vobiz",
        "devices",
        "update",
        "87654321",
        "--password",
        "-",
        input="Fresh-Passw0rd!\n",
    )
    assert code == 0
    assert "Fresh-Passw0rd!" not in out
    assert "********" in out


def test_expected_errors_are_one_line_with_status_1() -> None:
    code, _, err = run(
        "--sandbox", "--provider", "vobiz", "devices", "update", "87654321", "--password", "short"
    )
    assert code == 1
    assert err.strip().count("\n") == 0
    assert "password" in err
    assert "Traceback" not in err
    code, _, err = run("--provider", "vobiz", "devices", "get", "1")
    assert code == 1
    assert "VOBIZ_AUTH_ID" in err
    code, _, err = run(
        "--sandbox", "--provider", "vobiz", "devices", "update", "87654321", "--srtp", "required"
    )
    assert code == 1
    assert "srtp" in err


def test_usage_errors_are_status_2() -> None:
    assert run("--sandbox", "--provider", "vobiz", "devices", "update", "1", "--bogus", "x")[0] == 2
    assert run("devices", "frobnicate")[0] == 2
    assert (
        run("--sandbox", "--provider", "vobiz", "devices", "update", "1", "--srtp", "sometimes")[0]
        == 2
    )


def test_drop_unsupported_prints_one_line_per_dropped_field() -> None:
    code, out, err = run(
        "--sandbox",
        "--provider",
        "vobiz",
        "--drop-unsupported",
        "devices",
        "update",
        "87654321",
        "--name",
        "Desk",
        "--srtp",
        "required",
        "--transport",
        "tls",
    )
    assert code == 0
    assert "Desk" in out
    assert err.splitlines() == [
        "warning: vobiz cannot set devices.srtp on update (dropped)",
        "warning: vobiz cannot set devices.transport on update (dropped)",
        NOTE,
    ]


def test_create_and_delete() -> None:
    code, out, _ = run(
        "--sandbox",
        "--provider",
        "vobiz",
        "--json",
        "devices",
        "create",
        *NEW_ENDPOINT,
        "--extra",
        'sub_account="SA_1"',
    )
    assert code == 0
    assert json.loads(out)["username"] == "lobby"
    assert run("--sandbox", "--provider", "vobiz", "devices", "delete", "87654321") == (
        0,
        "deleted device 87654321\n",
        NOTE + "\n",
    )


def test_providers_lists_capabilities() -> None:
    code, out, _ = run("providers")
    assert code == 0
    assert "vobiz" in out
    assert "update: allow_messaging" in out
    data = json.loads(run("--json", "providers")[1])
    assert "update" in data["vobiz"]["devices"]["operations"]
    assert json.loads(run("providers", "--json")[1]) == data


# What a new user trips over: errors that name the option or variable to use.


def test_no_provider_names_the_option_the_variable_and_the_profile() -> None:
    code, out, err = run("--sandbox", "devices", "get", "1")
    assert (code, out) == (1, "")
    assert err.startswith("error: no provider chosen: pass --provider NAME (")
    assert "set TELEPHONY_PROVIDER, or pass --profile NAME" in err
    assert err.count("\n") == 1
    assert "connect(" not in err


def test_a_missing_setting_names_its_variable_and_the_profile() -> None:
    code, _, err = run("--provider", "vobiz", "devices", "get", "1")
    assert code == 1
    assert err.startswith(
        "error: vobiz needs auth_id: set VOBIZ_AUTH_ID, or add auth_id to a profile in "
    )
    assert err.rstrip().endswith("and pass --profile NAME")
    assert "auth_id=" not in err and err.count("\n") == 1
    code, _, err = run("--provider", "voipappz", "agents", "get", "1", env={"VOIPAPPZ_TOKEN": "t"})
    assert code == 1
    assert "voipappz needs base_url: pass --base-url URL, set VOIPAPPZ_BASE_URL, or" in err


def test_a_missing_setting_of_a_profile_names_the_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[profiles.office]\nprovider = "vobiz"\nauth_id = "MA_X"\n')
    monkeypatch.setenv("TELEPHONY_CONFIG", str(config))
    code, _, err = run("--profile", "office", "devices", "get", "1")
    assert code == 1
    assert err == (
        f"error: vobiz needs auth_token: set VOBIZ_AUTH_TOKEN, or add auth_token to profile "
        f"'office' in {config}\n"
    )


def test_a_typo_in_telephony_plugins_is_one_warning_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEPHONY_PLUGINS", "vobz,sipbx")
    code, _, err = run("--provider", "vobiz", "devices", "get", "1")
    assert code == 1
    warning, error = err.splitlines()
    assert warning.startswith(
        "warning: telephony plugin 'vobz' skipped: TELEPHONY_PLUGINS names it, but no installed "
        "plugin is called that (installed: "
    )
    assert error.startswith("error: unknown provider 'vobiz' (loaded: sipbx); it is installed")


def test_not_found_says_not_found() -> None:
    code, _, err = run("--sandbox", "--provider", "vobiz", "devices", "get", "99999999")
    assert code == 1
    assert "404 (not found)" in err


def test_the_wrong_token_is_an_authentication_error_naming_the_variables() -> None:
    env = {"VOBIZ_AUTH_ID": "MA_SANDBOX", "VOBIZ_AUTH_TOKEN": "wrong"}
    with SandboxServer({"vobiz": VobizEmulator()}) as server:
        base_url = server.base_url("vobiz")
        code, _, err = run(
            "--base-url", base_url, "--provider", "vobiz", "devices", "get", "87654321", env=env
        )
    assert code == 1
    assert "failed with 401 (authentication failed: the credentials were not accepted)" in err
    assert err.rstrip().endswith(
        "check the credentials (VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN, or the profile's)"
    )


@pytest.mark.parametrize(
    ("provider", "operation", "arguments", "url"),
    [
        (
            "sipbx",
            "list",
            ["--page-size", "5"],
            "https://<SIPBX_SERVER>/ns-api/v2/domains/~/users/~/devices",
        ),
        ("sipbx", "count", [], "https://<SIPBX_SERVER>/ns-api/v2/domains/~/users/~/devices/count"),
        (
            "sipbx",
            "get",
            ["1001a"],
            "https://<SIPBX_SERVER>/ns-api/v2/domains/~/users/~/devices/1001a",
        ),
        (
            "sipbx",
            "delete",
            ["1001a"],
            "https://<SIPBX_SERVER>/ns-api/v2/domains/~/users/~/devices/1001a",
        ),
        (
            "sipbx",
            "update",
            ["1001a", "--srtp", "required"],
            "https://<SIPBX_SERVER>/ns-api/v2/domains/~/users/~/devices/1001a",
        ),
        (
            "vobiz",
            "create",
            list(NEW_ENDPOINT),
            "https://api.vobiz.ai/api/v1/Account/<VOBIZ_AUTH_ID>/Endpoint/",
        ),
    ],
)
def test_dry_run_on_every_resource_command(
    provider: str, operation: str, arguments: list[str], url: str
) -> None:
    code, out, err = run(
        "--provider", provider, "devices", operation, *arguments, "--dry-run", "--json"
    )
    assert code == 0, err
    request = json.loads(out.splitlines()[0])
    assert request["url"] == url
    assert "********" in request["headers"].values()
    assert "# not configured (shown as <VARIABLE>): " in err


def test_list_dry_run_needs_no_credentials() -> None:
    code, out, err = run("--provider", "vobiz", "devices", "list", "--dry-run")
    assert code == 0
    assert out == (
        "curl -X GET 'https://api.vobiz.ai/api/v1/Account/<VOBIZ_AUTH_ID>/Endpoint/"
        "?limit=20&offset=0' -H 'X-Auth-ID: <VOBIZ_AUTH_ID>' -H 'X-Auth-Token: ********'\n"
    )
    assert err == "# not configured (shown as <VARIABLE>): VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN\n"


def test_a_twilio_dry_run_needs_no_credentials() -> None:
    """The account SID must look like one: Twilio declares the stand-in to use."""
    code, out, err = run(
        "--provider",
        "twilio",
        "tenants",
        "update",
        "AC" + "b" * 32,
        "--enabled",
        "--dry-run",
    )
    assert code == 0, err
    assert out == (
        f"curl -X POST https://api.twilio.com/2010-04-01/Accounts/{'AC' + 'b' * 32}.json "
        "-H 'Authorization: ********' -H 'Content-Type: application/x-www-form-urlencoded' "
        "--data Status=active\n"
    )
    assert err == "# not configured (shown as <VARIABLE>): TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN\n"


def test_unset_clears_a_field_where_the_vendor_allows_it() -> None:
    code, out, err = run(
        "--sandbox",
        "--provider",
        "sipbx",
        "--json",
        "devices",
        "update",
        "1001a",
        "--unset",
        "emergency-address-id",
        "--dry-run",
    )
    assert code == 0, err
    assert json.loads(out.splitlines()[-1])["body"] == {"emergency-address-id": None}
    code, _, err = run(
        "--sandbox", "--provider", "sipbx", "devices", "update", "1001a", "--unset", "srtp"
    )
    assert code == 1
    assert "srtp: cannot be cleared at SiPbx" in err
    code, _, err = run(
        "--sandbox",
        "--provider",
        "sipbx",
        "devices",
        "update",
        "1001a",
        "--unset",
        "model",
        "--model",
        "x",
    )
    assert code == 2
    assert "--model is both given a value and --unset" in err


def test_update_help_says_what_each_field_means_and_who_takes_it() -> None:
    code, out, _ = run("devices", "update", "--help")
    assert code == 0
    flat = " ".join(out.split())
    assert (
        "--srtp [off|opportunistic|required] Media encryption: off, opportunistic or required. [providers: sipbx]"
        in flat
    )
    assert (
        "--name TEXT Its display name (a label). [providers: example, plivo, telnyx, vobiz]" in flat
        or "--name TEXT Its display name (a label). [providers: plivo, telnyx, vobiz]" in flat
    )
    assert (
        "--username TEXT The SIP user name it registers with; set at create only. [no installed provider]"
        in flat
    )
    assert "--unset FIELD" in flat


def test_every_field_of_every_model_is_documented() -> None:
    for model in RESOURCE_MODELS.values():
        assert set(field_docs(model)) == set(attrs.fields_dict(model)), model.__name__


def test_grammar() -> None:
    assert "Change only the given fields of an agent." in run("agents", "update", "--help")[1]
    assert "Create an access rule." in run("access-rules", "create", "--help")[1]
    assert "Delete a device." in run("devices", "delete", "--help")[1]


def test_table_columns_fit_long_ids() -> None:
    code, out, _ = run("--sandbox", "--provider", "voipappz", "agents", "list")
    assert code == 0
    header, first, *_ = out.splitlines()
    assert header.split() == ["id", "name", "email", "extension_id", "state"]
    uuid = first.split()[0]
    assert len(uuid) == 36
    assert first.index(uuid) + 36 < header.index("name")  # the id column holds the UUID whole


def test_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("telephony_core.cli.output.show_model", interrupted)
    code, out, err = run("--sandbox", "--provider", "vobiz", "devices", "get", "87654321")
    assert (code, out, err) == (130, "", "interrupted\n")


def test_committed_capability_matrix_is_up_to_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEPHONY_PLUGINS", BUILT_IN)
    code, out, _ = run("providers", "--markdown")
    assert code == 0
    committed = (ROOT / "docs" / "capabilities.md").read_text()
    assert out == committed, (
        "docs/capabilities.md is stale: run `telephony providers --markdown > docs/capabilities.md`"
    )


def test_demo_shows_what_each_vendor_was_sent() -> None:
    code, out, _ = run("demo")
    assert code == 0
    assert "== vobiz" in out
    assert "curl -X POST https://api.vobiz.ai/api/v1/Account/MA_SANDBOX/Endpoint/87654321/" in out
    assert "Demo-Passw0rd-2026" not in out
    assert "== twilio" in out
    assert "--data 'Password=********'" in out  # form-encoded, masked
    assert "== plivo" in out
    assert (
        "curl -X POST https://api.plivo.com/v1/Account/MA2025RK4E639VJFZAGV/Endpoint/87654321/"
        in out
    )
    plivo = out.split("== plivo")[1].split("\n== ")[0]
    assert "-H 'Authorization: ********'" in plivo  # HTTP Basic, masked


TWILIO_SUBACCOUNT = "AC" + "b" * 32


def test_deleting_a_plivo_subaccount_asks_first() -> None:
    command = ("--sandbox", "--provider", "plivo", "tenants", "delete", "SA2025RK4E639VJFZAMM")
    code, _, err = run(*command, input="n\n")
    assert code == 1
    assert "for good" in err and "move to the main account" in err
    code, out, _ = run(*command, "--yes")
    assert (code, out.strip()) == (0, "deleted tenant SA2025RK4E639VJFZAMM")


def test_closing_a_twilio_subaccount_asks_first() -> None:
    command = ("--sandbox", "--provider", "twilio", "tenants", "delete", TWILIO_SUBACCOUNT)
    code, out, err = run(*command, input="n\n")
    assert code == 1
    assert "permanent" in err and "cannot be reopened" in err
    assert "not deleted (pass --yes" in err
    assert "deleted" not in out
    code, _, err = run(*command)  # no answer at all: not deleted either
    assert (code, "not deleted" in err) == (1, True)
    code, out, _ = run(*command, input="y\n")
    assert (code, out.strip()) == (0, f"deleted tenant {TWILIO_SUBACCOUNT}")
    code, out, err = run(*command, "--yes")
    assert (code, out.strip(), err) == (0, f"deleted tenant {TWILIO_SUBACCOUNT}", NOTE + "\n")


def test_a_plain_delete_does_not_ask() -> None:
    code, out, err = run("--sandbox", "--provider", "vobiz", "devices", "delete", "87654321")
    assert (code, out.strip(), err) == (0, "deleted device 87654321", NOTE + "\n")


# The real console script, in a subprocess.


def script(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VOBIZ_", "SIPBX_", "VOIPAPPZ_", "TWILIO_"))
    }
    return subprocess.run(
        [TELEPHONY, *args], capture_output=True, text=True, env=env, timeout=60, **kwargs
    )  # type: ignore[call-overload]


def test_console_script_update_on_the_sandbox() -> None:
    done = script(
        "--sandbox", "--provider", "vobiz", "devices", "update", "87654321", "--name", "Front desk"
    )
    assert done.returncode == 0, done.stderr
    assert "Front desk" in done.stdout


def test_console_script_exit_statuses() -> None:
    assert (
        script(
            "--sandbox", "--provider", "vobiz", "devices", "update", "1", "--password", "short"
        ).returncode
        == 1
    )
    assert (
        script("--sandbox", "--provider", "vobiz", "devices", "update", "1", "--nope").returncode
        == 2
    )


def test_console_script_ctrl_c_exits_130() -> None:
    """Interrupted while it waits for the vendor (a server that never answers)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(30)
        env = {**os.environ, "VOBIZ_AUTH_ID": "MA_X", "VOBIZ_AUTH_TOKEN": "t"}
        base_url = f"http://127.0.0.1:{server.getsockname()[1]}"
        process = subprocess.Popen(
            [TELEPHONY, "--base-url", base_url, "--provider", "vobiz", "devices", "get", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        connection, _ = server.accept()  # the command is waiting for the reply now
        with connection:
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=30)
    assert (process.returncode, out, err) == (130, "", "interrupted\n")


def test_console_script_help_loads_no_plugin() -> None:
    """`--help` stays quick because it imports no vendor plugin (measured, not timed, in
    benchmarks/: a timed test fails on a busy machine)."""
    code = (
        "import sys\n"
        "from telephony_core.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('telephony_') and m != 'telephony_core'"
        " and not m.startswith('telephony_core.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "devices" in done.stdout
    assert done.stdout.rstrip().endswith("[]"), done.stdout[-300:]


@pytest.fixture
def served() -> Iterator[tuple[str, dict[str, object]]]:
    """`telephony sandbox serve --port 0` in a subprocess: its address and index."""
    process = subprocess.Popen(
        [TELEPHONY, "sandbox", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("serving the sandbox on http://127.0.0.1:"), first
    url = first.split(" on ", 1)[1].strip()
    index_lines = []
    while True:
        line = process.stdout.readline()
        index_lines.append(line)
        if line.rstrip() == "}":
            break
    yield url, json.loads("".join(index_lines))
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    assert process.stderr is not None
    assert "sandbox stopped" in process.stderr.read()
    process.stdout.close()
    process.stderr.close()


def test_sandbox_serve_over_real_http(served: tuple[str, dict[str, object]]) -> None:
    import httpx

    url, index = served
    vobiz = index["providers"]["vobiz"]  # type: ignore[index]
    base_url = vobiz["base_url"]
    assert base_url == f"{url}/vobiz"
    with tel.connect("vobiz", base_url=base_url, **vobiz["credentials"]) as client:
        client.devices.update("87654321", name="Over HTTP")
        assert client.devices.get("87654321").name == "Over HTTP"
    env = {
        "VOBIZ_AUTH_ID": vobiz["credentials"]["auth_id"],
        "VOBIZ_AUTH_TOKEN": vobiz["credentials"]["auth_token"],
        "VOBIZ_BASE_URL": base_url,
    }
    done = subprocess.run(
        [TELEPHONY, "--provider", "vobiz", "--json", "devices", "get", "87654321"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["name"] == "Over HTTP"
    wrong = subprocess.run(
        [TELEPHONY, "--base-url", base_url, "--provider", "vobiz", "devices", "get", "87654321"],
        capture_output=True,
        text=True,
        env={**os.environ, **env, "VOBIZ_AUTH_TOKEN": "wrong"},
        timeout=60,
    )
    assert wrong.returncode == 1
    assert "401 (authentication failed" in wrong.stderr and wrong.stderr.count("\n") == 1
    assert httpx.post(f"{url}/_reset").status_code == 200
    with tel.connect("vobiz", base_url=base_url, **vobiz["credentials"]) as client:
        assert client.devices.get("87654321").name == "John's Desktop Phone"


def test_serve_refuses_a_non_loopback_address() -> None:
    # Refused before anything is bound.
    done = script("sandbox", "serve", "--host", "0.0.0.0", "--port", "0")  # noqa: S104
    assert done.returncode == 1
    assert "loopback" in done.stderr


@pytest.mark.parametrize("stdin", ["", "\n", "\r\n"], ids=["empty", "newline", "crlf"])
def test_password_from_empty_stdin_is_refused(stdin: str) -> None:
    code, out, err = run(
        "--sandbox", "--provider", "sipbx", "devices", "update", "1001a", "--password", "-",
        input=stdin,
    )  # fmt: skip
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert "password: is empty" in err


def test_table_output_escapes_terminal_control_characters() -> None:
    hostile = "Desk\x1b[2J\x1b]0;owned\x07\rX\u202e"
    code, out, _ = run(
        "--sandbox", "--provider", "vobiz", "devices", "update", "87654321", "--name", hostile
    )
    assert code == 0
    assert "\x1b" not in out and "\r" not in out and "\u202e" not in out
    assert "Desk\\x1b[2J\\x1b]0;owned\\x07\\rX\\u202e" in out


def test_a_vendor_error_message_cannot_drive_the_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from telephony_core.cli.report import fail

    with pytest.raises(SystemExit) as info:
        fail("vobiz: 400: bad\x1b[31m value\x9b\udcff")
    assert info.value.code == 1
    assert capsys.readouterr().err == "error: vobiz: 400: bad\\x1b[31m value\\x9b\\udcff\n"


def test_a_dry_run_of_a_bad_id_exits_1_with_one_line() -> None:
    env = {"VOIPAPPZ_TOKEN": "tok-1234567", "VOIPAPPZ_BASE_URL": "https://vp.example.com"}
    for operation in ("get", "update"):
        extra = ["--name", "Ann"] if operation == "update" else []
        code, out, err = run(
            "--provider", "voipappz", "agents", operation, "not-a-uuid", *extra, "--dry-run",
            env=env,
        )  # fmt: skip
        assert code == 1, operation
        assert out == ""
        assert err == "error: invalid id: must be a voipappz user UUID\n"


def test_create_takes_the_id_where_the_vendor_lets_the_caller_choose_it() -> None:
    """Acceptance: `telephony --sandbox --provider sipbx devices create --id 1001z ...`."""
    code, out, err = run(
        *("--sandbox", "--provider", "sipbx", "--json", "devices", "create"),
        *("--id", "1001z", "--password", "Passw0rd-12345"),
    )
    assert (code, err) == (0, NOTE + "\n")
    created = json.loads(out)
    assert (created["id"], created["password"]) == ("1001z", "********")
    assert "Passw0rd-12345" not in out


@pytest.mark.parametrize("resource", ["devices", "access-rules", "tenants", "agents"])
def test_every_create_has_an_id_option(resource: str) -> None:
    code, out, _ = run(resource, "create", "--help")
    assert code == 0
    assert "--id TEXT" in out


def test_an_id_the_vendor_chooses_is_refused_with_the_reason() -> None:
    code, out, err = run(
        *("--sandbox", "--provider", "vobiz", "devices", "create", "--id", "5"),
        *("--username", "desk5", "--password", "Passw0rd-12345", "--name", "Desk"),
    )
    assert (code, out) == (1, "")
    assert "vobiz cannot set devices.id on create: the vendor chooses the id" in err
