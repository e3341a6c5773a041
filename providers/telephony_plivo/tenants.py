"""Plivo subaccounts as neutral tenants (docs/plivo.md gives the source of each rule).

A subaccount is addressed by its `auth_id` (`SA...`); a create answers with that and its
`auth_token`, nothing else. An update must carry `name`: one that changes only `enabled`
reads the current name first and sends it again. Delete sends no `cascade`, so Plivo's
default applies: the subaccount's endpoints, numbers and applications move to the main
account.
"""

import json
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from telephony_core import ProviderError, Tenant
from telephony_core.plivo_style import REPLY_KEYS, AccountResource, OffsetPaging, text_bool, uri_id
from telephony_core.translate import (
    FieldMap,
    Plan,
    Scope,
    WireField,
    WireRequest,
    WireResponse,
    calendar_date,
)

_ONLY_NAME_AND_STATE = "a Plivo subaccount has a name and an enabled state, nothing else"
#: What a dry run's stand-in read of the current subaccount shows as its name.
_STAND_IN_NAME = "<current name>"

FIELDS = FieldMap(
    WireField("id", "auth_id", update=False, create=False),
    WireField("parent_id", "account", from_wire=uri_id, update=False, create=False),
    WireField("name", "name"),
    WireField("enabled", "enabled", from_wire=text_bool),
    WireField("auth_token", "auth_token", update=False, create=False),
    WireField("created_at", "created", from_wire=calendar_date, update=False, create=False),
    WireField("updated_at", "modified", from_wire=calendar_date, update=False, create=False),
    ignore=("resource_uri", *REPLY_KEYS),
)


class PlivoTenants(AccountResource[Tenant]):
    """`client.tenants` at Plivo (the Subaccount API)."""

    model = Tenant
    fields = FIELDS
    collection_path = "/v1/Account/{auth_id}/Subaccount/"
    paging = OffsetPaging(max_limit=20, default_limit=20)
    operations = frozenset({"get", "list", "create", "update", "delete"})
    natural_key = "name"
    required_at_create = frozenset({"name"})
    clearable = False
    hints: ClassVar[Mapping[str, str]] = {
        name: _ONLY_NAME_AND_STATE
        for name in ("email", "phone", "description", "rate_limit", "permissions")
    }
    dry_run_placeholders: ClassVar[Mapping[str, str]] = {_STAND_IN_NAME: _STAND_IN_NAME}
    delete_warning = (
        "Plivo deletes the subaccount for good; its endpoints, numbers and applications move "
        "to the main account (cascade is not sent: Plivo's default)."
    )

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[Tenant]:
        if "name" in changes:
            return (yield from super().plan_update(id, changes, scope))
        current = yield from self.plan_get(id, scope)  # Update a Subaccount requires `name`
        if current.name is None:
            raise ProviderError(
                f"{self.provider.name}: subaccount {id!r} has no current name to resend",
                provider=self.provider.name,
            )
        yield from super().plan_update(id, {"name": current.name, **changes}, scope)
        return attrs.evolve(current, **changes)

    def dry_run_reply(self, request: WireRequest, id: str | None) -> WireResponse | None:
        """Stand in for the read of the current name that an update without one needs."""
        if request.method != "GET" or id is None:
            return None
        body = {"auth_id": id, "name": _STAND_IN_NAME}
        return WireResponse(status=200, body=json.dumps(body).encode())
