"""The Example Phones sandbox: phones kept in memory, answering as the vendor would.

Requests must carry `Authorization: Bearer <the sandbox key>` (`credentials`), else 401. Errors are `{"error": {"code", "message", "details"}}`.
"""

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from telephony_core.sandbox import (
    BadRequest,
    Emulator,
    EmuRequest,
    EmuResponse,
    json_response,
    route,
)

SEEDED: tuple[dict[str, Any], ...] = (
    {
        "id": "ph_1001",
        "label": "Reception",
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


def _error(status: int, code: str, message: str, **details: str) -> EmuResponse:
    error: dict[str, Any] = {"code": code, "message": message}
    if details:
        error["details"] = details
    return json_response({"error": error}, status)


def _problems(body: Mapping[str, Any]) -> dict[str, str]:
    """What the vendor refuses in a PATCH body, by key."""
    checks: dict[str, Callable[[Any], bool]] = {
        "label": lambda v: isinstance(v, str) and 1 <= len(v) <= 64,
        "sip_password": lambda v: isinstance(v, str) and len(v) >= 10,
        "transport": lambda v: v in TRANSPORTS,
        "auto_answer": lambda v: isinstance(v, bool),
    }
    problems = {key: "unknown field" for key in body if key not in checks}
    problems |= {
        key: "invalid value"
        for key, check in checks.items()
        if key in body and not check(body[key])
    }
    return problems


def _public(phone: Mapping[str, Any]) -> dict[str, Any]:
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
            "password": "Lobby-Passw0rd",
            "transport": "tls",
            "auto_answer": True,
        }
    }

    def reset(self) -> None:
        self.phones = {phone["id"]: dict(phone) for phone in SEEDED}

    def authorize(self, request: EmuRequest, params: Mapping[str, str]) -> EmuResponse | None:
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        if scheme != "Bearer" or key != self.credentials["api_key"]:
            return _error(401, "unauthorized", "Missing or invalid API key")
        return None

    def not_found(self, request: EmuRequest) -> EmuResponse:
        return _error(404, "not_found", "No such resource")

    def method_not_allowed(self, request: EmuRequest) -> EmuResponse:
        return _error(405, "method_not_allowed", "Method not allowed")

    def _phone(self, phone_id: str) -> dict[str, Any]:
        phone = self.phones.get(phone_id)
        if phone is None:
            raise BadRequest(_error(404, "not_found", f"No phone {phone_id}"))
        return phone

    @route("GET", "/v1/phones")
    def list_phones(self, request: EmuRequest) -> EmuResponse:
        try:
            limit = int(request.arg("limit") or 50)
        except ValueError:
            limit = 0
        if not 1 <= limit <= MAX_LIMIT:
            return _error(422, "invalid", "Invalid query", limit=f"must be 1 to {MAX_LIMIT}")
        ids = sorted(self.phones)
        cursor = request.arg("cursor")
        start = ids.index(cursor) if cursor in ids else 0
        page = ids[start : start + limit]
        following = ids[start + limit] if start + limit < len(ids) else None
        return json_response(
            {"data": [_public(self.phones[i]) for i in page], "next_cursor": following}
        )

    @route("GET", "/v1/phones/{phone_id}")
    def get_phone(self, request: EmuRequest, phone_id: str) -> EmuResponse:
        return json_response(_public(self._phone(phone_id)))

    @route("PATCH", "/v1/phones/{phone_id}")
    def update_phone(self, request: EmuRequest, phone_id: str) -> EmuResponse:
        phone = self._phone(phone_id)
        body = request.json()
        if not isinstance(body, dict):
            return _error(400, "bad_request", "The body must be a JSON object")
        problems = _problems(body)
        if problems:
            return _error(422, "invalid", "Invalid phone", **problems)
        phone.update(body)
        return json_response(_public(phone))
