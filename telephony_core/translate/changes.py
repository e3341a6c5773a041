"""Turning `**changes` into validated neutral values, before anything is planned.

A strict cattrs converter checks each value against the model field's type: no silent
coercion of `"5"` to 5 or `"no"` to True. Secrets and enums accept their plain strings.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Mapping
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any, Union, cast, get_args, get_origin

import attrs
import cattrs

from telephony_core.errors import ValidationError
from telephony_core.models import EXCLUSIVE_FIELDS, READ_ONLY, SCOPE, Model
from telephony_core.secret import MASK, Secret
from telephony_core.translate.wire import MAX_JSON_DEPTH

NOT_UNICODE = "must be valid Unicode text (it has an undecodable byte: was the argument UTF-8?)"


def is_unicode(text: str) -> bool:
    """Whether `text` can be encoded as UTF-8 (no lone surrogates, which is what the bytes of
    a non-UTF-8 command-line argument become)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def json_value_problem(value: object) -> str | None:
    """Why `value` cannot be sent in a JSON body (None when it can): only text, finite
    numbers (at most 64 bits for integers), booleans, null, `Secret`, and lists and mappings
    with text keys of those, at most `MAX_JSON_DEPTH` levels deep."""
    stack: list[tuple[object, str, int]] = [(value, "", 1)]
    while stack:
        item, where, depth = stack.pop()
        at = f" (at {where.lstrip('.')})" if where else ""
        if isinstance(item, str):
            if not is_unicode(item):
                return f"has text that is not valid Unicode{at}"
        elif isinstance(item, bool) or item is None or isinstance(item, Secret):
            continue
        elif isinstance(item, int):
            if abs(item).bit_length() > 64:
                return f"has an integer of more than 64 bits{at}"
        elif isinstance(item, float):
            if item != item or item in (float("inf"), float("-inf")):
                return f"has a number that is not finite{at}"
        elif isinstance(item, Mapping | list | tuple):
            if depth > MAX_JSON_DEPTH:
                return f"is nested more than {MAX_JSON_DEPTH} levels deep"
            pairs = item.items() if isinstance(item, Mapping) else enumerate(item)
            for key, child in pairs:
                if isinstance(item, Mapping) and not (isinstance(key, str) and is_unicode(key)):
                    return f"has a key that is not text{at}"
                stack.append((child, f"{where}.{key}", depth + 1))
        else:
            return f"has a value of type {type(item).__name__}, which is not a JSON value{at}"
    return None


class _BadValue(ValueError):
    """A value of the wrong type; its message is shown to the user (never the value of a secret)."""


def _strict_converter() -> cattrs.Converter:
    conv = cattrs.Converter()

    def structure_str(value: object, _: type) -> str:
        if not isinstance(value, str):
            raise _BadValue(f"must be a string, not {type(value).__name__}")
        if not is_unicode(value):
            raise _BadValue(NOT_UNICODE)
        return value

    def structure_int(value: object, _: type) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _BadValue(f"must be an integer, not {type(value).__name__}")
        return value

    def structure_bool(value: object, _: type) -> bool:
        if not isinstance(value, bool):
            raise _BadValue(f"must be true or false, not {type(value).__name__}")
        return value

    def structure_secret(value: object, _: type) -> Secret:
        if isinstance(value, Secret | str):
            plain = value.reveal() if isinstance(value, Secret) else value
            if not is_unicode(plain):
                raise _BadValue(NOT_UNICODE)
            return Secret(plain)
        raise _BadValue(f"must be a string, not {type(value).__name__}")

    def structure_datetime(value: object, _: type) -> datetime:
        if isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                pass
        raise _BadValue("must be an ISO 8601 date-time")

    def structure_enum(value: object, enum: type[Enum]) -> Enum:
        if isinstance(value, enum):
            return value
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in enum)
            raise _BadValue(f"must be one of {allowed}, not {value!r}") from None

    def structure_mapping(value: object, _: type) -> dict[str, Any]:
        if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
            raise _BadValue("must be a mapping with string keys")
        return dict(value)

    conv.register_structure_hook(str, structure_str)
    conv.register_structure_hook(int, structure_int)
    conv.register_structure_hook(bool, structure_bool)
    conv.register_structure_hook(Secret, structure_secret)
    conv.register_structure_hook(datetime, structure_datetime)
    # StrEnum is registered by name so that it wins over the str hook in dispatch order.
    conv.register_structure_hook(Enum, structure_enum)
    conv.register_structure_hook(StrEnum, structure_enum)
    conv.register_structure_hook_func(lambda t: t == Mapping[str, Any], structure_mapping)
    return conv


