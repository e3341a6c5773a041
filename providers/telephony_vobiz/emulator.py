"""The Vobiz sandbox: Endpoints, IP ACLs and sub-accounts as the vendor documents them,
kept in memory (see `emulator_base` for credentials; one module per resource).

Endpoints answer in the newest documented shapes: a create returns `alias`, `endpoint_id`
and `username`; a read returns the application as an object (`app_id`, `app_name`,
`answer_url`, `answer_method`) or null, the permission flags and the timestamps; a listing
returns the application as its URI. A create without `application` gets the account's
`default_endpoint_app` (none, as seeded); `application` is sent as an integer (the documents)
or a string of digits (vobiz-python). A short password is refused on update only (the create
page only recommends 8 characters).
"""

import itertools
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from telephony_core.plivo_style import offset_page
from telephony_core.sandbox import (
    EmuRequest,
    EmuResponse,
    empty,
    json_response,
    route,
)
from telephony_vobiz.emulator_applications import SEEDED_APPLICATIONS
from telephony_vobiz.emulator_base import invalid_parameters
from telephony_vobiz.emulator_ip_acl import IpAclEmulator
from telephony_vobiz.emulator_numbers import SEEDED_NUMBERS, TRUNKS, NumberEmulator
from telephony_vobiz.emulator_sub_accounts import SEEDED_ID, SubAccountEmulator

_LOCKED_KEYS = frozenset(
    {
        "username",
        "endpoint_id",
        "domain",
        "allow_same_domain",
        "allow_other_domains",
        "allow_phones",
        "allow_apps",
    }
)
_UPDATE_KEYS = frozenset(
    {"password", "alias", "application", "allow_voice", "allow_message", "allow_video"}
)
_CREATE_ONLY = ("allow_same_domain", "allow_other_domains", "allow_phones", "allow_apps")
_CREATE_KEYS = _UPDATE_KEYS | {"username", "sub_account", *_CREATE_ONLY}
#: The documented defaults of the permission flags.
_DEFAULTS = {
    "allow_voice": True,
    "allow_message": True,
    "allow_video": False,
    "allow_same_domain": True,
    "allow_other_domains": False,
    "allow_phones": True,
    "allow_apps": True,
}
_BOOL_KEYS = tuple(_DEFAULTS)
SEEDED_AT = "2025-10-27T10:30:00Z"


def _application_id(value: object) -> str | None:
    """The id an `application` value names: an integer (the documents) or a string of digits
    (vobiz-python types it `str`)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) and value.isdigit() else None


def _with_application_id(body: dict[str, Any]) -> dict[str, Any]:
    """The body with its `application` (if any) as the integer the sandbox keeps."""
    application = _application_id(body.get("application"))
    return body if application is None else {**body, "application": int(application)}


class _Account:
    def __init__(self, auth_id: str) -> None:
        self.auth_id = auth_id
        self.endpoints: dict[str, dict[str, Any]] = {}
        self.ids = itertools.count(87654322)
        self.add(
            "87654321",
            {
                "username": "john_desk",
                "alias": "John's Desktop Phone",
                "password": "Initial-Passw0rd",
                "application": 12345678,
            },
        )

    def add(
        self, endpoint_id: str, fields: Mapping[str, Any], *, now: str = SEEDED_AT
    ) -> dict[str, Any]:
        """A new endpoint from a request body's keys (any keys: a body is not arguments)."""
        endpoint = {
            "endpoint_id": endpoint_id,
            "username": fields["username"],
            "alias": fields.get("alias", ""),
            "password": fields["password"],
            "application": fields.get("application"),
            **{key: fields.get(key, default) for key, default in _DEFAULTS.items()},
            "sub_account": fields.get("sub_account"),
            "sip_registered": "false",
            "created_at": now,
            "updated_at": now,
        }
        self.endpoints[endpoint_id] = endpoint
        return endpoint

    def _uri(self, endpoint: Mapping[str, Any]) -> str:
        return f"/v1/Account/{self.auth_id}/Endpoint/{endpoint['endpoint_id']}/"

    def listed(self, endpoint: Mapping[str, Any]) -> dict[str, Any]:
        """An endpoint in a listing: the application as its URI (List All Endpoints)."""
        app = endpoint["application"]
        return {
            "alias": endpoint["alias"],
            "application": f"/v1/Account/{self.auth_id}/Application/{app}/" if app else None,
            "endpoint_id": endpoint["endpoint_id"],
            "resource_uri": self._uri(endpoint),
            "sip_registered": endpoint["sip_registered"],
            "sip_uri": f"sip:{endpoint['username']}@registrar.vobiz.ai",
            "sub_account": endpoint["sub_account"],
            "username": endpoint["username"],
        }

    def read(
        self, endpoint: Mapping[str, Any], apps: Mapping[str, Mapping[str, Any]]
    ) -> dict[str, Any]:
        """One endpoint read (Retrieve an Endpoint): the application (one of `apps`, by id)
        as an object, the permission flags and the timestamps."""
        app = apps.get(str(endpoint["application"]))
        application = (
            {key: app[key] for key in ("app_id", "app_name", "answer_url", "answer_method")}
            if app
            else None
        )
        return {
            "api_id": str(uuid.uuid4()),
            "endpoint_id": endpoint["endpoint_id"],
            "username": endpoint["username"],
            "alias": endpoint["alias"],
            "sip_uri": f"sip:{endpoint['username']}@registrar.vobiz.ai",
            "sip_registered": endpoint["sip_registered"],
            "application": application,
            **{key: endpoint[key] for key in _BOOL_KEYS},
            "sub_account": endpoint["sub_account"],
            "resource_uri": self._uri(endpoint),
            "created_at": endpoint["created_at"],
            "updated_at": endpoint["updated_at"],
        }


