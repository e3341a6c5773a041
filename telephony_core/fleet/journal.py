"""The apply journal: an SQLite file (stdlib `sqlite3`) holding a plan and how far it got.

Each item is a row: its planned action and the item as JSON (never a secret), its state
(`pending`, `in_flight`, `done`, `failed`), the target's id of the resource, the last error
and how many times it was started. An item is marked in flight (committed) before its first
request is sent, so after a stop at any point, SIGKILL included, the rows say which items may
have reached the vendor: those are looked up by natural key when the run resumes, never sent
blindly again.

The database runs in WAL mode with `synchronous=NORMAL`: each commit survives the process
being killed; after a power loss the last commits may be rolled back, which leaves items in
an earlier state (pending or in flight), and those are resumed the same way.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import attrs

from telephony_core.errors import ConfigurationError
from telephony_core.fleet.items import UNCHANGED, UNSUPPORTED, PlanItem

PENDING, IN_FLIGHT, DONE, FAILED = "pending", "in_flight", "done", "failed"
STATES = (PENDING, IN_FLIGHT, DONE, FAILED)
#: Rows read from the database at a time while a run goes through the items.
BATCH = 256

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    seq INTEGER PRIMARY KEY,
    resource TEXT NOT NULL,
    key TEXT NOT NULL,
    action TEXT NOT NULL,
    item TEXT NOT NULL,
    state TEXT NOT NULL,
    vendor_id TEXT,
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    reconciled INTEGER NOT NULL DEFAULT 0,
    generates INTEGER NOT NULL,
    given INTEGER NOT NULL,
    updated REAL NOT NULL,
    UNIQUE (resource, key)
);
"""


@attrs.frozen
class Entry:
    """One journal row: the item and where it stands."""

    seq: int
    item: PlanItem
    state: str
    vendor_id: str | None
    error: str | None
    attempts: int
    reconciled: bool


