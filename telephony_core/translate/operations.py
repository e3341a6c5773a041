"""Preparing a neutral call, with no I/O: check the id and scope, validate the changes against
the model and the provider's capabilities, and hand back the provider's plan."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from telephony_core.errors import (
    ProviderError,
    UnsupportedField,
    UnsupportedFieldWarning,
    UnsupportedOperation,
    ValidationError,
)
from telephony_core.models import RESOURCE_MODELS, SCOPE, NumberSearch
from telephony_core.secret import Secret
from telephony_core.translate.changes import coerce_changes, coerce_field, fields_of, to_plain
from telephony_core.translate.provider import Provider, Resource, Scope
from telephony_core.translate.redaction import is_secret_key
from telephony_core.translate.wire import Plan, check_segment

_NO_SCOPE = Scope()
#: Why `id` is refused on a create where the vendor does not let the caller choose it.
VENDOR_CHOOSES_ID = "the vendor chooses the id of a new one and returns it (leave id out)"


@attrs.define
class Call:
    """A neutral write being run: what its requests are for, for retrying them.

    `key` is the natural key of the resource a create makes (None: it cannot be looked up);
    `id` the resource an update or delete is about.
    """

    operation: str
    resource: Resource[Any] | None = None
    scope: Scope = attrs.field(factory=Scope)
    key: Any = None
    id: str | None = None
    #: The vendor idempotency key of a create, made when first sent (see `resilience.retries.Exchange`).
    idempotency_key: str | None = None
    writes: int = 0

    def can_look_up(self) -> bool:
        """Whether the resource a create makes can be found by its natural key, or the one
        a delete is about by its id."""
        resource = self.resource
        if resource is None:
            return False
        if self.operation == "delete":
            return self.id is not None and "get" in resource.operations
        if self.key is None:
            return False
        needed = "get" if resource.natural_key == "id" else "list"
        return needed in resource.operations


#: Frames in this directory are telephony-core's own (see `warn_caller`).
_PACKAGE_DIR = str(Path(__file__).resolve().parents[1])


def warn_caller(message: str, category: type[Warning]) -> None:
    """Issue a warning whose location is the first frame outside telephony-core."""
    level = 1
    frame = sys._getframe(0)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    warnings.warn(message, category, stacklevel=level)


class Preparer:
    """Turns the arguments of one neutral call on one resource into a plan."""

    def __init__(self, provider: Provider, resource: str, *, drop_unsupported: bool) -> None:
        self.provider = provider
        self.resource = resource
        self.drop_unsupported = drop_unsupported

    def adapter(self, operation: str) -> Resource[Any]:
        """The provider's translation of this resource, if it supports `operation`."""
        adapter = self.provider.resources.get(self.resource)
        if adapter is None or operation not in adapter.operations:
            if adapter is None:
                why = self.provider.resources_not_offered.get(self.resource)
            else:
                why = adapter.operations_not_offered.get(operation)
            raise UnsupportedOperation(
                f"{self.provider.name} does not support {self.resource}.{operation}"
                + (f": {why}" if why else ""),
                provider=self.provider.name,
            )
        return adapter

    def scope(self, tenant: str | None, owner: str | None) -> Scope:
        """Check the scope arguments: only those the model has, each a safe path segment."""
        if tenant is None and owner is None:
            return _NO_SCOPE
        model_fields = fields_of(RESOURCE_MODELS[self.resource])
        adapter = self.provider.resources.get(self.resource)
        accepted = adapter.scopes if adapter is not None else frozenset()
        for name, value in (("tenant", tenant), ("owner", owner)):
            if value is None:
                continue
            field = model_fields.get(name)
            if field is None or not field.metadata.get(SCOPE):
                raise TypeError(f"{self.resource} calls take no {name}= argument")
            if adapter is not None and name not in accepted:
                taken = " or ".join(f"{s}=" for s in sorted(accepted))
                raise TypeError(
                    f"{self.provider.name} {self.resource} calls take no {name}= argument"
                    + (f" (only {taken})" if taken else "")
                )
            check_segment(name, value)
        return Scope(tenant=tenant, owner=owner)

    def values(
        self, adapter: Resource[Any], operation: str, changes: Mapping[str, object], scope: Scope
    ) -> dict[str, Any]:
        """Validated changes the provider can send; unsupported ones raise or are dropped.

        A text under a secret-named vendor key in `extra` (`redaction.is_secret_key`, with
        the provider's `secret_fields`) becomes a `Secret`, masked wherever the request shows.
        """
        values = coerce_changes(adapter.model, changes, allow_id=operation == "create")
        if isinstance(values.get("extra"), Mapping):
            declared = self.provider.secret_keys
            values["extra"] = {
                key: Secret(value)
                if isinstance(value, str) and is_secret_key(key, declared)
                else value
                for key, value in values["extra"].items()
            }
        settable = adapter.settable(operation)
        for name in list(values):
            if name in settable or name == "extra":  # vendor keys are checked one by one below
                continue
            hint = adapter.hints.get(name) or (VENDOR_CHOOSES_ID if name == "id" else None)
            message = f"{self.provider.name} cannot set {self.resource}.{name} on {operation}" + (
                f": {hint}" if hint else ""
            )
            if not self.drop_unsupported:
                raise UnsupportedField(
                    message,
                    field=name,
                    resource=self.resource,
                    operation=operation,
                    provider=self.provider.name,
                )
            warn_caller(f"{message} (dropped)", UnsupportedFieldWarning)
            del values[name]
        field_errors = self._extra_errors(adapter, operation, values.get("extra"))
        if values.get("id") is not None:  # a caller-chosen id (create) ends up in paths later
            try:
                check_segment("id", values["id"])
            except ValidationError as exc:
                field_errors.update(exc.field_errors)
        field_errors.update(adapter.declared_rule_errors(operation, values))
        field_errors.update(adapter.validate(operation, values, scope))
        if field_errors:
            raise ValidationError(field_errors=field_errors, provider=self.provider.name)
        if operation == "update" and not any(k != "extra" or v for k, v in values.items()):
            raise ValidationError(
                f"{self.resource}.update needs at least one field to change",
                provider=self.provider.name,
            )
        return values

    def _extra_errors(
        self, adapter: Resource[Any], operation: str, extra: Mapping[str, Any] | None
    ) -> dict[str, str]:
        if not extra:
            return {}
        known = adapter.extra_keys.get(operation, frozenset())
        errors: dict[str, str] = {}
        for key in extra:
            if key in known:
                continue
            hint = adapter.hints.get(key)
            errors[f"extra.{key}"] = hint or (
                f"not a {self.provider.name} {self.resource} key for {operation}"
                + (f" (known: {', '.join(sorted(known))})" if known else "")
            )
        return errors

    def call(
        self,
        operation: str,
        tenant: str | None,
        owner: str | None,
        fields: Mapping[str, object] | None = None,
        id: str | None = None,
    ) -> Call:
        """What the driver needs to retry the requests of a write safely (its plan prepared
        first, so the arguments are known to be valid): for a create, the natural key of the
        resource it makes, by which an unknown outcome is reconciled; for an update or
        delete, the `id` it is about."""
        adapter = self.provider.resources.get(self.resource)
        key = None
        if operation == "create" and adapter is not None and fields:
            value = fields.get(adapter.natural_key)
            if value is not None:
                key = coerce_field(adapter.model, adapter.natural_key, value)
        return Call(operation, adapter, Scope(tenant=tenant, owner=owner), key, id)

    # One method per operation; each returns the provider's plan, ready to run.
    def get(self, id: str, tenant: str | None, owner: str | None) -> Plan[Any]:
        scope = self.scope(tenant, owner)
        adapter = self.adapter("get")
        return adapter.plan_get(check_segment("id", id), scope)

    def list_page(
        self, tenant: str | None, owner: str | None, page_size: int | None
    ) -> tuple[Resource[Any], Scope]:
        scope = self.scope(tenant, owner)
        adapter = self.adapter("list")
        if page_size is not None and (
            isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1
        ):
            raise ValidationError(field_errors={"page_size": "must be a positive integer"})
        return adapter, scope

    def update(
        self, id: str, tenant: str | None, owner: str | None, changes: Mapping[str, object]
    ) -> Plan[Any]:
        scope = self.scope(tenant, owner)
        adapter = self.adapter("update")
        check_segment("id", id)
        return adapter.plan_update(id, self.values(adapter, "update", changes, scope), scope)

    def create(
        self, tenant: str | None, owner: str | None, fields: Mapping[str, object]
    ) -> Plan[Any]:
        scope = self.scope(tenant, owner)
        adapter = self.adapter("create")
        values = self.values(adapter, "create", fields, scope)
        return self._said_created(
            adapter.plan_create(values, scope), values.get(adapter.natural_key)
        )

    def _said_created(self, plan: Plan[Any], key: object) -> Plan[Any]:
        """`plan` (a create), whose failure to read a success reply says that the resource
        was created all the same, and how to find it (it is not created again by a retry:
        only a lookup by its natural key can tell)."""
        try:
            return (yield from plan)
        except ProviderError as exc:
            if exc.status is None or not 200 <= exc.status < 300:
                raise
            how = (
                f"find it with {self.resource}.find({to_plain(key)!r})"
                if key is not None
                else f"list the {self.resource.replace('_', ' ')} to find it"
            )
            exc.message = (
                f"{exc.message}: the {self.resource.rstrip('s').replace('_', ' ')} was created "
                f"at {self.provider.name} (the reply could not be read); {how}"
            )
            exc.args = (exc.message,)
            raise

    def delete(self, id: str, tenant: str | None, owner: str | None) -> Plan[None]:
        scope = self.scope(tenant, owner)
        adapter = self.adapter("delete")
        return adapter.plan_delete(check_segment("id", id), scope)

    def count(self, tenant: str | None, owner: str | None) -> Plan[int]:
        scope = self.scope(tenant, owner)
        adapter = self.adapter("count")
        return adapter.plan_count(scope)

    def search(
        self, tenant: str | None, owner: str | None, arguments: Mapping[str, Any]
    ) -> tuple[Resource[Any], Scope, NumberSearch]:
        """The resource, scope and checked query of a `numbers.search(**arguments)`."""
        scope = self.scope(tenant, owner)
        adapter = self.adapter("search")
        query = NumberSearch(**arguments)
        adapter.check_search(query)
        return adapter, scope, query

    def find(self, key: object, tenant: str | None, owner: str | None) -> Plan[Any]:
        scope = self.scope(tenant, owner)
        resource = self.provider.resources.get(self.resource)
        by_id = resource is not None and resource.natural_key == "id"
        adapter = self.adapter("get" if by_id else "list")
        name = adapter.natural_key
        normalised = coerce_field(adapter.model, name, key)
        if name == "id":
            check_segment("id", normalised)
        return adapter.plan_find(normalised, scope)
