"""Plivo phone numbers (docs/plivo.md gives the source of each rule).

A number's id is its digits (`14155550100`, Plivo's `number`); the neutral `number` has the
`+`. The numbers an account holds are `Number/`; the ones for sale `PhoneNumber/`, bought with
`POST PhoneNumber/{number}/`. Where a number's calls go is one key, `app_id`: an application,
or, for Zentrunk, an inbound trunk's id ("Zentrunk customers can pass the inbound trunk_id
as the app_id"); reads show the application as its URI and a trunk as `object_type`
`"trunk"` with its `object_id`. An update or a purchase that sends no `app_id` routes the
number to the account's `default_number_app`: an update that leaves the routing alone (a new
alias) reads the number first and sends its current `app_id` again. There is no documented
way to route a number nowhere. Plivo writes the country as a name (`"United States"`): it is
kept in `extra["country"]`, and `country` is that of the search for the numbers it offers.
"""

import json
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from telephony_core import (
    AvailableNumber,
    NumberSearch,
    NumberType,
    PhoneNumber,
    UnsupportedField,
    ValidationError,
)
from telephony_core.plivo_style import (
    REPLY_KEYS,
    AccountResource,
    OffsetPaging,
    enabled_names,
    id_text,
    uri_id,
)
from telephony_core.translate import (
    FieldMap,
    JsonObject,
    Page,
    Plan,
    Scope,
    WireField,
    WireRequest,
    WireResponse,
    build_path,
    calendar_date,
)

BUY = "/v1/Account/{auth_id}/PhoneNumber/{digits}/"
SEARCH = "/v1/Account/{auth_id}/PhoneNumber/"
#: The kinds Plivo names, as neutral number types (`fixed` is its name for a local number).
KINDS = {
    "local": NumberType.LOCAL,
    "fixed": NumberType.LOCAL,
    "tollfree": NumberType.TOLL_FREE,
    "toll-free": NumberType.TOLL_FREE,
    "mobile": NumberType.MOBILE,
    "national": NumberType.NATIONAL,
}
#: What a search sends as `type` for each neutral number type.
SEARCH_TYPES = {
    NumberType.LOCAL: "local",
    NumberType.TOLL_FREE: "tollfree",
    NumberType.MOBILE: "mobile",
    NumberType.NATIONAL: "national",
}
_CAPABILITY_KEYS = {"voice": "voice_enabled", "sms": "sms_enabled", "mms": "mms_enabled"}
_NO_CONTAINS = (
    "Plivo searches numbers by the digits they start with after the country code (its "
    "pattern): use area_code"
)
_ALIAS_AFTER_PURCHASE = "Plivo's Buy a Phone Number takes no alias: set name with update"


def _digits(id: str) -> str:
    """A Plivo number id: its digits, 7 to 15 of them, without the `+`."""
    if not (id.isascii() and id.isdigit() and 7 <= len(id) <= 15) or id.startswith("0"):
        shown = id[:40]
        hint = f" (without the +: {shown[1:]!r})" if shown.startswith("+") else ""
        raise ValidationError(
            field_errors={
                "id": f"must be the number's digits, e.g. 14155550100, not {shown!r}{hint}"
            }
        )
    return id


def _plus(value: object) -> str:
    """Plivo's `14155550100` as E.164: `+14155550100`."""
    if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).isdigit():
        raise ValueError("a number is its digits")
    return f"+{value}"


def _kind(value: object) -> NumberType:
    if not isinstance(value, str):
        raise ValueError("a kind is text")
    return KINDS[value.lower()]


def _capabilities(value: object) -> frozenset[str]:
    if not isinstance(value, dict):
        raise ValueError("not capabilities")
    return enabled_names(value)


FIELDS = FieldMap(
    WireField("number", "number", from_wire=_plus, update=False),
    WireField("tenant", "sub_account", update=False, create=False),
    WireField("name", "alias", create=False),
    WireField("application_id", "application", from_wire=uri_id),
    WireField("trunk_id", "trunk_id", from_wire=id_text),
    WireField("number_type", "number_type", from_wire=_kind, update=False, create=False),
    WireField("capabilities", "capabilities", from_wire=_capabilities, update=False, create=False),
    WireField("created_at", "added_on", from_wire=calendar_date, update=False, create=False),
    ignore=("resource_uri", *REPLY_KEYS),
)
OFFER_FIELDS = FieldMap(
    WireField("number", "number", from_wire=_plus),
    WireField("number_type", "sub_type", from_wire=_kind, also=("type",)),
    WireField("region", "region"),
    WireField("locality", "city"),
    WireField("capabilities", "capabilities", from_wire=_capabilities),
    WireField("monthly_cost", "monthly_rental_rate"),
    ignore=("resource_uri",),
)


def folded(obj: object) -> object:
    """A number object with its `voice_enabled`, `sms_enabled` and `mms_enabled` as one
    `capabilities` object, and its `object_id` as `trunk_id` when `object_type` is `trunk`."""
    if not isinstance(obj, dict):
        return obj
    source = obj if isinstance(obj, JsonObject) else JsonObject(obj)
    flags = {name: obj[key] for name, key in _CAPABILITY_KEYS.items() if key in obj}
    changes: dict[str, Any] = {"capabilities": flags} if flags else {}
    if obj.get("object_type") == "trunk" and obj.get("object_id") is not None:
        changes["trunk_id"] = obj["object_id"]
    return source.copy_with(changes, drop=_CAPABILITY_KEYS.values() if flags else ())


