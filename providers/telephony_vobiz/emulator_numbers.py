"""The Vobiz sandbox's phone numbers: the account's numbers, the inventory, purchase and
release, and what a number is attached to.

Paths are accepted in both casings the vendor's documents use (`account` and `Account`).
- `GET .../numbers?page=&per_page=&search=`: the account's numbers, newest documented shape;
  `search` keeps those whose E.164 contains it;
- `GET .../inventory/numbers?country=&search=&page=&per_page=`: the unbounded inventory
  (`NumberInventory`), numbers nobody holds; as it has no end, `total` counts up to the next
  page while there is one;
- `POST .../numbers/purchase-from-inventory {"e164"}`: any valid number nobody holds (404
  otherwise, as for a number not in inventory); the account's `default_number_app` is attached;
- `DELETE .../numbers/{e164}`: 204; a number the account does not hold is a 403 (the `+` as
  `%2B`, or the digits alone as the newest page writes them);
- `POST`/`DELETE .../numbers/{e164}/application` and `.../assign`: attach to an application
  of the account (re-attaching re-points; an unknown application or number is a 404) or a
  known SIP trunk, and detach; a raw `+` in these paths does not match (404): it must be
  `%2B`. The two are kept apart, as the vendor shows both.
Seeded, for the sandbox account: two numbers of the documented examples, one attached to an
application and one to a trunk, and two trunk ids.
"""

import itertools
import re
import uuid
from collections.abc import Iterator
from typing import Any

from telephony_core.sandbox import (
    BadRequest,
    EmuRequest,
    EmuResponse,
    NumberInventory,
    empty,
    json_response,
    route,
)
from telephony_vobiz.emulator_applications import ApplicationEmulator
from telephony_vobiz.emulator_base import invalid_parameters

SANDBOX_ACCOUNT = "MA_SANDBOX"
#: SIP trunks (trunk groups) numbers may be assigned to.
TRUNKS = ("e3e55a78-1234-5678-90ab-cdef12345678", "aabbccdd-1234-5678-90ab-cdef12345678")
#: The sandbox account's numbers: E.164 -> region, application, trunk.
SEEDED_NUMBERS = {
    "+918071387149": ("Karnataka", "12345678", None),
    "+912271263984": ("Mumbai", None, TRUNKS[0]),
}
SEEDED_AT = "2025-10-22T05:04:09Z"
DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
#: Inventory candidates a `search` may skip in a row before the listing ends.
MAX_MISSES = 100_000
#: What every number costs in the sandbox (the documented list example's fees).
FEES = {"setup_fee": 100, "monthly_fee": 500, "currency": "INR"}
_CASINGS = ("account", "Account")
#: What the purchase reply's number leaves out, and what its `items` summary holds
#: (Purchase from Inventory's example): a new number is routed nowhere and billed from now.
_NOT_IN_PURCHASE = frozenset(
    {"application_id", "trunk_group_id", "last_billing_date", "next_billing_date", "released_at"}
)
_PURCHASE_SUMMARY = (
    "id",
    "account_id",
    "e164",
    "country",
    "region",
    "capabilities",
    "status",
    "monthly_fee",
    "currency",
)
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")


