"""Fleet records: one resource as neutral data, named by its natural key, read and written as
JSON Lines or CSV one record at a time.

A record is `{"resource": "devices", "key": "john_desk", <neutral field>: <value>, ...}`: no
vendor id, no scope, no vendor keys (`extra`) and, when exported, no secrets (passwords are
write-only at every vendor). A record written by hand may give a secret field (`password`):
it is kept apart in `Record.secrets` and never written out again.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TextIO, get_origin

import attrs

from telephony_core.errors import ValidationError
from telephony_core.models import RESOURCE_MODELS
from telephony_core.secret import Secret
from telephony_core.translate.changes import (
    changeable_fields,
    coerce_changes,
    fields_of,
    non_optional,
    to_plain,
)

#: The two columns every record has; the others are neutral field names.
RESOURCE = "resource"
KEY = "key"
FORMATS = ("jsonl", "csv")


@attrs.frozen(kw_only=True)
class Record:
    """One resource of a fleet: its natural key and its neutral fields (plain JSON values)."""

    resource: str
    key: str
    fields: Mapping[str, Any] = attrs.field(factory=dict)
    #: Secret fields given by the input (never by an export); never written out.
    secrets: Mapping[str, Secret] = attrs.field(factory=dict)
    #: Where the record was read ("fleet.csv line 3"), for messages.
    where: str = attrs.field(default="", eq=False)

    def to_dict(self) -> dict[str, Any]:
        """The record as written: resource, key, then the fields (never the secrets)."""
        return {RESOURCE: self.resource, KEY: self.key, **dict(sorted(self.fields.items()))}


def model_of(resource: str) -> type[Any]:
    """The neutral model of `resource`; a `ValidationError` naming the known ones otherwise."""
    try:
        return RESOURCE_MODELS[resource]
    except KeyError:
        known = ", ".join(RESOURCE_MODELS)
        raise ValidationError(
            field_errors={RESOURCE: f"{resource!r} is not a resource (resources: {known})"}
        ) from None


def secret_fields(resource: str) -> frozenset[str]:
    """The settable fields of `resource` that hold a secret (e.g. `password`)."""
    model = model_of(resource)
    return frozenset(
        name
        for name in changeable_fields(model)
        if non_optional(fields_of(model)[name].type) is Secret
    )


def record_fields(resource: str) -> tuple[str, ...]:
    """The neutral fields a record of `resource` can carry, in order: those a caller may set,
    less vendor keys (`extra`) and secrets."""
    names = changeable_fields(model_of(resource)) - secret_fields(resource) - {"extra"}
    return tuple(sorted(names))


def _located(where: str, exc: ValidationError) -> ValidationError:
    """`exc` with its message prefixed by where the record was read."""
    located = ValidationError(f"{where}: {exc.message}" if where else exc.message)
    located.field_errors = exc.field_errors
    return located


def make_record(resource: str, key: object, values: Mapping[str, Any], where: str = "") -> Record:
    """A checked record: the resource exists, the key is a non-empty string, every field is a
    settable field of the model with a value of its type. Errors name the field (and `where`)."""
    try:
        model = model_of(resource)
        if not isinstance(key, str) or not key:
            raise ValidationError(field_errors={KEY: "must be a non-empty string"})
        try:
            checked = coerce_changes(model, values)
        except TypeError as exc:  # a name that is not a field of the model
            raise ValidationError(str(exc)) from None
    except ValidationError as exc:
        raise _located(where, exc) from None
    if "extra" in checked:
        raise _located(
            where, ValidationError(field_errors={"extra": "vendor keys are not part of records"})
        )
    hidden = secret_fields(resource)
    empty = sorted(k for k in hidden if k in checked and checked[k] is not None and not checked[k])
    if empty:
        why = "must not be empty (an empty password leaves it open): leave it out, and one is generated"
        raise _located(where, ValidationError(field_errors=dict.fromkeys(empty, why)))
    return Record(
        resource=resource,
        key=key,
        fields={k: to_plain(v) for k, v in checked.items() if k not in hidden and v is not None},
        secrets={k: v for k, v in checked.items() if k in hidden and v is not None},
        where=where,
    )


def from_dict(data: object, where: str = "") -> Record:
    """A record from its JSON form (`{"resource": ..., "key": ..., <field>: ...}`)."""
    if not isinstance(data, Mapping):
        raise _located(where, ValidationError("a record must be a JSON object"))
    values = dict(data)
    resource = values.pop(RESOURCE, None)
    key = values.pop(KEY, None)
    if not isinstance(resource, str):
        raise _located(where, ValidationError(field_errors={RESOURCE: "is required (a string)"}))
    return make_record(resource, key, values, where)


# JSON Lines.
def read_jsonl(lines: Iterable[str], name: str = "<input>") -> Iterator[Record]:
    """Records from JSON Lines, one at a time (blank lines are skipped)."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"{where}: not JSON ({exc.msg})") from None
        yield from_dict(data, where)


