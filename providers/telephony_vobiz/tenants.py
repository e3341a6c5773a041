"""Vobiz sub-accounts as neutral tenants.

Lower-case `accounts` and hyphenated `sub-accounts` in the paths; a trailing slash on the
collection (create, list) and none on one sub-account (get, update, delete). Update is a
PUT that changes only the keys sent. Replies quirks, all handled in `_reply_object`:
- the update reply repeats `parent_auth_id` (first the caller's auth_id, then the parent's):
  the LAST value wins, as in any JSON parser (it is the one the vendor documents as
  `{parent_auth_id}`); if the copies disagree, all of them are kept in
  `extra["repeated_keys"]`;
- the tenant id is `id` (the `sub_auth_id` of the paths), else `auth_id`;
- the state is read from `is_active` (else `enabled`), the key written is `enabled`;
- `auth_token` is a `Secret`; a read answers `"<redacted>"` for it, which means "not known".
"""

import json
import re
from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core.fieldmap import FieldMap, WireField
from telephony_core.models import Tenant
from telephony_core.provider import Page, Resource, Scope
from telephony_core.secret import Secret
from telephony_core.wire import Plan, WireResponse, build_path
from telephony_vobiz.account import REPLY_KEYS

PERMISSIONS = frozenset({"calls", "cdr"})
DEFAULT_PAGE_SIZE = 25
REDACTED_BY_VENDOR = "<redacted>"
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")
MAX_EMAIL = 254


def _token_from_wire(value: object) -> object:
    """The vendor's `"<redacted>"` placeholder is no token at all."""
    return None if value == REDACTED_BY_VENDOR else value


FIELDS = FieldMap(
    WireField("id", "id", update=False, create=False),
    WireField("parent_id", "parent_auth_id", update=False, create=False),
    WireField("name", "name"),
    WireField("email", "email"),
    WireField("phone", "phone"),
    WireField("description", "description"),
    WireField("rate_limit", "rate_limit"),
    WireField("permissions", "permissions"),
    WireField("enabled", "enabled", reply="is_active"),
    WireField("auth_token", "auth_token", from_wire=_token_from_wire, update=False, create=False),
    WireField("created_at", "created_at", update=False, create=False),
    WireField("updated_at", "updated_at", update=False, create=False),
    # Echoes: the tenant id again, the written state, older names of the timestamps, links.
    ignore=("auth_id", "enabled", "created", "modified", "account", "resource_uri", *REPLY_KEYS),
)