neutral_converter = _strict_converter()
"""The strict converter shared by change validation and by plugins parsing vendor replies."""


def non_optional(type_: Any) -> Any:
    """`X` for a field type `X | None`; any other type unchanged."""
    return _non_optional(type_)


@functools.cache
def _non_optional(type_: Any) -> Any:
    # Cached: every value of every reply is checked against its field's type.
    if isinstance(type_, types.UnionType) or get_origin(type_) is Union:
        members = [t for t in get_args(type_) if t is not type(None)]
        if len(members) == 1:
            return members[0]
    return type_


def structure_value(value: object, type_: Any) -> Any:
    """Check and convert a non-None `value` to a field type (`X | None` is treated as `X`)."""
    return neutral_converter.structure(value, non_optional(type_))


Checker = Callable[[object], Any]
_CHECKERS: dict[type[Any], dict[str, Checker]] = {}


def field_checkers(model: type[Any]) -> dict[str, Checker]:
    """Per field of `model`, one function doing `structure_value` then `apply_converter`.

    Built once per model (the cattrs hook looked up, `X | None` unwrapped), since every
    change and every value of a reply goes through it.
    """
    checkers = _CHECKERS.get(model)
    if checkers is None:
        checkers = _CHECKERS[model] = {
            name: _checker(field) for name, field in fields_of(model).items()
        }
    return checkers


def _checker(field: attrs.Attribute[Any]) -> Checker:
    type_ = non_optional(field.type)
    hook = neutral_converter.get_structure_hook(type_)
    if field.converter is not None:
        return lambda value: apply_converter(field, hook(value, type_))
    if type_ is str:  # ASCII text is valid as it is; other text is checked for lone surrogates
        return lambda value: value if type(value) is str and value.isascii() else hook(value, str)
    if type_ in (int, bool):  # the hook would only check this exact type (bool is no int)
        return lambda value: value if type(value) is type_ else hook(value, type_)
    return lambda value: hook(value, type_)


def _first_message(exc: BaseException) -> str:
    """The most specific message in a (possibly grouped) cattrs error."""
    if isinstance(exc, _BadValue):
        return str(exc)
    for inner in getattr(exc, "exceptions", ()):
        return _first_message(inner)
    return "has an invalid value"


def apply_converter(field: attrs.Attribute[Any], value: Any) -> Any:
    """Run the model field's own attrs converter on an already type-checked `value`.

    Models declare normalisation and value rules as converters (e.g. an IPv4 network in
    canonical form), which raise `ValidationError` naming the field; running them here makes
    `**changes` and vendor replies obey the same rules as the model's constructor. Such a
    converter must not need the instance (`takes_self`): there is none yet.
    """
    converter = field.converter
    if converter is None:
        return value
    if isinstance(converter, attrs.Converter):
        # An attrs.Converter is called as (value, instance, field); the stubs omit __call__.
        return cast(Callable[..., Any], converter)(value, None, field)
    return converter(value)


def coerce_field(model: type[Model], name: str, value: object) -> Any:
    """Check and convert one value for `model.name`; raise `ValidationError` naming it."""
    check = field_checkers(model)[name]
    if value is None:
        if name == "id":
            raise ValidationError(field_errors={name: "is required"})
        return None
    try:
        checked = check(value)
    except ValidationError:  # the model's own converter names the field
        raise
    except Exception as exc:  # cattrs reports nested failures as exception groups
        raise ValidationError(field_errors={name: _first_message(exc)}) from None
    if isinstance(checked, Mapping):  # sent as is in a JSON body (`extra`, permissions)
        problem = json_value_problem(checked)
        if problem:
            raise ValidationError(field_errors={name: problem})
    return checked


