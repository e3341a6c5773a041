"""Planning: match records to the target's resources by natural key, and say what to do.

How the target is read: one listing pass per resource, into a dict keyed by natural key,
made when the first record of that resource comes. That costs the listing's requests once
(a 20,000-device fleet at 100 per page: 200 requests) and memory for the target's resources;
looking each record up with `find` instead would cost one request per record where the
vendor has a filter, and a scan of the listing per record where it has not (20,000 x 200
requests). Records themselves are streamed: a plan is produced one item at a time.

Nothing is written: a create or update is checked against the target's rules with a dry run
(`client.dry_run`), so an item the target would refuse shows up as `unsupported` here.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import Any

import attrs

from telephony_core.client import AsyncClient, Client
from telephony_core.errors import ConfigurationError, TelephonyError, ValidationError
from telephony_core.fleet.items import (
    CREATE,
    DELETE,
    UNCHANGED,
    UNSUPPORTED,
    UPDATE,
    PlanItem,
)
from telephony_core.fleet.records import Record, model_of
from telephony_core.fleet.streams import as_async
from telephony_core.translate.capabilities import ResourceCapabilities
from telephony_core.translate.changes import coerce_field, to_plain
from telephony_core.translate.provider import Resource


def _alters_keys(adapter: Resource[Any]) -> bool:
    """Whether the vendor's resource overrides `Resource.matches` (it alters keys it is sent)."""
    own = getattr(type(adapter).matches, "__func__", None)
    return own is not getattr(Resource.matches, "__func__", None)


class _Target:
    """One resource at the target: its capabilities and, once read, its resources by key."""

    def __init__(
        self,
        resource: str,
        caps: ResourceCapabilities | None,
        adapter: Resource[Any] | None,
    ) -> None:
        self.resource = resource
        self.caps = caps
        self.model = model_of(resource)
        self.key_field = caps.natural_key if caps else "id"
        self.write_only = adapter.write_only if adapter is not None else frozenset()
        #: The vendor's `Resource.matches` where it alters keys it is sent (Plivo appends
        #: digits to a new username), else None: keys are then matched by equality alone.
        self.loose_match = (
            adapter.matches if adapter is not None and _alters_keys(adapter) else None
        )
        self.index: dict[Any, Any] | None = None
        #: Resources whose natural key another one already has (only `prune` touches them).
        self.duplicates: list[Any] = []
        self.seen: set[Any] = set()

    @property
    def listable(self) -> bool:
        return self.caps is not None and "list" in self.caps.operations

    def settable(self, operation: str) -> frozenset[str]:
        return self.caps.fields.get(operation, frozenset()) if self.caps else frozenset()

    def add(self, model: Any) -> None:
        """Index one resource read from the target."""
        assert self.index is not None
        key = getattr(model, self.key_field)
        if key is None:
            return  # cannot be matched by key: left alone
        if key in self.index:
            self.duplicates.append(model)
        else:
            self.index[key] = model

    def take(self, key: Any) -> Any:
        """Remove and return the resource with natural key `key`, or None: the same key,
        else (where the vendor alters keys) the last one in key order that `matches` it."""
        assert self.index is not None
        existing = self.index.pop(key, None)
        if existing is not None or self.loose_match is None:
            return existing
        matching = [k for k in self.index if self.loose_match(self.key_field, k, key)]
        return self.index.pop(max(matching)) if matching else None


