"""`telephony export / plan / apply / migrate`: fleet operations from the shell.

Records are JSON Lines or CSV files (`-` is standard input/output). `plan` only reads; `apply`
and `migrate` record the plan in a journal (SQLite) and show it before writing unless
`--yes`; the same command with the same `--journal` resumes a stopped run. Output: a readable
diff and summary, a progress bar on a terminal, or with `--json` one JSON object per line.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from telephony_core.cli import files
from telephony_core.cli.report import fail, note_in_process_sandbox, reported

if TYPE_CHECKING:
    from telephony_core.cli.root_options import Settings
    from telephony_core.fleet import ApplyReport, Journal, PlanItem, Record

FORMAT = click.Choice(["jsonl", "csv"])
#: Plan actions that cannot be undone: `plan --summary` still shows each one.
DESTRUCTIVE = frozenset({"delete"})


def _resources(names: Iterable[str]) -> tuple[str, ...]:
    """Resource names as typed (`access-rules` or `access_rules`), checked."""
    from telephony_core.fleet.records import model_of

    resources = tuple(name.replace("-", "_") for name in names)
    for resource in resources:
        model_of(resource)
    return resources


def _json_line(data: dict[str, Any]) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, sort_keys=True))


def _records(path: str, format_: str | None) -> Iterator[Record]:
    from telephony_core.fleet import read_records

    return read_records(path, format_)


# export
@click.command("export")
@click.argument("resources", nargs=-1, required=True)
@click.option("--format", "format_", type=FORMAT, help="jsonl (default) or csv.")
@click.option("--output", "-o", default="-", show_default=True, help="File to write ('-': stdout).")
@click.pass_obj
def export_command(
    settings: Settings, resources: tuple[str, ...], format_: str | None, output: str
) -> None:
    """Write RESOURCE... (devices, access-rules, tenants, agents) as neutral records.

    No secrets and no vendor ids: each record is the resource's natural key and the neutral
    fields the provider can set. Records stream out as the listing pages come.
    """
    from telephony_core import fleet
    from telephony_core.fleet.records import format_of

    chosen = format_ or (format_of(output) if output != "-" else "jsonl")
    if settings.as_json and chosen == "csv":
        fail("--json writes JSON Lines: leave out --json, or --format csv")
    with reported(settings.profile):
        names = _resources(resources)
        files.check_writable(output, "--output")
        with settings.connect()[0] as client:
            records = fleet.export(client, *names)
            with _output_file(output) as out:
                if chosen == "csv":
                    count = fleet.write_csv(records, out, names)
                else:
                    count = fleet.write_jsonl(records, out)
    if output != "-":
        click.echo(f"exported {count} records to {output}", err=True)


@contextmanager
def _output_file(path: str) -> Iterator[TextIO]:
    """Standard output for `-`, else the file at `path` (written, then closed)."""
    if path == files.STDIO:
        yield sys.stdout
        return
    with files.written(path, "--output") as out:
        yield out


# plan
def _show_value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def show_item(item: PlanItem) -> None:
    """One plan item as a readable diff entry."""
    marks = {"create": "+", "update": "~", "unchanged": "=", "delete": "-", "unsupported": "!"}
    where = f"  (id {item.id})" if item.id is not None else ""
    click.echo(f"{marks[item.action]} {item.action:<11} {item.resource} {item.key}{where}")
    if item.action == "create":
        for name, value in item.changes.items():
            click.echo(f"      {name}: {_show_value(value)}")
    elif item.action == "update" or (item.action == "unsupported" and item.before):
        for name, value in item.changes.items():
            click.echo(
                f"      {name}: {_show_value(item.before.get(name))} -> {_show_value(value)}"
            )
    for name in item.given:
        click.echo(f"      {name}: (from the records)")
    for name in item.generate:
        click.echo(f"      {name}: (generated at apply, written to --secrets-out only)")
    if item.action == "unsupported":
        click.echo(f"      why: {item.reason}")
    elif item.unsupported:
        click.echo(f"      not sent: {', '.join(sorted(item.unsupported))}")


class PlanTally:
    """Counts of a plan as it streams by, and each unsettable field once with its hint."""

    def __init__(self) -> None:
        self.actions: Counter[str] = Counter()
        self.fields: Counter[tuple[str, str]] = Counter()
        self.hints: dict[tuple[str, str], str] = {}

    def add(self, item: PlanItem) -> PlanItem:
        self.actions[item.action] += 1
        if item.action != "unsupported":
            for name, hint in item.unsupported.items():
                self.fields[(item.resource, name)] += 1
                self.hints.setdefault((item.resource, name), hint)
        return item

    def as_dict(self) -> dict[str, Any]:
        from telephony_core.fleet import ACTIONS

        return {
            "actions": {action: self.actions[action] for action in ACTIONS},
            "not_sent": [
                {"resource": r, "field": f, "records": n, "hint": self.hints[(r, f)]}
                for (r, f), n in sorted(self.fields.items())
            ],
        }

    def show(self, provider: str) -> None:
        a = self.actions
        click.echo(
            f"Plan for {provider}: {a['create']} to create, {a['update']} to update, "
            f"{a['unchanged']} unchanged, {a['delete']} to delete, {a['unsupported']} unsupported."
        )
        if self.fields:
            click.echo(f"Fields {provider} cannot set (left out of the writes):")
            for (resource, name), count in sorted(self.fields.items()):
                records = "record" if count == 1 else "records"
                click.echo(
                    f"  {resource}.{name} ({count} {records}): {self.hints[(resource, name)]}"
                )


@click.command("plan")
@click.argument("file")
@click.option("--format", "format_", type=FORMAT, help="Records format (default: from the name).")
@click.option("--prune", is_flag=True, help="Also delete what the records do not name.")
@click.option(
    "--summary", is_flag=True, help="Only the counts, and each item that cannot be undone."
)
@click.option("--json", "as_json", is_flag=True, help="One plan item per line, then a summary.")
@click.pass_obj
def plan_command(
    settings: Settings, file: str, format_: str | None, prune: bool, summary: bool, as_json: bool
) -> None:
    """Show what it takes for the provider to hold the records of FILE. Sends no write.

    Records are matched by natural key: missing ones are created, differing ones updated
    (changed fields only), the rest unchanged; with --prune, resources no record names are
    deleted. Unsupported: what the provider cannot do, with its hint. With --summary, only
    the counts and the destructive items (deletes) are shown.
    """
    from telephony_core import fleet

    as_json = as_json or settings.as_json
    tally = PlanTally()
    with reported(settings.profile), settings.connect()[0] as client:
        for item in fleet.plan(client, _records(file, format_), prune=prune):
            tally.add(item)
            if summary and item.action not in DESTRUCTIVE:
                continue
            if as_json:
                _json_line(item.to_dict())
            else:
                show_item(item)
        if as_json:
            _json_line({"summary": tally.as_dict()})
        else:
            tally.show(client.provider.name)


# apply and migrate
def _confirm(journal: Journal, provider: str) -> bool:
    """Show what is left to do and ask; True to go on."""
    left = journal.left_by_action()
    if not left:
        return True
    shown = ", ".join(f"{action} {count}" for action, count in sorted(left.items()))
    return click.confirm(f"Apply to {provider}: {shown}?", default=False, err=True)


def _need_yes(yes: bool) -> None:
    if not yes and not sys.stdin.isatty():
        fail("not on a terminal: pass --yes to apply without confirming")


class _Output:
    """Progress while items run: a bar on a terminal, JSON events with --json."""

    def __init__(self, as_json: bool, label: str) -> None:
        self.as_json = as_json
        self.bar: Any = None
        if not as_json and sys.stderr.isatty():
            from telephony_core.cli.progress import ProgressBar

            self.bar = ProgressBar(label)

    def __call__(self, event: Any) -> None:
        if self.as_json:
            if event.kind == "item":
                _json_line(
                    {
                        "event": "item",
                        **event.item.to_dict(),
                        "done": event.done,
                        "failed": event.failed,
                    }
                )
            else:
                _json_line({"event": event.kind, "total": event.total, "done": event.done})
        elif self.bar is not None:
            self.bar.update(event)

    def __enter__(self) -> _Output:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _finish(report: ApplyReport, as_json: bool, settings: Settings) -> None:
    from telephony_core.cli.progress import show_summary

    if as_json:
        _json_line({"event": "summary", **report.to_dict()})
    else:
        show_summary(report)
    if settings.in_process_sandbox and report.ran:
        note_in_process_sandbox()
    if not report.ok:
        sys.exit(1)


@contextmanager
def _planned(
    client: Any,
    path: str | None,
    fingerprint: str | None,
    yes: bool,
    make_plan: Callable[[], Iterable[PlanItem]],
    declined: str,
) -> Iterator[Journal]:
    """The journal at `path` (temporary when None) for `client`'s provider. Unless `yes`,
    a new plan is recorded in it, shown, and confirmed (declined: the journal this run made
    is removed, and the command fails with `declined`)."""
    from telephony_core.fleet import Journal

    new = path is None or not Path(path).exists()
    book = Journal(path, fingerprint=fingerprint)
    try:
        provider, base_url = client.provider.name, client.provider.base_url
        book.check_target(provider, base_url)
        if not yes and not book.planned:
            with book.recording(provider=provider, base_url=base_url) as add:
                add(make_plan())
            if not _confirm(book, provider):
                book.close()
                if new:
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{book.path}{suffix}").unlink(missing_ok=True)
                fail(declined)
        yield book
    finally:
        book.close()


def _apply_options(func: Any) -> Any:
    options = [
        click.option(
            "--journal",
            type=click.Path(dir_okay=False),
            help="SQLite journal: resume with the same path.",
        ),
        click.option(
            "--concurrency",
            type=click.IntRange(1, 1000),
            default=10,
            show_default=True,
            help="Items in flight at once.",
        ),
        click.option(
            "--secrets-out",
            type=click.Path(dir_okay=False),
            help="New file (mode 0600) for generated passwords.",
        ),
        click.option("--prune", is_flag=True, help="Also delete what the records do not name."),
        click.option("--yes", is_flag=True, help="Apply without asking."),
        click.option(
            "--json", "as_json", is_flag=True, help="One JSON event per item, then a summary."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.command("apply")
@click.argument("file")
@click.option("--format", "format_", type=FORMAT, help="Records format (default: from the name).")
@_apply_options
@click.pass_obj
def apply_command(
    settings: Settings,
    file: str,
    format_: str | None,
    journal: str | None,
    concurrency: int,
    secrets_out: str | None,
    prune: bool,
    yes: bool,
    as_json: bool,
) -> None:
    """Make the provider hold the records of FILE: plan, confirm, then apply.

    The plan goes into --journal first; if the journal already holds one (a stopped run),
    it is resumed: done items are skipped, items in flight are looked up by natural key
    before anything is created again, failed ones are retried. Exit 0 only when every item
    is done.
    """
    from telephony_core import fleet

    as_json = as_json or settings.as_json
    _need_yes(yes)
    with reported(settings.profile):
        files.check_writable(journal, "--journal")
        files.check_writable(secrets_out, "--secrets-out")
        fingerprint = files.fingerprint(file)
    with reported(settings.profile), settings.connect()[0] as client:

        def records_plan() -> Iterator[PlanItem]:
            return fleet.plan(client, _records(file, format_), prune=prune)

        with (
            _planned(client, journal, fingerprint, yes, records_plan, "nothing applied") as book,
            _Output(as_json, f"apply to {client.provider.name}") as output,
        ):
            report = fleet.apply(
                client,
                records_plan(),
                concurrency=concurrency,
                journal=book,
                secrets_out=secrets_out,
                progress=output,
            )
    _finish(report, as_json, settings)


@click.command("migrate")
@click.argument("resources", nargs=-1, required=True)
@click.option("--to", "to_provider", required=True, help="The target provider.")
@click.option("--to-profile", help="The target's profile (else its environment variables).")
@click.option("--key", help="A field whose value becomes each record's key at the target.")
@click.option(
    "--mapping-out", type=click.Path(dir_okay=False), help="Write the id mapping here as CSV."
)
@_apply_options
@click.pass_obj
def migrate_command(
    settings: Settings,
    resources: tuple[str, ...],
    to_provider: str,
    to_profile: str | None,
    key: str | None,
    mapping_out: str | None,
    journal: str | None,
    concurrency: int,
    secrets_out: str | None,
    prune: bool,
    yes: bool,
    as_json: bool,
) -> None:
    """Copy RESOURCE... from the provider (--provider / --profile) to --to: export, plan,
    confirm, apply; then the mapping of each source id to its target id.

    --sandbox applies to both; each provider's API root comes from its profile or variable
    (or, with --sandbox-url, from the served sandbox), never from --base-url.
    """
    from telephony_core import fleet

    as_json = as_json or settings.as_json
    if settings.base_url:
        fail(
            "migrate talks to two providers, and --base-url names one API root: set the "
            "source's in its profile or <PROVIDER>_BASE_URL and the target's in --to-profile "
            "or its variable, or, for a served sandbox, pass --sandbox --sandbox-url URL "
            "(both emulators are there)"
        )
    _need_yes(yes)
    with reported(settings.profile):
        names = _resources(resources)
        for path, option in (
            (mapping_out, "--mapping-out"),
            (journal, "--journal"),
            (secrets_out, "--secrets-out"),
        ):
            files.check_writable(path, option)
        with (
            settings.connect()[0] as source,
            settings.connect(provider=to_provider, profile=to_profile)[0] as target,
        ):

            def migration_plan() -> Iterator[PlanItem]:
                return fleet.migration_plan(source, target, *names, key=key, prune=prune)

            with (
                _planned(target, journal, None, yes, migration_plan, "nothing migrated") as book,
                _Output(as_json, f"migrate to {target.provider.name}") as output,
            ):
                report = fleet.migrate(
                    source,
                    target,
                    *names,
                    key=key,
                    prune=prune,
                    concurrency=concurrency,
                    journal=book,
                    secrets_out=secrets_out,
                    progress=output,
                )
    _show_mapping(report.mapping, as_json, mapping_out)
    _finish(report.apply, as_json, settings)


def _show_mapping(rows: Iterable[Any], as_json: bool, path: str | None) -> None:
    from telephony_core.cli.progress import show_mapping

    if path is not None:
        import csv

        with reported(None), files.written(path, "--mapping-out") as fh:
            writer = csv.DictWriter(
                fh,
                fieldnames=["resource", "key", "source_id", "target_id", "action", "state"],
                lineterminator="\n",
            )
            writer.writeheader()
            for row in rows:
                writer.writerow(row.to_dict())
        click.echo(f"mapping written to {path}", err=True)
    elif as_json:
        for row in rows:
            _json_line({"event": "mapping", **row.to_dict()})
    else:
        show_mapping(list(rows))


COMMANDS = (export_command, plan_command, apply_command, migrate_command)
