"""The `telephony` command: the neutral API from the shell.

Resource commands (`telephony devices update ID --name ...`) are generated from the neutral
models, so every field of the model has an option; whether the chosen provider supports it
is checked as for any library call (see `telephony providers`).
"""

from __future__ import annotations

import json
import signal
import sys
from typing import Any

import click

from telephony_core.cli import fleet as fleet_commands
from telephony_core.cli.report import (
    note_in_process_sandbox,
    reported,
    warnings_as_lines,
)
from telephony_core.cli.root_options import Seconds, Settings
from telephony_core.models import RESOURCE_MODELS

OPERATIONS_HELP = {
    "get": "Show one {item}.",
    "list": "List every {item} (pages are fetched as the output goes).",
    "create": "Create {an_item}.",
    "update": "Change only the given fields of {an_item}.",
    "delete": "Delete {an_item}.",
    "count": "Count the {item}s (where the vendor has a count).",
}
#: What `telephony numbers` has besides the generated commands (telephony_core.cli.numbers).
NUMBER_COMMANDS = ("search", "buy", "release")
INTERRUPTED = 130  # the shell's status for a command stopped by SIGINT (128 + 2)
#: The operations whose changes the in-process sandbox forgets when the command ends.
WRITES = frozenset({"create", "update", "delete"})


def with_article(noun: str) -> str:
    """`agent` -> `an agent`, `device` -> `a device`."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


class TelephonyCommand(click.Group):
    """The root command: the library's warnings as lines, Ctrl-C as exit status 130."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with warnings_as_lines():
                return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(INTERRUPTED)


