"""Vobiz phone numbers (docs/vobiz.md gives the source of each rule).

A number's id is its E.164 with the `+`, sent in paths as `%2B` and digits. What a number
is attached to is changed by its own requests, not by a field of an update:
- an application: `POST .../numbers/{e164}/application` `{"application_id"}` (attaching
  re-points a number already attached), `DELETE` the same path to detach;
- a SIP trunk: `POST .../numbers/{e164}/assign` `{"trunk_group_id"}`, `DELETE` to unassign.
Vobiz keeps both on a number: routing it to one detaches it from the other, so that it goes
to one place (the number is read first to know). There is no read of one number: `get` reads
the listing filtered by the number (`search`). Buying is `purchase-from-inventory` (billed),
then the routing asked for; releasing is `DELETE .../numbers/{e164}` (for good). The listings
are page-based: `page`, `per_page` (at most 100), `{"items", "page", "per_page", "total"}`;
the inventory is searched by `country` and `search` (digits the E.164 contains), so an area
code is searched as the calling code and the area code, and each offer is checked to start
with them.
"""

import json
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from telephony_core import (
    AvailableNumber,
    NotFound,
    NumberSearch,
    NumberType,
    PhoneNumber,
    UnsupportedField,
    ValidationError,
)
from telephony_core.plivo_style import REPLY_KEYS, AccountResource, enabled_names, id_text
from telephony_core.translate import (
    FieldMap,
    Page,
    Plan,
    Scope,
    Step,
    WireField,
    WireRequest,
    WireResponse,
    build_path,
    calling_code,
    e164,
    run_in_order,
)

#: The documented casings: lower-case `account` for the listings and the purchase, `Account`
#: for what is done to one number.
NUMBERS = "/api/v1/account/{auth_id}/numbers"
INVENTORY = "/api/v1/account/{auth_id}/inventory/numbers"
PURCHASE = "/api/v1/account/{auth_id}/numbers/purchase-from-inventory"
NUMBER = "/api/v1/Account/{auth_id}/numbers/%2B{digits}"
APPLICATION = NUMBER + "/application"
TRUNK = NUMBER + "/assign"
#: List Account Phone Numbers and List Inventory Numbers: `per_page` 25 by default, at most 100.
DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
#: Numbers a lookup by number reads at most (the listing filtered by it holds one).
LOOKUP_PAGES = 5
_NO_NAME = "a Vobiz number has no label of its own"
_KIND_NOT_SEARCHABLE = (
    "Vobiz's inventory is searched by country and digits only, and does not say what kind a "
    "number is: search with number_type=local (the default), which lists every kind"
)


def _capabilities(value: object) -> frozenset[str]:
    """`{"voice": true, "sms": false, "mms": false, "fax": false}` -> `{"voice"}`."""
    if not isinstance(value, dict):
        raise ValueError("capabilities is an object of booleans")
    return enabled_names(value)


