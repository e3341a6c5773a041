"""Every request the Twilio plugin can send, and every reply its emulator gives, validated
against Twilio's OpenAPI (../shared/vendor-specs/twilio-api-v2010-provisioning.openapi.json)."""

from __future__ import annotations

import base64
import ipaddress
import json
import re
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema.exceptions import ValidationError as SchemaError
from openapi_core.validation.request.exceptions import (
    InvalidParameter,
    InvalidRequestBody,
    RequestBodyValidationError,
    SecurityValidationError,
)
from telephony_twilio import TwilioEmulator
from telephony_twilio.emulator import SEEDED_SUBACCOUNT
from telephony_twilio.emulator_applications import SEEDED_APPLICATION
from telephony_twilio.emulator_base import (
    SANDBOX_ACCOUNT,
    SANDBOX_API_KEY,
    SANDBOX_API_SECRET,
    SANDBOX_AUTH_TOKEN,
    SANDBOX_CREDENTIAL_LIST,
    SANDBOX_IP_ACCESS_CONTROL_LIST,
)
from telephony_twilio.emulator_numbers import SEEDED_NUMBER, SEEDED_TRUNK
from telephony_twilio.emulator_sip import SEEDED_CREDENTIAL, SEEDED_IP_ADDRESS

import telephony_core as tel
from tests.openapi_specs import Recorder
from tests.twilio_openapi import TwilioSpec

ACCOUNT = "AC" + "1" * 32
SUBACCOUNT = "AC" + "2" * 32
CREDENTIAL_LIST = "CL" + "1" * 32
OTHER_CREDENTIAL_LIST = "CL" + "3" * 32
IP_LIST = "AL" + "1" * 32
CREDENTIAL = "CR" + "1" * 32
IP_ADDRESS = "IP" + "1" * 32
TOKEN = "test-auth-token-0123456789"
PASSWORD = "IWasAtSignal2018"


@pytest.fixture
def spec() -> TwilioSpec:
    return TwilioSpec.require()


def _template(spec: TwilioSpec, path: str) -> str:
    for template in spec.raw["paths"]:
        pattern = re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            return template
    raise AssertionError(f"{path} is not documented")


def documented(spec: TwilioSpec, *, conforming: bool = True) -> Any:
    """A vendor answering every request with the reference's own example reply. A first page
    links a second, the last (the examples' `next_page_uri` is null or names the example
    account's listing), so that following it is checked.

    The number examples write "" for an unset SID (`voice_application_sid`) and coordinates
    as text, which their own schema refuses: `conforming` sends null and numbers instead,
    so that the replies validate."""

    def reply(request: httpx.Request) -> httpx.Response:
        response = _example(request)
        if conforming and response.status_code < 300 and response.content:
            return httpx.Response(response.status_code, json=_conforming(response.json()))
        return response

    def _example(request: httpx.Request) -> httpx.Response:
        template = _template(spec, request.url.path)
        if request.method == "DELETE":
            return httpx.Response(204)
        if request.method == "POST" and template.endswith("s.json"):
            body = next(iter(spec.examples("POST", template, "201").values()))
            return httpx.Response(201, json=body)
        examples = spec.examples(request.method, template)
        body = examples.get("readFull") or examples.get("fetch") or examples.get("update")
        assert body is not None, f"no example for {request.method} {template}"
        if "next_page_uri" in body and "PageToken" not in request.url.params:
            query = dict(request.url.params) | {"Page": "1", "PageToken": "PAtoken"}
            body = {**body, "next_page_uri": f"{request.url.path}?{urlencode(query)}"}
        elif "PageToken" in request.url.params:  # the last page
            body = {**_other_items(body), "next_page_uri": None}
        return httpx.Response(200, json=body)

    return reply


def _conforming(value: Any) -> Any:
    """`value` with each empty `..._sid` made null, and coordinates numbers."""
    if isinstance(value, list):
        return [_conforming(item) for item in value]
    if not isinstance(value, dict):
        return value
    fixed = {k: _conforming(v) for k, v in value.items()}
    for key, item in value.items():
        if key.endswith("_sid") and item == "":
            fixed[key] = None
        elif key in ("latitude", "longitude") and isinstance(item, str):
            fixed[key] = float(item)
    return fixed


def _other_sid(sid: str) -> str:
    return sid[:-1] + ("b" if sid[-1] != "b" else "c")


def _other_items(page: dict[str, Any]) -> dict[str, Any]:
    """The example page with other items (each sid changed): a second page that brings
    something new, as a listing must (a page of items already listed stops it)."""
    return {
        key: [
            {**item, "sid": _other_sid(item["sid"])}
            if isinstance(item, dict) and "sid" in item
            else item
            for item in value
        ]
        if isinstance(value, list)
        else value
        for key, value in page.items()
    }


