"""The reply corpus: every documented shape of each vendor reply the built-in providers read,
with the document (and the copy of it) that shows it, and the neutral result it must give.

Placeholders of the documents (`{auth_id}`, `MA_XXXXXXXX`) are replaced by the test account
`MA_X`; everything else is as documented. `tests/test_reply_corpus.py` replays each variant,
then each with every key of the vendor object missing, null, and with unknown keys added;
the variants marked `newest` are also the shape the provider's emulator must answer with.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import attrs

import telephony_core as tel

SETTINGS: Mapping[str, Mapping[str, str]] = {
    "vobiz": {"auth_id": "MA_X", "auth_token": "t"},
    "sipbx": {"server": "pbx.example.com", "token": "nsd_x"},
    "voipappz": {"base_url": "https://api.voipappz.io", "token": "tok"},
    # Not the examples' account ACaaaa...: Twilio's listing of accounts holds the caller's own.
    "twilio": {
        "account_sid": "AC" + "1" * 32,
        "auth_token": "t",
        "credential_list": "CL" + "a" * 32,
        "ip_access_control_list": "AL" + "a" * 32,
    },
    "plivo": {"auth_id": "MA2025RK4E639VJFZAGV", "auth_token": "t"},
}
#: The documents, as cited below.
VOBIZ = "docs.vobiz.ai (2026)"
VOBIZ_SAMPLE = "docs.vobiz.ai (2026), the page's generated request/response sample"
VOBIZ_OLDER = "www.docs.vobiz.ai (older copy, X-Auth headers)"
VOBIZ_OLDEST = "www.docs.vobiz.ai (oldest copy, Bearer JWT)"
VOBIZ_SHARED = "shared/vendor-docs (the project's copy of www.docs.vobiz.ai)"
NETSAPIENS = "NetSapiens API v2 OpenAPI (shared/vendor-specs), Device schema"
NETSAPIENS_NUMBERS = (
    "NetSapiens API v2 OpenAPI (phoneware/netsapiens-mcp spec/netsapiens-api-v2.json, "
    "commit 36b7b3e), Phonenumber schema"
)
VOIPAPPZ_PAGE = "voipappz API page, User > Extension (shared/vendor-docs)"
VOIPAPPZ_CLIENTS = "voipappz's own clients (VENDORS.md): status / status_type, status_name"
TWILIO = "Twilio OpenAPI api_v2010 (shared/vendor-specs)"
PLIVO = "Plivo API reference (plivo.com/docs, 2026)"
PLIVO_SDK = "plivo/plivo-python tests/resources/fixtures"
#: The vendors' SDK test suites (their reply fixtures, each named below with its file).
PLIVO_PYTHON = "plivo/plivo-python (commit a0cd323) tests/resources/fixtures"
PLIVO_GO = "plivo/plivo-go (commit 273a836) fixtures"
VOBIZ_GO = "vobiz-ai/Vobiz-Go-SDK (commit 27c0418) wiremock/wiremock-mappings.json"

ENDPOINT = "87654321"
RULE = "aabbccdd-1234-5678-90ab-cdef12345678"
USER = "5d249180-a0e7-4ef0-8e50-95d822dca45d"
EXTENSION = "b773227d-ae9a-4d86-8273-d08915c27686"


@attrs.frozen
class Variant:
    """One documented reply of one operation.

    `call` makes the neutral call and returns the model read from the reply (a listing's
    first item). `item` is where the vendor object sits in the body (None: no object);
    `ids` the keys without which it has no id the call could know (a listing, a create).
    `expected` are neutral fields of the result (`extra` compared whole when given).
    """

    name: str
    provider: str
    source: str
    call: Callable[[tel.Client], Any]
    body: Any
    expected: Mapping[str, Any]
    status: int = 200
    headers: Mapping[str, str] = attrs.field(factory=dict)
    item: tuple[str | int, ...] | None = ()
    ids: frozenset[str] = frozenset()
    newest: bool = False
    #: Keys of the newest shape the emulator leaves out in its seeded state (e.g. a
    #: registration block only present while the device is registered).
    conditional: frozenset[str] = frozenset()
    #: The same call on the provider's sandbox, where the documented ids are not seeded.
    sandbox_call: Callable[[tel.Client], Any] | None = None
    #: Neutral fields that a vendor key feeds besides its own (e.g. a label that gives the
    #: state when no other key does), by key.
    coupled: Mapping[str, frozenset[str]] = attrs.field(factory=dict)


def first(items: Any) -> Any:
    """The first item of a listing (only its first page is read)."""
    return next(iter(items))


def whole(count: int) -> Callable[[Any], Any]:
    """The first item of a listing read to its end, which must hold `count` items (the
    replayed body answers every page: a listing that asked for another would repeat it)."""

    def read(items: Any) -> Any:
        listed = list(items)
        assert len(listed) == count, f"{len(listed)} items listed, not {count}"
        return listed[0]

    return read


def at(moment: str) -> datetime:
    return datetime.fromisoformat(moment)


# Vobiz Endpoints (devices).

_ENDPOINT_READ = {
    "api_id": "550e8400-e29b-41d4-a716-446655440000",
    "endpoint_id": ENDPOINT,
    "username": "john_doe",
    "alias": "John's Desktop Phone",
    "sip_uri": "sip:john_doe@sip.vobiz.ai",
    "sip_registered": "true",
    "sip_registration": {
        "contact": "192.168.1.100:5060",
        "expires": "2025-10-28T11:30:00Z",
        "user_agent": "Zoiper v5.4.5",
        "received": "203.0.113.42:5060",
        "path": None,
    },
    "application": {
        "app_id": "12345678",
        "app_name": "Customer Service App",
        "answer_url": "https://example.com/answer",
        "answer_method": "POST",
    },
    "allow_voice": True,
    "allow_message": True,
    "allow_video": False,
    "allow_same_domain": True,
    "allow_other_domains": False,
    "allow_phones": True,
    "allow_apps": True,
    "sub_account": None,
    "resource_uri": f"/v1/Account/MA_X/Endpoint/{ENDPOINT}/",
    "created_at": "2025-10-27T10:30:00Z",
    "updated_at": "2025-10-28T09:15:00Z",
}
_ENDPOINT_READ_EXPECTED = {
    "id": ENDPOINT,
    "tenant": "MA_X",
    "username": "john_doe",
    "name": "John's Desktop Phone",
    "sip_uri": "sip:john_doe@sip.vobiz.ai",
    "registered": True,
    "application_id": "12345678",
    "allow_voice": True,
    "allow_messaging": True,
    "allow_video": False,
}
_ENDPOINT_LISTED = {
    "alias": "Acme Desktop Phone",
    "application": "/v1/Account/MA_X/Application/12345678901234567/",
    "endpoint_id": "147322537258167",
    "resource_uri": "/v1/Account/MA_X/Endpoint/147322537258167/",
    "sip_registered": "false",
    "sip_uri": "sip:acme_sip_user_01@registrar.vobiz.ai",
    "sub_account": None,
    "username": "acme_sip_user_01",
}
_ENDPOINT_LISTED_EXPECTED = {
    "id": "147322537258167",
    "tenant": "MA_X",
    "username": "acme_sip_user_01",
    "name": "Acme Desktop Phone",
    "application_id": "12345678901234567",
    "registered": False,
    "sip_uri": "sip:acme_sip_user_01@registrar.vobiz.ai",
}


def _create_endpoint(client: tel.Client) -> tel.Device:
    return client.devices.create(
        username="john_doe", password="SecurePassword123!", name="John's Desktop Phone"
    )


VOBIZ_DEVICES = [
    Variant(
        "vobiz-endpoint-get",
        "vobiz",
        f"{VOBIZ}, Retrieve an Endpoint, 200 example",
        lambda c: c.devices.get(ENDPOINT),
        _ENDPOINT_READ,
        _ENDPOINT_READ_EXPECTED,
        newest=True,
        conditional=frozenset({"sip_registration"}),
    ),
    Variant(
        "vobiz-endpoint-get-sample",
        "vobiz",
        f"{VOBIZ_SAMPLE}, Retrieve an Endpoint (application as a URI)",
        lambda c: c.devices.get("147322537258167"),
        _ENDPOINT_LISTED,
        _ENDPOINT_LISTED_EXPECTED,
    ),
    Variant(
        "vobiz-endpoint-list",
        "vobiz",
        f"{VOBIZ_SAMPLE}, List All Endpoints",
        lambda c: first(c.devices.list()),
        {
            "api_id": "aabbccdd-1234-5678-90ab-cdef12345678",
            "meta": {"limit": 20, "offset": 0, "total_count": 2, "next": None, "previous": None},
            "objects": [
                _ENDPOINT_LISTED,
                {
                    **_ENDPOINT_LISTED,
                    "alias": "SIP Demo Phone",
                    "application": None,
                    "endpoint_id": "125649946800674",
                    "username": "sipuser_demo",
                },
            ],
        },
        _ENDPOINT_LISTED_EXPECTED,
        item=("objects", 0),
        ids=frozenset({"endpoint_id"}),
        newest=True,
    ),
    Variant(
        "vobiz-endpoint-list-older",
        "vobiz",
        f"{VOBIZ_OLDEST}, List All Endpoints (application as an object, sip_* keys)",
        lambda c: first(c.devices.list()),
        {
            "api_id": "550e8400-e29b-41d4-a716-446655440000",
            "meta": {"limit": 20, "offset": 0, "total_count": 1},
            "objects": [
                {
                    "endpoint_id": ENDPOINT,
                    "username": "john_doe",
                    "alias": "John's Desktop Phone",
                    "sip_uri": "sip:john_doe@sip.vobiz.ai",
                    "sip_registered": "true",
                    "sip_contact": "192.168.1.100:5060",
                    "sip_expires": "2025-10-28T11:30:00Z",
                    "sip_user_agent": "Zoiper v5.4.5",
                    "application": {"app_id": "12345678", "app_name": "Customer Service App"},
                    "allow_voice": True,
                    "allow_message": True,
                    "allow_video": False,
                    "allow_same_domain": True,
                    "allow_other_domains": False,
                    "allow_phones": True,
                    "allow_apps": True,
                    "sub_account": None,
                    "resource_uri": f"/v1/Account/MA_X/Endpoint/{ENDPOINT}/",
                }
            ],
        },
        _ENDPOINT_READ_EXPECTED,
        item=("objects", 0),
        ids=frozenset({"endpoint_id"}),
    ),
    Variant(
        "vobiz-endpoint-create",
        "vobiz",
        f"{VOBIZ_SAMPLE}, Create an Endpoint, 201",
        _create_endpoint,
        {"alias": "John's Desktop Phone", "endpoint_id": "193962768711692", "username": "john_doe"},
        {"id": "193962768711692", "username": "john_doe", "name": "John's Desktop Phone"},
        status=201,
        ids=frozenset({"endpoint_id"}),
        newest=True,
    ),
    Variant(
        "vobiz-endpoint-create-older",
        "vobiz",
        f"{VOBIZ_OLDEST}, Create an Endpoint, 201",
        _create_endpoint,
        {
            "api_id": "550e8400-e29b-41d4-a716-446655440000",
            "message": "created",
            "endpoint_id": ENDPOINT,
            "sip_uri": "sip:john_doe@sip.vobiz.ai",
            "resource_uri": f"/v1/Account/MA_X/Endpoint/{ENDPOINT}/",
        },
        {"id": ENDPOINT, "username": "john_doe", "sip_uri": "sip:john_doe@sip.vobiz.ai"},
        status=201,
        ids=frozenset({"endpoint_id"}),
    ),
    Variant(
        "vobiz-endpoint-update",
        "vobiz",
        f"{VOBIZ_SHARED}, Update an Endpoint: 202 with no body",
        lambda c: c.devices.update(ENDPOINT, name="Desk"),
        None,
        {"id": ENDPOINT, "name": "Desk"},
        status=202,
        item=None,
    ),
    Variant(
        "vobiz-endpoint-delete",
        "vobiz",
        f"{VOBIZ}, Delete an Endpoint: 204 with no body",
        lambda c: c.devices.delete(ENDPOINT),
        None,
        {},
        status=204,
        item=None,
    ),
]

# Vobiz IP ACLs (access rules).


def _rule(id: str, ip: str, description: str, when: str, **more: Any) -> dict[str, Any]:
    return {
        "id": id,
        "account_id": "MA_X",
        "ip_address": ip,
        "description": description,
        "enabled": True,
        "created_at": when,
        "updated_at": when,
        **more,
    }


_RULE_EXPECTED = {
    "id": "11223344-1234-5678-90ab-cdef12345678",
    "tenant": "MA_X",
    "name": "Office IP",
    "cidr": "10.20.30.0/24",
    "enabled": True,
    "created_at": at("2026-03-25T10:00:00Z"),
}


def _update_rule(client: tel.Client) -> tel.AccessRule:
    return client.access_rules.update(RULE, name="Office static IP", cidr="192.168.1.200")


VOBIZ_ACCESS_RULES = [
    Variant(
        "vobiz-ip-acl-list",
        "vobiz",
        f"{VOBIZ_SAMPLE}, List IP ACLs",
        lambda c: first(c.access_rules.list()),
        {
            "meta": {"limit": 20, "offset": 0, "total": 2},
            "objects": [
                _rule(
                    "11223344-1234-5678-90ab-cdef12345678",
                    "10.20.30.0/24",
                    "Office IP",
                    "2026-03-25T10:00:00Z",
                ),
                _rule(
                    "99887766-1234-5678-90ab-cdef12345678",
                    "192.168.1.0/24",
                    "Datacenter ACL",
                    "2026-03-22T09:00:00Z",
                ),
            ],
        },
        _RULE_EXPECTED,
        item=("objects", 0),
        ids=frozenset({"id"}),
        newest=True,
    ),
    Variant(
        "vobiz-ip-acl-list-sdk",
        "vobiz",
        f"{VOBIZ_GO}, List IP ACLs - default (total 3, no next link)",
        lambda c: whole(3)(c.access_rules.list()),
        {
            "meta": {"limit": 20, "offset": 0, "total": 3},
            "objects": [
                _rule(id, cidr, label, when, account_id="MA_XXXXXXXX")
                for id, cidr, label, when in (
                    (_RULE_EXPECTED["id"], "10.20.30.0/24", "Office IP", "2026-03-25T10:00:00Z"),
                    (
                        "99887766-1234-5678-90ab-cdef12345678",
                        "192.168.1.0/24",
                        "Datacenter ACL",
                        "2026-03-22T09:00:00Z",
                    ),
                    (
                        "55667788-1234-5678-90ab-cdef12345678",
                        "203.0.113.0/24",
                        "Production SBC",
                        "2026-03-18T14:41:41Z",
                    ),
                )
            ],
        },
        {**_RULE_EXPECTED, "tenant": "MA_XXXXXXXX"},
        item=("objects", 0),
        ids=frozenset({"id"}),
    ),
    Variant(
        "vobiz-ip-acl-get",
        "vobiz",
        f"{VOBIZ_SAMPLE}, List IP ACLs (no single-rule read: a get reads the listing)",
        lambda c: c.access_rules.get("99887766-1234-5678-90ab-cdef12345678"),
        {
            "meta": {"limit": 20, "offset": 0, "total": 1},
            "objects": [
                _rule(
                    "99887766-1234-5678-90ab-cdef12345678",
                    "192.168.1.0/24",
                    "Datacenter ACL",
                    "2026-03-22T09:00:00Z",
                )
            ],
        },
        {"id": "99887766-1234-5678-90ab-cdef12345678", "cidr": "192.168.1.0/24"},
        item=("objects", 0),
        ids=frozenset({"id"}),
    ),
    Variant(
        "vobiz-ip-acl-list-empty-account",
        "vobiz",
        f'{VOBIZ}, Retrieve All IP ACLs, 200 example ("account_id": "")',
        lambda c: first(c.access_rules.list()),
        {
            "meta": {"limit": 20, "offset": 0, "total": 1},
            "objects": [
                _rule(RULE, "192.168.0.0/16", "Office IP", "2026-03-18T14:41:41Z", account_id="")
            ],
        },
        {"id": RULE, "tenant": "MA_X", "cidr": "192.168.0.0/16", "name": "Office IP"},
        item=("objects", 0),
        ids=frozenset({"id"}),
    ),
    Variant(
        "vobiz-ip-acl-list-older",
        "vobiz",
        f"{VOBIZ_OLDER}, Retrieve All IP ACLs (meta.total_count, no account_id)",
        lambda c: first(c.access_rules.list()),
        {
            "meta": {"limit": 20, "offset": 0, "total_count": 1},
            "objects": [
                {
                    "id": "e3f4a5b6-c7d8-9012-ef12-34567890abcd",
                    "ip_address": "192.0.2.100",
                    "description": "Backup office IP",
                    "enabled": False,
                    "created_at": "2025-01-17T14:15:45Z",
                    "updated_at": "2025-01-20T11:30:00Z",
                }
            ],
        },
        {
            "id": "e3f4a5b6-c7d8-9012-ef12-34567890abcd",
            "tenant": "MA_X",
            "cidr": "192.0.2.100",
            "name": "Backup office IP",
            "enabled": False,
        },
        item=("objects", 0),
        ids=frozenset({"id"}),
    ),
    Variant(
        "vobiz-ip-acl-create",
        "vobiz",
        f"{VOBIZ}, The IP ACL object (the create reply)",
        lambda c: c.access_rules.create(name="Office IP", cidr="192.168.1.0/24"),
        _rule(RULE, "192.168.1.0/24", "Office IP", "2026-03-18T14:41:41Z", account_id=""),
        {"id": RULE, "tenant": "MA_X", "cidr": "192.168.1.0/24", "name": "Office IP"},
        status=201,
        ids=frozenset({"id"}),
        newest=True,
    ),
    Variant(
        "vobiz-ip-acl-create-sdk",
        "vobiz",
        f"{VOBIZ_GO}, Create an IP ACL - default (200, an empty description)",
        lambda c: c.access_rules.create(name="Office IP", cidr="10.20.30.0/24"),
        _rule(RULE, "10.20.30.0/24", "", "2026-03-25T10:00:00Z", account_id="MA_XXXXXXXX"),
        # The reply's label is the name: here the vendor's empty one.
        {"id": RULE, "tenant": "MA_XXXXXXXX", "name": "", "cidr": "10.20.30.0/24"},
        ids=frozenset({"id"}),
    ),
    Variant(
        "vobiz-ip-acl-update",
        "vobiz",
        f"{VOBIZ_SHARED}, Update an IP ACL, 200 example",
        _update_rule,
        _rule(
            RULE,
            "192.168.1.200",
            "Office static IP",
            "2026-05-12T05:11:51Z",
            account_id="MA_XXXXXXXX",
            updated_at="2026-05-12T05:12:30Z",
        ),
        {
            "id": RULE,
            "tenant": "MA_XXXXXXXX",
            "cidr": "192.168.1.200",
            "name": "Office static IP",
            "updated_at": at("2026-05-12T05:12:30Z"),
        },
        newest=True,
    ),
    Variant(
        "vobiz-ip-acl-update-sample",
        "vobiz",
        f"{VOBIZ_SHARED}, Update an IP ACL, generated sample",
        _update_rule,
        _rule(
            RULE,
            "192.168.1.0/24",
            "Datacenter ACL",
            "2026-03-25T10:00:00Z",
            account_id="MA_XXXXXXXX",
            updated_at="2026-03-25T11:30:00Z",
        ),
        {"id": RULE, "cidr": "192.168.1.0/24", "name": "Datacenter ACL"},
    ),
    Variant(
        "vobiz-ip-acl-delete",
        "vobiz",
        f"{VOBIZ}, Delete an IP ACL: 204",
        lambda c: c.access_rules.delete(RULE),
        None,
        {},
        status=204,
        item=None,
    ),
]

# Vobiz sub-accounts (tenants).


def _sub_account(**changes: Any) -> dict[str, Any]:
    """The sub-account object of the newest documents."""
    return {
        "name": "Support Team",
        "email": "support@example.com",
        "phone": "+1234567890",
        "description": "Support-facing voice workload",
        "permissions": {"calls": True, "cdr": True},
        "rate_limit": 500,
        "id": "500001",
        "parent_account_id": "510762",
        "parent_auth_id": "MA_X",
        "auth_id": "SA_XXXXXXXX",
        "auth_token": "<redacted>",
        "api_id": "aabbccdd-1234-5678-90ab-cdef12345678",
        "email_verified": False,
        "enabled": True,
        "is_active": True,
        "created": "2025-10-22T03:57:35.997500Z",
        "modified": "2025-10-22T03:57:35.997500Z",
        "created_at": "2025-10-22T03:57:35.997500Z",
        "updated_at": "2025-10-22T03:57:35.997500Z",
        "account": "/v1/Account/MA_X/",
        "resource_uri": "/v1/Account/MA_X/Subaccount/SA_XXXXXXXX/",
        "last_used": None,
        **changes,
    }


_TENANT_EXPECTED = {
    "id": "SA_XXXXXXXX",
    "parent_id": "MA_X",
    "name": "Support Team",
    "email": "support@example.com",
    "phone": "+1234567890",
    "description": "Support-facing voice workload",
    "rate_limit": 500,
    "permissions": {"calls": True, "cdr": True},
    "enabled": True,
    "auth_token": None,
    "extra": {
        "id": "500001",
        "parent_account_id": "510762",
        "email_verified": False,
        "last_used": None,
    },
}
#: The oldest copy: `id` is "SA_...", `auth_id` a token-like string, no e-mail or phone.
_OLDEST_SUB_ACCOUNT = {
    "name": "Support Team",
    "description": "Support-facing voice workload",
    "permissions": {"calls": True, "cdr": True},
    "rate_limit": 500,
    "id": "SA_67401KW8",
    "parent_account_id": "MA_X",
    "auth_id": "inG9oUky5uFjdUECaQNzeyVYD6ommaJd",
    "is_active": True,
    "created_at": "2025-10-22T03:57:35.997500Z",
    "updated_at": "2025-10-22T03:57:35.997500Z",
    "last_used": None,
}


def _create_tenant(client: tel.Client) -> tel.Tenant:
    return client.tenants.create(name="Support Team")


VOBIZ_TENANTS = [
    Variant(
        "vobiz-sub-account-get",
        "vobiz",
        f"{VOBIZ}, Retrieve a Subaccount, 200 example",
        lambda c: c.tenants.get("SA_XXXXXXXX"),
        _sub_account(),
        _TENANT_EXPECTED,
        newest=True,
        sandbox_call=lambda c: c.tenants.get("SA_1"),
    ),
    Variant(
        "vobiz-sub-account-get-sample",
        "vobiz",
        f"{VOBIZ_SAMPLE}, Retrieve a sub-account (nulls)",
        lambda c: c.tenants.get("SA_XXXXXXXX"),
        _sub_account(
            name="Acme Sub-Account",
            email=None,
            phone=None,
            description=None,
            permissions=None,
            rate_limit=1000,
        ),
        {"id": "SA_XXXXXXXX", "name": "Acme Sub-Account", "email": None, "permissions": None},
    ),
    Variant(
        "vobiz-sub-account-get-older",
        "vobiz",
        f"{VOBIZ_OLDER}, Retrieve a Subaccount (id is the sub_auth_id, parent_auth_id twice)",
        lambda c: c.tenants.get("SA_1"),
        None,  # raw text: see RAW below
        {"id": "SA_1", "parent_id": "MA_X", "enabled": True, "email": "support@example.com"},
    ),
    Variant(
        "vobiz-sub-account-get-oldest",
        "vobiz",
        f"{VOBIZ_OLDEST}, Retrieve a Subaccount",
        lambda c: c.tenants.get("inG9oUky5uFjdUECaQNzeyVYD6ommaJd"),
        _OLDEST_SUB_ACCOUNT,
        {"id": "inG9oUky5uFjdUECaQNzeyVYD6ommaJd", "name": "Support Team", "enabled": True},
    ),
    Variant(
        "vobiz-sub-account-list",
        "vobiz",
        f"{VOBIZ}, List All Subaccounts, 200 example",
        lambda c: first(c.tenants.list()),
        {"sub_accounts": [_sub_account()], "total": 1, "page": 1, "size": 25},
        _TENANT_EXPECTED,
        item=("sub_accounts", 0),
        ids=frozenset({"auth_id"}),
        newest=True,
    ),
    Variant(
        "vobiz-sub-account-list-oldest",
        "vobiz",
        f"{VOBIZ_OLDEST}, List All Subaccounts",
        lambda c: first(c.tenants.list()),
        {"sub_accounts": [_OLDEST_SUB_ACCOUNT], "total": 1, "page": 1, "size": 25},
        {
            "id": "inG9oUky5uFjdUECaQNzeyVYD6ommaJd",
            "extra": {"id": "SA_67401KW8", "parent_account_id": "MA_X", "last_used": None},
        },
        item=("sub_accounts", 0),  # `id` ("SA_...") stands in for a missing auth_id
    ),
    Variant(
        "vobiz-sub-account-create",
        "vobiz",
        f"{VOBIZ_SAMPLE}, Create a sub-account, 201",
        _create_tenant,
        {
            "message": "Sub-account created successfully",
            "sub_account": _sub_account(auth_token="<redacted>"),
            "auth_credentials": {"auth_id": "SA_XXXXXXXX", "auth_token": "sub-token-0123"},
            "tokens": {
                "access_token": "access-0123",
                "refresh_token": "refresh-0123",
                "token_type": "Bearer",
                "expires_in": 3600,
            },
        },
        {"id": "SA_XXXXXXXX", "name": "Support Team", "auth_token": tel.Secret("sub-token-0123")},
        status=201,
        item=("sub_account",),
        newest=True,
    ),
    Variant(
        "vobiz-sub-account-create-oldest",
        "vobiz",
        f"{VOBIZ_OLDEST}, Create a Subaccount, 201",
        _create_tenant,
        {
            "message": "Sub-account created successfully",
            "sub_account": _OLDEST_SUB_ACCOUNT,
            "auth_credentials": {
                "auth_id": "inG9oUky5uFjdUECaQNzeyVYD6ommaJd",
                "auth_token": "sub-token-0123",
            },
        },
        {"id": "inG9oUky5uFjdUECaQNzeyVYD6ommaJd", "auth_token": tel.Secret("sub-token-0123")},
        status=201,
        item=("sub_account",),
    ),
    Variant(
        "vobiz-sub-account-update",
        "vobiz",
        f"{VOBIZ_SAMPLE}, Update a sub-account, 200",
        lambda c: c.tenants.update("SA_XXXXXXXX", name="Acme Sub-Account Updated", enabled=False),
        _sub_account(name="Acme Sub-Account Updated", enabled=False, is_active=False),
        {"id": "SA_XXXXXXXX", "name": "Acme Sub-Account Updated", "enabled": False},
        newest=True,
        sandbox_call=lambda c: c.tenants.update("SA_1", name="Acme", enabled=False),
    ),
    Variant(
        "vobiz-sub-account-delete",
        "vobiz",
        f"{VOBIZ}, Delete a Subaccount, 200",
        lambda c: c.tenants.delete("SA_XXXXXXXX"),
        {"message": "Sub-account deleted successfully"},
        {},
        item=None,
    ),
]

#: Replies that JSON values cannot write (a key sent twice), by variant name.
RAW = {
    "vobiz-sub-account-get-older": (
        b'{"name": "Support Team", "email": "support@example.com", "phone": "+1234567890",'
        b' "description": "Support-facing voice workload",'
        b' "permissions": {"calls": true, "cdr": true}, "rate_limit": 500, "id": "SA_1",'
        b' "parent_auth_id": "MA_X", "parent_auth_id": "MA_X", "auth_id": "MA_X",'
        b' "auth_token": "sub-token-0123", "api_id": "aabbccdd", "email_verified": true,'
        b' "enabled": true, "is_active": true, "created": "2025-10-22T03:57:35.997500Z",'
        b' "modified": "2025-10-22T03:57:35.997500Z",'
        b' "created_at": "2025-10-22T03:57:35.997500Z",'
        b' "updated_at": "2025-10-22T03:57:35.997500Z", "account": "/api/v1/accounts/MA_X/",'
        b' "resource_uri": "/api/v1/accounts/MA_X/sub-accounts/SA_1/", "last_used": null}'
    )
}

# SiPbx (NetSapiens API v2) devices: the Device schema, every property, and the minimum.

_SIPBX_DEVICE = {
    "device": "1001a",
    "user": "1001",
    "domain": "example.com",
    "device-sip-registration-uri": "sip:1001a@example.com",
    "device-sip-registration-state": "registered",
    "device-sip-registration-contact": "sip:1001a@192.0.2.10:5060",
    "device-sip-registration-core-server": "core1.example.com",
    "device-sip-registration-datetime": "2024-05-01T12:00:00+00:00",
    "device-sip-registration-expires-datetime": "2024-05-01T12:01:00+00:00",
    "device-sip-registration-ip-address": "192.0.2.10:5060",
    "device-sip-registration-user-agent": "Yealink T48 2.3.232",
    "device-sip-latency-seconds-current": 0.042,
    "device-sip-latency-seconds-average": 0.05,
    "device-sip-registration-password": "Desk-Phone-1001a",
    "caller-id-number-emergency": "[*]",
    "device-force-notify-new-voicemails-enabled": "no",
    "device-level-call-recording-enabled": "no",
    "device-push-enabled": "yes",
    "device-sip-registration-expiry-seconds": 60,
    "device-sip-registration-ignore-for-presence-calculation": "no",
    "device-sip-registration-ignore-report-enabled": "no",
    "device-sip-no-to-tag-in-cancel": "no",
    "device-srtp-enabled": "opportunistic",
    "auto-answer-enabled": "no",
    "recording-configuration": "yes-with-transcription",
    "device-sip-allowed-user-agent": "Yealink",
    "device-sip-nat-traversal-enabled": "automatic",
    "emergency-address-id": None,
    "device-models-model": "Yealink T48S",
    "device-provisioning-mac-address": "805ec0123456",
    "device-provisioning-registration-core-server": "core1.example.com",
    "device-provisioning-sip-transport-protocol": "tls",
    "device-provisioning-username": None,
    "device-provisioning-password": None,
    "device-provisioning-line": 1,
    "device-provisioning-overrides": "sip.line.1.label=Desk",
    "login-username": "1001@example.com",
    "name-full-name": "Alex Example",
}
_SIPBX_EXPECTED = {
    "id": "1001a",
    "tenant": "example.com",
    "owner": "1001",
    "username": "1001@example.com",
    "password": tel.Secret("Desk-Phone-1001a"),
    "registered": True,
    "srtp": "opportunistic",
    "recording": "transcribed",
    "transport": "tls",
    "nat_traversal": "automatic",
    "registration_expiry_s": 60,
    "mac_address": "80:5e:c0:12:34:56",
    "model": "Yealink T48S",
    "provisioning_line": 1,
    "emergency_address_id": None,
}
_SIPBX_MINIMAL = {"device": "1001b", "user": "1001", "domain": "example.com"}

SIPBX_DEVICES = [
    Variant(
        "sipbx-device-get",
        "sipbx",
        f"{NETSAPIENS}, every property",
        lambda c: c.devices.get("1001a"),
        _SIPBX_DEVICE,
        _SIPBX_EXPECTED,
        newest=True,
        conditional=frozenset(
            {
                "device-sip-allowed-user-agent",
                "device-provisioning-username",
                "device-provisioning-password",
                "device-provisioning-registration-core-server",
                "device-provisioning-overrides",
                "emergency-address-id",
            }
        ),
    ),
    Variant(
        "sipbx-device-get-required-only",
        "sipbx",
        f"{NETSAPIENS}, only the required properties (device, user, domain)",
        lambda c: c.devices.get("1001b"),
        _SIPBX_MINIMAL,
        {"id": "1001b", "tenant": "example.com", "owner": "1001", "srtp": None, "extra": {}},
    ),
    Variant(
        "sipbx-device-list",
        "sipbx",
        f"{NETSAPIENS}, GET devices: an array of Device",
        lambda c: first(c.devices.list()),
        [_SIPBX_DEVICE, _SIPBX_MINIMAL],
        _SIPBX_EXPECTED,
        item=(0,),
        ids=frozenset({"device"}),
    ),
    Variant(
        "sipbx-device-create-synchronous",
        "sipbx",
        f"{NETSAPIENS}, POST devices with synchronous=yes: 200 Device",
        lambda c: c.devices.create(id="1001a", password="Desk-Phone-1001a"),
        _SIPBX_DEVICE,
        _SIPBX_EXPECTED,
    ),
    Variant(
        "sipbx-device-create-accepted",
        "sipbx",
        f"{NETSAPIENS}, POST devices: 202 SuccessResponse",
        lambda c: c.devices.create(id="1001c", srtp="required"),
        {"code": 202, "message": "Accepted"},
        {"id": "1001c", "srtp": "required", "tenant": "~"},
        status=202,
        item=None,
    ),
    Variant(
        "sipbx-device-update",
        "sipbx",
        f"{NETSAPIENS}, PUT device: 202 SuccessResponse",
        lambda c: c.devices.update("1001a", srtp="required"),
        {"code": 202, "message": "Accepted"},
        {"id": "1001a", "srtp": "required"},
        status=202,
        item=None,
    ),
    Variant(
        "sipbx-device-delete",
        "sipbx",
        f"{NETSAPIENS}, DELETE device: 202 SuccessResponse",
        lambda c: c.devices.delete("1001a"),
        {"code": 202, "message": "Accepted"},
        {},
        status=202,
        item=None,
    ),
    Variant(
        "sipbx-device-count",
        "sipbx",
        'VENDORS.md, GET devices/count: {"total": n}',
        lambda c: c.devices.count(),
        {"total": 2},
        {},
        item=None,
    ),
]

# SiPbx phone numbers.

_SIPBX_NUMBER = {
    "phonenumber": "14155550100",
    "enabled": "yes",
    "domain": "example.com",
    "dial-rule-application": "to-user",
    "dial-rule-parameter": "",
    "dial-rule-translation-destination-user": "1001",
    "dial-rule-translation-destination-host": "example.com",
    "dial-rule-translation-source-name": "[*]",
    "dial-rule-description": "Main line",
}
_SIPBX_NUMBER_EXPECTED = {
    "id": "14155550100",
    "number": "+14155550100",
    "tenant": "example.com",
    "name": "Main line",
    "user_id": "1001",
    "trunk_id": None,
    "application_id": None,
}
_ACCEPTED = {"code": 202, "message": "Accepted"}

SIPBX_NUMBERS = [
    Variant(
        "sipbx-number-get",
        "sipbx",
        f"{NETSAPIENS_NUMBERS}, every property",
        lambda c: c.numbers.get("14155550100"),
        _SIPBX_NUMBER,
        _SIPBX_NUMBER_EXPECTED,
        newest=True,
        # The dial rule's user and host feed the routing fields.
        coupled={
            "dial-rule-application": frozenset({"user_id", "trunk_id"}),
            "dial-rule-translation-destination-user": frozenset({"user_id"}),
            "dial-rule-translation-destination-host": frozenset({"trunk_id"}),
        },
    ),
    Variant(
        "sipbx-number-get-required-only",
        "sipbx",
        f"{NETSAPIENS_NUMBERS}, only the required properties "
        "(phonenumber, domain, dial-rule-translation-destination-user)",
        lambda c: c.numbers.get("18005551234"),
        {
            "phonenumber": "18005551234",
            "domain": "example.com",
            "dial-rule-translation-destination-user": "[*]",
        },
        {"id": "18005551234", "number": "+18005551234", "user_id": None, "trunk_id": None},
    ),
    Variant(
        "sipbx-number-list",
        "sipbx",
        f"{NETSAPIENS_NUMBERS}, GET phonenumbers: an array of Phonenumber",
        lambda c: first(c.numbers.list()),
        [_SIPBX_NUMBER],
        _SIPBX_NUMBER_EXPECTED,
        item=(0,),
        ids=frozenset({"phonenumber"}),
        coupled={
            "dial-rule-application": frozenset({"user_id", "trunk_id"}),
            "dial-rule-translation-destination-user": frozenset({"user_id"}),
            "dial-rule-translation-destination-host": frozenset({"trunk_id"}),
        },
    ),
    Variant(
        "sipbx-number-create-accepted",
        "sipbx",
        f"{NETSAPIENS_NUMBERS}, POST phonenumbers (the reference's example): 202 SuccessResponse",
        lambda c: c.numbers.create(number="+18005551234", name="Test Number"),
        _ACCEPTED,
        {"id": "18005551234", "name": "Test Number", "tenant": "~", "user_id": None},
        status=202,
        item=None,
    ),
    Variant(
        "sipbx-number-update",
        "sipbx",
        f"{NETSAPIENS_NUMBERS}, PUT phonenumber: 202 SuccessResponse",
        lambda c: c.numbers.update("14155550100", trunk_id="carrier-b"),
        _ACCEPTED,
        {"id": "14155550100", "trunk_id": "carrier-b", "user_id": None},
        status=202,
        item=None,
    ),
    Variant(
        "sipbx-number-delete",
        "sipbx",
        f"{NETSAPIENS_NUMBERS}, DELETE phonenumber: 202 SuccessResponse",
        lambda c: c.numbers.delete("14155550100"),
        _ACCEPTED,
        {},
        status=202,
        item=None,
    ),
    Variant(
        "sipbx-number-count",
        "sipbx",
        f"{NETSAPIENS_NUMBERS}, GET phonenumbers/count: its example, Count",
        lambda c: c.numbers.count(),
        {"total": 3},
        {},
        item=None,
    ),
]

# voipappz users (agents): the page shows no user object; the vendor's clients' keys.

_USER = {
    "uuid": USER,
    "name": "Alex Morgan",
    "email": "alex.morgan@example.com",
    "extension_uuid": EXTENSION,
    "status": "on_break",
    "status_name": "Lunch",
    "enabled": True,
}
_USER_EXPECTED = {
    "id": USER,
    "name": "Alex Morgan",
    "email": "alex.morgan@example.com",
    "extension_id": EXTENSION,
    "state": "on_break",
    "state_reason": "Lunch",
    "extra": {"enabled": True},
}

VOIPAPPZ_AGENTS = [
    Variant(
        "voipappz-user-get",
        "voipappz",
        f"{VOIPAPPZ_CLIENTS}: the state as a key",
        lambda c: c.agents.get(USER),
        _USER,
        _USER_EXPECTED,
        newest=True,
    ),
    Variant(
        "voipappz-user-get-labels",
        "voipappz",
        f"{VOIPAPPZ_CLIENTS}: status_type and a label",
        lambda c: c.agents.get(USER),
        {**{k: v for k, v in _USER.items() if k != "status"}, "status_type": "On Break"},
        {**_USER_EXPECTED, "state": "on_break"},
    ),
    Variant(
        "voipappz-user-get-label-only",
        "voipappz",
        f"{VOIPAPPZ_CLIENTS}: only status_name, the state's label",
        lambda c: c.agents.get(USER),
        {**{k: v for k, v in _USER.items() if k != "status"}, "status_name": "Available"},
        {**_USER_EXPECTED, "state": "available", "state_reason": None},
        coupled={"status_name": frozenset({"state"})},
    ),
    Variant(
        "voipappz-user-list",
        "voipappz",
        f"{VOIPAPPZ_CLIENTS}: GET /api/users, a bare array, the total in X-Total",
        lambda c: first(c.agents.list()),
        [_USER],
        _USER_EXPECTED,
        headers={"X-Total": "1"},
        item=(0,),
        ids=frozenset({"uuid"}),
    ),
    Variant(
        "voipappz-user-create",
        "voipappz",
        f"{VOIPAPPZ_CLIENTS}: POST /api/users returns the user",
        lambda c: c.agents.create(name="Alex Morgan", email="alex.morgan@example.com"),
        {**_USER, "extension_uuid": None, "status": "logged_out", "status_name": None},
        {"id": USER, "name": "Alex Morgan", "state": "logged_out", "extension_id": None},
        status=201,
        ids=frozenset({"uuid"}),
    ),
    Variant(
        "voipappz-user-update-extension",
        "voipappz",
        f"{VOIPAPPZ_PAGE}: 200 {{}}",
        lambda c: c.agents.update(USER, extension_id=EXTENSION),
        {},
        {"id": USER, "extension_id": EXTENSION},
        item=None,
    ),
    Variant(
        "voipappz-user-update-status",
        "voipappz",
        f"{VOIPAPPZ_CLIENTS}: the status action returns the user",
        lambda c: c.agents.update(USER, state="available"),
        {**_USER, "status": "Available", "status_name": None},
        {"id": USER, "state": "available", "state_reason": None},
    ),
]

# Twilio: the examples of the OpenAPI description (its SIDs are ACaaaa..., CLaaaa..., ...).

_AC, _CL, _CR = "AC" + "a" * 32, "CL" + "a" * 32, "CR" + "a" * 32
_AL, _IP = "AL" + "a" * 32, "IP" + "a" * 32
_TWILIO_PAGE = {
    "end": 0,
    "next_page_uri": None,
    "page": 0,
    "page_size": 50,
    "previous_page_uri": None,
    "start": 0,
}


def _twilio_page(items_key: str, path: str, item: dict[str, Any]) -> dict[str, Any]:
    uri = f"{path}?PageSize=50&Page=0"
    return {**_TWILIO_PAGE, items_key: [item], "first_page_uri": uri, "uri": uri}


def _credential(username: str = "1440013725.28") -> dict[str, Any]:
    return {
        "account_sid": _AC,
        "credential_list_sid": _CL,
        "date_created": "Wed, 19 Aug 2015 19:48:45 +0000",
        "date_updated": "Wed, 19 Aug 2015 19:48:45 +0000",
        "sid": _CR,
        "uri": f"/2010-04-01/Accounts/{_AC}/SIP/CredentialLists/{_CL}/Credentials/{_CR}.json",
        "username": username,
    }


_CREDENTIAL_EXPECTED = {
    "id": _CR,
    "tenant": _AC,
    "owner": _CL,
    "username": "1440013725.28",
    "password": None,
    "extra": {
        "date_created": "Wed, 19 Aug 2015 19:48:45 +0000",
        "date_updated": "Wed, 19 Aug 2015 19:48:45 +0000",
    },
}
_IP_ADDRESS = {
    "account_sid": _AC,
    "date_created": "Mon, 20 Jul 2015 17:27:10 +0000",
    "date_updated": "Mon, 20 Jul 2015 17:27:10 +0000",
    "friendly_name": "friendly_name",
    "ip_access_control_list_sid": _AL,
    "ip_address": "192.168.1.1",
    "cidr_prefix_length": 32,
    "sid": _IP,
    "uri": f"/2010-04-01/Accounts/{_AC}/SIP/IpAccessControlLists/{_AL}/IpAddresses/{_IP}.json",
}
_IP_ADDRESS_EXPECTED = {
    "id": _IP,
    "tenant": _AC,
    "owner": _AL,
    "name": "friendly_name",
    "cidr": "192.168.1.1",
    "created_at": at("2015-07-20T17:27:10+00:00"),
    "updated_at": at("2015-07-20T17:27:10+00:00"),
    "extra": {},
}
#: The FetchAccount example's `subresource_uris` (their paths under the account).
SUBRESOURCE_PATHS = {
    "available_phone_numbers": "AvailablePhoneNumbers.json",
    "calls": "Calls.json",
    "conferences": "Conferences.json",
    "incoming_phone_numbers": "IncomingPhoneNumbers.json",
    "notifications": "Notifications.json",
    "outgoing_caller_ids": "OutgoingCallerIds.json",
    "recordings": "Recordings.json",
    "transcriptions": "Transcriptions.json",
    "addresses": "Addresses.json",
    "signing_keys": "SigningKeys.json",
    "connect_apps": "ConnectApps.json",
    "sip": "SIP.json",
    "authorized_connect_apps": "AuthorizedConnectApps.json",
    "usage": "Usage.json",
    "keys": "Keys.json",
    "applications": "Applications.json",
    "short_codes": "SMS/ShortCodes.json",
    "queues": "Queues.json",
    "messages": "Messages.json",
    "balance": "Balance.json",
}
_SUBRESOURCES = {
    name: f"/2010-04-01/Accounts/{_AC}/{path}" for name, path in SUBRESOURCE_PATHS.items()
}
_ACCOUNT = {
    "auth_token": "auth_token",
    "date_created": "Thu, 30 Jul 2015 20:00:00 +0000",
    "date_updated": "Thu, 30 Jul 2015 20:00:00 +0000",
    "friendly_name": "friendly_name",
    "owner_account_sid": _AC,
    "sid": _AC,
    "status": "active",
    "subresource_uris": _SUBRESOURCES,
    "type": "Full",
    "uri": f"/2010-04-01/Accounts/{_AC}.json",
}
_ACCOUNT_EXPECTED = {
    "id": _AC,
    "parent_id": _AC,
    "name": "friendly_name",
    "enabled": True,
    "auth_token": tel.Secret("auth_token"),
    "created_at": at("2015-07-30T20:00:00+00:00"),
    "extra": {"type": "Full"},
}
_PASSWORD = "IWasAtSignal2018"
#: The sandbox's own subaccount (the examples' account is the sandbox's parent account).
_SANDBOX_SUBACCOUNT = "AC" + "b" * 32
_CIDR = frozenset({"cidr"})

TWILIO_VARIANTS = [
    Variant(
        "twilio-credential-get",
        "twilio",
        f"{TWILIO}, FetchSipCredential, 200 example",
        lambda c: c.devices.get(_CR),
        _credential(),
        _CREDENTIAL_EXPECTED,
        newest=True,
    ),
    Variant(
        "twilio-credential-list",
        "twilio",
        f"{TWILIO}, ListSipCredential, 200 example readFull",
        lambda c: first(c.devices.list()),
        _twilio_page(
            "credentials",
            f"/2010-04-01/Accounts/{_AC}/SIP/CredentialLists/{_CL}/Credentials.json",
            _credential(),
        ),
        _CREDENTIAL_EXPECTED,
        item=("credentials", 0),
        ids=frozenset({"sid"}),
        newest=True,
    ),
    Variant(
        "twilio-credential-create",
        "twilio",
        f"{TWILIO}, CreateSipCredential, 201 example",
        lambda c: c.devices.create(username="1440013725.28", password=_PASSWORD),
        _credential(),
        {**_CREDENTIAL_EXPECTED, "password": tel.Secret(_PASSWORD)},
        status=201,
        ids=frozenset({"sid"}),
        newest=True,
        sandbox_call=lambda c: c.devices.create(username="alice", password=_PASSWORD),
    ),
    Variant(
        "twilio-credential-update",
        "twilio",
        f"{TWILIO}, UpdateSipCredential, 200 example",
        lambda c: c.devices.update(_CR, password=_PASSWORD),
        _credential("username"),
        {**_CREDENTIAL_EXPECTED, "username": "username", "password": tel.Secret(_PASSWORD)},
        newest=True,
    ),
    Variant(
        "twilio-credential-delete",
        "twilio",
        f"{TWILIO}, DeleteSipCredential, 204",
        lambda c: c.devices.delete(_CR),
        None,
        {},
        status=204,
        item=None,
    ),
    Variant(
        "twilio-ip-address-get",
        "twilio",
        f"{TWILIO}, FetchSipIpAddress, 200 example",
        lambda c: c.access_rules.get(_IP),
        _IP_ADDRESS,
        _IP_ADDRESS_EXPECTED,
        newest=True,
        coupled={"cidr_prefix_length": _CIDR},
    ),
    Variant(
        "twilio-ip-address-get-network",
        "twilio",
        f"{TWILIO}, SIP IpAddress: cidr_prefix_length narrows ip_address to a network",
        lambda c: c.access_rules.get(_IP),
        {**_IP_ADDRESS, "ip_address": "10.40.50.0", "cidr_prefix_length": 24},
        {**_IP_ADDRESS_EXPECTED, "cidr": "10.40.50.0/24"},
        coupled={"cidr_prefix_length": _CIDR},
    ),
    Variant(
        "twilio-ip-address-list",
        "twilio",
        f"{TWILIO}, ListSipIpAddress, 200 example readFull",
        lambda c: first(c.access_rules.list()),
        _twilio_page(
            "ip_addresses",
            f"/2010-04-01/Accounts/{_AC}/SIP/IpAccessControlLists/{_AL}/IpAddresses.json",
            _IP_ADDRESS,
        ),
        _IP_ADDRESS_EXPECTED,
        item=("ip_addresses", 0),
        ids=frozenset({"sid"}),
        newest=True,
        coupled={"cidr_prefix_length": _CIDR},
    ),
    Variant(
        "twilio-ip-address-create",
        "twilio",
        f"{TWILIO}, CreateSipIpAddress, 201 example",
        lambda c: c.access_rules.create(name="friendly_name", cidr="192.168.1.1"),
        _IP_ADDRESS,
        _IP_ADDRESS_EXPECTED,
        status=201,
        ids=frozenset({"sid"}),
        newest=True,
        coupled={"cidr_prefix_length": _CIDR},
    ),
    Variant(
        "twilio-ip-address-update",
        "twilio",
        f"{TWILIO}, UpdateSipIpAddress, 200 example",
        lambda c: c.access_rules.update(_IP, name="friendly_name", cidr="192.168.1.1"),
        _IP_ADDRESS,
        _IP_ADDRESS_EXPECTED,
        newest=True,
        coupled={"cidr_prefix_length": _CIDR},
    ),
    Variant(
        "twilio-ip-address-delete",
        "twilio",
        f"{TWILIO}, DeleteSipIpAddress, 204",
        lambda c: c.access_rules.delete(_IP),
        None,
        {},
        status=204,
        item=None,
    ),
    Variant(
        "twilio-account-get",
        "twilio",
        f"{TWILIO}, FetchAccount, 200 example",
        lambda c: c.tenants.get(_AC),
        _ACCOUNT,
        _ACCOUNT_EXPECTED,
        newest=True,
        sandbox_call=lambda c: c.tenants.get(_SANDBOX_SUBACCOUNT),
    ),
    Variant(
        "twilio-account-get-suspended",
        "twilio",
        f"{TWILIO}, account_enum_status: suspended",
        lambda c: c.tenants.get(_AC),
        {**_ACCOUNT, "status": "suspended"},
        {**_ACCOUNT_EXPECTED, "enabled": False},
    ),
    Variant(
        "twilio-account-list",
        "twilio",
        f"{TWILIO}, ListAccount, 200 example readFull",
        lambda c: first(c.tenants.list()),
        _twilio_page("accounts", "/2010-04-01/Accounts.json", _ACCOUNT),
        _ACCOUNT_EXPECTED,
        item=("accounts", 0),
        ids=frozenset({"sid"}),
        newest=True,
    ),
    Variant(
        "twilio-account-create",
        "twilio",
        f"{TWILIO}, CreateAccount, 201 example",
        lambda c: c.tenants.create(name="friendly_name"),
        _ACCOUNT,
        _ACCOUNT_EXPECTED,
        status=201,
        ids=frozenset({"sid"}),
        newest=True,
    ),
    Variant(
        "twilio-account-update",
        "twilio",
        f"{TWILIO}, UpdateAccount, 200 example",
        lambda c: c.tenants.update(_AC, name="friendly_name", enabled=True),
        _ACCOUNT,
        _ACCOUNT_EXPECTED,
        newest=True,
        sandbox_call=lambda c: c.tenants.update(_SANDBOX_SUBACCOUNT, enabled=True),
    ),
    Variant(
        "twilio-account-delete",
        "twilio",
        f"{TWILIO}, UpdateAccount with Status=closed (there is no DELETE), 200",
        lambda c: c.tenants.delete(_AC),
        {**_ACCOUNT, "status": "closed"},
        {},
        item=None,
    ),
]

# Twilio call routing: the examples of the OpenAPI description's Application,
# IncomingPhoneNumber and AvailablePhoneNumber operations.

_AP, _PN = "AP" + "a" * 32, "PN" + "a" * 32
_APPLICATION = {
    "account_sid": _AC,
    "api_version": "2010-04-01",
    "date_created": "Mon, 22 Aug 2011 20:59:45 +0000",
    "date_updated": "Tue, 18 Aug 2015 16:48:57 +0000",
    "friendly_name": "Application Friendly Name",
    "message_status_callback": "http://www.example.com/sms-status-callback",
    "sid": _AP,
    "sms_fallback_method": "GET",
    "sms_fallback_url": "http://www.example.com/sms-fallback",
    "sms_method": "GET",
    "sms_status_callback": "http://www.example.com/sms-status-callback",
    "sms_url": "http://example.com",
    "status_callback": "http://example.com",
    "status_callback_method": "GET",
    "uri": f"/2010-04-01/Accounts/{_AC}/Applications/{_AP}.json",
    "voice_caller_id_lookup": False,
    "voice_fallback_method": "GET",
    "voice_fallback_url": "http://www.example.com/voice-callback",
    "voice_method": "GET",
    "voice_url": "http://example.com",
    "public_application_connect_enabled": False,
}
_APPLICATION_EXPECTED = {
    "id": _AP,
    "tenant": _AC,
    "name": "Application Friendly Name",
    "answer_url": "http://example.com",
    "answer_method": tel.HttpMethod.GET,
    "fallback_url": "http://www.example.com/voice-callback",
    "fallback_method": tel.HttpMethod.GET,
    "hangup_url": "http://example.com",
    "hangup_method": tel.HttpMethod.GET,
    "message_url": "http://example.com",
    "message_method": tel.HttpMethod.GET,
    "created_at": at("2011-08-22T20:59:45+00:00"),
    "updated_at": at("2015-08-18T16:48:57+00:00"),
    "extra": {
        "api_version": "2010-04-01",
        "message_status_callback": "http://www.example.com/sms-status-callback",
        "sms_fallback_method": "GET",
        "sms_fallback_url": "http://www.example.com/sms-fallback",
        "sms_status_callback": "http://www.example.com/sms-status-callback",
        "voice_caller_id_lookup": False,
        "public_application_connect_enabled": False,
    },
}
#: The reference's listing example: a new application, with Twilio's defaults (POST, no URL).
_APPLICATION_LISTED = {
    **_APPLICATION,
    "date_created": "Fri, 21 Aug 2015 00:07:25 +0000",
    "date_updated": "Fri, 21 Aug 2015 00:07:25 +0000",
    "friendly_name": "d8821fb7-4d01-48b2-bdc5-34e46252b90b",
    **dict.fromkeys(
        ("message_status_callback", "sms_fallback_url", "sms_status_callback", "sms_url"), None
    ),
    **dict.fromkeys(("status_callback", "voice_fallback_url", "voice_url"), None),
    **dict.fromkeys(
        (
            "sms_fallback_method",
            "sms_method",
            "status_callback_method",
            "voice_fallback_method",
            "voice_method",
        ),
        "POST",
    ),
}
_POST = tel.HttpMethod.POST
_NUMBER = {
    "account_sid": _AC,
    "address_requirements": "none",
    "address_sid": "AD" + "a" * 32,
    "api_version": "2010-04-01",
    "beta": False,
    "capabilities": {"voice": True, "sms": False, "mms": True, "fax": False},
    "date_created": "Thu, 30 Jul 2015 23:19:04 +0000",
    "date_updated": "Thu, 30 Jul 2015 23:19:04 +0000",
    "emergency_status": "Active",
    "emergency_address_sid": "AD" + "a" * 32,
    "emergency_address_status": "registered",
    "friendly_name": "(808) 925-5327",
    "identity_sid": "RI" + "a" * 32,
    "origin": "origin",
    "phone_number": "+18089255327",
    "sid": _PN,
    "sms_application_sid": "",
    "sms_fallback_method": "POST",
    "sms_fallback_url": "",
    "sms_method": "POST",
    "sms_url": "",
    "status_callback": "",
    "status_callback_method": "POST",
    "trunk_sid": None,
    "uri": f"/2010-04-01/Accounts/{_AC}/IncomingPhoneNumbers/{_PN}.json",
    "voice_application_sid": "",
    "voice_caller_id_lookup": False,
    "voice_fallback_method": "POST",
    "voice_fallback_url": None,
    "voice_method": "POST",
    "voice_url": None,
    "voice_receive_mode": "voice",
    "status": "in-use",
    "bundle_sid": "BU" + "a" * 32,
    "type": "local",
}
_NUMBER_EXTRA_KEYS = (
    "address_requirements",
    "address_sid",
    "api_version",
    "beta",
    "date_updated",
    "emergency_status",
    "emergency_address_sid",
    "emergency_address_status",
    "identity_sid",
    "origin",
    "sms_application_sid",
    "sms_fallback_method",
    "sms_fallback_url",
    "sms_method",
    "sms_url",
    "status_callback",
    "status_callback_method",
    "voice_caller_id_lookup",
    "voice_fallback_method",
    "voice_fallback_url",
    "voice_method",
    "voice_url",
    "voice_receive_mode",
    "status",
    "bundle_sid",
)
_NUMBER_EXPECTED = {
    "id": _PN,
    "tenant": _AC,
    "number": "+18089255327",
    "name": "(808) 925-5327",
    "application_id": None,  # "" in the example: not routed
    "trunk_id": None,
    "number_type": tel.NumberType.LOCAL,
    "capabilities": frozenset({"voice", "mms"}),
    "created_at": at("2015-07-30T23:19:04+00:00"),
    "extra": {key: _NUMBER[key] for key in _NUMBER_EXTRA_KEYS},
}
#: The create example: a number bought routed to an application, with its URLs.
_NUMBER_BOUGHT = {
    **_NUMBER,
    "friendly_name": "friendly_name",
    "sms_application_sid": _AP,
    "sms_fallback_method": "GET",
    "sms_fallback_url": "https://example.com",
    "sms_method": "GET",
    "sms_url": "https://example.com",
    "status_callback": "https://example.com",
    "status_callback_method": "GET",
    "voice_application_sid": _AP,
    "voice_fallback_method": "GET",
    "voice_fallback_url": "https://example.com",
    "voice_method": "GET",
    "voice_url": "https://example.com",
}
_NUMBER_BOUGHT_EXPECTED = {
    **_NUMBER_EXPECTED,
    "name": "friendly_name",
    "application_id": _AP,
    "extra": {key: _NUMBER_BOUGHT[key] for key in _NUMBER_EXTRA_KEYS},
}
_OFFER = {
    "address_requirements": "none",
    "beta": False,
    "capabilities": {"mms": True, "sms": False, "voice": True},
    "friendly_name": "(808) 925-1571",
    "iso_country": "US",
    "lata": "834",
    "latitude": "19.720000",
    "locality": "Hilo",
    "longitude": "-155.090000",
    "phone_number": "+18089251571",
    "postal_code": "96720",
    "rate_center": "HILO",
    "region": "HI",
}
_OFFER_EXPECTED = {
    "number": "+18089251571",
    "country": "US",
    "number_type": tel.NumberType.LOCAL,
    "region": "HI",
    "locality": "Hilo",
    "capabilities": frozenset({"voice", "mms"}),
    "monthly_cost": None,
    "extra": {
        key: _OFFER[key]
        for key in (
            "address_requirements",
            "beta",
            "friendly_name",
            "lata",
            "latitude",
            "longitude",
            "postal_code",
            "rate_center",
        )
    },
}
_TOLL_FREE_OFFER = {
    **{key: None for key in _OFFER},
    "address_requirements": "none",
    "beta": False,
    "capabilities": {"mms": True, "sms": True, "voice": True},
    "friendly_name": "(800) 100-0052",
    "iso_country": "US",
    "phone_number": "+18001000052",
}
_AVAILABLE = f"/2010-04-01/Accounts/{_AC}/AvailablePhoneNumbers/US"

TWILIO_ROUTING_VARIANTS = [
    Variant(
        "twilio-application-get",
        "twilio",
        f"{TWILIO}, FetchApplication, 200 example",
        lambda c: c.applications.get(_AP),
        _APPLICATION,
        _APPLICATION_EXPECTED,
        newest=True,
    ),
    Variant(
        "twilio-application-list",
        "twilio",
        f"{TWILIO}, ListApplication, 200 example readFull",
        lambda c: first(c.applications.list()),
        _twilio_page(
            "applications", f"/2010-04-01/Accounts/{_AC}/Applications.json", _APPLICATION_LISTED
        ),
        {
            **_APPLICATION_EXPECTED,
            "name": "d8821fb7-4d01-48b2-bdc5-34e46252b90b",
            **dict.fromkeys(("answer_url", "fallback_url", "hangup_url", "message_url")),
            **dict.fromkeys(
                ("answer_method", "fallback_method", "hangup_method", "message_method"), _POST
            ),
            "created_at": at("2015-08-21T00:07:25+00:00"),
            "updated_at": at("2015-08-21T00:07:25+00:00"),
            "extra": {
                **_APPLICATION_EXPECTED["extra"],
                **dict.fromkeys(
                    ("message_status_callback", "sms_fallback_url", "sms_status_callback")
                ),
                "sms_fallback_method": "POST",
            },
        },
        item=("applications", 0),
        ids=frozenset({"sid"}),
        newest=True,
    ),
    Variant(
        "twilio-application-create",
        "twilio",
        f"{TWILIO}, CreateApplication, 201 example",
        lambda c: c.applications.create(name="Application Friendly Name"),
        {**_APPLICATION, "public_application_connect_enabled": True},
        {
            **_APPLICATION_EXPECTED,
            "extra": {
                **_APPLICATION_EXPECTED["extra"],
                "public_application_connect_enabled": True,
            },
        },
        status=201,
        ids=frozenset({"sid"}),
        newest=True,
    ),
    Variant(
        "twilio-application-update",
        "twilio",
        f"{TWILIO}, UpdateApplication, 200 example",
        lambda c: c.applications.update(_AP, answer_url="http://example.com"),
        _APPLICATION,
        _APPLICATION_EXPECTED,
        newest=True,
    ),
    Variant(
        "twilio-application-delete",
        "twilio",
        f"{TWILIO}, DeleteApplication, 204",
        lambda c: c.applications.delete(_AP),
        None,
        {},
        status=204,
        item=None,
    ),
    Variant(
        "twilio-incoming-number-get",
        "twilio",
        f"{TWILIO}, FetchIncomingPhoneNumber, 200 example",
        lambda c: c.numbers.get(_PN),
        _NUMBER,
        _NUMBER_EXPECTED,
        newest=True,
    ),
    Variant(
        "twilio-incoming-number-list",
        "twilio",
        f"{TWILIO}, ListIncomingPhoneNumber, 200 example readFull",
        lambda c: first(c.numbers.list()),
        _twilio_page(
            "incoming_phone_numbers",
            f"/2010-04-01/Accounts/{_AC}/IncomingPhoneNumbers.json",
            _NUMBER,
        ),
        _NUMBER_EXPECTED,
        item=("incoming_phone_numbers", 0),
        ids=frozenset({"sid"}),
        newest=True,
    ),
    Variant(
        "twilio-incoming-number-create",
        "twilio",
        f"{TWILIO}, CreateIncomingPhoneNumber, 201 example",
        lambda c: c.numbers.create(number="+18089255327", application_id=_AP),
        _NUMBER_BOUGHT,
        _NUMBER_BOUGHT_EXPECTED,
        status=201,
        ids=frozenset({"sid"}),
        newest=True,
        sandbox_call=lambda c: c.numbers.create(number="+14155550100"),
    ),
    Variant(
        "twilio-incoming-number-update",
        "twilio",
        f"{TWILIO}, UpdateIncomingPhoneNumber, 200 example",
        lambda c: c.numbers.update(_PN, name="(808) 925-5327"),
        {**_NUMBER, "emergency_status": "Inactive", "voice_caller_id_lookup": True},
        {
            **_NUMBER_EXPECTED,
            "extra": {
                **_NUMBER_EXPECTED["extra"],
                "emergency_status": "Inactive",
                "voice_caller_id_lookup": True,
            },
        },
        newest=True,
    ),
    Variant(
        "twilio-incoming-number-update-trunked",
        "twilio",
        f"{TWILIO}, UpdateIncomingPhoneNumber: trunk_sid set, voice_application_sid cleared",
        lambda c: c.numbers.update(_PN, trunk_id="TK" + "a" * 32),
        {**_NUMBER, "trunk_sid": "TK" + "a" * 32, "voice_application_sid": None},
        {**_NUMBER_EXPECTED, "trunk_id": "TK" + "a" * 32, "extra": _NUMBER_EXPECTED["extra"]},
    ),
    Variant(
        "twilio-incoming-number-delete",
        "twilio",
        f"{TWILIO}, DeleteIncomingPhoneNumber, 204",
        lambda c: c.numbers.delete(_PN),
        None,
        {},
        status=204,
        item=None,
    ),
    Variant(
        "twilio-available-number-search",
        "twilio",
        f"{TWILIO}, ListAvailablePhoneNumberLocal, 200 example readFull",
        lambda c: first(c.numbers.search(country="US", area_code="808")),
        {"available_phone_numbers": [_OFFER], "uri": f"{_AVAILABLE}/Local.json"},
        _OFFER_EXPECTED,
        item=("available_phone_numbers", 0),
        ids=frozenset({"phone_number"}),
        newest=True,
        sandbox_call=lambda c: first(c.numbers.search(country="US", area_code="415")),
    ),
    Variant(
        "twilio-available-number-search-toll-free",
        "twilio",
        f"{TWILIO}, ListAvailablePhoneNumberTollFree, 200 example readFull",
        lambda c: first(c.numbers.search(country="US", number_type="toll_free")),
        {"available_phone_numbers": [_TOLL_FREE_OFFER], "uri": f"{_AVAILABLE}/TollFree.json"},
        {
            "number": "+18001000052",
            "country": "US",
            "number_type": tel.NumberType.TOLL_FREE,
            "region": None,
            "locality": None,
            "capabilities": frozenset({"voice", "sms", "mms"}),
        },
        item=("available_phone_numbers", 0),
        ids=frozenset({"phone_number"}),
        newest=True,
    ),
]

# Plivo: the API reference's examples (its account is MA2025RK4E639VJFZAGV).

_MA, _SA = "MA2025RK4E639VJFZAGV", "SA2025RK4E639VJFZAMM"
_REGISTRATION = {
    "sip_contact": "sip:callme140703093224@122.172.71.207:57563;ob",
    "sip_expires": "2022-07-21 19:26:08",
    "sip_user_agent": "Telephone 1.1.4",
}
_PLIVO_CALLME = {
    "alias": "callme",
    "application": f"/v1/Account/{_MA}/Application/33406267401237901/",
    "endpoint_id": "32866729519064",
    "resource_uri": f"/v1/Account/{_MA}/Endpoint/32866729519064/",
    **_REGISTRATION,
    "sip_registered": "true",
    "sip_uri": "sip:callme140703093944@phone.plivo.com",
    "sub_account": None,
    "username": "callme140703093944",
}
_PLIVO_CALLME_EXPECTED = {
    "id": "32866729519064",
    "tenant": _MA,
    "username": "callme140703093944",
    "name": "callme",
    "application_id": "33406267401237901",
    "registered": True,
    "sip_uri": "sip:callme140703093944@phone.plivo.com",
    "password": None,
    "extra": {**_REGISTRATION, "sub_account": None},
}
_PLIVO_ZUMBA = {
    "alias": "zumba",
    "api_id": "39015de8-4fb3-11e4-a2d1-22000ac5040c",
    "application": f"/v1/Account/{_MA}/Application/379619814477342321/",
    "endpoint_id": "39452475478853",
    "password": "8bc0002a467b8276aaaf47e92bc46b9f",
    "resource_uri": f"/v1/Account/{_MA}/Endpoint/39452475478853/",
    "sip_registered": "false",
    "sip_uri": "sip:zumba141009125224@phone.plivo.com",
    "sub_account": None,
    "username": "zumba141009125224",
}
_PLIVO_SUBACCOUNT = {
    "account": f"/v1/Account/{_MA}/",
    "api_id": "323972b2-0db3-11e4-a2d1-22000ac5040c",
    "auth_id": _SA,
    "auth_token": "NWM3YjliMjk0ZGYxMGM2YjJiYWE0MjEwZDM5YWU5",
    "created": "2022-09-05",
    "enabled": True,
    "modified": None,
    "name": "Subaccount Test",
    "resource_uri": f"/v1/Account/{_MA}/Subaccount/{_SA}/",
}
_PLIVO_SUBACCOUNT_EXPECTED = {
    "id": _SA,
    "parent_id": _MA,
    "name": "Subaccount Test",
    "enabled": True,
    "auth_token": tel.Secret("NWM3YjliMjk0ZGYxMGM2YjJiYWE0MjEwZDM5YWU5"),
    "created_at": at("2022-09-05T00:00:00+00:00"),
    "updated_at": None,
    "extra": {},
}
_PLIVO_CHANGED = {"message": "changed", "api_id": "d8f9ea6c-58cc-11e1-86da-adf28403fe48"}


def _plivo_page(*objects: dict[str, Any]) -> dict[str, Any]:
    meta = {"limit": 20, "next": None, "offset": 0, "previous": None, "total_count": len(objects)}
    return {
        "api_id": "30a0c8c2-110c-11e4-bd8a-12313f016a39",
        "meta": meta,
        "objects": list(objects),
    }


# The SDKs' fixtures (the same in plivo-python and plivo-go, but for the listing's total).
_SDK_MA = "MANWVLYTK4ZWU1YTY4ZT"
_SDK_CALLME = {
    **_PLIVO_CALLME,
    "application": f"/v1/Account/{_SDK_MA}/Application/33406267401237901/",
    "resource_uri": f"/v1/Account/{_SDK_MA}/Endpoint/32866729519064/",
    "sip_expires": "2014-07-21 19:26:08",
}
_SDK_CALLME_EXPECTED = {
    **_PLIVO_CALLME_EXPECTED,
    "extra": {**_REGISTRATION, "sip_expires": "2014-07-21 19:26:08", "sub_account": None},
}


def _sdk_endpoint_page(total: int) -> dict[str, Any]:
    polycom = {
        "alias": "polycom",
        "application": f"/v1/Account/{_SDK_MA}/Application/37961981447734951/",
        "endpoint_id": "17551316589618",
        "resource_uri": f"/v1/Account/{_SDK_MA}/Endpoint/17551316589618/",
        "sip_registered": "false",
        "sip_uri": "sip:polycom140506175228@phone.plivo.com",
        "sub_account": None,
        "username": "polycom140506175448",
    }
    meta = {"limit": 20, "next": None, "offset": 0, "previous": None, "total_count": total}
    return {
        "api_id": "30a0c8c2-110c-11e4-bd8a-12313f016a39",
        "meta": meta,
        "objects": [_SDK_CALLME, polycom],
    }


_SDK_ACCOUNT = "MAXXXXXXXXXXXXXXXXXX"
_SDK_SUBACCOUNTS = [
    {
        "account": f"/v1/Account/{_SDK_ACCOUNT}/",
        "auth_id": auth_id,
        "auth_token": token,
        "created": "2017-05-22",
        "enabled": False,
        "modified": None,
        "name": name,
        "new_auth_token": token,
        "resource_uri": f"/v1/Account/{_SDK_ACCOUNT}/Subaccount/{auth_id}/",
    }
    for auth_id, token, name in (
        ("SAODNKNDDMY2EXY2JKMG", "YjE4NWEyNzgzODkyNGI2NjdmZmZhZTdjNzlkYTE1", "0.7542345556290114"),
        ("SANDBKY2YXMDU3MDLJNT", "OWVjODk1NzFjNzY1MTJiNDVkNTlmMGUyNjMyNWRh", "0.11472037419916115"),
        ("SANDLHYZBIZMU4ZDEXNM", "MTMzZTZjNzdiNDVmY2VhZDQyNTUwYWVjNzI2OThk", "0.0636850567965852"),
    )
]
_SDK_SUBACCOUNT_EXPECTED = {
    "id": "SAODNKNDDMY2EXY2JKMG",
    "parent_id": _SDK_ACCOUNT,
    "name": "0.7542345556290114",
    "enabled": False,
    "auth_token": tel.Secret("YjE4NWEyNzgzODkyNGI2NjdmZmZhZTdjNzlkYTE1"),
    "created_at": at("2017-05-22T00:00:00+00:00"),
    "updated_at": None,
    "extra": {"new_auth_token": tel.Secret("YjE4NWEyNzgzODkyNGI2NjdmZmZhZTdjNzlkYTE1")},
}

PLIVO_VARIANTS = [
    Variant(
        "plivo-endpoint-get",
        "plivo",
        f"{PLIVO}, Retrieve an endpoint (not registered; the password an MD5 hash)",
        lambda c: c.devices.get("39452475478853"),
        _PLIVO_ZUMBA,
        {
            "id": "39452475478853",
            "username": "zumba141009125224",
            "application_id": "379619814477342321",
            "registered": False,
            "password": None,
            "extra": {
                "password": tel.Secret("8bc0002a467b8276aaaf47e92bc46b9f"),
                "sub_account": None,
            },
        },
        newest=True,
        sandbox_call=lambda c: c.devices.get("87654321"),
    ),
    Variant(
        "plivo-endpoint-get-registered",
        "plivo",
        f"{PLIVO}, Retrieve an endpoint (registered with a SIP client)",
        lambda c: c.devices.get("32866729519064"),
        _PLIVO_CALLME,
        _PLIVO_CALLME_EXPECTED,
    ),
    Variant(
        "plivo-endpoint-list",
        "plivo",
        f"{PLIVO}, List all endpoints",
        lambda c: first(c.devices.list()),
        _plivo_page(
            _PLIVO_CALLME,
            {
                "alias": "polycom",
                "application": f"/v1/Account/{_MA}/Application/37961981447734951/",
                "endpoint_id": "17551316589618",
                "resource_uri": f"/v1/Account/{_MA}/Endpoint/17551316589618/",
                "sip_registered": "false",
                "sip_uri": "sip:polycom140506175228@phone.plivo.com",
                "sub_account": None,
                "username": "polycom140506175448",
            },
        ),
        _PLIVO_CALLME_EXPECTED,
        item=("objects", 0),
        ids=frozenset({"endpoint_id"}),
        newest=True,
        conditional=frozenset(_REGISTRATION),  # only while registered
    ),
    Variant(
        "plivo-endpoint-get-sdk",
        "plivo",
        f"{PLIVO_PYTHON}/endpointGetResponse.json, {PLIVO_GO}/endpointGetResponse.json",
        lambda c: c.devices.get("32866729519064"),
        _SDK_CALLME,
        _SDK_CALLME_EXPECTED,
    ),
    Variant(
        "plivo-endpoint-list-sdk",
        "plivo",
        f"{PLIVO_PYTHON}/endpointListResponse.json (total_count 2, next null)",
        lambda c: whole(2)(c.devices.list()),
        _sdk_endpoint_page(total=2),
        _SDK_CALLME_EXPECTED,
        item=("objects", 0),
        ids=frozenset({"endpoint_id"}),
    ),
    Variant(
        "plivo-endpoint-list-sdk-go",
        "plivo",
        f"{PLIVO_GO}/endpointListResponse.json (total_count 11 but next null: the listing ends)",
        lambda c: whole(2)(c.devices.list()),
        _sdk_endpoint_page(total=11),
        _SDK_CALLME_EXPECTED,
        item=("objects", 0),
        ids=frozenset({"endpoint_id"}),
    ),
    Variant(
        "plivo-endpoint-create",
        "plivo",
        f"{PLIVO}, Create an endpoint (201; the username with 12 digits appended)",
        lambda c: c.devices.create(username="zumba", password="testpassword", name="zumba"),
        {
            "username": "zumba131031145958",
            "alias": "zumba",
            "message": "created",
            "endpoint_id": "37371860103666",
            "api_id": "1c13de4c-423d-11e3-9899-22000abfa5d5",
        },
        {"id": "37371860103666", "username": "zumba131031145958", "name": "zumba", "extra": {}},
        status=201,
        ids=frozenset({"endpoint_id"}),
        newest=True,
    ),
    Variant(
        "plivo-endpoint-update",
        "plivo",
        f"{PLIVO}, Update an endpoint (202)",
        lambda c: c.devices.update("14659095951490", name="Double time."),
        _PLIVO_CHANGED,
        {"id": "14659095951490", "name": "Double time."},
        status=202,
        item=None,
    ),
    Variant(
        "plivo-endpoint-delete",
        "plivo",
        f"{PLIVO}, Delete an endpoint (204)",
        lambda c: c.devices.delete("14659095951490"),
        None,
        {},
        status=204,
        item=None,
    ),
    Variant(
        "plivo-subaccount-get",
        "plivo",
        f"{PLIVO}, The Subaccount object / Retrieve a Subaccount",
        lambda c: c.tenants.get(_SA),
        _PLIVO_SUBACCOUNT,
        _PLIVO_SUBACCOUNT_EXPECTED,
    ),
    Variant(
        "plivo-subaccount-get-sdk",
        "plivo",
        f"{PLIVO_PYTHON}/subaccountGetResponse.json, {PLIVO_GO}/subaccountGetResponse.json"
        " (new_auth_token; enabled false)",
        lambda c: c.tenants.get("SAODNKNDDMY2EXY2JKMG"),
        {"api_id": "98b2d7ca-3f08-11e7-b886-067c5485c240", **_SDK_SUBACCOUNTS[0]},
        _SDK_SUBACCOUNT_EXPECTED,
        newest=True,
        sandbox_call=lambda c: c.tenants.get(_SA),
    ),
    Variant(
        "plivo-subaccount-list",
        "plivo",
        f"{PLIVO_SDK}/subaccountListResponse.json (page), the reference's Subaccount object",
        lambda c: first(c.tenants.list()),
        _plivo_page({k: v for k, v in _PLIVO_SUBACCOUNT.items() if k != "api_id"}),
        _PLIVO_SUBACCOUNT_EXPECTED,
        item=("objects", 0),
        ids=frozenset({"auth_id"}),
    ),
    Variant(
        "plivo-subaccount-list-sdk",
        "plivo",
        f"{PLIVO_PYTHON}/subaccountListResponse.json, {PLIVO_GO}/subaccountListResponse.json",
        lambda c: whole(3)(c.tenants.list()),
        {
            "api_id": "98389d2a-3f08-11e7-b886-067c5485c240",
            "meta": {"limit": 20, "next": None, "offset": 0, "previous": None, "total_count": 3},
            "objects": _SDK_SUBACCOUNTS,
        },
        _SDK_SUBACCOUNT_EXPECTED,
        item=("objects", 0),
        ids=frozenset({"auth_id"}),
        newest=True,
        sandbox_call=lambda c: first(c.tenants.list()),
    ),
    Variant(
        "plivo-subaccount-create-sdk",
        "plivo",
        f"{PLIVO_PYTHON}/subaccountCreateResponse.json, {PLIVO_GO}/subaccountCreateResponse.json",
        lambda c: c.tenants.create(name="0.0636850567965852"),
        {
            "api_id": "97c8d1de-3f08-11e7-b6f4-061564b78b75",
            "auth_id": "SANDLHYZBIZMU4ZDEXNM",
            "auth_token": "MTMzZTZjNzdiNDVmY2VhZDQyNTUwYWVjNzI2OThk",
            "message": "created",
        },
        {
            "id": "SANDLHYZBIZMU4ZDEXNM",
            "name": "0.0636850567965852",
            "auth_token": tel.Secret("MTMzZTZjNzdiNDVmY2VhZDQyNTUwYWVjNzI2OThk"),
            "extra": {},
        },
        ids=frozenset({"auth_id"}),
    ),
    Variant(
        "plivo-subaccount-create",
        "plivo",
        f"{PLIVO}, Create a Subaccount (201)",
        lambda c: c.tenants.create(name="Wayne Enterprises Subaccount", enabled=True),
        {
            "api_id": "324a7dd8-0db2-11e4-8a4a-123140008edf",
            "auth_id": _SA,
            "auth_token": "MTZjYWM0YzVjNjMwZmVmODFiNWJjNPJmOGJjZjgw",
            "message": "created",
        },
        {
            "id": _SA,
            "name": "Wayne Enterprises Subaccount",
            "enabled": True,
            "auth_token": tel.Secret("MTZjYWM0YzVjNjMwZmVmODFiNWJjNPJmOGJjZjgw"),
            "extra": {},
        },
        status=201,
        ids=frozenset({"auth_id"}),
        newest=True,
    ),
    Variant(
        "plivo-subaccount-update",
        "plivo",
        f"{PLIVO}, Update a Subaccount ({PLIVO_SDK}: 202)",
        lambda c: c.tenants.update(_SA, name="Updated Subaccount Name", enabled=True),
        _PLIVO_CHANGED,
        {"id": _SA, "name": "Updated Subaccount Name", "enabled": True},
        status=202,
        item=None,
    ),
    Variant(
        "plivo-subaccount-delete",
        "plivo",
        f"{PLIVO}, Delete a Subaccount (204)",
        lambda c: c.tenants.delete(_SA),
        None,
        {},
        status=204,
        item=None,
    ),
]

# Vobiz applications and numbers.

VOBIZ_SDK = "vobiz-ai/Vobiz-Python-SDK (f936913) src/vobiz"
_VOBIZ_APP = {
    "app_id": "12345678",
    "app_name": "My Voice Application",
    "answer_url": "https://example.com/answer",
    "answer_method": "POST",
    "hangup_url": "https://example.com/hangup",
    "hangup_method": "POST",
    "fallback_answer_url": None,
    "fallback_method": "POST",
    "message_url": None,
    "message_method": "POST",
    "default_number_app": False,
    "default_endpoint_app": False,
    "sub_account": None,
    "resource_uri": "/v1/Account/MA_X/Application/12345678/",
    "application_type": "XML",
    "default_app": False,
    "enabled": True,
    "log_incoming_message": True,
    "public_uri": False,
    "sip_transfer_method": "POST",
    "sip_transfer_url": None,
    "sip_uri": "sip:12345678@sip.vobiz.ai",
    "created_at": "2025-10-28T10:30:00Z",
    "updated_at": "2025-10-28T10:30:00Z",
}
_VOBIZ_APP_EXPECTED = {
    "id": "12345678",
    "tenant": "MA_X",
    "name": "My Voice Application",
    "answer_url": "https://example.com/answer",
    "answer_method": tel.HttpMethod.POST,
    "hangup_url": "https://example.com/hangup",
    "fallback_url": None,
    "default_for_numbers": False,
    "default_for_devices": False,
    "created_at": at("2025-10-28T10:30:00+00:00"),
}
_VOBIZ_NUMBER = {
    "id": "aabbccdd-1234-5678-90ab-cdef12345678",
    "account_id": "MA_X",
    "e164": "+919876543210",
    "country": "IN",
    "region": "Karnataka",
    "capabilities": {"voice": True, "sms": False, "mms": False, "fax": False},
    "status": "active",
    "provider": "",
    "setup_fee": 100,
    "monthly_fee": 300,
    "currency": "INR",
    "application_id": "20577609616603585",
    "trunk_group_id": None,
    "voice_enabled": True,
    "tags": [],
    "purchased_at": "2026-03-25T06:58:38.796024Z",
    "is_blocked": False,
    "created_at": "2026-03-25T18:30:00Z",
    "updated_at": "2026-03-25T06:58:54.752187Z",
    "is_trial_number": False,
    "last_billing_date": "2026-03-25T06:58:38.796024Z",
    "next_billing_date": "2026-04-25T06:58:38.796024Z",
    "minimum_commitment_months": 0,
    "aadhaar_verification_required": False,
    "aadhaar_verified": False,
    "source": "purchased",
    "released_at": None,
}
_VOBIZ_NUMBER_EXPECTED = {
    "id": "+919876543210",
    "number": "+919876543210",
    "tenant": "MA_X",
    "country": "IN",
    "application_id": "20577609616603585",
    "trunk_id": None,
    "capabilities": frozenset({"voice"}),
    "created_at": at("2026-03-25T06:58:38.796024+00:00"),
}
_VOBIZ_PURCHASED = {
    key: value
    for key, value in _VOBIZ_NUMBER.items()
    if key
    not in {
        "application_id",
        "trunk_group_id",
        "last_billing_date",
        "next_billing_date",
        "released_at",
    }
}


def _vobiz_page(*items: dict[str, Any]) -> dict[str, Any]:
    return {"items": list(items), "page": 1, "per_page": 25, "total": len(items)}


VOBIZ_ROUTING = [
    Variant(
        "vobiz-application-get",
        "vobiz",
        f"{VOBIZ}, The Application Object; Retrieve an Application ({VOBIZ_OLDER}: 200 example)",
        lambda c: c.applications.get("12345678"),
        {"api_id": "550e8400-e29b-41d4-a716-446655440000", **_VOBIZ_APP},
        _VOBIZ_APP_EXPECTED,
        newest=True,
    ),
    Variant(
        "vobiz-application-get-older",
        "vobiz",
        f"{VOBIZ_OLDER}, Retrieve an Application, 200 example",
        lambda c: c.applications.get("12345678"),
        {
            "api_id": "550e8400-e29b-41d4-a716-446655440000",
            **{k: _VOBIZ_APP[k] for k in list(_VOBIZ_APP)[:14]},
            "fallback_answer_url": "https://example.com/fallback",
            "created_at": "2025-10-28T10:30:00Z",
            "updated_at": "2025-10-28T10:30:00Z",
        },
        {**_VOBIZ_APP_EXPECTED, "fallback_url": "https://example.com/fallback"},
    ),
    Variant(
        "vobiz-application-list",
        "vobiz",
        f"{VOBIZ_SDK}/applications/types/list_applications_response*.py",
        lambda c: first(c.applications.list()),
        {
            "api_id": "9a757446-3f08-11e7-8bc8-065f6a74a84a",
            "meta": {"limit": 20, "next": None, "offset": 0, "previous": None, "total_count": 1},
            "objects": [_VOBIZ_APP],
        },
        _VOBIZ_APP_EXPECTED,
        item=("objects", 0),
        ids=frozenset({"app_id"}),
        newest=True,
        sandbox_call=lambda c: first(c.applications.list()),
    ),
    Variant(
        "vobiz-application-create",
        "vobiz",
        f"{VOBIZ_SDK}/applications/types/create_application_response.py",
        lambda c: c.applications.create(
            name="My Voice Application", answer_url="https://example.com/answer"
        ),
        {
            "api_id": "550e8400-e29b-41d4-a716-446655440000",
            "app_id": "12345678",
            "message": "created",
        },
        {
            "id": "12345678",
            "name": "My Voice Application",
            "answer_url": "https://example.com/answer",
        },
        status=201,
        ids=frozenset({"app_id"}),
        newest=True,
    ),
    Variant(
        "vobiz-application-update",
        "vobiz",
        f"{VOBIZ}, Update an Application, response example",
        lambda c: c.applications.update(
            "12345678", name="Updated Application Name", default_for_numbers=True
        ),
        {"api_id": "11223344-5566-7788-99aa-bbccddeeff00", "message": "changed"},
        {"id": "12345678", "name": "Updated Application Name", "default_for_numbers": True},
        status=202,
        item=None,
        newest=True,
    ),
    Variant(
        "vobiz-application-delete",
        "vobiz",
        f"{VOBIZ_SDK}/applications/raw_client.py, delete_application (an empty reply)",
        lambda c: c.applications.delete("98765432"),
        None,
        {},
        status=204,
        item=None,
    ),
    Variant(
        "vobiz-number-list",
        "vobiz",
        f"{VOBIZ}, List Account Phone Numbers (the vendor's skills/vobiz-phone-numbers/SKILL.md"
        " adds trunk_group_id and released_at)",
        lambda c: first(c.numbers.list()),
        _vobiz_page(_VOBIZ_NUMBER),
        _VOBIZ_NUMBER_EXPECTED,
        item=("items", 0),
        ids=frozenset({"e164"}),
        newest=True,
        sandbox_call=lambda c: first(c.numbers.list()),
    ),
    Variant(
        "vobiz-number-list-older",
        "vobiz",
        f"{VOBIZ_OLDER}, List Account Phone Numbers, 200 example",
        lambda c: first(c.numbers.list()),
        _vobiz_page(
            {
                "id": "90be0b9e-521d-41da-aebd-aba05006272f",
                "auth_id": "MA_X",
                "e164": "+918071387149",
                "country": "IN",
                "region": "Karnataka",
                "capabilities": {"voice": False, "sms": False, "mms": False, "fax": False},
                "status": "active",
                "trunk_group_id": None,
                "setup_fee": 100,
                "monthly_fee": 500,
                "currency": "INR",
                "purchased_at": "2025-10-22T05:04:09.705084Z",
                "created_at": "2025-10-21T12:03:44.837733Z",
                "updated_at": "2025-10-22T05:04:09.705084Z",
            }
        ),
        {"id": "+918071387149", "tenant": "MA_X", "capabilities": frozenset(), "trunk_id": None},
        item=("items", 0),
        ids=frozenset({"e164"}),
    ),
    Variant(
        "vobiz-number-get",
        "vobiz",
        f"{VOBIZ}, List Account Phone Numbers filtered by the number ({VOBIZ_SDK}/phone_numbers/raw_client.py: search)",
        lambda c: c.numbers.get("+919876543210"),
        _vobiz_page(_VOBIZ_NUMBER),
        _VOBIZ_NUMBER_EXPECTED,
        item=("items", 0),
        ids=frozenset({"e164"}),
    ),
    Variant(
        "vobiz-number-create",
        "vobiz",
        f"{VOBIZ}, Purchase from Inventory, 200 example",
        lambda c: c.numbers.create(number="+919876543210"),
        {
            "message": "Number purchased successfully",
            "number": _VOBIZ_PURCHASED,
            "items": [
                {
                    k: _VOBIZ_NUMBER[k]
                    for k in (
                        "id",
                        "account_id",
                        "e164",
                        "country",
                        "region",
                        "capabilities",
                        "status",
                        "monthly_fee",
                        "currency",
                    )
                }
            ],
        },
        {"id": "+919876543210", "number": "+919876543210", "country": "IN"},
        item=("number",),
        newest=True,
        sandbox_call=lambda c: c.numbers.create(number="+919876543210"),
    ),
    Variant(
        "vobiz-number-update",
        "vobiz",
        f"{VOBIZ_OLDER}, Link Numbers: Detach Number from Application, 200 example",
        lambda c: c.numbers.update("+918071387149", application_id=None),
        {"message": "Number detached successfully", "number": "+918071387149"},
        {"id": "+918071387149", "application_id": None},
        item=None,
        newest=True,
    ),
    Variant(
        "vobiz-number-delete",
        "vobiz",
        f"{VOBIZ}, Release a Phone Number (204, empty)",
        lambda c: c.numbers.delete("+918071387149"),
        None,
        {},
        status=204,
        item=None,
    ),
    Variant(
        "vobiz-number-delete-older",
        "vobiz",
        f"{VOBIZ_OLDER}, Release a Phone Number, 200 example",
        lambda c: c.numbers.delete("+918071387149"),
        {"message": "number returned to inventory"},
        {},
        item=None,
    ),
    Variant(
        "vobiz-number-search",
        "vobiz",
        f"{VOBIZ}, List Inventory Numbers, 200 example",
        lambda c: first(c.numbers.search(country="US")),
        {
            "items": [
                {
                    "id": "550e8400-e29b-41d4-a716-446655440000",
                    "e164": "+14155551234",
                    "country": "US",
                    "region": "CA",
                    "status": "active",
                    "setup_fee": 0,
                    "monthly_fee": 1,
                    "currency": "INR",
                    "created_at": "2025-01-15T10:00:00Z",
                    "updated_at": "2025-01-15T10:00:00Z",
                }
            ],
            "page": 1,
            "per_page": 25,
            "total": 500,
        },
        {"number": "+14155551234", "country": "US", "region": "CA", "monthly_cost": "1"},
        item=("items", 0),
        ids=frozenset({"e164"}),
        newest=True,
        conditional=frozenset({"region"}),
    ),
]

# Plivo applications and numbers.

_PLIVO_APP = {
    "answer_method": "POST",
    "answer_url": "http://www.google.com/",
    "app_id": "20468599130939380",
    "app_name": "0.8522478089992022",
    "default_app": False,
    "default_endpoint_app": False,
    "enabled": True,
    "fallback_answer_url": "",
    "fallback_method": "POST",
    "hangup_method": "POST",
    "hangup_url": "http://www.google.com/",
    "message_method": "POST",
    "message_url": "",
    "public_uri": False,
    "resource_uri": "/v1/Account/MA2025RK4E639VJFZAGV/Application/20468599130939380/",
    "sip_uri": "sip:20468599130939380@app.plivo.com",
    "sub_account": None,
}
_PLIVO_APP_EXPECTED = {
    "id": "20468599130939380",
    "tenant": "MA2025RK4E639VJFZAGV",
    "name": "0.8522478089992022",
    "answer_url": "http://www.google.com/",
    "fallback_url": None,
    "message_url": None,
    "default_for_devices": False,
    "default_for_numbers": None,
}
_PLIVO_NUMBER = {
    "added_on": "2014-02-14",
    "active": False,
    "alias": None,
    "application": "/v1/Account/MA2025RK4E639VJFZAGV/Application/29986316244302815/",
    "carrier": "Plivo",
    "monthly_rental_rate": "0.80000",
    "number": "17609915566",
    "number_type": "local",
    "city": "USA",
    "cnam_lookup": "enabled",
    "compliance_application_id": None,
    "compliance_status": None,
    "country": "United States",
    "mms_enabled": False,
    "mms_rate": "0.00000",
    "tendlc_campaign_id": None,
    "tendlc_registration_status": "UNREGISTERED",
    "toll_free_sms_verification": None,
    "renewal_date": "2014-03-14",
    "region": "California, UNITED STATES",
    "resource_uri": "/v1/Account/MA2025RK4E639VJFZAGV/Number/17609915566/",
    "sms_enabled": True,
    "sms_rate": "0.00000",
    "sub_account": None,
    "voice_enabled": True,
    "voice_rate": "0.00850",
}
_PLIVO_NUMBER_EXPECTED = {
    "id": "17609915566",
    "number": "+17609915566",
    "tenant": "MA2025RK4E639VJFZAGV",
    "application_id": "29986316244302815",
    "number_type": tel.NumberType.LOCAL,
    "capabilities": frozenset({"voice", "sms"}),
    "country": None,
    "created_at": at("2014-02-14T00:00:00+00:00"),
}

#: Plivo's three capability flags are one neutral field; a trunk is `object_type` and `object_id`.
_PLIVO_COUPLED = {
    **dict.fromkeys(("voice_enabled", "sms_enabled", "mms_enabled"), frozenset({"capabilities"})),
    **dict.fromkeys(("object_type", "object_id"), frozenset({"trunk_id"})),
}

PLIVO_ROUTING = [
    Variant(
        "plivo-application-get",
        "plivo",
        f"{PLIVO_SDK}/applicationGetResponse.json",
        lambda c: c.applications.get("20468599130939380"),
        {"api_id": "9ae358d0-3f08-11e7-b6f4-061564b78b75", **_PLIVO_APP},
        _PLIVO_APP_EXPECTED,
        newest=True,
        sandbox_call=lambda c: c.applications.get("33406267401237901"),
    ),
    Variant(
        "plivo-application-list",
        "plivo",
        f"{PLIVO_SDK}/applicationListResponse.json",
        lambda c: first(c.applications.list()),
        _plivo_page(_PLIVO_APP),
        _PLIVO_APP_EXPECTED,
        item=("objects", 0),
        ids=frozenset({"app_id"}),
        newest=True,
    ),
    Variant(
        "plivo-application-create",
        "plivo",
        f"{PLIVO}, Create an Application (201; {PLIVO_SDK}/applicationCreateResponse.json)",
        lambda c: c.applications.create(name="Main IVR", answer_url="https://example.com/answer"),
        {
            "api_id": "99f9d6f6-3f08-11e7-9fd1-06660ad2b8e6",
            "app_id": "20468599130939380",
            "message": "created",
        },
        {"id": "20468599130939380", "name": "Main IVR"},
        status=201,
        ids=frozenset({"app_id"}),
        newest=True,
    ),
    Variant(
        "plivo-application-update",
        "plivo",
        f"{PLIVO}, Modify an Application (202)",
        lambda c: c.applications.update(
            "37961981447734951", answer_url="https://updated.answer.url"
        ),
        {"message": "changed", "api_id": "5a9fcb68-582d-11e1-86da-6ff39efcb949"},
        {"id": "37961981447734951", "answer_url": "https://updated.answer.url"},
        status=202,
        item=None,
        newest=True,
    ),
    Variant(
        "plivo-application-delete",
        "plivo",
        f"{PLIVO_SDK} (tests/resources/test_applications.py: 204)",
        lambda c: c.applications.delete("77494029089751836"),
        None,
        {},
        status=204,
        item=None,
    ),
    Variant(
        "plivo-number-get",
        "plivo",
        f"{PLIVO_SDK}/numberGetResponse.json",
        lambda c: c.numbers.get("17609915566"),
        {"api_id": "88625e5e-1c92-11e4-80aa-12313f048015", **_PLIVO_NUMBER},
        _PLIVO_NUMBER_EXPECTED,
        newest=True,
        coupled=_PLIVO_COUPLED,
    ),
    Variant(
        "plivo-number-get-trunk",
        "plivo",
        "Plivo API reference (private beta), List account phone numbers: object_type, object_id",
        lambda c: c.numbers.get("18135401302"),
        {
            **_PLIVO_NUMBER,
            "number": "18135401302",
            "object_id": "17248282830499840",
            "object_type": "trunk",
        },
        {"id": "18135401302", "trunk_id": "17248282830499840"},
        coupled=_PLIVO_COUPLED,
    ),
    Variant(
        "plivo-number-list",
        "plivo",
        f"{PLIVO_SDK}/numberListResponse.json",
        lambda c: first(c.numbers.list()),
        _plivo_page(_PLIVO_NUMBER),
        _PLIVO_NUMBER_EXPECTED,
        item=("objects", 0),
        ids=frozenset({"number"}),
        newest=True,
        coupled=_PLIVO_COUPLED,
    ),
    Variant(
        "plivo-number-update",
        "plivo",
        f"{PLIVO}, Update an account phone number (202)",
        lambda c: c.numbers.update("17609915566", application_id="37961981447734951"),
        {"message": "changed", "api_id": "5a9fcb68-582d-11e1-86da-6ff39efcb949"},
        {"id": "17609915566", "number": "+17609915566", "application_id": "37961981447734951"},
        status=202,
        item=None,
        newest=True,
    ),
    Variant(
        "plivo-number-create",
        "plivo",
        f"{PLIVO}, Buy a Phone Number (201)",
        lambda c: c.numbers.create(number="+14155559186"),
        {
            "api_id": "aa52882c-1c88-11e4-bd8a-12313f016a39",
            "message": "created",
            "numbers": [{"number": "14155559186", "status": "Success"}],
            "status": "fulfilled",
        },
        {
            "id": "14155559186",
            "number": "+14155559186",
            "extra": {"status": "Success", "order_status": "fulfilled"},
        },
        status=201,
        item=None,
        newest=True,
    ),
    Variant(
        "plivo-number-delete",
        "plivo",
        f"{PLIVO_SDK} (tests/resources/test_numbers.py: 204)",
        lambda c: c.numbers.delete("17609915566"),
        None,
        {},
        status=204,
        item=None,
    ),
    Variant(
        "plivo-number-search",
        "plivo",
        f"{PLIVO}, The PhoneNumber object (its example object)",
        lambda c: first(c.numbers.search(country="US", area_code="415")),
        _plivo_page(
            {
                "number": "14155559186",
                "prefix": "415",
                "city": "SAN FRANCISCO",
                "country": "UNITED STATES",
                "region": "United States",
                "rate_center": "SNFC CNTRL",
                "lata": 722,
                "type": "fixed",
                "sub_type": "local",
                "setup_rate": "0.00000",
                "monthly_rental_rate": "0.80000",
                "sms_enabled": True,
                "sms_rate": "0.00800",
                "voice_enabled": True,
                "voice_rate": "0.00500",
                "restriction": None,
                "restriction_text": None,
                "resource_uri": "/v1/Account/MA2025RK4E639VJFZAGV/PhoneNumber/14155559186/",
            }
        ),
        {
            "number": "+14155559186",
            "country": "US",
            "number_type": tel.NumberType.LOCAL,
            "locality": "SAN FRANCISCO",
            "region": "United States",
            "capabilities": frozenset({"voice", "sms"}),
            "monthly_cost": "0.80000",
        },
        item=("objects", 0),
        ids=frozenset({"number"}),
        newest=True,
        coupled=_PLIVO_COUPLED,
    ),
]

#: The resource of each variant, by the start of its name.
RESOURCES = {
    "vobiz-endpoint": "devices",
    "vobiz-ip-acl": "access_rules",
    "vobiz-sub-account": "tenants",
    "sipbx-device": "devices",
    "sipbx-number": "numbers",
    "voipappz-user": "agents",
    "twilio-credential": "devices",
    "twilio-ip-address": "access_rules",
    "twilio-account": "tenants",
    "twilio-application": "applications",
    "twilio-incoming-number": "numbers",
    "twilio-available-number": "numbers",
    "plivo-endpoint": "devices",
    "plivo-subaccount": "tenants",
    "vobiz-application": "applications",
    "vobiz-number": "numbers",
    "plivo-application": "applications",
    "plivo-number": "numbers",
}

VARIANTS: list[Variant] = [
    *VOBIZ_DEVICES,
    *VOBIZ_ACCESS_RULES,
    *VOBIZ_TENANTS,
    *SIPBX_DEVICES,
    *SIPBX_NUMBERS,
    *VOIPAPPZ_AGENTS,
    *TWILIO_VARIANTS,
    *TWILIO_ROUTING_VARIANTS,
    *PLIVO_VARIANTS,
    *VOBIZ_ROUTING,
    *PLIVO_ROUTING,
]
