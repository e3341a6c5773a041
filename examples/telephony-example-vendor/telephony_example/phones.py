"""Example Phones' phones as neutral devices: declarations, the vendor's rules, and one plan
per operation.

`POST /v1/phones` creates a phone (201, the phone), `PATCH /v1/phones/{id}` changes only the
keys sent and answers with the phone, `DELETE /v1/phones/{id}` answers 204, and the listing
is paged with an opaque `next_cursor`.
"""

from collections.abc import Mapping
from typing import Any

from telephony_core import Device
from telephony_core.translate import Page, Plan, Resource, Scope, build_path
from telephony_example.fields import FIELDS

MAX_LABEL = 64
MIN_PASSWORD = 10
DEFAULT_PAGE = 50
PHONES = "/v1/phones"
PHONE = "/v1/phones/{id}"


class ExamplePhones(Resource[Device]):
    """`client.devices` at Example Phones."""

    model = Device
    fields = FIELDS
    operations = frozenset({"get", "list", "create", "update", "delete"})
    idempotent = frozenset({"update", "delete"})  # a repeat of either changes nothing more
    write_only = frozenset({"password"})  # the API never returns it

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        errors: dict[str, str] = {}
        for field, value in values.items():
            if value is None:
                errors[field] = "cannot be cleared at Example Phones"
        if operation == "create":
            for field in ("name", "password"):
                if field not in values:
                    errors[field] = "is required to create a phone"
        name = values.get("name")
        if name is not None and not 1 <= len(name) <= MAX_LABEL:
            errors["name"] = f"must be 1 to {MAX_LABEL} characters"
        password = values.get("password")
        if password is not None and len(password) < MIN_PASSWORD:
            errors["password"] = f"must be at least {MIN_PASSWORD} characters"
        return errors

    def plan_get(self, id: str, scope: Scope) -> Plan[Device]:
        request = self.provider.request("GET", build_path(PHONE, id=id))
        response = yield from self.exchange(request, 200)
        return self.to_model(self.json_object(response), response, id=id)

    def plan_list(self, scope: Scope, cursor: Any, page_size: int | None) -> Plan[Page[Device]]:
        query: list[tuple[str, Any]] = [("limit", page_size or DEFAULT_PAGE)]
        if cursor is not None:
            query.append(("cursor", cursor))
        response = yield from self.exchange(self.provider.request("GET", PHONES, query=query), 200)
        body = self.json_object(response)
        data, next_cursor = body.get("data"), body.get("next_cursor")
        if not isinstance(data, list) or not isinstance(next_cursor, str | None):
            raise self.malformed(response, "expected 'data' and 'next_cursor'")
        return Page(items=[self.to_model(obj, response) for obj in data], next=next_cursor)

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[Device]:
        request = self.provider.request("POST", PHONES, json=self.fields.to_wire(values))
        response = yield from self.exchange(request, 201)
        # The reply is the new phone, minus the password: the one just set is known.
        return self.to_model(self.json_object(response), response, password=values.get("password"))

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[Device]:
        body = self.fields.to_wire(changes)
        request = self.provider.request("PATCH", build_path(PHONE, id=id), json=body)
        response = yield from self.exchange(request, 200)
        return self.to_model(
            self.json_object(response), response, id=id, password=changes.get("password")
        )

    def plan_delete(self, id: str, scope: Scope) -> Plan[None]:
        yield from self.exchange(self.provider.request("DELETE", build_path(PHONE, id=id)), 204)
