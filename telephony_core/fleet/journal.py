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

A journal is checked when it is opened, before anything is sent: SQLite's `quick_check`, the
expected tables and columns, and every item row read back (its state, its item). A damaged
one is refused with a `ConfigurationError` of one line; a file that is empty or new becomes
a journal. A write that fails during a run (the disk is full) is a `JournalWriteFailed`: the
run stops, the items keep the state they had (an item in flight is looked up by natural key
when the run resumes), and the same command resumes it.
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
from telephony_core.translate.redaction import Redactor

PENDING, IN_FLIGHT, DONE, FAILED = "pending", "in_flight", "done", "failed"
STATES = (PENDING, IN_FLIGHT, DONE, FAILED)
#: Rows read from the database at a time while a run goes through the items.
BATCH = 256

#: The columns of each table of a journal.
_TABLES = {
    "meta": frozenset({"name", "value"}),
    "items": frozenset(
        {
            "seq",
            "resource",
            "key",
            "action",
            "item",
            "state",
            "vendor_id",
            "error",
            "attempts",
            "reconciled",
            "generates",
            "given",
            "updated",
        }
    ),
}
#: How to resume after a damaged journal: a new one finds what the old run created by key.
_START_AFRESH = "start a new journal (what the run created is found by natural key)"

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


class JournalWriteFailed(ConfigurationError):
    """The journal could not be written during a run (the disk is full, the file went away):
    the run stops; the same command resumes it once the cause is fixed."""


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
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as exc:  # a missing directory, no permission
            raise ConfigurationError(f"cannot open the journal {self.path}: {exc}") from None
        try:
            self._open()
        except sqlite3.DatabaseError as exc:  # not SQLite at all, or pages it cannot read
            self._db.close()
            raise ConfigurationError(
                f"journal {self.path} is damaged or not an apply journal ({exc}): {_START_AFRESH}"
            ) from None
        except ConfigurationError:
            self._db.close()
            raise

    def _open(self) -> None:
        """Check an existing journal (integrity, tables, rows) or make a new one."""
        db = self._db
        problems = [str(row[0]) for row in db.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise self._damaged(f"SQLite's integrity check: {problems[0][:120]}")
        tables = {
            str(name)
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if tables and not tables & set(_TABLES):
            raise ConfigurationError(
                f"{self.path} is not an apply journal (its tables: {', '.join(sorted(tables))})"
            )
        if tables:
            for table, expected in _TABLES.items():
                if table not in tables:
                    raise self._damaged(f"its {table} table is missing")
                columns = {str(row[1]) for row in db.execute(f"PRAGMA table_info({table})")}
                missing = expected - columns
                if missing:
                    raise self._damaged(f"its {table} table has no {', '.join(sorted(missing))}")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        if tables:
            self._check_rows()

    def _check_rows(self) -> None:
        """Every item row reads back (its state known, its item an item): a run never stops
        half-way on a row it cannot read."""
        after = 0
        while True:
            rows = self._db.execute(
                "SELECT seq, item, state, vendor_id, error, attempts, reconciled FROM items"
                " WHERE seq > ? ORDER BY seq LIMIT ?",
                (after, BATCH),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                if row[2] not in STATES:
                    raise self._damaged(f"item {row[0]} has the unknown state {str(row[2])[:40]!r}")
                try:
                    _entry(row)
                except Exception as exc:  # JSON, a shape that is no item, a wrong type
                    raise self._damaged(
                        f"item {row[0]} cannot be read back ({type(exc).__name__})"
                    ) from None
            after = rows[-1][0]

    def _damaged(self, why: str) -> ConfigurationError:
        return ConfigurationError(f"journal {self.path} is damaged: {why}; {_START_AFRESH}")

    def _write(self, sql: str, parameters: Iterable[Any] = ()) -> None:
        """One write of a run; a failure (the disk is full) is a `JournalWriteFailed`."""
        try:
            self._db.execute(sql, tuple(parameters))
        except sqlite3.Error as exc:
            raise self._not_written(exc) from None

    def _not_written(self, exc: sqlite3.Error) -> JournalWriteFailed:
        return JournalWriteFailed(
            f"journal {self.path} cannot be written ({exc}): the run stopped; fix that and "
            "run the same command to resume it"
        )

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
        wanted = {
            "provider": provider,
            "base_url": _without_credentials(base_url),
            "fingerprint": self.fingerprint,
        }
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
            except sqlite3.Error as exc:
                raise self._not_written(exc) from None

        meta = {
            "provider": provider,
            "base_url": _without_credentials(base_url),
            "planned": str(now),
        }
        if self.fingerprint is not None:
            meta["fingerprint"] = self.fingerprint
        with self._lock:
            self._write("BEGIN IMMEDIATE")
            try:
                yield add
                self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
                self._db.execute("COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._not_written(exc) from None
                raise

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
            self._write(
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


def _without_credentials(base_url: str) -> str:
    """The base URL as the journal keeps it: user information (`https://user:pw@host`)
    masked, as everywhere a URL is shown."""
    return Redactor().text(base_url)


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
