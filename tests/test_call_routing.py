"""Call routing across providers: the acceptance script on every provider that offers both
applications and numbers (in process, async, and over a served sandbox), the rules the core
keeps whatever the vendor (a number routes to one place; a release is never sent again
blind), and the `telephony numbers search | buy | release` commands. (The guide's examples
run in tests/test_user_docs.py.)"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from telephony_twilio import TwilioEmulator
from telephony_vobiz import VobizEmulator

import telephony_core as tel
from telephony_core.cli import cli
from telephony_core.plugins.registry import get_registry
from telephony_core.sandbox.server import SandboxServer
from telephony_core.testing.clients import sandbox_client
from tests.conftest import Scripted

#: What the acceptance script needs of a provider.
NEEDED = {"applications": {"create", "get"}, "numbers": {"list", "update", "get"}}
FAST = tel.Retries(wait_initial=0, wait_max=0)


def routing_providers() -> list[str]:
    """Every installed provider whose capabilities offer what the script does."""
    found = []
    for name, cls in sorted(get_registry().providers.items()):
        caps = cls.capabilities()
        if all(r in caps and ops <= caps[r].operations for r, ops in NEEDED.items()):
            found.append(name)
    return found


def test_vobiz_and_plivo_are_among_them() -> None:
    assert {"vobiz", "plivo"} <= set(routing_providers())


def route_to_main_ivr(client: tel.Client) -> tuple[tel.Application, tel.PhoneNumber]:
    """The acceptance script: create an application named "Main IVR", find a number, route
    it to the application, read it back."""
    app = client.applications.create(name="Main IVR", answer_url="https://example.com/ivr")
    number = next(client.numbers.list())
    client.numbers.update(number.id, application_id=app.id)
    return app, client.numbers.get(number.id)


@pytest.mark.parametrize("provider", routing_providers())
def test_the_same_script_routes_a_number_to_an_application(provider: str) -> None:
    with tel.connect(provider, sandbox=True) as client:
        app, read = route_to_main_ivr(client)
        assert read.application_id == app.id
        assert read.number is not None and read.number.startswith("+")
        assert client.applications.find("Main IVR") == client.applications.get(app.id)


@pytest.mark.parametrize("provider", routing_providers())
async def test_the_script_async(provider: str) -> None:
    async with tel.connect_async(provider, sandbox=True) as client:
        app = await client.applications.create(name="Main IVR", answer_url="https://example.com/a")
        number = await anext(client.numbers.list())
        await client.numbers.update(number.id, application_id=app.id)
        assert (await client.numbers.get(number.id)).application_id == app.id
        offers = [offer async for offer in client.numbers.search(country="US", limit=2)]
        assert len(offers) == 2


@pytest.fixture(scope="module")
def served() -> Iterator[SandboxServer]:
    emulators = {name: cls() for name, cls in get_registry().sandboxes.items()}
    with SandboxServer(emulators) as server:
        yield server


@pytest.mark.parametrize("provider", routing_providers())
def test_the_script_on_the_served_sandbox(provider: str, served: SandboxServer) -> None:
    """Over real HTTP, as `telephony sandbox serve` serves it; the index says what is seeded."""
    index = httpx.get(served.url + "/").json()["providers"][provider]
    assert index["seeded"]["numbers"] and index["seeded"]["applications"]
    credentials = index["credentials"]
    with tel.connect(provider, base_url=index["base_url"], **credentials) as client:
        app, read = route_to_main_ivr(client)
        assert read.application_id == app.id
        offer = next(client.numbers.search(country="US", area_code="415"))
        bought = client.numbers.create(number=offer.number)
        assert client.numbers.find(offer.number) == client.numbers.get(bought.id)
        client.numbers.delete(bought.id)
        assert client.numbers.find(offer.number) is None


# One number at two vendors, as after a port.
def test_a_number_can_be_held_at_two_vendors() -> None:
    with tel.connect("vobiz", sandbox=True) as vobiz, tel.connect("plivo", sandbox=True) as plivo:
        number = next(vobiz.numbers.search(country="US", area_code="212")).number
        assert vobiz.numbers.create(number=number).number == number
        assert plivo.numbers.create(number=number).number == number
        assert vobiz.numbers.find(number) is not None and plivo.numbers.find(number) is not None


# A number routes to one place.
@pytest.mark.parametrize("provider", ["vobiz", "plivo"])
def test_two_routes_in_one_call_are_refused_naming_both(provider: str, scripted: Scripted) -> None:
    settings = dict(get_registry().sandbox(provider).credentials)
    client = tel.connect(provider, transport=scripted.transport, **settings)
    with pytest.raises(tel.ValidationError) as info:
        client.numbers.update("+14155550100", application_id="1", trunk_id="2")
    assert set(info.value.field_errors) == {"application_id", "trunk_id"}
    assert "routes to one place" in info.value.field_errors["trunk_id"]
    with pytest.raises(tel.ValidationError):
        client.numbers.create(number="+14155550100", application_id="1", trunk_id="2")
    assert scripted.requests == []


def test_routing_elsewhere_clears_the_other_route_at_vobiz() -> None:
    """Vobiz keeps both on a number: routing it to a trunk detaches its application."""
    emulator = VobizEmulator()
    with sandbox_client(emulator) as client:
        routed = client.numbers.update(
            "+918071387149", trunk_id="aabbccdd-1234-5678-90ab-cdef12345678"
        )
        assert (routed.application_id, routed.trunk_id) == (
            None,
            "aabbccdd-1234-5678-90ab-cdef12345678",
        )
    stored = emulator.held("MA_SANDBOX")["+918071387149"]
    assert (stored["application_id"], stored["trunk_group_id"]) == (
        None,
        "aabbccdd-1234-5678-90ab-cdef12345678",
    )


# Releasing is never sent again blind.
RELEASE = "DELETE /api/v1/Account/MA_X/numbers/%2B14155550100"
LOOKUP = "GET /api/v1/account/MA_X/numbers"
HELD = {"items": [{"e164": "+14155550100"}], "page": 1, "per_page": 25, "total": 1}
GONE = {"items": [], "page": 1, "per_page": 25, "total": 0}


def dropped(request: httpx.Request) -> httpx.Response:
    raise httpx.RemoteProtocolError("Server disconnected without sending a response.")


def vobiz(scripted: Scripted, **options: Any) -> tel.Client:
    options.setdefault("retries", FAST)
    return tel.connect(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport, **options
    )


def sent(scripted: Scripted) -> list[str]:
    return [f"{r.method} {r.url.raw_path.decode().split('?')[0]}" for r in scripted.requests]


def test_a_release_whose_reply_was_lost_is_read_and_found_done(scripted: Scripted) -> None:
    scripted._replies.append(dropped)
    scripted.reply(200, GONE)
    assert vobiz(scripted).numbers.delete("+14155550100") is None
    assert sent(scripted) == [RELEASE, LOOKUP]
    assert scripted.requests[1].url.params["search"] == "+14155550100"


def test_a_release_found_still_held_is_sent_once_more(scripted: Scripted) -> None:
    scripted.reply(502).reply(200, HELD).reply(204)
    vobiz(scripted).numbers.delete("+14155550100")
    assert sent(scripted) == [RELEASE, LOOKUP, RELEASE]


def test_a_release_is_never_resent_without_the_read(scripted: Scripted) -> None:
    for _ in range(3):
        scripted._replies.append(dropped)
        scripted.reply(200, HELD)
    scripted._replies.append(dropped)
    with pytest.raises(tel.TransportError):
        vobiz(scripted).numbers.delete("+14155550100")
    assert sent(scripted) == [RELEASE, LOOKUP] * 3 + [RELEASE]


def test_a_release_not_applied_goes_again_without_a_read(scripted: Scripted) -> None:
    scripted.reply(429, {"error": "slow down"}, **{"Retry-After": "0"}).reply(204)
    vobiz(scripted).numbers.delete("+14155550100")
    assert sent(scripted) == [RELEASE, RELEASE]


def test_a_purchase_whose_reply_was_lost_is_found_not_bought_twice(scripted: Scripted) -> None:
    scripted._replies.append(dropped)
    scripted.reply(200, HELD)
    number = vobiz(scripted).numbers.create(number="+14155550100")
    assert number.id == "+14155550100"
    assert sent(scripted) == ["POST /api/v1/account/MA_X/numbers/purchase-from-inventory", LOOKUP]


def test_a_release_with_retries_off_raises_at_once(scripted: Scripted) -> None:
    scripted._replies.append(dropped)
    with pytest.raises(tel.TransportError):
        vobiz(scripted, retries=0).numbers.delete("+14155550100")
    assert sent(scripted) == [RELEASE]


# The command line.
def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("provider", ["vobiz", "plivo"])
def test_search_lists_numbers_to_buy(provider: str) -> None:
    code, out, _ = run(
        "--sandbox",
        "--provider",
        provider,
        "numbers",
        "search",
        "--country",
        "US",
        "--area-code",
        "415",
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["number", "country"]
    assert len(lines) == 21 and all(line.startswith("+1415") for line in lines[1:])
    code, out, _ = run(
        "--sandbox",
        "--provider",
        provider,
        "numbers",
        "search",
        "--country",
        "US",
        "--limit",
        "2",
        "--json",
    )
    assert [json.loads(line)["country"] for line in out.splitlines()] == ["US", "US"]


def test_buy_then_list_shows_it_and_release_asks_first(tmp_path: Any) -> None:
    emulators = {"vobiz": VobizEmulator()}
    with SandboxServer(emulators) as server:
        base = ["--sandbox", "--sandbox-url", server.url, "--provider", "vobiz"]
        code, out, _ = run(
            *base,
            "numbers",
            "search",
            "--country",
            "US",
            "--area-code",
            "415",
            "--limit",
            "1",
            "--json",
        )
        number = json.loads(out)["number"]
        code, _, err = run(*base, "numbers", "buy", number, input="n\n")
        assert code == 1 and f"About to buy number {number} at vobiz" in err
        assert "Vobiz bills the number's setup fee" in err
        assert "not bought" in err and number not in emulators["vobiz"].held("MA_SANDBOX")
        code, out, _ = run(*base, "numbers", "buy", number, "--application-id", "98765432", "--yes")
        assert code == 0 and "application_id  98765432" in out
        code, out, _ = run(*base, "numbers", "list")
        assert number in out
        code, _, err = run(*base, "numbers", "release", number, "+918071387149", input="\n")
        assert code == 1
        assert "About to release 2 numbers at vobiz:" in err
        assert f"  {number}\n  +918071387149\n" in err and "cannot be undone" in err
        assert number in emulators["vobiz"].held("MA_SANDBOX")
        code, out, _ = run(*base, "numbers", "release", number, input="y\n")
        assert (code, out) == (0, f"released {number}\n")
        assert number not in emulators["vobiz"].held("MA_SANDBOX")


def test_release_names_the_number_where_the_vendor_id_is_another() -> None:
    """At Twilio a number's id is its PN... sid: the question names the E.164 number, which
    may be given instead of the id; a number not held stops the command before asking."""
    emulators = {"twilio": TwilioEmulator()}
    with SandboxServer(emulators) as server:
        base = ["--sandbox", "--sandbox-url", server.url, "--provider", "twilio"]
        code, out, _ = run(*base, "numbers", "buy", "+14155550177", "--yes", "--json")
        bought = json.loads(out)
        assert code == 0 and bought["id"].startswith("PN")
        code, _, err = run(*base, "numbers", "release", bought["id"], input="n\n")
        assert code == 1
        assert f"About to release number +14155550177 ({bought['id']}) at twilio." in err
        code, _, err = run(*base, "numbers", "release", "+14155550177", "+14155550188", "--yes")
        assert code == 1 and "+14155550188 is not a number of this account" in err
        code, out, _ = run(*base, "numbers", "release", "+14155550177", "--yes")
        assert (code, out) == (0, "released +14155550177\n")
        code, out, _ = run(*base, "numbers", "list")
        assert "+14155550177" not in out


def test_buy_and_release_dry_runs_show_the_requests_and_send_nothing() -> None:
    code, out, _ = run(
        "--provider", "vobiz", "numbers", "buy", "+14155550100", "--trunk-id", "t-1", "--dry-run"
    )
    assert code == 0
    assert "numbers/purchase-from-inventory" in out and '--data \'{"e164":"+14155550100"}\'' in out
    assert "/numbers/%2B14155550100/assign" in out and "trunk_group_id" in out
    code, out, _ = run(
        "--provider", "plivo", "numbers", "release", "14155550100", "--dry-run", "--json"
    )
    request = json.loads(out)
    assert request["method"] == "DELETE" and request["url"].endswith("/Number/14155550100/")
    assert request["headers"]["Authorization"] == "********"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("buy", "4155550100"), "invalid number: must be an E.164 number"),
        (
            ("buy", "+14155550100", "--application-id", "1", "--trunk-id", "2"),
            "routes to one place",
        ),
        (("search", "--country", "USA"), "country"),
        (("search", "--country", "US", "--area-code", "41a"), "area_code"),
        (("release", "1415/5550100"), "invalid id"),
    ],
)
def test_bad_input_is_one_line_and_nothing_is_sent(args: tuple[str, ...], message: str) -> None:
    confirmed = () if args[0] == "search" else ("--yes",)
    code, out, err = run("--sandbox", "--provider", "vobiz", "numbers", *args, *confirmed)
    assert code == 1 and out == ""
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_the_generic_delete_of_a_number_asks_too() -> None:
    code, _, err = run(
        "--sandbox", "--provider", "plivo", "numbers", "delete", "17609915566", input="n\n"
    )
    assert code == 1 and "About to delete number 17609915566 at plivo." in err
