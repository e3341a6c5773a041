"""Every request the Telnyx plugin can send, and every reply its emulator gives, validated
against Telnyx's OpenAPI (telnyx-v2-provisioning.openapi.json in the specs folder, see
`tests.openapi_specs`)."""

from __future__ import annotations

import ipaddress
import json
import re
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema.exceptions import ValidationError as SchemaError
from openapi_core.validation.request.exceptions import (
    InvalidRequestBody,
    SecurityValidationError,
)
from telephony_telnyx import TelnyxEmulator
from telephony_telnyx.emulator import (
    SEEDED_CREDENTIAL_CONNECTION,
    SEEDED_IP,
    SEEDED_MANAGED_ACCOUNT,
    SEEDED_MANAGED_API_KEY,
    SEEDED_TEXML_APPLICATION,
    UNROUTED_NUMBER,
)
from telephony_telnyx.emulator_base import SANDBOX_API_KEY, SANDBOX_IP_CONNECTION

import telephony_core as tel
from tests.openapi_specs import Recorder
from tests.telnyx_openapi import QueryError, TelnyxSpec

API_KEY = "KEY0TEST0123456789_dGVzdC10ZWxueXgta2V5"
IP_CONNECTION = "3456789987654"
#: The ids of the description's examples.
CONNECTION = "6a09cdc3-8948-47f0-aa62-74ac943d6c58"
TEXML = "1293384261075731499"
NUMBER_ID = "1293384261075731499"
ACCOUNT = "f65ceda4-6522-4ad6-aede-98de83385123"
PASSWORD = "my123secure456password789"
#: The example object of each collection's replies (`components/schemas`).
EXAMPLES = {
    "credential_connections": "CredentialConnection",
    "ips": "Ip",
    "texml_applications": "TexmlApplication",
    "phone_numbers": "PhoneNumberDetailed",
    "number_orders": "NumberOrderWithPhoneNumbers",
}


@pytest.fixture
def spec() -> TelnyxSpec:
    return TelnyxSpec.require()


def _template(spec: TelnyxSpec, path: str) -> str:
    relative = path.removeprefix("/v2")
    for template in spec.raw["paths"]:
        pattern = re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, relative):
            return template
    raise AssertionError(f"{path} is not documented")


def _other(obj: dict[str, Any]) -> dict[str, Any]:
    """The example with another id of the same form: a second page brings something new."""
    last = obj["id"][-1]
    return {**obj, "id": obj["id"][:-1] + ("8" if last == "9" else "9")}


def documented(spec: TelnyxSpec, *, texml_ids: frozenset[str] = frozenset({TEXML})) -> Any:
    """A vendor answering every request with the description's example objects. A listing
    has two pages (the second with other ids), so that following `meta` is checked; a TeXML
    application other than `texml_ids` is not found."""

    def reply(request: httpx.Request) -> httpx.Response:
        template = _template(spec, request.url.path)
        collection = template.split("/")[1]
        if collection == "managed_accounts":
            obj = spec.example("ManagedAccount")
        elif collection == "available_phone_numbers":
            body = {"data": [spec.example("AvailablePhoneNumber")], "meta": {"total_results": 1}}
            return httpx.Response(200, json=body)
        else:
            obj = spec.example(EXAMPLES[collection])
        if template.endswith("}") or "/actions/" in template:
            if (
                collection == "texml_applications"
                and request.url.path.split("/")[-1] not in texml_ids
            ):
                return httpx.Response(404, json=_not_found())
            return httpx.Response(200, json={"data": obj})
        if request.method == "POST":
            status = 200 if collection in ("managed_accounts", "number_orders") else 201
            return httpx.Response(status, json={"data": obj})
        number = int(request.url.params.get("page[number]", "1"))
        if collection == "managed_accounts":
            obj = spec.example("ManagedAccountMultiListing")
        meta = {"total_pages": 2, "total_results": 2, "page_number": number, "page_size": 1}
        items = [obj if number == 1 else _other(obj)]
        return httpx.Response(200, json={"data": items, "meta": meta})

    return reply


