"""Twilio call routing end to end: applications and numbers on the sandbox (in process and
served over HTTP, sync and async), purchases and releases after an unknown outcome, dry runs,
and ids that are not SIDs."""

from __future__ import annotations

import json

import pytest
from telephony_twilio import TwilioEmulator
from telephony_twilio.emulator_numbers import SEEDED_NUMBER, SEEDED_TRUNK

import telephony_core as tel
from telephony_core.plugins.registry import get_registry
from telephony_core.sandbox.server import SandboxServer
from telephony_core.testing.clients import sandbox_client
from tests.conftest import Scripted

FAST = tel.Retries(attempts=4, wait_initial=0.001, wait_max=0.005)
ACCOUNT = "AC" + "1" * 32
TOKEN = "test-auth-token-0123456789"


def route_main_ivr(client: tel.Client) -> tel.PhoneNumber:
    """The acceptance script: an application "Main IVR", a number routed to it, read back."""
    app = client.applications.create(name="Main IVR", answer_url="https://ivr.example.org/answer")
    number = next(iter(client.numbers.list()))
    client.numbers.update(number.id, application_id=app.id)
    routed = client.numbers.get(number.id)
    assert routed.application_id == app.id
    return routed


def test_a_number_is_routed_to_main_ivr_on_the_sandbox() -> None:
    with tel.connect("twilio", sandbox=True) as client:
        assert route_main_ivr(client).number == "+18089255327"


def test_the_served_sandbox_routes_buys_and_releases_over_http() -> None:
    with SandboxServer({"twilio": TwilioEmulator()}) as server:
        index = server.index()["providers"]["twilio"]
        assert index["examples"]["numbers"] == SEEDED_NUMBER
        settings = {**index["credentials"], "base_url": index["base_url"]}
        with tel.connect("twilio", **settings) as client:
            route_main_ivr(client)
            offer = next(client.numbers.search(country="US", area_code="415"))
            bought = client.numbers.create(number=offer.number)
            assert offer.number in [n.number for n in client.numbers.list()]
            client.numbers.delete(bought.id)
            assert offer.number not in [n.number for n in client.numbers.list()]


async def test_the_async_client_searches_buys_and_routes() -> None:
    async with tel.connect_async("twilio", sandbox=True) as client:
        offers = [o.number async for o in client.numbers.search(country="US", limit=2)]
        assert len(offers) == 2
        bought = await client.numbers.create(number=offers[0], trunk_id=SEEDED_TRUNK)
        app = await client.applications.create(name="Night line")
        routed = await client.numbers.update(bought.id, application_id=app.id)
        assert (routed.trunk_id, routed.application_id) == (None, app.id)
        assert await client.numbers.find(offers[0]) == routed


def test_the_same_number_can_be_held_at_two_vendors_as_after_a_port() -> None:
    number = "+14155550142"
    with (
        tel.connect("twilio", sandbox=True) as twilio,
        tel.connect("twilio", sandbox=True) as other,
    ):
        assert twilio.numbers.create(number=number).number == number
        assert other.numbers.create(number=number).number == number  # another sandbox


def test_a_purchase_whose_reply_was_lost_is_found_not_bought_twice() -> None:
    emulator = TwilioEmulator()
    faults = tel.Faults(schedule=["drop_after"], methods={"POST"})
    with sandbox_client(emulator, faults, retries=FAST) as client:
        bought = client.numbers.create(number="+14155550177")
    assert bought.number == "+14155550177"
    held = [r["phone_number"] for r in emulator.numbers["AC" + "a" * 32].values()]
    assert held.count("+14155550177") == 1


def test_a_purchase_is_not_resent_when_the_lookup_fails(scripted: Scripted) -> None:
    client = tel.connect(
        "twilio", account_sid=ACCOUNT, auth_token=TOKEN, transport=scripted.transport, retries=FAST
    )
    scripted.reply(503).reply(503).reply(503).reply(503).reply(503)
    with pytest.raises(tel.TelephonyError):
        client.numbers.create(number="+14155550177")
    posts = [r for r in scripted.requests if r.method == "POST"]
    assert len(posts) == 1  # the purchase went once; then only lookups by PhoneNumber
    assert all(r.url.params["PhoneNumber"] == "+14155550177" for r in scripted.requests[1:])