class Journal:
    """An apply journal at `path` (a temporary file, removed on `close()`, when None).

    Thread-safe: the sync apply's workers share one. `fingerprint` is any text naming the
    input (e.g. a digest of the records file): resuming with another one is refused.
    """

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, fingerprint: str | None = None
    ) -> None:
        #: A temporary journal is removed on `close()`: it cannot be resumed.
        self.temporary = path is None
        if path is None:
            fd, name = tempfile.mkstemp(prefix="telephony-journal-", suffix=".sqlite")
            os.close(fd)
            path = name
        self.path = Path(path)
        self.fingerprint = fingerprint
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise ConfigurationError(f"{self.path} is not an apply journal: {exc}") from None

    # Lifecycle.
    def close(self) -> None:
        """Close the database (and remove a temporary journal)."""
        with self._lock:
            self._db.close()
        if self.temporary:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # The plan.
    def meta(self, name: str) -> str | None:
        """A value recorded with the plan (`provider`, `base_url`, `fingerprint`, `planned`)."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    @property
    def planned(self) -> bool:
        """Whether a plan is recorded (then a run resumes it)."""
        return self.meta("planned") is not None

    def check_target(self, provider: str, base_url: str) -> None:
        """Refuse to resume a journal written for another target or input."""
        wanted = {"provider": provider, "base_url": base_url, "fingerprint": self.fingerprint}
        for name, value in wanted.items():
            recorded = self.meta(name)
            if value is not None and recorded is not None and recorded != value:
                if name == "fingerprint":
                    raise ConfigurationError(
                        f"journal {self.path} holds the plan of other records (the input has "
                        "changed since): to apply the records as they are now, plan them "
                        "with a new journal (--journal NEW.sqlite), which skips what is "
                        "already done; to finish the earlier run, give it the records it "
                        "was made from"
                    )
                raise ConfigurationError(
                    f"journal {self.path} is for {name} {recorded!r}, not {value!r}: "
                    "use a new journal (--journal NEW.sqlite) for another target"
                )

    @contextmanager
    def recording(
        self, *, provider: str, base_url: str
    ) -> Iterator[Callable[[Iterable[PlanItem]], None]]:
        """Store a plan: `with journal.recording(...) as add: add(items)` (as often as needed).

        Every item is stored pending (an unchanged one done, an unsupported one failed with
        its reason), all in one transaction: a run stopped meanwhile leaves no plan.
        """
        now = time.time()

        def rows(items: Iterable[PlanItem]) -> Iterator[tuple[Any, ...]]:
            for item in items:
                state, error = PENDING, None
                if item.action == UNCHANGED:
                    state = DONE
                elif item.action == UNSUPPORTED:
                    state, error = FAILED, item.reason or "unsupported"
                data = json.dumps(item.to_dict(), sort_keys=True)
                yield (
                    item.resource,
                    item.key,
                    item.action,
                    data,
                    state,
                    item.id,
                    error,
                    int(bool(item.generate)),
                    int(bool(item.given)),
                    now,
                )

        def add(items: Iterable[PlanItem]) -> None:
            try:
                self._db.executemany(
                    "INSERT INTO items (resource, key, action, item, state, vendor_id, error,"
                    " generates, given, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows(items),
                )
            except sqlite3.IntegrityError:
                raise ConfigurationError(
                    "the plan names one resource twice (same resource and key)"
                ) from None

        meta = {"provider": provider, "base_url": base_url, "planned": str(now)}
        if self.fingerprint is not None:
            meta["fingerprint"] = self.fingerprint
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield add
                self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def any_unfinished_generating(self) -> bool:
        """Whether an item not done yet generates a secret when it runs."""
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM items WHERE generates = 1 AND state != ? LIMIT 1", (DONE,)
            ).fetchone()
        return row is not None

    def unfinished_given(self) -> set[tuple[str, str]]:
        """(resource, key) of the items not done that carry secrets given by the records."""
        with self._lock:
            rows = self._db.execute(
                "SELECT resource, key FROM items WHERE given = 1 AND state != ?", (DONE,)
            ).fetchall()
        return {(str(r), str(k)) for r, k in rows}

    # Running.
    def unfinished(self) -> Iterator[Entry]:
        """The items not done, in plan order, read `BATCH` rows at a time; each is read once
        per call, so an item that fails during this run is not started again in it."""
        after = 0
        while True:
            with self._lock:
                rows = self._db.execute(
                    "SELECT seq, item, state, vendor_id, error, attempts, reconciled FROM items"
                    " WHERE seq > ? AND state != ? ORDER BY seq LIMIT ?",
                    (after, DONE, BATCH),
                ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _entry(row)
            after = rows[-1][0]

    def start(self, seq: int) -> None:
        """Mark an item in flight (committed before its first request is sent)."""
        self._set(seq, "state = ?, attempts = attempts + 1", (IN_FLIGHT,))

    def finish(self, seq: int, vendor_id: str | None, reconciled: bool) -> None:
        """Mark an item done, with the target's id of its resource."""
        self._set(
            seq,
            "state = ?, vendor_id = ?, error = NULL, reconciled = ?",
            (DONE, vendor_id, int(reconciled)),
        )

    def fail(self, seq: int, error: str) -> None:
        """Mark an item failed, with its (secret-free) error message."""
        self._set(seq, "state = ?, error = ?", (FAILED, error))

    def _set(self, seq: int, assignments: str, values: tuple[Any, ...]) -> None:
        with self._lock:
            self._db.execute(
                f"UPDATE items SET {assignments}, updated = ? WHERE seq = ?",  # noqa: S608
                (*values, time.time(), seq),
            )

    # Reading the outcome.
    def counts(self) -> dict[str, int]:
        """How many items are in each state."""
        with self._lock:
            rows = self._db.execute("SELECT state, COUNT(*) FROM items GROUP BY state").fetchall()
        found = {state: 0 for state in STATES}
        found.update({str(state): int(count) for state, count in rows})
        return found

    def left_by_action(self) -> dict[str, int]:
        """How many items not done there are per planned action."""
        with self._lock:
            rows = self._db.execute(
                "SELECT action, COUNT(*) FROM items WHERE state != ? GROUP BY action", (DONE,)
            ).fetchall()
        return {str(action): int(count) for action, count in rows}

    def entries(self, state: str | None = None) -> Iterator[Entry]:
        """Every item (or those in `state`), in plan order, read in batches."""
        after = 0
        while True:
            with self._lock:
                rows = self._db.execute(
                    "SELECT seq, item, state, vendor_id, error, attempts, reconciled FROM items"
                    " WHERE seq > ? AND (? IS NULL OR state = ?) ORDER BY seq LIMIT ?",
                    (after, state, state, BATCH),
                ).fetchall()
            if not rows:
                return
            yield from map(_entry, rows)
            after = rows[-1][0]


@contextmanager
def opened(journal: str | os.PathLike[str] | Journal | None) -> Iterator[Journal]:
    """`journal` itself if it is a `Journal` (left open), else a journal opened at that path
    (or a temporary one) and closed afterwards."""
    if isinstance(journal, Journal):
        yield journal
        return
    with Journal(journal) as book:
        yield book


def _entry(row: tuple[Any, ...]) -> Entry:
    seq, data, state, vendor_id, error, attempts, reconciled = row
    return Entry(
        seq=seq,
        item=PlanItem.from_dict(json.loads(data)),
        state=state,
        vendor_id=vendor_id,
        error=error,
        attempts=attempts,
        reconciled=bool(reconciled),
    )
