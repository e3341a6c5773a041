"""Vobiz tenants (sub-accounts) through the real httpx client over a scripted transport."""

from __future__ import annotations

import contextlib
import json
import logging
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import telephony_core as tel
from tests.conftest import Scripted

ROOT = "https://api.vobiz.ai/api/v1/accounts/MA_X/sub-accounts"
TOKEN = "sub-tok-7f6e5d4c3b2a1908"


def connect(scripted: Scripted, **kwargs: Any) -> tel.Client:
    """A client answered by the script, one reply per request: retries are off (they are
    tested in test_resilience.py)."""
    kwargs.setdefault("retries", 0)
    return tel.connect(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport, **kwargs
    )


def sub_account(**changes: Any) -> dict[str, Any]:
    """A sub-account object as the newest documents show it (numeric `id`, `SA_` auth_id)."""
    return {
        "name": "Support Team",
        "email": "updated@example.com",
        "phone": "+1234567890",
        "description": "Updated permissions",
        "permissions": {"calls": True, "cdr": True},
        "rate_limit": 750,
        "id": "500001",
        "parent_account_id": "500000",
        "parent_auth_id": "MA_X",
        "auth_id": "SA_1",
        "auth_token": "<redacted>",
        "api_id": "aabbccdd-1234-5678-90ab-cdef12345678",
        "email_verified": False,
        "enabled": True,
        "created": "2026-03-25",
        "modified": "2026-03-25",
        "is_active": True,
        "created_at": "2026-03-25T10:00:00Z",
        "updated_at": "2026-03-25T10:30:00Z",
        "last_used": None,
        "account": "/v1/Account/MA_X/",
        "resource_uri": "/v1/Account/MA_X/Subaccount/SA_1/",
        **changes,
    }


def reply_text(
    *,
    parents: tuple[str, ...] = ("MA_X", "MA_X"),
    token: str = TOKEN,
    **changes: Any,
) -> bytes:
    """The update reply of an older copy of the documents, as text (so that
    `parent_auth_id` can repeat): `id` is the sub-account, `auth_id` the caller's account."""
    fields: dict[str, Any] = {
        "name": "Support Team",
        "email": "updated@example.com",
        "phone": "+1234567890",
        "description": "Updated permissions",
        "permissions": {"calls": True, "cdr": True},
        "rate_limit": 750,
        "id": "SA_1",
    }
    fields.update(changes)
    pairs = [
        *fields.items(),
        *(("parent_auth_id", parent) for parent in parents),
        ("auth_id", "MA_X"),
        ("auth_token", token),
        ("api_id", "c8f2b1e4-7d3a-11f0-9a2b-0242ac120002"),
        ("email_verified", True),
        ("enabled", True),
        ("is_active", True),
        ("created", "2025-10-22T03:57:35.997500Z"),
        ("modified", "2025-10-22T03:59:52.261439Z"),
        ("created_at", "2025-10-22T03:57:35.997500Z"),
        ("updated_at", "2025-10-22T03:59:52.261439Z"),
        ("account", "/api/v1/accounts/MA_X/"),
        ("resource_uri", "/api/v1/accounts/MA_X/sub-accounts/SA_1/"),
        ("last_used", None),
    ]
    return ("{" + ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in pairs) + "}").encode()


def sent(scripted: Scripted) -> list[tuple[str, str]]:
    return [(r.method, str(r.url)) for r in scripted.requests]


def test_update_sends_one_put_with_only_the_given_fields(scripted: Scripted) -> None:
    scripted.reply(200, sub_account())
    tenant = connect(scripted).tenants.update("SA_1", rate_limit=750, email="updated@example.com")
    assert sent(scripted) == [("PUT", f"{ROOT}/SA_1")]
    assert scripted.json_body() == {"rate_limit": 750, "email": "updated@example.com"}
    assert (tenant.id, tenant.parent_id, tenant.rate_limit) == ("SA_1", "MA_X", 750)
    assert tenant.auth_token is None  # "<redacted>": not known
    assert tenant.extra == {
        "id": "500001",
        "parent_account_id": "500000",
        "email_verified": False,
        "last_used": None,
    }


