"""The documented Vobiz endpoint examples, replayed from cassettes through the real httpx
transport (record mode none; matched on method, scheme, host, path, query and body), and the
sandbox emulator checked against the same cassettes."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import yaml
from telephony_vobiz import VobizEmulator

import telephony_core as tel
from telephony_core.provider import Scope
from tests.conftest import CASSETTES

CASSETTE_PROVIDER = "vobiz"
ENDPOINT = "87654321"


@pytest.fixture
def client() -> tel.Client:
    # No transport=: requests go through httpx's real HTTP transport, which vcrpy replays.
    return tel.connect("vobiz", auth_id="MA_XXXXXX", auth_token="not-a-real-token")


@pytest.mark.vcr
def test_update_alias(client: tel.Client, vcr: Any) -> None:
    device = client.devices.update(ENDPOINT, name="John's Updated Desktop Phone")
    assert device.name == "John's Updated Desktop Phone"
    assert vcr.all_played


@pytest.mark.vcr
def test_update_password(client: tel.Client, vcr: Any) -> None:
    device = client.devices.update(ENDPOINT, password="NewSecurePassword456!")
    assert device.password is not None
    assert device.password.reveal() == "NewSecurePassword456!"
    assert vcr.all_played


@pytest.mark.vcr
def test_update_multiple_fields(client: tel.Client, vcr: Any) -> None:
    device = client.devices.update(
        ENDPOINT,
        name="John's Updated Desktop Phone",
        password="NewSecurePassword456!",
        application_id="98765432",
        allow_voice=True,
        allow_messaging=True,
        allow_video=True,
    )
    assert device.application_id == "98765432"
    assert device.allow_video is True
    assert vcr.all_played


@pytest.mark.vcr
def test_update_short_password_is_400(client: tel.Client, vcr: Any) -> None:
    # The client refuses a short password itself; to replay the vendor's own answer we run
    # the provider's plan directly, skipping the client-side check.
    plan = client.provider.resources["devices"].plan_update(
        ENDPOINT, {"password": tel.Secret("short")}, Scope()
    )
    with pytest.raises(tel.ValidationError) as info:
        client._run(plan)
    assert info.value.field_errors == {"password": "Password must be at least 8 characters"}
    assert info.value.status == 400
    assert vcr.all_played


@pytest.mark.vcr
async def test_update_unknown_endpoint_is_404(vcr: Any) -> None:
    async with tel.connect_async("vobiz", auth_id="MA_XXXXXX", auth_token="not-a-real-token") as c:
        with pytest.raises(tel.NotFound):
            await c.devices.update("00000000", name="Desk")
    assert vcr.all_played


def _interactions() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted((CASSETTES / CASSETTE_PROVIDER).glob("*.yaml")):
        for interaction in yaml.safe_load(path.read_text())["interactions"]:
            found.append((path.stem, interaction))
    return found


@pytest.mark.parametrize(
    ("name", "interaction"), _interactions(), ids=[n for n, _ in _interactions()]
)
def test_emulator_answers_each_cassette_as_documented(
    name: str, interaction: dict[str, Any]
) -> None:
    recorded_request, recorded = interaction["request"], interaction["response"]
    request = httpx.Request(
        recorded_request["method"],
        recorded_request["uri"],
        headers={k: v[0] for k, v in recorded_request["headers"].items()},
        content=(recorded_request["body"] or "").encode(),
    )
    reply = VobizEmulator().handle(request)
    assert reply.status_code == recorded["status"]["code"]
    body = recorded["body"]["string"]
    if body:
        assert json.loads(reply.content) == json.loads(body)
    else:
        assert reply.content == b""
