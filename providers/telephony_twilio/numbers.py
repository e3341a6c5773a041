"""Twilio IncomingPhoneNumbers (the numbers an account holds) as neutral phone numbers, and
AvailablePhoneNumbers (the numbers Twilio offers) as `numbers.search`.

- `create` buys a number: `POST .../IncomingPhoneNumbers.json` with `PhoneNumber` (E.164),
  optionally routed in the same call; `delete` releases it (`DELETE .../{PN...}.json`, 204),
  which cannot be undone. Both are `irreversible`: never sent again after an unknown outcome
  without a lookup (a purchase by its number, a release by its SID).
- A number's calls go to an application (`VoiceApplicationSid`) or to an Elastic SIP trunk
  (`TrunkSid`): Twilio keeps them apart, "setting a voice_application_sid will automatically
  delete your trunk_sid and vice versa", so a call may set one of them, not both (the core
  refuses two routes in one call).
- `extra={"AccountSid": "AC..."}` on an update moves the number to another account of the
  same family (the main account or one of its subaccounts), with the main account's
  credentials, as Twilio's "Exchanging numbers between subaccounts" describes.
- `search` reads `.../AvailablePhoneNumbers/{CountryCode}/{Local|TollFree|Mobile|National}.json`
  with `AreaCode` (US and Canada only) and `Contains`.

Every rule is cited in docs/twilio.md.
"""

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import (
    AvailableNumber,
    NumberSearch,
    NumberType,
    PhoneNumber,
    ValidationError,
)
from telephony_core.translate import (
    FieldMap,
    Page,
    Plan,
    Scope,
    WireField,
    build_path,
    rfc2822_datetime,
)
from telephony_twilio import sids
from telephony_twilio.base import API, AccountMembers, blank_is_none

#: "It can be up to 64 characters long" (IncomingPhoneNumber's FriendlyName).
MAX_FRIENDLY_NAME = 64
#: The keys of the OpenAPI's `phone-number-capabilities` object.
CAPABILITY_KEYS = ("voice", "sms", "mms", "fax")
#: The AvailablePhoneNumbers subresource of each kind of number.
SEARCH_KINDS = {
    NumberType.LOCAL: "Local",
    NumberType.TOLL_FREE: "TollFree",
    NumberType.MOBILE: "Mobile",
    NumberType.NATIONAL: "National",
}
SEARCH_PATH = API + "/Accounts/{account}/AvailablePhoneNumbers/{country}/{kind}.json"
#: "Applies to only phone numbers in the US and Canada" (AvailablePhoneNumbers' AreaCode).
AREA_CODE_COUNTRIES = frozenset({"US", "CA"})
#: `Contains` "can be between 2 and 16 characters long".
MIN_CONTAINS = 2
#: The ways the reply's `type` names a kind of number.
_TYPES = {
    "local": NumberType.LOCAL,
    "mobile": NumberType.MOBILE,
    "national": NumberType.NATIONAL,
    "tollfree": NumberType.TOLL_FREE,
    "toll-free": NumberType.TOLL_FREE,
    "toll_free": NumberType.TOLL_FREE,
}
_THREE_DIGITS = re.compile(r"[1-9][0-9]{2}")
_NO_USERS = (
    "a Twilio number rings no PBX user: route it to an application (whose TwiML dials the "
    "user) or to a SIP trunk"
)
_NUMBER_FIXED = (
    "a number's digits are the number itself: buy the other number (numbers.create), then "
    "release this one"
)
_OWN_KIND = (
    "a number's country and kind come with the number: pick them when searching "
    "(numbers.search(country=..., number_type=...))"
)
_ACCOUNT_SID = "AccountSid"


def capabilities_from_wire(value: object) -> frozenset[str]:
    """Twilio's `{"voice": true, "sms": false, ...}` as the set of what is true."""
    if not isinstance(value, dict):
        raise TypeError("capabilities is not an object")
    shown = {str(key).lower(): on for key, on in value.items()}
    return frozenset(key for key in CAPABILITY_KEYS if shown.get(key) is True)


def type_from_wire(value: object) -> NumberType:
    """The reply's `type` (`local`, ...) as a `NumberType`."""
    if not isinstance(value, str):
        raise TypeError("type is not text")
    return _TYPES[value.lower()]


def _sid_field(neutral: str, wire: str, reply: str) -> WireField:
    return WireField(neutral, wire, reply=reply, from_wire=blank_is_none)


FIELDS = FieldMap(
    WireField("id", "Sid", reply="sid", update=False, create=False),
    WireField("tenant", _ACCOUNT_SID, reply="account_sid", update=False, create=False),
    WireField("number", "PhoneNumber", reply="phone_number", update=False),
    WireField("name", "FriendlyName", reply="friendly_name"),
    _sid_field("application_id", "VoiceApplicationSid", "voice_application_sid"),
    _sid_field("trunk_id", "TrunkSid", "trunk_sid"),
    WireField(
        "number_type", "Type", reply="type", from_wire=type_from_wire, update=False, create=False
    ),
    WireField(
        "capabilities",
        "Capabilities",
        reply="capabilities",
        from_wire=capabilities_from_wire,
        update=False,
        create=False,
    ),
    WireField(
        "created_at",
        "DateCreated",
        reply="date_created",
        from_wire=rfc2822_datetime,
        update=False,
        create=False,
    ),
    ignore=("uri",),
)
#: An AvailablePhoneNumber (what a search yields).
OFFER_FIELDS = FieldMap(
    WireField("number", "PhoneNumber", reply="phone_number"),
    WireField("country", "IsoCountry", reply="iso_country"),
    WireField("region", "Region", reply="region"),
    WireField("locality", "Locality", reply="locality"),
    WireField(
        "capabilities", "Capabilities", reply="capabilities", from_wire=capabilities_from_wire
    ),
)


