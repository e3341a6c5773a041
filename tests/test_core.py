"""Core mechanisms without HTTP: change validation, path safety, capabilities, redaction."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

import telephony_core as tel
from telephony_core.translate.changes import coerce_changes
from telephony_core.translate.redaction import Redactor
from telephony_core.translate.wire import build_path, encode_json
from tests.conftest import Scripted


@given(st.text(max_size=40))
def test_an_id_never_changes_the_path(value: str) -> None:
    """Any string is either refused or stays exactly one path segment that decodes back."""
    try:
        path = build_path("/a/{id}/b/", id=value)
    except tel.ValidationError as exc:
        assert "id" in exc.field_errors
        return
    assert re.fullmatch(r"/a/[^/?#]+/b/", path), path
    segment = path[3:-3]
    assert segment not in (".", "..")
    assert unquote(segment) == value


@pytest.mark.parametrize(
    "bad", ["/", "a/b", ".", "..", "../x", "x?y", "x#y", "a%2e", "\x00", "a\tb", " ", "a\\b"]
)
def test_unsafe_segments_are_refused(bad: str) -> None:
    with pytest.raises(tel.ValidationError):
        build_path("/x/{id}", id=bad)


def test_changes_are_checked_strictly() -> None:
    assert coerce_changes(tel.Device, {"transport": "tls", "password": "p"}) == {
        "transport": tel.Transport.TLS,
        "password": tel.Secret("p"),
    }
    with pytest.raises(tel.ValidationError) as info:
        coerce_changes(
            tel.Device,
            {"registration_expiry_s": "300", "auto_answer": 1, "srtp": "sometimes", "extra": [1]},
        )
    assert set(info.value.field_errors) == {"registration_expiry_s", "auto_answer", "srtp", "extra"}
    assert "off, opportunistic, required" in info.value.field_errors["srtp"]
    with pytest.raises(tel.ValidationError, match="sip_uri: is read-only"):
        coerce_changes(tel.Device, {"sip_uri": "sip:x"})
    with pytest.raises(TypeError, match="'nope'"):
        coerce_changes(tel.Device, {"nope": 1})
    assert coerce_changes(tel.Tenant, {"permissions": {"calls": True}}) == {
        "permissions": {"calls": True}
    }
    with pytest.raises(tel.ValidationError):
        coerce_changes(tel.Tenant, {"permissions": {"calls": "yes"}})


def test_password_is_never_echoed_in_a_type_error() -> None:
    with pytest.raises(tel.ValidationError) as info:
        coerce_changes(tel.Device, {"password": 12345678})
    assert "12345678" not in str(info.value)


def test_models_are_frozen_keyword_only_and_convert_enums() -> None:
    device = tel.Device(id="1", srtp="required", recording="on")
    assert device.srtp is tel.SrtpMode.REQUIRED
    with pytest.raises(AttributeError):
        device.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        tel.Device("1")  # type: ignore[misc]
    with pytest.raises(tel.ValidationError, match="state"):
        tel.AgentUser(id="u", state="asleep")
    assert tel.Device(id="1", name="Desk") == tel.Device(id="1", name="Desk")


def test_encode_json_reveals_and_reports_secrets() -> None:
    body, secrets = encode_json({"password": tel.Secret("hunter22"), "alias": "x"})
    assert body == b'{"password":"hunter22","alias":"x"}'
    assert secrets == {"hunter22"}


def test_redactor_masks_values_and_secret_keys() -> None:
    redactor = Redactor(["hunter22", "t"])
    assert redactor.text("pw hunter22 t") == "pw ******** t"
    assert (
        redactor.text('{"auth_token": "abc\\"def", "x": 1}') == '{"auth_token": "********", "x": 1}'
    )


def test_capabilities_describe_the_provider() -> None:
    caps = tel.connect("vobiz", sandbox=True).capabilities
    assert caps.supports("devices", "update", "name")
    assert not caps.supports("devices", "update", "username")
    assert caps.supports("devices", "create", "username")
    assert not caps.supports("agents")
    assert not caps.supports("devices", "update", "registered")  # read-only


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ("device",),
            "no resource 'device'; resources are: devices, access_rules, tenants, agents",
        ),
        (("devices", "updat"), "no operation 'updat'; operations are: get, list, create, update"),
        (("devices", "update", "nmae"), "no devices field 'nmae'; devices fields are: id, "),
    ],
)
def test_capabilities_refuse_names_that_do_not_exist(
    arguments: tuple[str, ...], message: str
) -> None:
    caps = tel.connect("vobiz", sandbox=True).capabilities
    with pytest.raises(ValueError, match=re.escape(message)):
        caps.supports(*arguments)
    with pytest.raises(ValueError, match="no operation 'remove'"):
        caps.resources["devices"].supports("remove")
    assert "devices: get, list, create, update, delete" in str(caps)


def test_strict_by_default_and_drop_unsupported_on_request(scripted: Scripted) -> None:
    strict = tel.connect("vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport)
    with pytest.raises(tel.UnsupportedField) as info:
        strict.devices.update("1", name="Desk", srtp="required")
    assert (info.value.field, info.value.resource, info.value.operation) == (
        "srtp",
        "devices",
        "update",
    )
    assert scripted.requests == []

    scripted.reply(202)
    lenient = tel.connect(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport, drop_unsupported=True
    )
    with pytest.warns(tel.UnsupportedFieldWarning, match="srtp") as warned:
        device = lenient.devices.update("1", name="Desk", srtp="required")
    assert warned[0].filename == __file__
    assert scripted.json_body() == {"alias": "Desk"}
    assert device.srtp is None


def test_resource_a_provider_lacks_is_unsupported_operation(scripted: Scripted) -> None:
    client = tel.connect("vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport)
    with pytest.raises(tel.UnsupportedOperation, match="agents.update"):
        client.agents.update("u", name="x")
    with pytest.raises(TypeError, match="owner"):
        client.access_rules.update("r", owner="x", name="y")


def test_error_hierarchy() -> None:
    for cls in (
        tel.ValidationError,
        tel.NotFound,
        tel.AuthenticationError,
        tel.PermissionDenied,
        tel.Conflict,
        tel.RateLimited,
        tel.ServerError,
        tel.TransportError,
        tel.UnsupportedOperation,
        tel.UnsupportedField,
        tel.ProviderError,
        tel.ConfigurationError,
    ):
        assert issubclass(cls, tel.TelephonyError)


def test_count_is_an_operation_where_the_provider_has_it(scripted: Scripted) -> None:
    vobiz = tel.connect("vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport)
    with pytest.raises(tel.UnsupportedOperation, match=r"devices\.count"):
        vobiz.devices.count()
    assert not vobiz.capabilities.supports("devices", "count")
    assert scripted.requests == []
    sipbx = tel.connect("sipbx", sandbox=True)
    assert sipbx.capabilities.supports("devices", "count")
    assert "devices: get, list, create, update, delete, count" in str(sipbx.capabilities)
    assert sipbx.devices.count() == len(list(sipbx.devices.list()))


async def test_count_async_is_unsupported_too(scripted: Scripted) -> None:
    async with tel.connect_async(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport
    ) as client:
        with pytest.raises(tel.UnsupportedOperation):
            await client.devices.count()


def test_create_takes_an_id_only_where_the_caller_names_the_resource(scripted: Scripted) -> None:
    assert coerce_changes(tel.Device, {"id": "1001c"}, allow_id=True) == {"id": "1001c"}
    with pytest.raises(tel.ValidationError, match="id: cannot be changed"):
        coerce_changes(tel.Device, {"id": "1001c"})
    vobiz = tel.connect("vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport)
    with pytest.raises(tel.UnsupportedField) as info:
        vobiz.devices.create(id="1", username="u", password="Passw0rd!", name="n")
    assert (info.value.field, info.value.operation) == ("id", "create")
    assert not vobiz.capabilities.supports("devices", "create", "id")
    assert tel.connect("sipbx", sandbox=True).capabilities.supports("devices", "create", "id")
    assert scripted.requests == []


def test_message_fields_name_the_field_of_a_detail_less_validation_error() -> None:
    from telephony_core.translate.vendor_errors import error_from_response
    from telephony_core.translate.wire import WireRequest, WireResponse

    request = WireRequest(method="PUT", base_url="https://x", path="/r/1")
    reply = WireResponse(status=400, body=b'{"error": "Invalid IP address format", "code": 400}')
    plain = error_from_response("p", request, reply)
    named = error_from_response("p", request, reply, message_fields={"IP ADDRESS": "cidr"})
    assert isinstance(plain, tel.ValidationError)
    assert plain.field_errors == {}
    assert isinstance(named, tel.ValidationError)
    assert named.field_errors == {"cidr": "Invalid IP address format"}
    detailed = WireResponse(status=400, body=b'{"error": "ip address", "details": {"a": "b"}}')
    kept = error_from_response("p", request, detailed, message_fields={"ip address": "cidr"})
    assert isinstance(kept, tel.ValidationError)
    assert kept.field_errors == {"a": "b"}


def test_a_vendor_error_body_of_its_own_shape_is_read_through_the_resource_hook() -> None:
    from telephony_core.translate.vendor_errors import error_from_response
    from telephony_core.translate.wire import WireRequest, WireResponse

    request = WireRequest(method="PUT", base_url="https://x", path="/r/1")
    reply = WireResponse(
        status=422, body=b'{"fault": {"reason": "Label too long", "field": "label"}}'
    )

    def fault(body: object) -> object:  # what a Resource.error_body override does
        assert isinstance(body, dict)
        return {"message": body["fault"]["reason"], "details": {body["fault"]["field"]: "bad"}}

    unread = error_from_response("p", request, reply)
    read = error_from_response("p", request, reply, field_name=str.upper, reshape=fault)
    assert str(unread) == "p: PUT /r/1 failed with 422 (invalid request)"
    assert isinstance(read, tel.ValidationError)
    assert str(read) == "p: PUT /r/1 failed with 422 (invalid request): Label too long (LABEL: bad)"
    assert read.field_errors == {"LABEL": "bad"}
    assert read.body_excerpt == reply.body.decode()  # the vendor's own body, not the reshaped

    def broken(body: object) -> object:
        raise KeyError("reason")

    assert str(error_from_response("p", request, reply, reshape=broken)) == str(unread)
