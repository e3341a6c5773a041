"""A provider's translation table between neutral field names and vendor keys, and the
tolerant reading of a vendor object through it (DESIGN "Reading vendor replies")."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from telephony_core.translate.redaction import Redactor, wrap_secrets

#: What a `WireField.from_wire` raises for a value it cannot convert.
CONVERSION_ERRORS = (ValueError, TypeError, KeyError, AttributeError)


def _same(value: Any) -> Any:
    return value


@attrs.frozen
class WireField:
    """One neutral field as the vendor names and encodes it.

    `to_wire` converts a validated neutral value for a request, `from_wire` a vendor value
    for the neutral model (raise `ValueError`/`TypeError` on a value it cannot convert).
    `update` and `create` say in which writes the vendor accepts it; a field with neither is
    read-only. `reply` is the vendor key in replies when it differs from the key in requests
    (e.g. a label sent as `name` and returned as `description`). `also` lists other reply
    keys that carry the same value in some of the vendor's documents, read in that order
    when the reply has no value under `reply`. `in_replies=False` says replies never carry
    the value (a reply key of the same name means something else, e.g. a password's hash,
    and goes to `extra`).
    """

    neutral: str
    wire: str
    to_wire: Callable[[Any], Any] = _same
    from_wire: Callable[[Any], Any] = _same
    update: bool = True
    create: bool = True
    reply: str | None = None
    also: tuple[str, ...] = ()
    in_replies: bool = True

    @property
    def reply_key(self) -> str:
        """The vendor key this field has in replies."""
        return self.reply or self.wire

    @property
    def reply_keys(self) -> tuple[str, ...]:
        """Every reply key this field is read from, in order of preference."""
        return (self.reply_key, *self.also)


@attrs.frozen
class OddValue:
    """A vendor value that does not convert to its neutral field: the field is left unset
    and the raw value is kept in `extra` under the vendor key."""

    field: str
    key: str
    value: Any
    reason: str


@attrs.frozen
class Reading:
    """A vendor object read through a `FieldMap`.

    `values` are the converted neutral values (None for a null), `keys` the vendor key each
    came from, `extra` the unmapped keys (secret-named ones as `Secret`), `odd` the values
    that did not convert.
    """

    values: dict[str, Any]
    keys: dict[str, str]
    extra: dict[str, Any]
    odd: list[OddValue]


class FieldMap:
    """The mapping table of one resource at one vendor.

    `ignore` lists vendor reply keys that carry nothing neutral (links, ids echoed twice);
    any other unmapped reply key is kept in the model's `extra`.
    """

    def __init__(self, *fields: WireField, ignore: Iterable[str] = ()) -> None:
        self.fields = {f.neutral: f for f in fields}
        self._by_wire = {key: f for f in fields for key in (f.wire, *f.reply_keys)}
        self._by_reply_key = {f.reply_key: f for f in fields if f.in_replies}
        self._with_also = tuple(f for f in fields if f.also)
        self._also_keys = frozenset(key for f in self._with_also for key in f.also)
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

    def read(self, obj: Mapping[str, Any], *, echoes: Redactor | None = None) -> Reading:
        """Read a vendor object: a value `from_wire` cannot convert is an `OddValue`, never
        an exception; unmapped keys go to `extra` (values of secret-named keys, and values
        holding a secret `echoes` knows, as `Secret`)."""
        reading = Reading(values={}, keys={}, extra={}, odd=[])
        values, keys, by_reply_key = reading.values, reading.keys, self._by_reply_key
        for key, raw in obj.items():
            field = by_reply_key.get(key)
            if field is None:
                if key not in self._ignore and key not in self._also_keys:
                    reading.extra[key] = wrap_secrets(key, raw, echoes=echoes)
            elif field.from_wire is _same and raw is not None:  # nothing to convert
                values[field.neutral] = raw
                keys[field.neutral] = key
            else:
                self._convert(field, key, raw, reading)
        for field in self._with_also:
            done = reading.values.get(field.neutral) is not None or any(
                odd.field == field.neutral for odd in reading.odd
            )
            for key in field.also:
                if key not in obj:
                    continue
                if not done and obj[key] is not None:
                    self._convert(field, key, obj[key], reading)
                    done = True
                elif key not in self._ignore:
                    reading.extra[key] = wrap_secrets(key, obj[key], echoes=echoes)
        return reading

    @staticmethod
    def _convert(field: WireField, key: str, raw: Any, reading: Reading) -> None:
        if raw is None:
            reading.values[field.neutral] = None
            return
        try:
            reading.values[field.neutral] = field.from_wire(raw)
        except CONVERSION_ERRORS as exc:
            reason = "not a known value" if isinstance(exc, KeyError) else str(exc)
            reading.odd.append(OddValue(field.neutral, key, raw, reason or type(exc).__name__))
            return
        reading.keys[field.neutral] = key

    def from_wire(self, obj: Mapping[str, Any]) -> dict[str, Any]:
        """Neutral keyword values for a vendor object (unmapped keys in `extra`); strict: a
        value that does not convert is a `ValueError` (replies go through `read`)."""
        reading = self.read(obj)
        if reading.odd:
            first = reading.odd[0]
            raise ValueError(f"{first.key}: {first.reason}")
        return {**reading.values, "extra": reading.extra}

    def neutral_name(self, wire_key: str) -> str:
        """The neutral name of a vendor key, as in requests or replies (itself when unmapped)."""
        field = self._by_wire.get(wire_key)
        return field.neutral if field else wire_key