def _not_found() -> dict[str, Any]:
    return {
        "errors": [
            {
                "code": "10005",
                "title": "Resource not found",
                "detail": "The requested resource or URL could not be found.",
                "source": {"pointer": "/"},
            }
        ]
    }


def client(recorder: Recorder, **settings: str) -> tel.Client:
    defaults = {"api_key": API_KEY, "ip_connection": IP_CONNECTION}
    return tel.connect("telnyx", transport=recorder.transport, **(defaults | settings))


def test_every_device_and_access_rule_call_validates(spec: TelnyxSpec) -> None:
    recorder = Recorder(spec, documented(spec))
    telnyx = client(recorder)
    devices = telnyx.devices
    assert devices.get(CONNECTION).username == "myusername123"
    assert len(list(devices.list(page_size=1))) == 2  # two pages
    assert devices.count() == 2  # meta.total_results of a page of one
    devices.create(username="alice42", password=PASSWORD, name="Front desk", enabled=True)
    devices.create(
        username="bob7",
        password=PASSWORD,
        name="Lobby",
        extra={
            "anchorsite_override": "Chicago, IL",
            "dtmf_type": "Inband",
            "sip_uri_calling_preference": "internal",
            "webhook_event_url": "https://hooks.example.com/telnyx",
            "tags": ["lobby"],
        },
    )
    devices.update(CONNECTION, password=PASSWORD, name="Renamed", enabled=False)
    devices.delete(CONNECTION)
    assert devices.find("myusername123") is not None
    rules = telnyx.access_rules
    assert rules.get(CONNECTION).cidr == "192.168.0.0"
    assert len(list(rules.list(page_size=1))) == 2
    assert rules.count() == 2
    rules.create(cidr="203.0.113.7")
    rules.create(cidr="203.0.113.8", extra={"port": 5080})
    rules.update(CONNECTION, cidr="203.0.113.9")
    rules.update(CONNECTION, extra={"port": 5061})  # resends the address, read first
    rules.delete(CONNECTION)
    assert recorder.seen == 21


def test_every_tenant_call_validates(spec: TelnyxSpec) -> None:
    recorder = Recorder(spec, documented(spec))
    tenants = client(recorder).tenants
    tenant = tenants.get(ACCOUNT)
    assert tenant.auth_token == tel.Secret(spec.example("ManagedAccount")["api_key"])
    assert tenant.extra["api_token"] == tel.Secret("x6oexQNHTs-fZ7-QsDMOeg")
    assert len(list(tenants.list(page_size=1))) == 2
    assert tenants.find("Example Company LLC") is not None
    tenants.create(name="Billing Team")
    tenants.create(
        name="Support",
        email="support@example.com",
        extra={
            "password": "Support-Passw0rd",
            "managed_account_allow_custom_pricing": True,
            "rollup_billing": False,
        },
    )
    tenants.update(ACCOUNT, enabled=False)
    tenants.update(ACCOUNT, enabled=True, extra={"managed_account_allow_custom_pricing": False})
    assert recorder.seen == 9


