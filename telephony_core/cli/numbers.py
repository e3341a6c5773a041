"""`telephony numbers search | buy | release`: finding numbers to buy, buying them, and
giving them back, at any provider that offers it (`numbers.search`, `numbers.create`,
`numbers.delete`).

Buying and releasing cannot be undone (a number is billed from the day it is bought; a
released one may be given to someone else): both name each number and what it commits to,
and ask first, unless `--yes`. `--dry-run` prints the vendor requests instead of sending them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import click

from telephony_core.cli import fields, output
from telephony_core.cli.report import fail, note_in_process_sandbox, reported
from telephony_core.cli.root_options import Settings
from telephony_core.errors import NotFound
from telephony_core.models import NumberType, PhoneNumber

#: The fields `buy` takes besides the number: where it routes, its label, vendor keys.
BUY_FIELDS = ("name", "application_id", "trunk_id", "user_id", "extra")
#: The columns of `search`'s table.
OFFER_COLUMNS = ("number", "country", "number_type", "region", "locality", "monthly_cost")


#: What each irreversible operation is called, and what is said of what it did.
VERBS = {"create": ("buy", "bought"), "delete": ("release", "released")}


def confirm_irreversible(
    client: Any, resource: str, operation: str, targets: Sequence[str], verb: tuple[str, str]
) -> None:
    """Where the provider says `operation` on `resource` cannot be undone or costs money
    (`Resource.create_warning` / `delete_warning`), name each of `targets` and that, and ask
    on stderr; anything but yes stops here (exit 1). `verb`: what to call doing it, and
    having done it (`("release", "released")`)."""
    adapter = client.provider.resources.get(resource)
    warning = getattr(adapter, f"{operation}_warning", None)
    if not warning:
        return
    item = resource.replace("_", " ").rstrip("s")
    what = f"{len(targets)} {item}s" if len(targets) > 1 else f"{item} {targets[0]}"
    doing, done = verb
    if len(targets) > 1:
        click.echo(f"About to {doing} {what} at {client.provider.name}:", err=True)
        for target in targets:
            click.echo(f"  {target}", err=True)
    else:
        click.echo(f"About to {doing} {what} at {client.provider.name}.", err=True)
    click.echo(f"warning: {warning}.", err=True)
    try:
        answer = click.confirm(f"{doing.capitalize()} {what}?", default=False, err=True)
    except click.Abort:  # no answer (end of input)
        answer = False
    if not answer:
        fail(f"not {done} (pass --yes to {doing} without asking)")


def _common(command: click.Command, *, confirm: bool) -> click.Command:
    command.params.append(
        click.Option(["--tenant"], help="scope: the account (see the provider's docs)")
    )
    command.params.append(
        click.Option(["--json", "as_json"], is_flag=True, help="Machine-readable output.")
    )
    if confirm:
        command.params.append(
            click.Option(
                ["--yes", "-y"],
                is_flag=True,
                help="Do not ask first (for scripts): it cannot be undone.",
            )
        )
    command.params.append(
        click.Option(
            ["--dry-run"],
            is_flag=True,
            help="Print the vendor request(s) instead of sending them; needs no credentials.",
        )
    )
    return command


@click.command()
@click.option("--country", required=True, help="ISO 3166 alpha-2 country code, e.g. US.")
@click.option("--area-code", help="Digits the number starts with after the country code.")
@click.option("--contains", help="Digits the number contains.")
@click.option(
    "--number-type",
    type=click.Choice([t.value for t in NumberType]),
    default=NumberType.LOCAL.value,
    show_default=True,
    help="The kind of number.",
)
@click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=20,
    show_default=True,
    help="At most this many.",
)
@click.pass_obj
def search(settings: Settings, /, **params: Any) -> None:
    """Numbers the provider offers for purchase (buy one with `numbers buy`)."""
    as_json, dry = params.pop("as_json") or settings.as_json, params.pop("dry_run")
    tenant = params.pop("tenant")
    scope = {"tenant": tenant} if tenant is not None else {}
    with reported(settings.profile):
        client, stand_ins = settings.connect(dry_run=dry)
        with client:
            if dry:
                output.show_dry_run(
                    client.dry_run("numbers", "search", **scope, **params),
                    stand_ins,
                    as_json=as_json,
                )
                return
            offers = client.numbers.search(**scope, **params)
            output.show_list(
                "available_numbers",
                offers,
                as_json=as_json,
                columns=OFFER_COLUMNS,
                secrets=client.provider.redactor(),
            )


def _buy_command() -> click.Command:
    params: list[click.Parameter] = [click.Argument(["numbers"], nargs=-1, required=True)]
    params += [o for o in fields.field_options("numbers", "create") if o.name in BUY_FIELDS]

    @click.pass_obj
    def buy(settings: Settings, /, **params: Any) -> None:
        as_json, dry = params.pop("as_json") or settings.as_json, params.pop("dry_run")
        tenant, confirmed, numbers = params.pop("tenant"), params.pop("yes"), params.pop("numbers")
        scope = {"tenant": tenant} if tenant is not None else {}
        with reported(settings.profile):
            changes = fields.collect_changes(PhoneNumber, params)
            client, stand_ins = settings.connect(dry_run=dry)
            with client:
                if dry:
                    for number in numbers:
                        result = client.dry_run(
                            "numbers", "create", **scope, number=number, **changes
                        )
                        output.show_dry_run(result, stand_ins, as_json=as_json)
                    return
                for number in numbers:  # checked before asking, and before buying any
                    client.dry_run("numbers", "create", **scope, number=number, **changes)
                if not confirmed:
                    confirm_irreversible(client, "numbers", "create", numbers, VERBS["create"])
                for number in numbers:
                    bought = client.numbers.create(**scope, number=number, **changes)
                    output.show_model(bought, as_json=as_json, secrets=client.provider.redactor())
        if settings.in_process_sandbox:
            note_in_process_sandbox()  # what it bought is gone with the command

    command = click.Command(
        "buy",
        callback=buy,
        params=params,
        help="Buy NUMBERS (E.164, e.g. +14155550100; see `numbers search`), optionally routed "
        "to an application or trunk. It is billed: asks first unless --yes.",
    )
    return _common(command, confirm=True)


def _held(client: Any, argument: str, scope: dict[str, str]) -> PhoneNumber:
    """The number `argument` names: an E.164 number (`+14155550100`), found by its number,
    or the vendor's id (as `numbers list` shows it), read; `NotFound` when it is not held."""
    if argument.startswith("+"):
        found = client.numbers.find(argument, **scope)
        if found is None:
            raise NotFound(f"{client.provider.name}: {argument} is not a number of this account")
        held: PhoneNumber = found
        return held
    read: PhoneNumber = client.numbers.get(argument, **scope)
    return read