def _number_id(number: str) -> str:
    """A stable uuid for a number (the vendor's `id` of a number record)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"vobiz:{number}"))


def _matching(numbers: Iterator[str], search: str | None) -> Iterator[str]:
    """The numbers whose E.164 contains `search` (all without one), ending after
    `MAX_MISSES` candidates in a row that do not."""
    misses = 0
    for number in numbers:
        if search is None or search in number:
            misses = 0
            yield number
        else:
            misses += 1
            if misses > MAX_MISSES:
                return


class NumberEmulator(ApplicationEmulator):
    """In-memory Vobiz numbers, per account, over one inventory for every account."""

    def reset(self) -> None:
        super().reset()
        self.inventory = NumberInventory()
        self.numbers: dict[str, dict[str, dict[str, Any]]] = {}
        self.held(SANDBOX_ACCOUNT)  # its numbers are held from the start, for every account

    def held(self, auth_id: str) -> dict[str, dict[str, Any]]:
        """The account's numbers by E.164 (the sandbox account's seeded on first use)."""
        if auth_id not in self.numbers:
            self.numbers[auth_id] = {}
            if auth_id == SANDBOX_ACCOUNT:
                for number, (region, app_id, trunk) in SEEDED_NUMBERS.items():
                    record = self._add(auth_id, number, now=SEEDED_AT, region=region)
                    record.update(application_id=app_id, trunk_group_id=trunk)
        return self.numbers[auth_id]

    def attached_numbers(self, auth_id: str, app_id: str) -> list[str]:
        return [n for n, r in self.held(auth_id).items() if r["application_id"] == app_id]

    def _add(
        self, auth_id: str, number: str, *, now: str, region: str | None = None
    ) -> dict[str, Any]:
        self.inventory.hold(number, auth_id)
        record = {
            "id": _number_id(number),
            "account_id": auth_id,
            "e164": number,
            "country": self.inventory.country(number),
            "region": region,
            "capabilities": {"voice": True, "sms": False, "mms": False, "fax": False},
            "status": "active",
            "provider": "",
            **FEES,
            "application_id": None,
            "trunk_group_id": None,
            "voice_enabled": True,
            "tags": [],
            "purchased_at": now,
            "is_blocked": False,
            "created_at": now,
            "updated_at": now,
            "is_trial_number": False,
            "last_billing_date": now,
            "next_billing_date": None,
            "minimum_commitment_months": 0,
            "aadhaar_verification_required": False,
            "aadhaar_verified": False,
            "source": "inventory",
            "released_at": None,
        }
        self.held(auth_id)[number] = record
        return record

    @staticmethod
    def _casing(account: str) -> None:
        if account not in _CASINGS:
            raise BadRequest(json_response({"error": "not found"}, 404))

    @staticmethod
    def _paging(request: EmuRequest) -> tuple[int, int]:
        try:
            page = int(request.arg("page") or 1)
            per_page = int(request.arg("per_page") or DEFAULT_PER_PAGE)
        except ValueError:
            raise invalid_parameters({"page": "Must be an integer"}) from None
        if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
            raise invalid_parameters({"per_page": f"Must be 1 to {MAX_PER_PAGE}; page from 1"})
        return page, per_page

    def _number(self, auth_id: str, raw: str, decoded: str, *, encoded: bool) -> dict[str, Any]:
        """The account's number named by a path segment (`raw` as sent, `decoded` unquoted):
        `%2B` and digits, or (`encoded=False`) the digits alone too; a 404 otherwise."""
        if encoded and not raw.upper().startswith("%2B"):
            raise BadRequest(json_response({"error": "number not found", "number": decoded}, 404))
        number = decoded if decoded.startswith("+") else "+" + decoded
        record = self.held(auth_id).get(number)
        if record is None:
            raise BadRequest(json_response({"error": "number not found", "number": number}, 404))
        return record

    @staticmethod
    def _raw_segment(request: EmuRequest, index: int) -> str:
        return request.path.split("/")[index]

    @route("GET", "/api/v1/{account}/{auth_id}/numbers")
    def list_numbers(self, request: EmuRequest, account: str, auth_id: str) -> EmuResponse:
        self._casing(account)
        page, per_page = self._paging(request)
        search = request.arg("search")
        numbers = [r for n, r in self.held(auth_id).items() if not search or search in n]
        start = (page - 1) * per_page
        items = numbers[start : start + per_page]
        return json_response(
            {"items": items, "page": page, "per_page": per_page, "total": len(numbers)}
        )

    @route("GET", "/api/v1/{account}/{auth_id}/inventory/numbers")
    def list_inventory(self, request: EmuRequest, account: str, auth_id: str) -> EmuResponse:
        self._casing(account)
        page, per_page = self._paging(request)
        country = (request.arg("country") or "").upper()
        countries = [country] if country else self.inventory.countries()
        offers = (self.inventory.offers(c) for c in countries)
        stream = (n for group in itertools.zip_longest(*offers) for n in group if n)
        found = list(
            itertools.islice(
                _matching(stream, request.arg("search")), (page - 1) * per_page, page * per_page + 1
            )
        )
        items = [self._offer(number) for number in found[:per_page]]
        more = len(found) > per_page
        total = (page - 1) * per_page + len(items) + (1 if more else 0)
        return json_response({"items": items, "page": page, "per_page": per_page, "total": total})

    def _offer(self, number: str) -> dict[str, Any]:
        now = SEEDED_AT
        return {
            "id": _number_id(number),
            "e164": number,
            "country": self.inventory.country(number),
            "region": None,
            "status": "active",
            **FEES,
            "created_at": now,
            "updated_at": now,
        }

    @route("POST", "/api/v1/{account}/{auth_id}/numbers/purchase-from-inventory")
    def purchase(self, request: EmuRequest, account: str, auth_id: str) -> EmuResponse:
        self._casing(account)
        body = self.body_object(request, lambda why: invalid_parameters({"body": why}))
        problems = {key: "Unknown field" for key in body if key not in ("e164", "currency")}
        number = body.get("e164")
        if not (isinstance(number, str) and _E164.fullmatch(number)):
            problems["e164"] = "Must be a phone number in E.164 format, e.g. +919876543210"
        if problems:
            raise invalid_parameters(problems)
        assert isinstance(number, str)
        if self.inventory.holder(number) is not None:
            return json_response({"error": "number not found in inventory", "e164": number}, 404)
        record = self._add(auth_id, number, now=self.now())
        if isinstance(body.get("currency"), str):
            record["currency"] = body["currency"]
        record["application_id"] = self.apps(auth_id).default_for("default_number_app")
        bought = {key: value for key, value in record.items() if key not in _NOT_IN_PURCHASE}
        summary = {key: record[key] for key in _PURCHASE_SUMMARY}
        reply = {"message": "Number purchased successfully", "number": bought, "items": [summary]}
        return json_response(reply)

    @route("DELETE", "/api/v1/{account}/{auth_id}/numbers/{e164}")
    def release(self, request: EmuRequest, account: str, auth_id: str, e164: str) -> EmuResponse:
        self._casing(account)
        number = e164 if e164.startswith("+") else "+" + e164
        if number not in self.held(auth_id):
            error = {"error": "forbidden", "message": "account does not own this number"}
            return json_response(error, 403)
        del self.held(auth_id)[number]
        self.inventory.release(number)
        return empty(204)

    @route("POST", "/api/v1/{account}/{auth_id}/numbers/{e164}/application")
    def attach(self, request: EmuRequest, account: str, auth_id: str, e164: str) -> EmuResponse:
        self._casing(account)
        record = self._number(auth_id, self._raw_segment(request, 6), e164, encoded=True)
        body = self.body_object(request, lambda why: invalid_parameters({"body": why}))
        app_id = body.get("application_id")
        if not isinstance(app_id, str) or set(body) != {"application_id"}:
            raise invalid_parameters({"application_id": "This field is required (a string)"})
        app = self.apps(auth_id).apps.get(app_id)
        if app is None:
            return json_response({"error": "application not found", "application_id": app_id}, 404)
        record.update(application_id=app_id, updated_at=self.now())
        shown = self._shown(auth_id, app)
        reply = {"message": "Number attached to application", "number": record["e164"]}
        return json_response({**reply, "application": shown})

    @route("DELETE", "/api/v1/{account}/{auth_id}/numbers/{e164}/application")
    def detach(self, request: EmuRequest, account: str, auth_id: str, e164: str) -> EmuResponse:
        self._casing(account)
        record = self._number(auth_id, self._raw_segment(request, 6), e164, encoded=True)
        record.update(application_id=None, updated_at=self.now())
        return json_response({"message": "Number detached successfully", "number": record["e164"]})

    @route("POST", "/api/v1/{account}/{auth_id}/numbers/{e164}/assign")
    def assign(self, request: EmuRequest, account: str, auth_id: str, e164: str) -> EmuResponse:
        self._casing(account)
        record = self._number(auth_id, self._raw_segment(request, 6), e164, encoded=True)
        body = self.body_object(request, lambda why: invalid_parameters({"body": why}))
        trunk = body.get("trunk_group_id")
        if not isinstance(trunk, str) or set(body) != {"trunk_group_id"}:
            raise invalid_parameters({"trunk_group_id": "This field is required (a trunk uuid)"})
        if trunk not in TRUNKS:
            return json_response({"error": "trunk not found", "trunk_group_id": trunk}, 404)
        record.update(trunk_group_id=trunk, updated_at=self.now())
        return empty(204)

    @route("DELETE", "/api/v1/{account}/{auth_id}/numbers/{e164}/assign")
    def unassign(self, request: EmuRequest, account: str, auth_id: str, e164: str) -> EmuResponse:
        self._casing(account)
        record = self._number(auth_id, self._raw_segment(request, 6), e164, encoded=True)
        record.update(trunk_group_id=None, updated_at=self.now())
        return empty(204)
