"""Vobiz devices through the real httpx client over a scripted transport: the exact wire."""

from __future__ import annotations

import contextlib
import json

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import telephony_core as tel
from tests.conftest import Scripted

PATH = "https://api.vobiz.ai/api/v1/Account/MA_X/Endpoint/87654321/"


def connect(scripted: Scripted, **kwargs: object) -> tel.Client:
    """A client answered by the script, one reply per request: retries are off (they are
    tested in test_resilience.py)."""
    kwargs.setdefault("retries", 0)
    return tel.connect(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport, **kwargs
    )


def test_update_sends_exactly_the_documented_request(scripted: Scripted) -> None:
    scripted.reply(202)
    device = connect(scripted).devices.update(
        "87654321", name="Desk", password="NewSecurePassword456!"
    )

    assert len(scripted.requests) == 1
    sent = scripted.requests[0]
    assert sent.method == "POST"
    assert str(sent.url) == PATH
    assert sent.headers["X-Auth-ID"] == "MA_X"
    assert sent.headers["X-Auth-Token"] == "t"
    assert sent.headers["Content-Type"] == "application/json"
    assert json.loads(sent.content) == {"alias": "Desk", "password": "NewSecurePassword456!"}
    assert device.id == "87654321"
    assert device.tenant == "MA_X"
    assert device.name == "Desk"
    assert device.password == tel.Secret("NewSecurePassword456!")


async def test_update_async_sends_the_same_request(scripted: Scripted) -> None:
    scripted.reply(202)
    async with tel.connect_async(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport
    ) as client:
        device = await client.devices.update(
            "87654321", name="Desk", password="NewSecurePassword456!"
        )
    assert [(r.method, str(r.url)) for r in scripted.requests] == [("POST", PATH)]
    assert scripted.json_body() == {"alias": "Desk", "password": "NewSecurePassword456!"}
    assert scripted.requests[0].headers["X-Auth-Token"] == "t"
    assert device.name == "Desk"


def test_update_maps_every_writable_field(scripted: Scripted) -> None:
    scripted.reply(202)
    connect(scripted).devices.update(
        "87654321",
        name="Desk",
        password="NewSecurePassword456!",
        application_id="98765432",
        allow_voice=True,
        allow_messaging=True,
        allow_video=False,
    )
    assert scripted.json_body() == {
        "alias": "Desk",
        "password": "NewSecurePassword456!",
        "application": 98765432,
        "allow_voice": True,
        "allow_message": True,
        "allow_video": False,
    }


def test_tenant_scopes_the_account(scripted: Scripted) -> None:
    scripted.reply(202)
    connect(scripted).devices.update("1", tenant="SA_OTHER", name="Desk")
    assert scripted.requests[0].url.path == "/api/v1/Account/SA_OTHER/Endpoint/1/"


