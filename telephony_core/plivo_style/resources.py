"""`AccountResource`: a resource living under an account of a Plivo-style API
(`/v1/Account/{auth_id}/Endpoint/` at Plivo, `/api/v1/Account/{auth_id}/Endpoint/` at Vobiz),
and the plans such APIs answer alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, TypeVar

import attrs

from telephony_core.models import Model
from telephony_core.plivo_style.paging import OffsetPaging
from telephony_core.translate.changes import fields_of
from telephony_core.translate.paging import Page
from telephony_core.translate.provider import Resource, Scope
from telephony_core.translate.wire import Plan, WireResponse, build_path

M = TypeVar("M", bound=Model)


class AccountResource(Resource[M]):
    """A resource under an account: `tenant=` names the account, else the credentials' own
    (the `account_setting`).

    Declare `collection_path` (a template with `{auth_id}`) and the listing's `paging`; the
    `item_path` is the collection's with `{id}/` appended (the trailing slash of Plivo-style
    paths) unless declared. The plans are what Plivo-style APIs do alike, each overridable:
    - get: `GET` the item, 200, the object;
    - list: `GET` the collection a page at a time (`OffsetPaging`);
    - create: `POST` the vendor keys to the collection, 200 or 201; the reply echoes only some
      fields (an id, a status text), so the values sent fill in those it does not show;
    - update: `POST` the changed keys to the item (a partial update), 200 or 202 with any body
      or none: the resource as known is then the id plus the changes;
    - delete: `DELETE` the item, 200 or 204.
    """

    collection_path: ClassVar[str]
    item_path: ClassVar[str]
    scopes = frozenset({"tenant"})  # the account in the path
    #: The plans' update sets values and delete removes: a repeat changes nothing more.
    idempotent = frozenset({"update", "delete"})

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "collection_path" in vars(cls) and "item_path" not in vars(cls):
            cls.item_path = cls.collection_path + "{id}/"

    paging: ClassVar[OffsetPaging]
    account_setting: ClassVar[str] = "auth_id"

    def account(self, scope: Scope) -> str:
        """The account a call applies to: `tenant=`, else the credentials' own."""
        return scope.tenant or self.provider.setting(self.account_setting)

    def path(self, scope: Scope, id: str | None = None) -> str:
        """The collection's path, or with `id` the item's (segments checked and escaped)."""
        if id is None:
            return build_path(self.collection_path, auth_id=self.account(scope))
        return build_path(self.item_path, auth_id=self.account(scope), id=id)

    def scoped(self, scope: Scope) -> dict[str, Any]:
        """What a model knows of `scope`: its `tenant`, where the model has one."""
        return {"tenant": self.account(scope)} if "tenant" in fields_of(self.model) else {}

    def read(self, obj: object, response: WireResponse, scope: Scope, **known: Any) -> M:
        """The neutral model of a vendor object in a reply; `known` fills what it lacks."""
        model: M = self.to_model(obj, response, **self.scoped(scope), **known)
        return model

    def plan_get(self, id: str, scope: Scope) -> Plan[M]:
        response = yield from self.exchange(self.provider.request("GET", self.path(scope, id)), 200)
        return self.read(self.json_object(response), response, scope, id=id)

    def plan_list(self, scope: Scope, cursor: Any, page_size: int | None) -> Plan[Page[M]]:
        return (yield from self.plan_page(self.path(scope), scope, cursor, page_size))

    def plan_page(
        self,
        path: str,
        scope: Scope,
        cursor: Any,
        page_size: int | None,
        filters: Iterable[tuple[str, Any]] = (),
    ) -> Plan[Page[M]]:
        """The page at offset `cursor` (None: the first) of the listing at `path`, narrowed
        by the vendor's `filters` (query parameters) if any."""
        offset: int = cursor or 0
        query = [*filters, *self.paging.query(offset, page_size)]
        response = yield from self.exchange(self.provider.request("GET", path, query=query), 200)
        try:
            objects, following = self.paging.read(self.json_object(response), offset)
        except ValueError as exc:
            raise self.malformed(response, str(exc)) from None
        return Page(items=[self.read(obj, response, scope) for obj in objects], next=following)

    def plan_create(self, values: Mapping[str, Any], scope: Scope) -> Plan[M]:
        request = self.provider.request("POST", self.path(scope), json=self.fields.to_wire(values))
        response = yield from self.exchange(request, 200, 201)
        return self.with_sent(self.read(self.json_object(response), response, scope), values)

    def with_sent(self, created: M, values: Mapping[str, Any]) -> M:
        """`created` with the values sent where its reply shows none (`extra` merged)."""
        sent = {k: v for k, v in values.items() if k != "extra" and getattr(created, k) is None}
        return attrs.evolve(created, **sent, extra={**values.get("extra", {}), **created.extra})

    def plan_update(self, id: str, changes: Mapping[str, Any], scope: Scope) -> Plan[M]:
        body = self.fields.to_wire(changes)
        yield from self.exchange(
            self.provider.request("POST", self.path(scope, id), json=body), 200, 202
        )
        model: M = self.model(id=id, **self.scoped(scope), **changes)  # type: ignore[assignment]
        return model

    def plan_delete(self, id: str, scope: Scope) -> Plan[None]:
        yield from self.exchange(self.provider.request("DELETE", self.path(scope, id)), 200, 204)
        return None
