"""vobiz-python (the vendor's own SDK) against the served sandbox: every operation the
library covers (endpoints, IP ACL entries, sub-accounts), listings paged as the SDK pages
them, and the sandbox's errors raised as the SDK's own exceptions."""

from __future__ import annotations

from typing import Any

import pytest
from vobiz import exceptions

import telephony_core as tel
from telephony_core.sandbox.server import SandboxServer
from tests.vendor_sdks import vobiz_client


@pytest.fixture
def server(telephony_served_sandbox: SandboxServer) -> SandboxServer:
    return telephony_served_sandbox


@pytest.fixture
def sdk(server: SandboxServer) -> Any:
    return vobiz_client(server)


def test_endpoint_create_get_update_delete(sdk: Any) -> None:
    # vobiz-python types `application` as a string: the sandbox takes its digits.
    created = sdk.endpoints.create(
        username="frontdesk", password="Desk-Passw0rd", alias="Front desk", application="98765432"
    )
    assert created.username == "frontdesk"
    endpoint = sdk.endpoints.get(created.endpoint_id)
    assert (endpoint.alias, endpoint.application.app_id, endpoint.sip_registered) == (
        "Front desk",
        "98765432",
        "false",
    )
    sdk.endpoints.update(created.endpoint_id, alias="Reception", application="12345678")
    endpoint = sdk.endpoints.get(created.endpoint_id)
    assert (endpoint.alias, endpoint.application.app_id) == ("Reception", "12345678")
    sdk.endpoints.delete(created.endpoint_id)
    with pytest.raises(exceptions.ResourceNotFoundError):
        sdk.endpoints.get(created.endpoint_id)


def test_endpoints_are_listed_a_page_at_a_time(sdk: Any) -> None:
    for n in range(4):
        sdk.endpoints.create(username=f"phone{n}", password="Desk-Passw0rd", alias=f"Phone {n}")
    found: list[Any] = []
    offset = 0
    while True:
        page = sdk.endpoints.list(limit=2, offset=offset)
        found.extend(page.objects)
        if page.meta.next is None:
            break
        offset += 2
    assert page.meta.total_count == 5
    assert len({e.endpoint_id for e in found}) == len(found) == 5


def test_endpoint_errors_are_the_sdks_exceptions(server: SandboxServer, sdk: Any) -> None:
    with pytest.raises(exceptions.ResourceNotFoundError):
        sdk.endpoints.get("11111111")
    with pytest.raises(exceptions.ValidationError):
        sdk.endpoints.create(username="x", password="Desk-Passw0rd", alias="x", application="1")
    with pytest.raises(exceptions.ValidationError):
        sdk.endpoints.update("87654321", password="short")
    stranger = vobiz_client(server, auth_token="not-the-sandbox-token")
    with pytest.raises(exceptions.AuthenticationError):
        stranger.endpoints.list()


def test_ip_acl_create_get_update_delete(sdk: Any) -> None:
    """The SDK's paths (lower-case `account`), its `description` and `enabled`, and its
    single-entry read."""
    acls = sdk.ip_access_control_lists
    created = acls.create(ip_address="203.0.113.50", description="Office static IP", enabled=True)
    assert (created.ip_address, created.description, created.enabled) == (
        "203.0.113.50",
        "Office static IP",
        True,
    )
    assert acls.get(created.id).description == "Office static IP"
    updated = acls.update(created.id, ip_address="203.0.113.0/24", description="Office")
    assert (updated.ip_address, updated.description) == ("203.0.113.0/24", "Office")
    acls.delete(created.id)
    with pytest.raises(exceptions.ResourceNotFoundError):
        acls.get(created.id)


def test_ip_acls_are_listed_a_page_at_a_time(sdk: Any) -> None:
    acls = sdk.ip_access_control_lists
    acls.create(ip_address="198.51.100.42", description="PBX")
    found: list[Any] = []
    offset = 0
    while True:
        page = acls.list(limit=2, offset=offset)
        found.extend(page.objects)
        offset += len(page.objects)
        if not page.objects or offset >= page.meta.total:
            break
    assert len({rule.id for rule in found}) == len(found) == 3


def test_ip_acl_errors_are_the_sdks_exceptions(server: SandboxServer, sdk: Any) -> None:
    acls = sdk.ip_access_control_lists
    with pytest.raises(exceptions.ResourceNotFoundError):
        acls.delete("00000000-0000-0000-0000-000000000000")
    with pytest.raises(exceptions.ValidationError):
        acls.create(ip_address="fe80::1", description="IPv6")
    with pytest.raises(exceptions.ValidationError):
        # The newest documents: an update is a full replace, of the label and the address.
        acls.update("aabbccdd-1234-5678-90ab-cdef12345678", ip_address="192.168.1.0/24")
    stranger = vobiz_client(server, auth_token="not-the-sandbox-token")
    with pytest.raises(exceptions.AuthenticationError):
        stranger.ip_access_control_lists.list()


def test_sub_account_create_get_update_delete(sdk: Any) -> None:
    subs = sdk.subaccounts
    created = subs.create(
        name="Billing Team",
        email="billing@example.com",
        rate_limit=750,
        permissions={"calls": True, "cdr": False},
        password="Sub-Account-Passw0rd",
        description="Invoices",
    )
    auth_id = created.auth_credentials.auth_id
    assert created.sub_account.name == "Billing Team"
    got = subs.get(auth_id)
    assert (got.email, got.rate_limit, got.permissions.cdr) == ("billing@example.com", 750, False)
    updated = subs.update(auth_id, rate_limit=900, enabled=False)
    assert (updated.rate_limit, updated.enabled) == (900, False)
    subs.delete(auth_id)
    with pytest.raises(exceptions.ResourceNotFoundError):
        subs.get(auth_id)


def test_sub_accounts_are_listed_a_page_at_a_time(sdk: Any) -> None:
    subs = sdk.subaccounts
    for n in range(3):
        subs.create(
            name=f"Team {n}",
            email=f"t{n}@example.com",
            rate_limit=100,
            permissions={},
            password="Sub-Account-Passw0rd",
        )
    found: list[Any] = []
    page_number = 1
    while True:
        page = subs.list(page=page_number, size=2)
        found.extend(page.sub_accounts)
        if not page.sub_accounts or len(found) >= page.total:
            break
        page_number += 1
    assert len({s.auth_id for s in found}) == len(found) == 4


def test_sub_account_errors_are_the_sdks_exceptions(server: SandboxServer, sdk: Any) -> None:
    with pytest.raises(exceptions.ResourceNotFoundError):
        sdk.subaccounts.get("SA_999")
    with pytest.raises(exceptions.ValidationError):
        sdk.subaccounts.update("SA_1", rate_limit="fast")
    stranger = vobiz_client(server, auth_token="not-the-sandbox-token")
    with pytest.raises(exceptions.AuthenticationError):
        stranger.subaccounts.get("SA_1")


def test_what_the_sdk_writes_the_library_reads(server: SandboxServer, sdk: Any) -> None:
    rule = sdk.ip_access_control_lists.create(ip_address="192.0.2.100", description="Backup")
    with tel.connect("vobiz", sandbox=True, base_url=server.base_url("vobiz")) as client:
        assert client.access_rules.get(rule.id).name == "Backup"
