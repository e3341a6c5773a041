"""Plivo applications and numbers: what is sent and read (digits for ids, `app_id` for an
application or a Zentrunk trunk, the search's `pattern`), and the emulator's documented
semantics (docs/plivo.md gives the source of each rule)."""

from __future__ import annotations

import httpx
import pytest
from telephony_plivo import PlivoEmulator
from telephony_plivo.emulator_base import MAIN_ACCOUNT, SANDBOX_TOKEN

import telephony_core as tel
from tests.conftest import Scripted

NUMBER_PATH = "/v1/Account/MA_X/Number/14155550100/"
CHANGED = {"api_id": "x", "message": "changed"}


def plivo(scripted: Scripted) -> tel.Client:
    return tel.connect(
        "plivo", auth_id="MA_X", auth_token="t", transport=scripted.transport, retries=0
    )


def test_a_number_object_is_read_with_the_plus(scripted: Scripted) -> None:
    scripted.reply(
        200,
        {
            "number": "14155550100",
            "alias": "Desk",
            "application": "/v1/Account/MA_X/Application/29986316244302815/",
            "number_type": "tollfree",
            "voice_enabled": True,
            "sms_enabled": False,
            "mms_enabled": True,
            "added_on": "2014-08-05",
            "country": "United States",
            "sub_account": None,
        },
    )
    number = plivo(scripted).numbers.get("14155550100")
    assert (number.id, number.number, number.name) == ("14155550100", "+14155550100", "Desk")
    assert number.application_id == "29986316244302815"
    assert number.number_type is tel.NumberType.TOLL_FREE
    assert number.capabilities == frozenset({"voice", "mms"})
    assert (number.tenant, number.country, number.extra["country"]) == (
        "MA_X",
        None,
        "United States",
    )


def test_a_number_routed_to_a_trunk_is_read_as_trunk_id(scripted: Scripted) -> None:
    scripted.reply(
        200,
        {"number": "14155550100", "application": None, "object_type": "trunk", "object_id": "172"},
    )
    number = plivo(scripted).numbers.get("14155550100")
    assert (number.application_id, number.trunk_id) == (None, "172")


def test_an_id_with_the_plus_is_refused_with_a_hint(scripted: Scripted) -> None:
    with pytest.raises(tel.ValidationError) as info:
        plivo(scripted).numbers.get("+14155550100")
    assert "without the +: '14155550100'" in info.value.field_errors["id"]
    assert scripted.requests == []


def test_routing_to_a_trunk_sends_it_as_app_id(scripted: Scripted) -> None:
    scripted.reply(202, CHANGED)
    number = plivo(scripted).numbers.update("14155550100", trunk_id="172")
    assert (scripted.requests[0].method, scripted.requests[0].url.path) == ("POST", NUMBER_PATH)
    assert scripted.json_body() == {"app_id": "172"}
    assert (number.application_id, number.trunk_id) == (None, "172")


def test_an_alias_change_resends_the_current_app_id(scripted: Scripted) -> None:
    app = "/v1/Account/MA_X/Application/29986316244302815/"
    scripted.reply(200, {"number": "14155550100", "application": app}).reply(202, CHANGED)
    number = plivo(scripted).numbers.update("14155550100", name="Front desk")
    assert [r.method for r in scripted.requests] == ["GET", "POST"]
    assert scripted.json_body(1) == {"alias": "Front desk", "app_id": "29986316244302815"}
    assert (number.name, number.application_id) == ("Front desk", "29986316244302815")


def test_routing_nowhere_is_refused(scripted: Scripted) -> None:
    with pytest.raises(tel.ValidationError, match="cannot be cleared"):
        plivo(scripted).numbers.update("14155550100", application_id=None)
    assert scripted.requests == []