def test_every_application_and_number_call_validates(spec: TelnyxSpec) -> None:
    recorder = Recorder(spec, documented(spec))
    telnyx = client(recorder)
    apps = telnyx.applications
    assert apps.get(TEXML).name == "call-router"
    assert len(list(apps.list(page_size=1))) == 2
    assert apps.find("call-router") is not None
    assert apps.find("ab") is None  # too short for the filter: the listing is scanned
    apps.create(
        name="Main IVR",
        answer_url="https://ivr.example.com/answer",
        answer_method="POST",
        fallback_url="https://ivr.example.com/fallback",
        hangup_url="https://ivr.example.com/status",
        hangup_method="GET",
        extra={
            "active": True,
            "dtmf_type": "Inband",
            "first_command_timeout": True,
            "first_command_timeout_secs": 20,
            "tags": ["ivr"],
        },
    )
    apps.update(TEXML, answer_url="https://ivr.example.com/v2")  # resends friendly_name
    apps.update(TEXML, name="Renamed", answer_url="https://ivr.example.com/v3")
    apps.delete(TEXML)
    numbers = telnyx.numbers
    number = numbers.get(NUMBER_ID)
    assert (number.number, number.application_id, number.trunk_id) == (
        "+19705555098",
        TEXML,
        None,
    )
    assert len(list(numbers.list(page_size=1))) == 2
    assert numbers.count() == 2
    numbers.update(NUMBER_ID, application_id=TEXML)
    numbers.update(NUMBER_ID, trunk_id=CONNECTION)
    numbers.update(NUMBER_ID, extra={"tags": ["main"], "customer_reference": "MAIN"})
    assert numbers.find("+19705555098") is not None
    numbers.create(number="+19705555098", application_id=TEXML)
    numbers.delete(NUMBER_ID)
    offers = list(numbers.search(country="US", area_code="970", contains="555", limit=5))
    assert [o.number for o in offers] == ["+19705555098"]
    assert list(numbers.search(country="GB", number_type="toll_free"))
    assert recorder.seen >= 30


def test_a_large_page_asks_for_telnyx_largest(spec: TelnyxSpec) -> None:
    recorder = Recorder(spec, documented(spec))
    list(client(recorder).devices.list(page_size=5000))
    assert recorder.seen == 2


# Any valid call: hypothesis draws the values.

_LETTER = st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ALNUM = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=3, max_size=31)
_NAME = st.text(min_size=1, max_size=64).filter(lambda s: "\x00" not in s)


@st.composite
def _user_name(draw: st.DrawFn) -> str:
    return draw(_LETTER) + draw(_ALNUM)


@st.composite
def _address(draw: st.DrawFn) -> str:
    return str(ipaddress.IPv4Address(draw(st.integers(min_value=0, max_value=2**32 - 1))))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    user_name=_user_name(),
    password=st.text(min_size=8, max_size=128).filter(lambda s: "\x00" not in s),
    name=_NAME,
    address=_address(),
    enabled=st.booleans(),
    page_size=st.integers(min_value=1, max_value=5000),
)
def test_any_valid_call_produces_requests_the_openapi_accepts(
    user_name: str, password: str, name: str, address: str, enabled: bool, page_size: int
) -> None:
    spec = TelnyxSpec.require()
    recorder = Recorder(spec, documented(spec))
    telnyx = client(recorder)
    telnyx.devices.create(username=user_name, password=password, name=name, enabled=enabled)
    telnyx.devices.update(CONNECTION, password=password, name=name, enabled=enabled)
    telnyx.access_rules.create(cidr=address)
    telnyx.access_rules.update(CONNECTION, cidr=address)
    telnyx.tenants.create(name=name)
    telnyx.tenants.update(ACCOUNT, enabled=enabled)
    telnyx.applications.update(TEXML, name=name)
    next(iter(telnyx.devices.list(page_size=page_size)))
    assert telnyx.tenants.find(name + "!") is None or name + "!" == "Example Company LLC"
    assert recorder.seen >= 9