def client(recorder: Recorder, **settings: str) -> tel.Client:
    defaults = {
        "account_sid": ACCOUNT,
        "auth_token": TOKEN,
        "credential_list": CREDENTIAL_LIST,
        "ip_access_control_list": IP_LIST,
    }
    return tel.connect("twilio", transport=recorder.transport, **(defaults | settings))


SCOPES: list[dict[str, str]] = [
    {},
    {"tenant": SUBACCOUNT},
    {"tenant": SUBACCOUNT, "owner": "AL" + "9" * 32},
]


@pytest.mark.parametrize("scope", SCOPES, ids=lambda s: ",".join(s) or "defaults")
def test_every_sip_call_validates_with_the_documented_replies(
    spec: TwilioSpec, scope: dict[str, str]
) -> None:
    recorder = Recorder(spec, documented(spec))
    twilio = client(recorder)
    device_scope = {**scope, **({"owner": OTHER_CREDENTIAL_LIST} if "owner" in scope else {})}
    devices = twilio.devices
    assert devices.get(CREDENTIAL, **device_scope).username == "1440013725.28"
    assert len(list(devices.list(page_size=1, **device_scope))) == 2  # two pages
    devices.create(username="alice", password=PASSWORD, **device_scope)
    devices.update(CREDENTIAL, password=PASSWORD, **device_scope)
    devices.delete(CREDENTIAL, **device_scope)
    rules = twilio.access_rules
    assert rules.get(IP_ADDRESS, **scope).cidr == "192.168.1.1"
    assert len(list(rules.list(**scope))) == 2
    rules.create(name="Office", cidr="10.40.50.0/24", **scope)
    rules.create(name="One host", cidr="192.0.2.7", **scope)
    rules.update(IP_ADDRESS, name="Renamed", **scope)
    rules.update(IP_ADDRESS, cidr="10.0.0.0/8", **scope)
    rules.update(IP_ADDRESS, name="Both", cidr="203.0.113.0/25", **scope)
    rules.delete(IP_ADDRESS, **scope)
    assert recorder.seen == 15


def test_every_tenant_call_validates_with_the_documented_replies(spec: TwilioSpec) -> None:
    recorder = Recorder(spec, documented(spec))
    tenants = client(recorder).tenants
    assert tenants.get(SUBACCOUNT).name == "friendly_name"
    assert [t.id for t in tenants.list(page_size=1000)] == ["AC" + "a" * 32, "AC" + "a" * 31 + "b"]
    assert tenants.find("friendly_name") is not None
    tenants.create(name="Billing Team")
    tenants.create()  # Twilio names it
    tenants.update(SUBACCOUNT, name="Renamed")
    tenants.update(SUBACCOUNT, enabled=False)
    tenants.update(SUBACCOUNT, enabled=True, name="Both")
    tenants.delete(SUBACCOUNT)
    assert recorder.seen == 10


def test_an_api_key_and_large_pages_validate(spec: TwilioSpec) -> None:
    recorder = Recorder(spec, documented(spec))
    twilio = client(recorder, api_key="SK" + "1" * 32, api_secret="key-secret-0123456789")
    list(twilio.devices.list(page_size=5000))  # asks for Twilio's largest page, 1000
    assert recorder.seen == 2


# Any valid call: hypothesis draws the values.

_USERNAME = st.text(min_size=1, max_size=32).filter(lambda s: "\x00" not in s)


@st.composite
def _password(draw: st.DrawFn) -> str:
    core = draw(st.text(min_size=9, max_size=40).filter(lambda s: "\x00" not in s))
    return "".join(draw(st.permutations(["A", "b", "7", core])))


@st.composite
def _cidr(draw: st.DrawFn) -> str:
    prefix = draw(st.integers(min_value=1, max_value=32))
    address = ipaddress.IPv4Address(draw(st.integers(min_value=0, max_value=2**32 - 1)))
    return str(ipaddress.IPv4Network(f"{address}/{prefix}", strict=False))


_NAME = st.text(min_size=1, max_size=64).filter(lambda s: "\x00" not in s)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    username=_USERNAME,
    password=_password(),
    name=_NAME,
    cidr=_cidr(),
    enabled=st.booleans(),
    page_size=st.integers(min_value=1, max_value=5000),
)
def test_any_valid_call_produces_requests_the_openapi_accepts(
    username: str, password: str, name: str, cidr: str, enabled: bool, page_size: int
) -> None:
    spec = TwilioSpec.require()
    recorder = Recorder(spec, documented(spec))
    twilio = client(recorder)
    twilio.devices.create(username=username, password=password)
    twilio.devices.update(CREDENTIAL, password=password)
    twilio.access_rules.create(name=name, cidr=cidr)
    twilio.access_rules.update(IP_ADDRESS, name=name, cidr=cidr)
    twilio.tenants.create(name=name)
    twilio.tenants.update(SUBACCOUNT, name=name, enabled=enabled)
    next(iter(twilio.devices.list(page_size=page_size)))
    assert twilio.tenants.find(name) is None  # the example's name is "friendly_name"
    assert recorder.seen >= 9


