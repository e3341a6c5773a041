"""Twilio SIP credentials as devices: the wire format of each call (scripted vendor replies),
the password and username rules checked before sending, and what an update cannot change."""

from __future__ import annotations

import base64
from urllib.parse import parse_qsl

import pytest
from telephony_twilio import TwilioEmulator
from telephony_twilio.emulator_base import SANDBOX_ACCOUNT, SANDBOX_CREDENTIAL_LIST
from telephony_twilio.emulator_sip import SEEDED_CREDENTIAL

import telephony_core as tel
from telephony_core.testing.clients import sandbox_client
from tests.conftest import Scripted

ACCOUNT = "AC" + "1" * 32
CREDENTIAL_LIST = "CL" + "1" * 32
CREDENTIAL = "CR" + "1" * 32
TOKEN = "test-auth-token-0123456789"
BASE = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/SIP/CredentialLists/{CREDENTIAL_LIST}"


def credential(sid: str = CREDENTIAL, username: str = "alice") -> dict[str, str]:
    return {
        "account_sid": ACCOUNT,
        "credential_list_sid": CREDENTIAL_LIST,
        "date_created": "Wed, 19 Aug 2015 19:48:45 +0000",
        "date_updated": "Wed, 19 Aug 2015 19:48:45 +0000",
        "sid": sid,
        "uri": f"/2010-04-01/Accounts/{ACCOUNT}/SIP/CredentialLists/{CREDENTIAL_LIST}/Credentials/{sid}.json",
        "username": username,
    }


def page(items: list[dict[str, str]], next_page_uri: str | None = None) -> dict[str, object]:
    return {"credentials": items, "next_page_uri": next_page_uri, "page": 0, "page_size": 50}


@pytest.fixture
def twilio(scripted: Scripted, monkeypatch: pytest.MonkeyPatch) -> tel.Client:
    # The credential list comes from the environment, as the example connects.
    monkeypatch.setenv("TWILIO_CREDENTIAL_LIST_SID", CREDENTIAL_LIST)
    return tel.connect(
        "twilio", account_sid=ACCOUNT, auth_token=TOKEN, transport=scripted.transport
    )


def form(scripted: Scripted, index: int = 0) -> list[tuple[str, str]]:
    return parse_qsl(scripted.requests[index].content.decode(), keep_blank_values=True)


def test_create_sends_one_form_encoded_post_with_basic_auth(
    twilio: tel.Client, scripted: Scripted
) -> None:
    scripted.reply(201, credential())
    device = twilio.devices.create(username="alice", password="IWasAtSignal2018")
    (request,) = scripted.requests
    assert (request.method, str(request.url)) == ("POST", f"{BASE}/Credentials.json")
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert form(scripted) == [("Username", "alice"), ("Password", "IWasAtSignal2018")]
    expected = base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()
    assert request.headers["authorization"] == f"Basic {expected}"
    assert device.id == CREDENTIAL
    assert (device.tenant, device.owner, device.username) == (ACCOUNT, CREDENTIAL_LIST, "alice")
    assert device.password == tel.Secret("IWasAtSignal2018")  # never in a reply: as sent
    assert device.extra["date_created"] == "Wed, 19 Aug 2015 19:48:45 +0000"


def test_an_api_key_authenticates_and_the_account_stays_in_the_path(scripted: Scripted) -> None:
    key = "SK" + "1" * 32
    twilio = tel.connect(
        "twilio",
        account_sid=ACCOUNT,
        api_key=key,
        api_secret="key-secret-0123456789",
        credential_list=CREDENTIAL_LIST,
        transport=scripted.reply(200, credential()).transport,
    )
    twilio.devices.get(CREDENTIAL)
    (request,) = scripted.requests
    assert str(request.url) == f"{BASE}/Credentials/{CREDENTIAL}.json"
    basic = base64.b64encode(f"{key}:key-secret-0123456789".encode()).decode()
    assert request.headers["authorization"] == f"Basic {basic}"


@pytest.mark.parametrize(
    "password",
    ["short", "alllowercase123", "ALLUPPERCASE123", "NoDigitsAtAllHere", "Sh0rtPass"],
)
def test_passwords_against_twilios_rule_are_refused_before_sending(
    twilio: tel.Client, scripted: Scripted, password: str
) -> None:
    for call in (
        lambda: twilio.devices.create(username="alice", password=password),
        lambda: twilio.devices.update(CREDENTIAL, password=password),
    ):
        with pytest.raises(tel.ValidationError) as info:
            call()
        assert "12 characters" in info.value.field_errors["password"]
    assert scripted.requests == []


def test_username_rules_are_checked_before_sending(twilio: tel.Client, scripted: Scripted) -> None:
    with pytest.raises(tel.ValidationError) as info:
        twilio.devices.create(username="u" * 33, password="IWasAtSignal2018")
    assert info.value.field_errors == {"username": "must be 1 to 32 characters at twilio"}
    with pytest.raises(tel.ValidationError) as info:
        twilio.devices.create(username="alice")
    assert info.value.field_errors == {"password": "is required to create one at twilio"}
    assert scripted.requests == []


@pytest.mark.parametrize("field", ["name", "username", "transport", "allow_voice"])
def test_update_changes_only_the_password(
    twilio: tel.Client, scripted: Scripted, field: str
) -> None:
    value = {"transport": "tls", "allow_voice": True}.get(field, "x")
    with pytest.raises(tel.UnsupportedField) as info:
        twilio.devices.update(CREDENTIAL, **{field: value})
    assert info.value.field == field
    assert "Twilio" in str(info.value)  # the hint says what to do instead
    assert scripted.requests == []


