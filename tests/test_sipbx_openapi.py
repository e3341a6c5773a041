"""Every request the SiPbx plugin can produce, and every reply its emulator gives, validated
against the vendor's OpenAPI (../shared/vendor-specs/netsapiens-v2-devices.openapi.json)."""

from __future__ import annotations

import json
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
from telephony_sipbx.devices import EXTRA_SWITCHES, FIELDS, READ_ONLY_KEYS
from telephony_sipbx.emulator import SANDBOX_TOKEN

import telephony_core as tel
from tests.openapi_specs import Recorder
from tests.sipbx_openapi import SipbxSpec, require_spec

ACCEPTED = {"code": 202, "message": "Accepted"}
CREATED = {"device": "1001c", "user": "1001", "domain": "example.com"}

#: One or more values of every field SiPbx can set: every enum member, both booleans, null
#: where the vendor allows it. The test below fails when the table grows without a sample. An
#: empty password is valid in the OpenAPI but refused before sending (an open SIP account:
#: tests/test_empty_passwords.py).
SAMPLES: dict[str, list[Any]] = {
    "password": ["S3cret-pass"],
    "transport": list(tel.Transport),
    "srtp": list(tel.SrtpMode),
    "recording": list(tel.RecordingMode),
    "nat_traversal": list(tel.NatTraversal),
    "registration_expiry_s": [1, 300, 2**31 - 1],
    "allowed_user_agent": ["Yealink", ""],
    "emergency_caller_id": ["+15555550100", "[*]"],
    "emergency_address_id": ["addr-42", None],
    "auto_answer": [True, False],
    "model": ["Yealink T48S"],
    "mac_address": ["aa:bb:cc:dd:ee:ff", "AA-BB-CC-DD-EE-FF", "aabb.ccdd.eeff", "AABBCCDDEEFF"],
    "provisioning_server": ["core1.example.com"],
    "provisioning_username": ["prov", None],
    "provisioning_password": ["prov-pass", None],
    "provisioning_line": [1, 12],
    "provisioning_overrides": ["sip.line.1.label=Desk"],
}
EXTRA_SAMPLES = [{key: value} for key in sorted(EXTRA_SWITCHES) for value in ("yes", "no")]


def _with_model(changes: dict[str, Any]) -> dict[str, Any]:
    """A MAC address is only sent with a model."""
    return {"model": "Yealink T48S", **changes} if "mac_address" in changes else changes


SINGLE_CHANGES = [
    _with_model({field: value}) for field, values in SAMPLES.items() for value in values
] + [{"extra": extra} for extra in EXTRA_SAMPLES]


def _vendor_reply(request: httpx.Request) -> httpx.Response:
    if request.method == "POST":
        return httpx.Response(200, json=CREATED)
    if request.method == "GET":
        if request.url.path.endswith("/count"):
            return httpx.Response(200, json={"total": 1})
        if request.url.path.endswith("/devices"):
            return httpx.Response(200, json=[CREATED])
        return httpx.Response(200, json=CREATED)
    return httpx.Response(202, json=ACCEPTED)


@pytest.fixture
def spec() -> SipbxSpec:
    return require_spec()


@pytest.fixture
def checked(spec: SipbxSpec) -> tuple[tel.Client, Recorder]:
    recorder = Recorder(spec, _vendor_reply)
    client = tel.connect(
        "sipbx",
        server="pbx.example.com",
        token="nsd_x",
        transport=httpx.MockTransport(recorder.handle),
    )
    return client, recorder


def test_the_samples_cover_every_settable_field_and_extra_key() -> None:
    settable = (FIELDS.settable("update") | FIELDS.settable("create")) - {"id"}
    assert set(SAMPLES) == settable
    assert {key for sample in EXTRA_SAMPLES for key in sample} == EXTRA_SWITCHES


def test_the_tables_name_the_openapi_keys(spec: SipbxSpec) -> None:
    """Mapped keys, extra switches and read-only keys are exactly the Device schema's."""
    properties = spec.device_properties
    mapped = {field.wire for field in FIELDS.fields.values()}
    assert mapped <= set(properties)
    assert {key for key, p in properties.items() if p.get("readOnly")} == READ_ONLY_KEYS
    writable = {key for key, p in properties.items() if not p.get("readOnly")}
    assert writable - mapped == EXTRA_SWITCHES
    for field in FIELDS.fields.values():
        if field.update or field.create:
            assert not properties[field.wire].get("readOnly"), field.wire


@pytest.mark.parametrize("changes", SINGLE_CHANGES, ids=lambda c: json.dumps(c, default=str))
def test_each_field_and_value_validates_on_update_and_create(
    checked: tuple[tel.Client, Recorder], changes: dict[str, Any]
) -> None:
    client, recorder = checked
    client.devices.update("1001a", tenant="example.com", owner="1001", **changes)
    client.devices.create(id="1001c", **changes)
    assert recorder.seen == 2


