"""Applying a plan: a bounded pool of workers pulling items from one journal iterator.

Memory is O(concurrency): the plan is streamed into the journal (SQLite, on disk), then
`concurrency` workers (threads for a sync client, tasks for an async one) take the unfinished
items from one iterator that reads the journal a batch at a time; there is never one task or
thread per item. Each item is run by `run_item` / `run_item_async`, so the client's own
resilience (retries, reconciliation, throttling) applies per request; the journal adds
resumption across runs: done items are skipped, items in flight or failed are looked up by
natural key before a create is sent again.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncIterable, Callable, Iterable, Iterator
from typing import Any

import attrs

from telephony_core.client import AsyncClient, Client
from telephony_core.errors import (
    AuthenticationError,
    ConfigurationError,
    RateLimited,
    ServerError,
    TelephonyError,
    TransportError,
)
from telephony_core.fleet.items import Outcome, PlanItem, run_item, run_item_async
from telephony_core.fleet.journal import DONE, FAILED, IN_FLIGHT, Entry, Journal
from telephony_core.fleet.secrets_file import SecretsFile
from telephony_core.fleet.streams import as_async
from telephony_core.secret import Secret

#: Errors after which no further item can succeed: the run stops (items left as they are).
FATAL = (AuthenticationError, ConfigurationError)
#: Errors that another run may not meet again: a busy or failing vendor, no reply, or what
#: stopped the run (once the credentials or settings are fixed). Others (the vendor refused
#: the values, a conflict, a missing resource) recur for the same plan.
PASSING = (RateLimited, ServerError, TransportError, *FATAL)
#: Plan items read at a time while an async plan is stored in the journal.
RECORD_BATCH = 500


@attrs.frozen(kw_only=True)
class ItemResult:
    """How one item ended in this run."""

    resource: str
    key: str
    action: str
    state: str
    id: str | None = None
    error: str | None = None
    reconciled: bool = False
    #: For a failure of this run: whether running again may succeed (`PASSING`), or the
    #: vendor refused what the plan sends (running the same plan fails again).
    retryable: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (never holds a secret: errors are the library's masked messages)."""
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


@attrs.frozen(kw_only=True)
class ApplyEvent:
    """Progress of a run: `kind` "start" (before the first item), then "item" per item."""

    kind: str
    total: int
    done: int
    failed: int
    remaining: int
    item: ItemResult | None = None


Progress = Callable[[ApplyEvent], None]


@attrs.frozen(kw_only=True)
class ApplyReport:
    """The outcome of `apply`: counts by state over the whole plan, and every failure."""

    total: int
    counts: dict[str, int]
    ran: int
    reconciled: int
    failures: tuple[ItemResult, ...]
    journal: str | None = None
    stopped: str | None = None

    @property
    def ok(self) -> bool:
        """Whether every item of the plan is done."""
        return self.counts.get(DONE, 0) == self.total

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "ok": self.ok,
            "total": self.total,
            "counts": dict(self.counts),
            "ran": self.ran,
            "reconciled": self.reconciled,
            "failures": [f.to_dict() for f in self.failures],
            "journal": self.journal,
            "stopped": self.stopped,
        }