def test_listed_tenants_are_updated_at_their_sub_auth_id(scripted: Scripted) -> None:
    """Acceptance: the id of a listed tenant is its `SA_...` auth_id, the path of every call."""
    listing = {"sub_accounts": [sub_account(), sub_account(id="500002", auth_id="SA_2")]}
    scripted.reply(200, {**listing, "total": 2, "page": 1, "size": 25})
    scripted.reply(200, sub_account()).reply(200, sub_account(id="500002", auth_id="SA_2"))
    client = connect(scripted)
    for tenant in list(client.tenants.list()):
        client.tenants.update(tenant.id, description="Updated permissions")
    assert sent(scripted)[1:] == [("PUT", f"{ROOT}/SA_1"), ("PUT", f"{ROOT}/SA_2")]


def test_an_older_update_reply_is_read_with_the_token(scripted: Scripted) -> None:
    """The older documented reply: the token in clear, `auth_id` the caller's account."""
    scripted.reply(200, raw=reply_text())
    tenant = connect(scripted).tenants.update("SA_1", rate_limit=750, email="updated@example.com")
    assert sent(scripted) == [("PUT", f"{ROOT}/SA_1")]
    assert scripted.json_body() == {"rate_limit": 750, "email": "updated@example.com"}
    put = scripted.requests[0]
    assert (put.headers["X-Auth-ID"], put.headers["Content-Type"]) == ("MA_X", "application/json")
    assert isinstance(tenant, tel.Tenant)
    assert (tenant.id, tenant.parent_id, tenant.rate_limit) == ("SA_1", "MA_X", 750)
    assert tenant.email == "updated@example.com"
    assert tenant.enabled is True
    assert tenant.permissions == {"calls": True, "cdr": True}
    assert isinstance(tenant.auth_token, tel.Secret)
    assert tenant.auth_token.reveal() == TOKEN
    for text in (repr(tenant), str(tenant), repr(tenant.extra)):
        assert TOKEN not in text
    assert tenant.extra == {"email_verified": True, "last_used": None}


async def test_update_async_is_the_same_exchange(scripted: Scripted) -> None:
    scripted.reply(200, raw=reply_text())
    async with tel.connect_async(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport
    ) as client:
        tenant = await client.tenants.update("SA_1", rate_limit=750, email="updated@example.com")
    assert sent(scripted) == [("PUT", f"{ROOT}/SA_1")]
    assert scripted.json_body() == {"rate_limit": 750, "email": "updated@example.com"}
    assert TOKEN not in repr(tenant)


def test_every_writable_field_keeps_its_name(scripted: Scripted) -> None:
    scripted.reply(200, raw=reply_text())
    connect(scripted).tenants.update(
        "SA_1",
        name="Support",
        email="a@example.com",
        phone="+15550100",
        description="d",
        rate_limit=1,
        permissions={"calls": False, "cdr": True},
        enabled=False,
    )
    assert scripted.json_body() == {
        "name": "Support",
        "email": "a@example.com",
        "phone": "+15550100",
        "description": "d",
        "rate_limit": 1,
        "permissions": {"calls": False, "cdr": True},
        "enabled": False,
    }


def test_the_last_parent_auth_id_wins(scripted: Scripted) -> None:
    # The same value twice (as in practice): nothing to report.
    scripted.reply(200, raw=reply_text(parents=("MA_X", "MA_X")))
    same = connect(scripted).tenants.update("SA_1", rate_limit=750)
    assert same.parent_id == "MA_X"
    assert "repeated_keys" not in same.extra
    # Different values: the last wins, and every value is kept.
    scripted.reply(200, raw=reply_text(parents=("MA_CALLER", "MA_PARENT")))
    differing = connect(scripted).tenants.update("SA_1", rate_limit=750)
    assert differing.parent_id == "MA_PARENT"
    assert differing.extra["repeated_keys"] == {"parent_auth_id": ["MA_CALLER", "MA_PARENT"]}


