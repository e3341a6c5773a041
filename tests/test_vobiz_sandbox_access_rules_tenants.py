"""The Vobiz sandbox for access rules and tenants: each acceptance line through `sandbox=True`
(sync and async), and the emulator's documented semantics on the raw wire."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from telephony_vobiz import VobizEmulator

import telephony_core as tel
from telephony_core.plugins.registry import get_registry

RULE = "c1d2e3f4-a5b6-7890-cdef-1234567890ab"
DATACENTER = "aabbccdd-1234-5678-90ab-cdef12345678"
SANDBOX_TOKEN = "sandbox-sub-account-token"


class _Sent:
    """Records the method and path of every request a client sends (a plugin hook)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []

    @tel.hookimpl
    def telephony_before_send(self, request: tel.WireRequest, provider: object) -> None:
        self.requests.append((request.method, request.path))


@pytest.fixture
def sent() -> _Sent:
    spy = _Sent()
    get_registry().add_plugin(spy, "sent-spy")
    return spy


@pytest.fixture
def client() -> Iterator[tel.Client]:
    with tel.connect("vobiz", sandbox=True) as sandbox:
        yield sandbox


LIST = ("GET", "/api/v1/Account/MA_SANDBOX/trunks/ip-acl")
PUT = ("PUT", f"/api/v1/Account/MA_SANDBOX/ip-acl/{RULE}")
TENANT_PUT = ("PUT", "/api/v1/accounts/MA_SANDBOX/sub-accounts/SA_1")


def test_rename_is_a_read_and_a_put(client: tel.Client, sent: _Sent) -> None:
    rule = client.access_rules.update(RULE, name="Main office - Building A")
    assert sent.requests == [LIST, PUT]
    assert (rule.name, rule.cidr) == ("Main office - Building A", "192.168.1.200")
    again = client.access_rules.get(RULE)
    assert (again.name, again.cidr) == ("Main office - Building A", "192.168.1.200")


def test_both_fields_is_one_put(client: tel.Client, sent: _Sent) -> None:
    rule = client.access_rules.update(RULE, cidr="10.40.50.0/24", name="DC")
    assert sent.requests == [PUT]
    assert (rule.name, rule.cidr) == ("DC", "10.40.50.0/24")
    assert rule.updated_at is not None and rule.created_at is not None
    assert rule.updated_at > rule.created_at


def test_tenant_update_is_one_put_and_hides_the_token(client: tel.Client, sent: _Sent) -> None:
    tenant = client.tenants.update("SA_1", rate_limit=750, email="updated@example.com")
    assert sent.requests == [TENANT_PUT]
    assert (tenant.rate_limit, tenant.email) == (750, "updated@example.com")
    assert tenant.description == "Customer support"  # partial: the rest is unchanged
    assert tenant.parent_id == "MA_SANDBOX"
    assert tenant.auth_token is None  # the newest update reply shows it "<redacted>"
    assert tenant.extra["id"] == "500001"  # the numeric id; the tenant id is the auth_id
    read = client.tenants.get("SA_1")
    assert (read.rate_limit, read.email, read.auth_token) == (750, "updated@example.com", None)


@pytest.mark.parametrize(
    ("resource", "changes", "error", "field"),
    [
        ("access_rules", {"cidr": "300.1.1.1"}, tel.ValidationError, "cidr"),
        ("access_rules", {"cidr": "fe80::/10"}, tel.ValidationError, "cidr"),
        ("access_rules", {"enabled": False}, tel.UnsupportedField, "enabled"),
        ("tenants", {"rate_limit": "750"}, tel.ValidationError, "rate_limit"),
        ("tenants", {"permissions": {"sms": "yes"}}, tel.ValidationError, "permissions"),
        ("tenants", {"email": None}, tel.ValidationError, "email"),
    ],
)
def test_bad_input_is_refused_before_sending(
    client: tel.Client,
    sent: _Sent,
    resource: str,
    changes: dict[str, Any],
    error: type[tel.TelephonyError],
    field: str,
) -> None:
    target = RULE if resource == "access_rules" else "SA_1"
    with pytest.raises(error) as info:
        getattr(client, resource).update(target, **changes)
    named = getattr(info.value, "field_errors", {getattr(info.value, "field", None): ""})
    assert field in named
    assert sent.requests == []


async def test_every_acceptance_line_async(sent: _Sent) -> None:
    async with tel.connect_async("vobiz", sandbox=True) as client:
        renamed = await client.access_rules.update(RULE, name="Main office - Building A")
        assert (renamed.name, renamed.cidr) == ("Main office - Building A", "192.168.1.200")
        assert sent.requests == [LIST, PUT]
        sent.requests.clear()
        await client.access_rules.update(RULE, cidr="10.40.50.0/24", name="DC")
        assert sent.requests == [PUT]
        sent.requests.clear()
        tenant = await client.tenants.update("SA_1", rate_limit=750, email="updated@example.com")
        assert sent.requests == [TENANT_PUT]
        assert SANDBOX_TOKEN not in repr(tenant)
        sent.requests.clear()
        for call, error in (
            (client.access_rules.update(RULE, cidr="300.1.1.1"), tel.ValidationError),
            (client.access_rules.update(RULE, cidr="fe80::/10"), tel.ValidationError),
            (client.access_rules.update(RULE, enabled=False), tel.UnsupportedField),
            (client.tenants.update("SA_1", rate_limit="750"), tel.ValidationError),
            (client.tenants.update("SA_1", permissions={"sms": "yes"}), tel.ValidationError),
        ):
            with pytest.raises(error):
                await call
        assert sent.requests == []
        assert [r.id async for r in client.access_rules.list(page_size=1)] == [DATACENTER, RULE]
        assert [t.id async for t in client.tenants.list()] == ["SA_1"]


