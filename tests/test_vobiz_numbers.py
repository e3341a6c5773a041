"""Vobiz applications and numbers: what is sent (paths, casing, the `%2B`, the inventory
search), what is read, and the emulator's documented semantics (docs/vobiz.md gives the
source of each rule)."""

from __future__ import annotations

import json

import httpx
import pytest
from telephony_vobiz import VobizEmulator

import telephony_core as tel
from tests.conftest import Scripted

NUMBER = "+14155550100"


def vobiz(scripted: Scripted) -> tel.Client:
    return tel.connect(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport, retries=0
    )


def page(*items: dict[str, object], total: int | None = None) -> dict[str, object]:
    return {"items": list(items), "page": 1, "per_page": 25, "total": total or len(items)}


def test_an_inventory_search_sends_country_and_the_digits(scripted: Scripted) -> None:
    offers = [{"e164": "+14155550100", "country": "US"}, {"e164": "+12124155555", "country": "US"}]
    scripted.reply(200, page(*offers))
    found = list(vobiz(scripted).numbers.search(country="us", area_code="415"))
    request = scripted.requests[0]
    assert request.url.path == "/api/v1/account/MA_X/inventory/numbers"
    assert dict(request.url.params) == {
        "country": "US",
        "search": "1415",
        "page": "1",
        "per_page": "20",
    }
    # `search` matches anywhere in the number: only those starting +1 415 are kept.
    assert [offer.number for offer in found] == ["+14155550100"]


def test_contains_is_matched_in_the_national_number(scripted: Scripted) -> None:
    # `search=91` matches every Indian number (+91...): only those with 91 after it are kept.
    offers = [{"e164": "+919180000001"}, {"e164": "+918012345678"}]
    scripted.reply(200, page(*offers))
    found = list(vobiz(scripted).numbers.search(country="IN", contains="91"))
    assert scripted.requests[0].url.params["search"] == "91"
    assert [offer.number for offer in found] == ["+919180000001"]


def test_a_search_by_kind_is_refused_before_sending(scripted: Scripted) -> None:
    with pytest.raises(tel.UnsupportedField) as info:
        vobiz(scripted).numbers.search(country="US", number_type="toll_free")
    assert info.value.field == "number_type"
    assert scripted.requests == []


def test_the_listing_pages_by_page_and_per_page(scripted: Scripted) -> None:
    scripted.reply(200, {"items": [{"e164": NUMBER}], "page": 1, "per_page": 1, "total": 2})
    scripted.reply(200, {"items": [{"e164": "+14155550101"}], "page": 2, "per_page": 1, "total": 2})
    numbers = [n.id for n in vobiz(scripted).numbers.list(page_size=1)]
    assert numbers == [NUMBER, "+14155550101"]
    assert [dict(r.url.params) for r in scripted.requests] == [
        {"page": "1", "per_page": "1"},
        {"page": "2", "per_page": "1"},
    ]


def test_a_malformed_listing_is_a_provider_error(scripted: Scripted) -> None:
    scripted.reply(200, {"objects": []})
    with pytest.raises(tel.ProviderError, match="expected 'items'"):
        list(vobiz(scripted).numbers.list())


def test_a_number_is_read_through_the_filtered_listing(scripted: Scripted) -> None:
    scripted.reply(200, page({"e164": "+141555501001"}, {"e164": NUMBER, "account_id": "MA_X"}))
    number = vobiz(scripted).numbers.get(NUMBER)
    assert (number.id, number.tenant) == (NUMBER, "MA_X")
    assert scripted.requests[0].url.params["search"] == NUMBER
    assert b"search=%2B14155550100" in scripted.requests[0].url.query


def test_an_id_that_is_not_e164_is_refused_naming_it(scripted: Scripted) -> None:
    with pytest.raises(tel.ValidationError) as info:
        vobiz(scripted).numbers.delete("14155550100")
    assert "E.164 with the +" in info.value.field_errors["id"]
    assert scripted.requests == []


def test_attaching_reads_first_and_detaches_the_trunk(scripted: Scripted) -> None:
    scripted.reply(200, page({"e164": NUMBER, "trunk_group_id": "t-1"}))
    scripted.reply(200, {"message": "Number attached to application", "number": NUMBER})
    scripted.reply(204)
    number = vobiz(scripted).numbers.update(NUMBER, application_id="98765432")
    assert [(r.method, r.url.raw_path.decode()) for r in scripted.requests[1:]] == [
        ("POST", "/api/v1/Account/MA_X/numbers/%2B14155550100/application"),
        ("DELETE", "/api/v1/Account/MA_X/numbers/%2B14155550100/assign"),
    ]
    assert scripted.json_body(1) == {"application_id": "98765432"}
    assert (number.application_id, number.trunk_id) == ("98765432", None)


