"""Migrate: export from one provider, plan against another, apply; and say what became what."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import attrs

from telephony_core.client import AsyncClient, Client
from telephony_core.errors import ValidationError
from telephony_core.fleet.applying import ApplyReport, Progress, apply, apply_async
from telephony_core.fleet.exporting import exported, exported_async
from telephony_core.fleet.items import PlanItem
from telephony_core.fleet.journal import Journal, opened
from telephony_core.fleet.planning import plan, plan_async
from telephony_core.fleet.records import Record

#: How to re-key records: the name of a field whose value becomes the key, or a function.
Key = str | Callable[[Record], str]
#: A change to each record on the way (None drops it).
Transform = Callable[[Record], Record | None]


@attrs.frozen(kw_only=True)
class MappingRow:
    """One resource of a migration: its key, its id at the source and at the target."""

    resource: str
    key: str
    source_id: str | None
    target_id: str | None
    action: str
    state: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class MigrationReport:
    """The apply report and the mapping of every resource from source to target id."""

    apply: ApplyReport
    mapping: tuple[MappingRow, ...]

    @property
    def ok(self) -> bool:
        """Whether every item is done."""
        return self.apply.ok


class _Mapper:
    """Re-keys and transforms the exported records, remembering each source id by key."""

    def __init__(self, key: Key | None, transform: Transform | None) -> None:
        self.key = key
        self.transform = transform
        self.source_ids: dict[tuple[str, str], str] = {}

    def records(self, source: Client, resources: tuple[str, ...]) -> Iterator[Record]:
        """The source's records of `resources`, mapped."""
        for model, record in exported(source, resources):
            mapped = self(model, record)
            if mapped is not None:
                yield mapped

    async def records_async(
        self, source: AsyncClient, resources: tuple[str, ...]
    ) -> AsyncIterator[Record]:
        """`records` with an `AsyncClient`."""
        async for model, record in exported_async(source, resources):
            mapped = self(model, record)
            if mapped is not None:
                yield mapped

    def __call__(self, model: Any, record: Record) -> Record | None:
        if self.transform is not None:
            changed = self.transform(record)
            if changed is None:
                return None
            record = changed
        if isinstance(self.key, str):
            value = record.fields.get(self.key)
            if not isinstance(value, str) or not value:
                raise ValidationError(
                    f"{record.resource} {record.key!r}: no {self.key} to use as the key"
                )
            record = attrs.evolve(record, key=value)
        elif self.key is not None:
            record = attrs.evolve(record, key=self.key(record))
        self.source_ids[(record.resource, record.key)] = model.id
        return record

    def mapping(self, journal: Journal) -> tuple[MappingRow, ...]:
        return tuple(
            MappingRow(
                resource=entry.item.resource,
                key=entry.item.key,
                source_id=self.source_ids.get((entry.item.resource, entry.item.key)),
                target_id=entry.vendor_id,
                action=entry.item.action,
                state=entry.state,
            )
            for entry in journal.entries()
        )


def migration_plan(
    source: Client,
    target: Client,
    *resources: str,
    key: Key | None = None,
    transform: Transform | None = None,
    prune: bool = False,
) -> Iterator[PlanItem]:
    """The plan `migrate` applies: the source's records of `resources`, re-keyed and
    transformed, planned against the target. Reads only."""
    records = _Mapper(key, transform).records(source, resources)
    return plan(target, records, prune=prune, resources=resources)


def migrate(
    source: Client,
    target: Client,
    *resources: str,
    key: Key | None = None,
    transform: Transform | None = None,
    prune: bool = False,
    concurrency: int = 10,
    journal: str | os.PathLike[str] | Journal | None = None,
    secrets_out: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> MigrationReport:
    """Copy `resources` from the `source` client's provider to the `target`'s: export, plan
    (by natural key, or `key`), apply. `transform` may change or drop (None) each record.

    Arguments after `resources` are `plan`'s and `apply`'s. Returns the apply report and
    the mapping of each resource's source id to its target id.
    """
    mapper = _Mapper(key, transform)
    with opened(journal) as book:
        resuming = book.planned
        report = apply(
            target,
            plan(target, mapper.records(source, resources), prune=prune, resources=resources),
            concurrency=concurrency,
            journal=book,
            secrets_out=secrets_out,
            progress=progress,
        )
        if resuming:  # the plan was not read again: read the source ids
            for _ in mapper.records(source, resources):
                pass
        return MigrationReport(apply=report, mapping=mapper.mapping(book))


async def migrate_async(
    source: AsyncClient,
    target: AsyncClient,
    *resources: str,
    key: Key | None = None,
    transform: Transform | None = None,
    prune: bool = False,
    concurrency: int = 10,
    journal: str | os.PathLike[str] | Journal | None = None,
    secrets_out: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> MigrationReport:
    """`migrate` with `AsyncClient`s."""
    mapper = _Mapper(key, transform)
    with opened(journal) as book:
        resuming = book.planned
        report = await apply_async(
            target,
            plan_async(
                target, mapper.records_async(source, resources), prune=prune, resources=resources
            ),
            concurrency=concurrency,
            journal=book,
            secrets_out=secrets_out,
            progress=progress,
        )
        if resuming:
            async for _ in mapper.records_async(source, resources):
                pass
        return MigrationReport(apply=report, mapping=mapper.mapping(book))
