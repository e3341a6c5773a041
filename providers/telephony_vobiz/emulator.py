"""The Vobiz sandbox: Endpoints, IP ACLs and sub-accounts as the vendor documents them,
kept in memory (see `emulator_base` for credentials; one module per resource)."""

import itertools
from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core.sandbox import (
    EmuRequest,
    EmuResponse,
    empty,
    json_response,
    route,
)
from telephony_vobiz.emulator_base import invalid_parameters
from telephony_vobiz.emulator_ip_acl import IpAclEmulator
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
_BOOL_KEYS = ("allow_voice", "allow_message", "allow_video")
KNOWN_APPLICATIONS = ("98765432", "12345678")


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
            },
        )

    def add(self, endpoint_id: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        """A new endpoint from a request body's keys (any keys: a body is not arguments)."""
        endpoint = {
            "endpoint_id": endpoint_id,
            "username": fields["username"],
            "alias": fields.get("alias", ""),
            "password": fields["password"],
            "application": fields.get("application"),
            "allow_voice": fields.get("allow_voice", True),
            "allow_message": fields.get("allow_message", True),
            "allow_video": fields.get("allow_video", False),
            "sub_account": fields.get("sub_account"),
            "sip_registered": "false",
        }
        self.endpoints[endpoint_id] = endpoint
        return endpoint

    def public(self, endpoint: Mapping[str, Any]) -> dict[str, Any]:
        app = endpoint["application"]
        return {
            "alias": endpoint["alias"],
            "application": f"/api/v1/Account/{self.auth_id}/Application/{app}/" if app else None,
            "endpoint_id": endpoint["endpoint_id"],
            "resource_uri": f"/api/v1/Account/{self.auth_id}/Endpoint/{endpoint['endpoint_id']}/",
            "sip_registered": endpoint["sip_registered"],
            "sip_uri": f"sip:{endpoint['username']}@registrar.vobiz.ai",
            "sub_account": endpoint["sub_account"],
            "username": endpoint["username"],
            **{key: endpoint[key] for key in _BOOL_KEYS},
        }


class VobizEmulator(IpAclEmulator, SubAccountEmulator):
    """In-memory Vobiz: Endpoints here, IP ACLs and sub-accounts from their own parts."""

    examples: ClassVar[Mapping[str, str]] = {
        "devices": "87654321",
        "access_rules": "c1d2e3f4-a5b6-7890-cdef-1234567890ab",
        "tenants": SEEDED_ID,
    }
    samples: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "devices": {
            "username": "front_desk",
            "name": "Front desk",
            "password": "NewSecurePassword456!",
            "application_id": KNOWN_APPLICATIONS[0],
            "allow_voice": False,
            "allow_messaging": False,
            "allow_video": True,
            "extra.sub_account": SEEDED_ID,
        },
        "access_rules": {"name": "Branch office", "cidr": "203.0.113.0/24"},
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

    def _check_values(self, body: Mapping[str, Any]) -> None:
        details: dict[str, str] = {}
        password = body.get("password")
        if password is not None and (not isinstance(password, str) or len(password) < 8):
            details["password"] = "Password must be at least 8 characters"
        application = body.get("application")
        if application is not None and (
            isinstance(application, bool)
            or not isinstance(application, int)
            or str(application) not in KNOWN_APPLICATIONS
        ):
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
        try:
            limit = int(request.arg("limit") or 20)
            offset = int(request.arg("offset") or 0)
        except ValueError:
            raise invalid_parameters({"limit": "Must be an integer"}) from None
        if not 1 <= limit <= 100 or offset < 0:
            raise invalid_parameters({"limit": "Must be between 1 and 100"})
        endpoints = list(account.endpoints.values())
        page = endpoints[offset : offset + limit]
        base = f"/api/v1/Account/{auth_id}/Endpoint/"
        more = offset + limit < len(endpoints)
        return json_response(
            {
                "api_id": "sandbox",
                "meta": {
                    "limit": limit,
                    "offset": offset,
                    "total_count": len(endpoints),
                    "next": f"{base}?limit={limit}&offset={offset + limit}" if more else None,
                    "previous": f"{base}?limit={limit}&offset={max(0, offset - limit)}"
                    if offset
                    else None,
                },
                "objects": [account.public(e) for e in page],
            }
        )

    @route("POST", "/api/v1/Account/{auth_id}/Endpoint/")
    def create_endpoint(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        account = self.account(auth_id)
        body = self._object(request)
        missing = {
            k: "This field is required" for k in ("username", "password", "alias") if k not in body
        }
        if missing:
            raise invalid_parameters(missing)
        self._check_values(body)
        if any(e["username"] == body["username"] for e in account.endpoints.values()):
            return json_response(
                {"error": "username already exists", "username": body["username"]}, 409
            )
        endpoint = account.add(str(next(account.ids)), body)
        return json_response(
            {"api_id": "sandbox", "message": "created", **account.public(endpoint)}, 201
        )

    @route("GET", "/api/v1/Account/{auth_id}/Endpoint/{endpoint_id}/")
    def get_endpoint(self, request: EmuRequest, auth_id: str, endpoint_id: str) -> EmuResponse:
        endpoint = self.account(auth_id).endpoints.get(endpoint_id)
        if endpoint is None:
            return empty(404)
        return json_response(self.account(auth_id).public(endpoint))

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
        self._check_values(body)
        endpoint.update(body)
        return empty(202)

    @route("DELETE", "/api/v1/Account/{auth_id}/Endpoint/{endpoint_id}/")
    def delete_endpoint(self, request: EmuRequest, auth_id: str, endpoint_id: str) -> EmuResponse:
        if self.account(auth_id).endpoints.pop(endpoint_id, None) is None:
            return empty(404)
        return empty(204)
