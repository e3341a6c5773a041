"""Twilio calls replayed from cassettes (cassettes/twilio/) through httpx's real HTTP stack;
every cassette checked for secrets, against the OpenAPI description, and the emulator
checked against them.

The calls are the API reference's examples (a credential `IWasAtSignal2018`, an IP address,
subaccounts, the application "Phone Me" answered by `http://demo.twilio.com/docs/voice.xml`,
the number `+15017122661`, numbers on offer). They were recorded through the plugin-author kit from the Twilio emulator
served by `telephony sandbox serve`, each test on a freshly reset sandbox (the
kit's `telephony_fresh_sandbox` fixture), with the sandbox's credentials (`GET /` of the server):

    telephony sandbox serve --port 18714 &
    TWILIO_BASE_URL=http://127.0.0.1:18714/twilio \
    TWILIO_ACCOUNT_SID=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa \
    TWILIO_AUTH_TOKEN=sandbox-auth-token-0123456789 \
    TWILIO_CREDENTIAL_LIST_SID=CLaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa \
    TWILIO_IP_ACCESS_CONTROL_LIST_SID=ALaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa \
        pytest --telephony-record -m vcr tests/test_twilio_cassettes.py
    kill %1
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from telephony_twilio import TwilioEmulator, TwilioProvider
from telephony_twilio.emulator import SEEDED_SUBACCOUNT
from telephony_twilio.emulator_applications import SEEDED_APPLICATION
from telephony_twilio.emulator_numbers import SEEDED_NUMBER, SEEDED_TRUNK
from telephony_twilio.emulator_sip import SEEDED_CREDENTIAL, SEEDED_IP_ADDRESS

import telephony_core as tel
from telephony_core.testing.cassettes import cassette_leaks, emulator_mismatches, interactions
from tests.conftest import CASSETTES, cassette_tests
from tests.twilio_openapi import TwilioSpec

pytestmark = [
    pytest.mark.telephony_provider("twilio"),
    # While recording from the served sandbox: each test on a freshly reset one.
    pytest.mark.usefixtures("telephony_fresh_sandbox"),
]
RECORDED_AT = "http://127.0.0.1:18714/twilio"
FILES = sorted((CASSETTES / "twilio").glob("*.yaml"))
PASSWORD = "IWasAtSignal2018"
NEW_PASSWORD = "IWasAtSignal2019"
#: Stamped by the sandbox's clock when it was recorded: not compared with a replay's.
DATES = ("date_created", "date_updated")


@pytest.fixture
def telephony_settings() -> dict[str, str]:
    """What the kit's `telephony_client` replays with (the token is masked on file)."""
    return {
        **TwilioEmulator.credentials,
        "auth_token": "not-the-recorded-token",
        "base_url": RECORDED_AT,
    }


@pytest.mark.vcr
def test_create_credential(
    telephony_client: tel.Client, telephony_recording: bool, vcr: Any
) -> None:
    device = telephony_client.devices.create(username="alice", password=PASSWORD)
    assert (device.id[:2], device.username, device.password) == (
        "CR",
        "alice",
        tel.Secret(PASSWORD),
    )
    assert telephony_recording or vcr.all_played  # a replay uses every interaction


@pytest.mark.vcr
def test_get_credential(telephony_client: tel.Client) -> None:
    device = telephony_client.devices.get(SEEDED_CREDENTIAL)
    assert (device.username, device.tenant) == (
        "1440013725.28",
        TwilioEmulator.credentials["account_sid"],
    )
    assert device.password is None  # Twilio never shows it


@pytest.mark.vcr
def test_list_credentials_a_page_at_a_time(telephony_client: tel.Client) -> None:
    telephony_client.devices.create(username="bob", password=PASSWORD)
    names = [d.username for d in telephony_client.devices.list(page_size=1)]
    assert names == ["1440013725.28", "bob"]


@pytest.mark.vcr
def test_update_credential_password(telephony_client: tel.Client) -> None:
    device = telephony_client.devices.update(SEEDED_CREDENTIAL, password=NEW_PASSWORD)
    assert device.password == tel.Secret(NEW_PASSWORD)


@pytest.mark.vcr
def test_delete_credential_then_it_is_404(telephony_client: tel.Client) -> None:
    telephony_client.devices.delete(SEEDED_CREDENTIAL)
    with pytest.raises(tel.NotFound, match="20404"):
        telephony_client.devices.get(SEEDED_CREDENTIAL)


