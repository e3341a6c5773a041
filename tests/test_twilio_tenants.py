"""Twilio subaccounts as tenants (status <-> enabled, delete = close for good, the listing
without the parent or closed accounts), Twilio's error bodies as typed errors, and the
provider's settings."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import pytest

import telephony_core as tel
from tests.conftest import Scripted

PARENT = "AC" + "1" * 32
SUB = "AC" + "2" * 32
TOKEN = "test-auth-token-0123456789"


def account(sid: str = SUB, status: str = "active", name: str = "Billing") -> dict[str, Any]:
    return {
        "auth_token": "sub-account-token-0123456789",
        "date_created": "Thu, 30 Jul 2015 20:00:00 +0000",
        "date_updated": "Thu, 30 Jul 2015 20:00:00 +0000",
        "friendly_name": name,
        "owner_account_sid": PARENT,
        "sid": sid,
        "status": status,
        "type": "Full",
        "uri": f"/2010-04-01/Accounts/{sid}.json",
        "subresource_uris": {"sip": f"/2010-04-01/Accounts/{sid}/SIP.json"},
    }


def listing(*accounts: dict[str, Any], following: str | None = None) -> dict[str, Any]:
    return {"accounts": list(accounts), "next_page_uri": following, "page": 0, "page_size": 50}


@pytest.fixture
def twilio(scripted: Scripted) -> tel.Client:
    """Answered by the script, one reply per request: retries are off (test_resilience.py)."""
    return tel.connect(
        "twilio", account_sid=PARENT, auth_token=TOKEN, transport=scripted.transport, retries=0
    )


def form(scripted: Scripted, index: int = 0) -> list[tuple[str, str]]:
    return parse_qsl(scripted.requests[index].content.decode())


def test_a_subaccount_reads_as_a_tenant(twilio: tel.Client, scripted: Scripted) -> None:
    scripted.reply(200, account(status="suspended"))
    tenant = twilio.tenants.get(SUB)
    assert scripted.requests[0].url.path == f"/2010-04-01/Accounts/{SUB}.json"
    assert (tenant.id, tenant.parent_id, tenant.name, tenant.enabled) == (
        SUB,
        PARENT,
        "Billing",
        False,
    )
    assert tenant.auth_token == tel.Secret("sub-account-token-0123456789")
    assert "sub-account-token" not in repr(tenant)
    assert tenant.created_at is not None and tenant.created_at.year == 2015
    assert tenant.extra == {"type": "Full"}


@pytest.mark.parametrize(
    ("changes", "sent"),
    [
        ({"enabled": False}, [("Status", "suspended")]),
        ({"enabled": True}, [("Status", "active")]),
        ({"name": "Renamed"}, [("FriendlyName", "Renamed")]),
    ],
)
def test_update_posts_only_the_changes(
    twilio: tel.Client, scripted: Scripted, changes: dict[str, Any], sent: list[tuple[str, str]]
) -> None:
    scripted.reply(200, account())
    twilio.tenants.update(SUB, **changes)
    assert scripted.requests[0].method == "POST"
    assert form(scripted) == sent


def test_create_sends_the_friendly_name(twilio: tel.Client, scripted: Scripted) -> None:
    scripted.reply(201, account(name="Billing Team"))
    tenant = twilio.tenants.create(name="Billing Team")
    assert str(scripted.requests[0].url) == "https://api.twilio.com/2010-04-01/Accounts.json"
    assert form(scripted) == [("FriendlyName", "Billing Team")]
    assert tenant.auth_token is not None


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"email": "a@example.com"}, tel.UnsupportedField),
        ({"rate_limit": 5}, tel.UnsupportedField),
        ({"name": "x" * 65}, tel.ValidationError),
    ],
)
def test_what_twilio_cannot_do_is_refused_before_sending(
    twilio: tel.Client, scripted: Scripted, changes: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        twilio.tenants.update(SUB, **changes)
    with pytest.raises(tel.UnsupportedField, match="update"):
        twilio.tenants.create(name="x", enabled=False)  # created active: update after
    assert scripted.requests == []


def test_delete_closes_the_subaccount(twilio: tel.Client, scripted: Scripted) -> None:
    scripted.reply(200, account(status="closed"))
    assert twilio.tenants.delete(SUB) is None
    (request,) = scripted.requests
    assert (request.method, request.url.path) == ("POST", f"/2010-04-01/Accounts/{SUB}.json")
    assert form(scripted) == [("Status", "closed")]
    assert "permanent" in twilio.provider.resources["tenants"].delete_warning  # type: ignore[operator]


def test_an_unknown_status_leaves_enabled_unknown(twilio: tel.Client, scripted: Scripted) -> None:
    scripted.reply(200, account(status="paused"))
    tenant = twilio.tenants.get(SUB)
    assert (tenant.enabled, tenant.extra["status"]) == (None, "paused")


def test_a_closed_subaccount_is_not_found(twilio: tel.Client, scripted: Scripted) -> None:
    scripted.reply(200, account(status="closed"))
    with pytest.raises(tel.NotFound, match="closed"):
        twilio.tenants.get(SUB)


def test_the_listing_holds_subaccounts_only(twilio: tel.Client, scripted: Scripted) -> None:
    following = "/2010-04-01/Accounts.json?PageSize=2&Page=1&PageToken=PAx"
    scripted.reply(200, listing(account(PARENT, name="Parent"), account(), following=following))
    scripted.reply(
        200, listing(account("AC" + "3" * 32, status="closed"), account("AC" + "4" * 32))
    )
    ids = [t.id for t in twilio.tenants.list(page_size=2)]
    assert ids == [SUB, "AC" + "4" * 32]
    assert scripted.requests[1].url.params["PageToken"] == "PAx"


def test_find_asks_twilio_to_filter_by_friendly_name(
    twilio: tel.Client, scripted: Scripted
) -> None:
    scripted.reply(200, listing(account(name="Billing")))
    found = twilio.tenants.find("Billing")
    assert found is not None and found.id == SUB
    assert scripted.requests[0].url.params["FriendlyName"] == "Billing"


# Twilio's error bodies.


def error(code: int, message: str, status: int) -> dict[str, Any]:
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (404, 20404, tel.NotFound),
        (401, 20003, tel.AuthenticationError),
        (429, 20429, tel.RateLimited),
        (400, 21479, tel.ValidationError),
        # The code decides where the status says less.
        (400, 20404, tel.NotFound),
        (403, 20003, tel.AuthenticationError),
        (503, 20429, tel.RateLimited),
        (409, 21601, tel.ValidationError),
        # A code Twilio's table here does not map: the status decides.
        (403, 20403, tel.PermissionDenied),
        (500, 12345, tel.ServerError),
    ],
)
def test_twilio_error_codes_become_typed_errors(
    twilio: tel.Client, scripted: Scripted, status: int, code: int, expected: type[Exception]
) -> None:
    scripted.reply(status, error(code, "Something went wrong", status), **{"Retry-After": "3"})
    with pytest.raises(expected) as info:
        twilio.tenants.get(SUB)
    assert f"error {code}, https://www.twilio.com/docs/errors/{code}" in str(info.value)
    if expected is tel.RateLimited:
        assert info.value.retry_after == 3.0  # type: ignore[attr-defined]


def test_a_validation_error_names_the_neutral_field_its_message_names(
    twilio: tel.Client, scripted: Scripted
) -> None:
    message = "Unable to update Status for subaccount, subaccount has been closed."
    scripted.reply(400, error(21479, message, 400))
    with pytest.raises(tel.ValidationError) as info:
        twilio.tenants.update(SUB, enabled=True)
    assert info.value.field_errors == {"enabled": message}
    scripted.reply(400, error(21000, "Password is invalid", 400))
    with pytest.raises(tel.ValidationError) as info:
        tel.connect(
            "twilio",
            account_sid=PARENT,
            auth_token=TOKEN,
            credential_list="CL" + "1" * 32,
            transport=scripted.transport,
        ).devices.update("CR" + "1" * 32, password="IWasAtSignal2018")
    assert info.value.field_errors == {"password": "Password is invalid"}


# Settings.


@pytest.mark.parametrize(
    ("settings", "needle"),
    [
        ({}, "TWILIO_AUTH_TOKEN"),
        ({"api_key": "SK" + "1" * 32}, "api_key and api_secret together"),
        ({"auth_token": TOKEN, "api_secret": "s" * 20}, "api_key and api_secret together"),
        ({"auth_token": TOKEN, "account_sid": "MA_X"}, "TWILIO_ACCOUNT_SID"),
        ({"auth_token": TOKEN, "api_key": "AK1", "api_secret": "x" * 12}, "TWILIO_API_KEY"),
        ({"auth_token": TOKEN, "credential_list": "AL" + "1" * 32}, "TWILIO_CREDENTIAL_LIST_SID"),
    ],
)
def test_settings_are_checked_at_connect(settings: dict[str, str], needle: str) -> None:
    with pytest.raises(tel.ConfigurationError, match=needle):
        tel.connect("twilio", **({"account_sid": PARENT} | settings))


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", PARENT)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.setenv("TWILIO_IP_ACCESS_CONTROL_LIST_SID", "AL" + "1" * 32)
    with tel.connect("twilio") as twilio:
        assert twilio.provider.setting("ip_access_control_list") == "AL" + "1" * 32
        assert TOKEN not in repr(twilio.dry_run("tenants", "get", SUB))