def test_the_checks_can_fail(spec: TwilioSpec) -> None:
    """A request the reference does not allow is caught: each check can fail."""
    base = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/SIP/CredentialLists/{CREDENTIAL_LIST}"
    auth = "Basic " + base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()
    form = {"Authorization": auth, "Content-Type": "application/x-www-form-urlencoded"}
    for url, body, error in (
        (f"{base}/Credentials.json", "Username=alice", InvalidRequestBody),
        (f"{base}/Credentials.json", "Username=alice&Password=x&Alias=y", AssertionError),
        (f"{base}/Credentials/{CREDENTIAL}.json", "Username=bob", AssertionError),
        (f"{base}/Credentials/nope.json", "Password=x", InvalidParameter),
    ):
        request = httpx.Request("POST", url, headers=form, content=body.encode())
        with pytest.raises(error):
            spec.check_request(request)
    with pytest.raises(RequestBodyValidationError):  # JSON, not a form
        spec.check_request(
            httpx.Request(
                "POST",
                f"{base}/Credentials.json",
                headers={"Authorization": auth},
                json={"Username": "alice", "Password": PASSWORD},
            )
        )
    with pytest.raises(InvalidParameter):
        spec.check_request(
            httpx.Request("GET", f"{base}/Credentials.json?PageSize=1001", headers=form)
        )
    with pytest.raises(SecurityValidationError):
        spec.check_request(httpx.Request("GET", f"{base}/Credentials.json"))
    request = httpx.Request("GET", f"{base}/Credentials/{CREDENTIAL}.json", headers=form)
    with pytest.raises(SchemaError):  # an error body that is not Twilio's
        spec.check_response(request, httpx.Response(404, json={"error": "not found"}))


# The emulator's replies.


def test_every_emulator_reply_to_the_plugin_validates(spec: TwilioSpec) -> None:
    emulator = TwilioEmulator()
    recorder = Recorder(spec, emulator.handle)
    twilio = tel.connect(
        "twilio",
        transport=recorder.transport,
        **emulator.credentials,
    )
    devices, rules, tenants = twilio.devices, twilio.access_rules, twilio.tenants
    created = devices.create(username="alice", password=PASSWORD)
    assert [d.id for d in devices.list(page_size=1)] == [SEEDED_CREDENTIAL, created.id]
    devices.update(created.id, password="IWasAtSignal2019")
    devices.get(created.id)
    devices.delete(created.id)
    with pytest.raises(tel.NotFound):
        devices.get(created.id)
    with pytest.raises(tel.NotFound):
        devices.get(SEEDED_CREDENTIAL, owner=OTHER_CREDENTIAL_LIST)
    rule = rules.create(name="Office", cidr="10.40.50.0/24")
    assert rules.get(rule.id).cidr == "10.40.50.0/24"
    rules.update(rule.id, cidr="10.40.0.0/16")
    assert [r.cidr for r in rules.list(page_size=1)] == ["192.168.1.1", "10.40.0.0/16"]
    rules.delete(rule.id)
    rules.get(SEEDED_IP_ADDRESS)
    tenant = tenants.create(name="Billing Team")
    tenants.update(tenant.id, enabled=False)
    assert tenants.find("Billing Team") is not None
    assert len(list(tenants.list(page_size=1))) == 2
    tenants.delete(tenant.id)
    with pytest.raises(tel.NotFound):
        tenants.get(tenant.id)  # closed
    with pytest.raises(tel.ValidationError) as invalid:
        tenants.update(tenant.id, enabled=True)  # 21479: closed for good
    assert "enabled" in invalid.value.field_errors
    with pytest.raises(tel.NotFound):
        devices.list(tenant="AC" + "c" * 32).__next__()
    assert recorder.seen == 25


def test_a_subaccount_cannot_reach_its_parent(spec: TwilioSpec) -> None:
    emulator = TwilioEmulator()
    subaccount = emulator.accounts[SEEDED_SUBACCOUNT]
    recorder = Recorder(spec, emulator.handle)
    own = tel.connect(
        "twilio",
        account_sid=SEEDED_SUBACCOUNT,
        auth_token=subaccount["auth_token"],
        transport=recorder.transport,
    )
    assert [t.id for t in own.tenants.list()] == []  # its listing holds only itself
    with pytest.raises(tel.PermissionDenied):
        next(own.devices.list(tenant=SANDBOX_ACCOUNT, owner=SANDBOX_CREDENTIAL_LIST))
    with pytest.raises(tel.PermissionDenied):
        own.tenants.create(name="Grandchild")
    assert recorder.seen == 3


def _basic(user: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()}


