"""SiPbx phone numbers through the real httpx client over a scripted transport: the exact
wire of every call, validation before sending, replies of every shape, retries; and the
sandbox's numbers (the reseller's inventory, routing, the served index)."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telephony_sipbx import SipbxEmulator

import telephony_core as tel
from telephony_core.sandbox.server import SandboxServer
from tests.conftest import Scripted

BASE = "https://pbx.example.com/ns-api/v2"
OWN = f"{BASE}/domains/~/phonenumbers"
IN_DOMAIN = f"{BASE}/domains/example.com/phonenumbers"
ACCEPTED = {"code": 202, "message": "Accepted"}
TO_USER = {
    "phonenumber": "14155550100",
    "domain": "example.com",
    "enabled": "yes",
    "dial-rule-application": "to-user",
    "dial-rule-parameter": "",
    "dial-rule-translation-destination-user": "1001",
    "dial-rule-translation-destination-host": "example.com",
    "dial-rule-translation-source-name": "[*]",
    "dial-rule-description": "Main line",
}
TO_QUEUE = {
    **TO_USER,
    "dial-rule-application": "to-callqueue",
    "dial-rule-translation-destination-user": "3000",
}
FAST = tel.Retries(attempts=4, wait_initial=0.001, wait_max=0.005)


def connect(scripted: Scripted, **kwargs: Any) -> tel.Client:
    kwargs.setdefault("retries", 0)
    return tel.connect(
        "sipbx", server="pbx.example.com", token="nsd_x", transport=scripted.transport, **kwargs
    )


def sent(scripted: Scripted) -> list[tuple[str, str, Any]]:
    """Each request: method, URL and JSON body (None when empty)."""
    return [
        (r.method, str(r.url), json.loads(r.content) if r.content else None)
        for r in scripted.requests
    ]


def dropped(request: httpx.Request) -> httpx.Response:
    raise httpx.RemoteProtocolError("Server disconnected without sending a response.")


# Reads.


def test_get_reads_the_number_and_its_route_to_a_user(scripted: Scripted) -> None:
    scripted.reply(200, TO_USER)
    number = connect(scripted).numbers.get("14155550100")
    assert sent(scripted) == [("GET", f"{OWN}/14155550100", None)]
    assert (number.id, number.number, number.tenant) == (
        "14155550100",
        "+14155550100",
        "example.com",
    )
    assert (number.name, number.user_id, number.trunk_id, number.application_id) == (
        "Main line",
        "1001",
        None,
        None,
    )
    # The dial rule as the vendor wrote it stays in extra.
    assert number.extra["dial-rule-application"] == "to-user"
    assert number.extra["dial-rule-translation-destination-host"] == "example.com"


def test_a_route_to_a_connection_is_the_trunk(scripted: Scripted) -> None:
    scripted.reply(
        200,
        {
            **TO_USER,
            "dial-rule-application": "to-connection",
            "dial-rule-translation-destination-user": "[*]",
            "dial-rule-translation-destination-host": "carrier-a",
        },
    )
    number = connect(scripted).numbers.get("14155550100")
    assert (number.user_id, number.trunk_id) == (None, "carrier-a")


@pytest.mark.parametrize(
    "application", ["to-callqueue", "available-number", "to-voicemail", "to-user-residential"]
)
def test_other_applications_are_no_neutral_route(scripted: Scripted, application: str) -> None:
    scripted.reply(200, {**TO_USER, "dial-rule-application": application})
    number = connect(scripted).numbers.get("14155550100")
    assert (number.user_id, number.trunk_id) == (None, None)
    assert number.extra["dial-rule-application"] == application


def test_list_is_one_request_and_count_reads_the_total(scripted: Scripted) -> None:
    second = {**TO_QUEUE, "phonenumber": "18005550100"}
    scripted.reply(200, [TO_USER, second]).reply(200, {"total": 2})
    client = connect(scripted)
    numbers = client.numbers.list(tenant="example.com", page_size=1)
    assert scripted.requests == []  # nothing is fetched until iteration starts
    assert [n.number for n in numbers] == ["+14155550100", "+18005550100"]
    assert client.numbers.count(tenant="example.com") == 2
    assert sent(scripted) == [("GET", IN_DOMAIN, None), ("GET", f"{IN_DOMAIN}/count", None)]


def test_find_reads_the_number_by_its_digits(scripted: Scripted) -> None:
    scripted.reply(200, TO_USER).reply(404, {"code": 404, "message": "Record not found"})
    numbers = connect(scripted).numbers
    found = numbers.find("+1 (415) 555-0100")
    assert found is not None and found.id == "14155550100"
    assert numbers.find("+14155550199") is None
    assert [url for _, url, _ in sent(scripted)] == [f"{OWN}/14155550100", f"{OWN}/14155550199"]


async def test_the_async_client_reads_and_routes(scripted: Scripted) -> None:
    scripted.reply(200, [TO_USER]).reply(202, ACCEPTED)
    async with tel.connect_async(
        "sipbx", server="pbx.example.com", token="nsd_x", transport=scripted.transport
    ) as client:
        assert [n.user_id async for n in client.numbers.list()] == ["1001"]
        routed = await client.numbers.update("14155550100", trunk_id="carrier-b")
    assert routed.trunk_id == "carrier-b"
    assert sent(scripted)[1][0] == "PUT"


# Writes.


def test_route_to_a_user_sends_the_to_user_rule(scripted: Scripted) -> None:
    scripted.reply(202, ACCEPTED)
    number = connect(scripted).numbers.update("14155550100", tenant="example.com", user_id="1002")
    assert sent(scripted) == [
        (
            "PUT",
            f"{IN_DOMAIN}/14155550100",
            {
                "dial-rule-application": "to-user",
                "dial-rule-translation-destination-user": "1002",
                "dial-rule-translation-destination-host": "example.com",
            },
        )
    ]
    # Accepted, applied later: the number as known from the call.
    assert (number.id, number.tenant, number.user_id, number.trunk_id) == (
        "14155550100",
        "example.com",
        "1002",
        None,
    )


def test_in_the_tokens_own_domain_a_user_is_reached_at_own_domain(scripted: Scripted) -> None:
    scripted.reply(202, ACCEPTED)
    connect(scripted).numbers.update("14155550100", user_id="1002")
    assert scripted.json_body()["dial-rule-translation-destination-host"] == "<OwnDomain>"


def test_route_to_a_connection_sends_the_to_connection_rule(scripted: Scripted) -> None:
    scripted.reply(202, ACCEPTED)
    number = connect(scripted).numbers.update("14155550100", trunk_id="carrier-b", name="Trunk")
    assert scripted.json_body() == {
        "dial-rule-description": "Trunk",
        "dial-rule-application": "to-connection",
        "dial-rule-translation-destination-user": "[*]",
        "dial-rule-translation-destination-host": "carrier-b",
    }
    assert (number.trunk_id, number.user_id, number.name) == ("carrier-b", None, "Trunk")


def test_a_new_name_resends_the_current_destination_user(scripted: Scripted) -> None:
    """The vendor requires the destination user in every update: one that leaves the
    routing alone reads it first and sends it again, unchanged."""
    scripted.reply(200, TO_QUEUE).reply(202, ACCEPTED)
    number = connect(scripted).numbers.update("14155550100", name="Sales")
    assert sent(scripted) == [
        ("GET", f"{OWN}/14155550100", None),
        (
            "PUT",
            f"{OWN}/14155550100",
            {"dial-rule-description": "Sales", "dial-rule-translation-destination-user": "3000"},
        ),
    ]
    assert (number.name, number.tenant, number.extra["dial-rule-application"]) == (
        "Sales",
        "example.com",
        "to-callqueue",
    )


def test_clearing_the_current_route_makes_it_an_available_number(scripted: Scripted) -> None:
    scripted.reply(200, TO_USER).reply(202, ACCEPTED)
    number = connect(scripted).numbers.update("14155550100", user_id=None)
    assert scripted.json_body(1) == {
        "dial-rule-application": "available-number",
        "dial-rule-translation-destination-user": "[*]",
        "dial-rule-translation-destination-host": "[*]",
    }
    assert (number.user_id, number.trunk_id, number.name) == (None, None, "Main line")


def test_clearing_a_route_it_does_not_have_keeps_the_rule(scripted: Scripted) -> None:
    scripted.reply(200, TO_QUEUE).reply(202, ACCEPTED)
    connect(scripted).numbers.update("14155550100", trunk_id=None)
    assert scripted.json_body(1) == {"dial-rule-translation-destination-user": "3000"}


def test_a_number_without_a_destination_user_cannot_be_renamed(scripted: Scripted) -> None:
    scripted.reply(200, {"phonenumber": "14155550100", "domain": "example.com"})
    with pytest.raises(tel.ProviderError, match="dial-rule-translation-destination-user"):
        connect(scripted).numbers.update("14155550100", name="Sales")
    assert len(scripted.requests) == 1  # nothing is written


def test_create_adds_the_number_to_the_domain(scripted: Scripted) -> None:
    scripted.reply(202, ACCEPTED)
    number = connect(scripted).numbers.create(
        number="+1 415 555 0142", tenant="example.com", user_id="1002", name="Support"
    )
    assert sent(scripted) == [
        (
            "POST",
            IN_DOMAIN,
            {
                "phonenumber": "14155550142",
                "dial-rule-application": "to-user",
                "dial-rule-translation-destination-user": "1002",
                "dial-rule-translation-destination-host": "example.com",
                "dial-rule-description": "Support",
            },
        )
    ]
    assert (number.id, number.number, number.user_id, number.name) == (
        "14155550142",
        "+14155550142",
        "1002",
        "Support",
    )


def test_create_without_a_route_adds_an_available_number(scripted: Scripted) -> None:
    scripted.reply(202, ACCEPTED)
    number = connect(scripted).numbers.create(number="+18005550142")
    assert scripted.json_body() == {
        "phonenumber": "18005550142",
        "dial-rule-application": "available-number",
        "dial-rule-translation-destination-user": "[*]",
        "dial-rule-translation-destination-host": "[*]",
    }
    assert (number.user_id, number.trunk_id, number.tenant) == (None, None, "~")


def test_a_synchronous_create_reply_is_read(scripted: Scripted) -> None:
    scripted.reply(200, {**TO_USER, "phonenumber": "14155550142"})
    number = connect(scripted).numbers.create(number="+14155550142", user_id="1001")
    assert (number.id, number.tenant, number.name) == ("14155550142", "example.com", "Main line")


def test_delete_takes_the_number_out_of_the_domain(scripted: Scripted) -> None:
    scripted.reply(202, ACCEPTED)
    assert connect(scripted).numbers.delete("14155550100", tenant="example.com") is None
    assert sent(scripted) == [("DELETE", f"{IN_DOMAIN}/14155550100", None)]


# Refused before anything is sent.


@pytest.mark.parametrize(
    ("call", "field", "message"),
    [
        (lambda n: n.get("+14155550100"), "id", "without the +: '14155550100'"),
        (lambda n: n.delete("1415555010x"), "id", "the number's digits"),
        (lambda n: n.update("count", name="x"), "id", "the number's digits"),
        (lambda n: n.get("1" * 16), "id", "the number's digits"),
        (lambda n: n.create(number="14155550100"), "number", "E.164"),
        (lambda n: n.create(number="+0415555"), "number", "E.164"),
        (lambda n: n.create(name="x"), "number", "is required"),
        (lambda n: n.update("14155550100", name=None), "name", "cannot be cleared"),
        (lambda n: n.update("14155550100", user_id=""), "user_id", "must not be empty"),
        (lambda n: n.create(number="+14155550100", trunk_id=""), "trunk_id", "must not be empty"),
        (
            lambda n: n.update("14155550100", user_id="1001", trunk_id="carrier-a"),
            "trunk_id",
            "routes to one place",
        ),
        (lambda n: n.list(tenant="*").__next__(), "tenant", "one SiPbx domain"),
        (lambda n: n.get("14155550100", tenant="a" * 65), "tenant", "at most 64"),
        (lambda n: n.count(tenant="bad/domain"), "tenant", ""),
    ],
)
def test_invalid_input_is_refused_naming_the_field(
    scripted: Scripted, call: Any, field: str, message: str
) -> None:
    with pytest.raises(tel.ValidationError) as info:
        call(connect(scripted).numbers)
    assert field in info.value.field_errors
    assert message in info.value.field_errors[field]
    assert scripted.requests == []


@pytest.mark.parametrize(
    ("changes", "field", "hint"),
    [
        ({"application_id": "AP1"}, "application_id", "SiPbx has no applications"),
        ({"country": "US"}, "country", "keeps no country"),
        ({"number_type": "local"}, "number_type", "keeps no kind"),
        ({"number": "+14155550199"}, "number", "delete it and create"),
    ],
)
def test_fields_sipbx_cannot_set_are_unsupported(
    scripted: Scripted, changes: dict[str, Any], field: str, hint: str
) -> None:
    with pytest.raises(tel.UnsupportedField, match=hint) as info:
        connect(scripted).numbers.update("14155550100", **changes)
    assert info.value.field == field
    assert scripted.requests == []


def test_a_scope_sipbx_numbers_do_not_have_is_refused(scripted: Scripted) -> None:
    with pytest.raises(TypeError, match="owner"):
        connect(scripted).numbers.get("14155550100", owner="1001")  # type: ignore[call-arg]


def test_search_is_not_offered_and_says_why(scripted: Scripted) -> None:
    with pytest.raises(tel.UnsupportedOperation, match="the reseller assigns them") as info:
        connect(scripted).numbers.search(country="US", area_code="415")
    assert "numbers.create adds one the reseller has given the domain" in str(info.value)
    assert scripted.requests == []
    assert "search" not in connect(scripted).capabilities.resources["numbers"].operations


def test_applications_are_not_offered_and_say_why(scripted: Scripted) -> None:
    with pytest.raises(tel.UnsupportedOperation, match="route the number to a user"):
        connect(scripted).applications.list().__next__()
    assert "applications" not in connect(scripted).capabilities.resources


# Errors and odd replies.


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, tel.ValidationError),
        (401, tel.AuthenticationError),
        (403, tel.PermissionDenied),
        (404, tel.NotFound),
        (409, tel.Conflict),
        (500, tel.ServerError),
    ],
)
def test_vendor_errors_are_typed(scripted: Scripted, status: int, error: type[Exception]) -> None:
    scripted.reply(status, {"code": status, "message": "Phone number already exists"})
    with pytest.raises(error, match="Phone number already exists"):
        connect(scripted).numbers.create(number="+14155550100")


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ({**TO_USER, "phonenumber": 14155550100}, {"number": None, "id": "14155550100"}),
        ({**TO_USER, "phonenumber": "611"}, {"number": None}),
        ({**TO_USER, "dial-rule-description": 7}, {"name": None}),
        ({**TO_USER, "dial-rule-translation-destination-user": 1001}, {"user_id": None}),
        ({**TO_USER, "domain": None}, {"tenant": "~"}),
        ({**TO_USER, "surprise": {"a": 1}}, {"user_id": "1001"}),
    ],
)
def test_odd_values_leave_the_field_unset_and_keep_the_vendors_value(
    scripted: Scripted, reply: dict[str, Any], expected: dict[str, Any]
) -> None:
    scripted.reply(200, reply)
    number = connect(scripted).numbers.get("14155550100")
    for field, value in expected.items():
        assert getattr(number, field) == value
    odd = {k: v for k, v in reply.items() if TO_USER.get(k) != v and k != "domain"}
    for key, value in odd.items():
        assert number.extra.get(key) == value or key == "phonenumber"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    status=st.sampled_from([200, 202, 400, 401, 403, 404, 409, 500]),
    body=st.one_of(
        st.binary(max_size=64),
        st.dictionaries(
            st.sampled_from(
                [
                    "phonenumber",
                    "total",
                    "code",
                    "message",
                    "dial-rule-application",
                    "dial-rule-translation-destination-user",
                ]
            ),
            st.one_of(st.none(), st.integers(), st.text(max_size=8), st.booleans()),
        ).map(lambda d: json.dumps(d).encode()),
        st.lists(st.just(TO_USER), max_size=2).map(lambda d: json.dumps(d).encode()),
    ),
    operation=st.sampled_from(["get", "list", "count", "update", "rename", "create", "delete"]),
)
def test_malformed_replies_are_typed_errors(status: int, body: bytes, operation: str) -> None:
    """Whatever comes back, the caller sees a neutral result or a TelephonyError."""
    scripted = Scripted()
    scripted.reply(status, raw=body).reply(status, raw=body)
    numbers = connect(scripted).numbers
    with contextlib.suppress(tel.TelephonyError):
        {
            "get": lambda: numbers.get("14155550100"),
            "list": lambda: list(numbers.list()),
            "count": lambda: numbers.count(),
            "update": lambda: numbers.update("14155550100", user_id="1001"),
            "rename": lambda: numbers.update("14155550100", name="x"),
            "create": lambda: numbers.create(number="+14155550100"),
            "delete": lambda: numbers.delete("14155550100"),
        }[operation]()


def test_a_listing_that_is_not_an_array_is_malformed(scripted: Scripted) -> None:
    scripted.reply(200, {"phonenumber": "14155550100"})
    with pytest.raises(tel.ProviderError, match="JSON array of phone numbers"):
        list(connect(scripted).numbers.list())


# Retries: updates are resent, deletes never blindly, creates only after a lookup.


def test_an_update_whose_reply_was_lost_is_sent_again(scripted: Scripted) -> None:
    scripted._replies.append(dropped)
    scripted.reply(202, ACCEPTED)
    connect(scripted, retries=FAST).numbers.update("14155550100", user_id="1002")
    assert [r.method for r in scripted.requests] == ["PUT", "PUT"]


def test_a_delete_whose_reply_was_lost_is_done_when_the_number_is_gone(
    scripted: Scripted,
) -> None:
    scripted._replies.append(dropped)
    scripted.reply(404, {"code": 404, "message": "Record not found"})
    assert connect(scripted, retries=FAST).numbers.delete("14155550100") is None
    assert [(r.method, r.url.path) for r in scripted.requests] == [
        ("DELETE", "/ns-api/v2/domains/~/phonenumbers/14155550100"),
        ("GET", "/ns-api/v2/domains/~/phonenumbers/14155550100"),
    ]


def test_a_delete_whose_reply_was_lost_is_resent_only_once_read_still_there(
    scripted: Scripted,
) -> None:
    scripted._replies.append(dropped)
    scripted.reply(200, TO_USER).reply(202, ACCEPTED)
    assert connect(scripted, retries=FAST).numbers.delete("14155550100") is None
    assert [r.method for r in scripted.requests] == ["DELETE", "GET", "DELETE"]


def test_a_delete_answered_503_is_read_before_it_goes_again(scripted: Scripted) -> None:
    scripted.reply(503, {"code": 503, "message": "Service Unavailable"})
    scripted.reply(200, TO_USER).reply(202, ACCEPTED)
    connect(scripted, retries=FAST).numbers.delete("14155550100")
    # A 503 may have been applied: the number is read before the delete goes again.
    assert [r.method for r in scripted.requests] == ["DELETE", "GET", "DELETE"]


def test_a_create_whose_reply_was_lost_is_looked_up_by_its_number(scripted: Scripted) -> None:
    scripted._replies.append(dropped)
    scripted.reply(200, {**TO_USER, "phonenumber": "14155550142"})
    number = connect(scripted, retries=FAST).numbers.create(number="+14155550142", user_id="1001")
    assert number.id == "14155550142"
    assert [(r.method, r.url.path) for r in scripted.requests] == [
        ("POST", "/ns-api/v2/domains/~/phonenumbers"),
        ("GET", "/ns-api/v2/domains/~/phonenumbers/14155550142"),
    ]


# The sandbox.


def test_the_sandbox_routes_a_number_to_a_user_then_a_connection() -> None:
    with tel.connect("sipbx", sandbox=True) as client:
        numbers = client.numbers
        assert [n.number for n in numbers.list()] == [
            "+14155550100",
            "+14155550101",
            "+14155550102",
            "+18005550100",
        ]
        spare = numbers.find("+18005550100")
        assert spare is not None and (spare.user_id, spare.trunk_id) == (None, None)
        numbers.update(spare.id, user_id="1002")
        assert numbers.get(spare.id).user_id == "1002"
        numbers.update(spare.id, trunk_id="carrier-b")
        read = numbers.get(spare.id)
        assert (read.user_id, read.trunk_id) == (None, "carrier-b")
        numbers.update(spare.id, name="Toll-free to the carrier")
        assert numbers.get(spare.id).trunk_id == "carrier-b"  # the name kept the route


def test_the_sandbox_adds_any_valid_number_nobody_holds() -> None:
    emulator = SipbxEmulator()
    with tel.connect(
        "sipbx", **SipbxEmulator.credentials, transport=emulator.transport()
    ) as client:
        added = client.numbers.create(number="+442071838750", name="London")
        assert client.numbers.get(added.id).name == "London"
        assert emulator.inventory.holder("+442071838750") == "example.com"
        with pytest.raises(tel.Conflict, match="already exists"):
            client.numbers.create(number="+442071838750")
        client.numbers.delete(added.id)
        assert emulator.inventory.holder("+442071838750") is None
        with pytest.raises(tel.NotFound):
            client.numbers.get(added.id)
        client.numbers.create(number="+442071838750")  # free again
        assert client.numbers.count() == 5


def test_the_sandbox_refuses_another_domain() -> None:
    with tel.connect("sipbx", sandbox=True) as client, pytest.raises(tel.PermissionDenied):
        client.numbers.create(number="+14155550142", tenant="other.example.com")


def test_the_served_sandbox_reports_its_numbers_and_routes_one() -> None:
    """Over real HTTP, as `telephony sandbox serve` serves it; the index says what is seeded."""
    with SandboxServer({"sipbx": SipbxEmulator()}) as server:
        index = httpx.get(server.url + "/").json()["providers"]["sipbx"]
        assert index["seeded"]["numbers"] == [
            "+14155550100",
            "+14155550101",
            "+14155550102",
            "+18005550100",
        ]
        with tel.connect("sipbx", base_url=index["base_url"], **index["credentials"]) as client:
            spare = client.numbers.find(index["seeded"]["numbers"][-1])
            assert spare is not None
            client.numbers.update(spare.id, user_id="1002")
            assert client.numbers.get(spare.id).user_id == "1002"