@click.group(cls=TelephonyCommand, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--provider", envvar="TELEPHONY_PROVIDER", help="Provider name (vobiz, sipbx, ...).")
@click.option("--profile", help="A named profile of the TOML config file.")
@click.option("--sandbox", is_flag=True, help="Use the provider's embedded emulator: no network.")
@click.option("--base-url", help="Another API root (regional host, proxy, sandbox server).")
@click.option(
    "--drop-unsupported",
    is_flag=True,
    help="Drop fields the provider cannot set (a warning line each) instead of failing.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option(
    "--sandbox-url",
    envvar="TELEPHONY_SANDBOX_URL",
    help="With --sandbox: a served sandbox (telephony sandbox serve) whose state lasts "
    "across commands, e.g. http://127.0.0.1:8765.",
)
@click.option(
    "--timeout",
    type=Seconds(),
    help="Seconds one call may take in all, retries included (default 30, at most a day).",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    help="Retries of a request where that is safe (default 3; 0 turns them off).",
)
@click.option("--rate-limit", help="Requests allowed per account, e.g. 10/s or 600/minute.")
@click.option(
    "--rate-limit-storage",
    envvar="TELEPHONY_RATE_LIMIT_STORAGE",
    help="Where the rate limit's budget is kept: redis://host:port/db to share it.",
)
@click.version_option(package_name="telephony-core")
@click.pass_context
def cli(
    ctx: click.Context,
    provider: str | None,
    profile: str | None,
    sandbox: bool,
    base_url: str | None,
    drop_unsupported: bool,
    as_json: bool,
    sandbox_url: str | None,
    timeout: float | None,
    retries: int | None,
    rate_limit: str | None,
    rate_limit_storage: str | None,
) -> None:
    """Provision telephony resources at any supported vendor, or dry-run the calls."""
    ctx.obj = Settings(
        provider=provider,
        profile=profile,
        sandbox=sandbox,
        base_url=base_url,
        drop_unsupported=drop_unsupported,
        as_json=as_json,
        sandbox_url=sandbox_url,
        timeout=timeout,
        retries=retries,
        rate_limit=rate_limit,
        rate_limit_storage=rate_limit_storage,
    )


def _json_option() -> click.Option:
    return click.Option(["--json", "as_json"], is_flag=True, help="Machine-readable output.")


def _resource_command(resource: str, operation: str) -> click.Command:
    from telephony_core.cli import fields, output

    model = RESOURCE_MODELS[resource]
    item = resource.rstrip("s").replace("_", " ")
    params: list[click.Parameter] = []
    if operation in ("get", "update", "delete"):
        params.append(click.Argument(["id"]))
    if operation == "create":
        params.append(
            click.Option(
                ["--id"],
                help=f"The new {item}'s id, where the vendor lets the caller choose it "
                "(e.g. a SiPbx device: 1001c); see `telephony providers`.",
            )
        )
    params += fields.scope_options(model)
    if operation in ("create", "update"):
        params += fields.field_options(resource, operation)
        params.append(fields.unset_option(model))
    if operation == "list":
        params.append(
            click.Option(
                ["--page-size"], type=click.IntRange(min=1), help="Items per vendor request."
            )
        )
    params.append(_json_option())
    if operation in ("create", "delete"):
        params.append(
            click.Option(
                ["--yes", "-y"],
                is_flag=True,
                help=f"Do not ask first, even where the vendor's {operation} cannot be undone "
                "or is billed (a number bought or released).",
            )
        )
    params.append(
        click.Option(
            ["--dry-run"],
            is_flag=True,
            help="Print the vendor request(s) instead of sending them (curl, or JSON with "
            "--json); needs no credentials.",
        )
    )

    @click.pass_obj
    def run(settings: Settings, /, **params: Any) -> None:
        as_json = params.pop("as_json") or settings.as_json
        dry = params.pop("dry_run", False)
        id_ = params.pop("id", None)
        scope = {k: v for k in ("tenant", "owner") if (v := params.pop(k, None)) is not None}
        page_size = params.pop("page_size", None)
        confirmed = params.pop("yes", False)
        with reported(settings.profile):
            changes = fields.collect_changes(model, params)
            client, stand_ins = settings.connect(dry_run=dry)
            with client:
                if dry:
                    if page_size is not None:
                        changes["page_size"] = page_size
                    result = client.dry_run(resource, operation, id_, **scope, **changes)
                    output.show_dry_run(result, stand_ins, as_json=as_json)
                    return
                target = getattr(client, resource)
                secrets = client.provider.redactor()
                if operation == "list":
                    output.show_list(
                        resource,
                        target.list(page_size=page_size, **scope),
                        as_json=as_json,
                        secrets=secrets,
                    )
                elif operation == "count":
                    total = target.count(**scope)
                    click.echo(json.dumps({"count": total}) if as_json else str(total))
                elif operation == "delete":
                    if not confirmed:
                        _confirm(client, resource, operation, id_)
                    target.delete(id_, **scope)
                    if as_json:
                        click.echo('{"deleted": true}')
                    else:
                        click.echo(f"deleted {item} {id_}")
                elif operation == "create":
                    chosen = {"id": id_} if id_ is not None else {}
                    adapter = client.provider.resources.get(resource)
                    if not confirmed and getattr(adapter, "create_warning", None):
                        # Invalid input fails here, before anything is asked or bought.
                        client.dry_run(resource, operation, **scope, **chosen, **changes)
                        named = {**changes, **chosen}.get(adapter.natural_key, "a new one")
                        _confirm(client, resource, operation, str(named))
                    created = target.create(**scope, **chosen, **changes)
                    output.show_model(created, as_json=as_json, secrets=secrets)
                elif operation == "update":
                    updated = target.update(id_, **scope, **changes)
                    output.show_model(updated, as_json=as_json, secrets=secrets)
                else:
                    output.show_model(target.get(id_, **scope), as_json=as_json, secrets=secrets)
        if operation in WRITES and settings.in_process_sandbox:
            note_in_process_sandbox()  # after the change: what it changed is gone now

    help_text = OPERATIONS_HELP[operation].format(item=item, an_item=with_article(item))
    return click.Command(operation, callback=run, params=params, help=help_text)


def _confirm(client: Any, resource: str, operation: str, target: str) -> None:
    """Where the vendor's create or delete costs money or cannot be undone (a number bought
    or released, a tenant closed), say so, naming it, and ask; anything but yes stops here."""
    from telephony_core.cli.numbers import confirm_irreversible

    verbs = {"create": ("create", "created"), "delete": ("delete", "deleted")}
    confirm_irreversible(client, resource, operation, [target], verbs[operation])


class ResourceGroup(click.Group):
    """The operations of one resource, built when first asked for (keeps startup fast)."""

    def __init__(self, resource: str) -> None:
        super().__init__(
            resource.replace("_", "-"), help=f"{resource.replace('_', ' ').capitalize()}."
        )
        self.resource = resource

    def list_commands(self, ctx: click.Context) -> list[str]:
        extra = list(NUMBER_COMMANDS) if self.resource == "numbers" else []
        return [*OPERATIONS_HELP, *extra]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if self.resource == "numbers" and name in NUMBER_COMMANDS:
            from telephony_core.cli.numbers import COMMANDS

            return COMMANDS[name]
        return _resource_command(self.resource, name) if name in OPERATIONS_HELP else None


for _resource in RESOURCE_MODELS:
    cli.add_command(ResourceGroup(_resource))


@cli.command()
@click.option("--markdown", is_flag=True, help="Write the capability matrix as Markdown.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def providers(settings: Settings, markdown: bool, as_json: bool) -> None:
    """The installed providers and what each supports."""
    from telephony_core.cli import matrix

    with reported(settings.profile):
        if markdown:
            click.echo(matrix.markdown(), nl=False)
        elif as_json or settings.as_json:
            click.echo(matrix.as_json())
        else:
            click.echo(matrix.text(), nl=False)


@cli.group()
def sandbox() -> None:
    """The vendor emulators."""


@sandbox.command()
@click.pass_obj
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port",
    default=8765,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="0 picks a free port.",
)
@click.option("--allow-remote", is_flag=True, help="Allow binding a non-loopback address.")
@click.option(
    "--faults",
    metavar="NAME=VALUE,...",
    help="Answer through injected faults, e.g. rate_limited=0.1,drop_after=0.05,seed=7 "
    "(shares of 429s, 5xx, slow replies, connections dropped before or after applying; "
    "schedule=503;ok for the first requests' fates). See tel.Faults.",
)
def serve(settings: Settings, host: str, port: int, allow_remote: bool, faults: str | None) -> None:
    """Serve every installed vendor's emulator over HTTP (each under /<provider>)."""
    from telephony_core.plugins.registry import get_registry
    from telephony_core.sandbox.app import SandboxApp
    from telephony_core.sandbox.faults import Faults, FaultyApp
    from telephony_core.sandbox.server import SandboxServer

    with reported(settings.profile):
        registry = get_registry()
        emulators = {name: cls() for name, cls in registry.sandboxes.items()}
        app = FaultyApp(SandboxApp(emulators), Faults.parse(faults)) if faults else None
        server = SandboxServer(emulators, host=host, port=port, allow_remote=allow_remote, app=app)
    click.echo(f"serving the sandbox on {server.url}")
    if app is not None:
        click.echo(f"with faults: {app.injector.faults}")
    click.echo(json.dumps(server.index(), indent=2, sort_keys=True))
    click.echo("stop with Ctrl-C", err=True)
    sys.stdout.flush()

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        click.echo("sandbox stopped", err=True)


@cli.command()
@click.pass_obj
def demo(settings: Settings) -> None:
    """One neutral script against every installed vendor's sandbox: what each was sent."""
    from telephony_core.cli import demo as demo_module

    with reported(settings.profile):
        demo_module.run(click.echo)


for _command in fleet_commands.COMMANDS:
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `telephony` console script."""
    cli.main(args=argv, prog_name="telephony")
