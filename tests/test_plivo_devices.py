"""Plivo Endpoints as devices, on the wire: HTTP Basic, JSON bodies, trailing slashes, the
documented statuses and reply shapes (the API reference's examples), the username Plivo
extends at create, and the rules refused before sending."""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

import httpx
import pytest

import telephony_core as tel
from tests.conftest import Scripted

AUTH_ID = "MA2025RK4E639VJFZAGV"
TOKEN = "plivo-test-auth-token"
ENDPOINTS = f"https://api.plivo.com/v1/Account/{AUTH_ID}/Endpoint/"
#: Retrieve an Endpoint, the reference's "not registered" example.
RETRIEVED = {
    "alias": "zumba",
    "api_id": "39015de8-4fb3-11e4-a2d1-22000ac5040c",
    "application": f"/v1/Account/{AUTH_ID}/Application/379619814477342321/",
    "endpoint_id": "39452475478853",
    "password": "8bc0002a467b8276aaaf47e92bc46b9f",
    "resource_uri": f"/v1/Account/{AUTH_ID}/Endpoint/39452475478853/",
    "sip_registered": "false",
    "sip_uri": "sip:zumba141009125224@phone.plivo.com",
    "sub_account": None,
    "username": "zumba141009125224",
}


@pytest.fixture
def plivo(scripted: Scripted) -> tel.Client:
    # One reply a request: these tests read each vendor answer as it is (no retries).
    return tel.connect(
        "plivo", auth_id=AUTH_ID, auth_token=TOKEN, transport=scripted.transport, retries=0
    )


def page(objects: list[dict[str, Any]], offset: int, total: int) -> dict[str, Any]:
    more = offset + len(objects) < total
    return {
        "api_id": "30a0c8c2-110c-11e4-bd8a-12313f016a39",
        "meta": {
            "limit": 20,
            "next": f"/v1/Account/{AUTH_ID}/Endpoint/?limit=20&offset={offset + 20}"
            if more
            else None,
            "offset": offset,
            "previous": None,
            "total_count": total,
        },
        "objects": objects,
    }


def test_update_posts_alias_and_password_with_basic_auth(
    plivo: tel.Client, scripted: Scripted
) -> None:
    """Acceptance: one JSON POST to the endpoint, HTTP Basic, succeeding on the documented
    202 `{"message": "changed", "api_id"}`."""
    scripted.reply(202, {"message": "changed", "api_id": "d8f9ea6c-58cc-11e1-86da-adf28403fe48"})
    device = plivo.devices.update("87654321", name="Desk", password="Desk-Passw0rd")
    [request] = scripted.requests
    assert (request.method, str(request.url)) == ("POST", ENDPOINTS + "87654321/")
    expected = base64.b64encode(f"{AUTH_ID}:{TOKEN}".encode()).decode()
    assert request.headers["authorization"] == f"Basic {expected}"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {"alias": "Desk", "password": "Desk-Passw0rd"}
    assert device == tel.Device(
        id="87654321", tenant=AUTH_ID, name="Desk", password="Desk-Passw0rd"
    )
    assert "Desk-Passw0rd" not in repr(device)


async def test_the_same_update_async(scripted: Scripted) -> None:
    scripted.reply(202, {"message": "changed", "api_id": "x"})
    async with tel.connect_async(
        "plivo", auth_id=AUTH_ID, auth_token=TOKEN, transport=scripted.transport
    ) as client:
        device = await client.devices.update("87654321", application_id="77494029089751836")
    assert scripted.json_body() == {"app_id": "77494029089751836"}
    assert device.application_id == "77494029089751836"


def test_create_returns_the_username_plivo_made(plivo: tel.Client, scripted: Scripted) -> None:
    """Create an Endpoint: 201 with the username given plus 12 digits."""
    scripted.reply(
        201,
        {
            "username": "zumba131031145958",
            "alias": "zumba",
            "message": "created",
            "endpoint_id": "37371860103666",
            "api_id": "1c13de4c-423d-11e3-9899-22000abfa5d5",
        },
    )
    device = plivo.devices.create(username="zumba", password="testpassword", name="zumba")
    assert (scripted.requests[0].method, str(scripted.requests[0].url)) == ("POST", ENDPOINTS)
    assert scripted.json_body() == {
        "username": "zumba",
        "password": "testpassword",
        "alias": "zumba",
    }
    assert (device.id, device.username, device.name, device.tenant) == (
        "37371860103666",
        "zumba131031145958",
        "zumba",
        AUTH_ID,
    )
    assert device.password == tel.Secret("testpassword")
    assert device.extra == {}  # api_id and message describe the reply, not the endpoint


