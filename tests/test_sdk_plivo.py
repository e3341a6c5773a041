"""plivo-python (the vendor's own SDK) against the served sandbox: every operation the
library covers (endpoints, subaccounts), listings paged as the SDK pages them, and the
sandbox's errors raised as the SDK's own exceptions."""

from __future__ import annotations

from typing import Any

import pytest
from plivo import exceptions

import telephony_core as tel
from telephony_core.sandbox.server import SandboxServer
from tests.vendor_sdks import plivo_client

SUBACCOUNT = "SA2025RK4E639VJFZAMM"  # the sandbox's seeded subaccount
APPLICATION = "37961981447734951"


@pytest.fixture
def server(telephony_served_sandbox: SandboxServer) -> SandboxServer:
    return telephony_served_sandbox


@pytest.fixture
def sdk(server: SandboxServer) -> Any:
    return plivo_client(server)


def pages(listing: Any, **arguments: Any) -> list[Any]:
    """Every object of a listing, a page of 2 at a time, following `meta.next` until null."""
    found: list[Any] = []
    offset = 0
    while True:
        page = listing(limit=2, offset=offset, **arguments)
        found.extend(page.objects)
        if page.meta.next is None:
            return found
        offset += page.meta.limit


def test_endpoint_create_get_update_delete(sdk: Any) -> None:
    created = sdk.endpoints.create(
        username="frontdesk", password="Desk-Passw0rd", alias="Front desk", app_id=APPLICATION
    )
    assert created.message == "created"
    assert created.username.startswith("frontdesk") and len(created.username) == 21
    endpoint = sdk.endpoints.get(created.endpoint_id)
    assert (endpoint.alias, endpoint.sip_registered, endpoint.username) == (
        "Front desk",
        "false",
        created.username,
    )
    assert endpoint.application.endswith(f"/Application/{APPLICATION}/")
    changed = sdk.endpoints.update(created.endpoint_id, alias="Reception", password="New-Passw0rd")
    assert changed.message == "changed"
    assert sdk.endpoints.get(created.endpoint_id).alias == "Reception"
    sdk.endpoints.delete(created.endpoint_id)
    with pytest.raises(exceptions.ResourceNotFoundError):
        sdk.endpoints.get(created.endpoint_id)


def test_endpoints_are_listed_a_page_at_a_time(sdk: Any) -> None:
    for n in range(3):
        sdk.endpoints.create(username=f"phone{n}", password="Desk-Passw0rd", alias=f"Phone {n}")
    first = sdk.endpoints.list(limit=2, offset=0)
    assert (first.meta.total_count, first.meta.limit, len(first.objects)) == (6, 2, 2)
    assert first.meta.previous is None and first.meta.next is not None
    listed = pages(sdk.endpoints.list)
    assert len(listed) == 6
    assert len({e.endpoint_id for e in listed}) == 6
    assert "87654321" in {e.endpoint_id for e in listed}


def test_an_endpoint_call_made_asynchronous(server: SandboxServer, sdk: Any) -> None:
    """`callback_url` and `callback_method` (SDK arguments; any Plivo request takes them): the
    generic reply at once, the call's own reply kept for the callback."""
    reply = sdk.endpoints.create(
        username="async",
        password="Desk-Passw0rd",
        alias="Async",
        callback_url="https://app.example.com/plivo-callback",
        callback_method="POST",
    )
    assert reply.message == "async api spawned"
    (callback,) = server.emulators["plivo"].callbacks  # type: ignore[attr-defined]
    assert (callback.url, callback.method, callback.status) == (
        "https://app.example.com/plivo-callback",
        "POST",
        201,
    )
    assert sdk.endpoints.get(callback.body["endpoint_id"]).alias == "Async"
    with pytest.raises(exceptions.ValidationError, match="callback_method"):
        sdk.endpoints.create(
            username="x",
            password="Desk-Passw0rd",
            alias="x",
            callback_url="https://app.example.com/cb",
            callback_method="PUT",
        )