def test_access_rule_round_trip(client: tel.Client) -> None:
    created = client.access_rules.create(name="Branch", cidr="203.0.113.7/32")
    assert created.cidr == "203.0.113.7"
    assert created.enabled is True
    assert [r.id for r in client.access_rules.list(page_size=2)] == [DATACENTER, RULE, created.id]
    assert client.access_rules.get(created.id).name == "Branch"
    client.access_rules.delete(created.id)
    with pytest.raises(tel.NotFound):
        client.access_rules.get(created.id)
    with pytest.raises(tel.NotFound):
        client.access_rules.delete(created.id)
    with pytest.raises(tel.NotFound):
        client.access_rules.update(created.id, name="x", cidr="10.0.0.1")


def test_tenant_round_trip(client: tel.Client) -> None:
    created = client.tenants.create(
        name="Sales", email="sales@example.com", permissions={"cdr": False}
    )
    assert created.id == "SA_2"
    assert created.permissions == {"calls": True, "cdr": False}
    assert created.auth_token is not None and len(created.auth_token) > 20
    assert [t.id for t in client.tenants.list(page_size=1)] == ["SA_1", "SA_2"]
    updated = client.tenants.update("SA_2", permissions={"calls": False}, enabled=False)
    assert updated.permissions == {"calls": False, "cdr": False}
    assert updated.enabled is False
    client.tenants.delete("SA_2")
    with pytest.raises(tel.NotFound):
        client.tenants.get("SA_2")


# The emulator on the raw wire: the vendor's semantics, whatever a client sends.


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(
        transport=VobizEmulator().transport(),
        base_url="https://api.vobiz.ai",
        headers={"X-Auth-ID": "MA_X", "X-Auth-Token": VobizEmulator.credentials["auth_token"]},
    ) as raw:
        yield raw


ACL = "/api/v1/Account/MA_X/ip-acl"
SUBS = "/api/v1/accounts/MA_X/sub-accounts"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"name": "Only a name"}, "name and ip_address are required"),
        ({"ip_address": "10.0.0.1"}, "name and ip_address are required"),
        (
            {"name": "x", "ip_address": "10.0.0.1", "enabled": False},
            "Unknown field(s): enabled; only name (or description) and ip_address",
        ),
        ({"name": "x", "ip_address": "192.168.1.300"}, "Invalid IP address format"),
        ({"name": "x", "ip_address": "fe80::1"}, "Invalid IP address format"),
        (
            {"name": "x", "description": "y", "ip_address": "10.0.0.1"},
            "name and description are the same label: send one string",
        ),
        ({"description": "", "ip_address": "10.0.0.1"}, "name and ip_address are required"),
        ([], "Expected a JSON object"),
    ],
)
def test_emulated_ip_acl_update_is_a_full_replace(
    http: httpx.Client, body: Any, message: str
) -> None:
    reply = http.put(f"{ACL}/{RULE}", json=body)
    assert reply.status_code == 400
    assert reply.json() == {"error": message, "code": 400}


def test_emulated_ip_acl_404s(http: httpx.Client) -> None:
    not_found = {"error": "IP ACL not found", "code": 404}
    assert http.put(f"{ACL}/nope", json={"name": "x", "ip_address": "10.0.0.1"}).json() == (
        not_found
    )
    reply = http.delete(f"{ACL}/nope")
    assert (reply.status_code, reply.json()) == (404, not_found)
    deleted = http.delete(f"{ACL}/{RULE}")
    assert (deleted.status_code, deleted.content) == (204, b"")


def test_emulated_ip_acl_listing(http: httpx.Client) -> None:
    page = http.get("/api/v1/Account/MA_X/trunks/ip-acl", params={"limit": 1, "offset": 1}).json()
    assert page["meta"] == {"limit": 1, "offset": 1, "total": 2}
    assert [r["id"] for r in page["objects"]] == [RULE]
    assert page["objects"][0]["account_id"] == "MA_X"
    assert http.get("/api/v1/Account/MA_X/trunks/ip-acl", params={"limit": 0}).status_code == 400


def test_emulated_paths_are_case_sensitive(http: httpx.Client) -> None:
    assert http.get("/api/v1/ACCOUNT/MA_X/trunks/ip-acl").status_code == 404
    assert http.get("/api/v1/Accounts/MA_X/sub-accounts/").status_code == 404
    assert http.get("/api/v1/accounts/MA_X/sub_accounts/").status_code == 404
    assert http.put(f"{ACL}/{RULE}/", json={}).status_code == 404