class _Run:
    """The state one `apply` shares between its workers and its two drivers."""

    def __init__(
        self,
        client: Client | AsyncClient,
        *,
        concurrency: int,
        journal: str | os.PathLike[str] | Journal | None,
        secrets_out: str | os.PathLike[str] | None,
        progress: Progress | None,
    ) -> None:
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise ValueError("concurrency must be a positive integer")
        self.client = client
        self.concurrency = concurrency
        self.progress = progress
        self.owns_journal = not isinstance(journal, Journal)
        self.journal = journal if isinstance(journal, Journal) else Journal(journal)
        self.kept_journal = None if self.journal.temporary else str(self.journal.path)
        self.secrets_out = secrets_out
        self.sink: SecretsFile | None = None
        self.given: dict[tuple[str, str], dict[str, Secret]] = {}
        self.retryable: dict[int, bool] = {}
        self.lock = threading.Lock()
        self.stopped: str | None = None
        #: What stopped the workers that no item could go on after (raised once they end).
        self.failures: list[BaseException] = []
        self.ran = self.reconciled = self.failed = 0
        self.done = 0
        self.total = 0
        self.entries: Iterator[Entry] = iter(())

    # Before the workers start.
    @property
    def target(self) -> dict[str, str]:
        return {"provider": self.client.provider.name, "base_url": self.client.provider.base_url}

    def secrets_wanted(self) -> set[tuple[str, str]]:
        """Check the target and the secrets file; return the items whose record secrets must
        be collected from the plan (when resuming)."""
        self.journal.check_target(**self.target)
        return self.journal.unfinished_given()

    def keep_given(self, item: PlanItem) -> PlanItem:
        """Remember the secrets an item carries (they never go into the journal)."""
        if item.secrets:
            self.given[(item.resource, item.key)] = dict(item.secrets)
        return item

    def begin(self) -> None:
        """Open the secrets file if needed, count, and say so to `progress`."""
        if self.journal.any_unfinished_generating():
            if self.secrets_out is None:
                raise ConfigurationError(
                    "creates in this plan need generated passwords: pass secrets_out= "
                    "(--secrets-out, a new file) to keep them"
                )
            self.sink = SecretsFile(self.secrets_out)
        counts = self.journal.counts()
        self.total = sum(counts.values())
        self.done = counts[DONE]
        self.entries = self.journal.unfinished()
        self._emit("start", None)

    # The workers.
    def next_entry(self) -> Entry | None:
        with self.lock:
            if self.stopped is not None:
                return None
            return next(self.entries, None)

    def started(self, entry: Entry) -> tuple[PlanItem, bool]:
        """Mark the entry in flight; return its item (with given secrets) and whether it must
        be reconciled (it may have been sent before)."""
        self.journal.start(entry.seq)
        item = entry.item
        if item.given:
            item = item.with_secrets(self.given.get((item.resource, item.key), {}))
        reconcile = entry.state in (IN_FLIGHT, FAILED) and entry.attempts > 0
        return item, reconcile

    def succeeded(self, entry: Entry, outcome: Outcome) -> None:
        self.journal.finish(entry.seq, outcome.id, outcome.reconciled)
        with self.lock:
            self.ran += 1
            self.done += 1
            self.reconciled += outcome.reconciled
        self._emit_item(entry, DONE, id=outcome.id, reconciled=outcome.reconciled)

    def failed_with(self, entry: Entry, exc: TelephonyError) -> None:
        self.journal.fail(entry.seq, str(exc))
        with self.lock:
            self.ran += 1
            self.failed += 1
            self.retryable[entry.seq] = isinstance(exc, PASSING)
            if isinstance(exc, FATAL) and self.stopped is None:
                self.stopped = f"{type(exc).__name__}: {exc}"
        self._emit_item(
            entry, FAILED, id=entry.item.id, error=str(exc), retryable=self.retryable[entry.seq]
        )

    def _emit_item(self, entry: Entry, state: str, **details: Any) -> None:
        item = entry.item
        result = ItemResult(
            resource=item.resource, key=item.key, action=item.action, state=state, **details
        )
        self._emit("item", result)

    def _emit(self, kind: str, item: ItemResult | None) -> None:
        if self.progress is None:
            return
        with self.lock:
            event = ApplyEvent(
                kind=kind,
                total=self.total,
                done=self.done,
                failed=self.failed,
                remaining=self.total - self.done - self.failed,
                item=item,
            )
        self.progress(event)

    def stop_with(self, exc: BaseException) -> None:
        """A worker met what no item can go on after (the journal cannot be written, a bug):
        the others finish the item they have and take no other; the items keep their state
        (one in flight is looked up by natural key when the run resumes)."""
        with self.lock:
            if not self.failures:
                self.stopped = f"{type(exc).__name__}: {exc}"
            self.failures.append(exc)

    def raise_failure(self) -> None:
        """Raise the first failure that stopped the workers, if any."""
        if self.failures:
            raise self.failures[0]

    # After.
    def report(self) -> ApplyReport:
        failures = tuple(
            ItemResult(
                resource=e.item.resource,
                key=e.item.key,
                action=e.item.action,
                state=e.state,
                id=e.vendor_id,
                error=e.error,
                retryable=self.retryable.get(e.seq),
            )
            for e in self.journal.entries(FAILED)
        )
        counts = self.journal.counts()
        return ApplyReport(
            total=sum(counts.values()),
            counts=counts,
            ran=self.ran,
            reconciled=self.reconciled,
            failures=failures,
            journal=self.kept_journal,
            stopped=self.stopped,
        )

    def close(self) -> None:
        if self.sink is not None:
            self.sink.close()
        if self.owns_journal:
            self.journal.close()