@pytest.mark.parametrize(
    ("id_", "changes", "error", "field"),
    [
        ("87654321", {"password": "short12"}, tel.ValidationError, "password"),
        ("87654321", {"application_id": "abc"}, tel.ValidationError, "application_id"),
        ("87654321", {"username": "x"}, tel.UnsupportedField, "username"),
        ("87654321", {"name": 5}, tel.ValidationError, "name"),
        ("87654321", {"allow_voice": "yes"}, tel.ValidationError, "allow_voice"),
        ("87654321", {"registered": True}, tel.ValidationError, "registered"),
        ("87654321", {"transport": "tls"}, tel.UnsupportedField, "transport"),
        (
            "87654321",
            {"extra": {"allow_same_domain": True}},
            tel.ValidationError,
            "extra.allow_same_domain",
        ),
        ("87654321", {"extra": {"surprise": 1}}, tel.ValidationError, "extra.surprise"),
        ("a/b", {"name": "x"}, tel.ValidationError, "id"),
        ("..", {"name": "x"}, tel.ValidationError, "id"),
        ("a..b", {"name": "x"}, tel.ValidationError, "id"),
        ("a?b=1", {"name": "x"}, tel.ValidationError, "id"),
        ("a#b", {"name": "x"}, tel.ValidationError, "id"),
        ("a%2Fb", {"name": "x"}, tel.ValidationError, "id"),
        ("a\nb", {"name": "x"}, tel.ValidationError, "id"),
        ("", {"name": "x"}, tel.ValidationError, "id"),
    ],
)
def test_bad_input_is_refused_before_sending(
    scripted: Scripted, id_: str, changes: dict[str, object], error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as info:
        connect(scripted).devices.update(id_, **changes)
    assert scripted.requests == []
    if isinstance(info.value, tel.ValidationError):
        assert field in info.value.field_errors
    else:
        assert getattr(info.value, "field", None) == field
    assert field in str(info.value)


def test_locked_fields_say_to_create_a_new_endpoint(scripted: Scripted) -> None:
    with pytest.raises(tel.UnsupportedField, match="create a new endpoint"):
        connect(scripted).devices.update("1", username="x")
    with pytest.raises(tel.ValidationError, match="create a new endpoint"):
        connect(scripted).devices.update("1", extra={"allow_phones": False})


def test_unknown_field_is_a_type_error_naming_it(scripted: Scripted) -> None:
    with pytest.raises(TypeError, match="colour"):
        connect(scripted).devices.update("1", colour="red")
    assert scripted.requests == []


def test_update_with_nothing_to_change_is_refused(scripted: Scripted) -> None:
    with pytest.raises(tel.ValidationError, match="at least one field"):
        connect(scripted).devices.update("1")
    assert scripted.requests == []


def test_bad_tenant_is_refused(scripted: Scripted) -> None:
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).devices.update("1", tenant="../MA_Y", name="x")
    assert "tenant" in info.value.field_errors
    assert scripted.requests == []


def test_vendor_400_details_become_neutral_field_errors(scripted: Scripted) -> None:
    scripted.reply(
        400,
        {
            "error": "invalid request parameters",
            "details": {"alias": "too long", "application": "Application not found"},
        },
    )
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).devices.update("87654321", name="x" * 10, application_id="1")
    assert info.value.field_errors == {
        "name": "too long",
        "application_id": "Application not found",
    }
    assert info.value.status == 400
    assert info.value.provider == "vobiz"


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (404, b"", tel.NotFound),
        (401, b'{"error": "unauthorized"}', tel.AuthenticationError),
        (403, b'{"api_id": "x", "error": "forbidden", "message": "no"}', tel.PermissionDenied),
        (409, b'{"error": "username already exists", "username": "u"}', tel.Conflict),
        (429, b'{"error": "slow down", "code": 429}', tel.RateLimited),
        (500, b"<html>oops</html>", tel.ServerError),
        (503, b"", tel.ServerError),
        (
            418,
            b'{"status": "error", "error": {"code": 418, "message": "teapot"}}',
            tel.ProviderError,
        ),
    ],
)
def test_statuses_become_typed_errors(
    scripted: Scripted, status: int, body: bytes, error: type[Exception]
) -> None:
    scripted.reply(status, raw=body)
    with pytest.raises(error):
        connect(scripted).devices.update("87654321", name="Desk")


