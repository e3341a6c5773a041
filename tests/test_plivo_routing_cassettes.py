"""Plivo applications and numbers replayed from cassettes (cassettes/plivo/routing/) through
httpx's real HTTP stack; every cassette checked for secrets, and the emulator checked against
them.

The calls are the API reference's examples (Create / Modify an Application, Update an
account phone number with the alias `Updated Alias`, Search Phone Numbers with `country_iso`
`GB`-style filters, Buy a Phone Number, with a German number coming back `pending`) and this
issue's acceptance script. Recorded through the plugin-author kit from the Plivo emulator
served by `telephony sandbox serve`, each test on a freshly reset sandbox:

    telephony sandbox serve --port 18716 &
    PLIVO_BASE_URL=http://127.0.0.1:18716/plivo PLIVO_AUTH_ID=MA2025RK4E639VJFZAGV \\
    PLIVO_AUTH_TOKEN=sandbox-auth-token \\
        pytest --telephony-record -m vcr tests/test_plivo_routing_cassettes.py
    kill %1
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from telephony_plivo import PlivoProvider
from telephony_plivo.emulator_base import MAIN_ACCOUNT, SANDBOX_TOKEN

import telephony_core as tel
from telephony_core.testing.cassettes import cassette_leaks, emulator_mismatches
from tests.conftest import CASSETTES, cassette_tests

pytestmark = [
    pytest.mark.telephony_provider("plivo"),
    pytest.mark.usefixtures("telephony_fresh_sandbox"),
]
RECORDED_AT = "http://127.0.0.1:18716/plivo"
FOLDER = CASSETTES / "plivo" / "routing"
FILES = sorted(FOLDER.glob("*.yaml"))
#: A per-request id and the day the sandbox's clock stamped: not compared with a replay's.
VARYING = ("api_id", "added_on")
TRUNK = "17248282830499840"


@pytest.fixture
def vcr_cassette_dir() -> str:
    return str(FOLDER)


@pytest.fixture
def telephony_settings() -> dict[str, str]:
    return {
        "auth_id": MAIN_ACCOUNT,
        "auth_token": "not-the-recorded-token",
        "base_url": RECORDED_AT,
    }


@pytest.mark.vcr
def test_create_an_application(telephony_client: tel.Client) -> None:
    app = telephony_client.applications.create(
        name="Main IVR",
        answer_url="https://example.com/answer",
        hangup_url="https://example.com/hangup",
    )
    assert app.id == "20468599130939380"
    found = telephony_client.applications.find("Main IVR")  # the app_name filter
    assert found is not None and found.hangup_url == "https://example.com/hangup"


@pytest.mark.vcr
def test_modify_an_application(telephony_client: tel.Client) -> None:
    telephony_client.applications.update(
        "37961981447734951", answer_url="https://updated.answer.url"
    )
    assert (
        telephony_client.applications.get("37961981447734951").answer_url
        == "https://updated.answer.url"
    )


@pytest.mark.vcr
def test_list_and_delete_applications(telephony_client: tel.Client) -> None:
    ids = [app.id for app in telephony_client.applications.list(page_size=2)]
    assert ids == ["33406267401237901", "37961981447734951", "77494029089751836"]
    telephony_client.applications.delete("77494029089751836")
    with pytest.raises(tel.NotFound):
        telephony_client.applications.get("77494029089751836")


@pytest.mark.vcr
def test_route_a_number_to_main_ivr(telephony_client: tel.Client) -> None:
    """Acceptance: create "Main IVR", find the number, route it, read it back."""
    app = telephony_client.applications.create(
        name="Main IVR", answer_url="https://example.com/ivr"
    )
    number = telephony_client.numbers.find("+17609915566")
    assert number is not None and number.id == "17609915566"
    telephony_client.numbers.update(number.id, application_id=app.id)
    assert telephony_client.numbers.get(number.id).application_id == app.id


@pytest.mark.vcr
def test_update_alias_keeps_the_routing(telephony_client: tel.Client) -> None:
    """Without app_id Plivo would route the number to the default app: it is sent again."""
    number = telephony_client.numbers.update("14153661106", name="Updated Alias")
    assert (number.name, number.trunk_id) == ("Updated Alias", TRUNK)
    assert telephony_client.numbers.get("14153661106").trunk_id == TRUNK


@pytest.mark.vcr
def test_route_a_number_to_a_zentrunk_trunk(telephony_client: tel.Client) -> None:
    telephony_client.numbers.update("17609915566", trunk_id=TRUNK)
    read = telephony_client.numbers.get("17609915566")
    assert (read.application_id, read.trunk_id) == (None, TRUNK)
    assert read.extra["object_type"] == "trunk"


@pytest.mark.vcr
def test_search_and_buy_a_phone_number(telephony_client: tel.Client) -> None:
    offers = list(telephony_client.numbers.search(country="US", area_code="415", limit=25))
    assert len(offers) == 25 and all(offer.number.startswith("+1415") for offer in offers)
    assert offers[0].number_type is tel.NumberType.LOCAL and offers[0].monthly_cost == "0.80000"
    bought = telephony_client.numbers.create(
        number=offers[0].number, application_id="33406267401237901"
    )
    assert bought.extra["status"] == "Success"
    assert telephony_client.numbers.get(bought.id).application_id == "33406267401237901"


@pytest.mark.vcr
def test_buy_a_number_that_needs_verification(telephony_client: tel.Client) -> None:
    bought = telephony_client.numbers.create(number="+4969365065273")
    assert (bought.id, bought.extra["status"]) == ("4969365065273", "pending")


@pytest.mark.vcr
def test_release_a_number(telephony_client: tel.Client) -> None:
    telephony_client.numbers.delete("14153661106")
    assert telephony_client.numbers.find("+14153661106") is None


def test_there_are_cassettes() -> None:
    assert [path.stem for path in FILES] == cassette_tests(globals())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_cassette_holds_no_secret(path: Path) -> None:
    assert cassette_leaks(path, PlivoProvider, secrets=[SANDBOX_TOKEN]) == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_emulator_answers_as_recorded(path: Path) -> None:
    assert emulator_mismatches(path, "plivo", base_url=RECORDED_AT, ignore_keys=VARYING) == []


def test_an_update_leaving_the_routing_alone_sends_the_current_app_id() -> None:
    recorded = yaml.safe_load((FOLDER / "test_update_alias_keeps_the_routing.yaml").read_text())
    posts = [i["request"] for i in recorded["interactions"] if i["request"]["method"] == "POST"]
    assert [json.loads(post["body"]) for post in posts] == [
        {"alias": "Updated Alias", "app_id": TRUNK}
    ]