class _VendorObject(dict[str, Any]):
    """A JSON object as sent: the last value of a repeated key wins, and `repeated` keeps
    every value of each key that was sent more than once."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        values: dict[str, list[Any]] = {}
        for key, value in pairs:
            values.setdefault(key, []).append(value)
        self.repeated = {key: seen for key, seen in values.items() if len(seen) > 1}


def _reply_object(obj: Mapping[str, Any]) -> dict[str, Any]:
    """A sub-account object with its quirks folded into the keys of `FIELDS`."""
    folded = dict(obj)
    if folded.get("id") is None and folded.get("auth_id") is not None:
        folded["id"] = folded["auth_id"]
    if "is_active" not in folded and "enabled" in folded:
        folded["is_active"] = folded["enabled"]
    repeated = getattr(obj, "repeated", {})
    disagreeing = {key: seen for key, seen in repeated.items() if len(set(map(repr, seen))) > 1}
    if disagreeing:
        folded["repeated_keys"] = disagreeing
    return folded


class VobizTenants(Resource[Tenant]):
    """`client.tenants` at Vobiz (the sub-account API)."""

    model = Tenant
    fields = FIELDS
    operations = frozenset({"get", "list", "create", "update", "delete"})
    natural_key = "name"
    extra_keys: ClassVar[Mapping[str, frozenset[str]]] = {"create": frozenset({"password"})}
    write_only = frozenset({"extra.password"})  # never in a reply

    def _path(self, sub_auth_id: str | None = None) -> str:
        auth_id = self.provider.setting("auth_id")
        if sub_auth_id is None:
            return build_path("/api/v1/accounts/{auth_id}/sub-accounts/", auth_id=auth_id)
        return build_path(
            "/api/v1/accounts/{auth_id}/sub-accounts/{id}", auth_id=auth_id, id=sub_auth_id
        )

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        errors: dict[str, str] = {}
        if operation == "create" and values.get("name") is None:
            errors["name"] = "is required to create a Vobiz sub-account"
        for name, value in values.items():
            if value is None:
                errors[name] = "cannot be null at Vobiz: pass a value"
        rate_limit = values.get("rate_limit")
        if rate_limit is not None and rate_limit < 1:
            errors["rate_limit"] = f"must be a positive integer, not {rate_limit}"
        email = values.get("email")
        if email is not None and (len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email)):
            errors["email"] = f"is not an email address: {email!r}"
        unknown = sorted(set(values.get("permissions") or ()) - PERMISSIONS)
        if unknown:
            errors["permissions"] = (
                f"unknown permission {', '.join(map(repr, unknown))} "
                f"(Vobiz knows {', '.join(sorted(PERMISSIONS))})"
            )
        password = (values.get("extra") or {}).get("password")
        if password is not None and not isinstance(password, str | Secret):
            errors["extra.password"] = "must be a string"
        return errors

    def _json(self, response: WireResponse) -> dict[str, Any]:
        """The reply's JSON object, repeated keys kept track of (see `_VendorObject`)."""
        try:
            body = json.loads(response.body, object_pairs_hook=_VendorObject)
        except (ValueError, UnicodeDecodeError):
            raise self.malformed(response, "the body is not JSON") from None
        if not isinstance(body, dict):
            raise self.malformed(response, "expected a JSON object")
        return body

    def _tenant(self, obj: object, response: WireResponse, **known: Any) -> Tenant:
        if not isinstance(obj, dict):
            raise self.malformed(response, "expected a sub-account object")
        return self.to_model(_reply_object(obj), response, **known)

    def plan_get(self, id: str, scope: Scope) -> Plan[Tenant]:
        response = yield from self.exchange(self.provider.request("GET", self._path(id)), 200)
        return self._tenant(self._json(response), response, id=id)

    def plan_list(self, scope: Scope, cursor: Any, page_size: int | None) -> Plan[Page[Tenant]]:
        page: int = cursor or 1
        size = page_size or DEFAULT_PAGE_SIZE
        response = yield from self.exchange(
            self.provider.request("GET", self._path(), query=[("page", page), ("size", size)]), 200
        )
        body = self._json(response)
        objects, total = body.get("sub_accounts"), body.get("total")
        if not isinstance(objects, list) or isinstance(total, bool) or not isinstance(total, int):
            raise self.malformed(response, "expected 'sub_accounts' and an integer 'total'")
        items = [self._tenant(obj, response) for obj in objects]
        more = items and (page - 1) * size + len(items) < total
        return Page(items=items, next=page + 1 if more else None)

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[Tenant]:
        body = self.fields.to_wire(values)
        if isinstance(body.get("password"), str):
            body["password"] = Secret(body["password"])  # masked wherever the request shows
        response = yield from self.exchange(
            self.provider.request("POST", self._path(), json=body), 200, 201
        )
        reply = self._json(response)
        sub_account, credentials = reply.get("sub_account"), reply.get("auth_credentials")
        if not isinstance(sub_account, dict) or not isinstance(credentials, dict):
            raise self.malformed(response, "expected 'sub_account' and 'auth_credentials'")
        return self._tenant(
            sub_account,
            response,
            id=credentials.get("auth_id"),
            auth_token=_token_from_wire(credentials.get("auth_token")),
        )

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[Tenant]:
        response = yield from self.exchange(
            self.provider.request("PUT", self._path(id), json=self.fields.to_wire(changes)), 200
        )
        return self._tenant(self._json(response), response, id=id)

    def plan_delete(self, id: str, scope: Scope) -> Plan[None]:
        yield from self.exchange(self.provider.request("DELETE", self._path(id)), 200, 204)
        return None
