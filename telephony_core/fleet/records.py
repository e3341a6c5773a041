"""Fleet records: one resource as neutral data, named by its natural key, read and written as
JSON Lines or CSV one record at a time.

A record is `{"resource": "devices", "key": "john_desk", <neutral field>: <value>, ...}`: no
vendor id, no scope, no vendor keys (`extra`) and, when exported, no secrets (passwords are
write-only at every vendor). A record written by hand may give a secret field (`password`):
it is kept apart in `Record.secrets` and never written out again.

Reading is strict about the file and names where it fails: a file that cannot be opened, a
line that is not UTF-8 (a UTF-8 BOM at the start is dropped), has a NUL or is longer than
`MAX_LINE`, JSON that is not JSON (nested too deeply, a number too long), CSV that is not
CSV (a field over the csv module's limit, a quote left open) are each a `ValidationError`
naming the file and the line, before the record is used.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any, TextIO, get_origin

import attrs

from telephony_core.errors import ValidationError
from telephony_core.models import RESOURCE_MODELS
from telephony_core.secret import Secret
from telephony_core.translate.changes import (
    changeable_fields,
    coerce_changes,
    fields_of,
    non_optional,
    secret_field_names,
    to_plain,
)
from telephony_core.translate.wire import parse_json

#: The two columns every record has; the others are neutral field names.
RESOURCE = "resource"
KEY = "key"
FORMATS = ("jsonl", "csv")
#: The longest line of a records file (a record takes a few hundred bytes).
MAX_LINE = 1 << 20
#: How much of a parser's own message an error shows.
_REASON = 80


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
    return changeable_fields(model) & secret_field_names(model)


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
            data = parse_json(line)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"{where}: not JSON ({exc.msg})") from None
        except ValueError as exc:  # nested too deeply, a number of thousands of digits
            raise ValidationError(f"{where}: not a record ({str(exc)[:_REASON]})") from None
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
    """Records from CSV with a header row (`resource`, `key`, field names), one at a time. A
    quote left open is an error (the csv module would read the rest of the file as one
    field), as is a field over the csv module's limit."""
    reader = csv.DictReader(lines, strict=True)
    rows = iter(reader)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise ValidationError(f"{name} line {reader.line_num + 1}: not CSV ({exc})") from None
    if fieldnames is None:
        return
    missing = {RESOURCE, KEY} - set(fieldnames)
    if missing:
        raise ValidationError(f"{name}: the header has no {', '.join(sorted(missing))} column")
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:  # in the record after the last one read whole
            reason = "a quote is left open" if "end of data" in str(exc) else str(exc)
            raise ValidationError(
                f"{name} line {reader.line_num + 1}: not CSV ({reason[:_REASON]})"
            ) from None
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
        yield from reader(text_lines(sys.stdin.buffer, "<stdin>"), "<stdin>")
        return
    try:
        fh = open(path, "rb")  # noqa: SIM115 (closed below, also when reading stops early)
    except OSError as exc:
        raise ValidationError(f"cannot read {path}: {exc.strerror or type(exc).__name__}") from None
    with fh:
        yield from reader(text_lines(fh, path), path)


def text_lines(source: IO[bytes], name: str) -> Iterator[str]:
    """The lines of a records file as text, strictly UTF-8 (a UTF-8 BOM at its start is
    dropped), each at most `MAX_LINE` bytes; else a `ValidationError` naming the line."""
    for number in itertools.count(1):
        where = f"{name} line {number}"
        try:
            line = source.readline(MAX_LINE + 1)
        except OSError as exc:  # a directory given as "-", a device that fails
            raise ValidationError(f"cannot read {name}: {exc.strerror or exc}") from None
        if not line:
            return
        if len(line) > MAX_LINE:
            raise ValidationError(f"{where}: longer than {MAX_LINE} bytes: not a records file")
        if number == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            utf16 = number == 1 and line.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
            what = "UTF-16 text" if utf16 else "not UTF-8 text"
            raise ValidationError(
                f"{where}: {what}: records files are UTF-8 (save it as UTF-8)"
            ) from None
        if "\x00" in text:
            raise ValidationError(f"{where}: has a NUL character: not a records text file")
        yield text
