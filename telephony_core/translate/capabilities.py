"""What a provider can do: its resources, their operations, and the fields each accepts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from telephony_core.models import RESOURCE_MODELS
from telephony_core.translate.passwords import PasswordPolicy

OPERATIONS = ("get", "list", "create", "update", "delete", "count", "search")
RESOURCES = ("devices", "access_rules", "tenants", "agents", "applications", "numbers")


def operations_of(resource: str) -> tuple[str, ...]:
    """The operations `resource` can have: `search` (numbers offered for purchase) is an
    operation of `numbers` only."""
    return OPERATIONS if resource == "numbers" else OPERATIONS[:-1]


def _known(what: str, name: str, known: Iterable[str]) -> None:
    if name not in known:
        raise ValueError(f"no {what} {name!r}; {what}s are: {', '.join(known)}")


@attrs.frozen(kw_only=True)
class ResourceCapabilities:
    """One resource at one provider: its operations and, per write, the settable fields."""

    operations: frozenset[str]
    fields: Mapping[str, frozenset[str]]
    extra_keys: Mapping[str, frozenset[str]] = attrs.field(factory=dict)
    #: The field `find()` and fleet plans match resources by (DESIGN "Identity").
    natural_key: str = "id"
    #: The vendor's rules for the password of a new resource (None: no password at create).
    password_policy: PasswordPolicy | None = None

    def supports(self, operation: str, field: str | None = None) -> bool:
        """Whether `operation` exists, and (if given) whether it accepts `field`.

        An operation that is none of `OPERATIONS` is a `ValueError` (a typo is not "no").
        """
        _known("operation", operation, OPERATIONS)
        if operation not in self.operations:
            return False
        return field is None or field in self.fields.get(operation, frozenset())


@attrs.frozen(kw_only=True)
class Capabilities:
    """`client.capabilities`: check what a provider supports before calling it."""

    provider: str
    resources: Mapping[str, ResourceCapabilities]

    def supports(
        self, resource: str, operation: str | None = None, field: str | None = None
    ) -> bool:
        """Whether the provider has `resource` (and `operation`, and accepts `field` in it).

        A resource, operation or field name that does not exist at all (none of `RESOURCES`,
        `OPERATIONS`, or the fields of the resource's model) is a `ValueError` naming the
        known ones: a typo is not "not supported".
        """
        _known("resource", resource, RESOURCES)
        if operation is not None:
            _known("operation", operation, OPERATIONS)
        if field is not None:
            _known(f"{resource} field", field, attrs.fields_dict(RESOURCE_MODELS[resource]))
        caps = self.resources.get(resource)
        if caps is None:
            return False
        return operation is None or caps.supports(operation, field)

    def __str__(self) -> str:
        lines = [f"{self.provider}:"]
        for name, caps in sorted(self.resources.items()):
            ops = [op for op in OPERATIONS if op in caps.operations]
            lines.append(f"  {name}: {', '.join(ops)}")
            for op in ("create", "update"):
                if op in caps.operations:
                    lines.append(f"    {op} fields: {', '.join(sorted(caps.fields.get(op, ())))}")
        return "\n".join(lines)