def test_every_field_at_once_validates(checked: tuple[tel.Client, Recorder]) -> None:
    client, recorder = checked
    everything = {field: values[0] for field, values in SAMPLES.items()}
    extra = {key: "yes" for key in EXTRA_SWITCHES}
    client.devices.update("1001a", extra=extra, **everything)
    client.devices.create(id="1001c", extra=extra, **everything)
    assert recorder.seen == 2


@pytest.mark.parametrize(
    "scope",
    [
        {},
        {"tenant": "example.com", "owner": "1001"},
        {"tenant": "a" * 64, "owner": "1" * 16},
        {"tenant": "My_Domain-2.test"},
        {"owner": "~"},
    ],
)
def test_reads_deletes_and_counts_validate(
    checked: tuple[tel.Client, Recorder], scope: dict[str, str]
) -> None:
    client, recorder = checked
    client.devices.get("1001a", **scope)
    assert [d.id for d in client.devices.list(**scope)] == ["1001c"]
    assert client.devices.count(**scope) == 1
    client.devices.delete("1001a", **scope)
    assert recorder.seen == 4


def _mac(draw: st.DrawFn) -> str:
    digits = draw(st.binary(min_size=6, max_size=6)).hex()
    digits = digits.upper() if draw(st.booleans()) else digits
    octets = [digits[i : i + 2] for i in range(0, 12, 2)]
    return draw(
        st.sampled_from(
            [
                ":".join(octets),
                "-".join(octets),
                ".".join(digits[i : i + 4] for i in range(0, 12, 4)),
                digits,
            ]
        )
    )


TEXT = st.text(max_size=24)
STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "password": TEXT.filter(bool),  # an empty one is refused before sending
    "transport": st.sampled_from(list(tel.Transport)),
    "srtp": st.sampled_from(list(tel.SrtpMode)),
    "recording": st.sampled_from(list(tel.RecordingMode)),
    "nat_traversal": st.sampled_from(list(tel.NatTraversal)),
    "registration_expiry_s": st.integers(min_value=1, max_value=2**63),
    "allowed_user_agent": TEXT,
    "emergency_caller_id": TEXT,
    "emergency_address_id": st.none() | TEXT,
    "auto_answer": st.booleans(),
    "model": TEXT.filter(bool),
    "mac_address": st.composite(_mac)(),
    "provisioning_server": TEXT,
    "provisioning_username": st.none() | TEXT,
    "provisioning_password": st.none() | TEXT.filter(bool),
    "provisioning_line": st.integers(min_value=1, max_value=2**31),
    "provisioning_overrides": TEXT,
}


@st.composite
def _changes(draw: st.DrawFn) -> dict[str, Any]:
    changes = draw(st.fixed_dictionaries({}, optional=STRATEGIES))
    if "mac_address" in changes and not changes.get("model"):
        changes["model"] = draw(STRATEGIES["model"])
    extra = draw(
        st.dictionaries(st.sampled_from(sorted(EXTRA_SWITCHES)), st.sampled_from(["yes", "no"]))
    )
    if extra or not changes:
        changes["extra"] = extra or {"device-push-enabled": "yes"}
    return changes


def test_the_strategies_cover_every_settable_field() -> None:
    assert set(STRATEGIES) == set(SAMPLES)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=_changes(),
    operation=st.sampled_from(["update", "create"]),
    scope=st.fixed_dictionaries(
        {},
        optional={
            "tenant": st.from_regex(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}", fullmatch=True).filter(
                lambda d: ".." not in d and d not in (".",)
            ),
            "owner": st.from_regex(r"[0-9A-Za-z_]{1,16}", fullmatch=True),
        },
    ),
)
def test_any_valid_call_produces_a_request_the_openapi_accepts(
    changes: dict[str, Any], operation: str, scope: dict[str, str]
) -> None:
    spec = require_spec()
    recorder = Recorder(spec, _vendor_reply)
    client = tel.connect(
        "sipbx",
        server="pbx.example.com",
        token="nsd_x",
        transport=httpx.MockTransport(recorder.handle),
    )
    if operation == "update":
        client.devices.update("1001a", **scope, **changes)
    else:
        client.devices.create(id="1001c", **scope, **changes)
    assert recorder.seen == 1


def test_the_checks_can_fail(spec: SipbxSpec) -> None:
    """A wrong value, an undeclared key or a read-only key is caught."""
    url = "https://pbx.example.com/ns-api/v2/domains/~/users/~/devices/1001a"
    headers = {"Authorization": "Bearer x", "Content-Type": "application/json"}
    for body, error in (
        ({"device-srtp-enabled": "required"}, InvalidRequestBody),
        ({"device-sip-registration-expiry-seconds": "300"}, InvalidRequestBody),
        ({"srtp": "yes"}, AssertionError),
        ({"login-username": "x"}, AssertionError),
    ):
        request = httpx.Request("PUT", url, headers=headers, content=json.dumps(body).encode())
        with pytest.raises(error):
            spec.check_request(request)
    with pytest.raises(SecurityValidationError):
        spec.check_request(httpx.Request("GET", url))  # no credentials
    with pytest.raises(InvalidParameter):
        spec.check_request(httpx.Request("GET", url.replace("~", "a" * 65, 1), headers=headers))


