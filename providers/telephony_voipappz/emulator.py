"""The voipappz sandbox: users, extensions and agent states, kept in memory.

Requests must carry `Authorization: Bearer <the sandbox token>` (`credentials`), as the
vendor's clients send it; anything else is a 401. Parameters are read from the query string and from an
`application/x-www-form-urlencoded` body alike (the body wins, as in Rack). A sandbox client
connects to `SANDBOX_BASE_URL`, a host that never resolves: requests stay in-process.
"""

import hmac
import uuid
from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core.sandbox import (
    BadRequest,
    Emulator,
    EmuRequest,
    EmuResponse,
    Sample,
    json_response,
    route,
)

SANDBOX_BASE_URL = "https://voipappz.sandbox.invalid"
STATES = ("logged_out", "available", "available_on_demand", "on_break")
MAX_PER_PAGE = 100
FORM = "application/x-www-form-urlencoded"
_PROFILE_KEYS = ("name", "email", "password", "enabled")

#: Seeded data: the user and extension of the vendor's documented example, and one more each.
DOCUMENTED_USER = "5d249180-a0e7-4ef0-8e50-95d822dca45d"
DOCUMENTED_EXTENSION = "b773227d-ae9a-4d86-8273-d08915c27686"
SECOND_USER = "3f0c5a8e-6b1d-4c2f-9a7e-2d8b4e6f1a90"
SECOND_EXTENSION = "c2a7f0e4-1b3d-4e5f-8a9b-0c1d2e3f4a5b"


def _error(status: int, code: str, message: str) -> EmuResponse:
    return json_response({"id": code, "message": message}, status)


def _not_acceptable(message: str) -> BadRequest:
    return BadRequest(_error(406, "not_acceptable", message))


def _record(user_id: str, **fields: Any) -> dict[str, Any]:
    """A new user: logged out, no extension, enabled unless said otherwise."""
    return {
        "uuid": user_id,
        "name": fields["name"],
        "email": fields["email"],
        "extension_uuid": fields.get("extension_uuid"),
        "status": fields.get("status", "logged_out"),
        "status_name": None,
        "enabled": True,
        "password": None,
    }


def _public(user: Mapping[str, Any]) -> dict[str, Any]:
    """A user as the API returns it (never the password)."""
    return {k: v for k, v in user.items() if k != "password"}