class Planner:
    """The matching and diffing of a plan, with no I/O: the drivers (`plan`, `plan_async`)
    feed it the target's listings and the records."""

    def __init__(
        self, client: Client | AsyncClient, *, prune: bool, resources: Iterable[str] | None
    ) -> None:
        self.client = client
        self.capabilities = client.capabilities
        self.prune = prune
        self.resources = None if resources is None else tuple(resources)
        self.targets: dict[str, _Target] = {}
        for resource in self.resources or ():
            self.target(resource)

    @property
    def provider(self) -> str:
        name: str = self.capabilities.provider
        return name

    def target(self, resource: str) -> _Target:
        """The target's side of `resource` (its listing read once `start_listing` says so)."""
        found = self.targets.get(resource)
        if found is None:
            if self.resources is not None and resource not in self.resources:
                raise ValidationError(
                    f"records of {resource} in a plan of {', '.join(self.resources)} only"
                )
            adapter = self.client.provider.resources.get(resource)
            found = _Target(resource, self.capabilities.resources.get(resource), adapter)
            self.targets[resource] = found
        return found

    def start_listing(self, target: _Target) -> bool:
        """True, once per resource, when the caller must now read the target's listing of
        `target` into it (`_Target.add`), before its records can be matched."""
        if target.index is None and target.listable:
            target.index = {}
            return True
        return False

    def item(self, record: Record) -> PlanItem:
        """What to do about one record (its target's listing already read)."""
        target = self.target(record.resource)
        try:
            key = coerce_field(target.model, target.key_field, record.key)
        except ValidationError as exc:
            raise ValidationError(
                f"{record.where or record.resource}: key: {exc.message}"
            ) from None
        if key in target.seen:
            raise ValidationError(
                f"{record.where or record.resource}: a second {record.resource} record with key {record.key!r}"
            )
        target.seen.add(key)
        record = attrs.evolve(record, key=str(to_plain(key)))  # the key in its canonical form
        if target.caps is None:
            return self._unsupported(record, f"{self.provider} has no {record.resource}")
        if not target.listable:
            return self._unsupported(record, f"{self.provider} cannot list {record.resource}")
        assert target.index is not None
        existing = target.take(key)
        if existing is None:
            return self._create(target, record, key)
        return self._update(target, record, existing)

    def leftovers(self) -> Iterator[PlanItem]:
        """With `prune`: a delete for each target resource no record named."""
        if not self.prune:
            return
        for target in self.targets.values():
            if target.index is None:
                continue
            for model in [*target.index.values(), *target.duplicates]:
                key = str(getattr(model, target.key_field))
                if target.caps is None or "delete" not in target.caps.operations:
                    yield PlanItem(
                        resource=target.resource,
                        key=key,
                        action=UNSUPPORTED,
                        id=model.id,
                        reason=f"{self.provider} cannot delete {target.resource}",
                    )
                else:
                    yield PlanItem(resource=target.resource, key=key, action=DELETE, id=model.id)
            target.index.clear()
            target.duplicates.clear()

    def pruned_unread(self) -> list[_Target]:
        """Targets to prune whose listing no record made us read yet."""
        if not self.prune:
            return []
        return [t for t in self.targets.values() if self.start_listing(t)]

    # The items.
    def _unsupported(self, record: Record, reason: str, **known: Any) -> PlanItem:
        return PlanItem(
            resource=record.resource, key=record.key, action=UNSUPPORTED, reason=reason, **known
        )

    def _hint(self, target: _Target, name: str, operation: str) -> str:
        adapter = self.client.provider.resources.get(target.resource)
        hint = adapter.hints.get(name) if adapter is not None else None
        return hint or f"{self.provider} cannot set {target.resource}.{name} on {operation}"

    def _create(self, target: _Target, record: Record, key: Any) -> PlanItem:
        assert target.caps is not None
        if "create" not in target.caps.operations:
            return self._unsupported(record, f"{self.provider} cannot create {record.resource}")
        settable = target.settable("create")
        if target.key_field not in settable:
            return self._unsupported(
                record, f"{self.provider} cannot set the natural key {target.key_field} on create"
            )
        changes: dict[str, Any] = {target.key_field: to_plain(key)}
        unsupported: dict[str, str] = {}
        for name, value in record.fields.items():
            if name == target.key_field and to_plain(key) != value:
                return self._unsupported(
                    record, f"{name} {value!r} is not the record's key {record.key!r}"
                )
            if name in settable:
                changes[name] = value
            else:
                unsupported[name] = self._hint(target, name, "create")
        given = tuple(name for name in record.secrets if name in settable)
        unsupported |= {
            name: self._hint(target, name, "create")
            for name in record.secrets
            if name not in settable
        }
        policy = target.caps.password_policy
        generate = (
            ("password",)
            if policy is not None and "password" in settable and "password" not in given
            else ()
        )
        item = PlanItem(
            resource=record.resource,
            key=record.key,
            action=CREATE,
            changes=changes,
            unsupported=unsupported,
            generate=generate,
            given=given,
            secrets={name: record.secrets[name] for name in given},
        )
        stand_ins = {name: policy.generate() for name in generate} if policy else {}
        return self._checked(item, "create", None, {**changes, **item.secrets, **stand_ins})

    def _update(self, target: _Target, record: Record, existing: Any) -> PlanItem:
        create_only = target.settable("create") - target.settable("update")
        changes: dict[str, Any] = {}
        before: dict[str, Any] = {}
        unsupported: dict[str, str] = {}
        for name, value in record.fields.items():
            if name == target.key_field:
                continue
            if name in target.write_only:
                unsupported[name] = f"write-only at {self.provider}: not compared"
                continue
            current = to_plain(getattr(existing, name))
            if name not in target.settable("update") and name not in create_only:
                unsupported[name] = self._hint(target, name, "update")
            elif current == value:
                continue
            elif name in create_only:
                unsupported[name] = self._hint(target, name, "update")
            else:
                changes[name] = value
                before[name] = current
        unsupported |= {
            name: f"write-only at {self.provider}: set at create only" for name in record.secrets
        }
        common = {"resource": record.resource, "key": record.key, "id": existing.id}
        if not changes:
            return PlanItem(action=UNCHANGED, unsupported=unsupported, **common)
        assert target.caps is not None
        if "update" not in target.caps.operations:
            return self._unsupported(
                record,
                f"{self.provider} cannot update {record.resource}",
                id=existing.id,
                before=before,
                changes=changes,
            )
        item = PlanItem(
            action=UPDATE, changes=changes, before=before, unsupported=unsupported, **common
        )
        return self._checked(item, "update", existing.id, changes)

    def _checked(
        self, item: PlanItem, operation: str, id: str | None, values: dict[str, Any]
    ) -> PlanItem:
        """`item`, or an `unsupported` item when the target's rules refuse `values` (a dry run
        of the call: nothing is sent)."""
        try:
            self.client.dry_run(item.resource, operation, id, **values)
        except ValidationError as exc:
            return PlanItem(
                resource=item.resource,
                key=item.key,
                action=UNSUPPORTED,
                id=item.id,
                changes=item.changes,
                before=item.before,
                unsupported={**item.unsupported, **exc.field_errors},
                reason=exc.message,
            )
        except TelephonyError as exc:
            if isinstance(exc, ConfigurationError) or exc.status is not None:
                raise  # about the whole target, not this item
            return PlanItem(
                resource=item.resource,
                key=item.key,
                action=UNSUPPORTED,
                id=item.id,
                reason=exc.message,
            )
        return item