def test_rate_limited_carries_retry_after(scripted: Scripted) -> None:
    scripted.reply(429, raw=b"", **{"Retry-After": "7"})
    with pytest.raises(tel.RateLimited) as info:
        connect(scripted).devices.update("87654321", name="Desk")
    assert info.value.retry_after == 7.0


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(status=st.sampled_from([200, 201, 400, 404, 409, 422, 500]), body=st.binary(max_size=64))
def test_malformed_replies_are_typed_errors(status: int, body: bytes) -> None:
    """Whatever bytes come back, the caller sees a neutral result or a TelephonyError."""
    scripted = Scripted()
    scripted.reply(status, raw=body)
    client = connect(scripted)
    with contextlib.suppress(tel.TelephonyError):
        client.devices.get("87654321")


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b"null",
        b'"87654321"',
        b'{"endpoint_id": "1", "alias": "trunc',
    ],
)
def test_get_with_unexpected_shapes_is_a_provider_error(scripted: Scripted, body: bytes) -> None:
    scripted.reply(200, raw=body)
    client = tel.connect("vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport)
    with pytest.raises(tel.ProviderError, match="malformed"):
        client.devices.get("87654321")


def test_get_parses_the_documented_object(scripted: Scripted) -> None:
    scripted.reply(
        200,
        {
            "alias": "John's Desktop Phone",
            "application": "/api/v1/Account/MA_X/Application/98765432/",
            "endpoint_id": "87654321",
            "resource_uri": "/api/v1/Account/MA_X/Endpoint/87654321/",
            "sip_registered": "true",
            "sip_uri": "sip:john@registrar.vobiz.ai",
            "sub_account": None,
            "username": "john",
        },
    )
    device = connect(scripted).devices.get("87654321")
    assert scripted.requests[0].method == "GET"
    assert str(scripted.requests[0].url) == PATH
    assert device == tel.Device(
        id="87654321",
        tenant="MA_X",
        username="john",
        name="John's Desktop Phone",
        application_id="98765432",
        registered=True,
        sip_uri="sip:john@registrar.vobiz.ai",
        extra={"sub_account": None},
    )


def _page(offset: int, count: int, total: int) -> dict[str, object]:
    objects = [
        {
            "endpoint_id": str(offset + i),
            "username": f"u{offset + i}",
            "alias": "",
            "sip_registered": "false",
        }
        for i in range(count)
    ]
    more = offset + count < total
    return {
        "api_id": "x",
        "meta": {
            "limit": 2,
            "offset": offset,
            "total_count": total,
            "next": "/next" if more else None,
            "previous": None,
        },
        "objects": objects,
    }


def test_list_pages_lazily_over_limit_and_offset(scripted: Scripted) -> None:
    scripted.reply(200, _page(0, 2, 5)).reply(200, _page(2, 2, 5)).reply(200, _page(4, 1, 5))
    devices = connect(scripted).devices.list(page_size=2)
    assert scripted.requests == []  # nothing is fetched until iteration starts
    first = next(devices)
    assert first.id == "0"
    assert len(scripted.requests) == 1
    rest = [d.id for d in devices]
    assert rest == ["1", "2", "3", "4"]
    assert [dict(r.url.params) for r in scripted.requests] == [
        {"limit": "2", "offset": "0"},
        {"limit": "2", "offset": "2"},
        {"limit": "2", "offset": "4"},
    ]


async def test_list_async(scripted: Scripted) -> None:
    scripted.reply(200, _page(0, 2, 3)).reply(200, _page(2, 1, 3))
    async with tel.connect_async(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport
    ) as c:
        ids = [d.id async for d in c.devices.list(page_size=2)]
    assert ids == ["0", "1", "2"]


def test_list_page_size_is_capped_at_the_vendor_maximum(scripted: Scripted) -> None:
    scripted.reply(200, _page(0, 0, 0))
    assert list(connect(scripted).devices.list(page_size=500)) == []
    assert scripted.requests[0].url.params["limit"] == "100"


def test_create_sends_the_documented_body(scripted: Scripted) -> None:
    scripted.reply(201, {"endpoint_id": "555", "username": "desk2", "alias": "Desk 2"})
    device = connect(scripted).devices.create(
        username="desk2",
        password="Sup3rSecret!",
        name="Desk 2",
        application_id="98765432",
        extra={"sub_account": "SA_1"},
    )
    assert scripted.requests[0].method == "POST"
    assert scripted.requests[0].url.path == "/api/v1/Account/MA_X/Endpoint/"
    assert scripted.json_body() == {
        "username": "desk2",
        "password": "Sup3rSecret!",
        "alias": "Desk 2",
        "application": 98765432,
        "sub_account": "SA_1",
    }
    assert device.id == "555"
    assert device.application_id == "98765432"


def test_the_create_reply_status_text_is_not_device_data(scripted: Scripted) -> None:
    scripted.reply(
        201,
        {
            "api_id": "a1",
            "message": "created",
            "endpoint_id": "555",
            "username": "desk2",
            "alias": "Desk 2",
            "sub_account": None,
        },
    )
    device = connect(scripted).devices.create(
        username="desk2", password="Sup3rSecret!", name="Desk 2", application_id="98765432"
    )
    assert device.extra == {"sub_account": None}


def test_create_requires_the_documented_fields(scripted: Scripted) -> None:
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).devices.create(application_id="98765432")
    assert set(info.value.field_errors) == {"username", "password", "name"}
    assert scripted.requests == []


