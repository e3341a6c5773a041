"""How the command line shows results: key/value views and tables, or JSON for machines."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import click

from telephony_core.cli.fields import model_as_dict
from telephony_core.cli.terminal import printable
from telephony_core.dryrun import DryRun, as_curl, as_dict

#: Columns of the `list` table per resource (after the id).
LIST_COLUMNS = {
    "devices": ("name", "username", "registered", "sip_uri"),
    "access_rules": ("name", "cidr", "enabled"),
    "tenants": ("name", "email", "enabled", "rate_limit"),
    "agents": ("name", "email", "extension_id", "state"),
}


def _text(value: Any) -> str:
    """A value as a table cell: vendor data, so its control characters are escaped."""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return printable(str(value))


def show_model(model: Any, *, as_json: bool) -> None:
    """One model: a JSON document, or aligned `field: value` lines."""
    data = model_as_dict(model)
    if as_json:
        click.echo(json.dumps(data, sort_keys=True))
        return
    width = max(len(k) for k in data)
    for key, value in data.items():
        click.echo(f"{printable(key).ljust(width)}  {_text(value)}")


def show_list(resource: str, models: Iterable[Any], *, as_json: bool) -> int:
    """Models as they arrive: JSON lines, or a table. Returns how many were shown."""
    columns = ("id", *LIST_COLUMNS.get(resource, ("name",)))
    count = 0
    for model in models:
        data = model_as_dict(model)
        if as_json:
            click.echo(json.dumps(data, sort_keys=True))
        else:
            if count == 0:
                click.echo("  ".join(c.ljust(20) for c in columns).rstrip())
            cells = (_text(data.get(c, "")) for c in columns)
            click.echo("  ".join(cell.ljust(20) for cell in cells).rstrip())
        count += 1
    if count == 0 and not as_json:
        click.echo(f"no {resource.replace('_', ' ')}")
    return count


def show_dry_run(result: DryRun, *, as_json: bool) -> None:
    """Each request as a JSON line or a curl command line, secrets masked."""
    for request in result.requests:
        shown = result.placeholders
        click.echo(json.dumps(as_dict(request, shown)) if as_json else as_curl(request, shown))
    if not result.complete:
        click.echo("# further requests depend on the reply to the last request above", err=True)