class VobizEmulator(IpAclEmulator, SubAccountEmulator, NumberEmulator):
    """In-memory Vobiz: Endpoints here; IP ACLs, sub-accounts, applications and numbers from
    their own parts."""

    examples: ClassVar[Mapping[str, str]] = {
        "devices": "87654321",
        "access_rules": "c1d2e3f4-a5b6-7890-cdef-1234567890ab",
        "tenants": SEEDED_ID,
        "applications": "98765432",
        "numbers": "+918071387149",
    }
    seeded: ClassVar[Mapping[str, Sequence[str]]] = {
        "applications": tuple(SEEDED_APPLICATIONS),
        "numbers": tuple(SEEDED_NUMBERS),
        "trunks": TRUNKS,
    }
    samples: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "devices": {
            "username": "front_desk",
            "name": "Front desk",
            "password": "NewSecurePassword456!",
            "application_id": "98765432",
            "allow_voice": False,
            "allow_messaging": False,
            "allow_video": True,
            "extra.sub_account": SEEDED_ID,
            "extra.allow_same_domain": False,
            "extra.allow_other_domains": True,
            "extra.allow_phones": False,
            "extra.allow_apps": False,
        },
        "access_rules": {"name": "Branch office", "cidr": "203.0.113.0/24"},
        "applications": {
            "name": "Support IVR",
            "answer_url": "https://example.com/support/answer",
            "answer_method": "GET",
            "fallback_url": "https://example.com/support/fallback",
            "fallback_method": "GET",
            "hangup_url": "https://example.com/support/hangup",
            "hangup_method": "GET",
            "message_url": "https://example.com/support/message",
            "message_method": "GET",
            "default_for_numbers": True,
            "default_for_devices": True,
        },
        "numbers": {
            "number": "+14155550123",
            "application_id": "98765432",
            "trunk_id": TRUNKS[1],
            "extra.currency": "USD",
        },
        "tenants": {
            "name": "Billing Team",
            "email": "billing@example.com",
            "phone": "+15550100",
            "description": "Invoices and payments",
            "rate_limit": 750,
            "permissions": {"calls": False, "cdr": True},
            "enabled": False,
            "extra.password": "Sub-Account-Passw0rd",
        },
    }

    def reset(self) -> None:
        super().reset()
        self.accounts: dict[str, _Account] = {}

    def account(self, auth_id: str) -> _Account:
        if auth_id not in self.accounts:
            self.accounts[auth_id] = _Account(auth_id)
        return self.accounts[auth_id]

    def _check_values(
        self, body: Mapping[str, Any], apps: Mapping[str, Any], *, update: bool
    ) -> None:
        details: dict[str, str] = {}
        password = body.get("password")
        if password is not None and not isinstance(password, str):
            details["password"] = "Must be a string"
        elif update and password is not None and len(password) < 8:
            details["password"] = "Password must be at least 8 characters"
        application = body.get("application")
        if application is not None and _application_id(application) not in apps:
            details["application"] = "Application not found"
        for key in _BOOL_KEYS:
            if key in body and not isinstance(body[key], bool):
                details[key] = "Must be a boolean"
        if details:
            raise invalid_parameters(details)

    def _object(self, request: EmuRequest) -> dict[str, Any]:
        return self.body_object(request, lambda why: invalid_parameters({"body": why}))

    @route("GET", "/api/v1/Account/{auth_id}/Endpoint/")
    def list_endpoints(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        account = self.account(auth_id)
        endpoints, meta = offset_page(
            request,
            list(account.endpoints.values()),
            max_limit=100,
            refuse=lambda why: invalid_parameters({"limit": why}),
        )
        return json_response(
            {"api_id": "sandbox", "meta": meta, "objects": [account.listed(e) for e in endpoints]}
        )

    @route("POST", "/api/v1/Account/{auth_id}/Endpoint/")
    def create_endpoint(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        account = self.account(auth_id)
        body = self._object(request)
        missing = {
            k: "This field is required" for k in ("username", "password", "alias") if k not in body
        }
        missing |= {k: "Unknown field" for k in body if k not in _CREATE_KEYS}
        if missing:
            raise invalid_parameters(missing)
        self._check_values(body, self.apps(auth_id).apps, update=False)
        body = _with_application_id(body)
        if any(e["username"] == body["username"] for e in account.endpoints.values()):
            return json_response(
                {"error": "username already exists", "username": body["username"]}, 409
            )
        if "application" not in body:  # Create an Endpoint: the account's default applies
            default = self.apps(auth_id).default_for("default_endpoint_app")
            body = {**body, "application": int(default)} if default else body
        endpoint = account.add(str(next(account.ids)), body, now=self.now())
        return json_response(
            {key: endpoint[key] for key in ("alias", "endpoint_id", "username")}, 201
        )

    @route("GET", "/api/v1/Account/{auth_id}/Endpoint/{endpoint_id}/")
    def get_endpoint(self, request: EmuRequest, auth_id: str, endpoint_id: str) -> EmuResponse:
        endpoint = self.account(auth_id).endpoints.get(endpoint_id)
        if endpoint is None:
            return empty(404)
        return json_response(self.account(auth_id).read(endpoint, self.apps(auth_id).apps))

    @route("POST", "/api/v1/Account/{auth_id}/Endpoint/{endpoint_id}/")
    def update_endpoint(self, request: EmuRequest, auth_id: str, endpoint_id: str) -> EmuResponse:
        endpoint = self.account(auth_id).endpoints.get(endpoint_id)
        if endpoint is None:
            return empty(404)
        body = self._object(request)
        details = {k: "This field cannot be updated" for k in body if k in _LOCKED_KEYS}
        details |= {k: "Unknown field" for k in body if k not in _UPDATE_KEYS | _LOCKED_KEYS}
        if details:
            raise invalid_parameters(details)
        self._check_values(body, self.apps(auth_id).apps, update=True)
        endpoint.update(
            _with_application_id(body), updated_at=self.clock().strftime("%Y-%m-%dT%H:%M:%SZ")
        )
        return empty(202)

    @route("DELETE", "/api/v1/Account/{auth_id}/Endpoint/{endpoint_id}/")
    def delete_endpoint(self, request: EmuRequest, auth_id: str, endpoint_id: str) -> EmuResponse:
        if self.account(auth_id).endpoints.pop(endpoint_id, None) is None:
            return empty(404)
        return empty(204)
