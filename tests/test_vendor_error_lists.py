"""The core reads JSON:API error lists for every vendor, and masks the secret reply keys a
provider declares (`Provider.secret_fields`): Telnyx is the vendor that needs both."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

import telephony_core as tel
from telephony_core.plugins.registry import get_registry
from telephony_core.translate import WireRequest, WireResponse
from telephony_core.translate.provider import Provider
from telephony_core.translate.vendor_errors import error_from_response, pointer_key
from tests.conftest import Scripted

API_KEY = "KEY0TEST0123456789_dGVzdC10ZWxueXgta2V5"
FAST = tel.Retries(attempts=3, wait_initial=0.001, wait_max=0.005)
PASSWORD = "my123secure456password789"


def telnyx(scripted: Scripted, **options: Any) -> tel.Client:
    options.setdefault("retries", 0)
    return tel.connect("telnyx", api_key=API_KEY, transport=scripted.transport, **options)


def errors(*items: dict[str, Any]) -> dict[str, Any]:
    return {"errors": list(items)}


REQUEST = WireRequest(method="POST", base_url="https://api.example.net", path="/v1/things")


def error_of(status: int, body: Any, **options: Any) -> tel.TelephonyError:
    response = WireResponse(status=status, body=json.dumps(body).encode())
    return error_from_response("acme", REQUEST, response, **options)


@pytest.mark.parametrize(
    ("pointer", "key"),
    [
        ("/user_name", "user_name"),
        ("/data/attributes/user_name", "user_name"),
        ("/inbound/dnis_number_format", "inbound.dnis_number_format"),
        ("/a~1b/c~0d", "a/b.c~d"),
        ("/", None),
        ("", None),
        ("user_name", None),
        (7, None),
    ],
)
def test_a_json_pointer_names_the_vendor_key(pointer: object, key: str | None) -> None:
    assert pointer_key(pointer) == key


def test_a_list_of_errors_gives_the_message_and_the_field_errors_of_any_vendor() -> None:
    body = errors(
        {
            "code": "10015",
            "title": "Bad Request",
            "detail": "name is too long",
            "source": {"pointer": "/label"},
        },
        {
            "code": "10015",
            "title": "Bad Request",
            "detail": "name has symbols",
            "source": {"pointer": "/label"},
        },
        {
            "code": "10004",
            "title": "Missing required parameter",
            "source": {"parameter": "page[size]"},
        },
        {"title": "Something else"},
    )
    error = error_of(422, body, field_name=lambda key: {"label": "name"}.get(key, key))
    assert isinstance(error, tel.ValidationError)
    assert error.field_errors == {
        "name": "name is too long; name has symbols",
        "page[size]": "Missing required parameter",
    }
    assert (
        "failed with 422 (invalid request): name is too long; name has symbols; Missing "
        "required parameter; Something else (name: " in str(error)
    )


@pytest.mark.parametrize(
    "body",
    [errors(), {"errors": "no"}, {"errors": [None, 3, "x"]}, {"errors": [{"detail": 5}]}],
)
def test_a_list_of_errors_of_the_wrong_shape_still_gives_the_status_error(body: Any) -> None:
    error = error_of(422, body)
    assert isinstance(error, tel.ValidationError)
    assert error.field_errors == {}
    assert error_of(404, body).__class__ is tel.NotFound


def test_the_code_of_the_first_error_and_its_page_are_named() -> None:
    body = errors(
        {
            "code": "10005",
            "title": "Resource not found",
            "detail": "Gone",
            "meta": {"url": "https://developers.telnyx.com/docs/overview/errors/10005"},
        }
    )
    error = error_of(400, body, codes={10005: tel.NotFound})
    assert isinstance(error, tel.NotFound)
    assert str(error).endswith(
        "Gone (error 10005, https://developers.telnyx.com/docs/overview/errors/10005)"
    )


# Acceptance (issue 24): Telnyx's 422 for a user name already taken names `username`.
def test_a_taken_user_name_is_a_validation_error_on_username(scripted: Scripted) -> None:
    scripted.reply(
        422,
        errors(
            {
                "code": "10015",
                "title": "Bad Request",
                "detail": "user_name has already been taken",
                "source": {"pointer": "/user_name"},
            }
        ),
    )
    with pytest.raises(tel.ValidationError) as info:
        telnyx(scripted).devices.create(username="alice42", password=PASSWORD, name="Desk")
    assert info.value.field_errors == {"username": "user_name has already been taken"}


def test_a_rate_limit_says_how_long_from_telnyx_headers(scripted: Scripted) -> None:
    body = errors(
        {
            "code": "10011",
            "title": "Too many requests",
            "detail": "You have exceeded the maximum number of allowed requests.",
        }
    )
    headers = {"x-ratelimit-limit": "20", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "7"}
    scripted.reply(429, body, **headers)
    with pytest.raises(tel.RateLimited) as info:
        telnyx(scripted).devices.get("1")
    assert info.value.retry_after == 7.0
    assert "exceeded the maximum number" in str(info.value)
    scripted.reply(429, body, **{**headers, "Retry-After": "2"})
    with pytest.raises(tel.RateLimited) as retry_after:
        telnyx(scripted).devices.get("1")
    assert retry_after.value.retry_after == 2.0  # Retry-After, where there is one, wins


def test_a_rate_limited_read_waits_for_the_reset_before_trying_again(scripted: Scripted) -> None:
    """The retry's wait is the x-ratelimit-reset of the 429 (0 here: no test waits)."""
    delays: list[float] = []

    class Spy:
        @tel.hookimpl
        def telephony_before_retry(
            self,
            request: WireRequest,
            response: WireResponse | None,
            attempt: int,
            delay: float,
            provider: Provider,
        ) -> None:
            delays.append(delay)

    spy = Spy()
    get_registry().add_plugin(spy, "reset-spy")
    try:
        scripted.reply(
            429,
            errors({"code": "10011", "title": "Too many requests"}),
            **{"x-ratelimit-reset": "0"},
        )
        connection = {"id": "1", "user_name": "alice42", "connection_name": "Desk"}
        scripted.reply(200, {"data": connection})
        device = telnyx(scripted, retries=tel.Retries(attempts=2, wait_initial=5.0, wait_max=5.0))
        assert device.devices.get("1").username == "alice42"
    finally:
        get_registry().manager.unregister(spy)
    assert delays == [0.0]  # not the 5 s back-off


