"""What every part of the Twilio sandbox shares: accounts, HTTP Basic credentials, error
bodies, form bodies, paged listings, SIDs and RFC 2822 dates.

The sandbox account `ACaaaa...` (the SID of the reference's examples) is reached with its
auth token, or with the sandbox API key and secret; each subaccount with its own SID and auth
token too. The parent's credentials reach its subaccounts' resources; a subaccount's reach
only its own (as the reference says). Anything else is Twilio's 401 (code 20003).
"""

import itertools
import secrets
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlencode

from telephony_core.sandbox import BadRequest, Emulator, EmuRequest, EmuResponse, json_response
from telephony_core.translate import parse_basic_auth
from telephony_twilio import sids

API = "/2010-04-01"
SANDBOX_ACCOUNT = sids.ACCOUNT + "a" * 32
SANDBOX_AUTH_TOKEN = "sandbox-auth-token-0123456789"
SANDBOX_API_KEY = sids.API_KEY + "a" * 32
SANDBOX_API_SECRET = "sandbox-api-secret-0123456789"
SANDBOX_CREDENTIAL_LIST = sids.CREDENTIAL_LIST + "a" * 32
SANDBOX_IP_ACCESS_CONTROL_LIST = sids.IP_ACCESS_CONTROL_LIST + "a" * 32
ERRORS_URL = "https://www.twilio.com/docs/errors/"
#: Twilio's codes for what the sandbox refuses: authentication, not found, method not allowed,
#: a missing or invalid parameter (the sandbox uses Twilio's generic 20001 for every
#: parameter it refuses: see docs/twilio.md), and a closed subaccount's status.
AUTHENTICATE = 20003
NOT_FOUND = 20404
METHOD_NOT_ALLOWED = 20004
FORBIDDEN = 20403
INVALID_PARAMETER = 20001
SUBACCOUNT_CLOSED = 21479
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 50


def twilio_error(status: int, code: int, message: str) -> EmuResponse:
    """Twilio's error body: `{"code", "message", "more_info", "status"}`."""
    return json_response(
        {"code": code, "message": message, "more_info": f"{ERRORS_URL}{code}", "status": status},
        status,
    )


def invalid(message: str, code: int = INVALID_PARAMETER) -> BadRequest:
    """A 400 refusing a parameter, raised from a handler."""
    return BadRequest(twilio_error(400, code, message))


def not_found(path: str) -> BadRequest:
    """Twilio's 404 for a resource that does not exist (or a SID of the wrong form)."""
    return BadRequest(twilio_error(404, NOT_FOUND, f"The requested resource {path} was not found"))


def rfc2822(moment: datetime) -> str:
    """`Wed, 19 Aug 2015 19:48:45 +0000`, as Twilio writes dates."""
    return format_datetime(moment.astimezone(UTC))


def utc_now() -> datetime:
    """The current time, timezone-aware (the sandbox clock's default)."""
    return datetime.now(UTC)


def new_account(sid: str, owner: str, friendly_name: str, created: str) -> dict[str, Any]:
    """An account record: the reply fields, plus its SIP lists (by SID)."""
    return {
        "sid": sid,
        "owner_account_sid": owner,
        "friendly_name": friendly_name,
        "status": "active",
        "type": "Full",
        "auth_token": secrets.token_hex(16),
        "date_created": created,
        "date_updated": created,
        "credential_lists": {},
        "ip_access_control_lists": {},
    }


