"""What the Plivo sandbox's parts share: accounts, HTTP Basic credentials, reply bodies.

Every request carries HTTP Basic credentials: an account's Auth ID and Auth Token (the main
sandbox account's, `credentials`, or a subaccount's own). Anything else is a 401. An account
acts on its own paths; the main account also on its subaccounts' (a 403 otherwise).
Replies carry an `api_id`, errors are `{"api_id", "error"}` (the reference's shape).

Any request may be made asynchronous with `callback_url` (and `callback_method`, `GET` or
`POST`, default `POST`) in its query or JSON body (Reference, "Asynchronous request"; the
SDK's endpoint calls take them): it is then carried out as without them, answered with the
generic `{"message": "async api spawned", "api_id"}` (202: the reference shows no status),
and the reply it would have had is kept in `callbacks` for the test to read. The sandbox makes
no outgoing request. Credentials are still checked first: a 401 is answered at once.
"""

import hmac
import itertools
import json
import uuid
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import attrs

from telephony_core.plivo_style import ApplicationBook
from telephony_core.sandbox import BadRequest, Emulator, EmuRequest, EmuResponse, json_response
from telephony_core.translate import parse_basic_auth

MAIN_ACCOUNT = "MA2025RK4E639VJFZAGV"  # the account of the reference's examples
SANDBOX_TOKEN = "sandbox-auth-token"
PAGE_LIMIT = 20
#: The arguments that make any Plivo request asynchronous.
CALLBACK_KEYS = ("callback_url", "callback_method")


@attrs.frozen
class Callback:
    """The reply an asynchronous request would have had, and where Plivo would send it."""

    url: str
    method: str
    status: int
    body: Any


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
        self.callbacks: list[Callback] = []
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

    def dispatch(self, request: EmuRequest) -> EmuResponse:
        """Answer one request; an asynchronous one as the module says."""
        body = _json_object(request.body)
        sent = {key: request.arg(key) or body.get(key) for key in CALLBACK_KEYS}
        if sent["callback_url"] is None and sent["callback_method"] is None:
            return super().dispatch(request)
        url, method = sent["callback_url"], sent["callback_method"] or "POST"
        if not _is_url(url) or method not in ("GET", "POST"):
            return reply({"error": "callback_url must be a URL, callback_method GET or POST"}, 400)
        kept = {key: value for key, value in body.items() if key not in CALLBACK_KEYS}
        synchronous = attrs.evolve(
            request,
            query={k: v for k, v in request.query.items() if k not in CALLBACK_KEYS},
            body=json.dumps(kept).encode() if kept or body else request.body,
        )
        answer = super().dispatch(synchronous)
        if answer.status == 401:
            return answer
        result = _json_object(answer.body) if answer.body else None
        with self.lock:
            self.callbacks.append(Callback(str(url), method, answer.status, result))
        return reply({"message": "async api spawned"}, 202)

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


def _json_object(body: bytes) -> dict[str, Any]:
    """`body` as a JSON object, or {} when it is none."""
    try:
        parsed = json.loads(body) if body else None
    except (ValueError, RecursionError):  # not JSON, or nested too deeply
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _is_url(value: object) -> bool:
    """An absolute http(s) URL with a host."""
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)
