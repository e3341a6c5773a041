"""Vobiz sub-accounts as neutral tenants.

Lower-case `accounts` and hyphenated `sub-accounts` in the paths; a trailing slash on the
collection (create, list) and none on one sub-account (get, update, delete). Update is a
PUT that changes only the keys sent. Reply quirks:
- the tenant id is the sub-account's `auth_id` (`SA_...`), the `{sub_auth_id}` of every
  path; the numeric `id` goes to `extra`. Older copies of the documents put the caller's own
  account id in `auth_id` and the sub-account's in `id`: then `id` is read. A create returns
  the id in `auth_credentials.auth_id`;
- an older update reply repeats `parent_auth_id` (first the caller's auth_id, then the
  parent's): the LAST value wins, as in any JSON parser; if the copies disagree, all of them
  are kept in `extra["repeated_keys"]` (by the core reader);
- the state is read from `is_active` (else `enabled`), the key written is `enabled`;
- `auth_token` is a `Secret`; a read answers `"<redacted>"` for it, which means "not known".
"""

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from telephony_core import Secret, Tenant
from telephony_core.plivo_style import REPLY_KEYS, AccountResource
from telephony_core.translate import (
    FieldMap,
    JsonObject,
    Page,
    Plan,
    Scope,
    WireField,
    WireResponse,
    wrap_secrets,
)

DEFAULT_PAGE_SIZE = 25
REDACTED_BY_VENDOR = "<redacted>"


def _token_from_wire(value: object) -> object:
    """The vendor's `"<redacted>"` placeholder is no token at all."""
    return None if value == REDACTED_BY_VENDOR else value


FIELDS = FieldMap(
    WireField("id", "auth_id", update=False, create=False),
    WireField("parent_id", "parent_auth_id", update=False, create=False),
    WireField("name", "name"),
    WireField("email", "email"),
    WireField("phone", "phone"),
    WireField("description", "description"),
    WireField("rate_limit", "rate_limit"),
    WireField("permissions", "permissions"),
    WireField("enabled", "enabled", reply="is_active", also=("enabled",)),
    WireField("auth_token", "auth_token", from_wire=_token_from_wire, update=False, create=False),
    WireField("created_at", "created_at", update=False, create=False),
    WireField("updated_at", "updated_at", update=False, create=False),
    # Echoes: the written state, older names of the timestamps, links.
    ignore=("enabled", "created", "modified", "account", "resource_uri", *REPLY_KEYS),
)


class VobizTenants(AccountResource[Tenant]):
    """`client.tenants` at Vobiz (the sub-account API)."""

    model = Tenant
    fields = FIELDS
    collection_path = "/api/v1/accounts/{auth_id}/sub-accounts/"
    item_path = "/api/v1/accounts/{auth_id}/sub-accounts/{id}"
    operations = frozenset({"get", "list", "create", "update", "delete"})
    natural_key = "name"
    extra_keys: ClassVar[Mapping[str, frozenset[str]]] = {"create": frozenset({"password"})}
    write_only = frozenset({"extra.password"})  # never in a reply
    required_at_create = frozenset({"name"})
    clearable = False  # no field can be set to null

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        password = (values.get("extra") or {}).get("password")
        if password is not None and not isinstance(password, str | Secret):
            return {"extra.password": "must be a string"}
        return {}

    def read(
        self, obj: object, response: WireResponse, scope: Scope, id: str | None = None, **known: Any
    ) -> Tenant:
        """The tenant of a sub-account object; `id` is the one the path addressed, if any."""
        if not isinstance(obj, dict):
            raise self.malformed(response, "expected a sub-account object")
        auth_id, vendor_id = obj.get("auth_id"), obj.get("id")
        if id is None:
            # Older documents: `auth_id` is the caller's own account, `id` the sub-account
            # (the numeric `id` of the newest ones addresses nothing).
            older = auth_id in (None, self.provider.setting("auth_id"))
            numeric = isinstance(vendor_id, int) or str(vendor_id).isdigit()
            id = (None if numeric else vendor_id) if older else auth_id
        # The numeric `id` goes to extra; an `id` that is the tenant id is only an echo.
        echo = ("id",) if vendor_id == id else ()
        folded = (obj if isinstance(obj, JsonObject) else JsonObject(obj)).copy_with(
            {"auth_id": id}, drop=echo
        )
        return self.to_model(folded, response, **known)

    def plan_list(self, scope: Scope, cursor: Any, page_size: int | None) -> Plan[Page[Tenant]]:
        page: int = cursor or 1
        size = page_size or DEFAULT_PAGE_SIZE
        response = yield from self.exchange(
            self.provider.request("GET", self.path(scope), query=[("page", page), ("size", size)]),
            200,
        )
        body = self.json_object(response)
        objects, total = body.get("sub_accounts"), body.get("total")
        if not isinstance(objects, list) or isinstance(total, bool) or not isinstance(total, int):
            raise self.malformed(response, "expected 'sub_accounts' and an integer 'total'")
        items = [self.read(obj, response, scope) for obj in objects]
        more = items and (page - 1) * size + len(items) < total
        return Page(items=items, next=page + 1 if more else None)

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[Tenant]:
        body = self.fields.to_wire(values)
        if isinstance(body.get("password"), str):
            body["password"] = Secret(body["password"])  # masked wherever the request shows
        response = yield from self.exchange(
            self.provider.request("POST", self.path(scope), json=body), 200, 201
        )
        reply = self.json_object(response)
        sub_account, credentials = reply.get("sub_account"), reply.get("auth_credentials")
        if not isinstance(sub_account, dict) or not isinstance(credentials, dict):
            raise self.malformed(response, "expected 'sub_account' and 'auth_credentials'")
        tenant = self.read(
            sub_account,
            response,
            scope,
            id=credentials.get("auth_id"),
            auth_token=_token_from_wire(credentials.get("auth_token")),
        )
        if "tokens" not in reply:
            return tenant
        # The newest documents add the sub-account's API tokens (shown once): kept as secrets.
        extra = {**tenant.extra, "tokens": wrap_secrets("tokens", reply["tokens"])}
        return attrs.evolve(tenant, extra=extra)

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[Tenant]:
        response = yield from self.exchange(
            self.provider.request("PUT", self.path(scope, id), json=self.fields.to_wire(changes)),
            200,
        )
        return self.read(self.json_object(response), response, scope, id=id)
