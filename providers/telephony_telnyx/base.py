"""What every Telnyx resource shares: JSON:API-style replies (`{"data": ...}`), listings paged
by `page[number]` and `page[size]` (at most 250) until `meta.total_pages`, ISO 8601 time
stamps, and the plans of a plain collection (`GET`/`POST` on the collection, `GET`/`PATCH`/
`DELETE` on an item).
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, TypeVar

from telephony_core import Secret
from telephony_core.translate import (
    Model,
    Page,
    Plan,
    Resource,
    Scope,
    WireField,
    WireResponse,
    build_path,
)

M = TypeVar("M", bound=Model)

API = "/v2"
#: The largest `page[size]` every Telnyx listing accepts (the OpenAPI's 1..250); also what the
#: client asks for when a listing is given no page size (the fewest requests).
MAX_PAGE_SIZE = 250
#: The read-only time stamps of every Telnyx object (ISO 8601, read by the neutral model).
DATE_FIELDS = (
    WireField("created_at", "created_at", update=False, create=False),
    WireField("updated_at", "updated_at", update=False, create=False),
)
#: Reply keys that carry nothing neutral: the resource type of every object.
RECORD_TYPE = "record_type"
#: The values of the OpenAPI's enums that several objects share.
ANCHORSITES = (
    "Latency",
    "Chicago, IL",
    "Ashburn, VA",
    "San Jose, CA",
    "Sydney, Australia",
    "Amsterdam, Netherlands",
    "London, UK",
    "Toronto, Canada",
    "Vancouver, Canada",
    "Frankfurt, Germany",
)
DTMF_TYPES = ("RFC 2833", "Inband", "SIP INFO")

#: What a vendor key in `extra` must hold: a check, and what it must be.
ExtraRule = tuple[Callable[[Any], bool], str]


def one_of(*allowed: str) -> ExtraRule:
    return (lambda value: value in allowed, "one of " + ", ".join(repr(a) for a in allowed))


def _is_tags(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(tag, str) for tag in value)


def _is_url(value: Any) -> bool:
    return (
        isinstance(value, str)
        and value.startswith(("http://", "https://"))
        and value.isprintable()
        and " " not in value
    )


BOOLEAN: ExtraRule = (lambda value: isinstance(value, bool), "true or false")
TEXT: ExtraRule = (lambda value: isinstance(value, str), "a string")
#: A secret vendor key's text (the core makes it a `Secret`).
SECRET_TEXT: ExtraRule = (lambda value: isinstance(value, str | Secret), "a string")
TAGS: ExtraRule = (_is_tags, "a list of strings")
URL: ExtraRule = (_is_url, "an absolute http or https URL")


def whole_number(least: int, most: int | None = None) -> ExtraRule:
    def check(value: Any) -> bool:
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and least <= value
            and (most is None or value <= most)
        )

    return (check, f"a whole number from {least}" + (f" to {most}" if most is not None else ""))


def extra_problems(extra: object, rules: Mapping[str, ExtraRule]) -> dict[str, str]:
    """The vendor keys of `extra` whose values break the OpenAPI's rules, by `extra.<key>`."""
    if not isinstance(extra, Mapping):
        return {}
    return {
        f"extra.{key}": f"must be {rules[key][1]} at Telnyx"
        for key, value in extra.items()
        if key in rules and not rules[key][0](value)
    }


def page_query(
    number: int, page_size: int | None, filters: Iterable[tuple[str, Any]] = ()
) -> list[tuple[str, Any]]:
    """The query of page `number` of a listing: `filters`, `page[number]` and `page[size]`
    (`page_size`, at most `MAX_PAGE_SIZE`; that many when None)."""
    size = min(page_size or MAX_PAGE_SIZE, MAX_PAGE_SIZE)
    return [*filters, ("page[number]", number), ("page[size]", size)]


