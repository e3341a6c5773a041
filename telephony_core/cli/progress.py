"""The progress bar and the summary tables of `apply` / `migrate`, drawn with rich.

rich rather than tqdm: one maintained library draws both the live bar (items, rate, ETA and
a failure count, thread-safe, refreshed from its own thread so workers never wait on the
terminal) and the summary tables, and it degrades to plain text when the output is not a
terminal. It is imported only by these commands, so other commands start as fast as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from telephony_core.fleet import ApplyEvent, ApplyReport, MappingRow


class _Rate(ProgressColumn):
    """Items per second over the last seconds."""

    def render(self, task: Any) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} items/s" if speed else "- items/s", style="progress.data.speed")


class ProgressBar:
    """A bar on standard error: items done of all, rate, time left, failures."""

    def __init__(self, label: str) -> None:
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _Rate(),
            TimeRemainingColumn(),
            TextColumn("[red]{task.fields[failed]} failed"),
            console=Console(stderr=True),
            transient=False,
        )
        self._label = label
        self._task: TaskID | None = None

    def start(self) -> None:
        self._progress.start()

    def stop(self) -> None:
        self._progress.stop()

    def update(self, event: ApplyEvent) -> None:
        completed = event.total - event.remaining
        if self._task is None:
            self._task = self._progress.add_task(
                self._label, total=event.total, completed=completed, failed=event.failed
            )
        else:
            self._progress.update(self._task, completed=completed, failed=event.failed)


def show_summary(report: ApplyReport, console: Console | None = None) -> None:
    """The counts by state, then a table naming each failure."""
    console = console or Console()
    counts = Table(title="Summary", title_justify="left")
    for column in ("items", "done", "failed", "pending", "in flight", "run now", "reconciled"):
        counts.add_column(column, justify="right")
    c = report.counts
    counts.add_row(
        *(
            str(n)
            for n in (
                report.total,
                c.get("done", 0),
                c.get("failed", 0),
                c.get("pending", 0),
                c.get("in_flight", 0),
                report.ran,
                report.reconciled,
            )
        )
    )
    console.print(counts)
    if report.failures:
        failures = Table(title=f"Failures ({len(report.failures)})", title_justify="left")
        for column in ("resource", "key", "action", "error"):
            failures.add_column(column, overflow="fold")
        for failure in report.failures:
            failures.add_row(failure.resource, failure.key, failure.action, failure.error or "")
        console.print(failures)
    if report.stopped:
        console.print(f"stopped early: {report.stopped}")
    if report.ok:
        console.print("all items done")
    else:
        console.print("not every item is done")
        for line in next_steps(report):
            console.print(line, soft_wrap=True)  # one line each: what to run, unbroken


def next_steps(report: ApplyReport) -> list[str]:
    """What running again would do for a run that did not finish, and what to run."""
    again = (
        f"run the same command again (it resumes journal {report.journal})"
        if report.journal
        else "run the same command again (it plans afresh: what is done shows as unchanged)"
    )
    refused = [f for f in report.failures if f.retryable is False]
    passing = [f for f in report.failures if f.retryable is not False]
    left = report.total - report.counts.get("done", 0) - len(report.failures)
    steps: list[str] = []
    if report.stopped:
        steps.append(f"to go on, fix what stopped the run, then {again}")
    elif passing or left:
        what = ", ".join(
            part
            for part in (
                f"{len(passing)} failed for a reason that may pass (a busy or failing vendor, "
                "no reply)"
                if passing
                else "",
                f"{left} not run" if left else "",
            )
            if part
        )
        steps.append(f"{what}: to retry, {again}")
    if refused:
        steps.append(
            f"{len(refused)} refused (see the errors: invalid values, a conflict, ...): "
            "running again sends the same and fails the same way; change the records or the "
            "target, then plan and apply them anew"
            + (" with a new --journal" if report.journal else "")
        )
    return steps


def show_mapping(rows: list[MappingRow], console: Console | None = None) -> None:
    """Each resource's source id and target id."""
    console = console or Console()
    table = Table(title="Mapping", title_justify="left")
    for column in ("resource", "key", "source id", "target id", "action", "state"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            row.resource, row.key, row.source_id or "", row.target_id or "", row.action, row.state
        )
    console.print(table)