def test_endpoint_errors_are_the_sdks_exceptions(server: SandboxServer, sdk: Any) -> None:
    with pytest.raises(exceptions.ResourceNotFoundError):
        sdk.endpoints.get("11111111111111")
    with pytest.raises(exceptions.ValidationError, match="password"):
        sdk.endpoints.create(username="short", password="abc", alias="Short")
    with pytest.raises(exceptions.ValidationError, match="app_id"):
        sdk.endpoints.update("87654321", app_id="99999999999")
    stranger = plivo_client(server, auth_token="not-the-sandbox-token")
    with pytest.raises(exceptions.AuthenticationError):
        stranger.endpoints.get("87654321")


def test_subaccount_create_get_update_delete(sdk: Any) -> None:
    created = sdk.subaccounts.create(name="Support", enabled=True)
    assert created.message == "created" and created.auth_token
    got = sdk.subaccounts.get(created.auth_id)
    assert (got.name, got.enabled, got.auth_token, got.new_auth_token) == (
        "Support",
        True,
        created.auth_token,
        created.auth_token,
    )
    # The SDK sends {"auth_id", "name", "enabled"}: the subaccount repeated in the body.
    assert sdk.subaccounts.update(created.auth_id, name="Support EU", enabled=False).message == (
        "changed"
    )
    got = sdk.subaccounts.get(created.auth_id)
    assert (got.name, got.enabled) == ("Support EU", False)
    sdk.subaccounts.delete(created.auth_id)
    with pytest.raises(exceptions.ResourceNotFoundError):
        sdk.subaccounts.get(created.auth_id)


def test_subaccounts_are_listed_a_page_at_a_time(sdk: Any) -> None:
    created = {sdk.subaccounts.create(name=f"Team {n}").auth_id for n in range(4)}
    listed = pages(sdk.subaccounts.list)
    assert {s.auth_id for s in listed} == created | {SUBACCOUNT}
    assert len(listed) == 5


@pytest.mark.parametrize("cascade", [True, False, None])
def test_subaccount_delete_with_cascade_in_the_body(
    server: SandboxServer, sdk: Any, cascade: bool | None
) -> None:
    """plivo-python sends `cascade` in the DELETE's JSON body: true deletes the subaccount's
    endpoints, false (and none) moves them to the main account."""
    token = sdk.subaccounts.get(SUBACCOUNT).auth_token
    as_subaccount = plivo_client(server, SUBACCOUNT, token)
    endpoint = as_subaccount.endpoints.create(username="sub", password="Sub-Passw0rd", alias="Sub")
    sdk.subaccounts.delete(SUBACCOUNT, cascade=cascade)
    if cascade:
        with pytest.raises(exceptions.ResourceNotFoundError):
            sdk.endpoints.get(endpoint.endpoint_id)
    else:
        assert sdk.endpoints.get(endpoint.endpoint_id).sub_account is None


def test_subaccount_errors_are_the_sdks_exceptions(server: SandboxServer, sdk: Any) -> None:
    with pytest.raises(exceptions.ResourceNotFoundError):
        sdk.subaccounts.get("SA0000000000000000FF")
    with pytest.raises(exceptions.ValidationError, match="name"):
        sdk.subaccounts.create(name="")
    stranger = plivo_client(server, auth_token="not-the-sandbox-token")
    with pytest.raises(exceptions.AuthenticationError):
        stranger.subaccounts.get(SUBACCOUNT)


def test_what_the_sdk_writes_the_library_reads(server: SandboxServer, sdk: Any) -> None:
    created = sdk.subaccounts.create(name="Shared state", enabled=True)
    with tel.connect("plivo", sandbox=True, base_url=server.base_url("plivo")) as client:
        tenant = client.tenants.get(created.auth_id)
    assert (tenant.name, tenant.enabled, tenant.auth_token) == (
        "Shared state",
        True,
        tel.Secret(created.auth_token),
    )
