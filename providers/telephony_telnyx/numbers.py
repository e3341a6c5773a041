"""Telnyx phone numbers as neutral numbers: `/v2/phone_numbers` (list, get, route, release),
`/v2/available_phone_numbers` (search) and `/v2/number_orders` (buy).

A number's calls go to its `connection_id`: a TeXML application (the neutral
`application_id`) or a SIP connection (`trunk_id`; a credential, IP or FQDN connection).
Telnyx's reply does not say which: a `connection_id` is read as an application when it names
one of the account's TeXML applications (one read, `GET /v2/texml_applications/{id}`, for a
single number; the TeXML listing for a page of them), else as a trunk. A routing change is
checked the same way before it is sent: `application_id` must name a TeXML application
(`NotFound` otherwise), `trunk_id` must not (a `ValidationError`). The API documents no way
to unroute a number (`connection_id` is a string), so neither field can be cleared.

Buying is a number order (`POST /v2/number_orders`, the routing in the same call); the
number is then read from the account's numbers (`filter[phone_number]`, digits only).
Releasing (`DELETE /v2/phone_numbers/{id}`) gives the number back to Telnyx for good.
"""

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from telephony_core import (
    AvailableNumber,
    NotFound,
    NumberSearch,
    PhoneNumber,
    ProviderError,
    ValidationError,
)
from telephony_core.translate import (
    FieldMap,
    JsonObject,
    Page,
    PageQuery,
    Plan,
    Scope,
    WireField,
    WireResponse,
    build_path,
    changeable_fields,
)
from telephony_telnyx.base import (
    API,
    RECORD_TYPE,
    TAGS,
    TEXT,
    ExtraRule,
    TelnyxResource,
    extra_problems,
)

NUMBER_ORDERS = API + "/number_orders"
AVAILABLE = API + "/available_phone_numbers"
ROUTES = ("application_id", "trunk_id")
#: What a phone number can carry, among the `features` Telnyx lists for an available number.
CAPABILITIES = frozenset({"voice", "sms", "mms", "fax"})
#: Telnyx's `phone_number_type` values that are a neutral `NumberType` (`tollfree` is an
#: older spelling the OpenAPI still lists).
NUMBER_TYPES = {
    "local": "local",
    "toll_free": "toll_free",
    "tollfree": "toll_free",
    "mobile": "mobile",
    "national": "national",
}
ORDER_FAILED = "failure"
EXTRA_RULES: Mapping[str, ExtraRule] = {"tags": TAGS, "customer_reference": TEXT}
_NO_NAME = (
    "a Telnyx phone number has no label: tag it (extra={'tags': [...]}) or set "
    "extra={'customer_reference': ...}"
)
_NOT_SETTABLE = "Telnyx sets a number's country, kind and capabilities itself"
_NO_USER = "a Telnyx number routes to a connection or a TeXML application, not to a PBX user"


def _number_type(value: object) -> str:
    if not isinstance(value, str) or value not in NUMBER_TYPES:
        raise ValueError("not a local, toll_free, mobile or national number")
    return NUMBER_TYPES[value]


FIELDS = FieldMap(
    WireField("id", "id", update=False, create=False),
    WireField("number", "phone_number", update=False),
    # Both are the number's `connection_id`: the plans read and write it (see the docstring).
    WireField("application_id", "connection_id", in_replies=False),
    WireField("trunk_id", "connection_id", in_replies=False),
    WireField("country", "country_iso_alpha2", update=False, create=False),
    WireField(
        "number_type", "phone_number_type", from_wire=_number_type, update=False, create=False
    ),
    WireField("created_at", "created_at", update=False, create=False),
    ignore=(RECORD_TYPE,),
)


def _objects(value: object) -> list[dict[str, Any]]:
    """The objects of a reply's list (nothing for anything else)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _capabilities(value: object) -> frozenset[str]:
    """The capabilities among an offer's `features` (`[{"name": "sms"}, ...]`)."""
    if not isinstance(value, list):
        raise ValueError("features are not a list")
    names = {item.get("name") for item in _objects(value)}
    return frozenset(CAPABILITIES & {name for name in names if isinstance(name, str)})


def fold_offer(obj: object) -> object:
    """An available number with its `region_information` (a list of `{"region_type",
    "region_name"}`) as `country_code`, `state` and `locality` (a `location`, else a
    `rate_center`) and its `cost_information` as `monthly_cost`, `upfront_cost` and
    `currency`, which `OFFER_FIELDS` read (or keep in `extra`)."""
    if not isinstance(obj, dict):
        return obj
    regions = {
        item.get("region_type"): item.get("region_name")
        for item in _objects(obj.get("region_information"))
        if isinstance(item.get("region_type"), str)
    }
    cost = obj.get("cost_information")
    changes: dict[str, Any] = dict(cost) if isinstance(cost, dict) else {}
    for key, region in (
        ("country_code", regions.get("country_code")),
        ("state", regions.get("state")),
        ("locality", regions.get("location") or regions.get("rate_center")),
    ):
        if region is not None:
            changes[key] = region
    source = obj if isinstance(obj, JsonObject) else JsonObject(obj)
    return source.copy_with(changes, drop=["region_information", "cost_information"])


