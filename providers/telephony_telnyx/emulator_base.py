"""What every part of the Telnyx sandbox shares: accounts and their API keys, JSON:API error
lists, `{"data": ...}` replies, listings paged by `page[number]` and `page[size]`, request
bodies checked key by key, ids and ISO 8601 time stamps.

The sandbox account is reached with `SANDBOX_API_KEY`; each managed account it creates with
its own `api_key` (and sees only its own resources), refused once it is disabled. Anything
else is Telnyx's 401 (code 10009).
"""

import itertools
import secrets
import uuid
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

import attrs

from telephony_core.sandbox import (
    BadRequest,
    Emulator,
    EmuRequest,
    EmuResponse,
    NumberInventory,
    json_response,
)

API = "/v2"
SANDBOX_API_KEY = "KEY0SANDBOX0123456789ABCDEF_c2FuZGJveC10ZWxueXgta2V5"
SANDBOX_ACCOUNT = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
SANDBOX_EMAIL = "sandbox@example.com"
#: The IP connection of the OpenAPI's `Ip` example, which the sandbox account has.
SANDBOX_IP_CONNECTION = "3456789987654"
ERRORS_URL = "https://developers.telnyx.com/docs/overview/errors/"
MAX_PAGE_SIZE = 250
#: Telnyx's general error codes (https://developers.telnyx.com/development/api-fundamentals/api-errors).
MISSING_PARAMETER = "10004"
NOT_FOUND = "10005"
AUTHENTICATION_FAILED = "10009"
NOT_AUTHORIZED = "10010"
MISSING_ASSOCIATION = "10013"
BAD_REQUEST = "10015"
NOT_E164 = "10016"
TITLES = {
    MISSING_PARAMETER: "Missing required parameter",
    NOT_FOUND: "Resource not found",
    AUTHENTICATION_FAILED: "Authentication failed",
    NOT_AUTHORIZED: "Not authorized",
    MISSING_ASSOCIATION: "Missing association",
    BAD_REQUEST: "Bad Request",
    NOT_E164: "Phone number must be in +E.164 format",
}


def telnyx_error(
    status: int, code: str, detail: str, *, pointer: str | None = None, parameter: str | None = None
) -> EmuResponse:
    """Telnyx's error list: `{"errors": [{"code", "title", "detail", "source", "meta"}]}`."""
    error: dict[str, Any] = {"code": code, "title": TITLES[code], "detail": detail}
    if pointer is not None:
        error["source"] = {"pointer": pointer}
    elif parameter is not None:
        error["source"] = {"parameter": parameter}
    error["meta"] = {"url": ERRORS_URL + code}
    return json_response({"errors": [error]}, status)


def invalid(key: str, detail: str, code: str = BAD_REQUEST) -> BadRequest:
    """The 422 refusing body key `key` (its JSON pointer names it), raised from a handler."""
    return BadRequest(telnyx_error(422, code, detail, pointer="/" + key))


def not_found() -> BadRequest:
    """Telnyx's 404."""
    return BadRequest(
        telnyx_error(
            404, NOT_FOUND, "The requested resource or URL could not be found.", pointer="/"
        )
    )


def data(obj: Any, status: int = 200) -> EmuResponse:
    """A single-object reply."""
    return json_response({"data": obj}, status)


def iso(moment: datetime) -> str:
    """`2018-02-02T22:25:27.521Z`, as Telnyx writes time stamps."""
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def utc_now() -> datetime:
    """The current time, timezone-aware (the sandbox clock's default)."""
    return datetime.now(UTC)


#: What a body key must hold: a check and what the 422 says otherwise.
Check = tuple[Callable[[Any], bool], str]


def is_text(value: Any) -> bool:
    return isinstance(value, str)


def is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def one_of(*allowed: Any) -> Check:
    return (lambda value: value in allowed, f"must be one of {', '.join(map(str, allowed))}")


def is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://")) and " " not in value


def is_tags(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(tag, str) for tag in value)


TEXT: Check = (is_text, "must be a string")
BOOL: Check = (is_bool, "must be a boolean")
INT: Check = (is_int, "must be an integer")
URL: Check = (is_url, "must be a URL with a scheme, such as 'https'")
TAGS: Check = (is_tags, "must be a list of strings")
OBJECT: Check = (lambda value: isinstance(value, dict), "must be an object")


@attrs.define
class Account:
    """One Telnyx account's state: the sandbox account, or a managed account."""

    id: str
    email: str
    api_key: str
    enabled: bool = True
    credential_connections: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    ip_connections: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    ips: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    texml_applications: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    phone_numbers: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    number_orders: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    managed_accounts: dict[str, dict[str, Any]] = attrs.field(factory=dict)

    def connection(self, id: object) -> dict[str, Any] | None:
        """Any connection of the account (credential, IP, TeXML application) by id."""
        if not isinstance(id, str):
            return None
        for kind in (self.credential_connections, self.ip_connections, self.texml_applications):
            if id in kind:
                return kind[id]
        return None


