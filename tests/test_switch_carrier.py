"""The "switch carrier" promise, shown: one neutral script, run unchanged on every sandbox.

The script only uses neutral names; the provider name is the only thing that changes.
"""

from __future__ import annotations

import pytest

import telephony_core as tel

PROVIDERS = ["vobiz", "sipbx", "twilio", "plivo", "telnyx"]
NEW_PASSWORD = "Rotated-Passw0rd!"


def rotate_password(client: tel.Client, password: str) -> tuple[tel.Device, tel.Device]:
    """Set a new SIP password on the first device, then read that device back."""
    device = next(iter(client.devices.list()))
    updated = client.devices.update(device.id, password=password)
    return updated, client.devices.get(device.id)


async def rotate_password_async(
    client: tel.AsyncClient, password: str
) -> tuple[tel.Device, tel.Device]:
    """The same script for the async client."""
    device = await anext(aiter(client.devices.list()))
    updated = await client.devices.update(device.id, password=password)
    return updated, await client.devices.get(device.id)


def check(updated: tel.Device, read_back: tel.Device) -> None:
    assert updated.id == read_back.id
    assert updated.password == tel.Secret(NEW_PASSWORD)
    # Vendors that report the password report the new one; the others report none.
    assert read_back.password in (None, tel.Secret(NEW_PASSWORD))


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_same_script_runs_on_every_sandbox(provider: str) -> None:
    with tel.connect(provider, sandbox=True) as client:
        check(*rotate_password(client, NEW_PASSWORD))


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_the_same_async_script_runs_on_every_sandbox(provider: str) -> None:
    async with tel.connect_async(provider, sandbox=True) as client:
        check(*await rotate_password_async(client, NEW_PASSWORD))


def test_the_password_really_changed_where_it_can_be_read() -> None:
    with tel.connect("sipbx", sandbox=True) as client:
        _, read_back = rotate_password(client, NEW_PASSWORD)
    assert read_back.password == tel.Secret(NEW_PASSWORD)
