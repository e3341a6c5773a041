"""Every request the Twilio plugin can send, and every reply its emulator gives, validated
against Twilio's OpenAPI (../shared/vendor-specs/twilio-api-v2010-sip-accounts.openapi.json)."""

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
from telephony_twilio.emulator_base import (
    SANDBOX_ACCOUNT,
    SANDBOX_API_KEY,
    SANDBOX_API_SECRET,
    SANDBOX_AUTH_TOKEN,
    SANDBOX_CREDENTIAL_LIST,
    SANDBOX_IP_ACCESS_CONTROL_LIST,
)
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


def documented(spec: TwilioSpec) -> Any:
    """A vendor answering every request with the reference's own example reply. A first page
    links a second (the examples' `next_page_uri` is null), so that following it is checked."""

    def reply(request: httpx.Request) -> httpx.Response:
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
        elif "PageToken" in request.url.params:
            body = _other_items(body)
        return httpx.Response(200, json=body)

    return reply


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
