"""SiPbx device calls replayed from cassettes through the real httpx transport (record mode
none; matched on method, scheme, host, path, query and body); the sandbox emulator and the
vendor's OpenAPI are checked against the same cassettes."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import yaml
from telephony_sipbx import SipbxEmulator
from telephony_sipbx.emulator import SANDBOX_TOKEN

import telephony_core as tel
from tests.conftest import CASSETTES, cassette_tests
from tests.sipbx_openapi import require_spec

pytestmark = pytest.mark.telephony_provider("sipbx")
REDACTED = "<redacted>"


@pytest.fixture
def telephony_settings() -> dict[str, str]:
    """The settings the kit's `telephony_client` replays these cassettes with."""
    return {"server": "pbx.example.com", "token": "nsd_x"}


@pytest.fixture
def client(telephony_client: tel.Client) -> tel.Client:
    # Through httpx's real HTTP transport, which vcrpy replays.
    return telephony_client


@pytest.mark.vcr
def test_update_documented_example(client: tel.Client, vcr: Any) -> None:
    device = client.devices.update(
        "1001a",
        owner="1001",
        tenant="example.com",
        srtp="required",
        transport="tls",
        recording="transcribed",
        registration_expiry_s=300,
    )
    assert (device.srtp, device.transport) == (tel.SrtpMode.REQUIRED, tel.Transport.TLS)
    assert vcr.all_played


@pytest.mark.vcr
def test_update_password(client: tel.Client, vcr: Any) -> None:
    device = client.devices.update("1001a", password="N3w-Device-Pass")
    assert device.password == tel.Secret("N3w-Device-Pass")
    assert vcr.all_played


@pytest.mark.vcr
def test_update_unknown_device_is_404(client: tel.Client, vcr: Any) -> None:
    with pytest.raises(tel.NotFound, match="Record not found"):
        client.devices.update("1001x", tenant="example.com", owner="1001", srtp="off")
    assert vcr.all_played


@pytest.mark.vcr
async def test_update_other_domain_is_403(
    telephony_async_client: tel.AsyncClient, vcr: Any
) -> None:
    async with telephony_async_client as client:
        with pytest.raises(tel.PermissionDenied, match="other.example.com"):
            await client.devices.update(
                "2001a", tenant="other.example.com", owner="2001", srtp="off"
            )
    assert vcr.all_played


@pytest.mark.vcr
def test_get_device(client: tel.Client, vcr: Any) -> None:
    device = client.devices.get("1001a")
    assert (device.id, device.tenant, device.owner) == ("1001a", "example.com", "1001")
    assert device.registered is True
    assert device.mac_address == "80:5e:c0:12:34:56"
    assert device.extra["device-sip-registration-user-agent"] == "Yealink T48 2.3.232"
    assert vcr.all_played


@pytest.mark.vcr
def test_list_devices(client: tel.Client, vcr: Any) -> None:
    assert [d.id for d in client.devices.list(tenant="example.com", owner="1002")] == ["1002a"]
    assert vcr.all_played


@pytest.mark.vcr
def test_count_devices(client: tel.Client, vcr: Any) -> None:
    assert client.devices.count() == 2
    assert vcr.all_played


@pytest.mark.vcr
def test_create_device_synchronously(client: tel.Client, vcr: Any) -> None:
    device = client.devices.create(
        id="1001c",
        password="Soft-Phone-1001c",
        srtp="opportunistic",
        mac_address="80:5E:C0:AB:CD:EF",
        model="Yealink T48S",
        extra={"device-push-enabled": "no"},
    )
    assert (device.id, device.owner, device.registered) == ("1001c", "1001", False)
    assert device.mac_address == "80:5e:c0:ab:cd:ef"
    assert vcr.all_played


@pytest.mark.vcr
def test_delete_device(client: tel.Client, vcr: Any) -> None:
    assert client.devices.delete("1001b") is None
    assert vcr.all_played


def _cassettes() -> list[tuple[str, list[dict[str, Any]]]]:
    """The device cassettes: those of this module's tests (the numbers' are replayed by
    tests/test_sipbx_number_cassettes.py)."""
    return [
        (name, yaml.safe_load((CASSETTES / "sipbx" / f"{name}.yaml").read_text())["interactions"])
        for name in cassette_tests(globals())
    ]


def _request(recorded: dict[str, Any]) -> httpx.Request:
    """The recorded request, with the sandbox token where the real one was redacted."""
    headers = {k: v[0] for k, v in recorded["headers"].items()}
    if headers.get("Authorization") == REDACTED:
        headers["Authorization"] = f"Bearer {SANDBOX_TOKEN}"
    return httpx.Request(
        recorded["method"],
        recorded["uri"],
        headers=headers,
        content=(recorded["body"] or "").encode(),
    )


def _matches(recorded: Any, actual: Any) -> bool:
    """Equal, where a redacted value in the cassette stands for any value."""
    if recorded == REDACTED:
        return True
    if isinstance(recorded, dict) and isinstance(actual, dict):
        return recorded.keys() == actual.keys() and all(
            _matches(recorded[k], actual[k]) for k in recorded
        )
    if isinstance(recorded, list) and isinstance(actual, list):
        return len(recorded) == len(actual) and all(map(_matches, recorded, actual))
    return bool(recorded == actual)


def test_every_device_test_has_its_cassette() -> None:
    assert len(_cassettes()) == 9


@pytest.mark.parametrize(("name", "interactions"), _cassettes(), ids=[n for n, _ in _cassettes()])
def test_emulator_answers_each_cassette_as_recorded(
    name: str, interactions: list[dict[str, Any]]
) -> None:
    emulator = SipbxEmulator()
    for interaction in interactions:
        recorded = interaction["response"]
        reply = emulator.handle(_request(interaction["request"]))
        reply.read()
        assert reply.status_code == recorded["status"]["code"]
        assert _matches(json.loads(recorded["body"]["string"]), reply.json())


@pytest.mark.parametrize(("name", "interactions"), _cassettes(), ids=[n for n, _ in _cassettes()])
def test_each_cassette_validates_against_the_openapi(
    name: str, interactions: list[dict[str, Any]]
) -> None:
    spec = require_spec()
    for interaction in interactions:
        request = _request(interaction["request"])
        recorded = interaction["response"]
        response = httpx.Response(
            recorded["status"]["code"],
            headers={k: v[0] for k, v in recorded["headers"].items()},
            content=recorded["body"]["string"].encode(),
        )
        spec.check_request(request)
        spec.check_response(request, response)


def test_the_redaction_wildcard_is_strict_elsewhere() -> None:
    assert _matches({"a": REDACTED, "b": [1]}, {"a": "anything", "b": [1]})
    assert not _matches({"a": 1}, {"a": 2})
    assert not _matches({"a": 1}, {"a": 1, "b": 2})
    assert not _matches([1, 2], [1])