def test_buying_sends_the_digits_and_the_app_id(scripted: Scripted) -> None:
    reply = {
        "api_id": "x",
        "message": "created",
        "numbers": [{"number": "14155550100", "status": "Success"}],
        "status": "fulfilled",
    }
    scripted.reply(201, reply)
    number = plivo(scripted).numbers.create(number="+1 415 555 0100", application_id="1")
    assert scripted.requests[0].url.path == "/v1/Account/MA_X/PhoneNumber/14155550100/"
    assert scripted.json_body() == {"app_id": "1"}
    assert (number.id, number.number, number.application_id) == ("14155550100", "+14155550100", "1")


def test_a_name_at_purchase_is_refused_with_what_to_do(scripted: Scripted) -> None:
    with pytest.raises(tel.UnsupportedField, match="set name with update"):
        plivo(scripted).numbers.create(number="+14155550100", name="Desk")


def test_a_search_sends_country_type_and_pattern(scripted: Scripted) -> None:
    meta = {"limit": 20, "offset": 0, "total_count": 1, "next": None, "previous": None}
    offer = {
        "number": "14155550100",
        "type": "tollfree",
        "sub_type": "tollfree",
        "city": "SF",
        "monthly_rental_rate": "0.80000",
    }
    scripted.reply(200, {"api_id": "x", "meta": meta, "objects": [offer]})
    found = list(
        plivo(scripted).numbers.search(country="US", area_code="415", number_type="toll_free")
    )
    assert dict(scripted.requests[0].url.params) == {
        "country_iso": "US",
        "type": "tollfree",
        "pattern": "415",
        "limit": "20",
        "offset": "0",
    }
    assert (found[0].number, found[0].country, found[0].locality) == ("+14155550100", "US", "SF")
    assert found[0].number_type is tel.NumberType.TOLL_FREE


def test_a_search_by_digits_contained_is_refused(scripted: Scripted) -> None:
    with pytest.raises(tel.UnsupportedField, match="use area_code") as info:
        plivo(scripted).numbers.search(country="US", contains="555")
    assert info.value.field == "contains" and scripted.requests == []


def test_an_application_cannot_be_renamed(scripted: Scripted) -> None:
    with pytest.raises(tel.UnsupportedField, match="takes no app_name"):
        plivo(scripted).applications.update("1", name="New name")


def test_find_uses_the_app_name_filter(scripted: Scripted) -> None:
    meta = {"limit": 20, "offset": 0, "total_count": 1, "next": None}
    scripted.reply(200, {"meta": meta, "objects": [{"app_id": "7", "app_name": "Main IVR"}]})
    found = plivo(scripted).applications.find("Main IVR")
    assert found is not None and found.id == "7"
    assert scripted.requests[0].url.params["app_name"] == "Main IVR"


# The emulator.
def test_an_update_without_app_id_routes_to_the_default_number_app() -> None:
    """What the client's resend guards against, as the reference documents it."""
    emulator = PlivoEmulator()
    auth = (MAIN_ACCOUNT, SANDBOX_TOKEN)
    base = f"https://api.plivo.com/v1/Account/{MAIN_ACCOUNT}"
    with httpx.Client(transport=emulator.transport(), auth=auth) as http:
        http.post(f"{base}/Application/77494029089751836/", json={"default_number_app": True})
        assert http.post(f"{base}/Number/17609915566/", json={"alias": "Desk"}).status_code == 202
        read = http.get(f"{base}/Number/17609915566/").json()
    assert read["application"].endswith("/Application/77494029089751836/")


def test_an_unknown_app_id_is_refused() -> None:
    with (
        tel.connect("plivo", sandbox=True) as client,
        pytest.raises(tel.ValidationError, match="not an application"),
    ):
        client.numbers.update("17609915566", application_id="1")


def test_a_deleted_application_lets_its_numbers_go() -> None:
    with tel.connect("plivo", sandbox=True) as client:
        client.applications.delete("33406267401237901")
        assert client.numbers.get("17609915566").application_id is None