def test_emulated_credentials(http: httpx.Client) -> None:
    assert http.get(f"{SUBS}/SA_1", headers={"X-Auth-Token": ""}).status_code == 401
    assert http.get(f"{SUBS}/SA_1", headers={"X-Auth-Token": "wrong-token"}).status_code == 401
    assert http.get("/api/v1/accounts/MA_OTHER/sub-accounts/SA_1").status_code == 403


def test_emulated_sub_account_update_reply_is_the_newest_documented_shape(
    http: httpx.Client,
) -> None:
    reply = http.put(f"{SUBS}/SA_1", json={"description": "Updated permissions"})
    assert reply.status_code == 200
    pairs = json.loads(reply.content, object_pairs_hook=list)
    assert [value for key, value in pairs if key == "parent_auth_id"] == ["MA_X"]
    assert ("auth_token", "<redacted>") in pairs
    assert ("id", "500001") in pairs and ("auth_id", "SA_1") in pairs
    assert SANDBOX_TOKEN not in reply.text
    read = http.get(f"{SUBS}/SA_1").json()
    assert read["auth_token"] == "<redacted>"
    assert read["description"] == "Updated permissions"
    assert read["name"] == "Support Team"  # untouched by the partial update


@pytest.mark.parametrize(
    ("body", "details"),
    [
        ({"rate_limit": "1"}, {"rate_limit": "Must be an integer"}),
        ({"rate_limit": True}, {"rate_limit": "Must be an integer"}),
        ({"permissions": {"sms": "yes"}}, {"permissions": "Must be an object of booleans"}),
        ({"email": 42}, {"email": "Must be a string"}),
        ({"enabled": "yes"}, {"enabled": "Must be a boolean"}),
        ({"password": "x"}, {"password": "Unknown field"}),
        ({"name": ""}, {"name": "This field may not be blank"}),
    ],
)
def test_emulated_sub_account_update_refusals(
    http: httpx.Client, body: dict[str, Any], details: dict[str, str]
) -> None:
    reply = http.put(f"{SUBS}/SA_1", json=body)
    assert reply.status_code == 400
    assert reply.json() == {"error": "invalid request parameters", "details": details}


def test_emulated_sub_account_create_list_delete(http: httpx.Client) -> None:
    missing = http.post(f"{SUBS}/", json={"email": "a@example.com"})
    assert missing.status_code == 400
    assert missing.json()["details"] == {"name": "This field is required"}
    created = http.post(f"{SUBS}/", json={"name": "Sales", "password": "Sales-Passw0rd!"})
    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"message", "sub_account", "auth_credentials", "tokens"}
    assert body["auth_credentials"]["auth_id"] == "SA_2"
    assert (body["sub_account"]["auth_id"], body["sub_account"]["id"]) == ("SA_2", "500002")
    assert body["sub_account"]["auth_token"] == "<redacted>"
    assert "Sales-Passw0rd!" not in created.text
    listing = http.get(f"{SUBS}/", params={"page": 2, "size": 1}).json()
    assert (listing["total"], listing["page"], listing["size"]) == (2, 2, 1)
    assert [s["auth_id"] for s in listing["sub_accounts"]] == ["SA_2"]
    deleted = http.delete(f"{SUBS}/SA_2")
    assert (deleted.status_code, deleted.json()) == (
        200,
        {"message": "Sub-account deleted successfully"},
    )
    assert http.delete(f"{SUBS}/SA_2").status_code == 404
    assert http.put(f"{SUBS}/SA_2", json={"name": "x"}).status_code == 404


@pytest.mark.parametrize("account", ["Account", "account"])
def test_emulated_ip_acl_answers_both_spellings_and_the_sdks_keys(
    http: httpx.Client, account: str
) -> None:
    """The older documents and vobiz-python: `description` as the label, `enabled` at create,
    the lower-case `account`, and a single-entry read."""
    acl = f"/api/v1/{account}/MA_X/ip-acl"
    body = {"ip_address": "203.0.113.50", "description": "Office static IP", "enabled": False}
    created = http.post(acl, json=body)
    assert created.status_code == 201
    rule = created.json()
    assert (rule["description"], rule["enabled"], rule["account_id"]) == (
        "Office static IP",
        False,
        "MA_X",
    )
    assert http.get(f"{acl}/{rule['id']}").json() == rule
    bare = http.post(acl, json={"ip_address": "198.51.100.42"}).json()
    assert (bare["description"], bare["enabled"]) == ("", True)
    refused = http.put(f"{acl}/{rule['id']}", json=body)
    assert refused.status_code == 400  # `enabled` is not an update key
    renamed = http.put(
        f"{acl}/{rule['id']}", json={"description": "PBX", "ip_address": "10.0.0.0/8"}
    )
    assert renamed.json()["description"] == "PBX"
    listed = http.get(f"/api/v1/{account}/MA_X/trunks/ip-acl").json()
    assert rule["id"] in [r["id"] for r in listed["objects"]]
    assert http.get(f"{acl}/nope").json() == {"error": "IP ACL not found", "code": 404}