def test_the_checks_can_fail(spec: TelnyxSpec) -> None:
    """A request the description does not allow is caught: each check can fail."""
    base = "https://api.telnyx.com/v2"
    auth = {"Authorization": f"Bearer {API_KEY}"}
    for url in (
        f"{base}/credential_connections?page[size]=251",
        f"{base}/credential_connections?page[sise]=1",
        f"{base}/credential_connections?pages=1",
        f"{base}/managed_accounts?filter[organization_name][like]=x",
        f"{base}/phone_numbers?filter[number_type][eq]=premium",
    ):
        with pytest.raises(QueryError):
            spec.check_request(httpx.Request("GET", url, headers=auth))
    with pytest.raises(InvalidRequestBody):  # connection_name is required
        spec.check_request(
            httpx.Request(
                "POST",
                f"{base}/credential_connections",
                headers=auth,
                json={"user_name": "alice42", "password": PASSWORD},
            )
        )
    with pytest.raises(AssertionError, match="'alias' is not a parameter"):
        spec.check_request(
            httpx.Request(
                "PATCH",
                f"{base}/ips/{CONNECTION}",
                headers=auth,
                json={"ip_address": "192.0.2.1", "alias": "x"},
            )
        )
    with pytest.raises(SecurityValidationError):
        spec.check_request(httpx.Request("GET", f"{base}/ips"))
    request = httpx.Request("GET", f"{base}/ips/{CONNECTION}", headers=auth)
    with pytest.raises(SchemaError):  # an error body that is not Telnyx's list
        spec.check_response(request, httpx.Response(404, json={"error": "not found"}))


# The emulator's replies.


def sandbox(recorder: Recorder, emulator: TelnyxEmulator) -> tel.Client:
    return tel.connect("telnyx", transport=recorder.transport, **emulator.credentials)


def test_every_emulator_reply_to_the_plugin_validates(spec: TelnyxSpec) -> None:
    emulator = TelnyxEmulator()
    recorder = Recorder(spec, emulator.handle)
    telnyx = sandbox(recorder, emulator)
    devices, rules, tenants = telnyx.devices, telnyx.access_rules, telnyx.tenants
    created = devices.create(username="alice42", password=PASSWORD, name="Front desk")
    assert [d.id for d in devices.list(page_size=1)] == [SEEDED_CREDENTIAL_CONNECTION, created.id]
    devices.update(created.id, password="another-password", enabled=False)
    assert devices.get(created.id).enabled is False
    devices.delete(created.id)
    with pytest.raises(tel.NotFound):
        devices.get(created.id)
    with pytest.raises(tel.ValidationError):
        devices.create(
            username="alice42", password=PASSWORD, name="x", extra={"dtmf_type": "Morse"}
        )
    rule = rules.create(cidr="203.0.113.7", extra={"port": 5080})
    assert rules.get(rule.id).cidr == "203.0.113.7"
    rules.update(rule.id, extra={"port": 5061})
    assert [r.cidr for r in rules.list(page_size=1)] == ["192.168.0.0", "203.0.113.7"]
    rules.delete(rule.id)
    rules.get(SEEDED_IP)
    tenant = tenants.create(name="Billing Team", email="billing@example.com")
    assert tenant.auth_token is not None
    tenants.update(tenant.id, enabled=False)
    tenants.update(tenant.id, enabled=True, extra={"managed_account_allow_custom_pricing": True})
    assert tenants.find("Billing Team") is not None
    assert len(list(tenants.list(page_size=1))) == 2
    apps, numbers = telnyx.applications, telnyx.numbers
    app = apps.create(name="Main IVR", answer_url="https://ivr.example.com/answer")
    apps.update(app.id, hangup_url="https://ivr.example.com/status")
    offers = list(numbers.search(country="US", area_code="415", limit=2))
    bought = numbers.create(number=offers[0].number, application_id=app.id)
    assert bought.application_id == app.id
    assert numbers.update(bought.id, trunk_id=SEEDED_CREDENTIAL_CONNECTION).trunk_id == (
        SEEDED_CREDENTIAL_CONNECTION
    )
    assert len(list(numbers.list(page_size=2))) == 4
    numbers.delete(bought.id)
    apps.delete(app.id)
    with pytest.raises(tel.NotFound):
        numbers.get(bought.id)
    assert recorder.seen > 30