CREDENTIALS_PATH = (
    f"/2010-04-01/Accounts/{SANDBOX_ACCOUNT}/SIP/CredentialLists/{SANDBOX_CREDENTIAL_LIST}/"
    "Credentials"
)
IPS_PATH = (
    f"/2010-04-01/Accounts/{SANDBOX_ACCOUNT}/SIP/IpAccessControlLists/"
    f"{SANDBOX_IP_ACCESS_CONTROL_LIST}/IpAddresses"
)
SANDBOX = _basic(SANDBOX_ACCOUNT, SANDBOX_AUTH_TOKEN)
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize(
    ("method", "path", "headers", "body", "status"),
    [
        ("GET", CREDENTIALS_PATH + ".json", SANDBOX, "", 200),
        ("GET", CREDENTIALS_PATH + ".json", _basic(SANDBOX_API_KEY, SANDBOX_API_SECRET), "", 200),
        ("GET", CREDENTIALS_PATH + ".json?PageSize=1000&Page=3", SANDBOX, "", 200),
        ("GET", CREDENTIALS_PATH + ".json", {}, "", 401),
        ("GET", CREDENTIALS_PATH + ".json", _basic(SANDBOX_ACCOUNT, "wrong"), "", 401),
        ("GET", CREDENTIALS_PATH + ".json", {"Authorization": "Bearer x"}, "", 401),
        ("GET", CREDENTIALS_PATH + ".json?PageSize=1001", SANDBOX, "", 400),
        ("GET", CREDENTIALS_PATH + ".json?Page=-1", SANDBOX, "", 400),
        ("POST", CREDENTIALS_PATH + ".json", SANDBOX, "Username=bob", 400),
        ("POST", CREDENTIALS_PATH + ".json", SANDBOX, "Username=bob&Password=short", 400),
        (
            "POST",
            CREDENTIALS_PATH + ".json",
            SANDBOX,
            "Username=" + "b" * 33 + "&Password=" + PASSWORD,
            400,
        ),
        (
            "POST",
            CREDENTIALS_PATH + ".json",
            SANDBOX,
            "Username=1440013725.28&Password=" + PASSWORD,
            400,
        ),
        ("POST", CREDENTIALS_PATH + ".json", SANDBOX, "Username=bob&Password=" + PASSWORD, 201),
        (
            "POST",
            CREDENTIALS_PATH + f"/{SEEDED_CREDENTIAL}.json",
            SANDBOX,
            "Password=alllowercase123",
            400,
        ),
        (
            "POST",
            CREDENTIALS_PATH + f"/{SEEDED_CREDENTIAL}.json",
            SANDBOX,
            "Password=" + PASSWORD,
            200,
        ),
        ("GET", CREDENTIALS_PATH + "/CR" + "f" * 32 + ".json", SANDBOX, "", 404),
        ("GET", CREDENTIALS_PATH + "/nope.json", SANDBOX, "", 404),
        ("DELETE", CREDENTIALS_PATH + "/CR" + "f" * 32 + ".json", SANDBOX, "", 404),
        ("DELETE", CREDENTIALS_PATH + f"/{SEEDED_CREDENTIAL}.json", SANDBOX, "", 204),
        ("PUT", CREDENTIALS_PATH + f"/{SEEDED_CREDENTIAL}.json", SANDBOX, "", 405),
        ("POST", IPS_PATH + ".json", SANDBOX, "FriendlyName=x", 400),
        ("POST", IPS_PATH + ".json", SANDBOX, "FriendlyName=x&IpAddress=10.0.0.0/8", 400),
        ("POST", IPS_PATH + ".json", SANDBOX, "FriendlyName=x&IpAddress=::1", 400),
        (
            "POST",
            IPS_PATH + ".json",
            SANDBOX,
            "FriendlyName=x&IpAddress=10.0.0.0&CidrPrefixLength=33",
            400,
        ),
        (
            "POST",
            IPS_PATH + ".json",
            SANDBOX,
            "FriendlyName=" + "x" * 256 + "&IpAddress=10.0.0.1",
            400,
        ),
        (
            "POST",
            IPS_PATH + ".json",
            SANDBOX,
            "FriendlyName=x&IpAddress=10.0.0.0&CidrPrefixLength=8",
            201,
        ),
        ("POST", IPS_PATH + f"/{SEEDED_IP_ADDRESS}.json", SANDBOX, "CidrPrefixLength=24", 200),
        ("GET", IPS_PATH + "/IP" + "f" * 32 + ".json", SANDBOX, "", 404),
        ("GET", "/2010-04-01/Accounts.json", SANDBOX, "", 200),
        (
            "GET",
            "/2010-04-01/Accounts.json?FriendlyName=friendly_name&Status=active",
            SANDBOX,
            "",
            200,
        ),
        ("POST", "/2010-04-01/Accounts.json", SANDBOX, "", 201),
        ("POST", "/2010-04-01/Accounts.json", SANDBOX, "FriendlyName=" + "x" * 65, 400),
        ("POST", f"/2010-04-01/Accounts/{SANDBOX_ACCOUNT}.json", SANDBOX, "Status=suspended", 403),
        ("POST", "/2010-04-01/Accounts/AC" + "b" * 32 + ".json", SANDBOX, "Status=paused", 400),
        ("GET", "/2010-04-01/Accounts/AC" + "f" * 32 + ".json", SANDBOX, "", 404),
        ("GET", "/2010-04-01/Phones.json", SANDBOX, "", 404),
    ],
)
def test_every_emulator_answer_validates(
    spec: TwilioSpec, method: str, path: str, headers: dict[str, str], body: str, status: int
) -> None:
    request = httpx.Request(
        method, "https://api.twilio.com" + path, headers={**FORM, **headers}, content=body.encode()
    )
    response = TwilioEmulator().handle(request)
    response.read()
    assert response.status_code == status, response.text
    spec.check_response(request, response)
    if status >= 400:
        assert json.loads(response.content)["status"] == status


