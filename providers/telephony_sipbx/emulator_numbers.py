"""The SiPbx sandbox's phone numbers: NetSapiens API v2 `/domains/{domain}/phonenumbers`.

Each domain holds numbers by their digits (`14155550100`), each with its dial rule: the
application (`to-user`, `to-connection`, `available-number`, ...), the destination user and
host. The reseller's numbers are the sandbox's unbounded inventory: a domain may add any
valid number that no domain holds (409 `Phone number already exists` otherwise), and a
number taken out of a domain is free again. Writes answer `202 {"code": 202, "message":
"Accepted"}` and, unlike the real API, are applied before the reply.
"""

import re
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from telephony_core.sandbox import EmuRequest, EmuResponse, NumberInventory, json_response, route
from telephony_sipbx.emulator_base import (
    ACCEPTED,
    API,
    SANDBOX_DOMAIN,
    SipbxEmulatorBase,
    error,
    invalid,
    missing,
)

NUMBERS = API + "/domains/{domain}/phonenumbers"
#: The OpenAPI's `DialruleApplication` enum.
APPLICATIONS = frozenset(
    {
        "available-number",
        "to-voicemail-residential",
        "to-callqueue",
        "to-callqueue-announce-count-callers-ahead",
        "to-callqueue-announce-expected-wait-time",
        "to-connection",
        "to-connection-or-user-no-failover",
        "to-single-device",
        "to-user",
        "to-user-residential",
        "to-voicemail",
        "spam-screening",
        "to-connection-block-caller-id",
        "to-connection-no-timeout",
        "to-connection-add-header-force-caller-id",
        "to-connection-add-header-no-timeout",
        "to-connection-add-header",
        "to-single-device-add-header-allow-voicemail",
        "to-single-device-add-header-allow-voicemail-residential",
        "to-single-device-add-header",
        "to-user-add-header",
        "to-user-residential-add-header",
        "to-user-notify-of-recording",
        "hangup",
        "to-user-answer-and-fake-ringback",
        "toggle-timeframe",
    }
)
DESTINATION_USER = "dial-rule-translation-destination-user"
#: What the vendor accepts for each writable key of a number (the OpenAPI `Phonenumber`).
WRITABLE: Mapping[str, Callable[[object], bool]] = {
    "enabled": lambda value: value in ("yes", "no"),
    "dial-rule-application": lambda value: value in APPLICATIONS,
    "dial-rule-parameter": lambda value: isinstance(value, str),
    DESTINATION_USER: lambda value: isinstance(value, str),
    "dial-rule-translation-destination-host": lambda value: isinstance(value, str),
    "dial-rule-translation-source-name": lambda value: isinstance(value, str),
    "dial-rule-description": lambda value: isinstance(value, str),
}
#: A new number's values where the request gives none (the OpenAPI defaults).
DEFAULTS: Mapping[str, str] = {
    "enabled": "yes",
    "dial-rule-application": "available-number",
    "dial-rule-parameter": "",
    "dial-rule-translation-destination-host": "[*]",
    "dial-rule-translation-source-name": "[*]",
    "dial-rule-description": "",
}
#: A phonenumber: digits with the country code, as E.164 without the `+`.
_NUMBER = re.compile(r"[1-9][0-9]{6,14}")
DUPLICATE = "Phone number already exists"


def _seed() -> dict[str, dict[str, dict[str, Any]]]:
    """domain -> phonenumber -> its dial rule."""
    rules: list[tuple[str, str, str, str, str]] = [
        ("14155550100", "to-user", "1001", SANDBOX_DOMAIN, "Main line"),
        ("14155550101", "to-connection", "[*]", "carrier-a", "Inbound trunk"),
        ("14155550102", "to-callqueue", "3000", SANDBOX_DOMAIN, "Marketing queue"),
        ("18005550100", "available-number", "[*]", "[*]", "Spare toll-free"),
    ]
    numbers = {
        number: {
            **DEFAULTS,
            "dial-rule-application": application,
            DESTINATION_USER: user,
            "dial-rule-translation-destination-host": host,
            "dial-rule-description": description,
        }
        for number, application, user, host, description in rules
    }
    return {SANDBOX_DOMAIN: numbers}


