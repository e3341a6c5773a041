"""Export: a provider's resources as neutral records, streamed as the listing pages come.

A record holds the resource's natural key and the neutral fields the source can set (its
fleet configuration), less secrets and vendor keys; fields the source only reports (a
registration state, a SiPbx device's login-username) are left out, as is the vendor id.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

from telephony_core.client import AsyncClient, Client
from telephony_core.errors import UnsupportedOperation
from telephony_core.fleet.records import Record, model_of, record_fields
from telephony_core.translate.changes import to_plain

logger = logging.getLogger("telephony_core.fleet")


class Projection:
    """How one resource of one provider becomes records."""

    def __init__(self, client: Client | AsyncClient, resource: str) -> None:
        model_of(resource)  # a known resource name
        caps = client.capabilities.resources.get(resource)
        provider = client.capabilities.provider
        if caps is None or "list" not in caps.operations:
            raise UnsupportedOperation(
                f"{provider} cannot list {resource}: nothing to export", provider=provider
            )
        settable = caps.fields.get("create", frozenset()) | caps.fields.get("update", frozenset())
        self.resource = resource
        self.key_field = caps.natural_key
        self.fields = tuple(
            name for name in record_fields(resource) if name in settable and name != self.key_field
        )

    def record(self, model: Any) -> Record | None:
        """The record of one resource (None, logged, when it has no natural key)."""
        key = getattr(model, self.key_field)
        if key is None:
            logger.warning("%s %s has no %s: not exported", self.resource, model.id, self.key_field)
            return None
        fields = {
            name: to_plain(value)
            for name in self.fields
            if (value := getattr(model, name)) is not None
        }
        return Record(resource=self.resource, key=str(to_plain(key)), fields=fields)


def exported(client: Client, resources: tuple[str, ...]) -> Iterator[tuple[Any, Record]]:
    """Each exported resource's model and record (the model's id is the source id)."""
    projections = [Projection(client, resource) for resource in resources]
    for projection in projections:
        for model in getattr(client, projection.resource).list():
            record = projection.record(model)
            if record is not None:
                yield model, record


def export(client: Client, *resources: str) -> Iterator[Record]:
    """The records of `resources` (e.g. "devices") at a sync client's provider, streamed."""
    for _, record in exported(client, resources):
        yield record


async def exported_async(
    client: AsyncClient, resources: tuple[str, ...]
) -> AsyncIterator[tuple[Any, Record]]:
    """`exported` with an `AsyncClient`."""
    projections = [Projection(client, resource) for resource in resources]
    for projection in projections:
        async for model in getattr(client, projection.resource).list():
            record = projection.record(model)
            if record is not None:
                yield model, record


async def export_async(client: AsyncClient, *resources: str) -> AsyncIterator[Record]:
    """`export` with an `AsyncClient` (`async for record in export_async(...)`)."""
    async for _, record in exported_async(client, resources):
        yield record
