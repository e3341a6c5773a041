"""The recording pipeline end to end, without a real vendor.

A test written against the kit (`telephony_client`, `@pytest.mark.vcr`) runs twice in its own
pytest session (inner): first with `--telephony-record` against the sandbox server over real
HTTP on 127.0.0.1, credentials from the environment; the cassette it writes is checked to hold
no auth header value, token or password; then, with the server stopped and the environment
cleared, it replays the cassette with pytest-recording's `--block-network`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import attrs
import pytest
from telephony_plivo import PlivoEmulator
from telephony_plivo.emulator import SEEDED_SUBACCOUNT as PLIVO_SUBACCOUNT
from telephony_sipbx.emulator import SANDBOX_TOKEN
from telephony_twilio import TwilioEmulator
from telephony_twilio.emulator import SEEDED_SUBACCOUNT
from telephony_twilio.emulator_sip import SEEDED_CREDENTIAL
from telephony_vobiz import VobizEmulator
from telephony_voipappz import VoipappzEmulator

from telephony_core.plugins.registry import get_registry
from telephony_core.sandbox.server import SandboxServer
from telephony_core.testing.cassettes import cassette_leaks, interactions
from telephony_core.testing.scrub import CASSETTE_MASK
from tests.conftest import INNER_RUN

# Each emulator accepts its own credentials only: those are the credentials to keep out.
VOBIZ_TOKEN = VobizEmulator.credentials["auth_token"]
VOIPAPPZ_TOKEN = VoipappzEmulator.credentials["token"]
SUB_TOKEN = "sub-live-1a2b3c4d5e6f7a8b"
PASSWORD = "NewSecurePassword456!"
AGENT = "5d249180-a0e7-4ef0-8e50-95d822dca45d"


@attrs.frozen
class Run:
    """What one provider's recording run needs: credentials, replay settings, the script."""

    credentials: dict[str, str]
    replay: dict[str, str]
    script: str
    secrets: tuple[str, ...]


RUNS = {
    "vobiz": Run(
        credentials={"VOBIZ_AUTH_ID": "MA_REC", "VOBIZ_AUTH_TOKEN": VOBIZ_TOKEN},
        replay={"auth_id": "MA_REC", "auth_token": "not-the-recorded-token"},
        script=(
            'telephony_client.tenants.create(name="Recorded")\n'
            f'    telephony_client.devices.update("87654321", password="{PASSWORD}")'
        ),
        secrets=(VOBIZ_TOKEN, SUB_TOKEN, PASSWORD),
    ),
    "sipbx": Run(
        credentials={"SIPBX_TOKEN": SANDBOX_TOKEN},
        replay={"token": "nsd_not-the-recorded-key"},
        script=(
            f'telephony_client.devices.update("1001a", password="{PASSWORD}")\n'
            '    telephony_client.devices.get("1001a")'
        ),
        secrets=(SANDBOX_TOKEN, PASSWORD),
    ),
    "voipappz": Run(
        credentials={"VOIPAPPZ_TOKEN": VOIPAPPZ_TOKEN},
        replay={"token": "not-the-recorded-token"},
        script=f'telephony_client.agents.update("{AGENT}", name="Alex", extra={{"password": "{PASSWORD}"}})',
        secrets=(VOIPAPPZ_TOKEN, PASSWORD),
    ),
    "plivo": Run(
        # The emulator accepts its accounts' own tokens only.
        credentials={
            "PLIVO_AUTH_ID": PlivoEmulator.credentials["auth_id"],
            "PLIVO_AUTH_TOKEN": PlivoEmulator.credentials["auth_token"],
        },
        replay={**PlivoEmulator.credentials, "auth_token": "not-the-recorded-token"},
        script=(
            'telephony_client.tenants.create(name="Recorded")\n'
            f'    telephony_client.tenants.get("{PLIVO_SUBACCOUNT}")\n'
            f'    telephony_client.devices.update("87654321", password="{PASSWORD}")'
        ),
        secrets=(PlivoEmulator.credentials["auth_token"], SUB_TOKEN, PASSWORD),
    ),
    "twilio": Run(
        # The emulator accepts its own auth token only.
        credentials={
            "TWILIO_ACCOUNT_SID": TwilioEmulator.credentials["account_sid"],
            "TWILIO_AUTH_TOKEN": TwilioEmulator.credentials["auth_token"],
            "TWILIO_CREDENTIAL_LIST_SID": TwilioEmulator.credentials["credential_list"],
        },
        replay={**TwilioEmulator.credentials, "auth_token": "not-the-recorded-token"},
        script=(
            f'telephony_client.devices.update("{SEEDED_CREDENTIAL}", password="{PASSWORD}")\n'
            f'    telephony_client.tenants.get("{SEEDED_SUBACCOUNT}")'
        ),
        secrets=(TwilioEmulator.credentials["auth_token"], SUB_TOKEN, PASSWORD),
    ),
}

