"""The Telnyx sandbox's call routing: TeXML applications, the account's phone numbers, the
number inventory (`available_phone_numbers`) and number orders.

A TeXML application needs `friendly_name` and `voice_url` in a create and in every PATCH
(422, code 10004, otherwise). A number's `connection_id` must name a connection of the
account (a credential or IP connection, or a TeXML application: 422, code 10013,
otherwise). A number order buys numbers no account of the sandbox holds (the inventory is
unbounded, `telephony_core.sandbox.NumberInventory`) and activates them at once, routed to
the order's connection; deleting a number releases it to the inventory.
"""

from collections.abc import Mapping
from typing import Any

from telephony_core.sandbox import EmuRequest, EmuResponse, json_response, route
from telephony_telnyx.base import ANCHORSITES, DTMF_TYPES
from telephony_telnyx.emulator_base import (
    API,
    BOOL,
    INT,
    MISSING_ASSOCIATION,
    MISSING_PARAMETER,
    NOT_E164,
    OBJECT,
    TAGS,
    TEXT,
    URL,
    Account,
    Check,
    TelnyxEmulatorBase,
    data,
    invalid,
    not_found,
    one_of,
)

_METHOD = one_of("get", "post")
TEXML_KEYS: Mapping[str, Check] = {
    "friendly_name": TEXT,
    "active": BOOL,
    "anchorsite_override": one_of(*ANCHORSITES),
    "dtmf_type": one_of(*DTMF_TYPES),
    "first_command_timeout": BOOL,
    "first_command_timeout_secs": INT,
    "tags": TAGS,
    "voice_url": URL,
    "voice_fallback_url": URL,
    "call_cost_in_webhooks": BOOL,
    "voice_method": _METHOD,
    "status_callback": URL,
    "status_callback_method": _METHOD,
    "inbound": OBJECT,
    "outbound": OBJECT,
}
_TEXML_REQUIRED = ("friendly_name", "voice_url")
_NUMBER_KEYS: Mapping[str, Check] = {
    "id": TEXT,
    "tags": TAGS,
    "external_pin": TEXT,
    "hd_voice_enabled": BOOL,
    "customer_reference": TEXT,
    "address_id": TEXT,
    "connection_id": TEXT,
    "billing_group_id": TEXT,
}
_ORDER_KEYS: Mapping[str, Check] = {
    "phone_numbers": (lambda value: isinstance(value, list), "must be a list"),
    "connection_id": TEXT,
    "messaging_profile_id": TEXT,
    "billing_group_id": TEXT,
    "customer_reference": TEXT,
}
DEFAULT_NUMBERS_PAGE = 20
#: How many available numbers a search gives without `filter[limit]`, and at most.
DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT = 10, 100
NUMBER_TYPES = ("local", "toll_free", "mobile", "national", "shared_cost")
MONTHLY_COST = {"local": "1.00", "toll_free": "2.00", "mobile": "3.00", "national": "1.00"}


def new_texml_application(id: str, created: str, **values: Any) -> dict[str, Any]:
    """A TeXML application as Telnyx shows it, with its defaults."""
    return {
        "id": id,
        "record_type": "texml_application",
        "active": True,
        "anchorsite_override": "Latency",
        "dtmf_type": "RFC 2833",
        "first_command_timeout": False,
        "first_command_timeout_secs": 30,
        "voice_method": "post",
        "status_callback_method": "post",
        "call_cost_in_webhooks": False,
        "tags": [],
        "created_at": created,
        "updated_at": created,
        **values,
    }


def new_phone_number(
    id: str, number: str, country: str, kind: str, created: str, connection: dict[str, Any] | None
) -> dict[str, Any]:
    """A number of the account as Telnyx shows it (`PhoneNumberDetailed`)."""
    return {
        "id": id,
        "record_type": "phone_number",
        "phone_number": number,
        "country_iso_alpha2": country,
        "status": "active",
        "tags": [],
        "external_pin": None,
        "connection_id": connection["id"] if connection else None,
        "connection_name": connection_name(connection),
        "customer_reference": None,
        "messaging_profile_id": None,
        "messaging_profile_name": None,
        "billing_group_id": None,
        "emergency_enabled": False,
        "emergency_address_id": None,
        "call_forwarding_enabled": True,
        "cnam_listing_enabled": False,
        "caller_id_name_enabled": False,
        "call_recording_enabled": False,
        "t38_fax_gateway_enabled": False,
        "purchased_at": created,
        "created_at": created,
        "updated_at": created,
        "phone_number_type": kind,
        "inbound_call_screening": "disabled",
        "hd_voice_enabled": False,
        "deletion_lock_enabled": False,
    }


