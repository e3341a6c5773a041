"""Example Phones' phones as neutral devices: the translation table and the plans.

`PATCH /v1/phones/{id}` changes only the keys sent and answers with the phone; the phone never
shows its `sip_password`; `transport` is upper-case on the wire; the listing is paged with an
opaque `next_cursor`.
"""

from collections.abc import Mapping
from typing import Any

from telephony_core.fieldmap import FieldMap, WireField
from telephony_core.models import Device, Transport
from telephony_core.provider import Page, Resource, Scope
from telephony_core.wire import Plan, build_path

MAX_LABEL = 64
MIN_PASSWORD = 10
DEFAULT_PAGE = 50


def _transport_to_wire(value: Transport) -> str:
    return value.value.upper()


def _transport_from_wire(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("transport is not a string")
    return value.lower()


def _online(value: object) -> bool:
    if value not in ("online", "offline"):
        raise ValueError("status is neither online nor offline")
    return value == "online"


#: Neutral field <-> Example Phones key. Fields with update=False are read-only.
FIELDS = FieldMap(
    WireField("id", "id", update=False, create=False),
    WireField("name", "label"),
    WireField("password", "sip_password"),
    WireField("transport", "transport", to_wire=_transport_to_wire, from_wire=_transport_from_wire),
    WireField("auto_answer", "auto_answer"),
    WireField("registered", "status", from_wire=_online, update=False, create=False),
    WireField("sip_uri", "sip_uri", update=False, create=False),
)


class ExamplePhones(Resource[Device]):
    """`client.devices` at Example Phones."""

    model = Device
    fields = FIELDS
    operations = frozenset({"get", "list", "update"})
    write_only = frozenset({"password"})  # the API never returns it

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        errors: dict[str, str] = {}
        for field, value in values.items():
            if value is None:
                errors[field] = "cannot be cleared at Example Phones"
        name = values.get("name")
        if name is not None and not 1 <= len(name) <= MAX_LABEL:
            errors["name"] = f"must be 1 to {MAX_LABEL} characters"
        password = values.get("password")
        if password is not None and len(password) < MIN_PASSWORD:
            errors["password"] = f"must be at least {MIN_PASSWORD} characters"
        return errors

    def plan_get(self, id: str, scope: Scope) -> Plan[Device]:
        response = yield from self.exchange(
            self.provider.request("GET", build_path("/v1/phones/{id}", id=id)), 200
        )
        return self.to_model(self.json_object(response), response, id=id)

    def plan_list(self, scope: Scope, cursor: Any, page_size: int | None) -> Plan[Page[Device]]:
        query: list[tuple[str, Any]] = [("limit", page_size or DEFAULT_PAGE)]
        if cursor is not None:
            query.append(("cursor", cursor))
        response = yield from self.exchange(
            self.provider.request("GET", "/v1/phones", query=query), 200
        )
        body = self.json_object(response)
        data, next_cursor = body.get("data"), body.get("next_cursor")
        if not isinstance(data, list) or not isinstance(next_cursor, str | None):
            raise self.malformed(response, "expected 'data' and 'next_cursor'")
        return Page(items=[self.to_model(obj, response) for obj in data], next=next_cursor)

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[Device]:
        path = build_path("/v1/phones/{id}", id=id)
        response = yield from self.exchange(
            self.provider.request("PATCH", path, json=self.fields.to_wire(changes)), 200
        )
        # The reply is the phone, minus the password: the one just set is known.
        return self.to_model(
            self.json_object(response), response, id=id, password=changes.get("password")
        )
