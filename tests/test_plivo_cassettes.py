"""Plivo calls replayed from cassettes (cassettes/plivo/) through httpx's real HTTP stack;
every cassette checked for secrets, and the emulator checked against them.

The calls are the API reference's examples (an endpoint `testusername` / `Test Account`, the
alias `Double time.`, the subaccount `Wayne Enterprises Subaccount`, ...) and this issue's
acceptance calls. They were recorded through the plugin-author kit from the Plivo emulator
served by `telephony sandbox serve`, each test on a freshly reset sandbox (the kit's
`telephony_fresh_sandbox`), with the sandbox's credentials (`GET /` of the server):

    telephony sandbox serve --port 18715 &
    PLIVO_BASE_URL=http://127.0.0.1:18715/plivo PLIVO_AUTH_ID=MA2025RK4E639VJFZAGV \\
    PLIVO_AUTH_TOKEN=sandbox-auth-token \\
        pytest --telephony-record -m vcr tests/test_plivo_cassettes.py
    kill %1
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from telephony_plivo import PlivoEmulator, PlivoProvider
from telephony_plivo.emulator import SEEDED_SUBACCOUNT
from telephony_plivo.emulator_base import MAIN_ACCOUNT, SANDBOX_TOKEN

import telephony_core as tel
from telephony_core.testing.cassettes import cassette_leaks, emulator_mismatches
from tests.conftest import CASSETTES, cassette_tests

pytestmark = [
    pytest.mark.telephony_provider("plivo"),
    # While recording from the served sandbox: each test on a freshly reset one.
    pytest.mark.usefixtures("telephony_fresh_sandbox"),
]
RECORDED_AT = "http://127.0.0.1:18715/plivo"
FILES = sorted((CASSETTES / "plivo").glob("*.yaml"))
PASSWORD = "Desk-Passw0rd-2026"
#: A per-request id, and the days the sandbox's clock stamped: not compared with a replay's.
VARYING = ("api_id", "created", "modified")


@pytest.fixture
def telephony_settings() -> dict[str, str]:
    """What the kit's `telephony_client` replays with (the token is masked on file)."""
    return {
        "auth_id": MAIN_ACCOUNT,
        "auth_token": "not-the-recorded-token",
        "base_url": RECORDED_AT,
    }


@pytest.mark.vcr
def test_update_alias_and_password(telephony_client: tel.Client) -> None:
    """Acceptance: one POST of `alias` and `password`, answered 202."""
    device = telephony_client.devices.update("87654321", name="Desk", password=PASSWORD)
    assert (device.id, device.name, device.password) == ("87654321", "Desk", tel.Secret(PASSWORD))


@pytest.mark.vcr
def test_update_alias(telephony_client: tel.Client) -> None:
    telephony_client.devices.update("87654321", name="Double time.")
    assert telephony_client.devices.get("87654321").name == "Double time."


@pytest.mark.vcr
def test_create_endpoint(telephony_client: tel.Client) -> None:
    device = telephony_client.devices.create(
        username="testusername", password="testpassword", name="Test Account"
    )
    assert (device.id, device.username) == ("37371860103666", "testusername260101000001")
    found = telephony_client.devices.find("testusername")  # Plivo's digits are matched
    assert found is not None and (found.id, found.username) == (device.id, device.username)


@pytest.mark.vcr
def test_get_registered_endpoint(telephony_client: tel.Client) -> None:
    device = telephony_client.devices.get("32866729519064")
    assert (device.username, device.registered, device.application_id) == (
        "callme140703093944",
        True,
        "33406267401237901",
    )
    assert device.password is None and isinstance(device.extra["password"], tel.Secret)
    assert device.extra["sip_user_agent"] == "Telephone 1.1.4"


@pytest.mark.vcr
async def test_list_endpoints_a_page_at_a_time(telephony_async_client: tel.AsyncClient) -> None:
    async with telephony_async_client as client:
        ids = [device.id async for device in client.devices.list(page_size=2)]
    assert ids == ["87654321", "32866729519064", "17551316589618"]