# Call routing: applications, incoming phone numbers, available phone numbers.

APPLICATION = "AP" + "1" * 32
NUMBER = "PN" + "1" * 32
TRUNK = "TK" + "1" * 32
EXAMPLE_NUMBER = "+18089255327"  # the reference's examples


@pytest.mark.parametrize("scope", [{}, {"tenant": SUBACCOUNT}], ids=["defaults", "tenant"])
def test_every_routing_call_validates_with_the_documented_replies(
    spec: TwilioSpec, scope: dict[str, str]
) -> None:
    recorder = Recorder(spec, documented(spec))
    twilio = client(recorder)
    apps = twilio.applications
    assert apps.get(APPLICATION, **scope).name == "Application Friendly Name"
    assert len(list(apps.list(page_size=1, **scope))) == 2  # two pages
    assert apps.find("d8821fb7-4d01-48b2-bdc5-34e46252b90b", **scope) is not None
    apps.create(**scope)  # every parameter is optional
    apps.create(
        name="Main IVR",
        answer_url="https://ivr.example.org/answer",
        answer_method="GET",
        fallback_url="https://ivr.example.org/fallback",
        fallback_method="POST",
        hangup_url="https://ivr.example.org/hangup",
        hangup_method="GET",
        message_url="https://ivr.example.org/sms",
        message_method="POST",
        **scope,
    )
    apps.update(APPLICATION, answer_url="https://ivr.example.org/v2", **scope)
    apps.delete(APPLICATION, **scope)
    numbers = twilio.numbers
    assert numbers.get(NUMBER, **scope).number == EXAMPLE_NUMBER
    assert len(list(numbers.list(page_size=1, **scope))) == 2
    assert numbers.find(EXAMPLE_NUMBER, **scope) is not None
    numbers.create(number="+14155550100", **scope)
    numbers.create(number="+14155550101", name="Front desk", application_id=APPLICATION, **scope)
    numbers.create(number="+14155550102", trunk_id=TRUNK, **scope)
    numbers.update(NUMBER, name="Front desk", **scope)
    numbers.update(NUMBER, application_id=APPLICATION, **scope)
    numbers.update(NUMBER, trunk_id=TRUNK, **scope)
    numbers.update(NUMBER, extra={"AccountSid": ACCOUNT}, **scope)
    numbers.delete(NUMBER, **scope)
    offers = [
        list(numbers.search(country="US", area_code="415", contains="555", limit=3, **scope)),
        list(numbers.search(country="US", number_type="toll_free", **scope)),
        list(numbers.search(country="GB", number_type="mobile", contains="7700", **scope)),
        list(numbers.search(country="CA", number_type="national", **scope)),
    ]
    assert [offer.number for found in offers for offer in found][:1] == ["+18089251571"]
    assert recorder.seen == 24


def test_the_documented_replies_read_as_the_reference_describes(spec: TwilioSpec) -> None:
    transport = httpx.MockTransport(documented(spec, conforming=False))
    twilio = tel.connect("twilio", account_sid=ACCOUNT, auth_token=TOKEN, transport=transport)
    number = twilio.numbers.get(NUMBER)
    assert (number.application_id, number.trunk_id) == (None, None)  # "" and null: not routed
    assert number.capabilities == frozenset({"voice", "mms"})
    assert number.number_type == tel.NumberType.LOCAL
    bought = twilio.numbers.create(number=EXAMPLE_NUMBER)
    assert bought.application_id == "AP" + "a" * 32
    offer = next(twilio.numbers.search(country="US", area_code="808"))
    assert (offer.number, offer.country, offer.region, offer.locality) == (
        "+18089251571",
        "US",
        "HI",
        "Hilo",
    )
    assert offer.capabilities == frozenset({"voice", "mms"})
    assert offer.number_type == tel.NumberType.LOCAL
    app = twilio.applications.get(APPLICATION)
    assert (app.answer_url, app.answer_method, app.hangup_url) == (
        "http://example.com",
        tel.HttpMethod.GET,
        "http://example.com",
    )


