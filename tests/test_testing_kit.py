"""The pytest plugin of the plugin-author kit, in pytest sessions of its own (pytester)."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points

import pytest
from telephony_plivo import PlivoEmulator

from telephony_core.sandbox.server import SandboxServer
from telephony_core.testing.cassettes import is_sandbox_reset
from tests.conftest import INNER_RUN


def test_the_plugin_is_registered_with_pytest() -> None:
    plugins = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert plugins["telephony"] == "telephony_core.testing.plugin"


def test_importing_the_library_and_the_kit_does_not_import_pytest() -> None:
    code = (
        "import sys, telephony_core, telephony_core.testing.conformance, "
        "telephony_core.testing.cassettes, telephony_core.testing.clients; "
        "print('pytest' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


FIXTURES = """
import os

import pytest

import telephony_core as tel


def test_the_ini_option_names_the_provider(telephony_provider):
    assert telephony_provider == "vobiz"


@pytest.mark.telephony_provider("sipbx")
def test_a_marker_names_another(telephony_provider, telephony_sandbox):
    assert telephony_provider == "sipbx"
    assert telephony_sandbox.devices.get("1001a").owner == "1001"


def test_the_sandbox_client_is_answered_by_the_emulator(telephony_sandbox, telephony_emulator):
    telephony_sandbox.devices.update("87654321", name="Front desk")
    assert telephony_emulator.account("MA_SANDBOX").endpoints["87654321"]["alias"] == "Front desk"


def test_the_sandbox_never_uses_the_environment(telephony_sandbox):
    assert os.environ["VOBIZ_AUTH_TOKEN"] == "real-token-from-env"
    assert telephony_sandbox.provider.config["auth_token"] == tel.Secret("sandbox-token")


@pytest.mark.asyncio
async def test_the_async_sandbox_client(telephony_async_sandbox):
    async with telephony_async_sandbox as client:
        assert (await client.devices.get("87654321")).name == "John's Desktop Phone"


def test_a_replaying_client_uses_the_settings_not_the_environment(telephony_client):
    assert telephony_client.provider.setting("auth_id") == "MA_SANDBOX"


def test_cassettes_of_the_provider(vcr_config, vcr_cassette_dir, request):
    assert vcr_config["match_on"] == ["method", "scheme", "host", "path", "query", "body"]
    assert vcr_config["record_mode"] == "none"
    assert vcr_cassette_dir == str(request.config.rootpath / "recorded" / "vobiz")


@pytest.mark.vcr
def test_a_missing_cassette_fails_a_replay(telephony_client):
    telephony_client.devices.get("87654321")
"""


def test_the_fixtures(inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    inner.makeini(
        "[pytest]\n"
        "asyncio_default_fixture_loop_scope = function\n"
        "telephony_provider = vobiz\n"
        "telephony_cassettes = recorded\n"
    )
    inner.makepyfile(test_fixtures=FIXTURES)
    monkeypatch.setenv("VOBIZ_AUTH_ID", "MA_ENV")
    monkeypatch.setenv("VOBIZ_AUTH_TOKEN", "real-token-from-env")
    result = inner.runpytest_inprocess(*INNER_RUN)
    result.assert_outcomes(passed=7, failed=1)
    result.stdout.fnmatch_lines(
        ["*_ test_a_missing_cassette_fails_a_replay _*", "E *CannotOverwriteExistingCassette*"],
        consecutive=False,
    )


RECORDING = """
def test_recording_uses_the_environment(telephony_client, telephony_recording, vcr_config):
    assert telephony_recording
    assert telephony_client.provider.setting("auth_id") == "MA_ENV"
    assert vcr_config["record_mode"] == "{mode}"
"""


@pytest.mark.parametrize(
    ("option", "mode"), [("--telephony-record", "rewrite"), ("--record-mode=once", "once")]
)
def test_recording_runs(
    option: str, mode: str, inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner.makeini(
        "[pytest]\nasyncio_default_fixture_loop_scope = function\ntelephony_provider = vobiz\n"
    )
    inner.makepyfile(test_recording=RECORDING.format(mode=mode))
    monkeypatch.setenv("VOBIZ_AUTH_ID", "MA_ENV")
    monkeypatch.setenv("VOBIZ_AUTH_TOKEN", "real-token-from-env")
    inner.runpytest_inprocess(*INNER_RUN, option).assert_outcomes(passed=1)


NO_PROVIDER = """
import os
import pytest


