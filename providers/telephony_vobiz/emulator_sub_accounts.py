"""The Vobiz sandbox's sub-account API: partial PUT updates, the newest documented replies.

Lower-case `accounts`, hyphenated `sub-accounts`; a trailing slash on the collection only.
A sub-account object carries a numeric `id` ("500001") and its `auth_id` (`SA_...`), the
`{sub_auth_id}` of the paths. Reads and the update reply show `auth_token` as
`"<redacted>"`; the create reply's `auth_credentials` shows the token, and `tokens` the
sub-account's API tokens. Only the documented types are checked (strings, an integer
`rate_limit`, a boolean `enabled`, `permissions` an object of booleans). Not documented, so
chosen here: an unknown sub-account is `{"error", "code": 404}`, a new sub-account may make
calls and read CDRs, and `permissions` in an update merges key by key.
"""

import copy
import hmac
import itertools
import secrets
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from telephony_core.sandbox import BadRequest, EmuRequest, EmuResponse, json_response, route
from telephony_vobiz.emulator_base import VobizEmulatorBase, invalid_parameters

DEFAULT_SIZE = 25
DEFAULT_RATE_LIMIT = 1000
REDACTED = "<redacted>"
_TEXT_KEYS = ("name", "email", "phone", "description")
_UPDATE_KEYS = frozenset({*_TEXT_KEYS, "rate_limit", "permissions", "enabled"})
_CREATE_KEYS = _UPDATE_KEYS | {"password"}
SEEDED_ID = "SA_1"
#: The numeric ids: the parent account's, and the first sub-account's.
PARENT_NUMBER = 500000
SEEDED = {
    "id": "500001",
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


def _problems(body: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, str]:
    """What the vendor would refuse in a create or update body, by key: the documented
    types (no rule the documents do not state)."""
    details = {key: "Unknown field" for key in body if key not in allowed}
    for key in (*_TEXT_KEYS, "password"):
        if key in body and not isinstance(body[key], str):
            details[key] = "Must be a string"
    if body.get("name") == "":
        details["name"] = "This field may not be blank"
    rate_limit = body.get("rate_limit", 1)
    if isinstance(rate_limit, bool) or not isinstance(rate_limit, int):
        details["rate_limit"] = "Must be an integer"
    if "enabled" in body and not isinstance(body["enabled"], bool):
        details["enabled"] = "Must be a boolean"
    permissions = body.get("permissions", {})
    if not isinstance(permissions, dict) or any(
        not isinstance(value, bool) for value in permissions.values()
    ):
        details["permissions"] = "Must be an object of booleans"
    return details


class SubAccountEmulator(VobizEmulatorBase):
    """In-memory Vobiz sub-accounts, per parent account."""

    def reset(self) -> None:
        super().reset()
        self.sub_accounts: dict[str, dict[str, dict[str, Any]]] = {}
        self.sub_account_numbers = itertools.count(2)

    def subs(self, auth_id: str) -> dict[str, dict[str, Any]]:
        """The parent account's sub-accounts by auth_id (seeded on first use)."""
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

    def _sub_account(
        self, auth_id: str, sub_auth_id: str, sub: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The sub-account object as the newest documents show it."""
        return {
            **{key: sub[key] for key in _TEXT_KEYS},
            "permissions": sub["permissions"],
            "rate_limit": sub["rate_limit"],
            "id": sub["id"],
            "parent_account_id": str(PARENT_NUMBER),
            "parent_auth_id": auth_id,
            "auth_id": sub_auth_id,
            "auth_token": REDACTED,
            "api_id": str(uuid.uuid4()),  # a per-request id
            "email_verified": sub["email_verified"],
            "enabled": sub["enabled"],
            "created": sub["created_at"][:10],
            "modified": sub["updated_at"][:10],
            "is_active": sub["enabled"],
            "created_at": sub["created_at"],
            "updated_at": sub["updated_at"],
            "last_used": None,
            "account": f"/v1/Account/{auth_id}/",
            "resource_uri": f"/v1/Account/{auth_id}/Subaccount/{sub_auth_id}/",
        }

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
                    self._sub_account(auth_id, sub_id, sub)
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
        number = next(self.sub_account_numbers)
        sub = {
            "id": str(PARENT_NUMBER + number),
            **{key: body.get(key) for key in _TEXT_KEYS},
            "permissions": {"calls": True, "cdr": True, **body.get("permissions", {})},
            "rate_limit": body.get("rate_limit", DEFAULT_RATE_LIMIT),
            "enabled": body.get("enabled", True),
            "auth_token": secrets.token_urlsafe(24),
            "email_verified": False,
            "created_at": now,
            "updated_at": now,
        }
        sub_auth_id = f"SA_{number}"
        self.subs(auth_id)[sub_auth_id] = sub
        return json_response(
            {
                "message": "Sub-account created successfully",
                "sub_account": self._sub_account(auth_id, sub_auth_id, sub),
                "auth_credentials": {"auth_id": sub_auth_id, "auth_token": sub["auth_token"]},
                "tokens": {
                    "access_token": secrets.token_urlsafe(24),
                    "refresh_token": secrets.token_urlsafe(24),
                    "token_type": "Bearer",
                    "expires_in": 3600,
                },
            },
            201,
        )

    @route("GET", "/api/v1/accounts/{auth_id}/sub-accounts/{sub_auth_id}")
    def get_sub_account(self, request: EmuRequest, auth_id: str, sub_auth_id: str) -> EmuResponse:
        sub = self._sub(auth_id, sub_auth_id)
        return json_response(self._sub_account(auth_id, sub_auth_id, sub))

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
        return json_response(self._sub_account(auth_id, sub_auth_id, sub))

    @route("DELETE", "/api/v1/accounts/{auth_id}/sub-accounts/{sub_auth_id}")
    def delete_sub_account(
        self, request: EmuRequest, auth_id: str, sub_auth_id: str
    ) -> EmuResponse:
        self._sub(auth_id, sub_auth_id)
        del self.subs(auth_id)[sub_auth_id]
        return json_response({"message": "Sub-account deleted successfully"})
