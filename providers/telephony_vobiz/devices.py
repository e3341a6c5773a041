"""Vobiz Endpoints as neutral devices.

Paths end in a slash; update is a partial POST answered 202 with no body; `application`
is an integer in requests and, in replies, whatever shape a copy of the documents shows:
an integer, an id string, an application URI, an object with `app_id`, or null. Four
permission flags (`allow_same_domain`, `allow_other_domains`, `allow_phones`, `allow_apps`)
are vendor keys set through `extra` at create and locked afterwards.
"""

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from telephony_core.fieldmap import FieldMap, WireField
from telephony_core.models import Device
from telephony_core.passwords import PasswordPolicy
from telephony_core.provider import Page, Scope
from telephony_core.wire import Plan
from telephony_vobiz.account import REPLY_KEYS, AccountResource

_LOCKED = "locked after the endpoint is created: create a new endpoint and delete the old one"
#: Update Endpoint: "SIP password (minimum 8 characters)"; at create only a recommendation.
MIN_PASSWORD = 8
MAX_PAGE = 100
#: Vendor keys settable only at create (Create an Endpoint), each a boolean.
CREATE_ONLY_FLAGS = frozenset(
    {"allow_same_domain", "allow_other_domains", "allow_phones", "allow_apps"}
)


def _application_from_wire(value: object) -> str:
    """The application id in any documented shape: `98765432`, `"98765432"`,
    `"/v1/Account/MA_X/Application/98765432/"` or `{"app_id": "98765432", ...}`."""
    if isinstance(value, dict):
        value = value.get("app_id")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        last = value.rstrip("/").rsplit("/", 1)[-1]
        if last.isascii() and last.isdigit():
            return last
    raise ValueError("application is neither an id, an application URI nor an application")


def _bool_from_wire(value: object) -> bool:
    """Vobiz reports `sip_registered` as the strings "true"/"false"."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError("sip_registered is not a boolean")


def _to_str(value: object) -> str:
    if isinstance(value, str | int) and not isinstance(value, bool):
        return str(value)
    raise ValueError("endpoint_id is not a string")


FIELDS = FieldMap(
    WireField("id", "endpoint_id", from_wire=_to_str, update=False, create=False),
    WireField("username", "username", update=False),
    WireField("name", "alias"),
    WireField("password", "password"),
    WireField("application_id", "application", to_wire=int, from_wire=_application_from_wire),
    WireField("allow_voice", "allow_voice"),
    WireField("allow_messaging", "allow_message"),
    WireField("allow_video", "allow_video"),
    WireField(
        "registered", "sip_registered", from_wire=_bool_from_wire, update=False, create=False
    ),
    WireField("sip_uri", "sip_uri", update=False, create=False),
    ignore=("resource_uri", *REPLY_KEYS),
)


class VobizDevices(AccountResource[Device]):
    """`client.devices` at Vobiz (the Endpoint API)."""

    model = Device
    fields = FIELDS
    collection_path = "/api/v1/Account/{auth_id}/Endpoint/"
    item_path = "/api/v1/Account/{auth_id}/Endpoint/{id}/"
    operations = frozenset({"get", "list", "create", "update", "delete"})
    idempotent = frozenset({"update", "delete"})
    natural_key = "username"
    extra_keys: ClassVar[Mapping[str, frozenset[str]]] = {
        "create": frozenset({"sub_account"}) | CREATE_ONLY_FLAGS
    }
    write_only = frozenset({"password"})  # never in a reply
    password_policy = PasswordPolicy(
        min_length=MIN_PASSWORD,
        source="Vobiz Update Endpoint: password, SIP password (minimum 8 characters)",
    )
    hints: ClassVar[Mapping[str, str]] = {
        "username": _LOCKED,
        **{key: _LOCKED for key in ("domain", *sorted(CREATE_ONLY_FLAGS))},
    }

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        """The documented rules (docs/vobiz.md lists the source of each)."""
        errors: dict[str, str] = {}
        password = values.get("password")
        if operation == "update" and password is not None and len(password) < MIN_PASSWORD:
            errors["password"] = f"must be at least {MIN_PASSWORD} characters"
        application = values.get("application_id")
        if application is not None and not (application.isascii() and application.isdigit()):
            errors["application_id"] = "must be a numeric application id"
        for key, value in (values.get("extra") or {}).items():
            if key in CREATE_ONLY_FLAGS and not isinstance(value, bool):
                errors[f"extra.{key}"] = "must be true or false"
            if key == "sub_account" and not isinstance(value, str):
                errors[f"extra.{key}"] = "must be a sub-account auth_id (a string)"
        if operation == "create":
            for name in ("username", "password", "name"):
                if values.get(name) is None:
                    errors.setdefault(name, "is required to create a Vobiz endpoint")
        return errors

    def plan_get(self, id: str, scope: Scope) -> Plan[Device]:
        response = yield from self.exchange(
            self.provider.request("GET", self._path(scope, id)), 200
        )
        return self.to_model(
            self.json_object(response), response, id=id, tenant=self._account(scope)
        )

    def plan_list(self, scope: Scope, cursor: Any, page_size: int | None) -> Plan[Page[Device]]:
        offset = cursor or 0
        limit = min(page_size or 20, MAX_PAGE)
        response = yield from self.exchange(
            self.provider.request(
                "GET", self._path(scope), query=[("limit", limit), ("offset", offset)]
            ),
            200,
        )
        body = self.json_object(response)
        objects, meta = body.get("objects"), body.get("meta")
        if not isinstance(objects, list) or not isinstance(meta, dict):
            raise self.malformed(response, "expected 'objects' and 'meta'")
        tenant = self._account(scope)
        items = [self.to_model(obj, response, tenant=tenant) for obj in objects]
        total = meta.get("total_count")
        more = meta.get("next") is not None or (
            isinstance(total, int) and offset + len(items) < total
        )
        return Page(items=items, next=offset + len(items) if items and more else None)

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[Device]:
        response = yield from self.exchange(
            self.provider.request("POST", self._path(scope), json=self.fields.to_wire(values)),
            200,
            201,
        )
        created: Device = self.to_model(
            self.json_object(response), response, tenant=self._account(scope)
        )
        # The reply echoes only some fields: what we sent fills in the rest.
        sent = {k: v for k, v in values.items() if k != "extra" and getattr(created, k) is None}
        extra = {**values.get("extra", {}), **created.extra}
        return attrs.evolve(created, **sent, extra=extra)

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[Device]:
        yield from self.exchange(
            self.provider.request("POST", self._path(scope, id), json=self.fields.to_wire(changes)),
            200,
            202,
        )
        # Documented as 202 with no body: the device as known is the id plus the changes.
        return Device(id=id, tenant=self._account(scope), **changes)

    def plan_delete(self, id: str, scope: Scope) -> Plan[None]:
        yield from self.exchange(self.provider.request("DELETE", self._path(scope, id)), 200, 204)
        return None
