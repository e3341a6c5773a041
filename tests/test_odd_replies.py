"""Smaller things odd replies and odd input must not do: a create the vendor made but whose
reply cannot be read says the resource exists; lone surrogates never go out in a JSON body;
`RateLimited.retry_after` reads `Retry-After` as the retry loop does; an odd-value warning
stays short whatever the value."""

from __future__ import annotations

import json
import logging
import math

import httpx
import pytest

import telephony_core as tel
from tests.conftest import Scripted

VOBIZ = {"auth_id": "MA_ODD", "auth_token": "odd-token", "retries": 0}


def _vobiz(scripted: Scripted) -> tel.Client:
    return tel.connect("vobiz", transport=scripted.transport, **VOBIZ)


@pytest.mark.parametrize("token", [123, ["t"], {"value": "t"}, True])
def test_a_create_whose_reply_cannot_be_read_says_the_tenant_exists(
    scripted: Scripted, token: object
) -> None:
    scripted.reply(
        201,
        {
            "sub_account": {"name": "Sales", "is_active": True, "auth_token": token},
            "auth_credentials": {"auth_id": "SA_NEW", "auth_token": token},
        },
    )
    with pytest.raises(tel.ProviderError) as info:
        _vobiz(scripted).tenants.create(name="Sales")
    message = str(info.value)
    assert "was created" in message and "tenants.find('Sales')" in message, message
    assert info.value.status == 201


def test_any_create_whose_reply_cannot_be_read_says_the_resource_exists(
    scripted: Scripted,
) -> None:
    scripted.reply(201, {"username": "desk", "alias": "Desk"})  # no endpoint_id
    with pytest.raises(tel.ProviderError, match=r"was created.*devices.find\('desk'\)"):
        _vobiz(scripted).devices.create(username="desk", password="Passw0rd!", name="Desk")


@pytest.mark.parametrize(
    ("provider", "settings", "call"),
    [
        (
            "vobiz",
            {"auth_id": "MA_X", "auth_token": "t"},
            lambda c: c.devices.update("87654321", extra={}, name="Desk\udcff"),
        ),
        (
            "vobiz",
            {"auth_id": "MA_X", "auth_token": "t"},
            lambda c: c.tenants.create(name="Sales", extra={"password": "pw\ud800word"}),
        ),
        (
            "sipbx",
            {"server": "pbx.example.com", "token": "nsd_x"},
            lambda c: c.devices.update("1001a", password="pa\udcffss-word"),
        ),
        (
            "sipbx",
            {"server": "pbx.example.com", "token": "nsd_x"},
            lambda c: c.devices.create(id="1001z", extra={"device-provisioning-sip": "a\ud83db"}),
        ),
    ],
)
def test_lone_surrogates_are_refused_before_a_json_body_is_sent(
    scripted: Scripted, provider: str, settings: dict[str, str], call: object
) -> None:
    client = tel.connect(provider, transport=scripted.transport, **settings)
    with pytest.raises(tel.ValidationError, match="valid Unicode"):
        call(client)  # type: ignore[operator]
    assert scripted.requests == []


def test_characters_outside_the_bmp_are_sent() -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"endpoint_id": "87654321", "alias": "Desk \U0001f600"})

    client = tel.connect("vobiz", transport=httpx.MockTransport(answer), **VOBIZ)
    client.devices.update("87654321", name="Desk \U0001f600")
    assert json.loads(sent[0].content)["alias"] == "Desk \U0001f600"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("1e400", None),
        ("inf", None),
        ("-5", None),
        ("nan", None),
        ("30", 30.0),
        ("99999999999999999999", 86_400.0),
        ("Sun, 06 Nov 1994 08:49:57 GMT", 20.0),  # 20 s after the reply's Date
    ],
)
def test_rate_limited_retry_after_is_read_as_the_retry_loop_reads_it(
    scripted: Scripted, header: str, expected: float | None
) -> None:
    scripted.reply(
        429,
        {"error": "slow down"},
        **{"Retry-After": header, "Date": "Sun, 06 Nov 1994 08:49:37 GMT"},
    )
    with pytest.raises(tel.RateLimited) as info:
        _vobiz(scripted).devices.get("87654321")
    retry_after = info.value.retry_after
    assert retry_after is None or math.isfinite(retry_after)
    assert retry_after == expected


@pytest.mark.parametrize("key", ["device-provisioning-mac-address", "device-srtp-enabled"])
def test_an_odd_value_warning_stays_short(
    scripted: Scripted, caplog: pytest.LogCaptureFixture, key: str
) -> None:
    huge = "x" * 5_000_000
    scripted.reply(200, [{"device": "1001a", "user": "1001", "domain": "example.com", key: huge}])
    client = tel.connect(
        "sipbx", transport=scripted.transport, server="pbx.example.com", token="nsd_x"
    )
    with caplog.at_level(logging.WARNING, logger="telephony_core"):
        [device] = list(client.devices.list())
    assert device.extra[key] == huge  # kept whole in extra
    [record] = [r for r in caplog.records if r.name == "telephony_core"]
    assert len(record.getMessage()) < 600, len(record.getMessage())


def test_an_odd_value_warning_never_quotes_a_whole_value_in_its_reason(
    scripted: Scripted, caplog: pytest.LogCaptureFixture
) -> None:
    """A cidr's reason quotes the value it refused: the warning cuts it too."""
    huge = "10.0.0.1/" + "9" * 5_000_000
    rule = {"id": "1", "description": "Office", "ip_address": huge, "enabled": True}
    scripted.reply(200, {"objects": [rule], "meta": {"total_count": 1, "next": None}})
    with caplog.at_level(logging.WARNING, logger="telephony_core"):
        [read] = list(_vobiz(scripted).access_rules.list())
    assert read.extra["ip_address"] == huge
    [record] = [r for r in caplog.records if r.name == "telephony_core"]
    assert len(record.getMessage()) < 600, len(record.getMessage())
