"""SiPbx (NetSapiens API v2) phone numbers as neutral numbers (docs/sipbx.md gives the source
of each rule).

A domain's numbers are `/domains/{domain}/phonenumbers[/{phonenumber}]`: `tenant` is the
domain (`~`, the token's own, by default); a number's id is its digits as NetSapiens writes
them (`14155550100`), the neutral `number` has the `+`. Where its calls go is its dial rule:
`dial-rule-application` with a destination user and host. `user_id` is the `to-user`
application (destination user: the user; host: the domain), `trunk_id` the `to-connection`
application (host: the connection; user `[*]`, the dialled number unchanged); a number routed
nowhere is `available-number`. Any other application (a call queue, voicemail, ...) is read
as no neutral routing, its keys kept in `extra`.

Numbers come from the reseller: `create` adds to the domain a number the reseller has given
it (nothing is bought), `delete` takes it out of the domain; there is no search. Writes answer
`202 {"code": 202, "message": "Accepted"}` and are applied a moment later: a write returns
the number as known from the call, as a read would show it. An update must always send the
destination user (the vendor requires it): one that leaves the routing alone reads the number
first and sends its current destination user again.
"""

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from telephony_core import PhoneNumber, ValidationError
from telephony_core.translate import (
    FieldMap,
    Page,
    Plan,
    Resource,
    Scope,
    WireField,
    WireResponse,
    build_path,
)
from telephony_sipbx.devices import ALL_DOMAINS, OWN, scope_errors

NUMBERS = "/domains/{domain}/phonenumbers"
#: `GET .../phonenumbers/count` counts the domain's numbers.
COUNT = "count"
APPLICATION = "dial-rule-application"
DESTINATION_USER = "dial-rule-translation-destination-user"
DESTINATION_HOST = "dial-rule-translation-destination-host"
DESCRIPTION = "dial-rule-description"
#: The dial-rule applications a neutral routing is written as, and read from.
TO_USER = "to-user"
TO_CONNECTION = "to-connection"
UNROUTED = "available-number"
#: In a dial rule's translation, "what the call already has" (the dialled number, its host).
KEEP = "[*]"
#: The destination host of a `to-user` rule when the domain is the token's own (`~`): the
#: vendor's token for "the domain of the one who owns the rule".
OWN_DOMAIN = "<OwnDomain>"
#: The keys that say where a number's calls go, kept in `extra` as the vendor wrote them.
ROUTING_KEYS = (APPLICATION, DESTINATION_USER, DESTINATION_HOST)
#: A number's id: the digits of its E.164 form, without the `+`.
_DIGITS = re.compile(r"[0-9]{1,15}")
NO_APPLICATIONS = (
    "SiPbx has no applications (webhook bundles): route the number to a user (user_id) or "
    "a connection (trunk_id)"
)
NO_SEARCH = (
    "SiPbx does not sell numbers: the reseller assigns them to a domain, outside the API; "
    "numbers.create adds one the reseller has given the domain"
)


def digits(number: str) -> str:
    """A validated E.164 number (`+14155550100`) as SiPbx writes it: `14155550100`."""
    return number.removeprefix("+")


def _plus(value: object) -> str:
    """SiPbx's `14155550100` as E.164 (the model checks the rest)."""
    if not isinstance(value, str) or not value.isdigit():
        raise ValueError("a SiPbx phonenumber is its digits, e.g. 18005551234")
    return f"+{value}"


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


FIELDS = FieldMap(
    WireField("number", "phonenumber", to_wire=digits, from_wire=_plus, update=False),
    WireField("tenant", "domain", update=False, create=False),
    WireField("name", DESCRIPTION, from_wire=_text),
    # Written as a dial rule (`routing`); read from one (`routing_of`), never from the key alone.
    WireField("user_id", DESTINATION_USER, in_replies=False),
    WireField("trunk_id", DESTINATION_HOST, in_replies=False),
)


def check_id(id: str) -> str:
    """A SiPbx number id (its digits), or a `ValidationError` naming `id`."""
    if not _DIGITS.fullmatch(id):
        shown = id[:40]
        hint = f" (without the +: {shown[1:]!r})" if shown.startswith("+") else ""
        raise ValidationError(
            field_errors={
                "id": f"must be the number's digits as SiPbx writes them, e.g. 14155550100, "
                f"not {shown!r}{hint}"
            },
            provider="sipbx",
        )
    return id