def connection_name(connection: Mapping[str, Any] | None) -> str | None:
    if connection is None:
        return None
    name = connection.get("connection_name") or connection.get("friendly_name")
    return name if isinstance(name, str) else None


class NumbersEmulator(TelnyxEmulatorBase):
    """TeXML applications, phone numbers, available numbers and number orders."""

    # TeXML applications.
    def texml_application(self, request: EmuRequest, id: str) -> dict[str, Any]:
        found = self.account(request).texml_applications.get(id)
        if found is None:
            raise not_found()
        return found

    def checked_texml(self, request: EmuRequest) -> dict[str, Any]:
        return self.body(request, TEXML_KEYS, _TEXML_REQUIRED, MISSING_PARAMETER)

    @route("GET", API + "/texml_applications")
    def list_texml_applications(self, request: EmuRequest) -> EmuResponse:
        items = list(self.account(request).texml_applications.values())
        name = request.arg("filter[friendly_name]")
        if name is not None:
            if len(name) < 3:
                raise invalid("filter[friendly_name]", "friendly_name needs at least 3 characters")
            items = [a for a in items if name.lower() in str(a.get("friendly_name")).lower()]
        return self.page(request, items)

    @route("POST", API + "/texml_applications")
    def create_texml_application(self, request: EmuRequest) -> EmuResponse:
        body = self.checked_texml(request)
        application = new_texml_application(self.connection_id(), self.now(), **body)
        self.account(request).texml_applications[application["id"]] = application
        return data(application, 201)

    @route("GET", API + "/texml_applications/{id}")
    def get_texml_application(self, request: EmuRequest, id: str) -> EmuResponse:
        return data(self.texml_application(request, id))

    @route("PATCH", API + "/texml_applications/{id}")
    def update_texml_application(self, request: EmuRequest, id: str) -> EmuResponse:
        application = self.texml_application(request, id)
        application.update(self.checked_texml(request), updated_at=self.now())
        return data(application)

    @route("DELETE", API + "/texml_applications/{id}")
    def delete_texml_application(self, request: EmuRequest, id: str) -> EmuResponse:
        self.texml_application(request, id)
        return data(self.account(request).texml_applications.pop(id))

    # The account's numbers.
    def phone_number(self, request: EmuRequest, id: str) -> dict[str, Any]:
        found = self.account(request).phone_numbers.get(id)
        if found is None:
            raise not_found()
        return found

    def routed_to(self, account: Account, connection: object) -> dict[str, Any] | None:
        """The connection a number is routed to (None: unrouted), or a 422 for an id that
        names no connection of the account."""
        if connection is None:
            return None
        found = account.connection(connection)
        if found is None:
            raise invalid(
                "connection_id", "One of the associated fields does not exist.", MISSING_ASSOCIATION
            )
        return found

    @route("GET", API + "/phone_numbers")
    def list_phone_numbers(self, request: EmuRequest) -> EmuResponse:
        items = list(self.account(request).phone_numbers.values())
        wanted = request.arg("filter[phone_number]")
        if wanted is not None:
            if not wanted.isdigit():  # "Non-numerical characters will result in no values"
                items = []
            items = [n for n in items if wanted in n["phone_number"]]
        items = self.matching(
            request,
            items,
            connection_id="connection_id",
            status="status",
            country_iso_alpha2="country_iso_alpha2",
        )
        return self.page(request, items, DEFAULT_NUMBERS_PAGE)

    @route("GET", API + "/phone_numbers/{id}")
    def get_phone_number(self, request: EmuRequest, id: str) -> EmuResponse:
        return data(self.phone_number(request, id))

    @route("PATCH", API + "/phone_numbers/{id}")
    def update_phone_number(self, request: EmuRequest, id: str) -> EmuResponse:
        number = self.phone_number(request, id)
        body = self.body(request, _NUMBER_KEYS)
        if "connection_id" in body:
            connection = self.routed_to(self.account(request), body["connection_id"])
            number["connection_name"] = connection_name(connection)
        body.pop("id", None)
        body.pop("address_id", None)
        number.update(body, updated_at=self.now())
        return data(number)

    @route("DELETE", API + "/phone_numbers/{id}")
    def delete_phone_number(self, request: EmuRequest, id: str) -> EmuResponse:
        number = self.phone_number(request, id)
        if number.get("deletion_lock_enabled"):
            raise invalid("id", "The phone number has deletion lock enabled")
        del self.account(request).phone_numbers[id]
        self.inventory.release(number["phone_number"])
        # `PhoneNumberDeletedDetailed`: its text keys are strings (no nulls).
        deleted = {**number, "status": "deleted", "updated_at": self.now()}
        return data({key: value for key, value in deleted.items() if value is not None})

    # The inventory.
    def reset(self) -> None:
        super().reset()
        #: The country and kind of each number a search offered.
        self.offered: dict[str, tuple[str, str]] = {}

    def kind_of(self, number: str) -> tuple[str, str]:
        """The country and kind of a number being bought: as a search offered it, else a
        US local number."""
        return self.offered.get(number, ("US", "local"))

    @route("GET", API + "/available_phone_numbers")
    def list_available_phone_numbers(self, request: EmuRequest) -> EmuResponse:
        country = (request.arg("filter[country_code]") or "US").upper()
        kind = request.arg("filter[phone_number_type]") or "local"
        if kind not in NUMBER_TYPES:
            raise invalid(
                "filter[phone_number_type]",
                f"phone_number_type must be one of {', '.join(NUMBER_TYPES)}",
            )
        try:
            limit = int(request.arg("filter[limit]") or DEFAULT_SEARCH_LIMIT)
        except ValueError:
            raise invalid("filter[limit]", "limit must be an integer") from None
        offers = self.inventory.offers(
            country,
            area_code=request.arg("filter[national_destination_code]"),
            contains=request.arg("filter[phone_number][contains]"),
            number_type=kind,
        )
        found: list[dict[str, Any]] = []
        for number in offers:
            if len(found) >= min(max(limit, 1), MAX_SEARCH_LIMIT):
                break
            self.offered[number] = (country, kind)
            found.append(self.offer(number, country, kind))
        meta = {"total_results": len(found), "best_effort_results": 0}
        return json_response({"data": found, "meta": meta})

    @staticmethod
    def offer(number: str, country: str, kind: str) -> dict[str, Any]:
        """An available number as Telnyx shows it (`AvailablePhoneNumber`)."""
        return {
            "record_type": "available_phone_number",
            "phone_number": number,
            "best_effort": False,
            "quickship": True,
            "reservable": True,
            "region_information": [{"region_type": "country_code", "region_name": country}],
            "cost_information": {
                "upfront_cost": "1.00",
                "monthly_cost": MONTHLY_COST.get(kind, "1.00"),
                "currency": "USD",
            },
            "features": [{"name": "voice"}, {"name": "sms"}, {"name": "mms"}, {"name": "fax"}],
        }

    # Number orders.
    @route("POST", API + "/number_orders")
    def create_number_order(self, request: EmuRequest) -> EmuResponse:
        account = self.account(request)
        body = self.body(request, _ORDER_KEYS, ("phone_numbers",))
        connection = self.routed_to(account, body.get("connection_id"))
        wanted = []
        for index, item in enumerate(body["phone_numbers"]):
            number = item.get("phone_number") if isinstance(item, dict) else None
            pointer = f"phone_numbers/{index}/phone_number"
            if not isinstance(number, str) or not _is_e164(number):
                raise invalid(pointer, "Phone number must be in +E.164 format", NOT_E164)
            if self.inventory.holder(number) is not None or number in wanted:
                raise invalid(pointer, f"{number} is not available")
            wanted.append(number)
        created = self.now()
        order_id = self.uuid()
        ordered = []
        for number in wanted:
            country, kind = self.kind_of(number)
            held = new_phone_number(
                self.connection_id(), number, country, kind, created, connection
            )
            account.phone_numbers[held["id"]] = held
            self.inventory.hold(number, account.id)
            ordered.append(
                {
                    "id": self.uuid(),
                    "record_type": "number_order_phone_number",
                    "phone_number": number,
                    "country_code": country,
                    "phone_number_type": kind,
                    "regulatory_requirements": [],
                    "requirements_met": True,
                    "requirements_status": "approved",
                    "status": "success",
                }
            )
        order = {
            "id": order_id,
            "record_type": "number_order",
            "phone_numbers_count": len(ordered),
            "connection_id": body.get("connection_id"),
            "phone_numbers": ordered,
            "sub_number_orders_ids": [self.uuid()],
            "status": "success",
            "customer_reference": body.get("customer_reference"),
            "created_at": created,
            "updated_at": created,
            "requirements_met": True,
        }
        account.number_orders[order_id] = order
        return data({k: v for k, v in order.items() if v is not None})

    @route("GET", API + "/number_orders/{number_order_id}")
    def get_number_order(self, request: EmuRequest, number_order_id: str) -> EmuResponse:
        order = self.account(request).number_orders.get(number_order_id)
        if order is None:
            raise not_found()
        return data({k: v for k, v in order.items() if v is not None})


def _is_e164(number: str) -> bool:
    digits = number[1:]
    return (
        number.startswith("+") and digits.isdigit() and 7 <= len(digits) <= 15 and digits[0] != "0"
    )
