"""The Plivo sandbox: in process and served over HTTP, HTTP Basic credentials checked as Plivo
checks them, and the documented semantics (username suffix, pages of at most 20, name required
on a subaccount update, cascade on delete)."""

from __future__ import annotations

import httpx
import pytest
from telephony_plivo import PlivoEmulator
from telephony_plivo.emulator import SEEDED_SUBACCOUNT
from telephony_plivo.emulator_base import MAIN_ACCOUNT, SANDBOX_TOKEN

import telephony_core as tel
from telephony_core.sandbox.server import SandboxServer
from telephony_core.testing.clients import sandbox_client

FAST = tel.Retries(attempts=4, wait_initial=0.001, wait_max=0.005)
ENDPOINTS = f"/v1/Account/{MAIN_ACCOUNT}/Endpoint/"


@pytest.fixture
def emulator() -> PlivoEmulator:
    return PlivoEmulator()


@pytest.fixture
def raw(emulator: PlivoEmulator) -> httpx.Client:
    """Plain HTTP to the emulator, with the sandbox account's Basic credentials."""
    return httpx.Client(
        transport=emulator.transport(),
        base_url="http://sandbox",
        auth=(MAIN_ACCOUNT, SANDBOX_TOKEN),
    )


def client(emulator: PlivoEmulator, **settings: str) -> tel.Client:
    return tel.connect("plivo", **settings, transport=emulator.transport())


def test_credentials_are_checked(emulator: PlivoEmulator) -> None:
    with pytest.raises(tel.AuthenticationError, match="authentication failed"):
        client(emulator, auth_id=MAIN_ACCOUNT, auth_token="wrong").devices.get("87654321")
    with pytest.raises(tel.AuthenticationError):
        client(emulator, auth_id="MA0000000000000000000", auth_token=SANDBOX_TOKEN).devices.get("1")
    no_auth = httpx.Client(transport=emulator.transport(), base_url="http://sandbox")
    assert no_auth.get(ENDPOINTS).status_code == 401


def test_a_subaccount_signs_in_with_its_own_token_and_reaches_only_its_own(
    emulator: PlivoEmulator,
) -> None:
    main = client(emulator, **PlivoEmulator.credentials)
    tenant = main.tenants.create(name="Support", enabled=True)
    assert tenant.auth_token is not None
    sub = client(emulator, auth_id=tenant.id, auth_token=tenant.auth_token.reveal())
    device = sub.devices.create(username="agent", password="agent-pass", name="Agent")
    assert sub.devices.get(device.id).extra["sub_account"] == tenant.id
    with pytest.raises(tel.PermissionDenied):
        sub.devices.get("87654321", tenant=MAIN_ACCOUNT)
    # The main account reaches its subaccount's endpoints through tenant=.
    assert main.devices.get(device.id, tenant=tenant.id).username == device.username


def test_a_new_username_gets_twelve_digits(emulator: PlivoEmulator) -> None:
    sandbox = client(emulator, **PlivoEmulator.credentials)
    first = sandbox.devices.create(username="desk", password="desk-pass", name="Desk")
    second = sandbox.devices.create(username="desk", password="desk-pass", name="Desk")
    assert first.username is not None and second.username is not None
    assert first.username[:4] == second.username[:4] == "desk"
    assert first.username != second.username
    assert all(len(u) == 16 and u[4:].isdigit() for u in (first.username, second.username))


def test_the_emulator_refuses_what_plivo_refuses(raw: httpx.Client) -> None:
    def refused(body: object) -> str:
        reply = raw.post(ENDPOINTS, json=body)
        assert reply.status_code == 400
        assert set(reply.json()) == {"api_id", "error"}
        message: str = reply.json()["error"]
        return message

    valid = {"username": "desk", "password": "desk-pass", "alias": "Desk"}
    assert refused({**valid, "username": "front_desk"}).startswith("username must be")
    assert refused({**valid, "password": "four"}).startswith("password must be")
    assert refused({"username": "desk", "password": "desk-pass"}) == "alias is required"
    assert refused({**valid, "app_id": "1"}) == "app_id is not an application of this account"
    assert refused({**valid, "sip_uri": "x"}) == "unexpected argument(s): sip_uri"
    assert raw.get(ENDPOINTS, params={"limit": 21}).status_code == 400
    update = raw.post(f"/v1/Account/{MAIN_ACCOUNT}/Subaccount/{SEEDED_SUBACCOUNT}/", json={})
    assert (update.status_code, update.json()["error"]) == (400, "name is required")


def test_replies_have_the_documented_shapes(raw: httpx.Client) -> None:
    updated = raw.post(ENDPOINTS + "87654321/", json={"alias": "Double time."})
    assert (updated.status_code, updated.json()["message"]) == (202, "changed")
    read = raw.get(ENDPOINTS + "87654321/").json()
    assert read["alias"] == "Double time."
    assert len(read["password"]) == 32  # an MD5 hash
    listing = raw.get(ENDPOINTS, params={"limit": 2}).json()
    assert listing["meta"] == {
        "limit": 2,
        "offset": 0,
        "total_count": 3,
        "next": f"{ENDPOINTS}?limit=2&offset=2",
        "previous": None,
    }
    assert "password" not in listing["objects"][0]
    assert raw.delete(ENDPOINTS + "87654321/").status_code == 204
    missing = raw.get(ENDPOINTS + "87654321/")
    assert (missing.status_code, missing.json()["error"]) == (404, "not found")


