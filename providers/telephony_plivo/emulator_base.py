"""What the Plivo sandbox's parts share: accounts, HTTP Basic credentials, reply bodies.

Every request carries HTTP Basic credentials: an account's Auth ID and Auth Token (the main
sandbox account's, `credentials`, or a subaccount's own). Anything else is a 401. An account
acts on its own paths; the main account also on its subaccounts' (a 403 otherwise).
Replies carry an `api_id`, errors are `{"api_id", "error"}` (the reference's shape).
"""

import hmac
import itertools
import uuid
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from telephony_core.plivo_style import ApplicationBook
from telephony_core.sandbox import BadRequest, Emulator, EmuRequest, EmuResponse, json_response
from telephony_core.translate import parse_basic_auth

MAIN_ACCOUNT = "MA2025RK4E639VJFZAGV"  # the account of the reference's examples
SANDBOX_TOKEN = "sandbox-auth-token"
PAGE_LIMIT = 20


def reply(body: Mapping[str, Any], status: int = 200) -> EmuResponse:
    """A JSON reply with a fresh `api_id`."""
    return json_response({"api_id": str(uuid.uuid4()), **body}, status)


def error(status: int, message: str) -> BadRequest:
    """Plivo's error reply `{"api_id", "error"}`, raised from a handler."""
    return BadRequest(reply({"error": message}, status))


#: Where a new account's application ids start (the reference's create example's id).
FIRST_APP_ID = 20468599130939380


def new_account(
    auth_id: str, token: str, *, name: str, parent: str | None, created: str, enabled: bool = True
) -> dict[str, Any]:
    """An account record: its subaccount fields, its endpoints by id, its applications
    (`ApplicationBook`) and its numbers by their digits."""
    return {
        "auth_id": auth_id,
        "auth_token": token,
        "name": name,
        "enabled": enabled,
        "parent": parent,
        "created": created,
        "modified": None,
        "endpoints": {},
        "applications": ApplicationBook(first_id=FIRST_APP_ID),
        "numbers": {},
    }


class PlivoEmulatorBase(Emulator):
    """The base of each part of the Plivo sandbox. `clock` gives the day stamped on writes;
    new ids and username suffixes are numbered, so a fresh sandbox answers a script alike."""

    provider = "plivo"
    credentials: ClassVar[Mapping[str, str]] = {
        "auth_id": MAIN_ACCOUNT,
        "auth_token": SANDBOX_TOKEN,
    }

    def __init__(self) -> None:
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        super().__init__()

    def reset(self) -> None:
        super().reset()
        self.accounts: dict[str, dict[str, Any]] = {}
        self.subaccount_numbers: Iterator[int] = itertools.count(1)
        #: What Plivo appends to a new endpoint's username: 12 digits.
        self.username_suffixes: Iterator[int] = itertools.count(260101000001)

    def today(self) -> str:
        return self.clock().date().isoformat()

    def apps(self, auth_id: str) -> ApplicationBook:
        """The account's applications."""
        book: ApplicationBook = self.accounts[auth_id]["applications"]
        return book

    def caller(self, request: EmuRequest) -> str | None:
        """The account whose Basic credentials the request carries, or None."""
        pair = parse_basic_auth(request.headers.get("authorization"))
        account = self.accounts.get(pair[0]) if pair else None
        if pair is None or account is None:
            return None
        return pair[0] if hmac.compare_digest(account["auth_token"], pair[1]) else None

    def authorize(self, request: EmuRequest, params: Mapping[str, str]) -> EmuResponse | None:
        caller = self.caller(request)
        if caller is None:
            return reply({"error": "authentication failed"}, 401)
        target = self.accounts.get(params.get("auth_id", caller))
        if target is None or caller not in (target["auth_id"], target["parent"]):
            return reply({"error": "forbidden"}, 403)
        return None

    def not_found(self, request: EmuRequest) -> EmuResponse:
        return reply({"error": "not found"}, 404)

    def method_not_allowed(self, request: EmuRequest) -> EmuResponse:
        return reply({"error": "method not allowed"}, 405)

    @staticmethod
    def body(request: EmuRequest, allowed: frozenset[str]) -> dict[str, Any]:
        """The request's JSON object, holding only `allowed` keys (else a 400)."""
        body = request.json()
        if not isinstance(body, dict):
            raise error(400, "the body must be a JSON object")
        unknown = sorted(set(body) - allowed)
        if unknown:
            raise error(400, f"unexpected argument(s): {', '.join(unknown)}")
        return body
