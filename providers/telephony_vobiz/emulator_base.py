"""What every part of the Vobiz sandbox shares: credentials, authorization and a clock.

As at Vobiz, a request without `X-Auth-ID` and the matching `X-Auth-Token` is a 401, and one
for another account than the credentials' is a 403. Any account id is accepted (its state is
seeded on first use); every sandbox account's token is the sandbox token (`credentials`),
and a sub-account may also authenticate as itself with its own `auth_token`.
"""

import hmac
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from telephony_core.sandbox import BadRequest, Emulator, EmuRequest, EmuResponse, json_response


def invalid_parameters(details: Mapping[str, str]) -> BadRequest:
    """The Vobiz 400 `{"error": "invalid request parameters", "details": {field: message}}`."""
    return BadRequest(
        json_response({"error": "invalid request parameters", "details": dict(details)}, 400)
    )


def utc_now() -> datetime:
    """The current time, timezone-aware (the sandbox clock's default)."""
    return datetime.now(UTC)


class VobizEmulatorBase(Emulator):
    """The base of each Vobiz sandbox part (one per resource).

    `clock` gives the time stamped on writes (`created_at`, `updated_at`); tests may
    replace it to reproduce a documented reply exactly.
    """

    provider = "vobiz"
    credentials: ClassVar[Mapping[str, str]] = {
        "auth_id": "MA_SANDBOX",
        "auth_token": "sandbox-token",
    }

    def __init__(self) -> None:
        self.clock: Callable[[], datetime] = utc_now
        super().__init__()

    def authorize(self, request: EmuRequest, params: Mapping[str, str]) -> EmuResponse | None:
        auth_id = request.headers.get("x-auth-id")
        token = request.headers.get("x-auth-token")
        if not auth_id or not token:
            return json_response({"error": "authentication credentials were not provided"}, 401)
        if not self.accepts(auth_id, token):
            return json_response({"error": "invalid authentication credentials"}, 401)
        if params.get("auth_id") not in (None, auth_id):
            return json_response({"error": "you do not have permission for this account"}, 403)
        return None

    def now(self) -> str:
        """The sandbox clock's time as the vendor writes it (`2025-10-28T10:30:00Z`)."""
        return self.clock().strftime("%Y-%m-%dT%H:%M:%SZ")

    def accepts(self, auth_id: str, token: str) -> bool:
        """Whether `token` is the auth token of account `auth_id` in the sandbox."""
        return hmac.compare_digest(token.encode(), self.credentials["auth_token"].encode())

    @staticmethod
    def body_object(request: EmuRequest, invalid: Callable[[str], Exception]) -> dict[str, Any]:
        """The request's JSON object; `invalid(message)` is raised for anything else."""
        body = request.json()
        if not isinstance(body, dict):
            raise invalid("Expected a JSON object")
        return body
