"""The Twilio sandbox's phone numbers: each account's IncomingPhoneNumbers, and the
AvailablePhoneNumbers the sandbox's unbounded inventory offers (`NumberInventory`).

- Buying (`POST IncomingPhoneNumbers.json`) takes `PhoneNumber` (any valid E.164 number no
  account of this sandbox holds; 21421 invalid, 21422 not available) or `AreaCode` (the
  first US or Canada number on offer there; 21452 none). Releasing (`DELETE`) gives it back
  to the inventory, as does closing the subaccount that holds it.
- Routing: `VoiceApplicationSid` must be an application of the number's account (21420 when
  buying, 22108 when updating); `TrunkSid` a trunk of the account (the sandbox seeds one per
  account and has no Trunking API: any other is 20001). Setting one clears the other.
- `AccountSid` on an update moves the number to another account of the family, with the
  main account's credentials (21474 otherwise).
- A search answers `available_phone_numbers` and `uri` only, at most `PageSize` numbers, as
  the reference's examples show; `Contains` takes digits and letters (as on a keypad), not
  the wildcard characters (the sandbox does not emulate them).
"""

import itertools
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from telephony_core.sandbox import (
    EmuRequest,
    EmuResponse,
    NumberInventory,
    classify,
    empty,
    json_response,
    route,
)
from telephony_twilio import sids
from telephony_twilio.emulator_applications import (
    MAX_FRIENDLY_NAME,
    ApplicationsEmulator,
    checked_routing,
)
from telephony_twilio.emulator_base import (
    API,
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    invalid,
    not_found,
)

NUMBERS = API + "/Accounts/{account_sid}/IncomingPhoneNumbers"
NUMBER = NUMBERS + "/{sid}.json"
AVAILABLE = API + "/Accounts/{account_sid}/AvailablePhoneNumbers/{country}/{kind}.json"
SEEDED_NUMBER = sids.PHONE_NUMBER + "a" * 32
SEEDED_ROUTED_NUMBER = sids.PHONE_NUMBER + "b" * 32
SEEDED_TRUNK = sids.TRUNK + "a" * 32
#: Twilio's error codes for numbers (docs/twilio.md cites each).
INVALID_NUMBER = 21421
NOT_AVAILABLE = 21422
NONE_IN_AREA_CODE = 21452
APPLICATION_NOT_ACCESSIBLE = 21420
INVALID_APPLICATION = 22108
ONLY_THE_PARENT_MOVES_NUMBERS = 21474
#: The kinds of number the inventory has, by AvailablePhoneNumbers subresource, and how the
#: `type` of a number shows them.
KINDS = {"Local": "local", "TollFree": "toll_free", "Mobile": "mobile", "National": "national"}
TYPES = {"local": "local", "toll_free": "toll-free", "mobile": "mobile", "national": "national"}
AREA_CODE_COUNTRIES = ("US", "CA")
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
_CONTAINS = re.compile(r"[0-9A-Za-z]{2,16}")
_KEYPAD = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        "22233344455566677778889999",
        strict=True,
    )
)
_ROUTES = {"VoiceApplicationSid": "voice_application_sid", "TrunkSid": "trunk_sid"}


def friendly(number: str) -> str:
    """How Twilio names a number by default: `(415) 555-0100` for North America."""
    if number.startswith("+1") and len(number) == 12:
        return f"({number[2:5]}) {number[5:8]}-{number[8:]}"
    return number


def capabilities(kind: str) -> dict[str, bool]:
    return {"voice": True, "sms": True, "mms": kind != "toll_free", "fax": False}


def keypad_digits(pattern: str) -> str:
    """A `Contains` pattern of digits and letters as the digits it dials."""
    return "".join(_KEYPAD.get(c, c) for c in pattern.lower())


