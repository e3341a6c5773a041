"""The Vobiz sandbox's sub-account API: partial PUT updates, the documented reply shapes.

Lower-case `accounts`, hyphenated `sub-accounts`; a trailing slash on the collection only.
The update reply is sent byte for byte as documented, `parent_auth_id` twice included (so it
is built as JSON text, not with `json.dumps` of a dict). Reads show `auth_token` as
`"<redacted>"`; the update reply and the create reply's `auth_credentials` show the token.
Not documented, so chosen here: an unknown sub-account is `{"error", "code": 404}`, a new
sub-account may make calls and read CDRs, and `permissions` in an update merges key by key.
"""

import copy
import hmac
import itertools
import json
import re
import secrets
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from telephony_core.sandbox import BadRequest, EmuRequest, EmuResponse, json_response, route
from telephony_vobiz.emulator_base import VobizEmulatorBase, invalid_parameters

DEFAULT_SIZE = 25
DEFAULT_RATE_LIMIT = 1000
REDACTED = "<redacted>"
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")
_TEXT_KEYS = ("name", "email", "phone", "description")
_UPDATE_KEYS = frozenset({*_TEXT_KEYS, "rate_limit", "permissions", "enabled"})
_CREATE_KEYS = _UPDATE_KEYS | {"password"}
_PERMISSIONS = frozenset({"calls", "cdr"})
SEEDED_ID = "SA_1"
SEEDED = {
    "name": "Support Team",
    "email": "support@example.com",
    "phone": "+1234567890",
    "description": "Customer support",
    "permissions": {"calls": True, "cdr": True},
    "rate_limit": DEFAULT_RATE_LIMIT,
    "enabled": True,
    "auth_token": "sandbox-sub-account-token",
    "email_verified": True,
    "created_at": "2025-10-22T03:57:35.997500Z",
    "updated_at": "2025-10-22T03:57:35.997500Z",
}


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _json_pairs(pairs: Iterable[tuple[str, Any]]) -> bytes:
    """A JSON object written from key-value pairs, so that a key may repeat."""
    members = ", ".join(f"{json.dumps(key)}: {json.dumps(value)}" for key, value in pairs)
    return ("{" + members + "}").encode()


def _problems(body: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, str]:
    """What the vendor would refuse in a create or update body, by key."""
    details = {key: "Unknown field" for key in body if key not in allowed}
    for key in (*_TEXT_KEYS, "password"):
        if key in body and not isinstance(body[key], str):
            details[key] = "Must be a string"
    if body.get("name") == "":
        details["name"] = "This field may not be blank"
    email = body.get("email")
    if isinstance(email, str) and not _EMAIL.fullmatch(email):
        details["email"] = "Enter a valid email address"
    rate_limit = body.get("rate_limit", 1)
    if isinstance(rate_limit, bool) or not isinstance(rate_limit, int) or rate_limit < 1:
        details["rate_limit"] = "Must be a positive integer"
    if "enabled" in body and not isinstance(body["enabled"], bool):
        details["enabled"] = "Must be a boolean"
    permissions = body.get("permissions", {})
    if not isinstance(permissions, dict) or any(
        key not in _PERMISSIONS or not isinstance(value, bool) for key, value in permissions.items()
    ):
        details["permissions"] = "Must be an object of booleans: calls, cdr"
    return details


