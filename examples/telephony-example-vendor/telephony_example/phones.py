"""Example Phones' phones as neutral devices: declarations, the vendor's rules, and one plan
per operation.

`POST /v1/phones` creates a phone (201, the phone), `PATCH /v1/phones/{id}` changes only the
keys sent and answers with the phone, `DELETE /v1/phones/{id}` answers 204, and the listing
is paged with an opaque `next_cursor`.
"""

from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import Device
from telephony_core.translate import Page, PasswordPolicy, Plan, Resource, Scope, build_path
from telephony_example.fields import FIELDS

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
    # The vendor's rules that are data, checked before anything is sent:
    required_at_create = frozenset({"name", "username", "password"})
    lengths: ClassVar[Mapping[str, tuple[int, int]]] = {"name": (1, 64), "username": (3, 32)}
    clearable = False  # no key can be set to null
    # Fleet compatibility: records are matched by the SIP user name (the caller chooses it),
    # and a phone created from a record gets a password generated to these rules.
    natural_key = "username"
    password_policy = PasswordPolicy(
        min_length=MIN_PASSWORD, source="Example Phones API: sip_password, 10 characters or more"
    )

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        password = values.get("password")
        if password is not None and len(password) < MIN_PASSWORD:
            return {"password": f"must be at least {MIN_PASSWORD} characters"}
        return {}

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
