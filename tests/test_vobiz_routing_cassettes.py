"""Vobiz applications and numbers replayed from cassettes (cassettes/vobiz/routing/) through
httpx's real HTTP stack; every cassette checked for secrets, and the emulator checked against
them.

The calls are the documented examples (docs.vobiz.ai: Create / Retrieve / Update an
Application, Attach Number to Application, List Account Phone Numbers, List Inventory
Numbers, Purchase from Inventory, Release a Phone Number) and this issue's acceptance script.
They were recorded through the plugin-author kit from the Vobiz emulator served by
`telephony sandbox serve`, each test on a freshly reset sandbox (`telephony_fresh_sandbox`):

    telephony sandbox serve --port 18716 &
    VOBIZ_BASE_URL=http://127.0.0.1:18716/vobiz VOBIZ_AUTH_ID=MA_SANDBOX \\
    VOBIZ_AUTH_TOKEN=sandbox-token \\
        pytest --telephony-record -m vcr tests/test_vobiz_routing_cassettes.py
    kill %1
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from telephony_vobiz import VobizProvider

import telephony_core as tel
from telephony_core.testing.cassettes import cassette_leaks, emulator_mismatches
from tests.conftest import CASSETTES, cassette_tests

pytestmark = [
    pytest.mark.telephony_provider("vobiz"),
    pytest.mark.usefixtures("telephony_fresh_sandbox"),
]
RECORDED_AT = "http://127.0.0.1:18716/vobiz"
FOLDER = CASSETTES / "vobiz" / "routing"
FILES = sorted(FOLDER.glob("*.yaml"))
#: A per-request id and the times the sandbox's clock stamped: not compared with a replay's.
VARYING = ("api_id", "created_at", "updated_at", "purchased_at", "last_billing_date")
TRUNK = "e3e55a78-1234-5678-90ab-cdef12345678"


@pytest.fixture
def vcr_cassette_dir() -> str:
    return str(FOLDER)


@pytest.fixture
def telephony_settings() -> dict[str, str]:
    """What the kit's `telephony_client` replays with (the token is masked on file)."""
    return {
        "auth_id": "MA_SANDBOX",
        "auth_token": "not-the-recorded-token",
        "base_url": RECORDED_AT,
    }


@pytest.mark.vcr
def test_create_and_retrieve_an_application(telephony_client: tel.Client) -> None:
    app = telephony_client.applications.create(
        name="My Voice Application", answer_url="https://example.com/answer", answer_method="POST"
    )
    read = telephony_client.applications.get(app.id)
    assert (read.name, read.answer_method, read.hangup_url) == (
        "My Voice Application",
        tel.HttpMethod.POST,
        "https://example.com/answer",  # hangup_url defaults to the answer_url
    )


@pytest.mark.vcr
def test_update_an_application(telephony_client: tel.Client) -> None:
    app = telephony_client.applications.update(
        "12345678", name="Updated Application Name", default_for_numbers=True
    )
    assert (app.name, app.default_for_numbers) == ("Updated Application Name", True)
    assert telephony_client.applications.get("12345678").name == "Updated Application Name"


@pytest.mark.vcr
def test_list_and_find_applications(telephony_client: tel.Client) -> None:
    names = [app.name for app in telephony_client.applications.list(page_size=1)]
    assert names == ["Customer Service App", "Sales App"]
    found = telephony_client.applications.find("Sales App")
    assert found is not None and found.id == "12345678"


@pytest.mark.vcr
def test_delete_an_application_numbers_are_attached_to_is_a_conflict(
    telephony_client: tel.Client,
) -> None:
    with pytest.raises(tel.Conflict, match="detach them first"):
        telephony_client.applications.delete("12345678")
    telephony_client.applications.delete("98765432")
    with pytest.raises(tel.NotFound, match="Application not found"):
        telephony_client.applications.get("98765432")


@pytest.mark.vcr
def test_list_account_phone_numbers(telephony_client: tel.Client) -> None:
    numbers = list(telephony_client.numbers.list(page_size=1))
    assert [(n.id, n.application_id, n.trunk_id) for n in numbers] == [
        ("+918071387149", "12345678", None),
        ("+912271263984", None, TRUNK),
    ]
    assert numbers[0].country == "IN" and numbers[0].capabilities == frozenset({"voice"})


@pytest.mark.vcr
def test_route_a_number_to_main_ivr(telephony_client: tel.Client) -> None:
    """Acceptance: create "Main IVR", find the number, attach it, read it back."""
    app = telephony_client.applications.create(
        name="Main IVR", answer_url="https://example.com/ivr"
    )
    number = telephony_client.numbers.find("+912271263984")
    assert number is not None
    routed = telephony_client.numbers.update(number.id, application_id=app.id)
    assert (routed.application_id, routed.trunk_id) == (app.id, None)  # the trunk let go
    read = telephony_client.numbers.get(number.id)
    assert (read.application_id, read.trunk_id) == (app.id, None)


@pytest.mark.vcr
def test_detach_a_number(telephony_client: tel.Client) -> None:
    telephony_client.numbers.update("+918071387149", application_id=None)
    assert telephony_client.numbers.get("+918071387149").application_id is None


@pytest.mark.vcr
def test_search_the_inventory(telephony_client: tel.Client) -> None:
    offers = list(telephony_client.numbers.search(country="IN", contains="80", limit=2))
    assert [offer.number[:5] for offer in offers] == ["+9180", "+9180"]
    assert offers[0].monthly_cost == "500" and offers[0].extra["currency"] == "INR"


@pytest.mark.vcr
def test_purchase_from_inventory_then_release(telephony_client: tel.Client) -> None:
    bought = telephony_client.numbers.create(number="+919876543210")
    assert (bought.id, bought.country) == ("+919876543210", "IN")
    assert telephony_client.numbers.find("+919876543210") is not None
    telephony_client.numbers.delete("+919876543210")
    assert telephony_client.numbers.find("+919876543210") is None


@pytest.mark.vcr
def test_release_a_number_the_account_does_not_own(telephony_client: tel.Client) -> None:
    with pytest.raises(tel.NotFound, match="does not own"):
        telephony_client.numbers.delete("+14155550100")


def test_there_are_cassettes() -> None:
    assert [path.stem for path in FILES] == cassette_tests(globals())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_cassette_holds_no_secret(path: Path) -> None:
    assert cassette_leaks(path, VobizProvider, secrets=["sandbox-token"]) == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_emulator_answers_as_recorded(path: Path) -> None:
    assert emulator_mismatches(path, "vobiz", base_url=RECORDED_AT, ignore_keys=VARYING) == []


def test_the_number_paths_carry_the_plus_as_percent_2b() -> None:
    uris = [
        interaction["request"]["uri"]
        for path in FILES
        for interaction in yaml.safe_load(path.read_text())["interactions"]
    ]
    routed = [uri for uri in uris if "/numbers/%2B" in uri]
    assert routed and not [uri for uri in uris if "/numbers/+" in uri]
