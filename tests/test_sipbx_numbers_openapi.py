"""Every request the SiPbx plugin can send for phone numbers, and every reply its emulator
gives, validated against the vendor's OpenAPI
(../shared/vendor-specs/netsapiens-v2-numbers-connections.openapi.json)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_core.validation.request.exceptions import (
    InvalidParameter,
    InvalidRequestBody,
    SecurityValidationError,
)
from telephony_sipbx import SipbxEmulator
from telephony_sipbx.emulator import SANDBOX_TOKEN
from telephony_sipbx.emulator_numbers import APPLICATIONS, DEFAULTS, WRITABLE
from telephony_sipbx.numbers import FIELDS, ROUTING_KEYS, TO_CONNECTION, TO_USER, UNROUTED

import telephony_core as tel
from tests.openapi_specs import Recorder
from tests.sipbx_openapi import SipbxNumbersSpec, require_numbers_spec

ACCEPTED = {"code": 202, "message": "Accepted"}
NUMBER = {
    "phonenumber": "14155550100",
    "domain": "example.com",
    "enabled": "yes",
    "dial-rule-application": "to-user",
    "dial-rule-translation-destination-user": "1001",
    "dial-rule-translation-destination-host": "example.com",
    "dial-rule-description": "Main line",
}
#: A domain name the OpenAPI's `DomainNamePath` allows (not `*`: a number is in one domain).
DOMAINS = st.from_regex(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}", fullmatch=True).filter(
    lambda d: ".." not in d
)
E164 = st.from_regex(r"\+[1-9][0-9]{6,14}", fullmatch=True)
TEXT = st.text(min_size=1, max_size=24)


def _vendor_reply(request: httpx.Request) -> httpx.Response:
    """What the vendor documents for each request: 202 for writes, numbers for reads."""
    if request.method != "GET":
        return httpx.Response(202, json=ACCEPTED)
    if request.url.path.endswith("/count"):
        return httpx.Response(200, json={"total": 1})
    if request.url.path.endswith("/phonenumbers"):
        return httpx.Response(200, json=[NUMBER])
    return httpx.Response(200, json=NUMBER)


def _client(handle: Callable[[httpx.Request], httpx.Response]) -> tel.Client:
    return tel.connect(
        "sipbx", server="pbx.example.com", token="nsd_x", transport=httpx.MockTransport(handle)
    )


@pytest.fixture
def spec() -> SipbxNumbersSpec:
    return require_numbers_spec()


@pytest.fixture
def checked(spec: SipbxNumbersSpec) -> tuple[tel.Client, Recorder]:
    recorder = Recorder(spec, _vendor_reply)
    return _client(recorder.handle), recorder


def test_the_tables_name_the_openapi_keys(spec: SipbxNumbersSpec) -> None:
    """The plugin's keys, the emulator's writable keys and applications are the spec's."""
    properties = spec.number_properties
    assert {field.wire for field in FIELDS.fields.values()} <= set(properties)
    assert set(ROUTING_KEYS) <= set(properties)
    assert set(WRITABLE) == set(properties) - {"phonenumber", "domain"}
    assert set(DEFAULTS) <= set(WRITABLE)
    assert set(spec.schema("DialruleApplication")["enum"]) == APPLICATIONS
    assert {TO_USER, TO_CONNECTION, UNROUTED} <= APPLICATIONS
    create = spec.operation("POST", "/ns-api/v2/domains/x/phonenumbers")
    update = spec.operation("PUT", "/ns-api/v2/domains/x/phonenumbers/14155550100")
    assert create is not None and update is not None
    for operation in (create, update):
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        # Every write of the plugin sends the destination user: the vendor requires it.
        assert "dial-rule-translation-destination-user" in body["required"]


#: Every kind of write the plugin makes: each routing, a name, and both together.
WRITES: list[dict[str, Any]] = [
    {"name": "Support line"},
    {"name": ""},
    {"user_id": "1002"},
    {"trunk_id": "carrier-b"},
    {"user_id": "1002", "name": "Support line"},
    {"trunk_id": "carrier-b", "name": "Trunk line"},
    {"user_id": None},
    {"trunk_id": None},
    {"user_id": None, "trunk_id": None, "name": "Spare"},
]
SCOPES: list[dict[str, str]] = [{}, {"tenant": "example.com"}, {"tenant": "a" * 64}]