def _release_command() -> click.Command:
    @click.pass_obj
    def release(settings: Settings, /, **params: Any) -> None:
        as_json, dry = params.pop("as_json") or settings.as_json, params.pop("dry_run")
        tenant, confirmed, ids = params.pop("tenant"), params.pop("yes"), params.pop("ids")
        scope = {"tenant": tenant} if tenant is not None else {}
        with reported(settings.profile):
            client, stand_ins = settings.connect(dry_run=dry)
            with client:
                if dry:
                    for id in ids:
                        result = client.dry_run("numbers", "delete", id, **scope)
                        output.show_dry_run(result, stand_ins, as_json=as_json)
                    return
                # Each is read first, so that the question names the number itself (a
                # vendor id such as Twilio's PN... says nothing) and nothing is released
                # when one of them is not held.
                held = [_held(client, argument, scope) for argument in ids]
                named = [n.number if n.number == n.id else f"{n.number} ({n.id})" for n in held]
                if not confirmed:
                    confirm_irreversible(client, "numbers", "delete", named, VERBS["delete"])
                for number in held:
                    client.numbers.delete(number.id, **scope)
                    shown = {"released": number.number, "id": number.id}
                    click.echo(json.dumps(shown) if as_json else f"released {number.number}")
        if settings.in_process_sandbox:
            note_in_process_sandbox()

    command = click.Command(
        "release",
        callback=release,
        params=[click.Argument(["ids"], nargs=-1, required=True, metavar="NUMBERS")],
        help="Release NUMBERS (E.164, e.g. +14155550100, or the ids `numbers list` shows) for "
        "good: reads each, then asks, naming each, unless --yes. --dry-run takes ids.",
    )
    return _common(command, confirm=True)


#: The commands `telephony numbers` has besides the generated ones.
COMMANDS = {
    "search": _common(search, confirm=False),
    "buy": _buy_command(),
    "release": _release_command(),
}
