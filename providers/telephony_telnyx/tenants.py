"""Telnyx managed accounts (the sub-accounts of a manager account) as neutral tenants:
`/v2/managed_accounts`.

A create sends `business_name` (required) and `email`; replies name the business
`organization_name`. Each single-account reply carries the account's V2 API key (`api_key`,
the neutral `auth_token`, a `Secret`) and its V1 token (`api_token`, kept in `extra` as a
`Secret`: `TelnyxProvider.secret_fields` declares it); the listing carries neither. A PATCH
changes only `managed_account_allow_custom_pricing`; `enabled` is two actions,
`POST .../actions/enable` and `.../actions/disable`, and no reply shows it. The API has no
delete (see docs/telnyx.md).
"""

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from telephony_core import Tenant
from telephony_core.translate import (
    FieldMap,
    Plan,
    Scope,
    Step,
    WireField,
    WireRequest,
    build_path,
    changeable_fields,
    run_in_order,
)
from telephony_telnyx.base import (
    API,
    BOOLEAN,
    DATE_FIELDS,
    RECORD_TYPE,
    SECRET_TEXT,
    ExtraRule,
    TelnyxResource,
    extra_problems,
)

ACTION = API + "/managed_accounts/{id}/actions/{action}"
EXTRA_RULES: Mapping[str, ExtraRule] = {
    "password": SECRET_TEXT,
    "managed_account_allow_custom_pricing": BOOLEAN,
    "rollup_billing": BOOLEAN,
}
ACTIONS = {True: "enable", False: "disable"}
_NO_DELETE = (
    "the Telnyx API has no delete for managed accounts: disable one with "
    "tenants.update(id, enabled=False), which stops its calls and messages and its logins"
)
_AT_CREATE = "a managed account's business name and e-mail are set when it is created"
_CREATED_ENABLED = (
    "Telnyx creates managed accounts enabled: create it, then update(id, enabled=False)"
)
_ONLY = (
    "a Telnyx managed account has a business name, an e-mail and an enabled state "
    "(and the vendor keys in extra={...}, see docs/telnyx.md)"
)

FIELDS = FieldMap(
    WireField("id", "id", update=False, create=False),
    WireField("parent_id", "manager_account_id", update=False, create=False),
    WireField("name", "business_name", reply="organization_name", update=False),
    WireField("email", "email", update=False),
    # Set through the enable / disable actions (see `plan_update`); never in a reply.
    WireField("enabled", "enabled", create=False, in_replies=False),
    WireField("auth_token", "api_key", update=False, create=False),
    *DATE_FIELDS,
    ignore=(RECORD_TYPE,),
)


class TelnyxTenants(TelnyxResource[Tenant]):
    """`client.tenants` at Telnyx (managed accounts)."""

    model = Tenant
    fields = FIELDS
    collection = "/managed_accounts"
    created_status = 200  # the OpenAPI's reply to a create
    operations = frozenset({"get", "list", "count", "create", "update"})
    operations_not_offered: ClassVar[Mapping[str, str]] = {"delete": _NO_DELETE}
    # A PATCH of values, and actions that set a state: a repeat changes nothing more.
    idempotent = frozenset({"update"})
    natural_key = "name"
    required_at_create = frozenset({"name"})
    clearable = False
    write_only = frozenset({"enabled", "extra.password"})  # neither is ever shown
    extra_keys: ClassVar[Mapping[str, frozenset[str]]] = {
        "create": frozenset({"password", "managed_account_allow_custom_pricing", "rollup_billing"}),
        "update": frozenset({"managed_account_allow_custom_pricing"}),
    }
    hints: ClassVar[Mapping[str, str]] = {
        **{name: _ONLY for name in changeable_fields(Tenant) - {"name", "email", "enabled"}},
        "name": _AT_CREATE,
        "email": _AT_CREATE,
        "enabled": _CREATED_ENABLED,
    }

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        return extra_problems(values.get("extra"), EXTRA_RULES)

    def plan_find(self, key: Any, scope: Scope) -> Plan[Tenant | None]:
        """Telnyx filters managed accounts by `filter[organization_name][eq]`."""
        by_name = [("filter[organization_name][eq]", key)]
        return (
            yield from self.find_in(key, lambda cursor: self.page(scope, cursor, None, by_name))
        )

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[Tenant]:
        body = self.fields.to_wire({k: v for k, v in changes.items() if k != "enabled"})
        steps: list[Step[Tenant]] = []
        if body:
            request = self.provider.request("PATCH", self.item_path(id), json=body)
            steps.append(Step(tuple(k for k in changes if k != "enabled"), self._send(id, request)))
        if "enabled" in changes:
            action = build_path(ACTION, id=id, action=ACTIONS[bool(changes["enabled"])])
            request = self.provider.request("POST", action)
            steps.append(Step(("enabled",), self._send(id, request)))
        if not steps:
            return (yield from self.plan_get(id, scope))
        tenant = (yield from run_in_order(steps))[-1]
        return attrs.evolve(tenant, enabled=changes["enabled"]) if "enabled" in changes else tenant

    def _send(self, id: str, request: WireRequest) -> Plan[Tenant]:
        """Send one write about managed account `id`; its reply is the account."""
        response = yield from self.exchange(request, 200)
        return self.read(self.data(response), response, Scope(), id=id)
