"""Example Phones on its sandbox (the kit's `telephony_sandbox` fixtures), and installed."""

import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from telephony_example import ExampleEmulator

import telephony_core as tel


def test_update_then_read_back(telephony_sandbox: tel.Client) -> None:
    telephony_sandbox.devices.update("ph_1001", name="Lobby", transport="tcp", auto_answer=True)
    phone = telephony_sandbox.devices.get("ph_1001")
    assert (phone.name, phone.transport, phone.auto_answer) == ("Lobby", tel.Transport.TCP, True)


def test_the_password_is_sent_and_never_shown(
    telephony_sandbox: tel.Client, telephony_emulator: ExampleEmulator
) -> None:
    updated = telephony_sandbox.devices.update("ph_1001", password="Fresh-Passw0rd")
    assert updated.password == tel.Secret("Fresh-Passw0rd")
    assert telephony_emulator.phones["ph_1001"]["sip_password"] == "Fresh-Passw0rd"
    assert telephony_sandbox.devices.get("ph_1001").password is None


async def test_the_async_client(telephony_async_sandbox: tel.AsyncClient) -> None:
    async with telephony_async_sandbox as client:
        phones = [phone.id async for phone in client.devices.list(page_size=1)]
    assert phones == ["ph_1001", "ph_1002"]


def test_vendor_rules_are_checked_before_sending(telephony_sandbox: tel.Client) -> None:
    with pytest.raises(tel.ValidationError) as info:
        telephony_sandbox.devices.update("ph_1001", name="x" * 65, password="short")
    assert info.value.field_errors == {
        "name": "must be 1 to 64 characters at example",
        "password": "must be at least 10 characters",
    }


def test_the_emulator_refuses_what_the_vendor_refuses(telephony_emulator: ExampleEmulator) -> None:
    """A request no client would send (it checks first) still gets the vendor's answer."""
    reply = telephony_emulator.handle(
        httpx.Request(
            "PATCH",
            "https://api.example.net/v1/phones/ph_1001",
            headers={"Authorization": "Bearer ek_sandbox"},
            json={"label": "x" * 65},
        )
    )
    assert reply.status_code == 422
    assert reply.json()["error"]["details"] == {"label": "invalid value"}


def test_telephony_providers_lists_the_plugin() -> None:
    telephony = shutil.which("telephony", path=str(Path(sys.executable).parent)) or "telephony"
    listing = subprocess.run(
        [telephony, "providers"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert (
        "example\n  devices: get, list, create, update, delete\n"
        "    create: auto_answer, name, password, transport, username\n"
        "    update: auto_answer, name, password, transport\n"
    ) in listing


def test_create_then_delete(
    telephony_sandbox: tel.Client, telephony_emulator: ExampleEmulator
) -> None:
    phone = telephony_sandbox.devices.create(
        name="Lobby", username="lobby", password="Lobby-Passw0rd"
    )
    assert (phone.id, phone.name, phone.username, phone.transport, phone.registered) == (
        "ph_1003",
        "Lobby",
        "lobby",
        tel.Transport.UDP,
        False,
    )
    assert telephony_emulator.phones["ph_1003"]["sip_password"] == "Lobby-Passw0rd"
    telephony_sandbox.devices.delete("ph_1003")
    with pytest.raises(tel.NotFound, match="No phone ph_1003"):
        telephony_sandbox.devices.get("ph_1003")


def test_create_needs_a_name_a_username_and_a_password(telephony_sandbox: tel.Client) -> None:
    with pytest.raises(tel.ValidationError) as info:
        telephony_sandbox.devices.create(transport="tls")
    assert info.value.field_errors == {
        "name": "is required to create one at example",
        "username": "is required to create one at example",
        "password": "is required to create one at example",
    }


def test_a_username_is_chosen_once(telephony_sandbox: tel.Client) -> None:
    with pytest.raises(tel.Conflict, match="The SIP username reception is taken"):
        telephony_sandbox.devices.create(
            name="Lobby", username="reception", password="Lobby-Passw0rd"
        )
    with pytest.raises(tel.UnsupportedField, match=r"cannot set devices\.username on update"):
        telephony_sandbox.devices.update("ph_1001", username="front")


def test_a_scope_it_does_not_have_is_refused(telephony_sandbox: tel.Client) -> None:
    with pytest.raises(TypeError, match="example devices calls take no tenant= argument"):
        telephony_sandbox.devices.get("ph_1001", tenant="someone")
    with pytest.raises(TypeError, match="example devices calls take no owner= argument"):
        telephony_sandbox.devices.update("ph_1001", owner="someone", name="Lobby")
