"""The documented Vobiz examples (endpoints, IP ACLs, sub-accounts), replayed from cassettes
through the real httpx transport (record mode none; matched on method, scheme, host, path,
query and body; a request the cassette lacks fails the test), and the sandbox emulator
checked against the same cassettes."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import httpx
import pytest
import yaml
from telephony_vobiz import VobizEmulator, VobizProvider

import telephony_core as tel
from telephony_core.testing.scrub import Scrubber
from telephony_core.translate.provider import Scope
from tests.conftest import CASSETTES

pytestmark = pytest.mark.telephony_provider("vobiz")
ENDPOINT = "87654321"
RULE = "c1d2e3f4-a5b6-7890-cdef-1234567890ab"
#: Secret request values that cassettes hold masked but that the vendor's answer depends on,
#: restored for the emulator check (cassette name -> JSON body values).
MASKED_REQUEST_VALUES = {"test_update_short_password_is_400": {"password": "short"}}


@pytest.fixture
def telephony_settings() -> dict[str, str]:
    """The settings the kit's `telephony_client` replays these cassettes with."""
    return {"auth_id": "MA_XXXXXX", "auth_token": "not-a-real-token"}


@pytest.fixture
def client(telephony_client: tel.Client) -> tel.Client:
    # Through httpx's real HTTP transport, which vcrpy replays.
    return telephony_client


@pytest.mark.vcr
def test_update_alias(client: tel.Client, vcr: Any) -> None:
    device = client.devices.update(ENDPOINT, name="John's Updated Desktop Phone")
    assert device.name == "John's Updated Desktop Phone"
    assert vcr.all_played


@pytest.mark.vcr
def test_update_password(client: tel.Client, vcr: Any) -> None:
    device = client.devices.update(ENDPOINT, password="NewSecurePassword456!")
    assert device.password is not None
    assert device.password.reveal() == "NewSecurePassword456!"
    assert vcr.all_played


@pytest.mark.vcr
def test_update_multiple_fields(client: tel.Client, vcr: Any) -> None:
    device = client.devices.update(
        ENDPOINT,
        name="John's Updated Desktop Phone",
        password="NewSecurePassword456!",
        application_id="98765432",
        allow_voice=True,
        allow_messaging=True,
        allow_video=True,
    )
    assert device.application_id == "98765432"
    assert device.allow_video is True
    assert vcr.all_played


@pytest.mark.vcr
def test_update_short_password_is_400(client: tel.Client, vcr: Any) -> None:
    # The client refuses a short password itself; to replay the vendor's own answer we run
    # the provider's plan directly, skipping the client-side check.
    plan = client.provider.resources["devices"].plan_update(
        ENDPOINT, {"password": tel.Secret("short")}, Scope()
    )
    with pytest.raises(tel.ValidationError) as info:
        client._run(plan)
    assert info.value.field_errors == {"password": "Password must be at least 8 characters"}
    assert info.value.status == 400
    assert vcr.all_played


@pytest.mark.vcr
async def test_update_unknown_endpoint_is_404(
    telephony_async_client: tel.AsyncClient, vcr: Any
) -> None:
    async with telephony_async_client as c:
        with pytest.raises(tel.NotFound):
            await c.devices.update("00000000", name="Desk")
    assert vcr.all_played


@pytest.mark.vcr
def test_update_ip_acl_address(client: tel.Client, vcr: Any) -> None:
    # Both fields given: the PUT alone (one round trip).
    rule = client.access_rules.update(RULE, name="Office static IP", cidr="192.168.1.200")
    assert rule == tel.AccessRule(
        id=RULE,
        tenant="MA_XXXXXX",
        name="Office static IP",
        cidr="192.168.1.200",
        enabled=True,
        created_at=datetime.fromisoformat("2026-05-12T05:11:51Z"),
        updated_at=datetime.fromisoformat("2026-05-12T05:12:30Z"),
    )
    assert vcr.play_count == 1
    assert vcr.all_played


@pytest.mark.vcr
async def test_rename_ip_acl_resending_address(
    telephony_async_client: tel.AsyncClient, vcr: Any
) -> None:
    # Only the name changes: the listing is read, then the PUT resends the current address.
    async with telephony_async_client as c:
        rule = await c.access_rules.update(RULE, name="Main office - Building A")
    assert (rule.name, rule.cidr) == ("Main office - Building A", "192.168.1.200")
    assert vcr.play_count == 2
    assert vcr.all_played


@pytest.mark.vcr
def test_update_ip_acl_invalid_address_is_400(client: tel.Client, vcr: Any) -> None:
    # The client refuses 192.168.1.300 itself; to replay the vendor's own answer we run the
    # provider's plan directly, skipping the client-side check.
    plan = client.provider.resources["access_rules"].plan_update(
        RULE, {"name": "Office static IP", "cidr": "192.168.1.300"}, Scope()
    )
    with pytest.raises(tel.ValidationError) as info:
        client._run(plan)
    assert info.value.field_errors == {"cidr": "Invalid IP address format"}
    assert info.value.status == 400
    assert vcr.all_played


