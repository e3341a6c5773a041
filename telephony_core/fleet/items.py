"""Plan items, and the one function that carries out an item with a client.

A `PlanItem` is plain data (`to_dict()` / `from_dict()` round-trip through JSON) so that a
task queue can hand items to workers on other machines; `run_item(item, client)` (or
`run_item_async`) is all a worker runs. The steps of an item are written once, as a generator
of neutral client calls, and driven by a sync and an async driver.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from typing import Any, Protocol

import attrs

from telephony_core.client import AsyncClient, Client
from telephony_core.errors import (
    ConfigurationError,
    NotFound,
    TelephonyError,
    UnsupportedOperation,
    ValidationError,
)
from telephony_core.secret import Secret
from telephony_core.translate.capabilities import Capabilities

CREATE, UPDATE, UNCHANGED, DELETE, UNSUPPORTED = (
    "create",
    "update",
    "unchanged",
    "delete",
    "unsupported",
)
ACTIONS = (CREATE, UPDATE, UNCHANGED, DELETE, UNSUPPORTED)
#: The actions that send writes.
WRITES = (CREATE, UPDATE, DELETE)


@attrs.frozen(kw_only=True)
class PlanItem:
    """One step of a fleet plan, as plain data.

    - `create`: `changes` holds every field sent, the target's natural key field included;
    - `update`: `changes` the changed fields' new values, `before` their current values;
    - `unchanged`, `delete`: `id` is the target's id of the resource;
    - `unsupported`: the record cannot be applied at this target; `reason` says why.
    `unsupported` (any action) names the record's fields the target cannot set, with the
    provider's hint: they are not sent. `generate` names secret fields (a password) that are
    generated, per the target's password policy, when the item runs; `given` names those the
    input records gave, whose values are in `secrets` (never serialised).
    """

    resource: str
    key: str
    action: str
    id: str | None = None
    changes: Mapping[str, Any] = attrs.field(factory=dict)
    before: Mapping[str, Any] = attrs.field(factory=dict)
    unsupported: Mapping[str, str] = attrs.field(factory=dict)
    reason: str | None = None
    generate: tuple[str, ...] = ()
    given: tuple[str, ...] = ()
    secrets: Mapping[str, Secret] = attrs.field(factory=dict, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The item as JSON-ready data, without any secret value."""
        data: dict[str, Any] = {"resource": self.resource, "key": self.key, "action": self.action}
        if self.id is not None:
            data["id"] = self.id
        for name in ("changes", "before", "unsupported"):
            value = getattr(self, name)
            if value:
                data[name] = dict(value)
        if self.reason is not None:
            data["reason"] = self.reason
        if self.generate:
            data["generate"] = list(self.generate)
        if self.given:
            data["given"] = list(self.given)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlanItem:
        """An item from `to_dict()`'s form (secrets given by records must be added back with
        `with_secrets`)."""
        action = data.get("action")
        if action not in ACTIONS:
            raise ValidationError(field_errors={"action": f"must be one of {', '.join(ACTIONS)}"})
        for name in ("resource", "key"):
            if not isinstance(data.get(name), str):
                raise ValidationError(field_errors={name: "must be a string"})
        return cls(
            resource=data["resource"],
            key=data["key"],
            action=action,
            id=data.get("id"),
            changes=dict(data.get("changes") or {}),
            before=dict(data.get("before") or {}),
            unsupported=dict(data.get("unsupported") or {}),
            reason=data.get("reason"),
            generate=tuple(data.get("generate") or ()),
            given=tuple(data.get("given") or ()),
        )

    def with_secrets(self, secrets: Mapping[str, Secret]) -> PlanItem:
        """This item with the values of its `given` secret fields."""
        return attrs.evolve(self, secrets=dict(secrets))


@attrs.frozen
class Outcome:
    """What running an item did: the target's id of the resource, and whether it was found
    already done (a create found by its natural key, a delete already gone) instead of sent."""

    id: str | None
    reconciled: bool = False


class SecretSink(Protocol):
    """Where generated secrets go before the create that sets them is sent."""

    def write(self, item: PlanItem, field: str, value: Secret) -> None:
        """Keep `value` of `item`'s `field` durably (it is lost otherwise)."""