@pytest.mark.parametrize("scope", SCOPES, ids=lambda s: json.dumps(s))
@pytest.mark.parametrize("changes", WRITES, ids=lambda c: json.dumps(c))
def test_each_write_validates(
    checked: tuple[tel.Client, Recorder], changes: dict[str, Any], scope: dict[str, str]
) -> None:
    client, recorder = checked
    client.numbers.update("14155550100", **scope, **changes)
    created = {k: v for k, v in changes.items() if v is not None}
    client.numbers.create(number="+14155550142", **scope, **created)
    reads_first = not any(changes.get(f) for f in ("user_id", "trunk_id"))
    assert recorder.seen == 2 + reads_first  # a write that keeps the routing reads it first


@pytest.mark.parametrize("scope", SCOPES, ids=lambda s: json.dumps(s))
def test_reads_counts_finds_and_deletes_validate(
    checked: tuple[tel.Client, Recorder], scope: dict[str, str]
) -> None:
    client, recorder = checked
    assert client.numbers.get("14155550100", **scope).user_id == "1001"
    assert [n.number for n in client.numbers.list(**scope)] == ["+14155550100"]
    assert client.numbers.count(**scope) == 1
    assert client.numbers.find("+14155550100", **scope) is not None
    client.numbers.delete("14155550100", **scope)
    assert recorder.seen == 5


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    number=E164,
    routing=st.one_of(
        st.just({}),
        st.builds(lambda user: {"user_id": user}, TEXT),
        st.builds(lambda host: {"trunk_id": host}, TEXT),
    ),
    name=st.none() | st.text(max_size=40),
    scope=st.fixed_dictionaries({}, optional={"tenant": DOMAINS}),
)
def test_any_valid_call_produces_requests_the_openapi_accepts(
    number: str, routing: dict[str, str], name: str | None, scope: dict[str, str]
) -> None:
    recorder = Recorder(require_numbers_spec(), _vendor_reply)
    client = _client(recorder.handle)
    named = {} if name is None else {"name": name}
    client.numbers.create(number=number, **scope, **routing, **named)
    assert recorder.seen == 1
    if routing or named:
        client.numbers.update(number[1:], **scope, **routing, **named)
        assert recorder.seen == 2 + (not routing)  # keeping the routing reads it first


def test_the_checks_can_fail(spec: SipbxNumbersSpec) -> None:
    """A wrong value, a missing required key, an undeclared key or a bad domain is caught."""
    url = "https://pbx.example.com/ns-api/v2/domains/~/phonenumbers/14155550100"
    headers = {"Authorization": "Bearer x", "Content-Type": "application/json"}
    user = {"dial-rule-translation-destination-user": "1001"}
    for body, error in (
        ({**user, "dial-rule-application": "to-app"}, InvalidRequestBody),
        ({"dial-rule-application": "to-user"}, InvalidRequestBody),  # no destination user
        ({**user, "enabled": True}, InvalidRequestBody),
        ({**user, "to_user": "1001"}, AssertionError),  # the spec's example's key: undeclared
    ):
        request = httpx.Request("PUT", url, headers=headers, content=json.dumps(body).encode())
        with pytest.raises(error):
            spec.check_request(request)
    with pytest.raises(SecurityValidationError):
        spec.check_request(httpx.Request("GET", url))  # no credentials
    with pytest.raises(InvalidParameter):
        spec.check_request(httpx.Request("GET", url.replace("~", "a" * 65, 1), headers=headers))
    response = httpx.Response(200, json={k: v for k, v in NUMBER.items() if k != "domain"})
    with pytest.raises(Exception, match="domain"):
        spec.check_response(httpx.Request("GET", url, headers=headers), response)


# The emulator's replies.


def _raw(
    emulator: SipbxEmulator, spec: SipbxNumbersSpec, method: str, path: str, **kwargs: Any
) -> httpx.Response:
    """A raw request to the emulator; the reply is checked against the spec."""
    headers = kwargs.pop("headers", {"Authorization": f"Bearer {SANDBOX_TOKEN}"})
    request = httpx.Request(
        method, f"https://pbx.sandbox.invalid/ns-api/v2{path}", headers=headers, **kwargs
    )
    response = emulator.handle(request)
    response.read()
    spec.check_response(request, response)
    return response


