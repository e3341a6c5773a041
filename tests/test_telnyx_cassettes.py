"""Telnyx calls replayed from cassettes (cassettes/telnyx/) through httpx's real HTTP stack;
every cassette checked for secrets, against the OpenAPI description, and the emulator
checked against them.

The calls are the OpenAPI description's examples (the credential connection `myusername123`,
the IP `192.168.0.0`, the TeXML application `call-router`, the managed account `Example Company
LLC`, the error of a user name already taken). They were recorded through the plugin-author
kit from the Telnyx emulator served by `telephony sandbox serve`, each test on a freshly reset
sandbox (the kit's `telephony_fresh_sandbox` fixture), with the sandbox's credentials (`GET /`
of the server):

    telephony sandbox serve --port 18724 &
    TELNYX_BASE_URL=http://127.0.0.1:18724/telnyx \\
    TELNYX_API_KEY=KEY0SANDBOX0123456789ABCDEF_c2FuZGJveC10ZWxueXgta2V5 \\
    TELNYX_IP_CONNECTION_ID=3456789987654 \\
        pytest --telephony-record -m vcr tests/test_telnyx_cassettes.py
    kill %1
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from telephony_telnyx import TelnyxEmulator, TelnyxProvider
from telephony_telnyx.emulator import (
    SEEDED_CREDENTIAL_CONNECTION,
    SEEDED_IP,
    SEEDED_MANAGED_ACCOUNT,
    SEEDED_TEXML_APPLICATION,
    UNROUTED_NUMBER,
)

import telephony_core as tel
from telephony_core.testing import CASSETTE_MASK
from telephony_core.testing.cassettes import cassette_leaks, emulator_mismatches, interactions
from tests.conftest import CASSETTES, cassette_tests
from tests.telnyx_openapi import TelnyxSpec

pytestmark = [
    pytest.mark.telephony_provider("telnyx"),
    # While recording from the served sandbox: each test on a freshly reset one.
    pytest.mark.usefixtures("telephony_fresh_sandbox"),
]
RECORDED_AT = "http://127.0.0.1:18724/telnyx"
FILES = sorted((CASSETTES / "telnyx").glob("*.yaml"))
PASSWORD = "Alice-Passw0rd-2026"
NEW_PASSWORD = "Alice-Passw0rd-2027"
#: Stamped by the sandbox's clock when it was recorded: not compared with a replay's.
DATES = ("created_at", "updated_at", "purchased_at")


@pytest.fixture
def telephony_settings() -> dict[str, str]:
    """What the kit's `telephony_client` replays with (the key is masked on file)."""
    return {
        **TelnyxEmulator.credentials,
        "api_key": "KEY0not-the-recorded-key",
        "base_url": RECORDED_AT,
    }


@pytest.mark.vcr
def test_create_credential_connection(
    telephony_client: tel.Client, telephony_recording: bool, vcr: Any
) -> None:
    device = telephony_client.devices.create(username="alice42", password=PASSWORD)
    assert (device.username, device.name, device.enabled) == ("alice42", "alice42", True)
    assert telephony_recording or vcr.all_played  # a replay uses every interaction


@pytest.mark.vcr
def test_get_credential_connection(telephony_client: tel.Client) -> None:
    device = telephony_client.devices.get(SEEDED_CREDENTIAL_CONNECTION)
    assert (device.username, device.name) == ("myusername123", "my name")
    assert device.password is not None  # Telnyx shows it (masked on file)


@pytest.mark.vcr
def test_a_user_name_already_taken_is_refused(telephony_client: tel.Client) -> None:
    with pytest.raises(tel.ValidationError) as refused:
        telephony_client.devices.create(username="myusername123", password=PASSWORD)
    assert refused.value.field_errors == {"username": "user_name has already been taken"}


@pytest.mark.vcr
def test_list_credential_connections_a_page_at_a_time(telephony_client: tel.Client) -> None:
    telephony_client.devices.create(username="bob7", password=PASSWORD, name="Lobby")
    names = [d.username for d in telephony_client.devices.list(page_size=1)]
    assert names == ["myusername123", "bob7"]


@pytest.mark.vcr
def test_update_credential_connection(
    telephony_client: tel.Client, telephony_recording: bool
) -> None:
    device = telephony_client.devices.update(
        SEEDED_CREDENTIAL_CONNECTION, password=NEW_PASSWORD, enabled=False
    )
    # Telnyx's reply shows the new password, which the cassette holds masked.
    shown = NEW_PASSWORD if telephony_recording else CASSETTE_MASK
    assert (device.password, device.enabled) == (tel.Secret(shown), False)


@pytest.mark.vcr
def test_delete_credential_connection_then_it_is_404(telephony_client: tel.Client) -> None:
    telephony_client.devices.delete(SEEDED_CREDENTIAL_CONNECTION)
    with pytest.raises(tel.NotFound, match="10005"):
        telephony_client.devices.get(SEEDED_CREDENTIAL_CONNECTION)