class TwilioNumbers(AccountMembers[PhoneNumber]):
    """`client.numbers` at Twilio (IncomingPhoneNumbers, and AvailablePhoneNumbers for
    `search`)."""

    model = PhoneNumber
    fields = FIELDS
    items_key = "incoming_phone_numbers"
    member_prefix = sids.PHONE_NUMBER
    collection_path = "/Accounts/{account}/IncomingPhoneNumbers.json"
    item_path = "/Accounts/{account}/IncomingPhoneNumbers/{id}.json"
    operations = frozenset({"get", "list", "create", "update", "delete", "search"})
    offer_fields = OFFER_FIELDS
    # An update sets values; a purchase (create) and a release (delete) are never re-sent
    # blind: a purchase is looked up by its number first, a release read by its SID.
    idempotent = frozenset({"update"})
    irreversible = frozenset({"create", "delete"})
    natural_key = "number"
    required_at_create = frozenset({"number"})
    lengths: ClassVar[Mapping[str, tuple[int, int]]] = {"name": (1, MAX_FRIENDLY_NAME)}
    extra_keys: ClassVar[Mapping[str, frozenset[str]]] = {"update": frozenset({_ACCOUNT_SID})}
    # The reply shows the new owner as `account_sid` (the number's tenant), not the key sent.
    write_only = frozenset({f"extra.{_ACCOUNT_SID}"})
    hints: ClassVar[Mapping[str, str]] = {
        "user_id": _NO_USERS,
        "number": _NUMBER_FIXED,
        "country": _OWN_KIND,
        "number_type": _OWN_KIND,
    }
    #: Twilio's 400s name the parameter in their message, not in details; a purchase
    #: refused names the number ("+14155550100 is not available", error 21422).
    message_fields: ClassVar[Mapping[str, str]] = {
        "PhoneNumber": "number",
        "phone number": "number",
        "is not available": "number",
        "FriendlyName": "name",
        "VoiceApplicationSid": "application_id",
        "TrunkSid": "trunk_id",
    }
    create_warning = (
        "Twilio bills a number from the day it is bought, every month until it is released; "
        "some countries require an address or a regulatory bundle first"
    )
    delete_warning = (
        "Releasing a Twilio number gives it back to Twilio, which may assign it to another "
        "customer: it cannot be undone, and buying it again may not be possible"
    )

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        errors = {
            field: problem
            for field, prefix in (("application_id", sids.APPLICATION), ("trunk_id", sids.TRUNK))
            if values.get(field) is not None
            and (problem := sids.sid_problem(prefix, values[field])) is not None
        }
        owner = (values.get("extra") or {}).get(_ACCOUNT_SID)
        if owner is not None:
            problem = sids.sid_problem(sids.ACCOUNT, owner)
            if problem is not None:
                errors[f"extra.{_ACCOUNT_SID}"] = problem
        return errors

    def plan_find(self, key: Any, scope: Scope) -> Plan[PhoneNumber | None]:
        """Twilio filters the listing by `PhoneNumber`: only the matching numbers are read."""
        by_number = (("PhoneNumber", key),)
        return (
            yield from self.find_in(key, lambda cursor: self.listed(scope, cursor, None, by_number))
        )

    # Search (AvailablePhoneNumbers).

    def check_search(self, query: NumberSearch) -> None:
        errors: dict[str, str] = {}
        if query.area_code is not None:
            if query.country not in AREA_CODE_COUNTRIES:
                errors["area_code"] = (
                    "applies only to numbers of the US and Canada at Twilio: search by "
                    "contains= elsewhere"
                )
            elif not _THREE_DIGITS.fullmatch(query.area_code):
                errors["area_code"] = (
                    f"must be a three-digit US or Canada area code at Twilio, not "
                    f"{query.area_code!r}"
                )
        if query.contains is not None and len(query.contains) < MIN_CONTAINS:
            errors["contains"] = f"must be at least {MIN_CONTAINS} digits at Twilio"
        if errors:
            raise ValidationError(field_errors=errors, provider=self.provider.name)

    def plan_search(
        self, query: NumberSearch, scope: Scope, cursor: Any
    ) -> Plan[Page[AvailableNumber]]:
        path = build_path(
            SEARCH_PATH,
            account=self.account(scope),
            country=query.country,
            kind=SEARCH_KINDS[query.number_type],
        )
        filters = [
            (key, value)
            for key, value in (("AreaCode", query.area_code), ("Contains", query.contains))
            if value is not None
        ]
        items, following, response = yield from self.listing(
            path, cursor, query.limit, filters, items_key="available_phone_numbers"
        )
        known = {"number_type": query.number_type, "country": query.country}
        offers = [self.to_offer(obj, response, **known) for obj in items]
        return Page(items=offers, next=following)
