"""Vobiz IP ACL entries as neutral access rules.

No trailing slash on these paths; the listing lives under `trunks/`, pages of at most 100,
its total in `meta.total` (`meta.total_count` in an older copy). Update is a full
replace (`name` and `ip_address` both, every time): a neutral partial update reads the
current rule through the listing (there is no single-rule read) and resends what it does not
change. The label is sent as `name` and comes back as `description`. `enabled` cannot be
changed through the API.
"""

import json
from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import AccessRule, NotFound, ProviderError
from telephony_core.plivo_style import AccountResource, OffsetPaging
from telephony_core.translate import (
    FieldMap,
    Page,
    Plan,
    Scope,
    WireField,
    WireRequest,
    WireResponse,
    build_path,
)

#: Both are required in every create and update body (update is a full replace).
REQUIRED = ("name", "cidr")
#: List IP ACLs: `limit` at most 100, no query on the first page unless a size is asked;
#: the total in `meta.total` (`meta.total_count` in an older copy).
PAGING = OffsetPaging(
    max_limit=100, offset_on_first_page=False, total_keys=("total", "total_count")
)
#: What a dry run's stand-in listing holds (valid values, shown as placeholders).
_STAND_IN = {"name": "<current name>", "cidr": "198.51.100.254"}
_NOT_THROUGH_API = (
    "an IP ACL entry cannot be enabled or disabled through the Vobiz API; use the Vobiz "
    "Console, or delete the rule and create it again"
)


def _account_from_wire(value: object) -> object:
    """Some documented examples show `"account_id": ""`: no account, not an empty one."""
    return None if value == "" else value


FIELDS = FieldMap(
    WireField("id", "id", update=False, create=False),
    WireField("tenant", "account_id", from_wire=_account_from_wire, update=False, create=False),
    WireField("name", "name", reply="description"),
    WireField("cidr", "ip_address"),
    WireField("enabled", "enabled", update=False, create=False),
    WireField("created_at", "created_at", update=False, create=False),
    WireField("updated_at", "updated_at", update=False, create=False),
)


class VobizAccessRules(AccountResource[AccessRule]):
    """`client.access_rules` at Vobiz (the IP ACL API)."""

    model = AccessRule
    fields = FIELDS
    collection_path = "/api/v1/Account/{auth_id}/ip-acl"
    item_path = "/api/v1/Account/{auth_id}/ip-acl/{id}"
    paging = PAGING
    operations = frozenset({"get", "list", "create", "update", "delete"})
    natural_key = "cidr"
    required_at_create = frozenset(REQUIRED)
    clearable = False  # both fields are on every rule
    scopes = frozenset({"tenant"})  # one IP ACL per account: no list to name as owner
    hints: ClassVar[Mapping[str, str]] = {"enabled": _NOT_THROUGH_API}
    #: The bare 400 `{"error": "Invalid IP address format", "code": 400}` is about `cidr`.
    message_fields: ClassVar[Mapping[str, str]] = {"ip address": "cidr"}
    dry_run_placeholders: ClassVar[Mapping[str, str]] = {
        _STAND_IN["name"]: "<current name>",
        _STAND_IN["cidr"]: "<current ip_address>",
    }

    def plan_list(self, scope: Scope, cursor: Any, page_size: int | None) -> Plan[Page[AccessRule]]:
        path = build_path("/api/v1/Account/{auth_id}/trunks/ip-acl", auth_id=self.account(scope))
        return (yield from self.plan_page(path, scope, cursor, page_size))

    def _find(self, id: str, scope: Scope) -> Plan[AccessRule]:
        """Read one rule through the listing (Vobiz has no single-rule read), at most
        `find_max_pages` pages."""
        rule = yield from self.plan_scan(
            lambda cursor: self.plan_list(scope, cursor, None), lambda item: item.id == id
        )
        if rule is None:
            raise NotFound(
                f"{self.provider.name}: no IP ACL entry {id!r} in account {self.account(scope)!r}",
                provider=self.provider.name,
            )
        return rule

    def plan_get(self, id: str, scope: Scope) -> Plan[AccessRule]:
        return (yield from self._find(id, scope))

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[AccessRule]:
        values = {name: changes.get(name) for name in REQUIRED}
        if None in values.values():
            # A full replace: read the rule and resend the field the caller leaves unchanged.
            current = yield from self._find(id, scope)
            for name, value in values.items():
                if value is None:
                    values[name] = getattr(current, name)
            missing = [name for name, value in values.items() if value is None]
            if missing:
                raise ProviderError(
                    f"{self.provider.name}: IP ACL entry {id!r} has no current "
                    f"{' or '.join(missing)} to resend",
                    provider=self.provider.name,
                )
        response = yield from self.exchange(
            self.provider.request("PUT", self.path(scope, id), json=self.fields.to_wire(values)),
            200,
        )
        return self.read(self.json_object(response), response, scope, id=id)

    def dry_run_reply(self, request: WireRequest, id: str | None) -> WireResponse | None:
        """Stand in for the listing read of a one-field update: the rule, with placeholders."""
        if request.method != "GET" or not request.path.endswith("/trunks/ip-acl") or id is None:
            return None
        rule = {"id": id, "ip_address": _STAND_IN["cidr"], "description": _STAND_IN["name"]}
        body = {"meta": {"limit": 1, "offset": 0, "total": 1}, "objects": [rule]}
        return WireResponse(status=200, body=json.dumps(body).encode())
