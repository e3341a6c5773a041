"""The Example Phones sandbox: phones kept in memory, answering as the vendor would.

Requests must carry `Authorization: Bearer <the sandbox key>` (`credentials`), else 401.
Errors are `{"error": {"code", "message", "details"}}`.
"""

import itertools
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from telephony_core.sandbox import (
    BadRequest,
    Emulator,
    EmuRequest,
    EmuResponse,
    empty,
    json_response,
    route,
)

SEEDED: tuple[dict[str, Any], ...] = (
    {
        "id": "ph_1001",
        "label": "Reception",
        "sip_username": "reception",
        "sip_password": "Reception-Passw0rd",
        "transport": "UDP",
        "auto_answer": False,
        "status": "online",
        "sip_uri": "sip:ph_1001@sip.example.net",
        "firmware": "4.2.1",
    },
    {
        "id": "ph_1002",
        "label": "Conference room",
        "sip_username": "conference",
        "sip_password": "Conference-Passw0rd",
        "transport": "TLS",
        "auto_answer": True,
        "status": "offline",
        "sip_uri": "sip:ph_1002@sip.example.net",
        "firmware": "4.1.0",
    },
)
TRANSPORTS = ("UDP", "TCP", "TLS")
MAX_LIMIT = 100
#: What the vendor checks in a phone's keys.
CHECKS: Mapping[str, Callable[[Any], bool]] = {
    "label": lambda v: isinstance(v, str) and 1 <= len(v) <= 64,
    "sip_username": lambda v: isinstance(v, str) and 3 <= len(v) <= 32,
    "sip_password": lambda v: isinstance(v, str) and len(v) >= 10,
    "transport": lambda v: v in TRANSPORTS,
    "auto_answer": lambda v: isinstance(v, bool),
}


def error(status: int, code: str, message: str, **details: str) -> EmuResponse:
    """The vendor's error reply."""
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = details
    return json_response({"error": body}, status)


def checked(
    request: EmuRequest, required: tuple[str, ...] = (), fixed: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The request's JSON object, or the vendor's 400 / 422 (raised as `BadRequest`):
    `required` keys must be there, `fixed` ones (set at create only) must not."""
    body = request.json()  # not JSON: BadRequest with a 400 already
    if not isinstance(body, dict):
        raise BadRequest(error(400, "bad_request", "The body must be a JSON object"))
    problems = {key: "unknown field" for key in body if key not in CHECKS}
    problems |= {
        key: "invalid value" for key, ok in CHECKS.items() if key in body and not ok(body[key])
    }
    problems |= {key: "required" for key in required if key not in body}
    problems |= {key: "cannot be changed" for key in fixed if key in body}
    if problems:
        raise BadRequest(error(422, "invalid", "Invalid phone", **problems))
    return body


def public(phone: Mapping[str, Any]) -> dict[str, Any]:
    """A phone as the API shows it: never its password."""
    return {key: value for key, value in phone.items() if key != "sip_password"}


class ExampleEmulator(Emulator):
    """In-memory Example Phones."""

    provider = "example"
    credentials: ClassVar[Mapping[str, str]] = {"api_key": "ek_sandbox"}
    examples: ClassVar[Mapping[str, str]] = {"devices": "ph_1001"}
    #: What the conformance suite sends: one valid value per settable field, each different
    #: from the example phone's.
    samples: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "devices": {
            "name": "Lobby",
            "username": "lobby",
            "password": "Lobby-Passw0rd",
            "transport": "tls",
            "auto_answer": True,
        }
    }

    def reset(self) -> None:
        self.phones = {phone["id"]: dict(phone) for phone in SEEDED}
        self.numbers = itertools.count(1003)

    def authorize(self, request: EmuRequest, params: Mapping[str, str]) -> EmuResponse | None:
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        if scheme != "Bearer" or key != self.credentials["api_key"]:
            return error(401, "unauthorized", "Missing or invalid API key")
        return None

    def not_found(self, request: EmuRequest) -> EmuResponse:
        return error(404, "not_found", "No such resource")

    def method_not_allowed(self, request: EmuRequest) -> EmuResponse:
        return error(405, "method_not_allowed", "Method not allowed")

    def phone(self, phone_id: str) -> dict[str, Any]:
        """The phone, or the vendor's 404 (raised as `BadRequest`)."""
        found = self.phones.get(phone_id)
        if found is None:
            raise BadRequest(error(404, "not_found", f"No phone {phone_id}"))
        return found

    @route("GET", "/v1/phones")
    def list_phones(self, request: EmuRequest) -> EmuResponse:
        try:
            limit = int(request.arg("limit") or 50)
        except ValueError:
            limit = 0
        if not 1 <= limit <= MAX_LIMIT:
            return error(422, "invalid", "Invalid query", limit=f"must be 1 to {MAX_LIMIT}")
        ids = sorted(self.phones)
        cursor = request.arg("cursor")
        start = ids.index(cursor) if cursor in ids else 0
        page = ids[start : start + limit]
        following = ids[start + limit] if start + limit < len(ids) else None
        return json_response(
            {"data": [public(self.phones[i]) for i in page], "next_cursor": following}
        )

    @route("POST", "/v1/phones")
    def create_phone(self, request: EmuRequest) -> EmuResponse:
        body = checked(request, required=("label", "sip_username", "sip_password"))
        taken = [p for p in self.phones.values() if p["sip_username"] == body["sip_username"]]
        if taken:
            return error(409, "conflict", f"The SIP username {body['sip_username']} is taken")
        phone_id = f"ph_{next(self.numbers)}"
        self.phones[phone_id] = {
            "id": phone_id,
            "transport": "UDP",
            "auto_answer": False,
            **body,
            "status": "offline",
            "sip_uri": f"sip:{phone_id}@sip.example.net",
            "firmware": "4.2.1",
        }
        return json_response(public(self.phones[phone_id]), 201)

    @route("GET", "/v1/phones/{phone_id}")
    def get_phone(self, request: EmuRequest, phone_id: str) -> EmuResponse:
        return json_response(public(self.phone(phone_id)))

    @route("PATCH", "/v1/phones/{phone_id}")
    def update_phone(self, request: EmuRequest, phone_id: str) -> EmuResponse:
        phone = self.phone(phone_id)
        phone.update(checked(request, fixed=("sip_username",)))
        return json_response(public(phone))

    @route("DELETE", "/v1/phones/{phone_id}")
    def delete_phone(self, request: EmuRequest, phone_id: str) -> EmuResponse:
        del self.phones[self.phone(phone_id)["id"]]
        return empty(204)
