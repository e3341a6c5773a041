"""Telnyx on its sandbox: the CLI (its state kept by a served sandbox), the rules checked
before sending, owners of IPs, managed accounts, and call routing through `connection_id`."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from click.testing import CliRunner
from telephony_telnyx import TelnyxEmulator
from telephony_telnyx.emulator import (
    SEEDED_CREDENTIAL_CONNECTION,
    SEEDED_IP,
    SEEDED_MANAGED_ACCOUNT,
    SEEDED_TEXML_APPLICATION,
    UNROUTED_NUMBER,
)

import telephony_core as tel
from telephony_core.cli import cli
from telephony_core.plugins.recorder import RequestRecorder
from telephony_core.plugins.registry import get_registry
from telephony_core.sandbox.server import SandboxServer
from telephony_core.translate.dryrun import as_curl

PASSWORD = "Alice-Passw0rd-2026"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def sandbox() -> tel.Client:
    return tel.connect("telnyx", sandbox=True)


@pytest.fixture
def sent() -> Iterator[RequestRecorder]:
    recorder = RequestRecorder()
    get_registry().manager.register(recorder)
    yield recorder
    get_registry().manager.unregister(recorder)


# Acceptance (issue 24): create a device and list it, route a number, from the shell.
def test_the_cli_creates_a_device_lists_it_and_routes_a_number() -> None:
    with SandboxServer({"telnyx": TelnyxEmulator()}) as server:
        served = ("--sandbox", "--sandbox-url", server.url, "--provider", "telnyx")
        code, out, err = run(
            *served, "devices", "create", "--username", "alice42", "--password", PASSWORD
        )
        assert (code, err) == (0, "")
        assert "username  alice42" in out
        code, out, _ = run(*served, "--json", "devices", "list")
        assert code == 0
        listed = [json.loads(line) for line in out.splitlines()]
        assert [d["username"] for d in listed] == ["myusername123", "alice42"]
        assert PASSWORD not in out  # the password Telnyx shows is masked
        code, out, _ = run(
            *served,
            "numbers",
            "update",
            UNROUTED_NUMBER,
            "--application-id",
            SEEDED_TEXML_APPLICATION,
        )
        assert code == 0
        assert f"application_id  {SEEDED_TEXML_APPLICATION}" in out
        code, out, _ = run(*served, "--json", "numbers", "get", UNROUTED_NUMBER)
        assert json.loads(out)["application_id"] == SEEDED_TEXML_APPLICATION


def test_the_cli_says_why_a_managed_account_cannot_be_deleted() -> None:
    code, _, err = run(
        "--sandbox", "--provider", "telnyx", "tenants", "delete", SEEDED_MANAGED_ACCOUNT
    )
    assert code == 1
    assert err.strip() == (
        "error: telnyx does not support tenants.delete: the Telnyx API has no delete for "
        "managed accounts: disable one with tenants.update(id, enabled=False), which stops its "
        "calls and messages and its logins"
    )


def test_the_cli_refuses_a_network_naming_cidr() -> None:
    code, _, err = run(
        "--sandbox", "--provider", "telnyx", "access-rules", "create", "--cidr", "10.0.0.0/24"
    )
    assert code == 1
    assert err.startswith("error: invalid cidr: must be a single IPv4 address at Telnyx")


# Devices.


@pytest.mark.parametrize(
    ("username", "problem"),
    [("bob", True), ("a" * 33, True), ("alice.42", True), ("12345bob", True), ("1234b", False)],
)
def test_user_names_follow_telnyx_rule(
    sandbox: tel.Client, sent: RequestRecorder, username: str, problem: bool
) -> None:
    if not problem:
        assert sandbox.devices.create(username=username, password=PASSWORD).username == username
        return
    with pytest.raises(tel.ValidationError) as info:
        sandbox.devices.create(username=username, password=PASSWORD)
    assert "4 to 32 letters and digits" in info.value.field_errors["username"]
    assert sent.sent == []


def test_a_password_is_8_to_128_characters(sandbox: tel.Client, sent: RequestRecorder) -> None:
    for password in ("short", "x" * 129):
        with pytest.raises(tel.ValidationError) as info:
            sandbox.devices.update(SEEDED_CREDENTIAL_CONNECTION, password=password)
        assert info.value.field_errors == {"password": "must be 8 to 128 characters at telnyx"}
    assert sent.sent == []
    assert sandbox.devices.update(SEEDED_CREDENTIAL_CONNECTION, password="x" * 128).id


def test_a_device_is_disabled_and_read_back(sandbox: tel.Client) -> None:
    sandbox.devices.update(SEEDED_CREDENTIAL_CONNECTION, enabled=False, name="Front desk")
    device = sandbox.devices.get(SEEDED_CREDENTIAL_CONNECTION)
    assert (device.enabled, device.name) == (False, "Front desk")
    assert device.password == tel.Secret("my123secure456password789")


def test_the_username_is_set_at_create_only(sandbox: tel.Client) -> None:
    with pytest.raises(tel.UnsupportedField, match="natural key"):
        sandbox.devices.update(SEEDED_CREDENTIAL_CONNECTION, username="carol9")


def test_a_device_is_found_by_username(sandbox: tel.Client) -> None:
    found = sandbox.devices.find("myusername123")
    assert found is not None and found.id == SEEDED_CREDENTIAL_CONNECTION


# Access rules: the IPs of an IP connection.


def test_a_create_needs_an_ip_connection() -> None:
    credentials = {**TelnyxEmulator.credentials, "ip_connection": None}
    client = tel.connect("telnyx", transport=TelnyxEmulator().transport(), **credentials)
    with pytest.raises(tel.ConfigurationError, match="TELNYX_IP_CONNECTION_ID"):
        client.access_rules.create(cidr="203.0.113.7")
    assert [r.id for r in client.access_rules.list()] == [SEEDED_IP]  # every IP, unscoped


def test_an_ip_of_another_connection_is_not_found(
    sandbox: tel.Client, sent: RequestRecorder
) -> None:
    with pytest.raises(tel.NotFound, match="no IP .* on IP connection '999'"):
        sandbox.access_rules.get(SEEDED_IP, owner="999")
    with pytest.raises(tel.NotFound):
        sandbox.access_rules.delete(SEEDED_IP, owner="999")
    assert [(r.method, r.path) for r in sent.sent] == [("GET", "/v2/ips")] * 2  # none deleted
    assert ("filter[connection_id]", "999") in sent.sent[0].query
    assert list(sandbox.access_rules.list(owner="999")) == []
    assert sandbox.access_rules.get(SEEDED_IP).cidr == "192.168.0.0"


def test_an_ip_id_is_a_uuid(sandbox: tel.Client, sent: RequestRecorder) -> None:
    with pytest.raises(tel.ValidationError) as info:
        sandbox.access_rules.get("12345")
    assert "a UUID" in info.value.field_errors["id"]
    assert sent.sent == []


def test_a_dry_run_of_a_port_change_shows_the_address_it_resends(sandbox: tel.Client) -> None:
    dry = sandbox.dry_run("access_rules", "update", SEEDED_IP, extra={"port": 5061})
    assert [(r.method, r.path) for r in dry.requests] == [
        ("GET", "/v2/ips"),  # the IP connection's listing holds it
        ("PATCH", f"/v2/ips/{SEEDED_IP}"),
    ]
    assert dry.complete
    assert '"ip_address":"<current ip_address>"' in as_curl(dry.requests[1], dry.placeholders)


# Tenants: managed accounts.


def test_a_managed_account_is_created_enabled_then_disabled(sandbox: tel.Client) -> None:
    with pytest.raises(tel.UnsupportedField, match="creates managed accounts enabled"):
        sandbox.tenants.create(name="Acme", enabled=False)
    tenant = sandbox.tenants.create(name="Acme", email="ops@acme.example")
    assert tenant.auth_token is not None
    assert sandbox.tenants.update(tenant.id, enabled=False).enabled is False
    assert sandbox.tenants.get(tenant.id).enabled is None  # Telnyx never shows it
    assert sandbox.tenants.update(tenant.id, enabled=True).enabled is True


def test_a_managed_account_has_its_own_resources_and_key() -> None:
    emulator = TelnyxEmulator()
    parent = tel.connect("telnyx", transport=emulator.transport(), **emulator.credentials)
    tenant = parent.tenants.create(name="Acme")
    assert tenant.auth_token is not None
    child = tel.connect(
        "telnyx", api_key=tenant.auth_token.reveal(), transport=emulator.transport()
    )
    assert list(child.devices.list()) == []
    child.devices.create(username="acme1", password=PASSWORD)
    assert [d.username for d in parent.devices.list()] == ["myusername123"]
    parent.tenants.update(tenant.id, enabled=False)
    with pytest.raises(tel.PermissionDenied):
        child.devices.get("1")


def test_the_api_token_is_a_secret_everywhere(sandbox: tel.Client) -> None:
    tenant = sandbox.tenants.get(SEEDED_MANAGED_ACCOUNT)
    token = tenant.extra["api_token"]
    assert isinstance(token, tel.Secret) and token.reveal() == "x6oexQNHTs-fZ7-QsDMOeg"
    code, out, _ = run(
        "--sandbox", "--provider", "telnyx", "--json", "tenants", "get", SEEDED_MANAGED_ACCOUNT
    )
    assert code == 0 and "x6oexQNHTs" not in out and "KEY0123" not in out


def test_only_the_custom_pricing_switch_is_changed_by_a_patch(sandbox: tel.Client) -> None:
    with pytest.raises(tel.UnsupportedField, match="set when it is created"):
        sandbox.tenants.update(SEEDED_MANAGED_ACCOUNT, name="Renamed")
    tenant = sandbox.tenants.update(
        SEEDED_MANAGED_ACCOUNT, extra={"managed_account_allow_custom_pricing": False}
    )
    assert tenant.extra["managed_account_allow_custom_pricing"] is False


# Applications and numbers.


def test_a_one_field_update_of_an_application_resends_name_and_voice_url(
    sandbox: tel.Client, sent: RequestRecorder
) -> None:
    app = sandbox.applications.update(SEEDED_TEXML_APPLICATION, hangup_method="POST")
    assert (app.name, app.answer_url, app.hangup_method) == (
        "call-router",
        "https://example.com",
        tel.HttpMethod.POST,
    )
    patch = json.loads(sent.sent[-1].body or b"{}")
    assert patch == {
        "status_callback_method": "post",
        "friendly_name": "call-router",
        "voice_url": "https://example.com",
    }
    dry = sandbox.dry_run("applications", "update", SEEDED_TEXML_APPLICATION, hangup_method="GET")
    assert [r.method for r in dry.requests] == ["GET", "PATCH"]


def test_a_number_routes_to_an_application_or_a_trunk_never_both(
    sandbox: tel.Client, sent: RequestRecorder
) -> None:
    with pytest.raises(tel.ValidationError) as both:
        sandbox.numbers.update(
            UNROUTED_NUMBER,
            application_id=SEEDED_TEXML_APPLICATION,
            trunk_id=SEEDED_CREDENTIAL_CONNECTION,
        )
    assert set(both.value.field_errors) == {"application_id", "trunk_id"}
    assert sent.sent == []
    with pytest.raises(tel.NotFound, match="application_id '.*' is not a TeXML application"):
        sandbox.numbers.update(UNROUTED_NUMBER, application_id=SEEDED_CREDENTIAL_CONNECTION)
    with pytest.raises(tel.ValidationError) as an_app:
        sandbox.numbers.update(UNROUTED_NUMBER, trunk_id=SEEDED_TEXML_APPLICATION)
    assert "route to it with application_id" in an_app.value.field_errors["trunk_id"]
    assert all(r.method == "GET" for r in sent.sent)  # nothing was changed
    number = sandbox.numbers.update(UNROUTED_NUMBER, trunk_id=SEEDED_CREDENTIAL_CONNECTION)
    assert (number.application_id, number.trunk_id) == (None, SEEDED_CREDENTIAL_CONNECTION)
    number = sandbox.numbers.update(UNROUTED_NUMBER, application_id=SEEDED_TEXML_APPLICATION)
    assert (number.application_id, number.trunk_id) == (SEEDED_TEXML_APPLICATION, None)


def test_the_listing_reads_each_number_route(sandbox: tel.Client) -> None:
    routes = {n.number: (n.application_id, n.trunk_id) for n in sandbox.numbers.list()}
    assert routes == {
        "+13125550100": (SEEDED_TEXML_APPLICATION, None),
        "+13125550101": (None, SEEDED_CREDENTIAL_CONNECTION),
        "+13125550102": (None, None),
    }


def test_a_number_cannot_be_unrouted(sandbox: tel.Client) -> None:
    with pytest.raises(tel.ValidationError, match="cannot be cleared"):
        sandbox.numbers.update(UNROUTED_NUMBER, application_id=None)


def test_a_search_sends_telnyx_filters(sandbox: tel.Client, sent: RequestRecorder) -> None:
    offers = list(sandbox.numbers.search(country="US", area_code="415", contains="55", limit=3))
    assert len(offers) == 3 and all(o.number.startswith("+1415") for o in offers)
    assert all(o.capabilities == {"voice", "sms", "mms", "fax"} for o in offers)
    assert sent.sent[-1].query == (
        ("filter[country_code]", "US"),
        ("filter[phone_number_type]", "local"),
        ("filter[national_destination_code]", "415"),
        ("filter[phone_number][contains]", "55"),
        ("filter[limit]", "3"),
    )


def test_a_bought_number_is_routed_and_found_then_released(sandbox: tel.Client) -> None:
    offer = next(iter(sandbox.numbers.search(country="US", area_code="212", limit=1)))
    bought = sandbox.numbers.create(number=offer.number, application_id=SEEDED_TEXML_APPLICATION)
    assert (bought.number, bought.application_id) == (offer.number, SEEDED_TEXML_APPLICATION)
    assert sandbox.numbers.find(offer.number) == bought
    with pytest.raises(tel.ValidationError, match="not available"):
        sandbox.numbers.create(number=offer.number)  # the account holds it
    sandbox.numbers.delete(bought.id)
    assert sandbox.numbers.find(offer.number) is None


def test_an_order_placed_for_a_number_not_yet_listed_says_so() -> None:
    order = {
        "data": {
            "id": "12ade33a-21c0-473b-b055-b3c836e1c292",
            "status": "pending",
            "phone_numbers": [{"phone_number": "+19705555098", "status": "pending"}],
        }
    }
    replies = iter(
        [
            httpx.Response(200, json=order),
            httpx.Response(200, json={"data": [], "meta": {"total_pages": 1}}),
        ]
    )
    client = tel.connect(
        "telnyx", api_key="KEY0x", transport=httpx.MockTransport(lambda r: next(replies))
    )
    with pytest.raises(tel.ProviderError) as info:
        client.numbers.create(number="+19705555098")
    assert "was placed (status 'pending')" in str(info.value)
    assert "numbers.find('+19705555098')" in str(info.value)


def test_a_failed_order_says_the_number_was_not_sold() -> None:
    order = {
        "data": {
            "id": "o1",
            "status": "failure",
            "phone_numbers": [{"phone_number": "+19705555098", "status": "failure"}],
        }
    }
    client = tel.connect(
        "telnyx",
        api_key="KEY0x",
        transport=httpx.MockTransport(lambda r: httpx.Response(200, json=order)),
    )
    with pytest.raises(tel.ProviderError, match="failed: Telnyx did not sell the number"):
        client.numbers.create(number="+19705555098")


async def test_the_async_client_routes_a_number_too() -> None:
    async with tel.connect_async("telnyx", sandbox=True) as client:
        number = await client.numbers.update(
            UNROUTED_NUMBER, application_id=SEEDED_TEXML_APPLICATION
        )
        assert number.application_id == SEEDED_TEXML_APPLICATION
        listed = [n.number async for n in client.numbers.list(page_size=1)]
    assert listed == ["+13125550100", "+13125550101", "+13125550102"]


@pytest.mark.parametrize(
    "base_url",
    ["https://api.telnyx.com", "https://api.telnyx.com/v2", "https://api.telnyx.com/v2/"],
)
def test_the_base_url_may_be_written_as_the_sdk_writes_it(base_url: str) -> None:
    client = tel.connect("telnyx", api_key="KEY0x", base_url=base_url)
    dry = client.dry_run("devices", "get", "1")
    assert dry.requests[0].url == "https://api.telnyx.com/v2/credential_connections/1"