def test_the_state_is_read_from_is_active(scripted: Scripted) -> None:
    body = json.loads(reply_text())
    body.update(enabled=True, is_active=False)
    scripted.reply(200, body)
    assert connect(scripted).tenants.get("SA_1").enabled is False
    del body["is_active"]
    scripted.reply(200, body)
    assert connect(scripted).tenants.get("SA_1").enabled is True


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rate_limit": True}, "rate_limit"),
        ({"rate_limit": "750"}, "rate_limit"),
        ({"permissions": {"calls": "yes"}}, "permissions"),
        ({"permissions": ["calls"]}, "permissions"),
        ({"email": 42}, "email"),
        ({"name": None}, "name"),
        ({"enabled": "no"}, "enabled"),
        ({"auth_token": "x"}, "auth_token"),
        ({"parent_id": "MA_Y"}, "parent_id"),
        ({"extra": {"password": "x"}}, "extra.password"),
    ],
)
def test_bad_input_is_refused_before_sending(
    scripted: Scripted, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).tenants.update("SA_1", **changes)
    assert field in info.value.field_errors
    assert field in str(info.value)
    assert scripted.requests == []


@pytest.mark.parametrize(
    "changes",
    [
        {"permissions": {"sms": True, "calls": True}},  # "boolean fields like calls and cdr"
        {"email": "ops@intranet"},  # a string: the vendor checks the address, not us
        {"rate_limit": 0},  # an integer: no documented bound
    ],
)
def test_values_the_documents_allow_are_sent_as_given(
    scripted: Scripted, changes: dict[str, Any]
) -> None:
    scripted.reply(200, sub_account())
    connect(scripted).tenants.update("SA_1", **changes)
    assert scripted.json_body() == changes


def test_tenants_take_no_tenant_scope(scripted: Scripted) -> None:
    with pytest.raises(TypeError, match="tenant"):
        connect(scripted).tenants.update("SA_1", tenant="MA_Y", name="x")
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).tenants.update("../SA_1", name="x")
    assert "id" in info.value.field_errors
    assert scripted.requests == []


def test_get_treats_the_redacted_token_as_unknown(scripted: Scripted) -> None:
    scripted.reply(200, raw=reply_text(token="<redacted>", parents=("MA_X",)))
    tenant = connect(scripted).tenants.get("SA_1")
    assert sent(scripted) == [("GET", f"{ROOT}/SA_1")]
    assert tenant.auth_token is None
    assert tenant.name == "Support Team"


def test_the_id_falls_back_to_auth_id(scripted: Scripted) -> None:
    scripted.reply(200, {"sub_accounts": [{"auth_id": "SA_9", "name": "n"}], "total": 1})
    assert [t.id for t in connect(scripted).tenants.list()] == ["SA_9"]


def _page(page: int, ids: list[str], total: int) -> dict[str, Any]:
    return {
        "sub_accounts": [{"id": i, "name": i, "auth_token": "<redacted>"} for i in ids],
        "total": total,
        "page": page,
        "size": 2,
    }


def test_list_pages_lazily_over_page_and_size(scripted: Scripted) -> None:
    scripted.reply(200, _page(1, ["SA_1", "SA_2"], 3)).reply(200, _page(2, ["SA_3"], 3))
    tenants = connect(scripted).tenants.list(page_size=2)
    assert scripted.requests == []
    assert next(tenants).id == "SA_1"
    assert len(scripted.requests) == 1
    assert [t.id for t in tenants] == ["SA_2", "SA_3"]
    assert [r.url.path for r in scripted.requests] == ["/api/v1/accounts/MA_X/sub-accounts/"] * 2
    assert [dict(r.url.params) for r in scripted.requests] == [
        {"page": "1", "size": "2"},
        {"page": "2", "size": "2"},
    ]


async def test_list_async_with_the_default_size(scripted: Scripted) -> None:
    scripted.reply(200, _page(1, ["SA_1"], 1))
    async with tel.connect_async(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport
    ) as client:
        assert [t.id async for t in client.tenants.list()] == ["SA_1"]
    assert dict(scripted.requests[0].url.params) == {"page": "1", "size": "25"}