def write_jsonl(records: Iterable[Record], out: TextIO) -> int:
    """Write records as JSON Lines as they come; return how many."""
    count = 0
    for record in records:
        out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count


# CSV: one column per neutral field; an empty cell is a field the record does not give.
def csv_columns(resources: Iterable[str]) -> list[str]:
    """The header of a CSV holding records of `resources`."""
    names = sorted({name for resource in resources for name in record_fields(resource)})
    return [RESOURCE, KEY, *names]


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return json.dumps(value, sort_keys=True)
    return str(value)


def _from_cell(model: type[Any], name: str, text: str) -> Any:
    field = fields_of(model).get(name)
    if field is None:
        return text  # make_record names the unknown field
    type_ = non_optional(field.type)
    if type_ is bool:
        lowered = text.strip().lower()
        if lowered not in ("true", "false"):
            raise ValidationError(field_errors={name: f"must be true or false, not {text!r}"})
        return lowered == "true"
    if type_ is int:
        try:
            return int(text)
        except ValueError:
            raise ValidationError(
                field_errors={name: f"must be an integer, not {text!r}"}
            ) from None
    if get_origin(type_) in (Mapping, dict):
        try:
            return json.loads(text)
        except ValueError:
            raise ValidationError(field_errors={name: "must be a JSON object"}) from None
    return text


def read_csv(lines: Iterable[str], name: str = "<input>") -> Iterator[Record]:
    """Records from CSV with a header row (`resource`, `key`, field names), one at a time."""
    reader = csv.DictReader(lines)
    if reader.fieldnames is None:
        return
    missing = {RESOURCE, KEY} - set(reader.fieldnames)
    if missing:
        raise ValidationError(f"{name}: the header has no {', '.join(sorted(missing))} column")
    for row in reader:
        where = f"{name} line {reader.line_num}"
        if None in row:
            raise ValidationError(f"{where}: more cells than columns")
        resource = row.pop(RESOURCE) or ""
        key = row.pop(KEY)
        try:
            model = model_of(resource)
            values = {k: _from_cell(model, k, v) for k, v in row.items() if v not in ("", None)}
        except ValidationError as exc:
            raise _located(where, exc) from None
        yield make_record(resource, key, values, where)


def write_csv(records: Iterable[Record], out: TextIO, resources: Iterable[str]) -> int:
    """Write records as CSV (columns for `resources`) as they come; return how many."""
    columns = csv_columns(resources)
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        unknown = set(record.fields) - set(columns)
        if unknown:
            raise ValidationError(
                f"{record.resource} record {record.key!r}: no column for {', '.join(sorted(unknown))}"
            )
        writer.writerow({k: _cell(v) for k, v in record.to_dict().items()})
        count += 1
    return count


def format_of(path: str) -> str:
    """The records format a file name implies: `csv` for `.csv`, else `jsonl`."""
    return "csv" if path.lower().endswith(".csv") else "jsonl"


def read_records(path: str, format: str | None = None) -> Iterator[Record]:
    """Records from a file (`-` is standard input), streamed; the format from the name unless
    given (`jsonl` or `csv`)."""
    chosen = format or format_of(path)
    if chosen not in FORMATS:
        raise ValidationError(field_errors={"format": f"must be one of {', '.join(FORMATS)}"})
    reader = read_csv if chosen == "csv" else read_jsonl
    if path == "-":
        yield from reader(sys.stdin, "<stdin>")
        return
    with open(path, encoding="utf-8", newline="") as fh:
        yield from reader(fh, path)
