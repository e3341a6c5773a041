"""The Vobiz sandbox's IP ACL API: full-replace updates, the documented error bodies.

Paths have no trailing slash and the listing is under `trunks/`; each path is answered with
`Account` and with `account` (the copies of the documents spell it both ways, and
vobiz-python sends the lower case). The label of an entry is `name` (the newest documents) or
`description` (the older copies and vobiz-python): either may be sent, and replies show it as
`description`. A create requires `ip_address` and may set `enabled` (the older copies and the
SDK); an update is a full replace of the label and `ip_address` and nothing else (the newest
documents). A single entry is read at `GET .../ip-acl/{id}`, as vobiz-python does (the
documents list no such read). Seeded rules are the documented examples.
"""

import ipaddress
import uuid
from datetime import datetime
from typing import Any

from telephony_core.plivo_style import offset_page
from telephony_core.sandbox import BadRequest, EmuRequest, EmuResponse, empty, json_response, route
from telephony_vobiz.emulator_base import VobizEmulatorBase

MAX_LIMIT = 100
#: The keys a create accepts, and those an update (a full replace) accepts.
_CREATE_KEYS = frozenset({"name", "description", "ip_address", "enabled"})
_UPDATE_KEYS = frozenset({"name", "description", "ip_address"})
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

    def _checked_body(self, request: EmuRequest, *, update: bool) -> dict[str, Any]:
        """The body's `label`, `ip_address` and (a create's) `enabled`, or the 400."""
        body = self.body_object(request, _error)
        allowed = _UPDATE_KEYS if update else _CREATE_KEYS
        unknown = sorted(set(body) - allowed)
        if unknown:
            accepted = "name (or description) and ip_address" + ("" if update else ", enabled")
            raise _error(f"Unknown field(s): {', '.join(unknown)}; only {accepted}")
        labels = {body[key] for key in ("name", "description") if key in body}
        if any(not isinstance(label, str) for label in labels) or len(labels) > 1:
            raise _error("name and description are the same label: send one string")
        if "ip_address" not in body or (update and not any(labels)):
            raise _error("name and ip_address are required" if update else "ip_address is required")
        if not _is_ipv4(body["ip_address"]):
            raise _error("Invalid IP address format")
        if not isinstance(body.get("enabled", True), bool):
            raise _error("enabled must be true or false")
        return {
            "label": next(iter(labels), ""),
            "ip_address": body["ip_address"],
            "enabled": body.get("enabled", True),
        }

    @staticmethod
    def _public(auth_id: str, rule: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": rule["id"],
            "account_id": auth_id,
            **{k: v for k, v in rule.items() if k != "id"},
        }

    @route("GET", "/api/v1/Account/{auth_id}/trunks/ip-acl")
    @route("GET", "/api/v1/account/{auth_id}/trunks/ip-acl")
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
    @route("POST", "/api/v1/account/{auth_id}/ip-acl")
    def create_ip_acl(self, request: EmuRequest, auth_id: str) -> EmuResponse:
        body = self._checked_body(request, update=False)
        now = _timestamp(self.clock())
        rule = {
            "id": str(uuid.uuid4()),
            "ip_address": body["ip_address"],
            "description": body["label"],
            "enabled": body["enabled"],
            "created_at": now,
            "updated_at": now,
        }
        self.rules(auth_id)[rule["id"]] = rule
        return json_response(self._public(auth_id, rule), 201)

    @route("GET", "/api/v1/Account/{auth_id}/ip-acl/{ip_acl_id}")
    @route("GET", "/api/v1/account/{auth_id}/ip-acl/{ip_acl_id}")
    def get_ip_acl(self, request: EmuRequest, auth_id: str, ip_acl_id: str) -> EmuResponse:
        return json_response(self._public(auth_id, self._rule(auth_id, ip_acl_id)))

    @route("PUT", "/api/v1/Account/{auth_id}/ip-acl/{ip_acl_id}")
    @route("PUT", "/api/v1/account/{auth_id}/ip-acl/{ip_acl_id}")
    def update_ip_acl(self, request: EmuRequest, auth_id: str, ip_acl_id: str) -> EmuResponse:
        rule = self._rule(auth_id, ip_acl_id)
        body = self._checked_body(request, update=True)
        rule.update(
            ip_address=body["ip_address"],
            description=body["label"],
            updated_at=_timestamp(self.clock()),
        )
        return json_response(self._public(auth_id, rule))

    @route("DELETE", "/api/v1/Account/{auth_id}/ip-acl/{ip_acl_id}")
    @route("DELETE", "/api/v1/account/{auth_id}/ip-acl/{ip_acl_id}")
    def delete_ip_acl(self, request: EmuRequest, auth_id: str, ip_acl_id: str) -> EmuResponse:
        self._rule(auth_id, ip_acl_id)
        del self.rules(auth_id)[ip_acl_id]
        return empty(204)