@attrs.frozen
class Call:
    """One neutral client call an item's steps ask for: `client.<resource>.<operation>(...)`."""

    resource: str
    operation: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = attrs.field(factory=dict)


Steps = Generator[Call, Any, Outcome]


def _create_fields(
    item: PlanItem, capabilities: Capabilities, secrets: SecretSink | None
) -> dict[str, Any]:
    missing = [name for name in item.given if name not in item.secrets]
    if missing:
        raise ConfigurationError(
            f"{item.resource} {item.key!r}: the records gave {', '.join(missing)}, which this "
            "item does not carry: pass the plan made from the same records"
        )
    fields = {**item.changes, **{name: item.secrets[name] for name in item.given}}
    if not item.generate:
        return fields
    caps = capabilities.resources.get(item.resource)
    policy = caps.password_policy if caps is not None else None
    if policy is None:
        raise ConfigurationError(
            f"{capabilities.provider} declares no password policy for {item.resource}: "
            f"cannot generate {', '.join(item.generate)}"
        )
    if secrets is None:
        raise ConfigurationError(
            f"{item.resource} {item.key!r} needs a generated {', '.join(item.generate)}: "
            "pass secrets_out= (a new file) to keep it"
        )
    for name in item.generate:
        value = policy.generate()
        secrets.write(item, name, value)  # kept before the create is sent: never lost
        fields[name] = value
    return fields


def item_steps(
    item: PlanItem,
    capabilities: Capabilities,
    *,
    secrets: SecretSink | None = None,
    reconcile: bool = False,
) -> Steps:
    """The client calls that carry out `item`, as a generator (see `run_item`).

    With `reconcile` (an item that may have been sent before: in flight when a run stopped,
    or failed), a create first looks the resource up by its natural key and is not sent
    again when it exists. A delete of a resource already gone counts as done.
    """
    if item.action == CREATE:
        if reconcile:
            found = yield Call(item.resource, "find", (item.key,))
            if found is not None:
                return Outcome(found.id, reconciled=True)
        fields = _create_fields(item, capabilities, secrets)
        created = yield Call(item.resource, "create", (), fields)
        return Outcome(created.id)
    if item.action == UPDATE:
        yield Call(item.resource, "update", (item.id,), item.changes)
        return Outcome(item.id)
    if item.action == DELETE:
        try:
            yield Call(item.resource, "delete", (item.id,))
        except NotFound:
            return Outcome(item.id, reconciled=True)
        return Outcome(item.id)
    if item.action == UNCHANGED:
        return Outcome(item.id)
    raise UnsupportedOperation(
        f"{capabilities.provider}: {item.resource} {item.key!r}: {item.reason or 'unsupported'}",
        provider=capabilities.provider,
    )


def run_item(
    item: PlanItem,
    client: Client,
    *,
    secrets: SecretSink | None = None,
    reconcile: bool = False,
) -> Outcome:
    """Carry out one plan item with a sync `Client`; a failure is its `TelephonyError`."""
    steps = item_steps(item, client.capabilities, secrets=secrets, reconcile=reconcile)
    try:
        call = next(steps)
        while True:
            method = getattr(getattr(client, call.resource), call.operation)
            try:
                result = method(*call.args, **call.kwargs)
            except TelephonyError as exc:
                call = steps.throw(exc)
            else:
                call = steps.send(result)
    except StopIteration as done:
        outcome: Outcome = done.value
        return outcome


async def run_item_async(
    item: PlanItem,
    client: AsyncClient,
    *,
    secrets: SecretSink | None = None,
    reconcile: bool = False,
) -> Outcome:
    """Carry out one plan item with an `AsyncClient` (see `run_item`)."""
    steps = item_steps(item, client.capabilities, secrets=secrets, reconcile=reconcile)
    try:
        call = next(steps)
        while True:
            method = getattr(getattr(client, call.resource), call.operation)
            try:
                result = await method(*call.args, **call.kwargs)
            except TelephonyError as exc:
                call = steps.throw(exc)
            else:
                call = steps.send(result)
    except StopIteration as done:
        outcome: Outcome = done.value
        return outcome