_FIELDS: dict[type[Any], dict[str, attrs.Attribute[Any]]] = {}
_CHANGEABLE: dict[type[Any], frozenset[str]] = {}


_SECRET_FIELDS: dict[type[Any], frozenset[str]] = {}


def fields_of(model: type[Any]) -> dict[str, attrs.Attribute[Any]]:
    """The model's attrs fields by name (cached: this runs on every call)."""
    if model not in _FIELDS:
        _FIELDS[model] = attrs.fields_dict(model)
    return _FIELDS[model]


def secret_field_names(model: type[Any]) -> frozenset[str]:
    """The fields of `model` that hold a `Secret` (a password), cached."""
    if model not in _SECRET_FIELDS:
        _SECRET_FIELDS[model] = frozenset(
            name for name, field in fields_of(model).items() if non_optional(field.type) is Secret
        )
    return _SECRET_FIELDS[model]


def changeable_fields(model: type[Any]) -> frozenset[str]:
    """Fields a caller may pass as changes: not `id`, not read-only, not a scope."""
    if model not in _CHANGEABLE:
        _CHANGEABLE[model] = frozenset(
            name
            for name, f in fields_of(model).items()
            if name != "id" and not f.metadata.get(READ_ONLY) and not f.metadata.get(SCOPE)
        )
    return _CHANGEABLE[model]


def coerce_changes(
    model: type[Model], changes: Mapping[str, object], *, allow_id: bool = False
) -> dict[str, Any]:
    """Validate neutral `changes` for `model` and return them converted.

    An unknown name is a `TypeError` naming it (as for any bad keyword argument); a read-only
    field or a value of the wrong type is a `ValidationError` naming the field. All errors of
    one call are reported together. `allow_id` accepts `id` too (a create where the caller
    names the new resource).
    """
    known = fields_of(model)
    unknown = sorted(name for name in changes if name not in known)
    if unknown:
        raise TypeError(
            f"{model.__name__} has no field {', '.join(map(repr, unknown))}; "
            f"fields are: {', '.join(sorted(changeable_fields(model)))}"
        )
    allowed = changeable_fields(model) | {"id"} if allow_id else changeable_fields(model)
    field_errors: dict[str, str] = {}
    coerced: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in allowed:
            field_errors[name] = "is read-only" if name != "id" else "cannot be changed"
            continue
        try:
            coerced[name] = coerce_field(model, name, value)
        except ValidationError as exc:
            field_errors.update(exc.field_errors)
    field_errors.update(exclusive_field_errors(model, coerced))
    if field_errors:
        raise ValidationError(field_errors=field_errors)
    return coerced


def exclusive_field_errors(model: type[Model], values: Mapping[str, Any]) -> dict[str, str]:
    """The fields of one exclusive group of `model` (`models.EXCLUSIVE_FIELDS`: a number's
    `application_id`, `trunk_id`, `user_id`) that `values` sets together, each with why."""
    group = EXCLUSIVE_FIELDS.get(model, ())
    given = [name for name in group if values.get(name) is not None]
    if len(given) < 2:
        return {}
    why = (
        f"only one of {', '.join(group)} may be set (a {model.__name__} routes to one place), "
        f"but {' and '.join(given)} were given together"
    )
    return dict.fromkeys(given, why)


def to_plain(value: Any) -> Any:
    """A neutral value as JSON-ready data: enums by value, mappings as dicts, sets as sorted
    lists, date-times in ISO 8601, and a secret as its mask (never its value)."""
    if isinstance(value, Secret):
        return MASK
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, set | frozenset):  # a number's capabilities
        return sorted(to_plain(v) for v in value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value