def test_a_release_is_resent_only_once_a_read_finds_the_number_still_held(
    scripted: Scripted,
) -> None:
    client = tel.connect(
        "twilio", account_sid=ACCOUNT, auth_token=TOKEN, transport=scripted.transport, retries=FAST
    )
    number = "PN" + "1" * 32
    gone = {"code": 20404, "message": "not found", "more_info": "x", "status": 404}
    scripted.reply(503).reply(404, gone)  # the release went through: not sent again
    assert client.numbers.delete(number) is None
    assert [r.method for r in scripted.requests] == ["DELETE", "GET"]
    held = {"sid": number, "phone_number": "+14155550100"}
    scripted.reply(503).reply(200, held).reply(204)  # still held: released again
    client.numbers.delete(number)
    assert [r.method for r in scripted.requests[2:]] == ["DELETE", "GET", "DELETE"]


def test_an_update_of_routing_is_resent_after_an_unknown_outcome() -> None:
    emulator = TwilioEmulator()
    faults = tel.Faults(schedule=["drop_after"], methods={"POST"})
    with sandbox_client(emulator, faults, retries=FAST) as client:
        routed = client.numbers.update(SEEDED_NUMBER, trunk_id=SEEDED_TRUNK)
    assert routed.trunk_id == SEEDED_TRUNK


def test_a_dry_run_shows_the_purchase_and_the_search_without_sending() -> None:
    with tel.connect("twilio", sandbox=True) as client:
        buy = client.dry_run("numbers", "create", number="+14155550100", name="Sales")
        (request,) = buy.requests
        assert (request.method, request.path.rsplit("/", 1)[-1]) == (
            "POST",
            "IncomingPhoneNumbers.json",
        )
        assert request.body == b"PhoneNumber=%2B14155550100&FriendlyName=Sales"
        search = client.dry_run("numbers", "search", country="US", area_code="415", limit=5)
        (request,) = search.requests
        assert request.path.endswith("/AvailablePhoneNumbers/US/Local.json")
        assert list(request.query) == [("AreaCode", "415"), ("PageSize", "5")]
        assert "+14155550100" not in [n.number for n in client.numbers.list()]


@pytest.mark.parametrize(
    "id", ["PN../../Accounts", "PN" + "1" * 31 + "/", "+14155550100", "AP" + "1" * 32, ""]
)
def test_an_id_that_is_no_number_sid_is_refused_before_sending(id: str) -> None:
    with tel.connect("twilio", sandbox=True) as client:
        recorder = tel.RequestRecorder()
        get_registry().manager.register(recorder)
        for call in (client.numbers.get, client.numbers.delete):
            with pytest.raises(tel.ValidationError):
                call(id)
        with pytest.raises(tel.ValidationError):
            client.applications.get(id.replace("AP", "PN"))
        assert recorder.sent == []


def test_malformed_offers_are_typed_errors(scripted: Scripted) -> None:
    client = tel.connect(
        "twilio", account_sid=ACCOUNT, auth_token=TOKEN, transport=scripted.transport, retries=0
    )
    for body in (
        {"available_phone_numbers": [{"phone_number": "not a number"}]},
        {"available_phone_numbers": "none"},
        {"available_phone_numbers": [7]},
        [],
    ):
        scripted.reply(200, body)
        with pytest.raises(tel.ProviderError):
            next(client.numbers.search(country="US"))
    scripted.reply(
        200, {"available_phone_numbers": [{"phone_number": "+14155550100", "capabilities": "all"}]}
    )
    offer = next(client.numbers.search(country="US"))
    assert (offer.capabilities, offer.extra["capabilities"]) == (None, "all")  # tolerated
    body = json.loads(
        json.dumps({"incoming_phone_numbers": [{"sid": "PN" + "1" * 32, "type": "shared"}]})
    )
    scripted.reply(200, body)
    (number,) = client.numbers.list()
    assert (number.number_type, number.extra["type"]) == (None, "shared")