def test_a_failed_detach_says_what_was_applied(scripted: Scripted) -> None:
    scripted.reply(200, page({"e164": NUMBER, "trunk_group_id": "t-1"}))
    scripted.reply(200, {"message": "Number attached to application"})
    scripted.reply(500, {"error": "internal"})
    with pytest.raises(tel.ServerError) as info:
        vobiz(scripted).numbers.update(NUMBER, application_id="98765432")
    assert (info.value.applied, info.value.not_applied) == (("application_id",), ("trunk_id",))


def test_a_purchase_then_its_routing(scripted: Scripted) -> None:
    scripted.reply(200, {"message": "Number purchased successfully", "number": {"e164": NUMBER}})
    scripted.reply(204)
    number = vobiz(scripted).numbers.create(
        number=NUMBER, trunk_id="t-1", extra={"currency": "USD"}
    )
    assert scripted.json_body(0) == {"e164": NUMBER, "currency": "USD"}
    assert scripted.json_body(1) == {"trunk_group_id": "t-1"}
    assert number.trunk_id == "t-1"


def test_a_release_answered_403_for_a_number_not_held_is_not_found(scripted: Scripted) -> None:
    scripted.reply(403, {"error": "forbidden", "message": "account does not own this number"})
    with pytest.raises(tel.NotFound, match="does not own"):
        vobiz(scripted).numbers.delete(NUMBER)
    scripted.reply(403, {"error": "you do not have permission for this account"})
    with pytest.raises(tel.PermissionDenied):
        vobiz(scripted).numbers.delete(NUMBER)


def test_an_application_update_sends_only_what_changes(scripted: Scripted) -> None:
    scripted.reply(202, {"api_id": "x", "message": "changed"})
    app = vobiz(scripted).applications.update("12345678", hangup_method="GET")
    assert scripted.json_body() == {"hangup_method": "GET"}
    assert (app.id, app.hangup_method) == ("12345678", tel.HttpMethod.GET)


def test_an_empty_fallback_url_is_none(scripted: Scripted) -> None:
    scripted.reply(200, {"app_id": "1", "app_name": "A", "fallback_answer_url": ""})
    app = vobiz(scripted).applications.get("1")
    assert app.fallback_url is None and "fallback_answer_url" not in app.extra


# The emulator.
def test_the_emulator_answers_both_casings_and_wants_the_plus_encoded() -> None:
    emulator = VobizEmulator()
    headers = {"X-Auth-ID": "MA_SANDBOX", "X-Auth-Token": "sandbox-token"}
    transport = emulator.transport()
    with httpx.Client(
        transport=transport, base_url="https://api.vobiz.ai", headers=headers
    ) as http:
        for casing in ("account", "Account"):
            assert http.get(f"/api/v1/{casing}/MA_SANDBOX/numbers").status_code == 200
        assert http.get("/api/v1/ACCOUNT/MA_SANDBOX/numbers").status_code == 404
        raw = http.post(
            "/api/v1/Account/MA_SANDBOX/numbers/+918071387149/application",
            json={"application_id": "98765432"},
        )
        assert raw.status_code == 404
        # Release takes the digits alone too, as the newest page writes them.
        assert http.delete("/api/v1/Account/MA_SANDBOX/numbers/918071387149").status_code == 204


def test_a_bought_number_gets_the_default_number_app() -> None:
    with tel.connect("vobiz", sandbox=True) as client:
        client.applications.update("98765432", default_for_numbers=True)
        bought = client.numbers.create(number=NUMBER)  # the reply shows no routing yet
        assert client.numbers.get(bought.id).application_id == "98765432"


def test_a_new_endpoint_without_application_gets_the_default_endpoint_app() -> None:
    with tel.connect("vobiz", sandbox=True) as client:
        app = client.applications.create(
            name="Desk phones", answer_url="https://example.com/desk", default_for_devices=True
        )
        device = client.devices.create(username="lobby", password="Lobby-Passw0rd", name="Lobby")
        assert client.devices.get(device.id).application_id == app.id


def test_a_number_someone_holds_cannot_be_bought_again() -> None:
    with tel.connect("vobiz", sandbox=True) as client:
        with pytest.raises(tel.NotFound, match="not found in inventory"):
            client.numbers.create(number="+918071387149")
        offers = [offer.number for offer in client.numbers.search(country="IN", limit=30)]
        assert "+918071387149" not in offers and len(offers) == 30


def test_the_served_index_reports_the_seeded_routing() -> None:
    seeded = VobizEmulator.seeded
    assert json.loads(json.dumps(dict(seeded)))["numbers"] == ["+918071387149", "+912271263984"]
    assert set(seeded["applications"]) == {"98765432", "12345678"}
