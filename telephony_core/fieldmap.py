"""A provider's translation table between neutral field names and vendor keys."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs


def _same(value: Any) -> Any:
    return value


@attrs.frozen
class WireField:
    """One neutral field as the vendor names and encodes it.

    `to_wire` converts a validated neutral value for a request, `from_wire` a vendor value
    for the neutral model (raise `ValueError`/`TypeError` on a malformed value). `update` and
    `create` say in which writes the vendor accepts it; a field with neither is read-only.
    `reply` is the vendor key in replies when it differs from the key in requests (e.g. a
    label sent as `name` and returned as `description`).
    """

    neutral: str
    wire: str
    to_wire: Callable[[Any], Any] = _same
    from_wire: Callable[[Any], Any] = _same
    update: bool = True
    create: bool = True
    reply: str | None = None

    @property
    def reply_key(self) -> str:
        """The vendor key this field has in replies."""
        return self.reply or self.wire


class FieldMap:
    """The mapping table of one resource at one vendor.

    `ignore` lists vendor reply keys that carry nothing neutral (links, ids echoed twice);
    any other unmapped reply key is kept in the model's `extra`.
    """

    def __init__(self, *fields: WireField, ignore: Iterable[str] = ()) -> None:
        self.fields = {f.neutral: f for f in fields}
        # Reply key -> (neutral name, converter or None when it is the identity).
        self._readers = {
            f.reply_key: (f.neutral, None if f.from_wire is _same else f.from_wire) for f in fields
        }
        self._by_wire = {key: f for f in fields for key in (f.wire, f.reply_key)}
        self._ignore = frozenset(ignore)
        self._settable = {
            op: frozenset(name for name, f in self.fields.items() if getattr(f, op))
            for op in ("create", "update")
        }

    def settable(self, operation: str) -> frozenset[str]:
        """Neutral fields the vendor accepts in `operation` ("create" or "update")."""
        return self._settable.get(operation, frozenset())

    def to_wire(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Vendor keys and values for validated neutral `values` (`extra` is merged as-is)."""
        body: dict[str, Any] = {}
        for name, value in values.items():
            if name == "extra":
                body.update(value)
            else:
                field = self.fields[name]
                body[field.wire] = field.to_wire(value) if value is not None else None
        return body

    def from_wire(self, obj: Mapping[str, Any]) -> dict[str, Any]:
        """Neutral keyword values for a vendor object; unmapped keys go to `extra`."""
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        readers = self._readers
        for key, value in obj.items():
            reader = readers.get(key)
            if reader is not None:
                name, convert = reader
                values[name] = convert(value) if convert and value is not None else value
            elif key not in self._ignore:
                extra[key] = value
        values["extra"] = extra
        return values

    def neutral_name(self, wire_key: str) -> str:
        """The neutral name of a vendor key, as in requests or replies (itself when unmapped)."""
        field = self._by_wire.get(wire_key)
        return field.neutral if field else wire_key
