"""SiPbx phone number calls replayed from cassettes (cassettes/sipbx/test_*number*.yaml)
through httpx's real HTTP stack; every cassette checked for secrets, against the vendor's
OpenAPI, and the emulator checked against them.

The calls are the NetSapiens reference's examples: adding a number the reseller gave the
domain as an available number described "Test Number", the 409 "Phone number already
exists", a count, and the use case "For Marketing to Queue" (a number sent to a call queue,
renamed: the queue's destination user `3000` is sent again), besides routing a number to a
user and to a connection. They were recorded through the plugin-author kit from the SiPbx
emulator served by `telephony sandbox serve`, each test on a freshly reset sandbox (the kit's
`telephony_fresh_sandbox` fixture), with the sandbox's token (`GET /` of the server):

    telephony sandbox serve --port 18715 &
    SIPBX_BASE_URL=http://127.0.0.1:18715/sipbx/ns-api/v2 \\
    SIPBX_TOKEN=nsd_sandbox0000000000000000000000000000000000000000000000000 \\
        pytest --telephony-record -m vcr tests/test_sipbx_number_cassettes.py
    kill %1
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from telephony_sipbx import SipbxProvider
from telephony_sipbx.emulator import SANDBOX_TOKEN

import telephony_core as tel
from telephony_core.testing.cassettes import cassette_leaks, emulator_mismatches, interactions
from tests import test_sipbx_cassettes as device_cassettes
from tests.conftest import CASSETTES, cassette_tests
from tests.sipbx_openapi import require_numbers_spec

pytestmark = [
    pytest.mark.telephony_provider("sipbx"),
    # While recording from the served sandbox: each test on a freshly reset one.
    pytest.mark.usefixtures("telephony_fresh_sandbox"),
]
RECORDED_AT = "http://127.0.0.1:18715/sipbx/ns-api/v2"
#: Where the OpenAPI description's server is: the recorded paths are checked under it.
SPEC_ROOT = "https://pbx.example.com/ns-api/v2"


@pytest.fixture
def telephony_settings() -> dict[str, str]:
    """What the kit's `telephony_client` replays with (the token is masked on file)."""
    return {"token": "nsd_not-the-recorded-token", "base_url": RECORDED_AT}


@pytest.mark.vcr
def test_list_numbers(telephony_client: tel.Client) -> None:
    numbers = {n.number: n for n in telephony_client.numbers.list()}
    assert list(numbers) == ["+14155550100", "+14155550101", "+14155550102", "+18005550100"]
    assert numbers["+14155550100"].user_id == "1001"
    assert numbers["+14155550101"].trunk_id == "carrier-a"
    assert numbers["+14155550102"].extra["dial-rule-application"] == "to-callqueue"


@pytest.mark.vcr
def test_count_numbers(telephony_client: tel.Client) -> None:
    assert telephony_client.numbers.count(tenant="example.com") == 4


@pytest.mark.vcr
def test_get_number_routed_to_a_user(telephony_client: tel.Client) -> None:
    number = telephony_client.numbers.get("14155550100")
    assert (number.number, number.tenant, number.name, number.user_id) == (
        "+14155550100",
        "example.com",
        "Main line",
        "1001",
    )


@pytest.mark.vcr
def test_add_a_number_the_reseller_gave_the_domain(telephony_client: tel.Client) -> None:
    added = telephony_client.numbers.create(number="+18005551234", name="Test Number")
    assert (added.id, added.user_id, added.trunk_id) == ("18005551234", None, None)
    read = telephony_client.numbers.get(added.id)
    assert (read.name, read.extra["dial-rule-application"]) == ("Test Number", "available-number")


@pytest.mark.vcr
def test_add_a_number_the_domain_has_is_409(telephony_client: tel.Client) -> None:
    with pytest.raises(tel.Conflict, match="Phone number already exists"):
        telephony_client.numbers.create(number="+14155550100")


@pytest.mark.vcr
def test_route_a_number_to_a_user(telephony_client: tel.Client) -> None:
    telephony_client.numbers.update("18005550100", tenant="example.com", user_id="1002")
    assert telephony_client.numbers.get("18005550100").user_id == "1002"


@pytest.mark.vcr
def test_route_a_number_to_a_connection(telephony_client: tel.Client) -> None:
    telephony_client.numbers.update("14155550100", trunk_id="carrier-b")
    read = telephony_client.numbers.get("14155550100")
    assert (read.trunk_id, read.user_id) == ("carrier-b", None)


@pytest.mark.vcr
def test_rename_a_number_sent_to_a_queue(telephony_client: tel.Client) -> None:
    renamed = telephony_client.numbers.update("14155550102", name="For Marketing to Queue")
    assert renamed.extra["dial-rule-translation-destination-user"] == "3000"
    read = telephony_client.numbers.get("14155550102")
    assert (read.name, read.extra["dial-rule-application"]) == (
        "For Marketing to Queue",
        "to-callqueue",
    )


@pytest.mark.vcr
def test_remove_a_number_then_it_is_404(telephony_client: tel.Client) -> None:
    telephony_client.numbers.delete("18005550100")
    with pytest.raises(tel.NotFound, match="Record not found"):
        telephony_client.numbers.get("18005550100")


@pytest.mark.vcr
async def test_numbers_of_another_domain_are_403(telephony_async_client: tel.AsyncClient) -> None:
    async with telephony_async_client as client:
        with pytest.raises(tel.PermissionDenied, match="other.example.com"):
            await client.numbers.get("14155550100", tenant="other.example.com")


FILES = [CASSETTES / "sipbx" / f"{name}.yaml" for name in cassette_tests(globals())]


def test_every_cassette_has_its_replay_test() -> None:
    """Each SiPbx cassette is replayed by this module or by the device cassettes' one."""
    on_file = {path.stem for path in (CASSETTES / "sipbx").glob("*.yaml")}
    replayed = set(cassette_tests(globals())) | set(cassette_tests(vars(device_cassettes)))
    assert on_file == replayed
    assert all(path.is_file() for path in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_no_secret_is_on_file(path: Path) -> None:
    assert cassette_leaks(path, SipbxProvider, secrets=[SANDBOX_TOKEN]) == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_emulator_answers_each_cassette_as_recorded(path: Path) -> None:
    assert emulator_mismatches(path, "sipbx", base_url=RECORDED_AT) == []


def _exchange(interaction: dict[str, Any]) -> tuple[httpx.Request, httpx.Response]:
    """A recorded exchange, its URL moved under the OpenAPI server."""
    recorded, reply = interaction["request"], interaction["response"]
    headers = {k: v[0] for k, v in recorded["headers"].items() if k.lower() != "host"}
    headers["authorization"] = f"Bearer {SANDBOX_TOKEN}"  # masked on file
    request = httpx.Request(
        recorded["method"],
        SPEC_ROOT + recorded["uri"].removeprefix(RECORDED_AT),
        headers=headers,
        content=(recorded["body"] or "").encode(),
    )
    response = httpx.Response(
        reply["status"]["code"],
        headers={k: v[0] for k, v in reply["headers"].items()},
        content=reply["body"]["string"].encode(),
    )
    return request, response


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_cassette_validates_against_the_openapi(path: Path) -> None:
    spec = require_numbers_spec()
    for interaction in interactions(path):
        request, response = _exchange(interaction)
        spec.check_request(request)
        spec.check_response(request, response)
