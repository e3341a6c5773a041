"""SiPbx devices through the real httpx client over a scripted transport: the exact wire."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import telephony_core as tel
from tests.conftest import Scripted

BASE = "https://pbx.example.com/ns-api/v2"
DEVICE_URL = f"{BASE}/domains/example.com/users/1001/devices/1001a"
OWN_URL = f"{BASE}/domains/~/users/~/devices"
ACCEPTED = {"code": 202, "message": "Accepted"}
VENDOR_DEVICE = {
    "device": "1001a",
    "user": "1001",
    "domain": "example.com",
    "device-sip-registration-uri": "sip:1001a@example.com",
    "device-sip-registration-state": "registered",
    "device-sip-registration-password": "Desk-Phone-1001a",
    "caller-id-number-emergency": "[*]",
    "device-push-enabled": "yes",
    "device-sip-registration-expiry-seconds": 60,
    "device-srtp-enabled": "opportunistic",
    "auto-answer-enabled": "no",
    "recording-configuration": "yes-with-transcription-and-sentiment",
    "device-sip-nat-traversal-enabled": "never",
    "emergency-address-id": None,
    "login-username": "1001@example.com",
    "name-full-name": "Alex Example",
    "device-models-model": "Yealink T48S",
    "device-provisioning-mac-address": "805EC0123456",
    "device-provisioning-sip-transport-protocol": "tcp",
    "device-provisioning-line": 2,
}


def connect(scripted: Scripted, **kwargs: object) -> tel.Client:
    """A client answered by the script, one reply per request: retries are off (they are
    tested in test_resilience.py)."""
    kwargs.setdefault("retries", 0)
    return tel.connect(
        "sipbx", server="pbx.example.com", token="nsd_x", transport=scripted.transport, **kwargs
    )


# The acceptance lines of the issue.


def test_update_sends_exactly_the_documented_request(scripted: Scripted) -> None:
    scripted.reply(202, ACCEPTED)
    device = connect(scripted).devices.update(
        "1001a",
        owner="1001",
        tenant="example.com",
        srtp="required",
        transport="tls",
        recording="transcribed",
        registration_expiry_s=300,
    )

    assert len(scripted.requests) == 1
    sent = scripted.requests[0]
    assert sent.method == "PUT"
    assert str(sent.url) == DEVICE_URL
    assert sent.headers["Authorization"] == "Bearer nsd_x"
    assert sent.headers["Content-Type"] == "application/json"
    assert json.loads(sent.content) == {
        "device-srtp-enabled": "yes",
        "device-provisioning-sip-transport-protocol": "tls",
        "recording-configuration": "yes-with-transcription",
        "device-sip-registration-expiry-seconds": 300,
    }
    assert device == tel.Device(
        id="1001a",
        tenant="example.com",
        owner="1001",
        srtp="required",
        transport="tls",
        recording="transcribed",
        registration_expiry_s=300,
    )


async def test_update_async_sends_the_same_request(scripted: Scripted) -> None:
    scripted.reply(202, ACCEPTED)
    async with tel.connect_async(
        "sipbx", server="pbx.example.com", token="nsd_x", transport=scripted.transport
    ) as client:
        device = await client.devices.update(
            "1001a", owner="1001", tenant="example.com", srtp="required"
        )
    assert [(r.method, str(r.url)) for r in scripted.requests] == [("PUT", DEVICE_URL)]
    assert scripted.json_body() == {"device-srtp-enabled": "yes"}
    assert device.srtp is tel.SrtpMode.REQUIRED


def test_without_tenant_and_owner_the_path_uses_tilde_for_both(scripted: Scripted) -> None:
    scripted.reply(202, ACCEPTED)
    device = connect(scripted).devices.update("1001a", auto_answer=True)
    assert str(scripted.requests[0].url) == f"{OWN_URL}/1001a"
    assert scripted.requests[0].url.raw_path == b"/ns-api/v2/domains/~/users/~/devices/1001a"
    assert scripted.json_body() == {"auto-answer-enabled": "yes"}
    assert (device.tenant, device.owner, device.auto_answer) == ("~", "~", True)


def test_a_vobiz_only_field_is_unsupported_before_sending(scripted: Scripted) -> None:
    with pytest.raises(tel.UnsupportedField) as info:
        connect(scripted).devices.update("1001a", application_id="98765432", srtp="required")
    assert (info.value.field, info.value.operation, info.value.provider) == (
        "application_id",
        "update",
        "sipbx",
    )
    assert scripted.requests == []


def test_drop_unsupported_drops_it_with_a_warning_and_sends_the_rest(scripted: Scripted) -> None:
    scripted.reply(202, ACCEPTED)
    client = connect(scripted, drop_unsupported=True)
    with pytest.warns(tel.UnsupportedFieldWarning, match="application_id"):
        device = client.devices.update("1001a", application_id="98765432", srtp="required")
    assert scripted.json_body() == {"device-srtp-enabled": "yes"}
    assert device.application_id is None
    assert device.srtp is tel.SrtpMode.REQUIRED


@pytest.mark.parametrize(
    ("scope", "changes", "field"),
    [
        ({"tenant": "d" * 65}, {"srtp": "required"}, "tenant"),
        ({"owner": "1" * 17}, {"srtp": "required"}, "owner"),
        ({}, {"srtp": "sometimes"}, "srtp"),
        ({}, {"mac_address": "aa:bb:cc:dd:ee:ff"}, "mac_address"),
        ({"tenant": "exa mple.com"}, {"srtp": "required"}, "tenant"),
        ({"tenant": "example.com!"}, {"srtp": "required"}, "tenant"),
        ({"tenant": "*.example.com"}, {"srtp": "required"}, "tenant"),
        ({"owner": ""}, {"srtp": "required"}, "owner"),
        ({"owner": "a/b"}, {"srtp": "required"}, "owner"),
        ({}, {"transport": "sctp"}, "transport"),
        ({}, {"recording": "yes"}, "recording"),
        ({}, {"nat_traversal": "sometimes"}, "nat_traversal"),
        ({}, {"auto_answer": "yes"}, "auto_answer"),
        ({}, {"registration_expiry_s": "300"}, "registration_expiry_s"),
        ({}, {"registration_expiry_s": 1.5}, "registration_expiry_s"),
        ({}, {"provisioning_line": True}, "provisioning_line"),
        ({}, {"mac_address": "not-a-mac", "model": "T48S"}, "mac_address"),
        ({}, {"mac_address": "aa:bb:cc:dd:ee", "model": "T48S"}, "mac_address"),
        ({}, {"mac_address": "aa:bb-cc:dd:ee:ff", "model": "T48S"}, "mac_address"),
        ({}, {"mac_address": "gg:bb:cc:dd:ee:ff", "model": "T48S"}, "mac_address"),
        ({}, {"mac_address": "aabbccddeeff ", "model": "T48S"}, "mac_address"),
        ({}, {"mac_address": "aa:bb:cc:dd:ee:ff", "model": ""}, "mac_address"),
        ({}, {"mac_address": None, "model": "T48S"}, "mac_address"),
        ({}, {"srtp": None}, "srtp"),
        ({}, {"password": None}, "password"),
        ({}, {"registered": True}, "registered"),
        ({}, {"sip_uri": "sip:x@y"}, "sip_uri"),
        ({}, {"extra": {"device-push-enabled": True}}, "extra.device-push-enabled"),
        ({}, {"extra": {"device-push-enabled": "maybe"}}, "extra.device-push-enabled"),
        ({}, {"extra": {"device-sip-no-to-tag": "yes"}}, "extra.device-sip-no-to-tag"),
        ({}, {"extra": {"login-username": "x"}}, "extra.login-username"),
        ({}, {"extra": {"device-srtp-enabled": "yes"}}, "extra.device-srtp-enabled"),
        ({}, {"extra": {"synchronous": "yes"}}, "extra.synchronous"),
        ({}, {"extra": {"domain": "other.com"}}, "extra.domain"),
    ],
)
def test_bad_input_is_refused_before_sending(
    scripted: Scripted, scope: dict[str, str], changes: dict[str, object], field: str
) -> None:
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).devices.update("1001a", **scope, **changes)
    assert scripted.requests == []
    assert field in info.value.field_errors
    assert field in str(info.value)


@pytest.mark.parametrize(
    ("scope", "changes"),
    [
        # DomainNamePath allows `*` (every domain) besides `~`.
        ({"tenant": "*"}, {"srtp": "required"}),
        # The OpenAPI integers have no minimum: the vendor decides.
        ({}, {"registration_expiry_s": 0}),
        ({}, {"provisioning_line": 0}),
    ],
)
def test_what_the_openapi_allows_is_sent(
    scripted: Scripted, scope: dict[str, str], changes: dict[str, object]
) -> None:
    scripted.reply(202, ACCEPTED)
    connect(scripted).devices.update("1001a", **scope, **changes)
    assert len(scripted.requests) == 1
    assert scripted.requests[0].url.path.startswith(
        f"/ns-api/v2/domains/{scope.get('tenant', '~')}/users/~/devices/1001a"
    )


@pytest.mark.parametrize(
    ("scope", "field"),
    [({"tenant": "d" * 65}, "tenant"), ({"owner": "1" * 17}, "owner"), ({"owner": ""}, "owner")],
)
@pytest.mark.parametrize("operation", ["get", "delete", "list", "count"])
def test_scope_is_checked_before_reads_and_deletes_too(
    scripted: Scripted, scope: dict[str, str], field: str, operation: str
) -> None:
    devices = connect(scripted).devices
    call = {
        "get": lambda: devices.get("1001a", **scope),
        "delete": lambda: devices.delete("1001a", **scope),
        "list": lambda: list(devices.list(**scope)),
        "count": lambda: devices.count(**scope),
    }[operation]
    with pytest.raises(tel.ValidationError) as info:
        call()
    assert field in info.value.field_errors
    assert scripted.requests == []


def test_scope_limits_are_inclusive(scripted: Scripted) -> None:
    domain, user = "a-b_c.d" + "x" * 57, "1" * 16
    scripted.reply(202, ACCEPTED)
    connect(scripted).devices.update("1001a", tenant=domain, owner=user, srtp="off")
    assert (
        scripted.requests[0].url.path == f"/ns-api/v2/domains/{domain}/users/{user}/devices/1001a"
    )


def test_username_is_read_only_at_sipbx(scripted: Scripted) -> None:
    with pytest.raises(tel.UnsupportedField, match="login-username"):
        connect(scripted).devices.update("1001a", username="alex")
    assert scripted.requests == []


@pytest.mark.parametrize("field", ["name", "allow_voice", "allow_messaging", "allow_video"])
def test_fields_sipbx_lacks_are_unsupported(scripted: Scripted, field: str) -> None:
    value: object = "Desk" if field == "name" else True
    with pytest.raises(tel.UnsupportedField) as info:
        connect(scripted).devices.update("1001a", **{field: value})
    assert info.value.field == field
    assert scripted.requests == []


def test_read_only_and_mapped_vendor_keys_in_extra_say_what_to_do(scripted: Scripted) -> None:
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).devices.update(
            "1001a",
            extra={"device-sip-registration-contact": "x", "device-srtp-enabled": "yes"},
        )
    assert info.value.field_errors == {
        "extra.device-sip-registration-contact": "read-only at SiPbx (the vendor sets it)",
        "extra.device-srtp-enabled": "use the neutral field srtp",
    }


# The translation table, field by field.

ENUM_CASES = [
    ("srtp", "device-srtp-enabled", "off", "no"),
    ("srtp", "device-srtp-enabled", "opportunistic", "opportunistic"),
    ("srtp", "device-srtp-enabled", "required", "yes"),
    ("recording", "recording-configuration", "off", "no"),
    ("recording", "recording-configuration", "on", "yes"),
    ("recording", "recording-configuration", "transcribed", "yes-with-transcription"),
    (
        "recording",
        "recording-configuration",
        "transcribed_with_sentiment",
        "yes-with-transcription-and-sentiment",
    ),
    ("transport", "device-provisioning-sip-transport-protocol", "udp", "udp"),
    ("transport", "device-provisioning-sip-transport-protocol", "tcp", "tcp"),
    ("transport", "device-provisioning-sip-transport-protocol", "tls", "tls"),
    ("nat_traversal", "device-sip-nat-traversal-enabled", "automatic", "automatic"),
    ("nat_traversal", "device-sip-nat-traversal-enabled", "none", "none"),
    ("nat_traversal", "device-sip-nat-traversal-enabled", "never", "never"),
    ("nat_traversal", "device-sip-nat-traversal-enabled", "fixed", "fixed"),
    ("auto_answer", "auto-answer-enabled", True, "yes"),
    ("auto_answer", "auto-answer-enabled", False, "no"),
]
PLAIN_CASES = [
    ("password", "device-sip-registration-password", "S3cret-pass"),
    ("registration_expiry_s", "device-sip-registration-expiry-seconds", 3600),
    ("allowed_user_agent", "device-sip-allowed-user-agent", "Yealink"),
    ("emergency_caller_id", "caller-id-number-emergency", "+15555550100"),
    ("emergency_address_id", "emergency-address-id", "addr-42"),
    ("emergency_address_id", "emergency-address-id", None),
    ("model", "device-models-model", "Yealink T48S"),
    ("provisioning_server", "device-provisioning-registration-core-server", "core1.example.com"),
    ("provisioning_username", "device-provisioning-username", "prov"),
    ("provisioning_username", "device-provisioning-username", None),
    ("provisioning_password", "device-provisioning-password", "prov-pass"),
    ("provisioning_password", "device-provisioning-password", None),
    ("provisioning_line", "device-provisioning-line", 2),
    ("provisioning_overrides", "device-provisioning-overrides", "sip.line.1.label=Desk"),
]


@pytest.mark.parametrize(("field", "key", "neutral", "vendor"), ENUM_CASES)
def test_enums_and_switches_go_to_the_vendors_strings_and_back(
    scripted: Scripted, field: str, key: str, neutral: object, vendor: str
) -> None:
    scripted.reply(202, ACCEPTED).reply(200, {**VENDOR_DEVICE, key: vendor})
    client = connect(scripted)
    updated = client.devices.update("1001a", **{field: neutral})
    assert scripted.json_body() == {key: vendor}
    read = client.devices.get("1001a")
    assert getattr(updated, field) == neutral
    assert getattr(read, field) == neutral


@pytest.mark.parametrize(("field", "key", "value"), PLAIN_CASES)
def test_plain_fields_keep_their_values(
    scripted: Scripted, field: str, key: str, value: object
) -> None:
    scripted.reply(202, ACCEPTED).reply(200, {**VENDOR_DEVICE, key: value})
    client = connect(scripted)
    updated = client.devices.update("1001a", **{field: value})
    assert scripted.json_body() == {key: value}
    read = client.devices.get("1001a")
    expected = tel.Secret(value) if "password" in field and isinstance(value, str) else value
    assert getattr(updated, field) == expected
    assert getattr(read, field) == expected


@pytest.mark.parametrize(
    "notation",
    [
        "aa:bb:cc:dd:ee:ff",
        "AA:BB:CC:DD:EE:FF",
        "aa-bb-cc-dd-ee-ff",
        "AABB.CCDD.EEFF",
        "aAbBcCdDeEfF",
    ],
)
def test_mac_address_goes_out_as_12_hex_digits_and_comes_back_normalised(
    scripted: Scripted, notation: str
) -> None:
    scripted.reply(202, ACCEPTED).reply(
        200, {**VENDOR_DEVICE, "device-provisioning-mac-address": notation}
    )
    client = connect(scripted)
    updated = client.devices.update("1001a", mac_address=notation, model="Yealink T48S")
    assert scripted.json_body() == {
        "device-provisioning-mac-address": "aabbccddeeff",
        "device-models-model": "Yealink T48S",
    }
    assert updated.mac_address == "aa:bb:cc:dd:ee:ff"
    assert client.devices.get("1001a").mac_address == "aa:bb:cc:dd:ee:ff"


def test_extra_takes_the_vendors_switches(scripted: Scripted) -> None:
    scripted.reply(202, ACCEPTED)
    device = connect(scripted).devices.update(
        "1001a",
        extra={"device-sip-no-to-tag-in-cancel": "yes", "device-push-enabled": "no"},
        password="S3cret-pass",
    )
    assert scripted.json_body() == {
        "device-sip-no-to-tag-in-cancel": "yes",
        "device-push-enabled": "no",
        "device-sip-registration-password": "S3cret-pass",
    }
    assert device.extra == {"device-sip-no-to-tag-in-cancel": "yes", "device-push-enabled": "no"}


def test_get_parses_the_vendor_device(scripted: Scripted) -> None:
    scripted.reply(200, VENDOR_DEVICE)
    device = connect(scripted).devices.get("1001a", tenant="example.com", owner="1001")
    assert (scripted.requests[0].method, str(scripted.requests[0].url)) == ("GET", DEVICE_URL)
    assert scripted.requests[0].content == b""
    assert device == tel.Device(
        id="1001a",
        tenant="example.com",
        owner="1001",
        username="1001@example.com",
        password="Desk-Phone-1001a",
        transport="tcp",
        srtp="opportunistic",
        recording="transcribed_with_sentiment",
        registration_expiry_s=60,
        nat_traversal="never",
        emergency_caller_id="[*]",
        auto_answer=False,
        model="Yealink T48S",
        mac_address="80:5e:c0:12:34:56",
        provisioning_line=2,
        registered=True,
        sip_uri="sip:1001a@example.com",
        extra={"device-push-enabled": "yes", "name-full-name": "Alex Example"},
    )


def test_get_fills_the_scope_from_the_reply_not_the_path(scripted: Scripted) -> None:
    scripted.reply(200, VENDOR_DEVICE)
    device = connect(scripted).devices.get("1001a")
    assert (device.tenant, device.owner) == ("example.com", "1001")


def test_a_device_called_count_cannot_be_read(scripted: Scripted) -> None:
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).devices.get("count")
    assert "id" in info.value.field_errors
    assert scripted.requests == []


@pytest.mark.parametrize(
    "body",
    [b"[]", b'{"device": "1001a", "device-srtp-enabled": "ye', b"null", b'"1001a"'],
)
def test_get_with_unexpected_shapes_is_a_provider_error(scripted: Scripted, body: bytes) -> None:
    scripted.reply(200, raw=body)
    with pytest.raises(tel.ProviderError, match="malformed"):
        connect(scripted).devices.get("1001a")


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [
        ("device-srtp-enabled", "sometimes", "srtp"),
        ("device-srtp-enabled", True, "srtp"),
        ("auto-answer-enabled", ["yes"], "auto_answer"),
        ("device-sip-registration-state", "maybe", "registered"),
        ("device-sip-registration-expiry-seconds", "60", "registration_expiry_s"),
        ("device-provisioning-mac-address", "nope", "mac_address"),
        ("device-provisioning-mac-address", 805, "mac_address"),
        ("user", 1001, "owner"),
    ],
)
def test_an_odd_value_leaves_its_field_unset_and_is_kept_in_extra(
    scripted: Scripted, key: str, value: object, field: str
) -> None:
    scripted.reply(200, {**VENDOR_DEVICE, key: value})
    device = connect(scripted).devices.get("1001a", tenant="example.com", owner="1001")
    assert device.extra[key] == value
    assert getattr(device, field) is None or field == "owner"  # the scope comes from the path
    assert device.name is None and device.model == "Yealink T48S"  # the rest is read


def test_a_device_id_of_another_type_is_read_from_the_path(scripted: Scripted) -> None:
    scripted.reply(200, {"device": 1001})
    device = connect(scripted).devices.get("1001a")
    assert (device.id, device.extra) == ("1001a", {"device": 1001})


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    status=st.sampled_from([200, 202, 400, 401, 403, 404, 500]),
    body=st.one_of(
        st.binary(max_size=64),
        st.dictionaries(
            st.sampled_from(["device", "total", "code", "message", "device-srtp-enabled"]),
            st.one_of(st.none(), st.integers(), st.text(max_size=8), st.booleans()),
        ).map(lambda d: json.dumps(d).encode()),
    ),
    operation=st.sampled_from(["get", "list", "count", "update", "create", "delete"]),
)
def test_malformed_replies_are_typed_errors(status: int, body: bytes, operation: str) -> None:
    """Whatever comes back, the caller sees a neutral result or a TelephonyError."""
    scripted = Scripted()
    scripted.reply(status, raw=body)
    devices = connect(scripted).devices
    with contextlib.suppress(tel.TelephonyError):
        {
            "get": lambda: devices.get("1001a"),
            "list": lambda: list(devices.list()),
            "count": lambda: devices.count(),
            "update": lambda: devices.update("1001a", srtp="off"),
            "create": lambda: devices.create(id="1001c"),
            "delete": lambda: devices.delete("1001a"),
        }[operation]()


def test_list_is_one_request_for_every_device(scripted: Scripted) -> None:
    second = {**VENDOR_DEVICE, "device": "1001b", "device-sip-registration-state": "unregistered"}
    scripted.reply(200, [VENDOR_DEVICE, second])
    devices = connect(scripted).devices.list(page_size=1)
    assert scripted.requests == []  # nothing is fetched until iteration starts
    assert [(d.id, d.registered) for d in devices] == [("1001a", True), ("1001b", False)]
    assert [(r.method, str(r.url)) for r in scripted.requests] == [("GET", OWN_URL)]


async def test_list_and_count_async(scripted: Scripted) -> None:
    scripted.reply(200, [VENDOR_DEVICE]).reply(200, {"total": 1})
    async with tel.connect_async(
        "sipbx", server="pbx.example.com", token="nsd_x", transport=scripted.transport
    ) as client:
        assert [d.id async for d in client.devices.list(owner="1002")] == ["1001a"]
        assert await client.devices.count(owner="1002") == 1
    assert [r.url.path for r in scripted.requests] == [
        "/ns-api/v2/domains/~/users/1002/devices",
        "/ns-api/v2/domains/~/users/1002/devices/count",
    ]


def test_list_that_is_not_an_array_is_a_provider_error(scripted: Scripted) -> None:
    scripted.reply(200, {"devices": []})
    with pytest.raises(tel.ProviderError, match="array"):
        list(connect(scripted).devices.list())


def test_count(scripted: Scripted) -> None:
    scripted.reply(200, {"total": 3})
    assert connect(scripted).devices.count(tenant="example.com", owner="1001") == 3
    sent = scripted.requests[0]
    assert (sent.method, str(sent.url)) == (
        "GET",
        f"{BASE}/domains/example.com/users/1001/devices/count",
    )


@pytest.mark.parametrize("body", [{}, {"total": "3"}, {"total": -1}, {"total": True}, [3]])
def test_count_with_an_unexpected_shape_is_a_provider_error(
    scripted: Scripted, body: object
) -> None:
    scripted.reply(200, body)
    with pytest.raises(tel.ProviderError, match="malformed"):
        connect(scripted).devices.count()


def test_create_asks_for_the_device_back(scripted: Scripted) -> None:
    created = {**VENDOR_DEVICE, "device": "1001c", "device-srtp-enabled": "yes"}
    scripted.reply(200, created)
    device = connect(scripted).devices.create(
        id="1001c",
        owner="1001",
        tenant="example.com",
        srtp="required",
        mac_address="80-5E-C0-12-34-56",
        model="Yealink T48S",
        extra={"device-push-enabled": "no"},
    )
    sent = scripted.requests[0]
    assert (sent.method, str(sent.url)) == (
        "POST",
        f"{BASE}/domains/example.com/users/1001/devices",
    )
    assert scripted.json_body() == {
        "synchronous": "yes",
        "device": "1001c",
        "device-srtp-enabled": "yes",
        "device-provisioning-mac-address": "805ec0123456",
        "device-models-model": "Yealink T48S",
        "device-push-enabled": "no",
    }
    assert (device.id, device.srtp, device.registered) == ("1001c", tel.SrtpMode.REQUIRED, True)


def test_create_answered_202_gives_the_device_as_sent(scripted: Scripted) -> None:
    scripted.reply(202, ACCEPTED)
    device = connect(scripted).devices.create(id="1001c", transport="tls")
    assert device == tel.Device(id="1001c", tenant="~", owner="~", transport="tls")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"transport": "tls"}, "id"),
        ({"id": "a/b"}, "id"),
        ({"id": ""}, "id"),
        ({"id": 1001}, "id"),
        ({"id": "1001c", "mac_address": "aabbccddeeff"}, "mac_address"),
    ],
)
def test_create_refuses_bad_input_before_sending(
    scripted: Scripted, fields: dict[str, object], field: str
) -> None:
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).devices.create(**fields)
    assert field in info.value.field_errors
    assert scripted.requests == []


def test_delete(scripted: Scripted) -> None:
    scripted.reply(202, ACCEPTED)
    assert connect(scripted).devices.delete("1001a", tenant="example.com", owner="1001") is None
    assert (scripted.requests[0].method, str(scripted.requests[0].url)) == ("DELETE", DEVICE_URL)


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, tel.ValidationError),
        (401, tel.AuthenticationError),
        (403, tel.PermissionDenied),
        (404, tel.NotFound),
    ],
)
def test_vendor_errors_become_typed_errors_with_the_vendors_message(
    scripted: Scripted, status: int, error: type[tel.TelephonyError]
) -> None:
    scripted.reply(status, {"code": status, "message": f"vendor says {status}"})
    with pytest.raises(error) as info:
        connect(scripted).devices.update("1001a", srtp="off")
    assert info.value.status == status
    assert info.value.provider == "sipbx"
    assert f"vendor says {status}" in str(info.value)


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (401, b"", tel.AuthenticationError),
        (404, b"<html>Not Found</html>", tel.NotFound),
        (400, b'{"code": 400}', tel.ValidationError),
        (500, b'{"code": 500, "message": "oops"}', tel.ServerError),
        (429, b"", tel.RateLimited),
        (418, b'{"code": 418, "message": "teapot"}', tel.ProviderError),
    ],
)
def test_odd_error_replies_are_still_typed(
    scripted: Scripted, status: int, body: bytes, error: type[tel.TelephonyError]
) -> None:
    scripted.reply(status, raw=body)
    with pytest.raises(error):
        connect(scripted).devices.get("1001a")


def test_the_token_never_shows_in_errors(scripted: Scripted) -> None:
    token = "nsd_" + "k" * 56
    scripted.reply(401, {"code": 401, "message": f"token {token} is expired"})
    client = tel.connect(
        "sipbx", server="pbx.example.com", token=token, transport=scripted.transport
    )
    with pytest.raises(tel.AuthenticationError) as info:
        client.devices.update("1001a", srtp="off")
    assert token not in str(info.value)
    assert token not in (info.value.body_excerpt or "")
    assert token not in repr(client.provider.config)