_URL = st.sampled_from(
    ["https://ivr.example.org/answer", "http://example.com", "https://a.example/x?y=1&z=%20"]
)
_METHOD = st.sampled_from(["GET", "POST", "get"])
_APP_NAME = st.text(min_size=1, max_size=64).filter(lambda s: "\x00" not in s)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=_APP_NAME,
    url=_URL,
    method=_METHOD,
    area_code=st.from_regex(r"[2-9][0-9]{2}", fullmatch=True),
    contains=st.from_regex(r"[0-9]{2,15}", fullmatch=True),
    kind=st.sampled_from(["local", "toll_free", "mobile", "national"]),
    limit=st.integers(min_value=1, max_value=1000),
    route=st.sampled_from(["application_id", "trunk_id"]),
)
def test_any_valid_routing_call_produces_requests_the_openapi_accepts(
    name: str,
    url: str,
    method: str,
    area_code: str,
    contains: str,
    kind: str,
    limit: int,
    route: str,
) -> None:
    spec = TwilioSpec.require()
    recorder = Recorder(spec, documented(spec))
    twilio = client(recorder)
    twilio.applications.create(name=name, answer_url=url, answer_method=method, hangup_url=url)
    twilio.applications.update(APPLICATION, name=name, message_url=url, message_method=method)
    target = {"application_id": APPLICATION, "trunk_id": TRUNK}[route]
    twilio.numbers.update(NUMBER, name=name, **{route: target})
    twilio.numbers.create(number="+1" + area_code + "5550100", **{route: target})
    list(twilio.numbers.search(country="US", area_code=area_code, contains=contains, limit=limit))
    next(iter(twilio.numbers.search(country="GB", number_type=kind, contains=contains)), None)
    assert recorder.seen == 6


def test_routing_rules_are_refused_before_sending(spec: TwilioSpec) -> None:
    recorder = Recorder(spec, documented(spec))
    twilio = client(recorder)
    refused = [
        (
            lambda: twilio.numbers.update(NUMBER, application_id=APPLICATION, trunk_id=TRUNK),
            "trunk_id",
        ),
        (lambda: twilio.numbers.update(NUMBER, application_id="TK" + "1" * 32), "application_id"),
        (lambda: twilio.numbers.update(NUMBER, trunk_id="trunk-1"), "trunk_id"),
        (lambda: twilio.numbers.update(NUMBER, application_id=None), "application_id"),
        (lambda: twilio.numbers.update(NUMBER, name="x" * 65), "name"),
        (lambda: twilio.numbers.update(NUMBER, extra={"AccountSid": "me"}), "extra.AccountSid"),
        (lambda: twilio.numbers.create(name="No number"), "number"),
        (lambda: twilio.numbers.create(number="415-555-0100"), "number"),
        (lambda: twilio.applications.create(answer_url="ftp://ivr.example.org"), "answer_url"),
        (lambda: twilio.applications.create(name="x" * 65), "name"),
        (lambda: twilio.applications.update(APPLICATION, answer_method="PUT"), "answer_method"),
        (lambda: next(twilio.numbers.search(country="GB", area_code="20")), "area_code"),
        (lambda: next(twilio.numbers.search(country="US", area_code="4150")), "area_code"),
        (lambda: next(twilio.numbers.search(country="US", area_code="041")), "area_code"),
        (lambda: next(twilio.numbers.search(country="US", contains="5")), "contains"),
        (lambda: next(twilio.numbers.search(country="USA")), "country"),
    ]
    for call, field in refused:
        with pytest.raises(tel.ValidationError) as invalid:
            call()
        assert field in invalid.value.field_errors, (field, invalid.value)
    with pytest.raises(tel.UnsupportedField, match="rings no PBX user"):
        twilio.numbers.update(NUMBER, user_id="1001")
    with pytest.raises(tel.UnsupportedField, match="default of nothing"):
        twilio.applications.update(APPLICATION, default_for_numbers=True)
    assert recorder.seen == 0