# The emulator's replies.


def _raw(
    emulator: SipbxEmulator, spec: SipbxSpec, method: str, path: str, **kwargs: Any
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


def test_every_emulator_reply_to_the_plugin_validates(spec: SipbxSpec) -> None:
    emulator = SipbxEmulator()

    def reply(request: httpx.Request) -> httpx.Response:
        response = emulator.handle(request)
        response.read()
        return response

    recorder = Recorder(spec, reply)
    client = tel.connect(
        "sipbx",
        sandbox=False,
        server="pbx.example.com",
        token=SANDBOX_TOKEN,
        transport=httpx.MockTransport(recorder.handle),
    )
    devices = client.devices
    assert [d.id for d in devices.list()] == ["1001a", "1001b"]
    assert devices.count(tenant="example.com", owner="1002") == 1
    for device_id in ("1001a", "1001b"):
        devices.get(device_id)
    everything = {field: values[0] for field, values in SAMPLES.items()}
    devices.update("1001a", extra={key: "yes" for key in EXTRA_SWITCHES}, **everything)
    devices.get("1001a")
    devices.create(id="1001c", **everything)
    devices.create(id="1002b", owner="1002", srtp="required")
    devices.delete("1001c")
    with pytest.raises(tel.NotFound):
        devices.get("1001c")
    with pytest.raises(tel.NotFound):
        devices.update("1001c", srtp="off")
    with pytest.raises(tel.NotFound):
        devices.list(owner="9999").__next__()
    with pytest.raises(tel.PermissionDenied):
        devices.get("1001a", tenant="other.example.com")
    with pytest.raises(tel.ValidationError):
        devices.create(id="1001a")  # exists
    assert recorder.seen == 14


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("POST", "/domains/~/users/~/devices", {"json": {"device": "1001x"}}, 202),
        (
            "POST",
            "/domains/~/users/~/devices",
            {"json": {"device": "1001x", "synchronous": "no"}},
            202,
        ),
        ("POST", "/domains/~/users/~/devices", {"json": {"synchronous": "yes"}}, 400),
        (
            "POST",
            "/domains/~/users/~/devices",
            {"json": {"device": "1001x", "synchronous": "maybe"}},
            400,
        ),
        ("POST", "/domains/~/users/~/devices", {"content": b"not json"}, 400),
        ("PUT", "/domains/~/users/~/devices/1001a", {"json": {"login-username": "x"}}, 400),
        ("PUT", "/domains/~/users/~/devices/1001a", {"json": {"device-srtp-enabled": "on"}}, 400),
        (
            "PUT",
            "/domains/~/users/~/devices/1001a",
            {"json": {"device-provisioning-line": "1"}},
            400,
        ),
        (
            "PUT",
            "/domains/~/users/~/devices/1001a",
            {"json": {"device-provisioning-mac-address": "aabbccddeeff"}},
            400,
        ),
        (
            "PUT",
            "/domains/~/users/~/devices/1001a",
            {"json": {"device-provisioning-mac-address": "zz", "device-models-model": "T48S"}},
            400,
        ),
        ("PUT", "/domains/~/users/~/devices/1001a", {"json": ["device-srtp-enabled"]}, 400),
        # The spec's own example carries a key the schema does not know ("auto_ans"): ignored.
        (
            "PUT",
            "/domains/~/users/~/devices/1001a",
            {
                "json": {
                    "device-srtp-enabled": "no",
                    "device-sip-registration-expiry-seconds": 30,
                    "auto_ans": "no",
                }
            },
            202,
        ),
        ("GET", "/domains/" + "a" * 65 + "/users/~/devices", {}, 400),
        ("GET", "/domains/~/users/" + "1" * 17 + "/devices", {}, 400),
        ("GET", "/domains/~/users/~/devices", {"headers": {}}, 401),
        ("GET", "/domains/~/users/~/devices", {"headers": {"Authorization": "Bearer nope"}}, 401),
        ("GET", "/domains/~/users/~/devices", {"headers": {"Authorization": SANDBOX_TOKEN}}, 401),
        ("GET", "/domains/other.example.com/users/~/devices", {}, 403),
        ("GET", "/domains/~/users/~/devices/nope", {}, 404),
        ("DELETE", "/domains/~/users/~/devices/nope", {}, 404),
        ("GET", "/domains/~/users/9999/devices/count", {}, 404),
        ("PATCH", "/domains/~/users/~/devices/1001a", {}, 405),
        ("GET", "/domains/~/users/~/phones", {}, 404),
    ],
)
def test_every_emulator_answer_validates(
    spec: SipbxSpec, method: str, path: str, kwargs: dict[str, Any], status: int
) -> None:
    response = _raw(SipbxEmulator(), spec, method, path, **kwargs)
    assert response.status_code == status
    if status >= 400:
        assert set(response.json()) == {"code", "message"}
        assert response.json()["code"] == status
