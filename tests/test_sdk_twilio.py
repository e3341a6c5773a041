"""twilio-python (the vendor's own SDK) against the served sandbox: every operation the
library covers (SIP credentials, SIP IP addresses, accounts), listings paged by the SDK
itself (`next_page_uri`), API-key authentication, and the sandbox's errors raised as the
SDK's own `TwilioRestException`."""

from __future__ import annotations

from typing import Any

import pytest
from telephony_twilio.emulator import SEEDED_SUBACCOUNT
from telephony_twilio.emulator_base import (
    SANDBOX_API_KEY,
    SANDBOX_API_SECRET,
    SANDBOX_CREDENTIAL_LIST,
    SANDBOX_IP_ACCESS_CONTROL_LIST,
)
from twilio.base.exceptions import TwilioException, TwilioRestException

import telephony_core as tel
from telephony_core.sandbox.server import SandboxServer
from tests.reply_corpus import SUBRESOURCE_PATHS
from tests.vendor_sdks import twilio_client


@pytest.fixture
def server(telephony_served_sandbox: SandboxServer) -> SandboxServer:
    return telephony_served_sandbox


@pytest.fixture
def sdk(server: SandboxServer) -> Any:
    return twilio_client(server)


def sip(sdk: Any) -> Any:
    return sdk.api.v2010.accounts(sdk.account_sid).sip


def test_credential_create_fetch_update_delete(sdk: Any) -> None:
    credentials = sip(sdk).credential_lists(SANDBOX_CREDENTIAL_LIST).credentials
    created = credentials.create(username="alice", password="IWasAtSignal2018")
    assert (created.username, created.credential_list_sid) == ("alice", SANDBOX_CREDENTIAL_LIST)
    assert credentials(created.sid).fetch().username == "alice"
    assert credentials(created.sid).update(password="IWasAtSignal2019").sid == created.sid
    assert credentials(created.sid).delete() is True
    with pytest.raises(TwilioRestException) as missing:
        credentials(created.sid).fetch()
    assert missing.value.status == 404


def test_credentials_are_listed_page_by_page(sdk: Any) -> None:
    credentials = sip(sdk).credential_lists(SANDBOX_CREDENTIAL_LIST).credentials
    for n in range(4):
        credentials.create(username=f"phone{n}", password="IWasAtSignal2018")
    first = credentials.page(page_size=2)
    assert len(list(first)) == 2 and first.next_page_url is not None
    # The SDK follows `next_page_uri` to the end, as against Twilio.
    listed = credentials.list(page_size=2)
    assert len({c.sid for c in listed}) == len(listed) == 5


def test_credential_errors_are_twilio_rest_exceptions(server: SandboxServer, sdk: Any) -> None:
    credentials = sip(sdk).credential_lists(SANDBOX_CREDENTIAL_LIST).credentials
    with pytest.raises(TwilioRestException) as refused:
        credentials.create(username="bob", password="short")
    assert refused.value.status == 400
    stranger = sip(twilio_client(server, password="not-the-sandbox-token"))
    with pytest.raises(TwilioRestException) as denied:
        stranger.credential_lists(SANDBOX_CREDENTIAL_LIST).credentials("CR" + "a" * 32).fetch()
    assert (denied.value.status, denied.value.code) == (401, 20003)
    # A listing's page that fails is the SDK's base TwilioException, with the reply.
    with pytest.raises(TwilioException, match="20003"):
        stranger.credential_lists(SANDBOX_CREDENTIAL_LIST).credentials.list()


def test_ip_address_create_fetch_update_delete(sdk: Any) -> None:
    addresses = sip(sdk).ip_access_control_lists(SANDBOX_IP_ACCESS_CONTROL_LIST).ip_addresses
    created = addresses.create(
        friendly_name="Office", ip_address="10.40.50.0", cidr_prefix_length=24
    )
    assert (created.ip_address, created.cidr_prefix_length) == ("10.40.50.0", 24)
    assert addresses(created.sid).fetch().friendly_name == "Office"
    assert addresses(created.sid).update(friendly_name="Branch").friendly_name == "Branch"
    assert addresses(created.sid).delete() is True
    with pytest.raises(TwilioRestException) as missing:
        addresses(created.sid).fetch()
    assert missing.value.status == 404


def test_ip_addresses_are_listed_page_by_page(sdk: Any) -> None:
    addresses = sip(sdk).ip_access_control_lists(SANDBOX_IP_ACCESS_CONTROL_LIST).ip_addresses
    for n in range(2):
        addresses.create(friendly_name=f"Host {n}", ip_address=f"192.0.2.{n + 10}")
    listed = addresses.list(page_size=1)
    assert len({a.sid for a in listed}) == len(listed) == 3


def test_ip_address_errors_are_twilio_rest_exceptions(sdk: Any) -> None:
    addresses = sip(sdk).ip_access_control_lists(SANDBOX_IP_ACCESS_CONTROL_LIST).ip_addresses
    with pytest.raises(TwilioRestException) as refused:
        addresses.create(friendly_name="Bad", ip_address="not-an-address")
    assert refused.value.status == 400


def test_account_create_fetch_update_close(sdk: Any) -> None:
    created = sdk.api.v2010.accounts.create(friendly_name="Billing Team")
    fetched = sdk.api.v2010.accounts(created.sid).fetch()
    assert (fetched.friendly_name, fetched.status, fetched.owner_account_sid) == (
        "Billing Team",
        "active",
        sdk.account_sid,
    )
    assert fetched.subresource_uris == {
        name: f"/2010-04-01/Accounts/{created.sid}/{path}"
        for name, path in SUBRESOURCE_PATHS.items()
    }
    suspended = sdk.api.v2010.accounts(created.sid).update(status="suspended")
    assert suspended.status == "suspended"
    assert sdk.api.v2010.accounts(created.sid).update(status="closed").status == "closed"
    with pytest.raises(TwilioRestException) as closed:
        sdk.api.v2010.accounts(created.sid).update(status="active")
    assert (closed.value.status, closed.value.code) == (400, 21479)


def test_accounts_are_listed_page_by_page(sdk: Any) -> None:
    for n in range(2):
        sdk.api.v2010.accounts.create(friendly_name=f"Team {n}")
    listed = sdk.api.v2010.accounts.list(page_size=1)
    # The caller's own account, the seeded subaccount and the two new ones.
    assert len({a.sid for a in listed}) == len(listed) == 4
    assert {sdk.account_sid, SEEDED_SUBACCOUNT} <= {a.sid for a in listed}


def test_account_errors_are_twilio_rest_exceptions(sdk: Any) -> None:
    with pytest.raises(TwilioRestException) as missing:
        sdk.api.v2010.accounts("AC" + "f" * 32).fetch()
    assert missing.value.status == 404
    with pytest.raises(TwilioRestException) as refused:
        sdk.api.v2010.accounts.create(friendly_name="x" * 65)
    assert refused.value.status == 400


def test_an_api_key_authenticates(server: SandboxServer) -> None:
    keyed = twilio_client(server, SANDBOX_API_KEY, SANDBOX_API_SECRET)
    assert keyed.api.v2010.accounts(keyed.account_sid).fetch().sid == keyed.account_sid


def test_what_the_sdk_writes_the_library_reads(server: SandboxServer, sdk: Any) -> None:
    created = sdk.api.v2010.accounts.create(friendly_name="Shared state")
    with tel.connect("twilio", sandbox=True, base_url=server.base_url("twilio")) as client:
        assert client.tenants.get(created.sid).name == "Shared state"
