"""telnyx-python (the vendor's own SDK) against the served sandbox: every operation the library
covers (credential connections, IPs, managed accounts, TeXML applications, phone numbers,
available numbers, number orders), listings paged by the SDK itself (`meta.page_number`
against `meta.total_pages`), and the sandbox's errors raised as the SDK's own exceptions."""

from __future__ import annotations

import pytest
import telnyx
from telephony_telnyx.emulator import (
    SEEDED_CREDENTIAL_CONNECTION,
    SEEDED_MANAGED_ACCOUNT,
    SEEDED_MANAGED_API_KEY,
    SEEDED_TEXML_APPLICATION,
    UNROUTED_NUMBER,
)
from telephony_telnyx.emulator_base import SANDBOX_IP_CONNECTION

import telephony_core as tel
from telephony_core.sandbox.server import SandboxServer
from tests.vendor_sdks import credentials

PASSWORD = "Bob-Passw0rd-2026"


@pytest.fixture
def server(telephony_served_sandbox: SandboxServer) -> SandboxServer:
    return telephony_served_sandbox


def telnyx_client(server: SandboxServer, api_key: str | None = None) -> telnyx.Telnyx:
    """The SDK pointed at the sandbox: its `base_url` holds the `/v2` of the API root."""
    key = api_key or credentials(server, "telnyx")["api_key"]
    return telnyx.Telnyx(api_key=key, base_url=server.base_url("telnyx") + "/v2", max_retries=0)


@pytest.fixture
def sdk(server: SandboxServer) -> telnyx.Telnyx:
    return telnyx_client(server)


def test_credential_connections(sdk: telnyx.Telnyx) -> None:
    created = sdk.credential_connections.create(
        user_name="bob77", password=PASSWORD, connection_name="Bob"
    ).data
    assert created is not None and created.user_name == "bob77"
    names = [c.user_name for c in sdk.credential_connections.list(page_size=1)]
    assert names == ["myusername123", "bob77"]  # two pages, followed by the SDK
    updated = sdk.credential_connections.update(created.id or "", active=False).data
    assert updated is not None and updated.active is False
    sdk.credential_connections.delete(created.id or "")
    with pytest.raises(telnyx.NotFoundError):
        sdk.credential_connections.retrieve(created.id or "")


def test_a_taken_user_name_is_the_sdk_unprocessable_entity_error(sdk: telnyx.Telnyx) -> None:
    with pytest.raises(telnyx.UnprocessableEntityError) as taken:
        sdk.credential_connections.create(
            user_name="myusername123", password=PASSWORD, connection_name="Again"
        )
    error = taken.value.body["errors"][0]  # type: ignore[index]
    assert (error["detail"], error["source"]) == (
        "user_name has already been taken",
        {"pointer": "/user_name"},
    )


def test_ips(sdk: telnyx.Telnyx) -> None:
    created = sdk.ips.create(ip_address="203.0.113.9", connection_id=SANDBOX_IP_CONNECTION).data
    assert created is not None and created.port == 5060
    assert [i.ip_address for i in sdk.ips.list()] == ["192.168.0.0", "203.0.113.9"]
    sdk.ips.update(created.id or "", ip_address="203.0.113.10", port=5080)
    assert sdk.ips.retrieve(created.id or "").data.port == 5080  # type: ignore[union-attr]
    sdk.ips.delete(created.id or "")


def test_managed_accounts(sdk: telnyx.Telnyx, server: SandboxServer) -> None:
    created = sdk.managed_accounts.create(business_name="Acme").data
    assert created is not None and created.api_key
    sdk.managed_accounts.actions.disable(created.id)
    with pytest.raises(telnyx.PermissionDeniedError):
        list(telnyx_client(server, created.api_key).credential_connections.list())
    sdk.managed_accounts.actions.enable(created.id)
    assert list(telnyx_client(server, created.api_key).credential_connections.list()) == []
    names = [a.organization_name for a in sdk.managed_accounts.list()]
    assert names == ["Example Company LLC", "Acme"]
    with pytest.raises(telnyx.AuthenticationError):  # a managed account manages none
        list(telnyx_client(server, SEEDED_MANAGED_API_KEY).managed_accounts.list())
    # What the SDK made, the library reads.
    with tel.connect(
        "telnyx", base_url=server.base_url("telnyx"), **credentials(server, "telnyx")
    ) as client:
        tenant = client.tenants.get(created.id)
    assert (tenant.name, tenant.auth_token) == ("Acme", tel.Secret(created.api_key))
    assert tenant.id != SEEDED_MANAGED_ACCOUNT


def test_texml_applications_and_numbers(sdk: telnyx.Telnyx) -> None:
    app = sdk.texml_applications.create(friendly_name="IVR", voice_url="https://ivr.example.com")
    assert app.data is not None and app.data.id
    offers = sdk.available_phone_numbers.list(
        filter={"country_code": "US", "national_destination_code": "415", "limit": 2}
    ).data
    assert offers is not None and len(offers) == 2
    number = offers[0].phone_number or ""
    order = sdk.number_orders.create(
        phone_numbers=[{"phone_number": number}], connection_id=app.data.id
    )
    assert order.data is not None and order.data.status == "success"
    (held,) = list(sdk.phone_numbers.list(filter={"phone_number": number.removeprefix("+")}))
    assert held.connection_id == app.data.id
    routed = sdk.phone_numbers.update(held.id or "", connection_id=SEEDED_CREDENTIAL_CONNECTION)
    assert routed.data is not None and routed.data.connection_id == SEEDED_CREDENTIAL_CONNECTION
    sdk.phone_numbers.update(UNROUTED_NUMBER, connection_id=SEEDED_TEXML_APPLICATION)
    deleted = sdk.phone_numbers.delete(held.id or "").data
    assert deleted is not None and deleted.status == "deleted"
    with pytest.raises(telnyx.NotFoundError):
        sdk.texml_applications.retrieve("404")


def test_no_key_is_the_sdk_authentication_error(server: SandboxServer) -> None:
    with pytest.raises(telnyx.AuthenticationError):
        list(telnyx_client(server, "KEY0wrong").credential_connections.list())