def test_a_read_keeps_the_password_hash_out_of_password(
    plivo: tel.Client, scripted: Scripted
) -> None:
    scripted.reply(200, RETRIEVED)
    device = plivo.devices.get("39452475478853")
    assert str(scripted.requests[0].url) == ENDPOINTS + "39452475478853/"
    assert device.password is None  # Plivo shows an MD5 hash, not the password
    assert device.extra == {
        "password": tel.Secret("8bc0002a467b8276aaaf47e92bc46b9f"),
        "sub_account": None,
    }
    assert "8bc0002a" not in repr(device)
    assert (device.username, device.application_id, device.registered) == (
        "zumba141009125224",
        "379619814477342321",
        False,
    )


def test_a_registered_endpoint_keeps_its_registration_in_extra(
    plivo: tel.Client, scripted: Scripted
) -> None:
    registered = {
        **RETRIEVED,
        "sip_registered": "true",
        "sip_contact": "sip:callme140703093224@122.172.71.207:57563;ob",
        "sip_expires": "2022-07-21 19:26:08",
        "sip_user_agent": "Telephone 1.1.4",
    }
    scripted.reply(200, registered)
    device = plivo.devices.get("39452475478853")
    assert device.registered is True
    assert device.extra["sip_user_agent"] == "Telephone 1.1.4"


def test_list_pages_twenty_at_most_lazily(plivo: tel.Client, scripted: Scripted) -> None:
    first = [{"endpoint_id": str(n), "username": f"u{n}"} for n in range(20)]
    scripted.reply(200, page(first, 0, 21)).reply(200, page([{"endpoint_id": "20"}], 20, 21))
    devices = plivo.devices.list(page_size=50)
    assert scripted.requests == []
    assert [d.id for d in devices] == [str(n) for n in range(21)]
    assert [dict(r.url.params) for r in scripted.requests] == [
        {"limit": "20", "offset": "0"},
        {"limit": "20", "offset": "20"},
    ]


def test_delete_is_204(plivo: tel.Client, scripted: Scripted) -> None:
    scripted.reply(204)
    assert plivo.devices.delete("87654321") is None
    assert (scripted.requests[0].method, str(scripted.requests[0].url)) == (
        "DELETE",
        ENDPOINTS + "87654321/",
    )


def test_find_matches_the_username_asked_for_with_plivos_digits(
    plivo: tel.Client, scripted: Scripted
) -> None:
    objects = [
        {"endpoint_id": "1", "username": "zumba1"},
        {"endpoint_id": "2", "username": "zumbaa131031145958"},
        {"endpoint_id": "3", "username": "zumba131031145958"},
    ]
    scripted.reply(200, page(objects, 0, 3)).reply(200, page(objects, 0, 3))
    found = plivo.devices.find("zumba")
    assert found is not None and found.id == "3"
    exact = plivo.devices.find("zumbaa131031145958")
    assert exact is not None and exact.id == "2"


