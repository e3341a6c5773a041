"""How the command line shows results: key/value views and tables, or JSON for machines."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping
from typing import Any

import click

from telephony_core.cli.fields import model_as_dict
from telephony_core.cli.terminal import printable
from telephony_core.translate.dryrun import DryRun, as_curl, as_dict
from telephony_core.translate.redaction import Redactor

#: Masks nothing: where no credentials are known.
_NO_SECRETS = Redactor()

#: How many rows the table's column widths are measured on before the first is printed.
TABLE_SAMPLE = 50
#: Columns of the `list` table per resource (after the id).
LIST_COLUMNS = {
    "devices": ("name", "username", "registered", "sip_uri"),
    "access_rules": ("name", "cidr", "enabled"),
    "tenants": ("name", "email", "enabled", "rate_limit"),
    "agents": ("name", "email", "extension_id", "state"),
    "applications": ("name", "answer_url", "default_for_numbers"),
    "numbers": ("number", "name", "application_id", "trunk_id", "user_id"),
}


def _text(value: Any) -> str:
    """A value as a table cell: vendor data, so its control characters are escaped."""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return printable(str(value))


def _masked(data: dict[str, Any], secrets: Redactor) -> dict[str, Any]:
    """A model's data with the client's credentials masked wherever a vendor's reply echoed
    them (in any spelling), even in a neutral field."""
    if not secrets.mentions(json.dumps(data)):
        return data
    return {key: _masked_value(value, secrets) for key, value in data.items()}


def _masked_value(value: Any, secrets: Redactor) -> Any:
    if isinstance(value, str):
        return secrets.values(value)
    if isinstance(value, dict):
        return {key: _masked_value(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked_value(item, secrets) for item in value]
    return value


def show_model(model: Any, *, as_json: bool, secrets: Redactor = _NO_SECRETS) -> None:
    """One model: a JSON document, or aligned `field: value` lines; `secrets` (the client's
    credentials) masked wherever they show."""
    data = _masked(model_as_dict(model), secrets)
    if as_json:
        click.echo(json.dumps(data, sort_keys=True))
        return
    width = max(len(k) for k in data)
    for key, value in data.items():
        click.echo(f"{printable(key).ljust(width)}  {_text(value)}")


def show_list(
    resource: str,
    models: Iterable[Any],
    *,
    as_json: bool,
    columns: tuple[str, ...] | None = None,
    secrets: Redactor = _NO_SECRETS,
) -> int:
    """Models as they arrive: JSON lines, or a table whose columns (the id and the
    resource's `LIST_COLUMNS`, unless given) fit the first `TABLE_SAMPLE` rows (long ids such
    as UUIDs included), `secrets` masked. Returns how many were shown."""
    columns = columns or ("id", *LIST_COLUMNS.get(resource, ("name",)))
    rows = (_masked(model_as_dict(model), secrets) for model in models)
    if as_json:
        count = 0
        for data in rows:
            click.echo(json.dumps(data, sort_keys=True))
            count += 1
        return count
    sample = list(itertools.islice(rows, TABLE_SAMPLE))
    if not sample:
        click.echo(f"no {resource.replace('_', ' ')}")
        return 0
    cells = [[_text(data.get(c, "")) for c in columns] for data in sample]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]

    def line(values: Iterable[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    click.echo(line(columns))
    for row in cells:
        click.echo(line(row))
    count = len(cells)
    for data in rows:
        click.echo(line(_text(data.get(c, "")) for c in columns))
        count += 1
    return count


def show_dry_run(result: DryRun, stand_ins: Mapping[str, str], *, as_json: bool) -> None:
    """Each request as a JSON line or a curl command line, secrets masked; values of missing
    settings (`stand_ins`) shown as `<VARIABLE>` with a note on stderr."""
    shown = {**result.placeholders, **stand_ins}
    for request in result.requests:
        click.echo(json.dumps(as_dict(request, shown)) if as_json else as_curl(request, shown))
    if stand_ins:
        missing = ", ".join(sorted(v.strip("<>") for v in stand_ins.values()))
        click.echo(f"# not configured (shown as <VARIABLE>): {missing}", err=True)
    if not result.complete:
        click.echo("# further requests depend on the reply to the last request above", err=True)
