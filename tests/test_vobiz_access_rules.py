"""Vobiz access rules (IP ACL) through the real httpx client over a scripted transport."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import telephony_core as tel
from tests.conftest import Scripted

RULE = "c1d2e3f4-a5b6-7890-cdef-1234567890ab"
ROOT = "https://api.vobiz.ai/api/v1/Account/MA_X"
LIST = f"{ROOT}/trunks/ip-acl"
PUT = f"{ROOT}/ip-acl/{RULE}"


def connect(scripted: Scripted, **kwargs: Any) -> tel.Client:
    """A client answered by the script, one reply per request: retries are off (they are
    tested in test_resilience.py)."""
    kwargs.setdefault("retries", 0)
    return tel.connect(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport, **kwargs
    )


def rule(
    id: str = RULE,
    ip: str = "192.168.1.200",
    description: str = "Office static IP",
    updated: str = "2026-05-12T05:11:51Z",
) -> dict[str, Any]:
    return {
        "id": id,
        "account_id": "MA_X",
        "ip_address": ip,
        "description": description,
        "enabled": True,
        "created_at": "2026-05-12T05:11:51Z",
        "updated_at": updated,
    }


def listing(*rules: dict[str, Any], offset: int = 0, total: int | None = None) -> dict[str, Any]:
    count = len(rules) if total is None else total
    return {"meta": {"limit": 20, "offset": offset, "total": count}, "objects": list(rules)}


def sent(scripted: Scripted) -> list[tuple[str, str]]:
    return [(r.method, str(r.url)) for r in scripted.requests]


def test_rename_reads_the_rule_then_puts_both_fields(scripted: Scripted) -> None:
    """Acceptance: a GET of the listing, then one PUT with exactly name and the current IP."""
    other = rule(id="aabbccdd-1234-5678-90ab-cdef12345678", ip="192.168.1.0/24")
    scripted.reply(200, listing(other, rule()))
    scripted.reply(200, rule(description="Main office - Building A", updated="2026-05-12T05:14Z"))
    result = connect(scripted).access_rules.update(RULE, name="Main office - Building A")

    assert sent(scripted) == [("GET", LIST), ("PUT", PUT)]
    assert scripted.requests[0].content == b""
    assert scripted.json_body(1) == {
        "name": "Main office - Building A",
        "ip_address": "192.168.1.200",
    }
    assert list(scripted.json_body(1)) == ["name", "ip_address"]
    put = scripted.requests[1]
    assert (put.headers["X-Auth-ID"], put.headers["X-Auth-Token"]) == ("MA_X", "t")
    assert put.headers["Content-Type"] == "application/json"
    assert isinstance(result, tel.AccessRule)
    assert result.name == "Main office - Building A"  # from the reply's description
    assert result.cidr == "192.168.1.200"
    assert result.tenant == "MA_X"
    assert result.enabled is True
    assert result.extra == {}


async def test_rename_async_sends_the_same_two_requests(scripted: Scripted) -> None:
    scripted.reply(200, listing(rule()))
    scripted.reply(200, rule(description="Main office - Building A"))
    async with tel.connect_async(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport
    ) as client:
        result = await client.access_rules.update(RULE, name="Main office - Building A")
    assert sent(scripted) == [("GET", LIST), ("PUT", PUT)]
    assert scripted.json_body(1) == {
        "name": "Main office - Building A",
        "ip_address": "192.168.1.200",
    }
    assert result.name == "Main office - Building A"


def test_both_fields_given_is_one_put(scripted: Scripted) -> None:
    """Acceptance: cidr and name together need no read."""
    scripted.reply(200, rule(ip="10.40.50.0/24", description="DC"))
    result = connect(scripted).access_rules.update(RULE, cidr="10.40.50.0/24", name="DC")
    assert sent(scripted) == [("PUT", PUT)]
    assert scripted.json_body() == {"name": "DC", "ip_address": "10.40.50.0/24"}
    assert (result.name, result.cidr) == ("DC", "10.40.50.0/24")


async def test_both_fields_given_is_one_put_async(scripted: Scripted) -> None:
    scripted.reply(200, rule(ip="10.40.50.0/24", description="DC"))
    async with tel.connect_async(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport
    ) as client:
        await client.access_rules.update(RULE, cidr="10.40.50.0/24", name="DC")
    assert sent(scripted) == [("PUT", PUT)]


def test_new_address_resends_the_current_name(scripted: Scripted) -> None:
    scripted.reply(200, listing(rule()))
    scripted.reply(200, rule(ip="192.168.1.201"))
    connect(scripted).access_rules.update(RULE, cidr="192.168.1.201")
    assert sent(scripted) == [("GET", LIST), ("PUT", PUT)]
    assert scripted.json_body(1) == {"name": "Office static IP", "ip_address": "192.168.1.201"}


def test_cidr_is_sent_normalised(scripted: Scripted) -> None:
    scripted.reply(200, rule(ip="10.40.50.0/24", description="DC"))
    connect(scripted).access_rules.update(RULE, cidr="10.40.50.0/255.255.255.0", name="DC")
    assert scripted.json_body()["ip_address"] == "10.40.50.0/24"


def test_the_rule_is_looked_for_page_by_page(scripted: Scripted) -> None:
    first = [rule(id=f"r{i}") for i in range(2)]
    scripted.reply(200, listing(*first, total=3))
    scripted.reply(200, listing(rule(), offset=2, total=3))
    scripted.reply(200, rule(description="Renamed"))
    connect(scripted).access_rules.update(RULE, name="Renamed")
    assert sent(scripted) == [("GET", LIST), ("GET", f"{LIST}?offset=2"), ("PUT", PUT)]


def test_a_rule_missing_from_the_listing_is_not_found_and_nothing_is_written(
    scripted: Scripted,
) -> None:
    scripted.reply(200, listing(rule(id="other")))
    with pytest.raises(tel.NotFound, match="no IP ACL entry"):
        connect(scripted).access_rules.update(RULE, name="x")
    assert sent(scripted) == [("GET", LIST)]


def test_a_current_rule_without_an_address_is_a_provider_error(scripted: Scripted) -> None:
    incomplete = rule()
    del incomplete["ip_address"]
    scripted.reply(200, listing(incomplete))
    with pytest.raises(tel.ProviderError, match="no current cidr"):
        connect(scripted).access_rules.update(RULE, name="x")
    assert len(scripted.requests) == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cidr": "300.1.1.1"}, "cidr"),
        ({"cidr": "fe80::/10"}, "cidr"),
        ({"cidr": "10.40.50.1/24"}, "cidr"),
        ({"cidr": "not an address"}, "cidr"),
        ({"cidr": 167772161}, "cidr"),
        ({"cidr": None}, "cidr"),
        ({"name": None}, "name"),
        ({"name": 5}, "name"),
        ({"created_at": "2026-01-01T00:00:00Z"}, "created_at"),
        ({"extra": {"description": "x"}}, "extra.description"),
    ],
)
def test_bad_input_is_refused_before_sending(
    scripted: Scripted, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).access_rules.update(RULE, **changes)
    assert field in info.value.field_errors
    assert field in str(info.value)
    assert scripted.requests == []


@pytest.mark.parametrize("enabled", [False, True])
def test_enabled_is_unsupported_and_says_what_to_do_instead(
    scripted: Scripted, enabled: bool
) -> None:
    client = connect(scripted)
    with pytest.raises(tel.UnsupportedField) as info:
        client.access_rules.update(RULE, enabled=enabled)
    assert info.value.field == "enabled"
    assert "access_rules.enabled" in str(info.value)
    assert "Console" in str(info.value) and "delete the rule and create it again" in str(info.value)
    with pytest.raises(tel.UnsupportedField, match="Console"):
        client.access_rules.create(name="x", cidr="10.0.0.1", enabled=enabled)
    assert scripted.requests == []


def test_enabled_dropped_on_request_with_a_warning(scripted: Scripted) -> None:
    scripted.reply(200, rule(description="DC"))
    client = connect(scripted, drop_unsupported=True)
    with pytest.warns(tel.UnsupportedFieldWarning, match="Console"):
        client.access_rules.update(RULE, name="DC", cidr="192.168.1.200", enabled=False)
    assert scripted.json_body() == {"name": "DC", "ip_address": "192.168.1.200"}


@pytest.mark.parametrize("bad_id", ["a/b", "..", "x?y", "x#y", ""])
def test_unsafe_ids_and_tenants_are_refused(scripted: Scripted, bad_id: str) -> None:
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).access_rules.update(bad_id, name="x", cidr="10.0.0.1")
    assert "id" in info.value.field_errors
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).access_rules.update(RULE, tenant=bad_id or "../x", name="x")
    assert "tenant" in info.value.field_errors
    assert scripted.requests == []


def test_tenant_scopes_the_account(scripted: Scripted) -> None:
    scripted.reply(200, listing(rule()))
    scripted.reply(200, rule(description="x"))
    connect(scripted).access_rules.update(RULE, tenant="SA_1", name="x")
    assert [r.url.path for r in scripted.requests] == [
        "/api/v1/Account/SA_1/trunks/ip-acl",
        f"/api/v1/Account/SA_1/ip-acl/{RULE}",
    ]


def test_vendor_invalid_ip_names_cidr(scripted: Scripted) -> None:
    scripted.reply(400, {"error": "Invalid IP address format", "code": 400})
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).access_rules.update(RULE, name="x", cidr="10.0.0.1")
    assert info.value.field_errors == {"cidr": "Invalid IP address format"}
    assert info.value.status == 400


def test_other_vendor_400s_stay_as_they_are(scripted: Scripted) -> None:
    scripted.reply(400, {"error": "name is too long", "code": 400})
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).access_rules.update(RULE, name="x", cidr="10.0.0.1")
    assert info.value.field_errors == {}
    assert "name is too long" in str(info.value)


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (404, b'{"error": "IP ACL not found", "code": 404}', tel.NotFound),
        (401, b'{"error": "unauthorized"}', tel.AuthenticationError),
        (403, b"", tel.PermissionDenied),
        (429, b'{"error": "slow down", "code": 429}', tel.RateLimited),
        (502, b"<html>bad gateway</html>", tel.ServerError),
    ],
)
def test_put_failures_are_typed(
    scripted: Scripted, status: int, body: bytes, error: type[Exception]
) -> None:
    scripted.reply(status, raw=body)
    with pytest.raises(error):
        connect(scripted).access_rules.update(RULE, name="x", cidr="10.0.0.1")


def test_get_reads_through_the_listing(scripted: Scripted) -> None:
    scripted.reply(200, listing(rule(id="other"), rule()))
    found = connect(scripted).access_rules.get(RULE)
    assert sent(scripted) == [("GET", LIST)]
    assert found.id == RULE and found.name == "Office static IP"
    scripted.reply(200, listing(rule(id="other")))
    with pytest.raises(tel.NotFound):
        connect(scripted).access_rules.get(RULE)


def test_list_pages_lazily(scripted: Scripted) -> None:
    scripted.reply(200, listing(rule(id="r0"), rule(id="r1"), total=3))
    scripted.reply(200, listing(rule(id="r2"), offset=2, total=3))
    rules = connect(scripted).access_rules.list(page_size=2)
    assert scripted.requests == []
    assert next(rules).id == "r0"
    assert len(scripted.requests) == 1
    assert [r.id for r in rules] == ["r1", "r2"]
    assert [dict(r.url.params) for r in scripted.requests] == [
        {"limit": "2"},
        {"limit": "2", "offset": "2"},
    ]


async def test_list_async(scripted: Scripted) -> None:
    scripted.reply(200, listing(rule(id="r0"), total=2))
    scripted.reply(200, listing(rule(id="r1"), offset=1, total=2))
    async with tel.connect_async(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport
    ) as client:
        assert [r.id async for r in client.access_rules.list()] == ["r0", "r1"]


@pytest.mark.parametrize(
    "body",
    [
        {"objects": []},
        {"meta": {"total": 1}},
        {"meta": {"total": "1"}, "objects": []},
        {"meta": {"total": 1}, "objects": [{"ip_address": "10.0.0.1"}]},
        {"meta": {"total": 1}, "objects": ["r"]},
        [],
    ],
)
def test_malformed_listings_are_provider_errors(scripted: Scripted, body: Any) -> None:
    scripted.reply(200, body)
    with pytest.raises(tel.ProviderError, match="malformed"):
        list(connect(scripted).access_rules.list())


def test_a_rule_with_an_odd_value_is_listed_with_the_value_in_extra(scripted: Scripted) -> None:
    odd = [{"id": "r1", "ip_address": "fe80::1"}, {"id": "r2", "enabled": "yes"}]
    scripted.reply(200, listing(rule(id="r0"), *odd, total=3))
    rules = list(connect(scripted).access_rules.list())
    assert [r.id for r in rules] == ["r0", "r1", "r2"]
    assert (rules[1].cidr, rules[1].extra["ip_address"]) == (None, "fe80::1")
    assert (rules[2].enabled, rules[2].extra["enabled"]) == (None, "yes")


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(status=st.sampled_from([200, 201, 400, 404, 500]), body=st.binary(max_size=64))
def test_any_reply_is_a_result_or_a_typed_error(status: int, body: bytes) -> None:
    scripted = Scripted()
    scripted.reply(status, raw=body)
    with contextlib.suppress(tel.TelephonyError):
        connect(scripted).access_rules.update(RULE, name="x", cidr="10.0.0.1")


def test_create_sends_name_and_ip_address(scripted: Scripted) -> None:
    scripted.reply(201, rule(id="new-rule", ip="203.0.113.0/24", description="Branch"))
    created = connect(scripted).access_rules.create(name="Branch", cidr="203.0.113.0/24")
    assert sent(scripted) == [("POST", f"{ROOT}/ip-acl")]
    assert scripted.json_body() == {"name": "Branch", "ip_address": "203.0.113.0/24"}
    assert (created.id, created.name, created.cidr) == ("new-rule", "Branch", "203.0.113.0/24")


def test_create_requires_both_fields(scripted: Scripted) -> None:
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).access_rules.create(name="Branch")
    assert set(info.value.field_errors) == {"cidr"}
    with pytest.raises(tel.ValidationError) as info:
        connect(scripted).access_rules.create()
    assert set(info.value.field_errors) == {"name", "cidr"}
    assert scripted.requests == []


def test_delete(scripted: Scripted) -> None:
    scripted.reply(204)
    assert connect(scripted).access_rules.delete(RULE) is None
    assert sent(scripted) == [("DELETE", PUT)]
    scripted.reply(404, {"error": "IP ACL not found", "code": 404})
    with pytest.raises(tel.NotFound, match="IP ACL not found"):
        connect(scripted).access_rules.delete(RULE)


def test_capabilities() -> None:
    caps = tel.connect("vobiz", auth_id="MA_X", auth_token="t").capabilities
    assert caps.supports("access_rules", "get")
    assert caps.supports("access_rules", "update", "cidr")
    assert caps.supports("access_rules", "update", "name")
    assert not caps.supports("access_rules", "update", "enabled")
    assert not caps.supports("access_rules", "create", "enabled")


def test_request_reprs_hide_the_token(scripted: Scripted) -> None:
    scripted.reply(500, {"error": "token tok-9f8e7d6c was rejected"})
    client = tel.connect(
        "vobiz",
        auth_id="MA_X",
        auth_token="tok-9f8e7d6c",
        transport=scripted.transport,
        retries=0,
    )
    with pytest.raises(tel.ServerError) as info:
        client.access_rules.update(RULE, name="x", cidr="10.0.0.1")
    assert "tok-9f8e7d6c" not in str(info.value)
    assert "tok-9f8e7d6c" not in (info.value.body_excerpt or "")
    assert json.loads(scripted.requests[0].content) == {"name": "x", "ip_address": "10.0.0.1"}


@pytest.mark.parametrize("key", ["total", "total_count"])
def test_the_listing_total_is_read_under_either_documented_key(
    scripted: Scripted, key: str
) -> None:
    """The current page says `meta.total`, an older copy `meta.total_count`."""
    first = listing(rule(id="r0"), total=2)
    second = listing(rule(id="r1"), offset=1, total=2)
    for page in (first, second):
        page["meta"][key] = page["meta"].pop("total")
    scripted.reply(200, first).reply(200, second)
    assert [r.id for r in connect(scripted).access_rules.list(page_size=1)] == ["r0", "r1"]


def test_the_page_size_is_capped_at_the_documented_maximum(scripted: Scripted) -> None:
    scripted.reply(200, listing(rule()))
    list(connect(scripted).access_rules.list(page_size=500))
    assert dict(scripted.requests[0].url.params) == {"limit": "100"}


def test_an_empty_account_id_reads_as_the_account_called(scripted: Scripted) -> None:
    """Some documented examples show `"account_id": ""`."""
    scripted.reply(200, listing({**rule(), "account_id": ""}))
    [found] = connect(scripted).access_rules.list()
    assert (found.tenant, found.extra) == ("MA_X", {})