class TelnyxEmulatorBase(Emulator):
    """The base of each part of the Telnyx sandbox.

    `clock` gives the time stamped on writes; tests may replace it. New ids are numbered, so
    a fresh sandbox answers a script the same way every time.
    """

    provider = "telnyx"
    credentials: ClassVar[Mapping[str, str]] = {
        "api_key": SANDBOX_API_KEY,
        "ip_connection": SANDBOX_IP_CONNECTION,
    }

    def __init__(self) -> None:
        self.clock: Callable[[], datetime] = utc_now
        super().__init__()

    def reset(self) -> None:
        super().reset()
        self.counter: Iterator[int] = itertools.count(1)
        self.accounts: dict[str, Account] = {}
        self.inventory = NumberInventory()
        self.add_account(Account(SANDBOX_ACCOUNT, SANDBOX_EMAIL, SANDBOX_API_KEY))

    def add_account(self, account: Account) -> Account:
        self.accounts[account.id] = account
        return account

    # Ids and time.
    def connection_id(self) -> str:
        """A new id of the int64 kind Telnyx gives connections and phone numbers."""
        return str(2_000_000_000_000_000_000 + next(self.counter))

    def uuid(self) -> str:
        """A new id of the uuid kind Telnyx gives accounts and orders."""
        return str(uuid.UUID(int=next(self.counter), version=4))

    def now(self) -> str:
        return iso(self.clock())

    @staticmethod
    def token(size: int = 16) -> str:
        return secrets.token_urlsafe(size)

    # Credentials.
    def caller(self, request: EmuRequest) -> Account | None:
        """The account whose API key the request's `Authorization: Bearer` carries."""
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        if scheme != "Bearer" or not key:
            return None
        for account in self.accounts.values():
            if secrets.compare_digest(account.api_key.encode(), key.encode()):
                return account
        return None

    def authorize(self, request: EmuRequest, params: Mapping[str, str]) -> EmuResponse | None:
        account = self.caller(request)
        if account is None:
            return telnyx_error(
                401, AUTHENTICATION_FAILED, "Could not understand the provided credentials."
            )
        if not account.enabled:
            return telnyx_error(
                403,
                NOT_AUTHORIZED,
                "You are not authorized to access the requested resource.",
                pointer="/",
            )
        return None

    def account(self, request: EmuRequest) -> Account:
        """The caller's account (authorize has checked it)."""
        account = self.caller(request)
        assert account is not None
        return account

    def not_found(self, request: EmuRequest) -> EmuResponse:
        return not_found().response

    def method_not_allowed(self, request: EmuRequest) -> EmuResponse:
        return telnyx_error(405, BAD_REQUEST, f"{request.method} is not allowed here", pointer="/")

    # Bodies.
    def body(
        self,
        request: EmuRequest,
        checks: Mapping[str, Check],
        required: tuple[str, ...] = (),
        missing_code: str = BAD_REQUEST,
    ) -> dict[str, Any]:
        """The JSON object of the request, each key checked: a key the operation does not
        take, a value of the wrong kind or a missing required key is a 422 naming it."""
        try:
            body = request.json() if request.body else {}
        except BadRequest:
            raise BadRequest(
                telnyx_error(
                    400,
                    BAD_REQUEST,
                    "The request failed because it was not well-formed.",
                    pointer="/",
                )
            ) from None
        if not isinstance(body, dict):
            raise invalid("", "The request body must be a JSON object")
        for key, value in body.items():
            check = checks.get(key)
            if check is None:
                raise invalid(key, f"{key} is not a parameter of this request")
            ok, message = check
            if value is not None and not ok(value):
                raise invalid(key, f"{key} {message}")
        for key in required:
            if body.get(key) in (None, ""):
                raise invalid(key, f"{key} can't be blank", missing_code)
        return body

    # Listings.
    def page(
        self, request: EmuRequest, items: list[dict[str, Any]], default_size: int = MAX_PAGE_SIZE
    ) -> EmuResponse:
        """One page of `items` (`page[number]`, `page[size]` 1..250) with its `meta`."""
        try:
            number = int(request.arg("page[number]") or 1)
            size = int(request.arg("page[size]") or default_size)
        except ValueError:
            raise BadRequest(
                telnyx_error(
                    400,
                    BAD_REQUEST,
                    "page[number] and page[size] must be integers",
                    parameter="page",
                )
            ) from None
        if number < 1 or not 1 <= size <= MAX_PAGE_SIZE:
            raise BadRequest(
                telnyx_error(
                    400,
                    BAD_REQUEST,
                    f"page[number] must be at least 1 and page[size] 1 to {MAX_PAGE_SIZE}",
                    parameter="page",
                )
            )
        total_pages = max(1, -(-len(items) // size))
        shown = items[(number - 1) * size : number * size]
        meta = {
            "total_pages": total_pages,
            "total_results": len(items),
            "page_number": number,
            "page_size": size,
        }
        return json_response({"data": shown, "meta": meta})

    @staticmethod
    def matching(request: EmuRequest, items: list[dict[str, Any]], **filters: str) -> list[Any]:
        """The items whose keys equal the `filter[...]` parameters named in `filters`
        (filter parameter -> item key)."""
        for parameter, key in filters.items():
            wanted = request.arg(f"filter[{parameter}]")
            if wanted is not None:
                items = [item for item in items if str(item.get(key)) == wanted]
        return items