OFFER_FIELDS = FieldMap(
    WireField("number", "phone_number"),
    WireField("country", "country_code"),
    WireField("region", "state"),
    WireField("locality", "locality"),
    WireField("capabilities", "features", from_wire=_capabilities),
    WireField("monthly_cost", "monthly_cost"),
    ignore=(RECORD_TYPE,),
)


def digits(number: str) -> str:
    """A number as `filter[phone_number]` takes it: digits only ("non-numerical characters
    will result in no values being returned")."""
    return number.removeprefix("+")


class TelnyxNumbers(TelnyxResource[PhoneNumber]):
    """`client.numbers` at Telnyx (phone numbers; number orders buy them)."""

    model = PhoneNumber
    fields = FIELDS
    offer_fields = OFFER_FIELDS
    collection = "/phone_numbers"
    operations = frozenset({"get", "list", "count", "create", "update", "delete", "search"})
    idempotent = frozenset({"update"})  # a PATCH of values
    #: Buying is billed, releasing gives the number back: never sent twice blind.
    irreversible = frozenset({"create", "delete"})
    natural_key = "number"
    required_at_create = frozenset({"number"})
    clearable = False  # connection_id is a string: a number cannot be unrouted
    extra_keys: ClassVar[Mapping[str, frozenset[str]]] = {"update": frozenset(EXTRA_RULES)}
    hints: ClassVar[Mapping[str, str]] = {
        "name": _NO_NAME,
        "user_id": _NO_USER,
        **{name: _NOT_SETTABLE for name in ("country", "number_type", "capabilities")},
        **{
            name: "a Telnyx number is bought with its number and routing only"
            for name in changeable_fields(PhoneNumber) - FIELDS.settable("create")
            if name not in ("name", "user_id", "country", "number_type")
        },
    }
    create_warning = (
        "Telnyx bills the number from the order on, every month until it is released; a "
        "number with regulatory requirements activates only once they are met"
    )
    delete_warning = (
        "this releases the number: Telnyx takes it back and may give it to another customer, "
        "which cannot be undone (a number with deletion lock enabled is refused)"
    )

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        return extra_problems(values.get("extra"), EXTRA_RULES)

    # Reading a number's route.
    def route_of(self, obj: Any, applications: frozenset[str]) -> tuple[Any, dict[str, Any]]:
        """A number object without its `connection_id`, and the routing fields it means:
        `application_id` when it names one of the TeXML `applications`, else `trunk_id`."""
        if not isinstance(obj, dict):
            return obj, {}
        connection = obj.get("connection_id")
        route: dict[str, Any] = {}
        if isinstance(connection, str) and connection:
            route = {"application_id" if connection in applications else "trunk_id": connection}
        elif connection not in (None, ""):
            return obj, {}  # not an id: it stays in extra, the routing unknown
        if isinstance(obj, JsonObject):
            return obj.copy_with({}, drop=["connection_id"]), route
        return {k: v for k, v in obj.items() if k != "connection_id"}, route

    def is_application(self, connection: str, field: str = "id") -> Plan[bool]:
        """Whether `connection` is one of the account's TeXML applications (a read of it:
        404 says no). `field` names the argument an id that would change the path is."""
        path = build_path("/v2/texml_applications/{" + field + "}", **{field: connection})
        request = self.provider.request("GET", path)
        response = yield request
        if response.status == 404:
            return False
        self.check(request, response, 200)
        return True

    def applications(self) -> Plan[frozenset[str]]:
        """The ids of every TeXML application of the account: its listing, every page (as
        bounded as any scan: `Resource.plan_scan`)."""
        texml = self.provider.resources["applications"]
        ids: set[str] = set()

        def collect(application: Any) -> bool:
            ids.add(application.id)
            return False  # never the one looked for: every page is read

        yield from texml.plan_scan(lambda cursor: texml.plan_list(Scope(), cursor, None), collect)
        return frozenset(ids)

    def read_numbers(
        self, objects: list[Any], response: WireResponse, **known: Any
    ) -> Plan[list[PhoneNumber]]:
        """Numbers of a reply, each with its route (see `route_of`)."""
        connections = {obj.get("connection_id") for obj in objects if isinstance(obj, dict)} - {
            None,
            "",
        }
        applications: frozenset[str] = frozenset()
        if len(connections) == 1:
            (only,) = connections
            if isinstance(only, str) and (yield from self.is_application(only)):
                applications = frozenset({only})
        elif connections:
            applications = yield from self.applications()
        numbers: list[PhoneNumber] = []
        for obj in objects:
            stripped, route = self.route_of(obj, applications)
            number: PhoneNumber = self.to_model(stripped, response, **{**route, **known})
            numbers.append(number)
        return numbers

    def plan_get(self, id: str, scope: Scope) -> Plan[PhoneNumber]:
        response = yield from self.exchange(self.provider.request("GET", self.item_path(id)), 200)
        (number,) = yield from self.read_numbers([self.data(response)], response, id=id)
        return number

    def numbers_page(
        self, cursor: Any, page_size: int | None, filters: Iterable[tuple[str, Any]] = ()
    ) -> Plan[Page[PhoneNumber]]:
        items, following, response = yield from self.listing(
            self.collection_path, cursor, page_size, filters
        )
        return Page(items=(yield from self.read_numbers(items, response)), next=following)

    def plan_list(
        self, scope: Scope, cursor: Any, page_size: int | None
    ) -> Plan[Page[PhoneNumber]]:
        return (yield from self.numbers_page(cursor, page_size))

    def plan_find(self, key: Any, scope: Scope) -> Plan[PhoneNumber | None]:
        """Telnyx filters the account's numbers by `filter[phone_number]` (digits)."""
        by_number = [("filter[phone_number]", digits(key))]
        return (
            yield from self.find_in(key, lambda cursor: self.numbers_page(cursor, None, by_number))
        )

    # Writing a number's route.
    def check_route(self, values: Mapping[str, Any]) -> Plan[None]:
        """Check that the routing field `values` set says what its `connection_id` is: a
        TeXML application for `application_id`, anything else for `trunk_id`."""
        for name in ROUTES:
            connection = values.get(name)
            if connection is None:
                continue
            application = yield from self.is_application(connection, name)
            if name == "application_id" and not application:
                raise NotFound(
                    f"{self.provider.name}: application_id {connection!r} is not a TeXML "
                    "application of this account (GET /v2/texml_applications/"
                    f"{connection} found none): nothing was changed",
                    provider=self.provider.name,
                    status=404,
                )
            if name == "trunk_id" and application:
                raise ValidationError(
                    field_errors={
                        name: f"{connection!r} is a TeXML application: route to it with "
                        "application_id"
                    },
                    provider=self.provider.name,
                )

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[PhoneNumber]:
        route = {name: changes[name] for name in ROUTES if name in changes}
        yield from self.check_route(changes)
        request = self.provider.request(
            "PATCH", self.item_path(id), json=self.fields.to_wire(changes)
        )
        response = yield from self.exchange(request, 200)
        obj = self.data(response)
        if not route:
            (number,) = yield from self.read_numbers([obj], response, id=id)
            return number
        stripped, _ = self.route_of(obj, frozenset())
        known = {"application_id": None, "trunk_id": None, **route}
        return self.to_model(stripped, response, id=id, **known)

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[PhoneNumber]:
        number = values["number"]
        yield from self.check_route(values)
        routing = self.fields.to_wire({name: values[name] for name in ROUTES if name in values})
        order = {"phone_numbers": [{"phone_number": number}], **routing}
        request = self.provider.request("POST", NUMBER_ORDERS, json=order)
        response = yield from self.exchange(request, 200, 201)
        placed = self.data(response)
        status = self.order_status(placed, number)
        if status == ORDER_FAILED:
            raise ProviderError(
                f"{self.provider.name}: the number order {placed.get('id')!r} for {number} "
                "failed: Telnyx did not sell the number (search for it again)",
                provider=self.provider.name,
                status=response.status,
            )
        found = yield from self.plan_find(number, scope)
        if found is None:
            raise ProviderError(
                f"{self.provider.name}: the number order {placed.get('id')!r} for {number} was "
                f"placed (status {status!r}), but the account does not list the number yet: "
                f"look for it later with numbers.find({number!r})",
                provider=self.provider.name,
                status=response.status,
            )
        return found

    def order_status(self, order: Mapping[str, Any], number: str) -> Any:
        """The status of `number` in a number order (the order's own without one)."""
        for item in order.get("phone_numbers") or ():
            if isinstance(item, dict) and item.get("phone_number") == number:
                return item.get("status", order.get("status"))
        return order.get("status")

    def plan_delete(self, id: str, scope: Scope) -> Plan[None]:
        yield from self.exchange(self.provider.request("DELETE", self.item_path(id)), 200)
        return None

    # Search.
    def plan_search(
        self, query: NumberSearch, scope: Scope, cursor: Any
    ) -> Plan[Page[AvailableNumber]]:
        filters: PageQuery = (
            ("filter[country_code]", query.country),
            ("filter[phone_number_type]", query.number_type.value),
            *((("filter[national_destination_code]", query.area_code),) if query.area_code else ()),
            *((("filter[phone_number][contains]", query.contains),) if query.contains else ()),
            ("filter[limit]", str(query.limit)),
        )
        response = yield from self.exchange(
            self.provider.request("GET", AVAILABLE, query=filters), 200
        )
        items = self.json_object(response).get("data")
        if not isinstance(items, list):
            raise self.malformed(response, "expected a list under 'data'")
        known = {"country": query.country, "number_type": query.number_type}
        return Page(items=[self.to_offer(fold_offer(obj), response, **known) for obj in items])
