"""The tolerant reader (DESIGN "Reading vendor replies"), for every built-in provider: a value
that does not convert leaves its field unset, is kept in `extra` under the vendor key and is
logged once per key; unknown keys go to `extra`, secret-named ones as `Secret`; the structure
is still checked."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

import telephony_core as tel
from tests.conftest import Scripted

SIPBX = {"server": "pbx.example.com", "token": "nsd_x"}
VOBIZ = {"auth_id": "MA_X", "auth_token": "t"}
VOIPAPPZ = {"base_url": "https://api.voipappz.io", "token": "tok"}
USER = "5d249180-a0e7-4ef0-8e50-95d822dca45d"


def sipbx_device(device: str, **changes: Any) -> dict[str, Any]:
    return {
        "device": device,
        "user": "1001",
        "domain": "example.com",
        "device-srtp-enabled": "no",
        "device-models-model": "Yealink T48S",
        "device-provisioning-mac-address": "805ec0123456",
        **changes,
    }


def warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        r for r in caplog.records if r.name == "telephony_core" and r.levelno == logging.WARNING
    ]


@pytest.mark.parametrize(
    ("key", "value"),
    [("device-provisioning-mac-address", "string"), ("device-srtp-enabled", "sometimes")],
)
def test_a_sipbx_listing_keeps_the_device_with_the_odd_value(
    scripted: Scripted, caplog: pytest.LogCaptureFixture, key: str, value: str
) -> None:
    """Acceptance: three devices listed, the middle one's odd value in its `extra`, one
    warning."""
    odd = sipbx_device("1001b", **{key: value})
    scripted.reply(200, [sipbx_device("1001a"), odd, sipbx_device("1001c")])
    client = tel.connect("sipbx", transport=scripted.transport, **SIPBX)
    devices = list(client.devices.list())
    assert [d.id for d in devices] == ["1001a", "1001b", "1001c"]
    assert devices[1].extra == {key: value}
    assert devices[0].extra == devices[2].extra == {}
    assert (
        devices[1].mac_address is None if key.endswith("mac-address") else devices[1].srtp is None
    )
    assert devices[1].model == "Yealink T48S"  # the rest of the device is read
    [warning] = warnings(caplog)
    message = warning.getMessage()
    assert key in message and repr(value) in message and "extra" in message


def test_the_same_quirk_on_every_item_is_reported_once(
    scripted: Scripted, caplog: pytest.LogCaptureFixture
) -> None:
    listing = [sipbx_device(f"10{i:02}a", **{"device-srtp-enabled": "maybe"}) for i in range(50)]
    scripted.reply(200, listing).reply(200, listing)
    client = tel.connect("sipbx", transport=scripted.transport, **SIPBX)
    assert len(list(client.devices.list())) == len(list(client.devices.list())) == 50
    assert len(warnings(caplog)) == 1


def _vobiz_page(key: str) -> Any:
    return lambda objects: {"meta": {key: len(objects), "next": None}, "objects": objects}


AGENTS = [USER.replace("5d", prefix) for prefix in ("1d", "2d", "3d")]


@pytest.mark.parametrize(
    ("provider", "settings", "resource", "page", "id_key", "ids", "odd"),
    [
        ("vobiz", VOBIZ, "devices", _vobiz_page("total_count"), "endpoint_id", ["1", "2", "3"],
         {"sip_registered": "maybe"}),
        ("vobiz", VOBIZ, "access_rules", _vobiz_page("total"), "id", ["r1", "r2", "r3"],
         {"enabled": "yes"}),
        ("vobiz", VOBIZ, "tenants", lambda objects: {"sub_accounts": objects, "total": 3},
         "auth_id", ["SA_1", "SA_2", "SA_3"], {"rate_limit": "750"}),
        ("voipappz", VOIPAPPZ, "agents", list, "uuid", AGENTS, {"status": "asleep"}),
        ("sipbx", SIPBX, "devices", list, "device", ["1001a", "1001b", "1001c"],
         {"device-sip-registration-state": "maybe"}),
    ],
)  # fmt: skip
def test_every_provider_lists_every_item_whatever_one_value(
    scripted: Scripted,
    caplog: pytest.LogCaptureFixture,
    provider: str,
    settings: dict[str, str],
    resource: str,
    page: Any,
    id_key: str,
    ids: list[str],
    odd: dict[str, object],
) -> None:
    objects = [{id_key: id} for id in ids]
    objects[1].update(odd)
    scripted.reply(200, page(objects))
    client = tel.connect(provider, transport=scripted.transport, **settings)
    items = list(getattr(client, resource).list())
    assert [item.id for item in items] == ids
    assert items[1].extra == odd
    assert len(warnings(caplog)) == 1


def test_unknown_secret_named_keys_are_kept_as_secrets(scripted: Scripted) -> None:
    reply = {
        "endpoint_id": "87654321",
        "sip_password": "pw-0123456789",
        "registration": {"auth_token": "tok-0123456789", "expires": 60, "token": 12345678},
        "secrets": [{"api_key": "key-0123456789"}],
        "allow_phones": True,
    }
    scripted.reply(200, reply)
    device = tel.connect("vobiz", transport=scripted.transport, **VOBIZ).devices.get("87654321")
    extra = device.extra
    assert extra["sip_password"] == tel.Secret("pw-0123456789")
    assert extra["registration"] == {
        "auth_token": tel.Secret("tok-0123456789"),
        "expires": 60,
        "token": tel.Secret("12345678"),
    }
    assert extra["secrets"] == [{"api_key": tel.Secret("key-0123456789")}]
    assert extra["allow_phones"] is True
    for text in (repr(device), str(device), repr(extra)):
        assert "0123456789" not in text and "12345678" not in text


def test_repeated_copies_of_a_secret_key_are_secrets(scripted: Scripted) -> None:
    body = (
        '{"auth_id": "SA_1", "name": "n", "auth_token": "tok-first-0123",'
        ' "auth_token": "tok-last-4567", "api_key": "k-1", "api_key": "k-2"}'
    )
    scripted.reply(200, raw=body.encode())
    tenant = tel.connect("vobiz", transport=scripted.transport, **VOBIZ).tenants.get("SA_1")
    assert tenant.auth_token == tel.Secret("tok-last-4567")  # the last value wins
    repeated = tenant.extra["repeated_keys"]
    assert repeated["auth_token"] == [tel.Secret("tok-first-0123"), tel.Secret("tok-last-4567")]
    assert tenant.extra["api_key"] == tel.Secret("k-2")
    assert repeated["api_key"] == [tel.Secret("k-1"), tel.Secret("k-2")]
    for text in (repr(tenant), json.dumps(tenant.extra, default=str)):
        assert "tok-" not in text and "k-1" not in text


def test_an_odd_secret_value_is_kept_secret_and_never_logged(
    scripted: Scripted, caplog: pytest.LogCaptureFixture
) -> None:
    scripted.reply(200, sipbx_device("1001a", **{"device-sip-registration-password": 98765432}))
    client = tel.connect("sipbx", transport=scripted.transport, **SIPBX)
    device = client.devices.get("1001a")
    assert device.password is None
    assert device.extra["device-sip-registration-password"] == tel.Secret("98765432")
    [warning] = warnings(caplog)
    assert "98765432" not in warning.getMessage() and "(a secret)" in warning.getMessage()
    assert "98765432" not in repr(device)


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b'{"sub_accounts": {}, "total": 1}',
        b'{"sub_accounts": [["SA_1"]], "total": 1}',
        b'{"sub_accounts": [{"name": "no id"}], "total": 1}',
    ],
)
def test_a_wrong_structure_is_still_a_provider_error(scripted: Scripted, body: bytes) -> None:
    scripted.reply(200, raw=body)
    with pytest.raises(tel.ProviderError, match="malformed"):
        list(tel.connect("vobiz", transport=scripted.transport, **VOBIZ).tenants.list())