def test_every_emulator_routing_reply_to_the_plugin_validates(spec: TwilioSpec) -> None:
    emulator = TwilioEmulator()
    recorder = Recorder(spec, emulator.handle)
    twilio = tel.connect("twilio", transport=recorder.transport, **emulator.credentials)
    apps, numbers = twilio.applications, twilio.numbers
    app = apps.create(name="Main IVR", answer_url="https://ivr.example.org/answer")
    assert [a.id for a in apps.list(page_size=1)] == [SEEDED_APPLICATION, app.id]
    assert apps.find("Main IVR") == apps.get(app.id)
    apps.update(app.id, hangup_url="https://ivr.example.org/hangup", hangup_method="GET")
    seeded = numbers.find("+18089255327")
    assert seeded is not None and seeded.id == SEEDED_NUMBER
    routed = numbers.update(seeded.id, application_id=app.id)
    assert numbers.get(seeded.id).application_id == routed.application_id == app.id
    trunked = numbers.update(seeded.id, trunk_id=SEEDED_TRUNK)
    assert (trunked.application_id, trunked.trunk_id) == (None, SEEDED_TRUNK)
    offer = next(numbers.search(country="US", area_code="415", contains="0100"))
    bought = numbers.create(number=offer.number, name="Sales", application_id=app.id)
    assert [n.number for n in numbers.list(page_size=2)][-1] == offer.number
    moved = numbers.update(bought.id, extra={"AccountSid": SEEDED_SUBACCOUNT})
    assert moved.tenant == SEEDED_SUBACCOUNT
    with pytest.raises(tel.NotFound):
        numbers.get(bought.id)  # no longer the main account's
    numbers.delete(bought.id, tenant=SEEDED_SUBACCOUNT)
    assert [o.number for o in numbers.search(country="US", area_code="415", limit=1)] == [
        offer.number
    ]  # released: on offer again
    with pytest.raises(tel.ValidationError) as unknown:
        numbers.update(seeded.id, application_id="AP" + "f" * 32)  # 22108
    assert "application_id" in unknown.value.field_errors
    with pytest.raises(tel.ValidationError) as taken:
        numbers.create(number="+14155550199")  # 21422: the seeded routed number
    assert "number" in taken.value.field_errors
    apps.delete(app.id)
    with pytest.raises(tel.NotFound):
        apps.get(app.id)
    list(numbers.search(country="GB", number_type="mobile", limit=3))
    list(numbers.search(country="US", number_type="toll_free", limit=3))
    assert recorder.seen == 24


ACCOUNT_PATH = f"/2010-04-01/Accounts/{SANDBOX_ACCOUNT}"
APPS_PATH = ACCOUNT_PATH + "/Applications"
NUMBERS_PATH = ACCOUNT_PATH + "/IncomingPhoneNumbers"
AVAILABLE_PATH = ACCOUNT_PATH + "/AvailablePhoneNumbers"
SEEDED_NUMBER_PATH = f"{NUMBERS_PATH}/{SEEDED_NUMBER}.json"
UNKNOWN_APPLICATION = "AP" + "f" * 32


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("GET", APPS_PATH + ".json", "", 200, None),
        (
            "GET",
            APPS_PATH + ".json?FriendlyName=Application+Friendly+Name&PageSize=1",
            "",
            200,
            None,
        ),
        ("POST", APPS_PATH + ".json", "", 201, None),
        (
            "POST",
            APPS_PATH + ".json",
            "FriendlyName=Main+IVR&VoiceUrl=https%3A%2F%2Fa.example%2F",
            201,
            None,
        ),
        ("POST", APPS_PATH + ".json", "FriendlyName=" + "x" * 65, 400, 20001),
        ("POST", APPS_PATH + ".json", "VoiceUrl=ftp%3A%2F%2Fa.example%2F", 400, 20001),
        ("POST", APPS_PATH + ".json", "VoiceMethod=PUT", 400, 20001),
        ("POST", f"{APPS_PATH}/{SEEDED_APPLICATION}.json", "VoiceMethod=POST", 200, None),
        ("GET", f"{APPS_PATH}/{UNKNOWN_APPLICATION}.json", "", 404, 20404),
        ("DELETE", f"{APPS_PATH}/{SEEDED_APPLICATION}.json", "", 204, None),
        ("DELETE", f"{APPS_PATH}/{UNKNOWN_APPLICATION}.json", "", 404, 20404),
        ("GET", NUMBERS_PATH + ".json", "", 200, None),
        ("GET", NUMBERS_PATH + ".json?PhoneNumber=%2B1808*&PageSize=1", "", 200, None),
        ("POST", NUMBERS_PATH + ".json", "", 400, 20001),
        ("POST", NUMBERS_PATH + ".json", "PhoneNumber=4155550100", 400, 21421),
        ("POST", NUMBERS_PATH + ".json", "PhoneNumber=%2B18089255327", 400, 21422),
        ("POST", NUMBERS_PATH + ".json", "PhoneNumber=%2B14155550100", 201, None),
        ("POST", NUMBERS_PATH + ".json", "AreaCode=415", 201, None),
        ("POST", NUMBERS_PATH + ".json", "AreaCode=999", 400, 21452),
        (
            "POST",
            NUMBERS_PATH + ".json",
            f"PhoneNumber=%2B14155550100&VoiceApplicationSid={UNKNOWN_APPLICATION}",
            400,
            21420,
        ),
        (
            "POST",
            NUMBERS_PATH + ".json",
            f"PhoneNumber=%2B14155550100&VoiceApplicationSid={SEEDED_APPLICATION}"
            f"&TrunkSid={SEEDED_TRUNK}",
            400,
            20001,
        ),
        ("POST", SEEDED_NUMBER_PATH, f"VoiceApplicationSid={SEEDED_APPLICATION}", 200, None),
        ("POST", SEEDED_NUMBER_PATH, f"VoiceApplicationSid={UNKNOWN_APPLICATION}", 400, 22108),
        ("POST", SEEDED_NUMBER_PATH, f"TrunkSid={SEEDED_TRUNK}", 200, None),
        ("POST", SEEDED_NUMBER_PATH, "TrunkSid=TK" + "f" * 32, 400, 20001),
        ("POST", SEEDED_NUMBER_PATH, "FriendlyName=" + "x" * 65, 400, 20001),
        ("POST", SEEDED_NUMBER_PATH, f"AccountSid={SEEDED_SUBACCOUNT}", 200, None),
        ("POST", SEEDED_NUMBER_PATH, "AccountSid=AC" + "f" * 32, 400, 20001),
        ("GET", f"{NUMBERS_PATH}/PN{'f' * 32}.json", "", 404, 20404),
        ("DELETE", SEEDED_NUMBER_PATH, "", 204, None),
        ("DELETE", f"{NUMBERS_PATH}/PN{'f' * 32}.json", "", 404, 20404),
        ("GET", AVAILABLE_PATH + "/US/Local.json?AreaCode=415&PageSize=3", "", 200, None),
        ("GET", AVAILABLE_PATH + "/US/TollFree.json?Contains=800", "", 200, None),
        ("GET", AVAILABLE_PATH + "/GB/Mobile.json?Contains=7700", "", 200, None),
        ("GET", AVAILABLE_PATH + "/US/Local.json?Contains=JOY", "", 200, None),
        ("GET", AVAILABLE_PATH + "/US/Voip.json", "", 200, None),
        ("GET", AVAILABLE_PATH + "/US/Local.json?Contains=55*", "", 400, 20001),
        ("GET", AVAILABLE_PATH + "/US/Local.json?AreaCode=abc", "", 400, 20001),
        ("GET", AVAILABLE_PATH + "/US/Local.json?PageSize=1001", "", 400, 20001),
    ],
)
def test_every_emulator_routing_answer_validates(
    spec: TwilioSpec, method: str, path: str, body: str, status: int, code: int | None
) -> None:
    request = httpx.Request(
        method, "https://api.twilio.com" + path, headers={**FORM, **SANDBOX}, content=body.encode()
    )
    response = TwilioEmulator().handle(request)
    response.read()
    assert response.status_code == status, response.text
    spec.check_response(request, response)
    if code is not None:
        assert json.loads(response.content)["code"] == code