TEST_MODULE = """
import socket

import pytest

pytestmark = pytest.mark.telephony_provider("{provider}")


@pytest.fixture
def telephony_settings():
    return {replay!r}


@pytest.mark.vcr
def test_script(telephony_client, telephony_recording, vcr):
    {script}
    assert vcr.play_count == (0 if telephony_recording else len(vcr.data))


def test_the_network_is_blocked_when_replaying(telephony_recording):
    if telephony_recording:
        pytest.skip("recording")
    with socket.socket() as sock, pytest.raises(RuntimeError, match="Network is disabled"):
        sock.connect(("127.0.0.1", {port}))
"""
INI = "[pytest]\nasyncio_default_fixture_loop_scope = function\n"
#: Plugins the inner runs do without (hypothesis would be imported afresh by each run).
QUIET = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest")


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    emulators = {name: get_registry().sandbox(name)() for name in RUNS}
    emulators["vobiz"].subs("MA_REC")["SA_1"]["auth_token"] = SUB_TOKEN  # type: ignore[attr-defined]
    emulators["twilio"].accounts[SEEDED_SUBACCOUNT]["auth_token"] = SUB_TOKEN  # type: ignore[attr-defined]
    emulators["plivo"].accounts[PLIVO_SUBACCOUNT]["auth_token"] = SUB_TOKEN  # type: ignore[attr-defined]
    with SandboxServer(emulators) as running:
        yield running


@pytest.mark.parametrize("provider", sorted(RUNS))
def test_record_against_the_sandbox_server_then_replay_offline(
    provider: str,
    server: SandboxServer,
    inner: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = RUNS[provider]
    base_url = server.base_url(provider)
    inner.makepyfile(
        test_live=TEST_MODULE.format(
            provider=provider,
            replay={**run.replay, "base_url": base_url},
            script=run.script,
            port=urlsplit(server.url).port,
        )
    )
    for name, value in {**run.credentials, f"{provider.upper()}_BASE_URL": base_url}.items():
        monkeypatch.setenv(name, value)

    recording = inner.runpytest_inprocess("--telephony-record", *INNER_RUN)
    recording.assert_outcomes(passed=1, skipped=1)
    cassette = inner.path / "cassettes" / provider / "test_script.yaml"
    assert cassette.is_file()
    provider_cls = get_registry().provider(provider)
    assert cassette_leaks(cassette, provider_cls, secrets=run.secrets) == []
    recorded = interactions(cassette)
    assert recorded and all(i["request"]["uri"].startswith(base_url) for i in recorded)
    if provider == "vobiz":  # the live reply carried the sub-account's tokens: masked
        reply = recorded[0]["response"]["body"]["string"]
        assert f'"auth_token": "{CASSETTE_MASK}"' in reply
        assert f'"access_token": "{CASSETTE_MASK}"' in reply
        assert f'"refresh_token": "{CASSETTE_MASK}"' in reply
    if provider == "plivo":  # the created and the read subaccount's tokens: masked
        assert all(
            f'"auth_token": "{CASSETTE_MASK}"' in i["response"]["body"]["string"]
            for i in recorded[:2]
        )

    server.stop()
    for name in run.credentials:
        monkeypatch.delenv(name)
    replay = inner.runpytest_inprocess("--block-network", *INNER_RUN)
    replay.assert_outcomes(passed=2)


def test_a_recording_run_rewrites_the_cassette(
    server: SandboxServer, inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recording twice leaves one recording, not the old interactions plus the new."""
    run = RUNS["sipbx"]
    base_url = server.base_url("sipbx")
    inner.makepyfile(
        test_live=TEST_MODULE.format(
            provider="sipbx", replay=run.replay, script=run.script, port=urlsplit(server.url).port
        )
    )
    monkeypatch.setenv("SIPBX_TOKEN", SANDBOX_TOKEN)
    monkeypatch.setenv("SIPBX_BASE_URL", base_url)
    for _ in range(2):
        inner.runpytest_inprocess("--telephony-record", *INNER_RUN).assert_outcomes(
            passed=1, skipped=1
        )
    assert len(interactions(Path(inner.path, "cassettes", "sipbx", "test_script.yaml"))) == 2