def test_create_sends_the_fields_and_keeps_the_token_secret(
    scripted: Scripted, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[tel.WireRequest] = []

    class Spy:
        @tel.hookimpl
        def telephony_before_send(self, request: tel.WireRequest, provider: object) -> None:
            seen.append(request)

    from telephony_core.plugins.registry import get_registry

    get_registry().add_plugin(Spy(), "spy")
    caplog.set_level(logging.DEBUG)
    scripted.reply(
        201,
        {
            "message": "Sub-account created successfully",
            "sub_account": {"name": "Sales", "rate_limit": 100, "auth_token": "<redacted>"},
            "auth_credentials": {"auth_id": "SA_2", "auth_token": TOKEN},
        },
    )
    tenant = connect(scripted).tenants.create(
        name="Sales",
        rate_limit=100,
        permissions={"calls": True},
        extra={"password": "Sales-Passw0rd!"},
    )
    assert sent(scripted) == [("POST", f"{ROOT}/")]
    assert scripted.json_body() == {
        "name": "Sales",
        "rate_limit": 100,
        "permissions": {"calls": True},
        "password": "Sales-Passw0rd!",
    }
    assert "Sales-Passw0rd!" not in repr(seen[0])
    assert (tenant.id, tenant.name, tenant.rate_limit) == ("SA_2", "Sales", 100)
    assert tenant.auth_token == tel.Secret(TOKEN)
    for text in [repr(tenant)] + [r.getMessage() for r in caplog.records]:
        assert TOKEN not in text and "Sales-Passw0rd!" not in text


def test_create_requires_a_name(scripted: Scripted) -> None:
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).tenants.create(email="a@example.com")
    assert set(info.value.field_errors) == {"name"}
    assert scripted.requests == []


@pytest.mark.parametrize(
    "body",
    [
        {"sub_account": {"name": "x"}},
        {"auth_credentials": {"auth_id": "SA_2"}},
        {"sub_account": {"name": "x"}, "auth_credentials": {"auth_token": "t"}},
        {"sub_account": "x", "auth_credentials": {}},
    ],
)
def test_malformed_create_replies_are_provider_errors(scripted: Scripted, body: Any) -> None:
    scripted.reply(201, body)
    with pytest.raises(tel.ProviderError, match="malformed"):
        connect(scripted).tenants.create(name="x")


def test_delete(scripted: Scripted) -> None:
    scripted.reply(200, {"message": "Sub-account deleted successfully"})
    assert connect(scripted).tenants.delete("SA_1") is None
    assert sent(scripted) == [("DELETE", f"{ROOT}/SA_1")]


def test_vendor_400_details_become_field_errors(scripted: Scripted) -> None:
    scripted.reply(
        400, {"error": "invalid request parameters", "details": {"rate_limit": "too high"}}
    )
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).tenants.update("SA_1", rate_limit=10**9)
    assert info.value.field_errors == {"rate_limit": "too high"}


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b"null",
        b'{"id": "SA_1", "name": "trunc',
    ],
)
def test_unexpected_get_replies_are_provider_errors(scripted: Scripted, body: bytes) -> None:
    scripted.reply(200, raw=body)
    with pytest.raises(tel.ProviderError, match="malformed"):
        connect(scripted).tenants.get("SA_1")


@pytest.mark.parametrize(
    "body",
    [
        {"sub_accounts": [], "total": "0"},
        {"sub_accounts": {}, "total": 0},
        {"total": 0},
        {"sub_accounts": ["SA_1"], "total": 1},
    ],
)
def test_unexpected_listings_are_provider_errors(scripted: Scripted, body: Any) -> None:
    scripted.reply(200, body)
    with pytest.raises(tel.ProviderError, match="malformed"):
        list(connect(scripted).tenants.list())


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(status=st.sampled_from([200, 201, 400, 404, 500]), body=st.binary(max_size=64))
def test_any_reply_is_a_result_or_a_typed_error(status: int, body: bytes) -> None:
    scripted = Scripted()
    scripted.reply(status, raw=body)
    with contextlib.suppress(tel.TelephonyError):
        connect(scripted).tenants.update("SA_1", rate_limit=5)