def test_the_emulator_holds_at_most_1000_applications(spec: TwilioSpec) -> None:
    emulator = TwilioEmulator()
    apps = emulator.applications[SANDBOX_ACCOUNT]
    template = apps[SEEDED_APPLICATION]
    for index in range(1, 1000):
        sid = f"AP{index:032x}"
        apps[sid] = {**template, "sid": sid}
    twilio = tel.connect(
        "twilio", transport=Recorder(spec, emulator.handle).transport, **emulator.credentials
    )
    with pytest.raises(tel.ValidationError, match="21301"):
        twilio.applications.create(name="One too many")
    twilio.applications.delete(SEEDED_APPLICATION)
    assert twilio.applications.create(name="Room for one").name == "Room for one"


def test_only_the_main_account_moves_numbers_and_closing_releases_them(spec: TwilioSpec) -> None:
    emulator = TwilioEmulator()
    recorder = Recorder(spec, emulator.handle)
    main = tel.connect("twilio", transport=recorder.transport, **emulator.credentials)
    moved = main.numbers.update(SEEDED_NUMBER, extra={"AccountSid": SEEDED_SUBACCOUNT})
    assert moved.tenant == SEEDED_SUBACCOUNT
    sub = tel.connect(
        "twilio",
        account_sid=SEEDED_SUBACCOUNT,
        auth_token=emulator.accounts[SEEDED_SUBACCOUNT]["auth_token"],
        transport=recorder.transport,
    )
    assert [n.number for n in sub.numbers.list()] == ["+18089255327"]
    with pytest.raises(tel.PermissionDenied, match="21474"):
        sub.numbers.update(SEEDED_NUMBER, extra={"AccountSid": SANDBOX_ACCOUNT})
    with pytest.raises(tel.ValidationError):  # bought by the subaccount: no longer on offer
        main.numbers.create(number="+18089255327")
    main.tenants.delete(SEEDED_SUBACCOUNT)  # closed: Twilio releases its numbers
    assert main.numbers.create(number="+18089255327").tenant == SANDBOX_ACCOUNT