def test_every_emulator_reply_to_the_plugin_validates(spec: SipbxNumbersSpec) -> None:
    emulator = SipbxEmulator()

    def reply(request: httpx.Request) -> httpx.Response:
        response = emulator.handle(request)
        response.read()
        return response

    recorder = Recorder(spec, reply)
    numbers = tel.connect(
        "sipbx",
        server="pbx.example.com",
        token=SANDBOX_TOKEN,
        transport=httpx.MockTransport(recorder.handle),
    ).numbers
    seeded = ["14155550100", "14155550101", "14155550102", "18005550100"]
    assert [n.id for n in numbers.list()] == seeded
    assert numbers.count(tenant="example.com") == 4
    for id in seeded:
        numbers.get(id)
    numbers.create(number="+14155550142", user_id="1002", name="Support line")
    numbers.update("14155550142", trunk_id="carrier-b")
    numbers.update("14155550142", name="Trunk line")
    numbers.update("14155550142", trunk_id=None)
    assert numbers.get("14155550142").extra["dial-rule-application"] == UNROUTED
    numbers.delete("14155550142")
    with pytest.raises(tel.NotFound):
        numbers.get("14155550142")
    with pytest.raises(tel.NotFound):
        numbers.update("14155550142", user_id="1001")
    with pytest.raises(tel.NotFound):
        numbers.delete("14155550142")
    with pytest.raises(tel.Conflict, match="already exists"):
        numbers.create(number="+14155550100")
    with pytest.raises(tel.PermissionDenied):
        numbers.get("14155550100", tenant="other.example.com")
    assert recorder.seen == 19


NUMBERS = "/domains/~/phonenumbers"
ONE = NUMBERS + "/14155550100"
USER = {"dial-rule-translation-destination-user": "1001"}


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("POST", NUMBERS, {"json": {"phonenumber": "14155550142", **USER}}, 202),
        # The spec's own example, keys it does not declare and all: those are ignored.
        (
            "POST",
            NUMBERS,
            {
                "json": {
                    "phonenumber": "14155550143",
                    "enabled": "yes",
                    "dial-rule-matching-start-date": "*",
                    "dial-rule-matching-end-date": "*",
                    "dial-rule-application": "available-number",
                    "dial-rule-translation-destination-user": "[*]",
                    "dial-rule-translation-destination-host": "[*]",
                    "dial-rule-translation-source-name": "[*]",
                    "dial-rule-description": "Test Number",
                }
            },
            202,
        ),
        ("POST", NUMBERS, {"json": {"phonenumber": "14155550100", **USER}}, 409),
        ("POST", NUMBERS, {"json": {"phonenumber": "+14155550142", **USER}}, 400),
        ("POST", NUMBERS, {"json": {"phonenumber": "0415555", **USER}}, 400),
        ("POST", NUMBERS, {"json": {"phonenumber": "14155550142"}}, 400),
        ("POST", NUMBERS, {"content": b"not json"}, 400),
        ("POST", NUMBERS, {"json": ["phonenumber"]}, 400),
        ("PUT", ONE, {"json": {**USER, "dial-rule-application": "to-app"}}, 400),
        ("PUT", ONE, {"json": {**USER, "enabled": True}}, 400),
        ("PUT", ONE, {"json": {"dial-rule-application": "to-user"}}, 400),
        ("PUT", ONE, {"json": {**USER, "dial-rule-description": "Main"}}, 202),
        ("PUT", NUMBERS + "/14155550199", {"json": USER}, 404),
        ("GET", NUMBERS + "/14155550199", {}, 404),
        ("DELETE", NUMBERS + "/14155550199", {}, 404),
        ("DELETE", ONE, {}, 202),
        ("GET", NUMBERS + "/count", {}, 200),
        ("GET", "/domains/" + "a" * 65 + "/phonenumbers", {}, 400),
        ("GET", NUMBERS, {"headers": {}}, 401),
        ("GET", NUMBERS, {"headers": {"Authorization": "Bearer nope"}}, 401),
        ("GET", "/domains/other.example.com/phonenumbers", {}, 403),
        ("PATCH", ONE, {}, 405),
    ],
)
def test_every_emulator_answer_validates(
    spec: SipbxNumbersSpec, method: str, path: str, kwargs: dict[str, Any], status: int
) -> None:
    response = _raw(SipbxEmulator(), spec, method, path, **kwargs)
    assert response.status_code == status
    if status >= 400:
        assert set(response.json()) == {"code", "message"}
        assert response.json()["code"] == status
