"""The Vobiz sandbox's IP ACL API: full-replace updates, the documented error bodies.

Paths have no trailing slash and the listing is under `trunks/`. Create and update both
require `name` and `ip_address` (update is a full replace) and accept nothing else (the
`enabled` state is not settable through the API). Seeded rules are the documented examples.
"""

import ipaddress
import uuid
from datetime import datetime
from typing import Any

from telephony_core.plivo_style import offset_page
from telephony_core.sandbox import BadRequest, EmuRequest, EmuResponse, empty, json_response, route
from telephony_vobiz.emulator_base import VobizEmulatorBase

MAX_LIMIT = 100
_KEYS = frozenset({"name", "ip_address"})
SEEDED_RULES: tuple[dict[str, Any], ...] = (
    {
        "id": "aabbccdd-1234-5678-90ab-cdef12345678",
        "ip_address": "192.168.1.0/24",
        "description": "Datacenter ACL",
        "enabled": True,
        "created_at": "2026-03-25T10:00:00Z",
        "updated_at": "2026-03-25T11:30:00Z",
    },
    {
        "id": "c1d2e3f4-a5b6-7890-cdef-1234567890ab",
        "ip_address": "192.168.1.200",
        "description": "Office static IP",
        "enabled": True,
        "created_at": "2026-05-12T05:11:51Z",
        "updated_at": "2026-05-12T05:11:51Z",
    },
)


def _error(message: str, status: int = 400) -> BadRequest:
    """The IP ACL error shape: `{"error": message, "code": status}`."""
    return BadRequest(json_response({"error": message, "code": status}, status))


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _is_ipv4(value: object) -> bool:
    """An IPv4 address or network (host bits clear), as the vendor documents."""
    if not isinstance(value, str):
        return False
    try:
        ipaddress.IPv4Network(value, strict=True)
    except ValueError:
        return False
    return True


class IpAclEmulator(VobizEmulatorBase):
    """In-memory Vobiz IP ACL entries, per account."""

    def reset(self) -> None:
        super().reset()
        self.ip_acls: dict[str, dict[str, dict[str, Any]]] = {}

    def rules(self, auth_id: str) -> dict[str, dict[str, Any]]:
        """The account's rules by id (seeded on first use)."""
        if auth_id not in self.ip_acls:
            self.ip_acls[auth_id] = {rule["id"]: dict(rule) for rule in SEEDED_RULES}
        return self.ip_acls[auth_id]

    def _rule(self, auth_id: str, ip_acl_id: str) -> dict[str, Any]:
        rule = self.rules(auth_id).get(ip_acl_id)
        if rule is None:
            raise _error("IP ACL not found", 404)
        return rule

    def _checked_body(self, request: EmuRequest) -> dict[str, Any]:
        """Both keys, and only them: a create, or an update that replaces the whole entry."""
        body = self.body_object(request, _error)
        unknown = sorted(set(body) - _KEYS)
        if unknown:
            raise _error(f"Unknown field(s): {', '.join(unknown)}; only name and ip_address")
        if not isinstance(body.get("name"), str) or not body["name"] or "ip_address" not in body:
            raise _error("name and ip_address are required")
        if not _is_ipv4(body["ip_address"]):
            raise _error("Invalid IP address format")
        return body

    @staticmethod
    def _public(auth_id: str, rule: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": rule["id"],
            "account_id": auth_id,
            **{k: v for k, v in rule.items() if k != "id"},
        }

    @route("GET", "/api/v1/Account/{auth_id}/trunks/ip-acl")
    def list_ip_acls(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        rules, meta = offset_page(
            request,
            list(self.rules(auth_id).values()),
            max_limit=MAX_LIMIT,
            refuse=_error,
            total_key="total",
            links=False,
        )
        return json_response({"meta": meta, "objects": [self._public(auth_id, r) for r in rules]})

    @route("POST", "/api/v1/Account/{auth_id}/ip-acl")
    def create_ip_acl(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        body = self._checked_body(request)
        now = _timestamp(self.clock())
        rule = {
            "id": str(uuid.uuid4()),
            "ip_address": body["ip_address"],
            "description": body["name"],
            "enabled": True,
            "created_at": now,
            "updated_at": now,
        }
        self.rules(auth_id)[rule["id"]] = rule
        return json_response(self._public(auth_id, rule), 201)

    @route("PUT", "/api/v1/Account/{auth_id}/ip-acl/{ip_acl_id}")
    def update_ip_acl(self, request: EmuRequest, auth_id: str, ip_acl_id: str) -> EmuResponse:
        rule = self._rule(auth_id, ip_acl_id)
        body = self._checked_body(request)
        rule.update(
            ip_address=body["ip_address"],
            description=body["name"],
            updated_at=_timestamp(self.clock()),
        )
        return json_response(self._public(auth_id, rule))

    @route("DELETE", "/api/v1/Account/{auth_id}/ip-acl/{ip_acl_id}")
    def delete_ip_acl(self, request: EmuRequest, auth_id: str, ip_acl_id: str) -> EmuResponse:
        self._rule(auth_id, ip_acl_id)
        del self.rules(auth_id)[ip_acl_id]
        return empty(204)