def apply(
    client: Client,
    plan: Iterable[PlanItem],
    *,
    concurrency: int = 10,
    journal: str | os.PathLike[str] | Journal | None = None,
    secrets_out: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> ApplyReport:
    """Carry out `plan` (from `fleet.plan`) with a sync client, `concurrency` items at a time.

    `journal` (a path, or a `Journal`) records the plan and each item's state; when it
    already holds a plan, that plan is resumed (done items skipped, items in flight or
    failed reconciled by natural key, then retried) and `plan` only supplies the secrets its
    records gave. Without a journal a temporary one is used. Generated passwords go only to
    `secrets_out`, a new file (mode 0600). `progress` is called with an `ApplyEvent` before
    the first item and after each. Returns an `ApplyReport` (`ok` when every item is done).
    """
    run = _Run(
        client, concurrency=concurrency, journal=journal, secrets_out=secrets_out, progress=progress
    )
    try:
        wanted = run.secrets_wanted()
        if not run.journal.planned:
            with run.journal.recording(**run.target) as add:
                add(run.keep_given(item) for item in plan)
        elif wanted:
            for item in plan:
                if (item.resource, item.key) in wanted:
                    run.keep_given(item)
        run.begin()
        _run_threads(run, client)
        return run.report()
    finally:
        run.close()


def _run_threads(run: _Run, client: Client) -> None:
    def worker() -> None:
        try:
            while (entry := run.next_entry()) is not None:
                item, reconcile = run.started(entry)
                try:
                    outcome = run_item(item, client, secrets=run.sink, reconcile=reconcile)
                except TelephonyError as exc:
                    run.failed_with(entry, exc)
                else:
                    run.succeeded(entry, outcome)
        except BaseException as exc:  # the journal cannot be written, or a bug: stop the run
            run.stop_with(exc)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(run.concurrency)]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(0.2)
    except KeyboardInterrupt:
        with run.lock:
            run.stopped = "interrupted"
        for thread in threads:
            thread.join()
        raise
    run.raise_failure()


async def apply_async(
    client: AsyncClient,
    plan: Iterable[PlanItem] | AsyncIterable[PlanItem],
    *,
    concurrency: int = 10,
    journal: str | os.PathLike[str] | Journal | None = None,
    secrets_out: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> ApplyReport:
    """`apply` with an `AsyncClient`: `concurrency` tasks pull items from one iterator."""
    run = _Run(
        client, concurrency=concurrency, journal=journal, secrets_out=secrets_out, progress=progress
    )
    try:
        wanted = run.secrets_wanted()
        if not run.journal.planned:
            with run.journal.recording(**run.target) as add:
                batch: list[PlanItem] = []
                async for item in as_async(plan):
                    batch.append(run.keep_given(item))
                    if len(batch) >= RECORD_BATCH:
                        add(batch)
                        batch = []
                add(batch)
        elif wanted:
            async for item in as_async(plan):
                if (item.resource, item.key) in wanted:
                    run.keep_given(item)
        run.begin()

        async def worker() -> None:
            try:
                while (entry := run.next_entry()) is not None:
                    item, reconcile = run.started(entry)
                    try:
                        outcome = await run_item_async(
                            item, client, secrets=run.sink, reconcile=reconcile
                        )
                    except TelephonyError as exc:
                        run.failed_with(entry, exc)
                    else:
                        run.succeeded(entry, outcome)
            except Exception as exc:  # the journal cannot be written, or a bug: stop the run
                run.stop_with(exc)

        async with asyncio.TaskGroup() as group:
            for _ in range(run.concurrency):
                group.create_task(worker())
        run.raise_failure()
        return run.report()
    finally:
        run.close()
