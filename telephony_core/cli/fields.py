"""Command-line options generated from the neutral models, and their values parsed back."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, get_origin

import attrs
import click

from telephony_core.errors import ValidationError
from telephony_core.models import RESOURCE_MODELS, SCOPE, field_docs
from telephony_core.plugins.registry import get_registry
from telephony_core.secret import Secret
from telephony_core.translate.changes import changeable_fields, fields_of, non_optional, to_plain
from telephony_core.translate.wire import parse_json

STDIN = "-"


def option_name(field: str) -> str:
    """`allow_voice` -> `allow-voice`."""
    return field.replace("_", "-")


def _is_mapping(type_: Any) -> bool:
    return get_origin(type_) in (Mapping, dict) or type_ in (Mapping, dict)


def _takers(resource: str, operation: str) -> dict[str, list[str]]:
    """The installed providers that accept each field of `resource` in `operation`."""
    takers: dict[str, list[str]] = {}
    for provider, cls in sorted(get_registry().providers.items()):
        caps = cls.capabilities().get(resource)
        for name in caps.fields.get(operation, ()) if caps else ():
            takers.setdefault(name, []).append(provider)
    return takers


def field_options(resource: str, operation: str) -> list[click.Option]:
    """One option per field a caller may set on the resource's model (plus repeatable
    `--extra KEY=VALUE`), each saying what the field means and which providers take it."""
    model = RESOURCE_MODELS[resource]
    docs = field_docs(model)
    takers = _takers(resource, operation)
    options: list[click.Option] = []
    for name, field in fields_of(model).items():
        if name not in changeable_fields(model):
            continue
        type_ = non_optional(field.type)
        flag = option_name(name)
        vendors = takers.get(name)
        taken = f"providers: {', '.join(vendors)}" if vendors else "no installed provider"
        help_text = f"{docs.get(name, name)} [{taken}]"
        if type_ is bool:
            options.append(
                click.Option([f"--{flag}/--no-{flag}", name], default=None, help=help_text)
            )
        elif isinstance(type_, type) and issubclass(type_, Enum):
            choices = [str(m.value) for m in type_]
            options.append(
                click.Option([f"--{flag}", name], type=click.Choice(choices), help=help_text)
            )
        elif type_ is int:
            options.append(click.Option([f"--{flag}", name], type=int, help=help_text))
        elif _is_mapping(type_):
            options.append(
                click.Option(
                    [f"--{flag}", name],
                    multiple=True,
                    metavar="KEY=VALUE",
                    help=f"{help_text} (repeatable; VALUE is JSON, else a string)",
                )
            )
        elif type_ is Secret:
            options.append(
                click.Option(
                    [f"--{flag}", name],
                    metavar="VALUE|-",
                    help=f"{help_text} ('-' reads it from stdin, or prompts; avoids shell history)",
                )
            )
        else:
            options.append(click.Option([f"--{flag}", name], help=help_text))
    return options


def unset_option(model: type[Any]) -> click.Option:
    """`--unset FIELD` (repeatable): clear a field, where the provider lets it be cleared."""
    return click.Option(
        ["--unset"],
        multiple=True,
        metavar="FIELD",
        type=click.Choice(sorted(option_name(n) for n in changeable_fields(model))),
        help="Clear this field (send no value), where the provider allows it; repeatable.",
    )


def scope_options(model: type[Any]) -> list[click.Option]:
    """`--tenant` / `--owner` where the model is scoped by them."""
    return [
        click.Option([f"--{name}"], help=f"scope: the {name} (see the provider's docs)")
        for name, field in fields_of(model).items()
        if field.metadata.get(SCOPE)
    ]


def _parse_pair(field: str, pair: str) -> tuple[str, Any]:
    key, sep, raw = pair.partition("=")
    if not sep or not key:
        raise click.BadParameter(
            f"expected KEY=VALUE, got {pair!r}", param_hint=f"--{option_name(field)}"
        )
    try:
        return key, parse_json(raw)
    except ValueError:  # not JSON (or nested too deep): the text itself
        return key, raw


def read_secret(field: str, prompt: Callable[..., Any] = click.prompt) -> str:
    """A secret from stdin (piped: its first line) or a hidden prompt (terminal); an empty
    one (nothing piped, or an empty line) is a `ValidationError`, never an empty secret."""
    if sys.stdin.isatty():
        value: str = prompt(option_name(field), hide_input=True, confirmation_prompt=True)
    else:
        value = sys.stdin.readline().rstrip("\r\n")
    if not value:
        raise ValidationError(
            field_errors={field: f"is empty: --{option_name(field)} - read no value from stdin"}
        )
    return value


def collect_changes(model: type[Any], params: Mapping[str, Any]) -> dict[str, Any]:
    """The neutral changes given on the command line (options left out are not changes;
    `--unset FIELD` is a change to None)."""
    changes: dict[str, Any] = {}
    model_fields = fields_of(model)
    for flag in params.get("unset", ()):
        name = flag.replace("-", "_")
        if params.get(name) not in (None, ()):
            raise click.UsageError(f"--{flag} is both given a value and --unset")
        changes[name] = None
    for name, value in params.items():
        if name not in model_fields or value is None or value == ():
            continue
        type_ = non_optional(model_fields[name].type)
        if _is_mapping(type_):
            value = dict(_parse_pair(name, pair) for pair in value)
        elif type_ is Secret and value == STDIN:
            value = read_secret(name)
        changes[name] = value
    return changes


def model_as_dict(model: Any) -> dict[str, Any]:
    """A JSON-ready view of a neutral model: known fields only, secrets masked."""
    out: dict[str, Any] = {}
    for field in attrs.fields(type(model)):
        value = getattr(model, field.name)
        if value is None or value == {}:
            continue
        out[field.name] = to_plain(value)
    return out