def test_capabilities() -> None:
    caps = tel.connect("vobiz", auth_id="MA_X", auth_token="t").capabilities
    for field in ("name", "email", "phone", "description", "rate_limit", "permissions", "enabled"):
        assert caps.supports("tenants", "update", field)
    assert not caps.supports("tenants", "update", "auth_token")
    assert caps.supports("tenants", "create", "extra")
    assert not caps.supports("tenants", "update", "extra")


@pytest.mark.parametrize(
    "body",
    [
        b'[{"id": "SA_1", "auth_token": "' + TOKEN.encode() + b'", "rate_limit": 750}]',
        b'{"id": "SA_1", "auth_token": "' + TOKEN.encode(),  # truncated inside the token
        b'{"id": "SA_1", "auth_token": "' + TOKEN[:9].encode(),
    ],
)
def test_a_malformed_reply_never_shows_the_token(scripted: Scripted, body: bytes) -> None:
    scripted.reply(200, raw=body)
    with pytest.raises(tel.ProviderError, match="malformed") as info:
        connect(scripted).tenants.update("SA_1", rate_limit=750)
    assert info.value.body_excerpt is not None and "SA_1" in info.value.body_excerpt
    for text in (str(info.value), repr(info.value), info.value.body_excerpt):
        assert TOKEN[:9] not in text


def test_create_returns_the_credentials_auth_id_and_keeps_the_tokens_secret(
    scripted: Scripted,
) -> None:
    """Acceptance: the id is `auth_credentials.auth_id`, the token a `Secret`; the newest
    documents' `tokens` are kept in `extra` as secrets."""
    scripted.reply(
        201,
        {
            "message": "Sub-account created successfully",
            "sub_account": sub_account(name="Sales", id="500002", auth_id="SA_2"),
            "auth_credentials": {"auth_id": "SA_2", "auth_token": TOKEN},
            "tokens": {
                "access_token": "acc-0123456789",
                "refresh_token": "ref-0123456789",
                "token_type": "Bearer",
                "expires_in": 3600,
            },
        },
    )
    tenant = connect(scripted).tenants.create(name="Sales")
    assert (tenant.id, tenant.name) == ("SA_2", "Sales")
    assert tenant.auth_token == tel.Secret(TOKEN)
    assert tenant.extra["id"] == "500002"
    tokens = tenant.extra["tokens"]
    assert tokens["access_token"] == tel.Secret("acc-0123456789")
    assert tokens["refresh_token"] == tel.Secret("ref-0123456789")
    assert (tokens["token_type"], tokens["expires_in"]) == ("Bearer", 3600)  # not secrets
    for text in (repr(tenant), str(tenant.extra)):
        assert TOKEN not in text and "acc-0123456789" not in text and "ref-" not in text


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        # The newest documents: `auth_id` is the sub-account, `id` numeric.
        ({"id": "500001", "auth_id": "SA_1"}, ("SA_1", {"id": "500001"})),
        # An older copy: `id` is the sub_auth_id, `auth_id` the caller's own account.
        ({"id": "SA_1", "auth_id": "MA_X"}, ("SA_1", {})),
        # The oldest copy: `id` "SA_..." and a token-like `auth_id` (its create's auth_id).
        ({"id": "SA_67401KW8", "auth_id": "inG9oUky"}, ("inG9oUky", {"id": "SA_67401KW8"})),
        ({"id": "SA_1"}, ("SA_1", {})),
        ({"auth_id": "SA_1"}, ("SA_1", {})),
    ],
)
def test_the_tenant_id_in_every_documented_shape(
    scripted: Scripted, obj: dict[str, Any], expected: tuple[str, dict[str, Any]]
) -> None:
    scripted.reply(200, {"sub_accounts": [{**obj, "name": "n"}], "total": 1})
    [tenant] = connect(scripted).tenants.list()
    assert (tenant.id, tenant.extra) == expected


def test_a_numeric_id_alone_is_no_tenant_id(scripted: Scripted) -> None:
    """The newest `id` ("500001") addresses nothing: without an `auth_id` there is no id."""
    scripted.reply(200, {"sub_accounts": [{"id": "500001", "name": "n"}], "total": 1})
    with pytest.raises(tel.ProviderError, match="no id"):
        list(connect(scripted).tenants.list())