class SubAccountEmulator(VobizEmulatorBase):
    """In-memory Vobiz sub-accounts, per parent account."""

    def reset(self) -> None:
        super().reset()
        self.sub_accounts: dict[str, dict[str, dict[str, Any]]] = {}
        self.sub_account_ids = itertools.count(2)

    def subs(self, auth_id: str) -> dict[str, dict[str, Any]]:
        """The parent account's sub-accounts by id (seeded on first use)."""
        if auth_id not in self.sub_accounts:
            self.sub_accounts[auth_id] = {SEEDED_ID: copy.deepcopy(SEEDED)}
        return self.sub_accounts[auth_id]

    def accepts(self, auth_id: str, token: str) -> bool:
        """The sandbox token, or a sub-account's own `auth_token` with its auth id."""
        return super().accepts(auth_id, token) or any(
            hmac.compare_digest(token.encode(), subs[auth_id]["auth_token"].encode())
            for subs in self.sub_accounts.values()
            if auth_id in subs
        )

    def _sub(self, auth_id: str, sub_auth_id: str) -> dict[str, Any]:
        sub = self.subs(auth_id).get(sub_auth_id)
        if sub is None:
            raise BadRequest(json_response({"error": "Sub-account not found", "code": 404}, 404))
        return sub

    def _pairs(
        self, auth_id: str, sub_auth_id: str, sub: Mapping[str, Any], *, as_updated: bool = False
    ) -> list[tuple[str, Any]]:
        """The sub-account object; `as_updated` gives the update reply's exact shape."""
        parent = [("parent_auth_id", auth_id)] * (2 if as_updated else 1)
        return [
            *((key, sub[key]) for key in _TEXT_KEYS),
            ("permissions", sub["permissions"]),
            ("rate_limit", sub["rate_limit"]),
            ("id", sub_auth_id),
            *parent,
            ("auth_id", auth_id),
            ("auth_token", sub["auth_token"] if as_updated else REDACTED),
            ("api_id", str(uuid.uuid4())),  # a per-request id
            ("email_verified", sub["email_verified"]),
            ("enabled", sub["enabled"]),
            ("is_active", sub["enabled"]),
            ("created", sub["created_at"]),
            ("modified", sub["updated_at"]),
            ("created_at", sub["created_at"]),
            ("updated_at", sub["updated_at"]),
            ("account", f"/api/v1/accounts/{auth_id}/"),
            ("resource_uri", f"/api/v1/accounts/{auth_id}/sub-accounts/{sub_auth_id}/"),
            ("last_used", None),
        ]

    @route("GET", "/api/v1/accounts/{auth_id}/sub-accounts/")
    def list_sub_accounts(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        try:
            page = int(request.arg("page") or 1)
            size = int(request.arg("size") or DEFAULT_SIZE)
        except ValueError:
            raise invalid_parameters({"page": "Must be an integer"}) from None
        if page < 1 or size < 1:
            raise invalid_parameters({"page": "Must be positive", "size": "Must be positive"})
        subs = list(self.subs(auth_id).items())
        start = (page - 1) * size
        return json_response(
            {
                "sub_accounts": [
                    dict(self._pairs(auth_id, sub_id, sub))
                    for sub_id, sub in subs[start : start + size]
                ],
                "total": len(subs),
                "page": page,
                "size": size,
            }
        )

    @route("POST", "/api/v1/accounts/{auth_id}/sub-accounts/")
    def create_sub_account(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        body = self.body_object(request, lambda why: invalid_parameters({"body": why}))
        details = _problems(body, _CREATE_KEYS)
        if "name" not in body:
            details["name"] = "This field is required"
        if details:
            raise invalid_parameters(details)
        now = _timestamp(self.clock())
        sub = {
            **{key: body.get(key) for key in _TEXT_KEYS},
            "permissions": {"calls": True, "cdr": True, **body.get("permissions", {})},
            "rate_limit": body.get("rate_limit", DEFAULT_RATE_LIMIT),
            "enabled": body.get("enabled", True),
            "auth_token": secrets.token_urlsafe(24),
            "email_verified": False,
            "created_at": now,
            "updated_at": now,
        }
        sub_auth_id = f"SA_{next(self.sub_account_ids)}"
        self.subs(auth_id)[sub_auth_id] = sub
        return json_response(
            {
                "message": "Sub-account created successfully",
                "sub_account": dict(self._pairs(auth_id, sub_auth_id, sub)),
                "auth_credentials": {"auth_id": sub_auth_id, "auth_token": sub["auth_token"]},
            },
            201,
        )

    @route("GET", "/api/v1/accounts/{auth_id}/sub-accounts/{sub_auth_id}")
    def get_sub_account(self, request: EmuRequest, auth_id: str, sub_auth_id: str) -> EmuResponse:
        sub = self._sub(auth_id, sub_auth_id)
        return json_response(dict(self._pairs(auth_id, sub_auth_id, sub)))

    @route("PUT", "/api/v1/accounts/{auth_id}/sub-accounts/{sub_auth_id}")
    def update_sub_account(
        self, request: EmuRequest, auth_id: str, sub_auth_id: str
    ) -> EmuResponse:
        sub = self._sub(auth_id, sub_auth_id)
        body = self.body_object(request, lambda why: invalid_parameters({"body": why}))
        details = _problems(body, _UPDATE_KEYS)
        if details:
            raise invalid_parameters(details)
        permissions = {**sub["permissions"], **body.pop("permissions", {})}
        sub.update(body, permissions=permissions, updated_at=_timestamp(self.clock()))
        return EmuResponse(
            status=200,
            body=_json_pairs(self._pairs(auth_id, sub_auth_id, sub, as_updated=True)),
            headers={"Content-Type": "application/json"},
        )

    @route("DELETE", "/api/v1/accounts/{auth_id}/sub-accounts/{sub_auth_id}")
    def delete_sub_account(
        self, request: EmuRequest, auth_id: str, sub_auth_id: str
    ) -> EmuResponse:
        self._sub(auth_id, sub_auth_id)
        del self.subs(auth_id)[sub_auth_id]
        return json_response({"message": "Sub-account deleted successfully"})