def _fee(value: object) -> str:
    """A fee sent as a number (`500`, `1.0`) or text, as the vendor's decimal text."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("a fee is a number")
    return str(value)


FIELDS = FieldMap(
    WireField("number", "e164", update=False),
    WireField("tenant", "account_id", also=("auth_id",), update=False, create=False),
    WireField("application_id", "application_id", from_wire=id_text),
    WireField("trunk_id", "trunk_group_id", from_wire=id_text),
    WireField("country", "country", update=False, create=False),
    WireField("capabilities", "capabilities", from_wire=_capabilities, update=False, create=False),
    WireField("created_at", "purchased_at", update=False, create=False),
    ignore=REPLY_KEYS,
)
OFFER_FIELDS = FieldMap(
    WireField("number", "e164"),
    WireField("country", "country"),
    WireField("region", "region"),
    WireField("capabilities", "capabilities", from_wire=_capabilities),
    WireField("monthly_cost", "monthly_fee", from_wire=_fee),
)


def number_digits(id: str) -> str:
    """The digits of a number id, which must be an E.164 number with the `+` (a
    `ValidationError` naming `id` otherwise): what goes after `%2B` in a path."""
    try:
        number = e164(id, "id")
    except ValidationError:
        raise ValidationError(
            field_errors={
                "id": f"must be a number in E.164 with the + (e.g. +14155550100), not {id[:40]!r}"
            }
        ) from None
    assert number is not None
    return number[1:]


class VobizNumbers(AccountResource[PhoneNumber]):
    """`client.numbers` at Vobiz (Phone Numbers, Attach Number to Application, Assign to trunk)."""

    model = PhoneNumber
    fields = FIELDS
    offer_fields = OFFER_FIELDS
    collection_path = NUMBERS
    operations = frozenset({"get", "list", "create", "update", "delete", "search"})
    natural_key = "number"
    scopes = frozenset({"tenant"})
    required_at_create = frozenset({"number"})
    extra_keys: ClassVar[Mapping[str, frozenset[str]]] = {"create": frozenset({"currency"})}
    hints: ClassVar[Mapping[str, str]] = {"name": _NO_NAME}
    #: Attaching and assigning set what a number points at; detaching twice changes nothing.
    idempotent = frozenset({"update"})
    #: Buying is billed, releasing gives the number back to the pool: never sent twice blind.
    irreversible = frozenset({"create", "delete"})
    find_max_pages = LOOKUP_PAGES
    create_warning = (
        "Vobiz bills the number's setup fee and first month at once, and every month after "
        "until it is released"
    )
    delete_warning = (
        "Vobiz returns a released number to its inventory, where anyone may buy it: it "
        "cannot be undone"
    )

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        currency = (values.get("extra") or {}).get("currency")
        if currency is not None and not (isinstance(currency, str) and currency.isalpha()):
            return {"extra.currency": "must be a currency code, e.g. INR or USD"}
        return {}

    # Reading.

    def read(self, obj: object, response: WireResponse, scope: Scope, **known: Any) -> PhoneNumber:
        """A number of a reply; its id is its `e164`."""
        number = obj.get("e164") if isinstance(obj, dict) else None
        if isinstance(number, str) and number.startswith("+") and number[1:].isdigit():
            known.setdefault("id", number)
        return super().read(obj, response, scope, **known)

    def plan_list(
        self, scope: Scope, cursor: Any, page_size: int | None
    ) -> Plan[Page[PhoneNumber]]:
        return (yield from self._listing(scope, cursor, page_size, ()))

    def _listing(
        self, scope: Scope, cursor: Any, page_size: int | None, filters: tuple[tuple[str, str], ...]
    ) -> Plan[Page[PhoneNumber]]:
        page: int = cursor or 1
        per_page = min(page_size or DEFAULT_PER_PAGE, MAX_PER_PAGE)
        query = [*filters, ("page", page), ("per_page", per_page)]
        request = self.provider.request("GET", self.path(scope), query=query)
        response = yield from self.exchange(request, 200)
        items, following = self._page(response, page, per_page)
        return Page(items=[self.read(item, response, scope) for item in items], next=following)

    def _page(self, response: WireResponse, page: int, per_page: int) -> tuple[list[Any], Any]:
        """The items of a page-based listing reply, and the next page's number (None: last)."""
        body = self.json_object(response)
        items, total = body.get("items"), body.get("total")
        if not isinstance(items, list) or isinstance(total, bool) or not isinstance(total, int):
            raise self.malformed(response, "expected 'items' and an integer 'total'")
        more = items and (page - 1) * per_page + len(items) < total
        return items, page + 1 if more else None

    def _by_number(self, number: str, scope: Scope) -> Plan[PhoneNumber | None]:
        """The number `number` (E.164) of the account, read through the filtered listing."""
        return (
            yield from self.plan_scan(
                lambda cursor: self._listing(scope, cursor, None, (("search", number),)),
                lambda item: item.number == number,
            )
        )

    def plan_get(self, id: str, scope: Scope) -> Plan[PhoneNumber]:
        number = "+" + number_digits(id)
        found = yield from self._by_number(number, scope)
        if found is None:
            raise NotFound(
                f"{self.provider.name}: account {self.account(scope)!r} holds no number {number}",
                provider=self.provider.name,
            )
        return found

    def plan_find(self, key: Any, scope: Scope) -> Plan[PhoneNumber | None]:
        return (yield from self._by_number(key, scope))

    # Writing.

    def _number_path(self, template: str, id: str, scope: Scope) -> str:
        return build_path(template, auth_id=self.account(scope), digits=number_digits(id))

    def _route(self, field: str, id: str, target: str | None, scope: Scope) -> Step[Any]:
        """The request that points the number at `target` (an application or a trunk), or
        detaches it from that kind of target when `target` is None."""
        template, key = (
            (APPLICATION, "application_id")
            if field == "application_id"
            else (TRUNK, "trunk_group_id")
        )
        path = self._number_path(template, id, scope)
        if target is None:
            request = self.provider.request("DELETE", path)
        else:
            request = self.provider.request("POST", path, json={key: target})
        return Step((field,), self.exchange(request, 200, 201, 202, 204))

    def _routing(
        self, id: str, changes: Mapping[str, Any], current: PhoneNumber | None, scope: Scope
    ) -> list[Step[Any]]:
        """The requests of the routing `changes`; `current` (when known) says what else the
        number is attached to, which routing it elsewhere detaches."""
        steps = [
            self._route(field, id, changes[field], scope)
            for field in ("application_id", "trunk_id")
            if field in changes
        ]
        if current is not None:
            steps += [
                self._route(other, id, None, scope)
                for other in self._cleared(changes)
                if getattr(current, other) is not None
            ]
        return steps

    @staticmethod
    def _cleared(changes: Mapping[str, Any]) -> list[str]:
        """The routing fields that `changes`, routing the number to one place, clears."""
        pairs = (("application_id", "trunk_id"), ("trunk_id", "application_id"))
        return [other for field, other in pairs if changes.get(field) and other not in changes]

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[PhoneNumber]:
        id = "+" + number_digits(id)
        routes_elsewhere = any(
            changes.get(field) is not None for field in ("application_id", "trunk_id")
        )
        current = (yield from self.plan_get(id, scope)) if routes_elsewhere else None
        yield from run_in_order(self._routing(id, changes, current, scope))
        cleared: dict[str, Any] = dict.fromkeys(self._cleared(changes))
        if current is None:
            model: PhoneNumber = self.model(id=id, number=id, **self.scoped(scope), **changes)
            return model
        return attrs.evolve(current, **changes, **cleared)

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[PhoneNumber]:
        number = values["number"]
        routing = {k: values[k] for k in ("application_id", "trunk_id") if values.get(k)}
        steps = [Step(("number",), self._buy(number, values, scope))]
        results = yield from run_in_order([*steps, *self._routing(number, routing, None, scope)])
        bought: PhoneNumber = results[0]
        return attrs.evolve(bought, **routing) if routing else bought

    def _buy(self, number: str, values: Mapping[str, Any], scope: Scope) -> Plan[PhoneNumber]:
        """Purchase from Inventory: the number bought, as the reply shows it (else as sent)."""
        body = {"e164": number, **(values.get("extra") or {})}
        path = build_path(PURCHASE, auth_id=self.account(scope))
        response = yield from self.exchange(
            self.provider.request("POST", path, json=body), 200, 201
        )
        bought = self.json_object(response).get("number")
        if isinstance(bought, dict):
            return self.read(bought, response, scope, id=number)
        model: PhoneNumber = self.model(id=number, number=number, **self.scoped(scope))
        return model

    def plan_delete(self, id: str, scope: Scope) -> Plan[None]:
        request = self.provider.request("DELETE", self._number_path(NUMBER, id, scope))
        response = yield request
        if response.status == 403 and b"does not own" in response.body:  # none to release
            denied = self.error(request, response)
            raise NotFound(
                f"{denied} (so account {self.account(scope)!r} holds no number {id} to release)",
                provider=self.provider.name,
                status=403,
                body_excerpt=denied.body_excerpt,
            )
        self.check(request, response, 200, 204)
        return None

    # Searching the inventory.

    def check_search(self, query: NumberSearch) -> None:
        if query.number_type is not NumberType.LOCAL:
            raise UnsupportedField(
                f"{self.provider.name} cannot search numbers by number_type: {_KIND_NOT_SEARCHABLE}",
                field="number_type",
                resource="numbers",
                operation="search",
                provider=self.provider.name,
            )
        if (query.area_code or query.contains) and calling_code(query.country) is None:
            raise ValidationError(
                field_errors={"country": f"{query.country} is not a country with a calling code"}
            )

    def plan_search(
        self, query: NumberSearch, scope: Scope, cursor: Any
    ) -> Plan[Page[AvailableNumber]]:
        code = calling_code(query.country) or ""
        prefix = "+" + code + (query.area_code or "")
        filters: list[tuple[str, Any]] = [("country", query.country)]
        if query.contains or query.area_code:
            filters.append(("search", query.contains or code + (query.area_code or "")))
        page: int = cursor or 1
        per_page = min(max(query.limit, 1), MAX_PER_PAGE)
        request = self.provider.request(
            "GET",
            build_path(INVENTORY, auth_id=self.account(scope)),
            query=[*filters, ("page", page), ("per_page", per_page)],
        )
        response = yield from self.exchange(request, 200)
        items, following = self._page(response, page, per_page)
        offers = [self.to_offer(item, response, country=query.country) for item in items]
        national = len(code) + 1
        wanted = [
            offer
            for offer in offers
            if offer.number.startswith(prefix)
            and (query.contains is None or query.contains in offer.number[national:])
        ]
        return Page(items=wanted, next=following)

    def dry_run_reply(self, request: WireRequest, id: str | None) -> WireResponse | None:
        """Stand in for the read of the number that routing it elsewhere needs (the number,
        attached to nothing), and for the purchase that routing a new number follows."""
        if request.method == "POST" and request.path.endswith("/purchase-from-inventory"):
            sent = json.loads(request.body or b"{}")
            body: dict[str, Any] = {"message": "Number purchased", "number": {"e164": sent["e164"]}}
        elif request.method == "GET" and id is not None and request.path.endswith("/numbers"):
            item = {"e164": id, "application_id": None, "trunk_group_id": None}
            body = {"items": [item], "page": 1, "per_page": DEFAULT_PER_PAGE, "total": 1}
        else:
            return None
        return WireResponse(status=200, body=json.dumps(body).encode())