def test_find_prefers_the_exact_username_else_the_newest_created_as_it(
    plivo: tel.Client, scripted: Scripted
) -> None:
    """Plivo's 12 digits are the creation time (yymmddHHMMSS): the greatest is the newest."""
    objects = [
        {"endpoint_id": "1", "username": "desk131031145958"},
        {"endpoint_id": "2", "username": "desk260101000001"},
        {"endpoint_id": "3", "username": "desk140703093944"},
    ]
    scripted.reply(200, page(objects, 0, 3))
    newest = plivo.devices.find("desk")
    assert newest is not None and newest.id == "2"
    scripted.reply(200, page([*objects, {"endpoint_id": "4", "username": "desk"}], 0, 4))
    exact = plivo.devices.find("desk")
    assert exact is not None and exact.id == "4"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"username": "front_desk"}, "username"),  # letters and digits only
        ({"username": "1desk"}, "username"),  # starting with a letter
        ({"username": "a" * 26}, "username"),  # 1 to 25 characters
        ({"password": "four"}, "password"),  # at least five characters
        ({"name": None}, "name"),  # required
    ],
)
def test_create_rules_are_refused_before_sending(
    plivo: tel.Client, scripted: Scripted, fields: dict[str, Any], field: str
) -> None:
    values = {"username": "desk", "password": "testpassword", "name": "Desk", **fields}
    with pytest.raises(tel.ValidationError) as refused:
        plivo.devices.create(**values)
    assert field in refused.value.field_errors
    assert scripted.requests == []


def test_the_username_cannot_change(plivo: tel.Client, scripted: Scripted) -> None:
    with pytest.raises(tel.UnsupportedField, match="Plivo sets the username at create"):
        plivo.devices.update("87654321", username="other")
    with pytest.raises(tel.ValidationError) as refused:
        plivo.devices.update("87654321", application_id=None)
    assert "application_id" in refused.value.field_errors
    assert scripted.requests == []


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (
            404,
            {"api_id": "97ceeb52-58b6-11e1-86da-77300b68f8bb", "error": "not found"},
            tel.NotFound,
        ),
        (401, {"api_id": "x", "error": "authentication failed"}, tel.AuthenticationError),
        (429, {"api_id": "x", "error": "too many requests"}, tel.RateLimited),
        (500, b"<html>oops</html>", tel.ServerError),
    ],
)
def test_error_replies_are_typed(
    plivo: tel.Client, scripted: Scripted, status: int, body: Any, error: type[Exception]
) -> None:
    if isinstance(body, bytes):
        scripted.reply(status, raw=body)
    else:
        scripted.reply(status, body)
    with pytest.raises(error) as raised:
        plivo.devices.get("87654321")
    assert TOKEN not in str(raised.value)


def test_a_400_names_the_field_its_message_is_about(plivo: tel.Client, scripted: Scripted) -> None:
    scripted.reply(400, {"api_id": "x", "error": "alias is not valid"})
    with pytest.raises(tel.ValidationError) as refused:
        plivo.devices.update("87654321", name="Double time.")
    assert refused.value.field_errors == {"name": "alias is not valid"}


@pytest.mark.parametrize(
    "body",
    [
        {"objects": []},
        {"meta": {"total_count": 1}},
        {"meta": {"total_count": "1"}, "objects": []},
        {"meta": {}, "objects": [{"username": "no-id"}]},
        [],
    ],
)
def test_malformed_listings_are_provider_errors(
    plivo: tel.Client, scripted: Scripted, body: Any
) -> None:
    scripted.reply(200, body)
    with pytest.raises(tel.ProviderError, match="malformed"):
        list(plivo.devices.list())


def test_an_odd_application_is_kept_in_extra(
    plivo: tel.Client, scripted: Scripted, caplog: pytest.LogCaptureFixture
) -> None:
    scripted.reply(200, {**RETRIEVED, "application": {"app": 1}, "sip_registered": "maybe"})
    with caplog.at_level(logging.WARNING, logger="telephony_core"):
        device = plivo.devices.get("39452475478853")
    assert (device.application_id, device.extra["application"]) == (None, {"app": 1})
    assert (device.registered, device.extra["sip_registered"]) == (None, "maybe")
    assert "application" in caplog.text


def test_ids_cannot_change_the_path(plivo: tel.Client, scripted: Scripted) -> None:
    for hostile in ("../Subaccount", "1/2", "1?x=1", "a#b"):
        with pytest.raises(tel.ValidationError):
            plivo.devices.get(hostile)
    assert scripted.requests == []


def test_the_token_never_shows(scripted: Scripted) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = tel.connect(
        "plivo", auth_id=AUTH_ID, auth_token=TOKEN, transport=httpx.MockTransport(refuse)
    )
    with pytest.raises(tel.TransportError) as raised:
        client.devices.update("1", name="x")
    assert TOKEN not in str(raised.value) and TOKEN not in repr(client)
