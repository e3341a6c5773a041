"""Basic Phones: a small plugin for the conformance suite's own tests.

HTTP Basic authentication (`account:token`), phones read, created and listed a page at a time
(`GET /v1/phones?limit=&offset=` -> `{"items": [...], "next_offset": n | null}`). The emulator
seeds a single phone, as the first emulator of a new plugin often does. Written right, the
plugin passes the suite; the tests break it in one place each and expect the suite to say so.
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from telephony_core import hookimpl
from telephony_core.models import Device
from telephony_core.sandbox import Emulator, EmuRequest, EmuResponse, empty, json_response, route
from telephony_core.secret import Secret
from telephony_core.translate.auth import basic_auth
from telephony_core.translate.fieldmap import FieldMap, WireField
from telephony_core.translate.paging import Page
from telephony_core.translate.provider import Provider, Resource, Scope
from telephony_core.translate.settings import Setting
from telephony_core.translate.wire import Plan, build_path

NAME = "basicphones"
DEFAULT_PAGE = 50


class BasicPhones(Resource[Device]):
    """`client.devices` at Basic Phones."""

    model = Device
    fields = FieldMap(
        WireField("id", "id", update=False, create=False),
        WireField("name", "label"),
        WireField("username", "username", update=False),
    )
    operations = frozenset({"get", "list", "create"})
    natural_key = "username"  # chosen at create: fleet plans match phones by it

    def plan_get(self, id: str, scope: Scope) -> Plan[Device]:
        path = build_path("/v1/phones/{id}", id=id)
        response = yield from self.exchange(self.provider.request("GET", path), 200)
        return self.to_model(self.json_object(response), response)

    def plan_list(self, scope: Scope, cursor: Any, page_size: int | None) -> Plan[Page[Device]]:
        query = [("limit", page_size or DEFAULT_PAGE), ("offset", cursor or 0)]
        request = self.provider.request("GET", "/v1/phones", query=query)
        response = yield from self.exchange(request, 200)
        body = self.json_object(response)
        items, following = body.get("items"), body.get("next_offset")
        if not isinstance(items, list) or not isinstance(following, int | None):
            raise self.malformed(response, "expected 'items' and 'next_offset'")
        return Page(items=[self.to_model(item, response) for item in items], next=following)

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[Device]:
        request = self.provider.request("POST", "/v1/phones", json=self.fields.to_wire(values))
        response = yield from self.exchange(request, 201)
        return self.to_model(self.json_object(response), response)


class BasicProvider(Provider):
    """Basic Phones: `Authorization: Basic base64(account:token)`."""

    name = NAME
    default_base_url = "https://api.basicphones.example"
    settings = (
        Setting(name="account", env="BASICPHONES_ACCOUNT"),
        Setting(name="token", env="BASICPHONES_TOKEN", secret=True),
    )
    resource_types: ClassVar[Mapping[str, type[Resource[Any]]]] = {"devices": BasicPhones}

    def auth_headers(self) -> Mapping[str, str | Secret]:
        return basic_auth(self.setting("account"), self.secret("token"))


def _unauthorized() -> EmuResponse:
    return json_response({"error": "bad credentials"}, 401)


class BasicEmulator(Emulator):
    """In-memory Basic Phones, one phone seeded."""

    provider = NAME
    credentials: ClassVar[Mapping[str, str]] = {
        "account": "AC_sandbox",
        "token": "basic-sandbox-token",
    }
    examples: ClassVar[Mapping[str, str]] = {"devices": "ph_1"}
    samples: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "devices": {"name": "Lobby", "username": "lobby"}
    }

    def reset(self) -> None:
        self.phones: dict[str, dict[str, Any]] = {
            "ph_1": {"id": "ph_1", "label": "Reception", "username": "reception"}
        }

    def authorize(self, request: EmuRequest, params: Mapping[str, str]) -> EmuResponse | None:
        pair = f"{self.credentials['account']}:{self.credentials['token']}".encode()
        expected = "Basic " + base64.b64encode(pair).decode()
        given = request.headers.get("authorization", "")
        return None if hmac.compare_digest(given.encode(), expected.encode()) else _unauthorized()

    @route("GET", "/v1/phones")
    def list_phones(self, request: EmuRequest) -> EmuResponse:
        limit, offset = int(request.arg("limit") or DEFAULT_PAGE), int(request.arg("offset") or 0)
        phones = list(self.phones.values())
        following = offset + limit if offset + limit < len(phones) else None
        return json_response({"items": phones[offset : offset + limit], "next_offset": following})

    @route("POST", "/v1/phones")
    def create_phone(self, request: EmuRequest) -> EmuResponse:
        body = request.json()
        if not isinstance(body, dict) or not isinstance(body.get("label"), str):
            return json_response({"error": "label is required"}, 400)
        phone = {"id": f"ph_{len(self.phones) + 1}", "label": body["label"]}
        phone |= {"username": body["username"]} if "username" in body else {}
        self.phones[phone["id"]] = phone
        return json_response(phone, 201)

    @route("GET", "/v1/phones/{phone_id}")
    def get_phone(self, request: EmuRequest, phone_id: str) -> EmuResponse:
        phone = self.phones.get(phone_id)
        return json_response(phone) if phone else empty(404)


@hookimpl
def telephony_register_providers(register: Callable[[type[Provider]], None]) -> None:
    register(BasicProvider)


@hookimpl
def telephony_register_sandboxes(register: Callable[[type[Emulator]], None]) -> None:
    register(BasicEmulator)