def own_domain(scope: Scope) -> str:
    """The domain a `to-user` rule sends calls to: the scope's, or the token's own."""
    return OWN_DOMAIN if scope.tenant in (None, OWN) else scope.tenant


def routing(values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
    """The dial-rule keys of the routing in `values`: to its user, to its connection, or (no
    routing field set) nowhere."""
    if values.get("user_id") is not None:
        return {
            APPLICATION: TO_USER,
            DESTINATION_USER: values["user_id"],
            DESTINATION_HOST: own_domain(scope),
        }
    if values.get("trunk_id") is not None:
        return {
            APPLICATION: TO_CONNECTION,
            DESTINATION_USER: KEEP,
            DESTINATION_HOST: values["trunk_id"],
        }
    return {APPLICATION: UNROUTED, DESTINATION_USER: KEEP, DESTINATION_HOST: KEEP}


def routing_of(obj: Mapping[str, Any]) -> dict[str, str | None]:
    """The neutral routing of a vendor number: its user (`to-user`), its connection
    (`to-connection`), else none."""
    application = obj.get(APPLICATION)
    user, host = obj.get(DESTINATION_USER), obj.get(DESTINATION_HOST)
    if application == TO_USER and isinstance(user, str) and user:
        return {"user_id": user, "trunk_id": None}
    if application == TO_CONNECTION and isinstance(host, str) and host:
        return {"user_id": None, "trunk_id": host}
    return {"user_id": None, "trunk_id": None}


class SipbxNumbers(Resource[PhoneNumber]):
    """`client.numbers` at SiPbx (NetSapiens API v2 phone numbers of a domain)."""

    model = PhoneNumber
    fields = FIELDS
    operations = frozenset({"get", "list", "count", "create", "update", "delete"})
    #: Why an operation the model has is not here (`UnsupportedOperation` says it).
    operations_not_offered: ClassVar[Mapping[str, str]] = {"search": NO_SEARCH}
    natural_key = "number"
    scopes = frozenset({"tenant"})
    required_at_create = frozenset({"number"})
    # A repeated PUT sets the same dial rule again. Taking a number out of the domain is not
    # resent after an unknown outcome without reading it first: gone, it is done.
    idempotent = frozenset({"update"})
    irreversible = frozenset({"delete"})
    delete_warning = (
        "SiPbx takes the number out of the domain: its calls are no longer answered there, and "
        "only the reseller can give it back to the domain if another takes it in the meantime"
    )
    paged_listing = False  # a domain's numbers are one JSON array: the path has no pages
    hints: ClassVar[Mapping[str, str]] = {
        "application_id": NO_APPLICATIONS,
        "number": "the number is its id: delete it and create the other one",
        "country": "SiPbx keeps no country for a number",
        "number_type": "SiPbx keeps no kind for a number",
    }
    message_fields: ClassVar[Mapping[str, str]] = {DESCRIPTION: "name"}

    def validate(self, operation: str, values: Mapping[str, Any], scope: Scope) -> dict[str, str]:
        errors = self.scope_errors(scope)
        if values.get("name", "") is None:
            errors["name"] = "cannot be cleared at SiPbx: send '' for no description"
        for field in ("user_id", "trunk_id"):
            if values.get(field) == "":
                errors[field] = "must not be empty (None routes the number nowhere)"
        return errors

    @staticmethod
    def scope_errors(scope: Scope) -> dict[str, str]:
        """The domain rules of the path (`devices.scope_errors`); a number is in one domain,
        so `*` (every domain) is refused."""
        errors = scope_errors(scope)
        if scope.tenant is not None and ALL_DOMAINS.fullmatch(scope.tenant):
            errors["tenant"] = f"must be one SiPbx domain ({OWN} for the token's own), not *"
        return errors

    def _path(self, scope: Scope, number: str | None = None, *, count: bool = False) -> str:
        errors = self.scope_errors(scope)
        if errors:
            raise ValidationError(field_errors=errors, provider=self.provider.name)
        path = build_path(NUMBERS, domain=scope.tenant or OWN)
        if number is not None:
            path += build_path("/{phonenumber}", phonenumber=check_id(number))
        return path + f"/{COUNT}" if count else path

    def _read(self, obj: object, response: WireResponse, scope: Scope, **known: Any) -> PhoneNumber:
        """A vendor number, with its id (the digits) and routing (`routing_of`)."""
        if isinstance(obj, dict):
            number = obj.get("phonenumber")
            if isinstance(number, str) and number:
                known.setdefault("id", number)
            known |= routing_of(obj)
        found: PhoneNumber = self.to_model(obj, response, tenant=scope.tenant or OWN, **known)
        return found

    def _fetch(self, id: str, scope: Scope) -> Plan[tuple[dict[str, Any], WireResponse]]:
        """The vendor object of number `id`, and the reply it came in."""
        response = yield from self.exchange(
            self.provider.request("GET", self._path(scope, id)), 200
        )
        return self.json_object(response), response

    def plan_get(self, id: str, scope: Scope) -> Plan[PhoneNumber]:
        obj, response = yield from self._fetch(id, scope)
        return self._read(obj, response, scope, id=id)

    def plan_find(self, key: Any, scope: Scope) -> Plan[PhoneNumber | None]:
        """The number `key` (E.164), read by its id (its digits)."""
        response = yield from self.exchange(
            self.provider.request("GET", self._path(scope, digits(key))), 200, 404
        )
        if response.status == 404:
            return None
        return self._read(self.json_object(response), response, scope, id=digits(key))

    def plan_list(
        self, scope: Scope, cursor: Any, page_size: int | None
    ) -> Plan[Page[PhoneNumber]]:
        response = yield from self.exchange(self.provider.request("GET", self._path(scope)), 200)
        body = response.json(provider=self.provider.name)
        if not isinstance(body, list):
            raise self.malformed(response, "expected a JSON array of phone numbers")
        return Page(items=[self._read(obj, response, scope) for obj in body])

    def plan_count(self, scope: Scope) -> Plan[int]:
        response = yield from self.exchange(
            self.provider.request("GET", self._path(scope, count=True)), 200
        )
        total = self.json_object(response).get("total")
        if isinstance(total, bool) or not isinstance(total, int) or total < 0:
            raise self.malformed(response, "expected a non-negative integer 'total'")
        return total

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[PhoneNumber]:
        number = digits(values["number"])
        body: dict[str, Any] = {"phonenumber": number, **routing(values, scope)}
        if values.get("name") is not None:
            body[DESCRIPTION] = values["name"]
        response = yield from self.exchange(
            self.provider.request("POST", self._path(scope), json=body), 200, 202
        )
        if response.status == 200:  # the number itself, where a server sends it
            return self._read(self.json_object(response), response, scope, id=number)
        # Accepted, applied a moment later: the number as sent, read as a reply would be.
        return self._read(body, response, scope, id=number)

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[PhoneNumber]:
        path = self._path(scope, id)
        body: dict[str, Any] = {DESCRIPTION: changes["name"]} if "name" in changes else {}
        current: dict[str, Any] = {"phonenumber": id}
        if any(changes.get(field) is not None for field in ("user_id", "trunk_id")):
            body |= routing(changes, scope)
        else:
            # The vendor needs the destination user in every update: this one leaves the
            # routing alone, or clears it; the current dial rule says which it is.
            current, read = yield from self._fetch(id, scope)
            routed = routing_of(current)
            if any(routed[field] is not None for field in changes if field in routed):
                body |= routing({}, scope)
            elif isinstance(current.get(DESTINATION_USER), str):
                body[DESTINATION_USER] = current[DESTINATION_USER]
            else:
                raise self.malformed(
                    read, f"the number has no {DESTINATION_USER}, which an update must resend"
                )
        response = yield from self.exchange(self.provider.request("PUT", path, json=body), 200, 202)
        # Accepted, applied a moment later: the number as known, read as a reply would be.
        return self._read({**current, **body}, response, scope, id=id)

    def plan_delete(self, id: str, scope: Scope) -> Plan[None]:
        yield from self.exchange(
            self.provider.request("DELETE", self._path(scope, id)), 200, 202, 204
        )
        return None
