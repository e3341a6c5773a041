"""The voipappz sandbox: no network, no credentials, the documented user actions."""

from __future__ import annotations

import json

import httpx
import pytest
from telephony_voipappz import VoipappzEmulator
from telephony_voipappz.emulator import (
    DOCUMENTED_EXTENSION,
    DOCUMENTED_USER,
    SANDBOX_BASE_URL,
    SECOND_EXTENSION,
    SECOND_USER,
)

import telephony_core as tel
from telephony_core.translate.provider import Scope

UNKNOWN_USER = "00000000-0000-4000-8000-000000000000"
UNKNOWN_EXTENSION = "00000000-0000-4000-8000-0000000000ee"
AUTHORIZATION = f"Bearer {VoipappzEmulator.credentials['token']}"


@pytest.fixture
def client() -> tel.Client:
    return tel.connect("voipappz", sandbox=True)


def test_sandbox_connects_to_a_host_that_never_resolves(
    client: tel.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert client.provider.base_url == SANDBOX_BASE_URL
    assert SANDBOX_BASE_URL.endswith(".invalid")
    monkeypatch.setenv("VOIPAPPZ_TOKEN", "real-token-from-env")
    monkeypatch.setenv("VOIPAPPZ_BASE_URL", "https://real.example")
    again = tel.connect("voipappz", sandbox=True)
    assert again.provider.base_url == SANDBOX_BASE_URL
    assert again.provider.setting("token") != "real-token-from-env"


def test_extension_and_state_round_trip(client: tel.Client) -> None:
    updated = client.agents.update(
        DOCUMENTED_USER, extension_id=DOCUMENTED_EXTENSION, state="on_break", state_reason="Lunch"
    )
    assert updated.extension_id == DOCUMENTED_EXTENSION
    assert (updated.state, updated.state_reason) == ("on_break", "Lunch")
    assert client.agents.get(DOCUMENTED_USER) == updated
    back = client.agents.update(DOCUMENTED_USER, state="available")
    assert (back.state, back.state_reason) == ("available", None)


def test_profile_update(client: tel.Client) -> None:
    user = client.agents.update(SECOND_USER, name="Samantha Lee", extra={"enabled": False})
    assert user.name == "Samantha Lee"
    assert user.extra == {"enabled": False}
    assert client.agents.get(SECOND_USER).name == "Samantha Lee"


def test_unknown_user_is_404(client: tel.Client) -> None:
    with pytest.raises(tel.NotFound):
        client.agents.get(UNKNOWN_USER)
    with pytest.raises(tel.NotFound):
        client.agents.update(UNKNOWN_USER, extension_id=DOCUMENTED_EXTENSION)


def test_unknown_extension_is_406_and_nothing_after_it_is_applied(client: tel.Client) -> None:
    with pytest.raises(tel.ValidationError) as info:
        client.agents.update(
            DOCUMENTED_USER, name="Changed", extension_id=UNKNOWN_EXTENSION, state="available"
        )
    assert info.value.status == 406
    assert "no such extension" in str(info.value)
    assert info.value.applied == ("name",)
    assert info.value.not_applied == ("extension_id", "state")
    user = client.agents.get(DOCUMENTED_USER)
    assert (user.name, user.extension_id, user.state) == ("Changed", None, "logged_out")


def test_bad_state_is_406(client: tel.Client) -> None:
    plan = client.provider.resources["agents"].plan_update(
        DOCUMENTED_USER, {"state": "asleep"}, Scope()
    )
    with pytest.raises(tel.ValidationError, match="type must be one of"):
        client._run(plan)


def test_create_and_list(client: tel.Client) -> None:
    created = client.agents.create(name="New Agent", email="new@example.com")
    assert (created.name, created.state, created.extension_id) == ("New Agent", "logged_out", None)
    assert [a.id for a in client.agents.list(page_size=1)] == [
        DOCUMENTED_USER,
        SECOND_USER,
        created.id,
    ]
    assert client.agents.get(created.id) == created


def test_list_continues_when_the_server_caps_per_page(client: tel.Client) -> None:
    for n in range(120):
        client.agents.create(name=f"Agent {n}", email=f"agent{n}@example.com")
    assert len(list(client.agents.list(page_size=500))) == 122  # pages of 100, X-Total 122


def test_create_needs_name_and_email_at_the_emulator_too(client: tel.Client) -> None:
    plan = client.provider.resources["agents"].plan_create({"name": "Only name"}, Scope())
    with pytest.raises(tel.ValidationError, match="email is required"):
        client._run(plan)


async def test_sandbox_async() -> None:
    async with tel.connect_async("voipappz", sandbox=True) as client:
        await client.agents.update(SECOND_USER, extension_id=DOCUMENTED_EXTENSION)
        assert (await client.agents.get(SECOND_USER)).extension_id == DOCUMENTED_EXTENSION
        assert len([a async for a in client.agents.list()]) == 2


def test_each_sandbox_client_has_its_own_state() -> None:
    tel.connect("voipappz", sandbox=True).agents.update(DOCUMENTED_USER, state="available")
    assert tel.connect("voipappz", sandbox=True).agents.get(DOCUMENTED_USER).state == "logged_out"


# The emulator's HTTP surface, directly.


def _patch(
    emulator: VoipappzEmulator, query: str = "", body: bytes = b"", **headers: str
) -> httpx.Response:
    return emulator.handle(
        httpx.Request(
            "PATCH",
            f"{SANDBOX_BASE_URL}/api/users/{DOCUMENTED_USER}{query}",
            headers={"Authorization": AUTHORIZATION, **headers},
            content=body,
        )
    )


def test_action_parameters_may_go_in_the_form_body() -> None:
    emulator = VoipappzEmulator()
    body = f"action=extension&extension_uuid={SECOND_EXTENSION}".encode()
    reply = _patch(emulator, body=body, **{"Content-Type": "application/x-www-form-urlencoded"})
    assert (reply.status_code, reply.json()) == (200, {})
    assert emulator.users[DOCUMENTED_USER]["extension_uuid"] == SECOND_EXTENSION


def test_a_json_body_is_not_acceptable() -> None:
    reply = _patch(
        VoipappzEmulator(),
        "?action=status",
        json.dumps({"type": "available"}).encode(),
        **{"Content-Type": "application/json"},
    )
    assert reply.status_code == 406
    assert reply.json()["id"] == "not_acceptable"


@pytest.mark.parametrize(
    "query", ["?action=teleport", "?action=extension", "?name=", "?colour=blue", ""]
)
def test_bad_patches_are_not_acceptable(query: str) -> None:
    reply = _patch(VoipappzEmulator(), query)
    assert reply.status_code == 406
    assert set(reply.json()) == {"id", "message"}


@pytest.mark.parametrize(
    ("authorization", "status"),
    [
        ("", 401),
        ("Bearer ", 401),
        ("Bearer wrong-token", 401),
        ("sandbox-token", 401),
        ("Bearer sandbox-token", 200),
        ("bearer sandbox-token", 200),
    ],
)
def test_authorization_is_checked(authorization: str, status: int) -> None:
    reply = VoipappzEmulator().handle(
        httpx.Request(
            "GET",
            f"{SANDBOX_BASE_URL}/api/users/{DOCUMENTED_USER}",
            headers={"Authorization": authorization},
        )
    )
    assert reply.status_code == status


def test_passwords_are_never_returned() -> None:
    emulator = VoipappzEmulator()
    _patch(
        emulator,
        body=b"password=S3cret-pass",
        **{"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert emulator.users[DOCUMENTED_USER]["password"] == "S3cret-pass"
    reply = emulator.handle(
        httpx.Request(
            "GET", f"{SANDBOX_BASE_URL}/api/users", headers={"Authorization": AUTHORIZATION}
        )
    )
    assert "S3cret-pass" not in reply.text
    assert reply.headers["X-Total"] == "2"