@pytest.mark.parametrize(("cascade", "kept"), [(None, True), ("false", True), ("true", False)])
def test_deleting_a_subaccount_moves_or_deletes_its_endpoints(
    emulator: PlivoEmulator, raw: httpx.Client, cascade: str | None, kept: bool
) -> None:
    main = client(emulator, **PlivoEmulator.credentials)
    tenant = main.tenants.create(name="Support")
    assert tenant.auth_token is not None
    device = main.devices.create(
        username="agent", password="agent-pass", name="Agent", tenant=tenant.id
    )
    params = {} if cascade is None else {"cascade": cascade}
    path = f"/v1/Account/{MAIN_ACCOUNT}/Subaccount/{tenant.id}/"
    assert raw.delete(path, params=params).status_code == 204
    moved = [d for d in main.devices.list() if d.id == device.id]
    assert bool(moved) is kept
    if kept:
        assert moved[0].extra["sub_account"] is None


def test_served_over_http_with_basic_credentials() -> None:
    with SandboxServer({"plivo": PlivoEmulator()}) as server:
        base_url = server.base_url("plivo")
        with tel.connect("plivo", base_url=base_url, **PlivoEmulator.credentials) as served:
            device = served.devices.update("87654321", name="Desk", password="Desk-Passw0rd")
            assert (device.name, served.devices.get("87654321").name) == ("Desk", "Desk")
            tenant = served.tenants.create(name="Support")
            assert tenant.id.startswith("SA") and tenant.auth_token is not None
        wrong = tel.connect("plivo", base_url=base_url, auth_id=MAIN_ACCOUNT, auth_token="x")
        with wrong, pytest.raises(tel.AuthenticationError):
            wrong.devices.get("87654321")


def test_a_create_whose_reply_is_lost_is_found_under_plivos_username() -> None:
    """Resilience: the create is applied, its reply lost; the lookup by natural key finds
    `desk` + Plivo's 12 digits (`PlivoDevices.matches`), so it is not sent again."""
    emulator = PlivoEmulator()
    faults = tel.Faults(schedule=["drop_after"])
    with sandbox_client(emulator, faults, retries=FAST) as sandbox:
        device = sandbox.devices.create(username="desk", password="desk-pass", name="Desk")
    created = [
        e for e in emulator.accounts[MAIN_ACCOUNT]["endpoints"].values() if e["alias"] == "Desk"
    ]
    assert len(created) == 1
    assert (device.id, device.username) == (created[0]["endpoint_id"], created[0]["username"])


def test_a_delete_may_say_cascade_in_its_body_or_query_but_not_both_ways(
    raw: httpx.Client,
) -> None:
    path = f"/v1/Account/{MAIN_ACCOUNT}/Subaccount/{SEEDED_SUBACCOUNT}/"
    refused = [
        raw.request("DELETE", path, json={"cascade": "maybe"}),
        raw.request("DELETE", path, params={"cascade": "true"}, json={"cascade": False}),
        raw.request("DELETE", path, json={"auth_id": "SA0000000000000000FF"}),
        raw.request("DELETE", path, json={"cascade": True, "force": True}),
    ]
    assert [reply.status_code for reply in refused] == [400, 400, 400, 400]
    body = {"auth_id": SEEDED_SUBACCOUNT, "cascade": True}
    assert raw.request("DELETE", path, json=body).status_code == 204


def test_any_request_may_be_made_asynchronous(emulator: PlivoEmulator, raw: httpx.Client) -> None:
    """`callback_url` in the query of a read or the body of a write: the generic reply, the
    call's own kept for the callback; credentials checked first; a bad callback is a 400."""
    listing = f"/v1/Account/{MAIN_ACCOUNT}/Endpoint/"
    reply = raw.get(listing, params={"callback_url": "http://127.0.0.1:9/cb", "limit": 1})
    assert (reply.status_code, reply.json()["message"]) == (202, "async api spawned")
    update = f"/v1/Account/{MAIN_ACCOUNT}/Subaccount/{SEEDED_SUBACCOUNT}/"
    body = {"name": "Renamed", "callback_url": "https://app.example.com/cb"}
    assert raw.post(update, json=body).status_code == 202
    listed, renamed = emulator.callbacks
    assert (listed.method, listed.status, len(listed.body["objects"])) == ("POST", 200, 1)
    assert (renamed.url, renamed.status) == ("https://app.example.com/cb", 202)
    assert emulator.accounts[SEEDED_SUBACCOUNT]["name"] == "Renamed"
    for callback in (
        {"callback_url": "ftp://example.com"},
        {"callback_url": "https://x.example", "callback_method": "PUT"},
    ):
        assert raw.get(listing, params=callback).status_code == 400
    stranger = raw.get(
        listing,
        params={"callback_url": "https://x.example"},
        auth=("MA2025RK4E639VJFZAGV", "wrong"),
    )
    assert stranger.status_code == 401
    assert len(emulator.callbacks) == 2
