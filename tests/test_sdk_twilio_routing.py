"""twilio-python (the vendor's own SDK) against the served sandbox for call routing:
applications, incoming phone numbers (buy, route to an application or a trunk, move between
accounts, release) and available phone numbers, listings paged by the SDK itself, the
sandbox's errors raised as the SDK's `TwilioRestException` with Twilio's codes, and what the
SDK writes read back by the library."""

from __future__ import annotations

from typing import Any

import pytest
from telephony_twilio.emulator import SEEDED_SUBACCOUNT
from telephony_twilio.emulator_applications import SEEDED_APPLICATION
from telephony_twilio.emulator_numbers import SEEDED_NUMBER, SEEDED_TRUNK
from twilio.base.exceptions import TwilioRestException

import telephony_core as tel
from telephony_core.sandbox.server import SandboxServer
from tests.vendor_sdks import twilio_client

VOICE_XML = "http://demo.twilio.com/docs/voice.xml"


@pytest.fixture
def server(telephony_served_sandbox: SandboxServer) -> SandboxServer:
    return telephony_served_sandbox


@pytest.fixture
def sdk(server: SandboxServer) -> Any:
    return twilio_client(server)


def test_application_create_fetch_update_delete(sdk: Any) -> None:
    created = sdk.applications.create(
        friendly_name="Phone Me", voice_url=VOICE_XML, voice_method="GET"
    )
    assert (created.sid[:2], created.voice_url, created.voice_method) == ("AP", VOICE_XML, "GET")
    assert created.status_callback_method == "POST"  # Twilio's default
    assert sdk.applications(created.sid).fetch().friendly_name == "Phone Me"
    updated = sdk.applications(created.sid).update(sms_url="http://demo.twilio.com/docs/sms.xml")
    assert (updated.sms_url, updated.voice_url) == (
        "http://demo.twilio.com/docs/sms.xml",
        VOICE_XML,
    )
    assert sdk.applications(created.sid).delete() is True
    with pytest.raises(TwilioRestException) as missing:
        sdk.applications(created.sid).fetch()
    assert (missing.value.status, missing.value.code) == (404, 20404)


def test_applications_are_listed_page_by_page_and_filtered(sdk: Any) -> None:
    for n in range(3):
        sdk.applications.create(friendly_name=f"IVR {n}")
    listed = sdk.applications.list(page_size=2)
    assert len({a.sid for a in listed}) == len(listed) == 4
    assert [a.friendly_name for a in sdk.applications.list(friendly_name="IVR 1")] == ["IVR 1"]


def test_application_errors_are_twilio_rest_exceptions(sdk: Any) -> None:
    with pytest.raises(TwilioRestException) as refused:
        sdk.applications.create(friendly_name="x" * 65)
    assert (refused.value.status, refused.value.code) == (400, 20001)
    with pytest.raises(TwilioRestException) as bad_method:
        sdk.applications.create(voice_method="PUT")
    assert bad_method.value.status == 400


def test_search_buy_route_and_release_a_number(sdk: Any) -> None:
    offers = sdk.available_phone_numbers("US").local.list(area_code=415, limit=3)
    assert [o.phone_number for o in offers] == ["+14155550100", "+14155550101", "+14155550102"]
    assert offers[0].iso_country == "US" and offers[0].capabilities["voice"] is True
    bought = sdk.incoming_phone_numbers.create(
        phone_number=offers[0].phone_number, voice_application_sid=SEEDED_APPLICATION
    )
    assert (bought.sid[:2], bought.voice_application_sid, bought.trunk_sid) == (
        "PN",
        SEEDED_APPLICATION,
        None,
    )
    trunked = sdk.incoming_phone_numbers(bought.sid).update(trunk_sid=SEEDED_TRUNK)
    assert (trunked.trunk_sid, trunked.voice_application_sid) == (SEEDED_TRUNK, None)
    assert sdk.incoming_phone_numbers(bought.sid).delete() is True
    again = sdk.available_phone_numbers("US").local.list(area_code=415, limit=1)
    assert [o.phone_number for o in again] == [offers[0].phone_number]  # released: on offer


def test_numbers_of_every_kind_are_on_offer(sdk: Any) -> None:
    country = sdk.available_phone_numbers("US")
    assert all(o.phone_number.startswith("+18") for o in country.toll_free.list(limit=2))
    assert len(sdk.available_phone_numbers("GB").mobile.list(contains="7700", limit=2)) == 2
    assert sdk.available_phone_numbers("US").local.list(contains="JOY", limit=1)


def test_numbers_are_listed_page_by_page_and_filtered(sdk: Any) -> None:
    for offer in sdk.available_phone_numbers("US").local.list(area_code=212, limit=3):
        sdk.incoming_phone_numbers.create(phone_number=offer.phone_number)
    listed = sdk.incoming_phone_numbers.list(page_size=2)
    assert len({n.sid for n in listed}) == len(listed) == 5
    found = sdk.incoming_phone_numbers.list(phone_number="+18089255327")
    assert [n.sid for n in found] == [SEEDED_NUMBER]


def test_number_errors_are_twilio_rest_exceptions(sdk: Any) -> None:
    numbers = sdk.incoming_phone_numbers
    for arguments, code in (
        ({"phone_number": "+18089255327"}, 21422),  # held by the sandbox account
        ({"phone_number": "4155550100"}, 21421),
        ({"area_code": "999"}, 21452),
        ({"phone_number": "+14155550100", "voice_application_sid": "AP" + "f" * 32}, 21420),
    ):
        with pytest.raises(TwilioRestException) as refused:
            numbers.create(**arguments)
        assert (refused.value.status, refused.value.code) == (400, code)
    with pytest.raises(TwilioRestException) as unknown:
        numbers(SEEDED_NUMBER).update(voice_application_sid="AP" + "f" * 32)
    assert unknown.value.code == 22108


def test_the_main_account_moves_a_number_to_its_subaccount(sdk: Any) -> None:
    moved = sdk.incoming_phone_numbers(SEEDED_NUMBER).update(account_sid=SEEDED_SUBACCOUNT)
    assert moved.account_sid == SEEDED_SUBACCOUNT
    sub = sdk.api.v2010.accounts(SEEDED_SUBACCOUNT).incoming_phone_numbers
    assert [n.phone_number for n in sub.list()] == ["+18089255327"]


def test_what_the_sdk_writes_the_library_reads(server: SandboxServer, sdk: Any) -> None:
    app = sdk.applications.create(friendly_name="Main IVR", voice_url=VOICE_XML)
    sdk.incoming_phone_numbers(SEEDED_NUMBER).update(voice_application_sid=app.sid)
    with tel.connect("twilio", sandbox=True, base_url=server.base_url("twilio")) as client:
        found = client.applications.find("Main IVR")
        assert found is not None and found.answer_url == VOICE_XML
        assert client.numbers.get(SEEDED_NUMBER).application_id == app.sid
        routed = client.numbers.update(SEEDED_NUMBER, trunk_id=SEEDED_TRUNK)
    assert routed.trunk_id == SEEDED_TRUNK
    fetched = sdk.incoming_phone_numbers(SEEDED_NUMBER).fetch()
    assert (fetched.trunk_sid, fetched.voice_application_sid) == (SEEDED_TRUNK, None)