def test_create_without_an_application_sends_no_application_key(scripted: Scripted) -> None:
    """Acceptance: the vendor falls back to the account's default application; the four
    create-only permission flags are sent from `extra`."""
    scripted.reply(201, {"alias": "Desk 2", "endpoint_id": "555", "username": "desk2"})
    device = connect(scripted).devices.create(
        username="desk2", password="Sup3rSecret!", name="Desk 2", extra={"allow_phones": False}
    )
    assert scripted.json_body() == {
        "username": "desk2",
        "password": "Sup3rSecret!",
        "alias": "Desk 2",
        "allow_phones": False,
    }
    assert (device.id, device.username, device.application_id) == ("555", "desk2", None)
    assert device.extra == {"allow_phones": False}


def test_a_short_password_is_only_recommended_against_at_create(scripted: Scripted) -> None:
    """Create an Endpoint: "Minimum 8 characters recommended"; Update: "minimum 8"."""
    scripted.reply(201, {"alias": "Desk", "endpoint_id": "556", "username": "desk3"})
    connect(scripted).devices.create(username="desk3", password="short", name="Desk")
    assert scripted.json_body()["password"] == "short"
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).devices.update("556", password="short")
    assert info.value.field_errors == {"password": "must be at least 8 characters"}


@pytest.mark.parametrize(
    "flag", ["allow_same_domain", "allow_other_domains", "allow_phones", "allow_apps"]
)
def test_the_create_only_flags_are_locked_on_update(scripted: Scripted, flag: str) -> None:
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).devices.update("87654321", extra={flag: True})
    assert "locked after the endpoint is created" in info.value.field_errors[f"extra.{flag}"]
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).devices.create(
            username="desk4", password="Sup3rSecret!", name="Desk", extra={flag: "no"}
        )
    assert info.value.field_errors == {f"extra.{flag}": "must be true or false"}
    assert scripted.requests == []


APPLICATION_SHAPES = [
    98765432,
    "98765432",
    "/v1/Account/MA_X/Application/98765432/",
    "/api/v1/Account/MA_X/Application/98765432/",
    {"app_id": "98765432", "app_name": "Customer Service App"},
    {
        "app_id": "98765432",
        "app_name": "Customer Service App",
        "answer_url": "https://example.com/answer",
        "answer_method": "POST",
    },
    {"app_id": 98765432},
]


@pytest.mark.parametrize("application", APPLICATION_SHAPES)
def test_application_is_read_in_every_documented_shape(
    scripted: Scripted, application: object
) -> None:
    """Acceptance: `{"app_id": "98765432", ...}` (and every other shape) on get and in a list."""
    endpoint = {"endpoint_id": "87654321", "username": "john_doe", "application": application}
    scripted.reply(200, endpoint)
    scripted.reply(200, {"meta": {"total_count": 1, "next": None}, "objects": [endpoint]})
    client = connect(scripted)
    assert client.devices.get("87654321").application_id == "98765432"
    [listed] = client.devices.list()
    assert (listed.application_id, listed.extra) == ("98765432", {})


def test_no_application_reads_as_none(scripted: Scripted) -> None:
    scripted.reply(200, {"endpoint_id": "87654321", "application": None})
    device = connect(scripted).devices.get("87654321")
    assert (device.application_id, device.extra) == (None, {})


def test_delete(scripted: Scripted) -> None:
    scripted.reply(204)
    assert connect(scripted).devices.delete("87654321") is None
    assert (scripted.requests[0].method, str(scripted.requests[0].url)) == ("DELETE", PATH)


def test_transport_failure_is_a_transport_error() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = tel.connect(
        "vobiz", auth_id="MA_X", auth_token="secret-token", transport=httpx.MockTransport(refuse)
    )
    with pytest.raises(tel.TransportError) as info:
        client.devices.update("1", name="x")
    assert "secret-token" not in str(info.value)