def test_update_sends_the_password_only_and_returns_the_credential(
    twilio: tel.Client, scripted: Scripted
) -> None:
    scripted.reply(200, credential())
    device = twilio.devices.update(CREDENTIAL, password="IWasAtSignal2019")
    assert scripted.requests[0].method == "POST"
    assert str(scripted.requests[0].url) == f"{BASE}/Credentials/{CREDENTIAL}.json"
    assert form(scripted) == [("Password", "IWasAtSignal2019")]
    assert (device.id, device.username) == (CREDENTIAL, "alice")
    assert device.password == tel.Secret("IWasAtSignal2019")


def test_list_is_lazy_and_follows_next_page_uri(twilio: tel.Client, scripted: Scripted) -> None:
    second = CREDENTIAL[:-1] + "2"
    following = (
        f"/2010-04-01/Accounts/{ACCOUNT}/SIP/CredentialLists/{CREDENTIAL_LIST}/Credentials.json"
        "?PageSize=1&Page=1&PageToken=PAabc"
    )
    scripted.reply(200, page([credential()], following))
    scripted.reply(200, page([credential(second, "bob")]))
    listing = twilio.devices.list(page_size=1)
    assert scripted.requests == []  # nothing until iterated
    assert next(listing).id == CREDENTIAL
    assert len(scripted.requests) == 1
    assert [d.username for d in listing] == ["bob"]
    first, then = scripted.requests
    assert first.url.params["PageSize"] == "1"
    assert list(then.url.params.items()) == [
        ("PageSize", "1"),
        ("Page", "1"),
        ("PageToken", "PAabc"),
    ]
    assert then.url.path == first.url.path


def test_page_size_is_at_most_a_thousand(twilio: tel.Client, scripted: Scripted) -> None:
    scripted.reply(200, page([]))
    assert list(twilio.devices.list(page_size=5000)) == []
    assert scripted.requests[0].url.params["PageSize"] == "1000"


@pytest.mark.parametrize(
    "link",
    [
        "https://evil.example/2010-04-01/Accounts/x/Credentials.json?Page=1",
        "/2010-04-01/Accounts.json?Page=1",
        "//evil.example/x",
        f"//evil.example/2010-04-01/Accounts/{ACCOUNT}/SIP/CredentialLists/{CREDENTIAL_LIST}/Credentials.json",
        42,
    ],
)
def test_a_next_page_link_elsewhere_is_a_malformed_reply(
    twilio: tel.Client, scripted: Scripted, link: object
) -> None:
    scripted.reply(200, {"credentials": [credential()], "next_page_uri": link})
    with pytest.raises(tel.ProviderError, match="malformed reply"):
        list(twilio.devices.list())
    assert len(scripted.requests) == 1


def test_a_next_page_link_to_the_same_page_stops_the_listing(
    twilio: tel.Client, scripted: Scripted
) -> None:
    same = f"/2010-04-01/Accounts/{ACCOUNT}/SIP/CredentialLists/{CREDENTIAL_LIST}/Credentials.json?PageSize=50"
    scripted.reply(200, page([credential()], same))
    with pytest.raises(tel.ProviderError, match="the page just read"):
        list(twilio.devices.list())


def test_owner_and_tenant_name_another_list_and_account(
    twilio: tel.Client, scripted: Scripted
) -> None:
    other_list, subaccount = "CL" + "9" * 32, "AC" + "9" * 32
    scripted.reply(204)
    twilio.devices.delete(CREDENTIAL, tenant=subaccount, owner=other_list)
    assert scripted.requests[0].url.path == (
        f"/2010-04-01/Accounts/{subaccount}/SIP/CredentialLists/{other_list}/Credentials/"
        f"{CREDENTIAL}.json"
    )


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.devices.get("CR123"), "id"),
        (lambda c: c.devices.get("IP" + "1" * 32), "id"),
        (lambda c: c.devices.get(CREDENTIAL, owner="AL" + "1" * 32), "owner"),
        (lambda c: c.devices.get(CREDENTIAL, tenant="MA_X"), "tenant"),
    ],
)
def test_sids_are_checked_before_sending(
    twilio: tel.Client, scripted: Scripted, call: object, field: str
) -> None:
    with pytest.raises(tel.ValidationError) as info:
        call(twilio)  # type: ignore[operator]
    assert "SID" in info.value.field_errors[field]
    assert scripted.requests == []


def test_no_credential_list_is_a_configuration_error(scripted: Scripted) -> None:
    twilio = tel.connect(
        "twilio", account_sid=ACCOUNT, auth_token=TOKEN, transport=scripted.transport
    )
    with pytest.raises(tel.ConfigurationError) as info:
        twilio.devices.get(CREDENTIAL)
    assert "credential_list" in str(info.value)
    assert "TWILIO_CREDENTIAL_LIST_SID" in str(info.value)
    assert scripted.requests == []


def test_find_scans_for_the_username(twilio: tel.Client, scripted: Scripted) -> None:
    scripted.reply(200, page([credential(), credential("CR" + "2" * 32, "bob")]))
    found = twilio.devices.find("bob")
    assert found is not None and found.id == "CR" + "2" * 32


def test_the_sandbox_keeps_the_new_password_and_never_shows_it() -> None:
    emulator = TwilioEmulator()
    with sandbox_client(emulator) as twilio:
        twilio.devices.update(SEEDED_CREDENTIAL, password="Rotated-Passw0rd!")
        assert twilio.devices.get(SEEDED_CREDENTIAL).password is None
    account = emulator.accounts[SANDBOX_ACCOUNT]
    stored = account["credential_lists"][SANDBOX_CREDENTIAL_LIST][SEEDED_CREDENTIAL]
    assert stored["password"] == "Rotated-Passw0rd!"