def test_a_managed_account_reaches_only_its_own(spec: TelnyxSpec) -> None:
    emulator = TelnyxEmulator()
    recorder = Recorder(spec, emulator.handle)
    own = tel.connect("telnyx", api_key=SEEDED_MANAGED_API_KEY, transport=recorder.transport)
    assert list(own.devices.list()) == []
    with pytest.raises(tel.AuthenticationError):
        next(iter(own.tenants.list()))  # it manages no accounts
    parent = sandbox(recorder, emulator)
    parent.tenants.update(SEEDED_MANAGED_ACCOUNT, enabled=False)
    with pytest.raises(tel.PermissionDenied):
        next(iter(own.devices.list()))
    assert recorder.seen == 4


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


SANDBOX = _bearer(SANDBOX_API_KEY)
CONNECTIONS = "/v2/credential_connections"


@pytest.mark.parametrize(
    ("method", "path", "headers", "body", "status"),
    [
        ("GET", CONNECTIONS, SANDBOX, None, 200),
        ("GET", CONNECTIONS + "?page[number]=2&page[size]=250", SANDBOX, None, 200),
        ("GET", CONNECTIONS, {}, None, 401),
        ("GET", CONNECTIONS, _bearer("KEY0wrong"), None, 401),
        ("GET", CONNECTIONS + "?page[size]=251", SANDBOX, None, 400),
        ("POST", CONNECTIONS, SANDBOX, {"user_name": "bob7", "password": PASSWORD}, 422),
        (
            "POST",
            CONNECTIONS,
            SANDBOX,
            {"user_name": "bo", "password": PASSWORD, "connection_name": "x"},
            422,
        ),
        (
            "POST",
            CONNECTIONS,
            SANDBOX,
            {"user_name": "1234567", "password": PASSWORD, "connection_name": "x"},
            422,
        ),
        (
            "POST",
            CONNECTIONS,
            SANDBOX,
            {"user_name": "bob7", "password": "short", "connection_name": "x"},
            422,
        ),
        (
            "POST",
            CONNECTIONS,
            SANDBOX,
            {"user_name": "myusername123", "password": PASSWORD, "connection_name": "x"},
            422,
        ),
        (
            "POST",
            CONNECTIONS,
            SANDBOX,
            {"user_name": "bob7", "password": PASSWORD, "connection_name": "x"},
            201,
        ),
        (
            "PATCH",
            CONNECTIONS + f"/{SEEDED_CREDENTIAL_CONNECTION}",
            SANDBOX,
            {"active": False},
            200,
        ),
        ("GET", CONNECTIONS + "/404", SANDBOX, None, 404),
        ("DELETE", CONNECTIONS + f"/{SEEDED_CREDENTIAL_CONNECTION}", SANDBOX, None, 200),
        (
            "POST",
            "/v2/ips",
            SANDBOX,
            {"ip_address": "10.0.0.0/8", "connection_id": SANDBOX_IP_CONNECTION},
            422,
        ),
        ("POST", "/v2/ips", SANDBOX, {"ip_address": "10.0.0.1", "connection_id": "nope"}, 422),
        ("POST", "/v2/ips", SANDBOX, {"ip_address": "10.0.0.1", "port": 70000}, 422),
        (
            "POST",
            "/v2/ips",
            SANDBOX,
            {"ip_address": "10.0.0.1", "connection_id": SANDBOX_IP_CONNECTION},
            201,
        ),
        ("PATCH", f"/v2/ips/{SEEDED_IP}", SANDBOX, {"port": 5061}, 422),
        ("PATCH", f"/v2/ips/{SEEDED_IP}", SANDBOX, {"ip_address": "10.0.0.2"}, 200),
        (
            "GET",
            "/v2/managed_accounts?filter[organization_name][eq]=Example%20Company%20LLC",
            SANDBOX,
            None,
            200,
        ),
        ("POST", "/v2/managed_accounts", SANDBOX, {"email": "x@example.com"}, 422),
        ("POST", "/v2/managed_accounts", SANDBOX, {"business_name": "Acme"}, 200),
        (
            "PATCH",
            f"/v2/managed_accounts/{SEEDED_MANAGED_ACCOUNT}",
            SANDBOX,
            {"business_name": "x"},
            422,
        ),
        (
            "POST",
            f"/v2/managed_accounts/{SEEDED_MANAGED_ACCOUNT}/actions/disable",
            SANDBOX,
            None,
            200,
        ),
        ("GET", "/v2/managed_accounts", _bearer(SEEDED_MANAGED_API_KEY), None, 401),
        ("POST", "/v2/texml_applications", SANDBOX, {"friendly_name": "IVR"}, 422),
        (
            "PATCH",
            f"/v2/texml_applications/{SEEDED_TEXML_APPLICATION}",
            SANDBOX,
            {"voice_method": "post"},
            422,
        ),
        ("GET", "/v2/texml_applications/404", SANDBOX, None, 404),
        ("PATCH", f"/v2/phone_numbers/{UNROUTED_NUMBER}", SANDBOX, {"connection_id": "404"}, 422),
        (
            "PATCH",
            f"/v2/phone_numbers/{UNROUTED_NUMBER}",
            SANDBOX,
            {"connection_id": SEEDED_TEXML_APPLICATION},
            200,
        ),
        ("GET", "/v2/phone_numbers?filter[phone_number]=1312555", SANDBOX, None, 200),
        ("DELETE", f"/v2/phone_numbers/{UNROUTED_NUMBER}", SANDBOX, None, 200),
        (
            "GET",
            "/v2/available_phone_numbers?filter[country_code]=US&filter[limit]=3",
            SANDBOX,
            None,
            200,
        ),
        (
            "POST",
            "/v2/number_orders",
            SANDBOX,
            {"phone_numbers": [{"phone_number": "14155550123"}]},
            422,
        ),
        (
            "POST",
            "/v2/number_orders",
            SANDBOX,
            {"phone_numbers": [{"phone_number": "+13125550100"}]},
            422,
        ),
        (
            "POST",
            "/v2/number_orders",
            SANDBOX,
            {"phone_numbers": [{"phone_number": "+14155550123"}]},
            200,
        ),
        ("GET", "/v2/phones", SANDBOX, None, 404),
    ],
)
def test_every_emulator_answer_validates(
    spec: TelnyxSpec, method: str, path: str, headers: dict[str, str], body: Any, status: int
) -> None:
    content = json.dumps(body).encode() if body is not None else b""
    request = httpx.Request(
        method,
        "https://api.telnyx.com" + path,
        headers={"Content-Type": "application/json", **headers},
        content=content,
    )
    response = TelnyxEmulator().handle(request)
    response.read()
    assert response.status_code == status, response.text
    if path != "/v2/phones":
        spec.check_response(request, response)
    if status >= 400:
        assert json.loads(response.content)["errors"][0]["detail"]


def test_a_taken_user_name_is_a_validation_error_naming_username() -> None:
    """The acceptance of docs/telnyx.md: Telnyx's 422 for a taken `user_name`."""
    body = {
        "errors": [
            {
                "code": "10015",
                "title": "Bad Request",
                "detail": "user_name has already been taken",
                "source": {"pointer": "/user_name"},
            }
        ]
    }
    vendor = httpx.MockTransport(lambda request: httpx.Response(422, json=body))
    telnyx = tel.connect("telnyx", api_key=API_KEY, transport=vendor)
    with pytest.raises(tel.ValidationError) as info:
        telnyx.devices.create(username="alice42", password=PASSWORD, name="Front desk")
    assert info.value.field_errors == {"username": "user_name has already been taken"}
    assert "user_name has already been taken" in str(info.value)
    with (
        tel.connect("telnyx", sandbox=True) as sandboxed,
        pytest.raises(tel.ValidationError) as taken,
    ):
        sandboxed.devices.create(username="myusername123", password=PASSWORD, name="Again")
    assert taken.value.field_errors == {"username": "user_name has already been taken"}