class TwilioEmulatorBase(Emulator):
    """The base of each part of the Twilio sandbox (SIP lists, accounts).

    `clock` gives the time stamped on writes; tests may replace it. New SIDs are numbered
    (`CR` + 32 hex digits counting from 1), so a fresh sandbox answers a script the same way
    every time.
    """

    provider = "twilio"
    credentials: ClassVar[Mapping[str, str]] = {
        "account_sid": SANDBOX_ACCOUNT,
        "auth_token": SANDBOX_AUTH_TOKEN,
        "credential_list": SANDBOX_CREDENTIAL_LIST,
        "ip_access_control_list": SANDBOX_IP_ACCESS_CONTROL_LIST,
    }

    def __init__(self) -> None:
        self.clock: Callable[[], datetime] = utc_now
        super().__init__()

    def reset(self) -> None:
        super().reset()
        self.counter: Iterator[int] = itertools.count(1)
        self.accounts: dict[str, dict[str, Any]] = {}

    def account_closed(self, account_sid: str) -> None:
        """What happens to an account's resources when it is closed (each part of the
        sandbox adds its own: Twilio releases a closed subaccount's numbers)."""

    def new_sid(self, prefix: str) -> str:
        return f"{prefix}{next(self.counter):032x}"

    def now(self) -> str:
        return rfc2822(self.clock())

    # Credentials.

    def caller(self, request: EmuRequest) -> str | None:
        """The account the request's Basic credentials belong to, or None."""
        pair = parse_basic_auth(request.headers.get("authorization"))
        if pair is None:
            return None
        user, password = pair
        if (user, password) == (SANDBOX_API_KEY, SANDBOX_API_SECRET):
            return SANDBOX_ACCOUNT
        account = self.accounts.get(user)
        if account is not None and secrets.compare_digest(account["auth_token"], password):
            return user
        return None

    def may_act_for(self, caller: str, account_sid: str) -> bool:
        """An account acts for itself; a parent also for its subaccounts."""
        account = self.accounts.get(account_sid)
        return caller == account_sid or (
            account is not None and account["owner_account_sid"] == caller
        )

    def authorize(self, request: EmuRequest, params: Mapping[str, str]) -> EmuResponse | None:
        caller = self.caller(request)
        if caller is None:
            return twilio_error(401, AUTHENTICATE, "Authenticate")
        account_sid = params.get("account_sid", caller)
        if account_sid in self.accounts and not self.may_act_for(caller, account_sid):
            return twilio_error(403, FORBIDDEN, "Forbidden: not your account")
        return None

    def not_found(self, request: EmuRequest) -> EmuResponse:
        return twilio_error(404, NOT_FOUND, f"The requested resource {request.path} was not found")

    def method_not_allowed(self, request: EmuRequest) -> EmuResponse:
        return twilio_error(405, METHOD_NOT_ALLOWED, "Method not allowed")

    # Lookups.

    def account(self, request: EmuRequest, account_sid: str) -> dict[str, Any]:
        """The account of the path, or Twilio's 404."""
        account = self.accounts.get(account_sid)
        if account is None:
            raise not_found(request.path)
        return account

    @staticmethod
    def form(request: EmuRequest) -> dict[str, str]:
        """The form-encoded body (first value of each key)."""
        return dict(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))

    # Listings.

    def page(
        self,
        request: EmuRequest,
        items_key: str,
        items: list[dict[str, Any]],
        filters: Mapping[str, str] | None = None,
    ) -> EmuResponse:
        """One page of `items` as Twilio lists them (`PageSize`, `Page`, `PageToken`;
        `next_page_uri` relative to the API root, null on the last page)."""
        try:
            size = int(request.arg("PageSize") or DEFAULT_PAGE_SIZE)
            number = int(request.arg("Page") or 0)
        except ValueError:
            raise invalid("PageSize and Page must be integers") from None
        if not 1 <= size <= MAX_PAGE_SIZE or number < 0:
            raise invalid(f"PageSize must be 1 to {MAX_PAGE_SIZE}, Page not negative")
        start = number * size
        token = request.arg("PageToken")
        sids_in_order = [item["sid"] for item in items]
        if token and token.removeprefix("PA") in sids_in_order:
            start = sids_in_order.index(token.removeprefix("PA")) + 1
        shown = items[start : start + size]
        kept = dict(filters or {})

        def uri(page: int, **more: str) -> str:
            return f"{request.path}?{urlencode({**kept, 'PageSize': size, 'Page': page, **more})}"

        following = None
        if start + size < len(items):
            following = uri(number + 1, PageToken="PA" + shown[-1]["sid"])
        return json_response(
            {
                items_key: shown,
                "end": start + max(len(shown) - 1, 0),
                "first_page_uri": uri(0),
                "next_page_uri": following,
                "page": number,
                "page_size": size,
                "previous_page_uri": uri(number - 1) if number else None,
                "start": start,
                "uri": uri(number, **({"PageToken": token} if token else {})),
            }
        )
