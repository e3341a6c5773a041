"""Telnyx IPs (the addresses an IP connection accepts calls from) as neutral access rules:
`/v2/ips`.

`owner` is the IP connection (`connection_id`), by default the `ip_connection` setting
(`TELNYX_IP_CONNECTION_ID`); a create needs one. An IP is a single address and a port (the
`Ip` schema: `ip_address`, `port` default 5060): a wider network is refused before sending,
naming `cidr`. A PATCH must carry `ip_address` (the `UpdateIpRequest` requires it): an update
that does not change the address resends the current one, read first. Telnyx reads and
deletes an IP by its id whatever its connection: when a call names an owner (or one is
configured), the IP is read through that connection's listing (`filter[connection_id]`), so
that an IP of another connection is `NotFound` for it, as at vendors whose paths hold the
list.
"""

import json
import re
from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import AccessRule, ConfigurationError, NotFound, ValidationError
from telephony_core.translate import (
    FieldMap,
    Plan,
    Scope,
    WireField,
    WireRequest,
    WireResponse,
)
from telephony_telnyx.base import (
    DATE_FIELDS,
    RECORD_TYPE,
    ExtraRule,
    TelnyxResource,
    extra_problems,
    whole_number,
)

OWNER_SETTING = "ip_connection"
EXTRA_RULES: Mapping[str, ExtraRule] = {"port": whole_number(1, 65535)}
#: What a dry run of an update shows for the address it would resend (read first).
_STAND_IN = "198.51.100.254"
#: An IP's id is a UUID (the `id` path parameter of `/ips/{id}`: `format: uuid`).
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_SINGLE_ADDRESS = (
    "must be a single IPv4 address at Telnyx (an IP connection's IPs are addresses with a "
    "port, not networks): add one rule per address"
)
_NO_LABEL = "a Telnyx IP has no name: it is an address and a port (extra={'port': ...})"
_NO_ENABLED = "a Telnyx IP has no enabled state: delete it to stop accepting calls from the address"

FIELDS = FieldMap(
    WireField("id", "id", update=False, create=False),
    WireField("owner", "connection_id", update=False, create=False),
    WireField("cidr", "ip_address"),
    *DATE_FIELDS,
    ignore=(RECORD_TYPE,),
)


class TelnyxAccessRules(TelnyxResource[AccessRule]):
    """`client.access_rules` at Telnyx (the IPs of an IP connection)."""

    model = AccessRule
    fields = FIELDS
    collection = "/ips"
    scopes = frozenset({"owner"})
    operations = frozenset({"get", "list", "count", "create", "update", "delete"})
    idempotent = frozenset({"update", "delete"})  # a PATCH of values; a DELETE
    natural_key = "cidr"
    required_at_create = frozenset({"cidr"})
    clearable = False  # an IP always has its address
    extra_keys: ClassVar[Mapping[str, frozenset[str]]] = {
        "create": frozenset(EXTRA_RULES),
        "update": frozenset(EXTRA_RULES),
    }
    hints: ClassVar[Mapping[str, str]] = {"name": _NO_LABEL, "enabled": _NO_ENABLED}
    dry_run_placeholders: ClassVar[Mapping[str, str]] = {_STAND_IN: "<current ip_address>"}

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        errors = extra_problems(values.get("extra"), EXTRA_RULES)
        cidr = values.get("cidr")
        if isinstance(cidr, str) and "/" in cidr:
            errors["cidr"] = f"{_SINGLE_ADDRESS}; {cidr} is a network"
        return errors

    def item_path(self, id: str) -> str:
        if not _UUID.fullmatch(id):
            raise ValidationError(
                field_errors={
                    "id": "must be a Telnyx IP id: a UUID (e.g. "
                    "6a09cdc3-8948-47f0-aa62-74ac943d6c58)"
                },
                provider=self.provider.name,
            )
        return super().item_path(id)

    def owner(self, scope: Scope) -> str | None:
        """The IP connection a call is about: `owner=`, else the `ip_connection` setting."""
        return scope.owner or self.provider.setting(OWNER_SETTING) or None

    def required_owner(self, scope: Scope) -> str:
        owner = self.owner(scope)
        if owner is None:
            env = next(s.env for s in self.provider.all_settings() if s.name == OWNER_SETTING)
            raise ConfigurationError(
                "telnyx access rules are the IPs of an IP connection: pass owner='<IP connection "
                f"id>' (--owner), or set {OWNER_SETTING}=... (environment variable {env})",
                provider=self.provider.name,  # no `setting=`: owner= does as well
            )
        return owner

    def plan_get(self, id: str, scope: Scope) -> Plan[AccessRule]:
        """The IP `id`; when an owner is known, read through its connection's listing
        (`filter[connection_id]`), so that an IP of another connection is `NotFound`."""
        owner = self.owner(scope)
        if owner is None:
            return (yield from super().plan_get(id, scope))
        self.item_path(id)  # the id is checked first: a UUID
        rule = yield from self.plan_scan(
            lambda cursor: self.plan_list(scope, cursor, None), lambda item: item.id == id
        )
        if rule is None:
            raise NotFound(
                f"{self.provider.name}: no IP {id!r} on IP connection {owner!r}",
                provider=self.provider.name,
            )
        return rule

    def filters(self, scope: Scope) -> list[tuple[str, Any]]:
        """The IPs of the call's IP connection, when it names one (or one is configured)."""
        owner = self.owner(scope)
        return [("filter[connection_id]", owner)] if owner is not None else []

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[AccessRule]:
        body = {**self.fields.to_wire(values), "connection_id": self.required_owner(scope)}
        request = self.provider.request("POST", self.collection_path, json=body)
        response = yield from self.exchange(request, 201)
        return self.read(self.data(response), response, scope)

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[AccessRule]:
        body = self.fields.to_wire(changes)
        if "ip_address" not in body or self.owner(scope) is not None:
            # The PATCH must carry the address; and an IP of another connection is not ours.
            current = yield from self.plan_get(id, scope)
            body.setdefault("ip_address", current.cidr)
        request = self.provider.request("PATCH", self.item_path(id), json=body)
        response = yield from self.exchange(request, 200)
        return self.read(self.data(response), response, scope, id=id)

    def plan_delete(self, id: str, scope: Scope) -> Plan[None]:
        if self.owner(scope) is not None:
            yield from self.plan_get(id, scope)  # NotFound for an IP of another connection
        yield from self.exchange(self.provider.request("DELETE", self.item_path(id)), 200, 204)
        return None

    def dry_run_reply(self, request: WireRequest, id: str | None) -> WireResponse | None:
        """Stand in for the read before an update or delete (the IP, or its connection's
        listing holding it), with a placeholder address."""
        if request.method != "GET" or id is None:
            return None
        ip = {"id": id, "ip_address": _STAND_IN, "port": 5060}
        if request.path == self.item_path(id):
            return WireResponse(status=200, body=json.dumps({"data": ip}).encode())
        if request.path == self.collection_path:
            listing = {"data": [ip], "meta": {"total_pages": 1, "page_number": 1}}
            return WireResponse(status=200, body=json.dumps(listing).encode())
        return None