@pytest.mark.vcr
def test_create_ip_address(telephony_client: tel.Client) -> None:
    rule = telephony_client.access_rules.create(name="Office", cidr="10.40.50.0/24")
    assert telephony_client.access_rules.get(rule.id).cidr == "10.40.50.0/24"


@pytest.mark.vcr
def test_get_ip_address(telephony_client: tel.Client) -> None:
    rule = telephony_client.access_rules.get(SEEDED_IP_ADDRESS)
    assert (rule.name, rule.cidr) == ("friendly_name", "192.168.1.1")
    assert (
        rule.created_at is not None and rule.created_at.isoformat() == "2015-07-20T17:27:10+00:00"
    )


@pytest.mark.vcr
def test_update_ip_address_partially(telephony_client: tel.Client) -> None:
    rule = telephony_client.access_rules.update(SEEDED_IP_ADDRESS, cidr="192.168.1.0/24")
    assert (rule.name, rule.cidr) == ("friendly_name", "192.168.1.0/24")


@pytest.mark.vcr
async def test_list_ip_addresses(telephony_async_client: tel.AsyncClient) -> None:
    async with telephony_async_client as client:
        rules = [rule.cidr async for rule in client.access_rules.list()]
    assert rules == ["192.168.1.1"]


@pytest.mark.vcr
def test_create_and_suspend_subaccount(telephony_client: tel.Client) -> None:
    tenant = telephony_client.tenants.create(name="Billing Team")
    assert tenant.auth_token is not None and tenant.enabled is True
    suspended = telephony_client.tenants.update(tenant.id, enabled=False)
    assert suspended.enabled is False


@pytest.mark.vcr
def test_list_and_find_subaccounts(telephony_client: tel.Client) -> None:
    assert [t.id for t in telephony_client.tenants.list(page_size=1)] == [SEEDED_SUBACCOUNT]
    found = telephony_client.tenants.find("friendly_name")
    assert found is not None and found.id == SEEDED_SUBACCOUNT


@pytest.mark.vcr
def test_close_subaccount_for_good(telephony_client: tel.Client) -> None:
    telephony_client.tenants.delete(SEEDED_SUBACCOUNT)
    with pytest.raises(tel.NotFound, match="closed"):
        telephony_client.tenants.get(SEEDED_SUBACCOUNT)
    with pytest.raises(tel.ValidationError) as refused:
        telephony_client.tenants.update(SEEDED_SUBACCOUNT, enabled=True)
    assert "enabled" in refused.value.field_errors  # error 21479 names Status
    assert list(telephony_client.tenants.list()) == []


# Call routing: the reference's examples of applications, incoming and available numbers.

VOICE_XML = "http://demo.twilio.com/docs/voice.xml"
SMS_XML = "http://demo.twilio.com/docs/sms.xml"


@pytest.mark.vcr
def test_create_application(telephony_client: tel.Client) -> None:
    app = telephony_client.applications.create(
        name="Phone Me", answer_url=VOICE_XML, answer_method="GET"
    )
    assert (app.id[:2], app.name, app.answer_url, app.answer_method) == (
        "AP",
        "Phone Me",
        VOICE_XML,
        tel.HttpMethod.GET,
    )
    assert app.hangup_method == tel.HttpMethod.POST  # Twilio's default


@pytest.mark.vcr
def test_get_application(telephony_client: tel.Client) -> None:
    app = telephony_client.applications.get(SEEDED_APPLICATION)
    assert (app.name, app.answer_url, app.fallback_url) == (
        "Application Friendly Name",
        "http://example.com",
        "http://www.example.com/voice-callback",
    )


@pytest.mark.vcr
def test_list_and_find_applications(telephony_client: tel.Client) -> None:
    telephony_client.applications.create(name="Main IVR", answer_url=VOICE_XML)
    names = [app.name for app in telephony_client.applications.list(page_size=1)]
    assert names == ["Application Friendly Name", "Main IVR"]
    found = telephony_client.applications.find("Main IVR")
    assert found is not None and found.answer_url == VOICE_XML


@pytest.mark.vcr
def test_update_application_urls(telephony_client: tel.Client) -> None:
    app = telephony_client.applications.update(
        SEEDED_APPLICATION, answer_url=VOICE_XML, message_url=SMS_XML
    )
    assert (app.answer_url, app.message_url, app.name) == (
        VOICE_XML,
        SMS_XML,
        "Application Friendly Name",
    )