class SipbxNumbersEmulator(SipbxEmulatorBase):
    """In-memory NetSapiens API v2 phone number endpoints."""

    #: The seeded numbers, E.164.
    seeded_numbers: ClassVar[tuple[str, ...]] = (
        "+14155550100",
        "+14155550101",
        "+14155550102",
        "+18005550100",
    )

    def reset(self) -> None:
        super().reset()
        self.numbers = _seed()
        self.inventory = NumberInventory()
        for domain, numbers in self.numbers.items():
            for number in numbers:
                self.inventory.hold(f"+{number}", domain)

    def _domain_numbers(self, request: EmuRequest, domain: str) -> tuple[str, dict[str, Any]]:
        name = self.own_domain(request, domain)
        return name, self.numbers.setdefault(name, {})

    def _number(self, request: EmuRequest, domain: str, phonenumber: str) -> dict[str, Any]:
        record: dict[str, Any] | None = self._domain_numbers(request, domain)[1].get(phonenumber)
        if record is None:
            raise missing()
        return record

    @staticmethod
    def _rule_writes(body: Mapping[str, Any]) -> dict[str, Any]:
        """The writable keys of `body`, checked; other keys are ignored, as the API does (the
        OpenAPI's own examples carry some, e.g. `dial-rule-matching-start-date`)."""
        for key in sorted(body):
            check = WRITABLE.get(key)
            if check is not None and not check(body[key]):
                raise invalid(f"Invalid value for {key}")
        if not isinstance(body.get(DESTINATION_USER), str):
            raise invalid(f"{DESTINATION_USER} is required")
        return {key: value for key, value in body.items() if key in WRITABLE}

    @staticmethod
    def _public(domain: str, number: str, record: Mapping[str, Any]) -> dict[str, Any]:
        return {"phonenumber": number, "domain": domain, **record}

    @route("GET", NUMBERS + "/count")
    def count_numbers(self, request: EmuRequest, domain: str) -> EmuResponse:
        return json_response({"total": len(self._domain_numbers(request, domain)[1])})

    @route("GET", NUMBERS)
    def list_numbers(self, request: EmuRequest, domain: str) -> EmuResponse:
        name, numbers = self._domain_numbers(request, domain)
        return json_response([self._public(name, n, r) for n, r in sorted(numbers.items())])

    @route("POST", NUMBERS)
    def add_number(self, request: EmuRequest, domain: str) -> EmuResponse:
        name, numbers = self._domain_numbers(request, domain)
        body = self.body(request)
        number = body.get("phonenumber")
        if not isinstance(number, str) or not _NUMBER.fullmatch(number):
            raise invalid(
                "phonenumber must be the number's digits with the country code, e.g. 18005551234"
            )
        writes = self._rule_writes(body)
        if self.inventory.holder(f"+{number}") is not None:
            return error(409, DUPLICATE)
        numbers[number] = {**DEFAULTS, **writes}
        self.inventory.hold(f"+{number}", name)
        return json_response(ACCEPTED, 202)

    @route("GET", NUMBERS + "/{phonenumber}")
    def get_number(self, request: EmuRequest, domain: str, phonenumber: str) -> EmuResponse:
        record = self._number(request, domain, phonenumber)
        return json_response(self._public(self.own_domain(request, domain), phonenumber, record))

    @route("PUT", NUMBERS + "/{phonenumber}")
    def update_number(self, request: EmuRequest, domain: str, phonenumber: str) -> EmuResponse:
        record = self._number(request, domain, phonenumber)
        record.update(self._rule_writes(self.body(request)))
        return json_response(ACCEPTED, 202)

    @route("DELETE", NUMBERS + "/{phonenumber}")
    def remove_number(self, request: EmuRequest, domain: str, phonenumber: str) -> EmuResponse:
        self._number(request, domain, phonenumber)
        del self._domain_numbers(request, domain)[1][phonenumber]
        self.inventory.release(f"+{phonenumber}")
        return json_response(ACCEPTED, 202)