@pytest.mark.vcr
def test_create_ip(telephony_client: tel.Client) -> None:
    rule = telephony_client.access_rules.create(cidr="203.0.113.7", extra={"port": 5080})
    assert (rule.cidr, rule.owner, rule.extra["port"]) == ("203.0.113.7", "3456789987654", 5080)


@pytest.mark.vcr
def test_change_the_port_of_an_ip(telephony_client: tel.Client) -> None:
    rule = telephony_client.access_rules.update(SEEDED_IP, extra={"port": 5061})
    assert (rule.cidr, rule.extra["port"]) == ("192.168.0.0", 5061)  # the address resent


@pytest.mark.vcr
async def test_list_ips(telephony_async_client: tel.AsyncClient) -> None:
    async with telephony_async_client as client:
        rules = [rule.cidr async for rule in client.access_rules.list()]
    assert rules == ["192.168.0.0"]


@pytest.mark.vcr
def test_create_and_disable_managed_account(telephony_client: tel.Client) -> None:
    tenant = telephony_client.tenants.create(name="Billing Team", email="billing@example.com")
    assert tenant.auth_token is not None and isinstance(tenant.extra["api_token"], tel.Secret)
    disabled = telephony_client.tenants.update(tenant.id, enabled=False)
    assert disabled.enabled is False


@pytest.mark.vcr
def test_list_and_find_managed_accounts(telephony_client: tel.Client) -> None:
    listed = list(telephony_client.tenants.list())
    assert [(t.id, t.name, t.auth_token) for t in listed] == [
        (SEEDED_MANAGED_ACCOUNT, "Example Company LLC", None)  # the listing has no keys
    ]
    found = telephony_client.tenants.find("Example Company LLC")
    assert found is not None and found.id == SEEDED_MANAGED_ACCOUNT


@pytest.mark.vcr
def test_create_and_update_texml_application(telephony_client: tel.Client) -> None:
    app = telephony_client.applications.create(
        name="Main IVR", answer_url="https://ivr.example.com/answer", answer_method="POST"
    )
    updated = telephony_client.applications.update(
        app.id, hangup_url="https://ivr.example.com/status"
    )
    assert (updated.name, updated.hangup_url) == ("Main IVR", "https://ivr.example.com/status")


@pytest.mark.vcr
def test_route_a_number_to_a_texml_application(telephony_client: tel.Client) -> None:
    number = telephony_client.numbers.update(
        UNROUTED_NUMBER, application_id=SEEDED_TEXML_APPLICATION
    )
    assert (number.application_id, number.trunk_id) == (SEEDED_TEXML_APPLICATION, None)
    read = telephony_client.numbers.get(UNROUTED_NUMBER)
    assert read.application_id == SEEDED_TEXML_APPLICATION


@pytest.mark.vcr
def test_search_buy_and_release_a_number(telephony_client: tel.Client) -> None:
    offer = next(iter(telephony_client.numbers.search(country="US", area_code="415", limit=1)))
    bought = telephony_client.numbers.create(
        number=offer.number, trunk_id=SEEDED_CREDENTIAL_CONNECTION
    )
    assert (bought.number, bought.trunk_id) == (offer.number, SEEDED_CREDENTIAL_CONNECTION)
    telephony_client.numbers.delete(bought.id)
    with pytest.raises(tel.NotFound):
        telephony_client.numbers.get(bought.id)


def test_there_are_cassettes() -> None:
    assert [path.stem for path in FILES] == cassette_tests(globals())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_cassette_holds_no_secret(path: Path) -> None:
    secrets = [PASSWORD, NEW_PASSWORD, TelnyxEmulator.credentials["api_key"]]
    assert cassette_leaks(path, TelnyxProvider, secrets=secrets) == []
    text = path.read_text()
    for key in ("api_key", "api_token", "password"):
        assert f'"{key}":' not in text or f'"{key}": "<redacted>"' in text


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_emulator_answers_as_recorded(path: Path) -> None:
    assert emulator_mismatches(path, "telnyx", base_url=RECORDED_AT, ignore_keys=DATES) == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_recorded_exchanges_follow_the_openapi(path: Path) -> None:
    spec = TelnyxSpec.require()
    for interaction in interactions(path):
        recorded, reply = interaction["request"], interaction["response"]
        uri = "https://api.telnyx.com" + recorded["uri"].removeprefix(RECORDED_AT)
        headers = {k.lower(): v[0] for k, v in (recorded.get("headers") or {}).items()}
        headers["authorization"] = "Bearer KEY0masked"  # masked on file
        request = httpx.Request(
            recorded["method"], uri, headers=headers, content=(recorded["body"] or "").encode()
        )
        spec.check_request(request)
        response = httpx.Response(
            reply["status"]["code"],
            headers={k: v[0] for k, v in reply["headers"].items()},
            content=reply["body"]["string"].encode(),
        )
        spec.check_response(request, response)


def test_cassettes_are_yaml_of_the_recorded_host() -> None:
    for path in FILES:
        for interaction in yaml.safe_load(path.read_text())["interactions"]:
            assert interaction["request"]["uri"].startswith(RECORDED_AT + "/v2/")
