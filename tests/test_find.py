"""`find()`: looking a resource up by its natural key (DESIGN "Identity"), on the sandboxes."""

from __future__ import annotations

import pytest

import telephony_core as tel


def test_capabilities_name_the_natural_key() -> None:
    with tel.connect("vobiz", sandbox=True) as client:
        resources = client.capabilities.resources
        assert resources["devices"].natural_key == "username"
        assert resources["access_rules"].natural_key == "cidr"
        assert resources["tenants"].natural_key == "name"
    with tel.connect("sipbx", sandbox=True) as client:
        assert client.capabilities.resources["devices"].natural_key == "id"


def test_vobiz_find_by_username_cidr_and_name() -> None:
    with tel.connect("vobiz", sandbox=True) as client:
        device = client.devices.find("john_desk")
        assert device is not None and device.username == "john_desk"
        assert client.devices.find("nobody_here") is None
        rule = client.access_rules.find("192.168.1.0/24")
        assert rule is not None and rule.cidr == "192.168.1.0/24"
        tenant = client.tenants.find("Support Team")
        assert tenant is not None and tenant.name == "Support Team"
        assert client.tenants.find("No Such Team") is None


def test_find_normalises_the_key_and_validates_it() -> None:
    with tel.connect("vobiz", sandbox=True) as client:
        with pytest.raises(tel.ValidationError) as info:
            client.access_rules.find("300.1.1.1")
        assert "cidr" in info.value.field_errors


def test_sipbx_find_by_the_caller_chosen_id() -> None:
    with tel.connect("sipbx", sandbox=True) as client:
        device = client.devices.find("1001a")
        assert device is not None and device.id == "1001a"
        assert client.devices.find("1001q") is None
        with pytest.raises(tel.ValidationError):
            client.devices.find("../x")


async def test_find_async() -> None:
    async with tel.connect_async("vobiz", sandbox=True) as client:
        device = await client.devices.find("john_desk")
        assert device is not None and device.username == "john_desk"
        assert await client.devices.find("nobody_here") is None