@pytest.mark.vcr
def test_delete_application_then_it_is_404(telephony_client: tel.Client) -> None:
    telephony_client.applications.delete(SEEDED_APPLICATION)
    with pytest.raises(tel.NotFound, match="20404"):
        telephony_client.applications.get(SEEDED_APPLICATION)


@pytest.mark.vcr
def test_search_local_numbers_in_an_area_code(telephony_client: tel.Client) -> None:
    offers = list(telephony_client.numbers.search(country="US", area_code="415", limit=3))
    assert [offer.number for offer in offers] == ["+14155550100", "+14155550101", "+14155550102"]
    assert offers[0].capabilities == frozenset({"voice", "sms", "mms"})


@pytest.mark.vcr
def test_search_toll_free_numbers_containing_digits(telephony_client: tel.Client) -> None:
    offers = list(
        telephony_client.numbers.search(
            country="US", number_type="toll_free", contains="888", limit=2
        )
    )
    assert all("888" in offer.number[2:] for offer in offers) and len(offers) == 2
    assert {offer.number_type for offer in offers} == {tel.NumberType.TOLL_FREE}


@pytest.mark.vcr
def test_buy_a_number_routed_to_an_application(telephony_client: tel.Client) -> None:
    number = telephony_client.numbers.create(
        number="+15017122661", application_id=SEEDED_APPLICATION
    )
    assert (number.id[:2], number.number, number.application_id, number.trunk_id) == (
        "PN",
        "+15017122661",
        SEEDED_APPLICATION,
        None,
    )
    assert [n.number for n in telephony_client.numbers.list()][-1] == "+15017122661"


@pytest.mark.vcr
def test_route_a_number_to_a_trunk_then_to_an_application(telephony_client: tel.Client) -> None:
    numbers = telephony_client.numbers
    trunked = numbers.update(SEEDED_NUMBER, trunk_id=SEEDED_TRUNK)
    assert (trunked.trunk_id, trunked.application_id) == (SEEDED_TRUNK, None)
    routed = numbers.update(SEEDED_NUMBER, application_id=SEEDED_APPLICATION)
    assert (routed.trunk_id, routed.application_id) == (None, SEEDED_APPLICATION)  # exclusive
    assert numbers.get(SEEDED_NUMBER).application_id == SEEDED_APPLICATION


@pytest.mark.vcr
def test_find_a_number_by_its_digits(telephony_client: tel.Client) -> None:
    found = telephony_client.numbers.find("+1 808 925 5327")
    assert found is not None and (found.id, found.name) == (SEEDED_NUMBER, "(808) 925-5327")
    assert telephony_client.numbers.find("+18089250000") is None


@pytest.mark.vcr
def test_release_a_number_then_it_is_404(telephony_client: tel.Client) -> None:
    telephony_client.numbers.delete(SEEDED_NUMBER)
    with pytest.raises(tel.NotFound, match="20404"):
        telephony_client.numbers.get(SEEDED_NUMBER)


@pytest.mark.vcr
async def test_list_numbers(telephony_async_client: tel.AsyncClient) -> None:
    async with telephony_async_client as client:
        numbers = [(n.number, n.application_id) async for n in client.numbers.list()]
    assert numbers == [("+18089255327", None), ("+14155550199", SEEDED_APPLICATION)]


def test_there_are_cassettes() -> None:
    assert [path.stem for path in FILES] == cassette_tests(globals())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_cassette_holds_no_secret(path: Path) -> None:
    secrets = [PASSWORD, NEW_PASSWORD, TwilioEmulator.credentials["auth_token"]]
    assert cassette_leaks(path, TwilioProvider, secrets=secrets) == []
    assert "auth_token" not in path.read_text() or '"auth_token": "<redacted>"' in path.read_text()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_emulator_answers_as_recorded(path: Path) -> None:
    mismatches = emulator_mismatches(
        path, "twilio", base_url=RECORDED_AT, ignore_keys=DATES, unmask={"Password": PASSWORD}
    )
    assert mismatches == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_recorded_exchanges_follow_the_openapi(path: Path) -> None:
    spec = TwilioSpec.require()
    for interaction in interactions(path):
        recorded, reply = interaction["request"], interaction["response"]
        uri = "https://api.twilio.com" + recorded["uri"].removeprefix(RECORDED_AT)
        headers = {k.lower(): v[0] for k, v in (recorded.get("headers") or {}).items()}
        headers["authorization"] = "Basic QUM6dG9rZW4="  # masked on file
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
            assert interaction["request"]["uri"].startswith(RECORDED_AT + "/2010-04-01/")