@pytest.mark.vcr
def test_delete_endpoint_then_it_is_404(telephony_client: tel.Client) -> None:
    telephony_client.devices.delete("17551316589618")
    with pytest.raises(tel.NotFound, match="not found"):
        telephony_client.devices.get("17551316589618")


@pytest.mark.vcr
def test_create_subaccount(telephony_client: tel.Client) -> None:
    tenant = telephony_client.tenants.create(name="Wayne Enterprises Subaccount", enabled=True)
    assert (tenant.id, tenant.enabled) == ("SA000000000000000001", True)
    assert telephony_client.tenants.get(tenant.id).auth_token == tenant.auth_token


@pytest.mark.vcr
def test_create_support_tenant(telephony_client: tel.Client) -> None:
    """Acceptance: the auth_id is the id, the token a `Secret` (masked on file)."""
    tenant = telephony_client.tenants.create(name="Support")
    assert tenant.id == "SA000000000000000001"
    assert isinstance(tenant.auth_token, tel.Secret)


@pytest.mark.vcr
def test_get_subaccount(telephony_client: tel.Client) -> None:
    tenant = telephony_client.tenants.get(SEEDED_SUBACCOUNT)
    assert (tenant.name, tenant.parent_id, tenant.enabled) == (
        "Subaccount Test",
        MAIN_ACCOUNT,
        True,
    )
    assert (
        tenant.created_at is not None
        and tenant.created_at.isoformat() == "2022-09-05T00:00:00+00:00"
    )


@pytest.mark.vcr
def test_list_and_find_subaccounts(telephony_client: tel.Client) -> None:
    telephony_client.tenants.create(name="Support")
    names = [t.name for t in telephony_client.tenants.list(page_size=1)]
    assert names == ["Subaccount Test", "Support"]
    found = telephony_client.tenants.find("Support")
    assert found is not None and found.id == "SA000000000000000001"


@pytest.mark.vcr
def test_rename_subaccount(telephony_client: tel.Client) -> None:
    tenant = telephony_client.tenants.update(SEEDED_SUBACCOUNT, name="Updated Subaccount Name")
    assert tenant.name == "Updated Subaccount Name"


@pytest.mark.vcr
def test_disable_subaccount_resends_its_name(telephony_client: tel.Client) -> None:
    tenant = telephony_client.tenants.update(SEEDED_SUBACCOUNT, enabled=False)
    assert (tenant.name, tenant.enabled) == ("Subaccount Test", False)
    assert telephony_client.tenants.get(SEEDED_SUBACCOUNT).enabled is False


@pytest.mark.vcr
def test_delete_subaccount(telephony_client: tel.Client) -> None:
    telephony_client.tenants.delete(SEEDED_SUBACCOUNT)
    assert [t.id for t in telephony_client.tenants.list()] == []


def test_there_are_cassettes() -> None:
    assert [path.stem for path in FILES] == cassette_tests(globals())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_cassette_holds_no_secret(path: Path) -> None:
    secrets = [PASSWORD, "testpassword", SANDBOX_TOKEN, "Initial-Passw0rd"]
    assert cassette_leaks(path, PlivoProvider, secrets=secrets) == []
    text = path.read_text()
    assert "auth_token" not in text or '"auth_token": "<redacted>"' in text


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_emulator_answers_as_recorded(path: Path) -> None:
    assert emulator_mismatches(path, "plivo", base_url=RECORDED_AT, ignore_keys=VARYING) == []


def test_cassettes_are_yaml_of_the_recorded_host() -> None:
    for path in FILES:
        for interaction in yaml.safe_load(path.read_text())["interactions"]:
            assert interaction["request"]["uri"].startswith(RECORDED_AT + "/v1/Account/")
    assert PlivoEmulator.credentials["auth_id"] == MAIN_ACCOUNT