class TelnyxResource(Resource[M]):
    """A Telnyx collection at `collection` (under `/v2`), its items at `collection/{id}`.

    Telnyx calls act on the account of the API key: they take no `tenant` (a managed
    account is reached with its own API key) and, unless a resource says otherwise, no
    `owner`.
    """

    collection: ClassVar[str]
    scopes: ClassVar[frozenset[str]] = frozenset()
    #: The status of a successful create (201 for most collections, 200 for some).
    created_status: ClassVar[int] = 201

    def item_path(self, id: str) -> str:
        """The path of one item (the id checked: it cannot change the path)."""
        return build_path(API + self.collection + "/{id}", id=id)

    @property
    def collection_path(self) -> str:
        return API + self.collection

    def data(self, response: WireResponse) -> Any:
        """The `data` of a single-object reply, which must be a JSON object."""
        data = self.json_object(response).get("data")
        if not isinstance(data, dict):
            raise self.malformed(response, "expected an object under 'data'")
        return data

    def read(self, obj: Any, response: WireResponse, scope: Scope, **known: Any) -> M:
        """The neutral model of a Telnyx object; `known` fills what the reply lacks."""
        model: M = self.to_model(obj, response, **known)
        return model

    def listing(
        self,
        path: str,
        cursor: Any,
        page_size: int | None,
        filters: Iterable[tuple[str, Any]] = (),
    ) -> Plan[tuple[list[Any], int | None, WireResponse]]:
        """One page of the listing at `path`: its objects, the next page's number (None on the
        last page), and the reply.

        The cursor is the page number (None: the first). There is a next page while the page
        brought objects and `meta.page_number` is below `meta.total_pages`, as Telnyx's own
        SDK reads it (team-telnyx/telnyx-python `src/telnyx/pagination.py`); a reply without
        `meta` is one page.
        """
        number = cursor if isinstance(cursor, int) and cursor > 0 else 1
        request = self.provider.request("GET", path, query=page_query(number, page_size, filters))
        response = yield from self.exchange(request, 200)
        body = self.json_object(response)
        items, meta = body.get("data"), body.get("meta")
        if not isinstance(items, list):
            raise self.malformed(response, "expected a list under 'data'")
        if meta is None:
            return items, None, response
        if not isinstance(meta, dict):
            raise self.malformed(response, "expected an object under 'meta'")
        total, current = meta.get("total_pages"), meta.get("page_number", number)
        if total is None:
            return items, None, response
        if not _is_count(total) or not _is_count(current):
            raise self.malformed(response, "meta.total_pages and page_number must be numbers")
        return items, (current + 1 if items and current < total else None), response

    def filters(self, scope: Scope) -> list[tuple[str, Any]]:
        """The `filter[...]` parameters of the listing of `scope` (none by default)."""
        return []

    def plan_count(self, scope: Scope) -> Plan[int]:
        """How many there are: `meta.total_results` of a page of one."""
        request = self.provider.request(
            "GET", self.collection_path, query=page_query(1, 1, self.filters(scope))
        )
        response = yield from self.exchange(request, 200)
        meta = self.json_object(response).get("meta")
        total = meta.get("total_results") if isinstance(meta, dict) else None
        if not isinstance(total, int) or not _is_count(total):
            raise self.malformed(response, "expected a count in meta.total_results")
        return total

    def page(
        self,
        scope: Scope,
        cursor: Any,
        page_size: int | None,
        filters: Iterable[tuple[str, Any]] = (),
    ) -> Plan[Page[M]]:
        """One page of the collection, read as neutral models."""
        items, following, response = yield from self.listing(
            self.collection_path, cursor, page_size, [*self.filters(scope), *filters]
        )
        return Page(items=[self.read(obj, response, scope) for obj in items], next=following)

    # The plans of a plain collection.
    def plan_get(self, id: str, scope: Scope) -> Plan[M]:
        request = self.provider.request("GET", self.item_path(id))
        response = yield from self.exchange(request, 200)
        return self.read(self.data(response), response, scope, id=id)

    def plan_list(self, scope: Scope, cursor: Any, page_size: int | None) -> Plan[Page[M]]:
        return (yield from self.page(scope, cursor, page_size))

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[M]:
        body = self.fields.to_wire(values)
        request = self.provider.request("POST", self.collection_path, json=body)
        response = yield from self.exchange(request, self.created_status)
        return self.read(self.data(response), response, scope)

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[M]:
        request = self.provider.request(
            "PATCH", self.item_path(id), json=self.fields.to_wire(changes)
        )
        response = yield from self.exchange(request, 200)
        return self.read(self.data(response), response, scope, id=id)

    def plan_delete(self, id: str, scope: Scope) -> Plan[None]:
        yield from self.exchange(self.provider.request("DELETE", self.item_path(id)), 200, 204)
        return None


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
