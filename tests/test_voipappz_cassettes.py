"""voipappz cassettes (the documented extension request, the status action) replayed through
the real httpx transport (record mode none; matched on method, scheme, host, path, query and
body), the same script run on the sandbox and on cassettes, and the emulator checked against
every cassette."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest
from telephony_voipappz import VoipappzEmulator

import telephony_core as tel
from telephony_core.testing.cassettes import emulator_mismatches
from telephony_core.translate.provider import Scope
from tests.conftest import CASSETTES

pytestmark = pytest.mark.telephony_provider("voipappz")
BASE = "https://api.voipappz.io"
USER = "5d249180-a0e7-4ef0-8e50-95d822dca45d"
EXTENSION = "b773227d-ae9a-4d86-8273-d08915c27686"
# Cassette replay has no real credentials: any token will do (it is `<redacted>` on file).
REPLAY = {"base_url": BASE, "token": "not-a-real-token"}


@pytest.fixture
def telephony_settings() -> dict[str, str]:
    """The settings the kit's `telephony_client` replays these cassettes with."""
    return REPLAY


def set_agent_extension(client: tel.Client | tel.AsyncClient) -> Any:
    """The script: set an agent's extension (written once, for both clients)."""
    return client.agents.update(USER, extension_id=EXTENSION)


async def run_script(flavour: str, **settings: Any) -> tel.AgentUser:
    """Run `set_agent_extension` on a sync or async client made with `settings`."""
    if flavour == "sync":
        with tel.connect("voipappz", **settings) as client:
            result = set_agent_extension(client)
    else:
        async with tel.connect_async("voipappz", **settings) as aclient:
            result = await set_agent_extension(aclient)
    assert not inspect.isawaitable(result)
    assert isinstance(result, tel.AgentUser)
    return result


@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_the_extension_script_runs_on_the_sandbox(flavour: str) -> None:
    user = await run_script(flavour, sandbox=True)
    assert user == tel.AgentUser(id=USER, extension_id=EXTENSION)


@pytest.mark.vcr
@pytest.mark.default_cassette("test_set_extension")
@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_the_extension_script_runs_on_cassettes(flavour: str, vcr: Any) -> None:
    user = await run_script(flavour, **REPLAY)
    assert user == tel.AgentUser(id=USER, extension_id=EXTENSION)
    assert vcr.all_played


def test_the_sandbox_keeps_the_extension() -> None:
    emulator = VoipappzEmulator()
    client = tel.connect(
        "voipappz", base_url=BASE, token="sandbox-token", transport=emulator.transport()
    )
    assert client.agents.get(USER).extension_id is None
    set_agent_extension(client)
    assert emulator.users[USER]["extension_uuid"] == EXTENSION
    assert client.agents.get(USER).extension_id == EXTENSION


@pytest.mark.vcr
def test_set_state(telephony_client: tel.Client, vcr: Any) -> None:
    user = telephony_client.agents.update(USER, state="on_break", state_reason="Lunch")
    assert (user.state, user.state_reason) == (tel.AgentState.ON_BREAK, "Lunch")
    assert (user.name, user.email) == ("Alex Morgan", "alex.morgan@example.com")
    assert vcr.all_played


@pytest.mark.vcr
@pytest.mark.default_cassette("test_set_state")
async def test_set_state_async(telephony_async_client: tel.AsyncClient, vcr: Any) -> None:
    async with telephony_async_client as client:
        user = await client.agents.update(USER, state="on_break", state_reason="Lunch")
    assert user.state is tel.AgentState.ON_BREAK
    assert vcr.all_played


# The client refuses "asleep" itself; to replay the vendor's own answer the provider's plan
# is run directly, skipping the client-side check.


@pytest.mark.vcr
def test_unknown_state_is_406(telephony_client: tel.Client, vcr: Any) -> None:
    client = telephony_client
    plan = client.provider.resources["agents"].plan_update(USER, {"state": "asleep"}, Scope())
    with pytest.raises(tel.ValidationError) as info:
        client._run(plan)
    assert info.value.status == 406
    assert "type must be one of" in str(info.value)
    assert (info.value.applied, info.value.not_applied) == ((), ())
    assert vcr.all_played


@pytest.mark.vcr
def test_extension_applied_then_state_refused(telephony_client: tel.Client, vcr: Any) -> None:
    client = telephony_client
    changes = {"extension_id": EXTENSION, "state": "asleep", "state_reason": "Lunch"}
    plan = client.provider.resources["agents"].plan_update(USER, changes, Scope())
    with pytest.raises(tel.ValidationError) as info:
        client._run(plan)
    assert info.value.applied == ("extension_id",)
    assert info.value.not_applied == ("state", "state_reason")
    assert vcr.all_played


CASSETTE_FILES = sorted((CASSETTES / "voipappz").glob("*.yaml"))


def test_there_are_cassettes_of_the_extension_and_the_state_action() -> None:
    names = [path.stem for path in CASSETTE_FILES]
    assert {"test_set_extension", "test_set_state"} <= set(names)


@pytest.mark.parametrize("path", CASSETTE_FILES, ids=lambda path: path.stem)
def test_emulator_answers_each_cassette_as_recorded(path: Path) -> None:
    # One emulator per cassette, its interactions in order; the masked token is the sandbox's.
    assert emulator_mismatches(path, "voipappz") == []


def test_the_sandbox_refuses_a_wrong_token() -> None:
    client = tel.connect("voipappz", sandbox=True, token="wrong-token")
    with pytest.raises(tel.AuthenticationError, match="401"):
        client.agents.get(USER)