@pytest.mark.vcr
def test_update_sub_account(client: tel.Client, vcr: Any) -> None:
    tenant = client.tenants.update(
        "SA_1",
        description="Updated permissions",
        rate_limit=750,
        email="updated@example.com",
        enabled=True,
    )
    assert tenant.id == "SA_1"
    assert tenant.parent_id == "MA_XXXXXX"
    assert (tenant.description, tenant.rate_limit, tenant.email, tenant.enabled) == (
        "Updated permissions",
        750,
        "updated@example.com",
        True,
    )
    assert tenant.permissions == {"calls": True, "cdr": True}
    assert tenant.auth_token is None  # the vendor's "<redacted>": no token to show
    assert tenant.updated_at == datetime.fromisoformat("2025-10-22T03:59:52.261439Z")
    assert tenant.extra == {
        "id": "500001",
        "parent_account_id": "500000",
        "email_verified": True,
        "last_used": None,
    }
    assert vcr.play_count == 1
    assert vcr.all_played


@pytest.mark.vcr
def test_get_endpoint(client: tel.Client, vcr: Any) -> None:
    """The newest read: the application as an object, the permission flags, timestamps."""
    device = client.devices.get(ENDPOINT)
    assert (device.id, device.username, device.application_id) == (
        ENDPOINT,
        "john_desk",
        "12345678",
    )
    assert (device.allow_voice, device.allow_messaging, device.allow_video) == (True, True, False)
    assert device.extra["allow_phones"] is True
    assert vcr.all_played


@pytest.mark.vcr
def test_list_endpoints(client: tel.Client, vcr: Any) -> None:
    """The newest listing: the application as its URI."""
    [device] = client.devices.list()
    assert (device.id, device.application_id, device.registered) == (ENDPOINT, "12345678", False)
    assert vcr.all_played


@pytest.mark.vcr
def test_create_endpoint_without_application(client: tel.Client, vcr: Any) -> None:
    """No `application` key is sent; a create-only flag goes from `extra`."""
    device = client.devices.create(
        username="john_doe",
        password="SecurePassword123!",
        name="John's Desktop Phone",
        extra={"allow_phones": False},
    )
    assert (device.id, device.username, device.application_id) == ("87654322", "john_doe", None)
    assert device.extra == {"allow_phones": False}
    assert vcr.all_played


@pytest.mark.vcr
def test_list_ip_acls(client: tel.Client, vcr: Any) -> None:
    rules = list(client.access_rules.list())
    assert [(r.id, r.cidr) for r in rules] == [
        ("aabbccdd-1234-5678-90ab-cdef12345678", "192.168.1.0/24"),
        (RULE, "192.168.1.200"),
    ]
    assert vcr.all_played


@pytest.mark.vcr
def test_list_sub_accounts(client: tel.Client, vcr: Any) -> None:
    """The tenant id is the `SA_` auth_id, the numeric id is in `extra`."""
    [tenant] = client.tenants.list()
    assert (tenant.id, tenant.parent_id, tenant.extra["id"]) == ("SA_1", "MA_XXXXXX", "500001")
    assert tenant.auth_token is None
    assert vcr.all_played


@pytest.mark.vcr
def test_get_sub_account(client: tel.Client, vcr: Any) -> None:
    tenant = client.tenants.get("SA_1")
    assert (tenant.id, tenant.name, tenant.enabled) == ("SA_1", "Support Team", True)
    assert vcr.all_played


def _interactions() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted((CASSETTES / "vobiz").glob("*.yaml")):
        for interaction in yaml.safe_load(path.read_text())["interactions"]:
            found.append((path.stem, interaction))
    return found


def _pairs(body: bytes | str) -> Any:
    """JSON with each object as its sorted key-value pairs: key order does not matter, a
    repeated key does. `api_id`, a per-request id, is left out."""
    return json.loads(
        body,
        object_pairs_hook=lambda pairs: sorted(
            ((k, v) for k, v in pairs if k != "api_id"), key=lambda kv: kv[0]
        ),
    )


@pytest.mark.parametrize(
    ("name", "interaction"), _interactions(), ids=[n for n, _ in _interactions()]
)
def test_emulator_answers_each_cassette_as_documented(
    name: str, interaction: dict[str, Any]
) -> None:
    recorded_request, recorded = interaction["request"], interaction["response"]
    content = (recorded_request["body"] or "").encode()
    if name in MASKED_REQUEST_VALUES:
        content = json.dumps({**json.loads(content), **MASKED_REQUEST_VALUES[name]}).encode()
    headers = {k: v[0] for k, v in recorded_request["headers"].items()}
    headers["X-Auth-Token"] = VobizEmulator.credentials["auth_token"]  # masked on file
    request = httpx.Request(
        recorded_request["method"], recorded_request["uri"], headers=headers, content=content
    )
    body = recorded["body"]["string"]
    emulator = VobizEmulator()
    stamped = json.loads(body).get("updated_at") if body else None
    if stamped:  # the time of the documented write, as the emulator's clock
        emulator.clock = lambda: datetime.fromisoformat(stamped)
    reply = emulator.handle(request)
    assert reply.status_code == recorded["status"]["code"]
    if body:
        # Secrets in the emulator's reply are masked as a recording run masks them.
        assert _pairs(Scrubber.for_provider(VobizProvider).body(reply.content)) == _pairs(body)
    else:
        assert reply.content == b""