# Secret reply keys.


def test_a_declared_secret_key_is_a_secret_in_extra_and_masked_in_excerpts(
    scripted: Scripted,
) -> None:
    account = {
        "record_type": "managed_account",
        "id": "f65ceda4-6522-4ad6-aede-98de83385123",
        "email": "user@example.com",
        "api_key": "KEY01236170692E74656C6E79782E636F6D_YmlnIGlyb24gaXMgZGVhZA",
        "api_token": "x6oexQNHTs-fZ7-QsDMOeg",
        "organization_name": "Example Company LLC",
        "manager_account_id": "f65ceda4-6522-4ad6-aede-98de83385123",
        "created_at": "2018-02-02T22:25:27.521Z",
        "updated_at": "2018-02-02T22:25:27.521Z",
    }
    scripted.reply(200, {"data": account})
    tenant = telnyx(scripted).tenants.get(account["id"])
    assert tenant.auth_token == tel.Secret(account["api_key"])
    assert tenant.extra["api_token"] == tel.Secret(account["api_token"])
    assert account["api_token"] not in repr(tenant)
    # A malformed reply's excerpt masks the key's value, as every error does.
    scripted.reply(200, {"data": [account]})  # a list where the account belongs
    with pytest.raises(tel.ProviderError) as malformed:
        telnyx(scripted).tenants.get(account["id"])
    assert account["api_token"] not in (malformed.value.body_excerpt or "")
    assert '"api_token": "********"' in (malformed.value.body_excerpt or "")
    scripted.reply(
        400, {"errors": [{"detail": "bad", "meta": {"api_token": account["api_token"]}}]}
    )
    with pytest.raises(tel.ValidationError) as rejected:
        telnyx(scripted).tenants.get(account["id"])
    assert account["api_token"] not in (rejected.value.body_excerpt or "")


def test_an_undeclared_key_of_that_name_is_plain_elsewhere() -> None:
    """`api_token` is a secret at Telnyx because Telnyx declares it, not everywhere."""
    response = WireResponse(status=200, body=b'{"api_token": "abcdefgh"}')
    assert "abcdefgh" in response.excerpt()
    telnyx_request = tel.connect("telnyx", api_key=API_KEY).provider.request("GET", "/v2/x")
    masked = WireResponse.for_request(telnyx_request, 200, {}, b'{"api_token": "abcdefgh"}')
    assert "abcdefgh" not in masked.excerpt()


def test_a_secret_vendor_key_sent_in_extra_is_masked_as_a_secret(scripted: Scripted) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        return httpx.Response(
            400,
            json={
                "errors": [
                    {
                        "detail": f"bad password {sent['password']}",
                        "source": {"pointer": "/password"},
                    }
                ]
            },
        )

    transport = httpx.MockTransport(echo)
    client = tel.connect("telnyx", api_key=API_KEY, transport=transport, retries=0)
    with pytest.raises(tel.ValidationError) as info:
        client.tenants.create(name="Acme", extra={"password": "Portal-Passw0rd-1"})
    shown = str(info.value) + repr(info.value.field_errors) + (info.value.body_excerpt or "")
    assert "Portal-Passw0rd-1" not in shown