def _listing(client: Client, target: _Target) -> Iterator[Any]:
    resource: Any = getattr(client, target.resource)
    return iter(resource.list())


def plan(
    client: Client,
    records: Iterable[Record],
    *,
    prune: bool = False,
    resources: Iterable[str] | None = None,
) -> Iterator[PlanItem]:
    """What it takes for the target (`client`) to hold `records`, one item at a time.

    Records are matched by natural key to the target's resources (read once per resource):
    missing ones are created, differing ones updated (the changed fields only), the others
    are unchanged; with `prune`, target resources no record names are deleted (the
    resources that records name, or all of `resources` when given). Reads only.
    """
    planner = Planner(client, prune=prune, resources=resources)
    for record in records:
        target = planner.target(record.resource)
        if planner.start_listing(target):
            for model in _listing(client, target):
                target.add(model)
        yield planner.item(record)
    for target in planner.pruned_unread():
        for model in _listing(client, target):
            target.add(model)
    yield from planner.leftovers()


async def plan_async(
    client: AsyncClient,
    records: Iterable[Record] | AsyncIterable[Record],
    *,
    prune: bool = False,
    resources: Iterable[str] | None = None,
) -> AsyncIterator[PlanItem]:
    """`plan` with an `AsyncClient` (records may come from an async iterator)."""
    planner = Planner(client, prune=prune, resources=resources)

    async def read(target: _Target) -> None:
        async for model in getattr(client, target.resource).list():
            target.add(model)

    async for record in as_async(records):
        target = planner.target(record.resource)
        if planner.start_listing(target):
            await read(target)
        yield planner.item(record)
    for target in planner.pruned_unread():
        await read(target)
    for item in planner.leftovers():
        yield item