class NumbersEmulator(ApplicationsEmulator):
    """Numbers of each account (`self.numbers`: account SID -> SID -> record), the trunks
    they may route to, and the inventory they come from."""

    def reset(self) -> None:
        super().reset()
        self.numbers: dict[str, dict[str, dict[str, Any]]] = {}
        self.trunks: dict[str, set[str]] = {}
        self.inventory = NumberInventory()

    def seed_numbers(self, account_sid: str) -> None:
        """The reference's example number (unrouted) and a second one routed to the seeded
        application, and the account's trunk."""
        self.trunks.setdefault(account_sid, set()).add(SEEDED_TRUNK)
        created = "Thu, 30 Jul 2015 23:19:04 +0000"
        self._new_number(account_sid, SEEDED_NUMBER, "+18089255327", created)
        routed = self._new_number(account_sid, SEEDED_ROUTED_NUMBER, "+14155550199", created)
        routed["voice_application_sid"] = self.seeded_application_of(account_sid)

    def seeded_application_of(self, account_sid: str) -> str | None:
        """The first application of the account, if any."""
        return next(iter(self.applications.get(account_sid, {})), None)

    def _new_number(self, account_sid: str, sid: str, number: str, created: str) -> dict[str, Any]:
        kind = (classify(number) or ("", "local"))[1]
        record: dict[str, Any] = {
            "sid": sid,
            "phone_number": number,
            "friendly_name": friendly(number),
            "address_requirements": "none",
            "address_sid": None,
            "api_version": "2010-04-01",
            "beta": False,
            "capabilities": capabilities(kind),
            "date_created": created,
            "date_updated": created,
            "emergency_status": "Inactive",
            "emergency_address_sid": None,
            "emergency_address_status": "unregistered",
            "identity_sid": None,
            "origin": "twilio",
            "sms_application_sid": None,
            "sms_fallback_method": "POST",
            "sms_fallback_url": None,
            "sms_method": "POST",
            "sms_url": None,
            "status_callback": None,
            "status_callback_method": "POST",
            "trunk_sid": None,
            "voice_application_sid": None,
            "voice_caller_id_lookup": False,
            "voice_fallback_method": "POST",
            "voice_fallback_url": None,
            "voice_method": "POST",
            "voice_url": None,
            "voice_receive_mode": "voice",
            "bundle_sid": None,
            "status": "in-use",
            "type": TYPES[kind],
        }
        self.numbers.setdefault(account_sid, {})[sid] = record
        self.inventory.hold(number, account_sid)
        return record

    def account_closed(self, account_sid: str) -> None:
        """Twilio releases the numbers of a closed subaccount."""
        super().account_closed(account_sid)
        for record in self.numbers.pop(account_sid, {}).values():
            self.inventory.release(record["phone_number"])

    # Lookups.

    def numbers_of(self, request: EmuRequest, account_sid: str) -> dict[str, dict[str, Any]]:
        """The numbers of the path's account (Twilio's 404 for an unknown account)."""
        self.account(request, account_sid)
        return self.numbers.setdefault(account_sid, {})

    def _number(self, request: EmuRequest, account_sid: str, sid: str) -> dict[str, Any]:
        record = self.numbers_of(request, account_sid).get(sid)
        if record is None:
            raise not_found(request.path)
        return record

    @staticmethod
    def show_number(account_sid: str, record: dict[str, Any]) -> dict[str, Any]:
        return {
            "account_sid": account_sid,
            **record,
            "uri": f"{NUMBERS.format(account_sid=account_sid)}/{record['sid']}.json",
        }

    def _routing(
        self, account_sid: str, form: dict[str, str], unknown_application: int
    ) -> dict[str, Any]:
        """The routing a form sets: an application or a trunk of the account, each clearing
        the other (an empty value clears it alone)."""
        application, trunk = form.get("VoiceApplicationSid"), form.get("TrunkSid")
        if application and trunk:
            raise invalid("VoiceApplicationSid and TrunkSid cannot both be set: pass one")
        if application and application not in self.applications.get(account_sid, {}):
            raise invalid(
                f"VoiceApplicationSid {application} is not an application of this account",
                unknown_application,
            )
        if trunk and trunk not in self.trunks.get(account_sid, set()):
            raise invalid(f"TrunkSid {trunk} is not a trunk of this account")
        routes: dict[str, Any] = {}
        if application is not None:
            routes["voice_application_sid"] = application or None
            if application:
                routes["trunk_sid"] = None
        if trunk is not None:
            routes["trunk_sid"] = trunk or None
            if trunk:
                routes["voice_application_sid"] = None
        return routes

    def _settings(self, form: dict[str, str]) -> dict[str, Any]:
        """The number's other settings in a form: its name, URLs and methods."""
        name = form.get("FriendlyName")
        if name is not None and len(name) > MAX_FRIENDLY_NAME:
            raise invalid(f"FriendlyName must be at most {MAX_FRIENDLY_NAME} characters")
        settings = checked_routing({k: v for k, v in form.items() if k not in _ROUTES})
        settings.pop("message_status_callback", None)  # an application's, not a number's
        settings.pop("sms_status_callback", None)
        settings.pop("public_application_connect_enabled", None)
        if name is not None:
            settings["friendly_name"] = name
        return settings

    # IncomingPhoneNumbers.

    @route("GET", NUMBERS + ".json")
    def list_numbers(self, request: EmuRequest, account_sid: str) -> EmuResponse:
        name, number = request.arg("FriendlyName"), request.arg("PhoneNumber")
        pattern = None
        if number is not None:  # partial numbers, `*` for any digit
            pattern = re.compile(re.escape(number).replace(r"\*", "[0-9]"))
        shown = [
            self.show_number(account_sid, record)
            for record in self.numbers_of(request, account_sid).values()
            if (name is None or record["friendly_name"] == name)
            and (pattern is None or pattern.search(record["phone_number"]))
        ]
        filters = {k: v for k, v in (("FriendlyName", name), ("PhoneNumber", number)) if v}
        return self.page(request, "incoming_phone_numbers", shown, filters)

    @route("POST", NUMBERS + ".json")
    def buy_number(self, request: EmuRequest, account_sid: str) -> EmuResponse:
        self.numbers_of(request, account_sid)
        form = self.form(request)
        number = form.get("PhoneNumber")
        area_code = form.get("AreaCode")
        if not number and not area_code:
            raise invalid("You must provide an AreaCode or a PhoneNumber")
        if number:
            if not _E164.fullmatch(number):
                raise invalid(f"The phone number {number} is invalid", INVALID_NUMBER)
            if self.inventory.holder(number) is not None:
                raise invalid(f"{number} is not available", NOT_AVAILABLE)
        else:
            number = self._first_in_area(area_code or "")
        settings = self._settings(form)
        routes = self._routing(account_sid, form, APPLICATION_NOT_ACCESSIBLE)
        now = self.now()
        record = self._new_number(account_sid, self.new_sid(sids.PHONE_NUMBER), number, now)
        record.update(settings, **routes)
        return json_response(self.show_number(account_sid, record), 201)

    def _first_in_area(self, area_code: str) -> str:
        if area_code.isdigit():
            for country in AREA_CODE_COUNTRIES:
                offer = next(self.inventory.offers(country, area_code=area_code), None)
                if offer is not None:
                    return offer
        raise invalid(f"No phone numbers found in area code {area_code}", NONE_IN_AREA_CODE)

    @route("GET", NUMBER)
    def get_number(self, request: EmuRequest, account_sid: str, sid: str) -> EmuResponse:
        return json_response(self.show_number(account_sid, self._number(request, account_sid, sid)))

    @route("POST", NUMBER)
    def update_number(self, request: EmuRequest, account_sid: str, sid: str) -> EmuResponse:
        record = self._number(request, account_sid, sid)
        form = self.form(request)
        target = form.get("AccountSid") or account_sid
        if target != account_sid:
            self._check_move(request, account_sid, target)
        changes = {
            **self._settings(form),
            **self._routing(target, form, INVALID_APPLICATION),
        }
        if changes:
            record.update(changes, date_updated=self.now())
        if target != account_sid:
            del self.numbers[account_sid][sid]
            self.numbers.setdefault(target, {})[sid] = record
            self.inventory.hold(record["phone_number"], target)
            record["date_updated"] = self.now()
        return json_response(self.show_number(target, record))

    def _check_move(self, request: EmuRequest, source: str, target: str) -> None:
        """Only a main account moves numbers, between itself and its subaccounts."""
        caller = self.caller(request) or ""
        if self.accounts[caller]["owner_account_sid"] != caller:
            raise invalid(
                "API User must be the parent account to transfer phone numbers.",
                ONLY_THE_PARENT_MOVES_NUMBERS,
            )
        family = {caller} | {
            sid for sid, account in self.accounts.items() if account["owner_account_sid"] == caller
        }
        if target not in family or self.accounts[target]["status"] == "closed":
            raise invalid(
                f"AccountSid {target} is neither this main account nor one of its open subaccounts"
            )

    @route("DELETE", NUMBER)
    def release_number(self, request: EmuRequest, account_sid: str, sid: str) -> EmuResponse:
        record = self._number(request, account_sid, sid)
        del self.numbers[account_sid][sid]
        self.inventory.release(record["phone_number"])
        return empty(204)

    # AvailablePhoneNumbers.

    @route("GET", AVAILABLE)
    def search_numbers(
        self, request: EmuRequest, account_sid: str, country: str, kind: str
    ) -> EmuResponse:
        self.account(request, account_sid)
        if kind not in KINDS and kind not in ("MachineToMachine", "SharedCost", "Voip"):
            raise not_found(request.path)
        area_code = request.arg("AreaCode")
        contains = request.arg("Contains")
        try:
            size = int(request.arg("PageSize") or DEFAULT_PAGE_SIZE)
            page = int(request.arg("Page") or 0)
        except ValueError:
            raise invalid("PageSize and Page must be integers") from None
        if not 1 <= size <= MAX_PAGE_SIZE or page < 0:
            raise invalid(f"PageSize must be 1 to {MAX_PAGE_SIZE}, Page not negative")
        if area_code is not None and not area_code.isdigit():
            raise invalid("AreaCode must be an integer")
        if contains is not None and not _CONTAINS.fullmatch(contains):
            raise invalid(
                "Contains must be 2 to 16 digits or letters (the sandbox does not emulate "
                "the wildcard characters * % + $)"
            )
        offers: Iterator[str] = iter(())
        if kind in KINDS:
            offers = self.inventory.offers(
                country.upper(),
                area_code=area_code if country.upper() in AREA_CODE_COUNTRIES else None,
                contains=keypad_digits(contains) if contains else None,
                number_type=KINDS[kind],
            )
        shown = [
            self._offer(number)
            for number in itertools.islice(offers, page * size, (page + 1) * size)
        ]
        query = urlencode([(k, v) for k, values in request.query.items() for v in values])
        uri = request.path + (f"?{query}" if query else "")
        return json_response({"available_phone_numbers": shown, "uri": uri})

    @staticmethod
    def _offer(number: str) -> dict[str, Any]:
        country, kind = classify(number) or ("", "local")
        return {
            "address_requirements": "none",
            "beta": False,
            "capabilities": {k: v for k, v in capabilities(kind).items() if k != "fax"},
            "friendly_name": friendly(number),
            "iso_country": country,
            "lata": None,
            "latitude": None,
            "locality": None,
            "longitude": None,
            "phone_number": number,
            "postal_code": None,
            "rate_center": None,
            "region": None,
        }