def test_pytest_recording_defaults_are_kept(vcr_config, vcr_cassette_dir):
    assert vcr_config == {}
    assert vcr_cassette_dir == os.path.join(os.path.dirname(__file__), "cassettes", "test_bare")


def test_a_fixture_that_needs_a_provider_says_how_to_name_one(telephony_sandbox):
    pass


@pytest.mark.telephony_provider()
def test_a_marker_needs_a_name(telephony_provider):
    pass
"""


def test_without_a_provider(inner: pytest.Pytester) -> None:
    inner.makepyfile(test_bare=NO_PROVIDER)
    result = inner.runpytest_inprocess(*INNER_RUN)
    result.assert_outcomes(passed=1, errors=2)
    result.stdout.fnmatch_lines(
        [
            '*no telephony provider for this test: add `telephony_provider = "<name>"` to '
            "[[]tool.pytest.ini_options[]], mark the test, class or module "
            '@pytest.mark.telephony_provider("<name>"), or override the telephony_provider fixture',
            '*use @pytest.mark.telephony_provider("name")*',
        ],
        consecutive=False,
    )


@pytest.mark.parametrize(
    ("method", "url", "reset"),
    [
        ("POST", "http://127.0.0.1:8765/plivo/_reset", True),
        ("POST", "http://localhost:8765/_reset", True),
        ("GET", "http://127.0.0.1:8765/plivo/_reset", False),
        ("POST", "https://api.plivo.com/v1/_reset", False),  # a vendor's path: recorded
        ("POST", "http://127.0.0.1:8765/plivo/v1/Account/MA/Endpoint/", False),
    ],
)
def test_only_a_served_sandbox_reset_is_left_out_of_cassettes(
    method: str, url: str, reset: bool
) -> None:
    assert is_sandbox_reset(method, url) is reset


def test_a_fresh_sandbox_is_reset_only_while_recording_from_loopback(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = PlivoEmulator()
    with SandboxServer({"plivo": emulator}) as server:
        monkeypatch.setenv("PLIVO_BASE_URL", server.base_url("plivo"))
        inner.makepyfile(
            test_fresh="""
            import pytest

            pytestmark = pytest.mark.telephony_provider("plivo")

            def test_fresh(telephony_fresh_sandbox):
                pass
            """
        )
        emulator.accounts.clear()  # what a reset restores
        inner.runpytest_inprocess(*INNER_RUN).assert_outcomes(passed=1)
        assert emulator.accounts == {}  # replaying: not reset
        inner.runpytest_inprocess("--telephony-record", *INNER_RUN).assert_outcomes(passed=1)
        assert "SA2025RK4E639VJFZAMM" in emulator.accounts  # recording: reset


FAULTY = """
import pytest

import telephony_core as tel


def test_a_bad_day_by_default(telephony_faults, telephony_faulty_sandbox, telephony_emulator):
    assert telephony_faults == tel.Faults.bad_day()
    for n in range(40):
        telephony_faulty_sandbox.devices.update("87654321", name=f"Desk {n}")
    assert telephony_emulator.account("MA_SANDBOX").endpoints["87654321"]["alias"] == "Desk 39"


@pytest.mark.telephony_faults(schedule=["5xx", "drop_after"], seed=3)
def test_a_marker_chooses_the_faults(telephony_faults, telephony_faulty_sandbox):
    assert telephony_faults.schedule == ("5xx", "drop_after")
    assert telephony_faulty_sandbox.devices.get("87654321").id == "87654321"


@pytest.mark.telephony_faults(drop_after=1.0)
def test_what_does_not_survive_fails(telephony_faulty_sandbox):
    telephony_faulty_sandbox.devices.get("87654321")


@pytest.mark.asyncio
@pytest.mark.telephony_faults(rate_limited=0.5, retry_after=0)
async def test_the_async_twin(telephony_async_faulty_sandbox):
    async with telephony_async_faulty_sandbox as client:
        assert (await client.devices.get("87654321")).id == "87654321"
"""


def test_the_faulty_sandbox_fixtures(inner: pytest.Pytester) -> None:
    inner.makeini(
        "[pytest]\nasyncio_default_fixture_loop_scope = function\ntelephony_provider = vobiz\n"
    )
    inner.makepyfile(test_faulty=FAULTY)
    result = inner.runpytest_inprocess(*INNER_RUN)
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(
        ["*test_what_does_not_survive_fails*", "E *TransportError*"], consecutive=False
    )