class VoipappzEmulator(Emulator):
    """In-memory voipappz users API (profile, extension and status actions)."""

    provider = "voipappz"
    credentials: ClassVar[Mapping[str, str]] = {
        "base_url": SANDBOX_BASE_URL,
        "token": "sandbox-token",
    }
    examples: ClassVar[Mapping[str, str]] = {"agents": DOCUMENTED_USER}
    unknown_ids: ClassVar[Mapping[str, str]] = {"agents": "00000000-0000-4000-8000-000000000000"}
    samples: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "agents": {
            "name": "Alex M. Morgan",
            "email": "alex.m.morgan@example.com",
            "extension_id": DOCUMENTED_EXTENSION,
            "state": "on_break",
            # The break reason is sent with the state (the status action's `name`).
            "state_reason": Sample("Lunch", requires={"state": "on_break"}),
            "extra.enabled": False,
            "extra.password": "Agent-Passw0rd-2026",
        }
    }

    def reset(self) -> None:
        self.extensions: dict[str, dict[str, str]] = {
            DOCUMENTED_EXTENSION: {"uuid": DOCUMENTED_EXTENSION, "number": "1001"},
            SECOND_EXTENSION: {"uuid": SECOND_EXTENSION, "number": "1002"},
        }
        self.users: dict[str, dict[str, Any]] = {}
        self._add(DOCUMENTED_USER, name="Alex Morgan", email="alex.morgan@example.com")
        self._add(
            SECOND_USER,
            name="Sam Lee",
            email="sam.lee@example.com",
            extension_uuid=SECOND_EXTENSION,
            status="available",
        )

    def _add(self, user_id: str, **fields: Any) -> None:
        self.users[user_id] = _record(user_id, **fields)

    def authorize(self, request: EmuRequest, params: Mapping[str, str]) -> EmuResponse | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        expected = self.credentials["token"].encode()
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.encode(), expected):
            return _error(401, "unauthorized", "Authorization token is missing or invalid")
        return None

    def not_found(self, request: EmuRequest) -> EmuResponse:
        return _error(404, "not_found", "Not found")

    def method_not_allowed(self, request: EmuRequest) -> EmuResponse:
        return _error(405, "method_not_allowed", "Method not allowed")

    def _params(self, request: EmuRequest) -> dict[str, str]:
        params = {k: v[0] for k, v in request.query.items()}
        if request.body:
            if request.headers.get("content-type", "").split(";")[0].strip() != FORM:
                raise _not_acceptable(f"parameters must be sent as {FORM}")
            params.update(request.form())
        return params

    def _user(self, user_id: str) -> dict[str, Any]:
        user = self.users.get(user_id)
        if user is None:
            raise BadRequest(_error(404, "not_found", "User not found"))
        return user

    def _profile(self, params: Mapping[str, str], user: dict[str, Any]) -> None:
        unknown = sorted(set(params) - set(_PROFILE_KEYS))
        if unknown:
            raise _not_acceptable(f"unknown parameter: {', '.join(unknown)}")
        for key in ("name", "email"):
            if key in params and not params[key].strip():
                raise _not_acceptable(f"{key} must not be blank")
        if "enabled" in params:
            if params["enabled"] not in ("true", "false"):
                raise _not_acceptable("enabled must be true or false")
            user["enabled"] = params["enabled"] == "true"
        user.update({k: params[k] for k in ("name", "email", "password") if k in params})

    @route("GET", "/api/users")
    def list_users(self, request: EmuRequest) -> EmuResponse:
        params = self._params(request)
        try:
            page = int(params.get("page", "1"))
            per_page = min(int(params.get("per_page", "25")), MAX_PER_PAGE)
        except ValueError:
            raise _not_acceptable("page and per_page must be integers") from None
        if page < 1 or per_page < 1:
            raise _not_acceptable("page and per_page must be positive")
        users = list(self.users.values())
        chunk = users[(page - 1) * per_page : page * per_page]
        return json_response([_public(u) for u in chunk], headers={"X-Total": str(len(users))})

    @route("POST", "/api/users")
    def create_user(self, request: EmuRequest) -> EmuResponse:
        params = self._params(request)
        for key in ("name", "email"):
            if not params.get(key, "").strip():
                raise _not_acceptable(f"{key} is required")
        user = _record(str(uuid.uuid4()), name="", email="")
        self._profile(params, user)
        self.users[user["uuid"]] = user
        return json_response(_public(user), 201)

    @route("GET", "/api/users/{user_id}")
    def get_user(self, request: EmuRequest, user_id: str) -> EmuResponse:
        return json_response(_public(self._user(user_id)))

    @route("PATCH", "/api/users/{user_id}")
    def patch_user(self, request: EmuRequest, user_id: str) -> EmuResponse:
        user = self._user(user_id)
        params = self._params(request)
        action = params.pop("action", None)
        if action is None:
            if not params:
                raise _not_acceptable("nothing to update")
            self._profile(params, user)
            return json_response(_public(user))
        if action == "extension":
            extension = params.get("extension_uuid")
            if extension not in self.extensions:
                raise _not_acceptable("extension_uuid: no such extension")
            user["extension_uuid"] = extension
            return json_response({})
        if action == "status":
            state = params.get("type")
            if state not in STATES:
                raise _not_acceptable(f"type must be one of {', '.join(STATES)}")
            user["status"] = state
            user["status_name"] = params.get("name") or None
            return json_response(_public(user))
        raise _not_acceptable(f"unknown action: {action}")