class PlivoNumbers(AccountResource[PhoneNumber]):
    """`client.numbers` at Plivo (Account Phone Number, Phone Number)."""

    model = PhoneNumber
    fields = FIELDS
    offer_fields = OFFER_FIELDS
    collection_path = "/v1/Account/{auth_id}/Number/"
    paging = OffsetPaging(max_limit=20, default_limit=20)
    operations = frozenset({"get", "list", "create", "update", "delete", "search"})
    natural_key = "number"
    scopes = frozenset({"tenant"})
    required_at_create = frozenset({"number"})
    clearable = False  # a number always goes somewhere (its app_id, else the default app)
    hints: ClassVar[Mapping[str, str]] = {"name": _ALIAS_AFTER_PURCHASE}
    message_fields: ClassVar[Mapping[str, str]] = {"app_id": "application_id", "alias": "name"}
    #: Buying is billed, releasing gives the number back: never sent twice blind.
    irreversible = frozenset({"create", "delete"})
    idempotent = frozenset({"update"})
    create_warning = (
        "Plivo bills the number from the day it is bought, every month until it is released; "
        "where the country requires verification it stays pending until documents are sent"
    )
    delete_warning = (
        "Plivo releases the number from the account: it cannot be undone, and the number may "
        "be rented to someone else"
    )

    def read(self, obj: object, response: WireResponse, scope: Scope, **known: Any) -> PhoneNumber:
        digits = obj.get("number") if isinstance(obj, dict) else None
        if isinstance(digits, str) and digits.isdigit():
            known.setdefault("id", digits)
        return super().read(folded(obj), response, scope, **known)

    def plan_get(self, id: str, scope: Scope) -> Plan[PhoneNumber]:
        return (yield from super().plan_get(_digits(id), scope))

    def plan_find(self, key: Any, scope: Scope) -> Plan[PhoneNumber | None]:
        """The number `key` (E.164), read through the listing filtered by its digits
        (`number_startswith`)."""
        path, filters = self.path(scope), [("number_startswith", key[1:])]
        return (
            yield from self.find_in(
                key, lambda cursor: self.plan_page(path, scope, cursor, None, filters)
            )
        )

    @staticmethod
    def _target(values: Mapping[str, Any]) -> str | None:
        """The `app_id` of a routing: the application's id, or the inbound trunk's."""
        target: str | None = values.get("application_id") or values.get("trunk_id")
        return target

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[PhoneNumber]:
        id = _digits(id)
        body: dict[str, Any] = {"alias": changes["name"]} if "name" in changes else {}
        current: PhoneNumber | None = None
        target = self._target(changes)
        if target is None:  # an update without app_id would route it to the default app
            current = yield from self.plan_get(id, scope)
            target = self._target(attrs.asdict(current, recurse=False))
        if target is not None:
            body["app_id"] = target
        path = self.path(scope, id)
        yield from self.exchange(self.provider.request("POST", path, json=body), 200, 202)
        routed = {"application_id": None, "trunk_id": None} if self._target(changes) else {}
        if current is None:
            model: PhoneNumber = self.model(
                id=id, number=f"+{id}", **self.scoped(scope), **{**routed, **changes}
            )
            return model
        return attrs.evolve(current, **{**routed, **changes})

    def plan_delete(self, id: str, scope: Scope) -> Plan[None]:
        return (yield from super().plan_delete(_digits(id), scope))

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[PhoneNumber]:
        number: str = values["number"]
        target = self._target(values)
        body = {"app_id": target} if target else {}
        path = build_path(BUY, auth_id=self.account(scope), digits=number[1:])
        response = yield from self.exchange(
            self.provider.request("POST", path, json=body), 200, 201
        )
        reply = self.json_object(response)
        bought = reply.get("numbers")
        first = bought[0] if isinstance(bought, list) and bought else None
        statuses = {
            "status": first.get("status") if isinstance(first, dict) else None,
            "order_status": reply.get("status"),
        }
        extra = {key: value for key, value in statuses.items() if value is not None}
        routing = {k: values[k] for k in ("application_id", "trunk_id") if values.get(k)}
        model: PhoneNumber = self.model(
            id=number[1:], number=number, **self.scoped(scope), **routing, extra=extra
        )
        return model

    def check_search(self, query: NumberSearch) -> None:
        if query.contains is not None:
            raise UnsupportedField(
                f"{self.provider.name} cannot search numbers by digits they contain: {_NO_CONTAINS}",
                field="contains",
                resource="numbers",
                operation="search",
                provider=self.provider.name,
            )

    def plan_search(
        self, query: NumberSearch, scope: Scope, cursor: Any
    ) -> Plan[Page[AvailableNumber]]:
        filters: list[tuple[str, Any]] = [
            ("country_iso", query.country),
            ("type", SEARCH_TYPES[query.number_type]),
        ]
        if query.area_code:
            filters.append(("pattern", query.area_code))
        offset: int = cursor or 0
        query_string = [*filters, *self.paging.query(offset, query.limit)]
        path = build_path(SEARCH, auth_id=self.account(scope))
        response = yield from self.exchange(
            self.provider.request("GET", path, query=query_string), 200
        )
        try:
            objects, following = self.paging.read(self.json_object(response), offset)
        except ValueError as exc:
            raise self.malformed(response, str(exc)) from None
        offers = [self.to_offer(folded(obj), response, country=query.country) for obj in objects]
        return Page(items=offers, next=following)

    def dry_run_reply(self, request: WireRequest, id: str | None) -> WireResponse | None:
        """Stand in for the read of the number that an update leaving its routing alone
        needs: the number, routed to no application (so none is sent again)."""
        if request.method != "GET" or id is None:
            return None
        return WireResponse(status=200, body=json.dumps({"number": id}).encode())
