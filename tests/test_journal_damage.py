"""A damaged apply journal is refused when it is opened, with one line saying so and before
any request: flipped bytes (SQLite's integrity check), a wrong schema, a dropped table, item
rows that do not read back. A journal that cannot be written mid-run (the disk is full) stops
the run with one line, and the same command resumes it exactly once."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import telephony_core as tel
from telephony_core import fleet
from telephony_core.cli import cli
from telephony_core.fleet.journal import DONE, IN_FLIGHT
from telephony_core.plugins.recorder import RequestRecorder
from telephony_core.plugins.registry import get_registry

KEYS = [f"80{n:02d}" for n in range(12)]


@pytest.fixture
def sipbx() -> Iterator[tel.Client]:
    with tel.connect("sipbx", sandbox=True) as client:
        yield client


@pytest.fixture
def sent() -> Iterator[RequestRecorder]:
    recorder = RequestRecorder()
    get_registry().manager.register(recorder)
    yield recorder
    get_registry().manager.unregister(recorder)


def _planned(client: tel.Client, path: Path, keys: list[str] = KEYS) -> None:
    records = [fleet.make_record("devices", key, {"transport": "tls"}) for key in keys]
    with (
        fleet.Journal(path) as journal,
        journal.recording(provider="sipbx", base_url=client.provider.base_url) as add,
    ):
        add(fleet.plan(client, records))


def _flip_bytes(path: Path) -> None:
    """Flip the bytes of each page's B-tree header (after the first page's file header)."""
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big") or 65536
    for page in range(len(data) // size):
        start = 100 if page == 0 else page * size
        for offset in range(start, start + 8):
            data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def _sql(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    try:
        for statement in statements:
            db.execute(statement)
        db.commit()
    finally:
        db.close()


def _damage(kind: str, path: Path) -> None:
    if kind == "flipped bytes":
        _flip_bytes(path)
    elif kind == "not a database":
        path.write_bytes(b"this is not SQLite" * 100)
    elif kind == "bad item JSON":
        _sql(path, "UPDATE items SET item = '{not json' WHERE seq = 3")
    elif kind == "item of another shape":
        _sql(path, """UPDATE items SET item = '{"resource": 5}' WHERE seq = 2""")
    elif kind == "unknown state":
        _sql(path, "UPDATE items SET state = 'exploded' WHERE seq = 4")
    elif kind == "dropped items table":
        _sql(path, "DROP TABLE items")
    elif kind == "wrong schema":
        _sql(path, "ALTER TABLE items DROP COLUMN reconciled")
    elif kind == "no meta table":
        _sql(path, "DROP TABLE meta")
    elif kind == "another application's database":
        path.unlink()
        _sql(path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    else:  # pragma: no cover
        raise AssertionError(kind)


DAMAGE = [
    "flipped bytes",
    "not a database",
    "bad item JSON",
    "item of another shape",
    "unknown state",
    "dropped items table",
    "wrong schema",
    "no meta table",
    "another application's database",
]


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_journal_is_refused_on_open(sipbx: tel.Client, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "journal.sqlite"
    _planned(sipbx, path)
    _damage(kind, path)
    with pytest.raises(tel.ConfigurationError) as info:
        fleet.Journal(path)
    message = str(info.value)
    assert str(path) in message and "\n" not in message, message
    assert "damaged" in message or "not an apply journal" in message, message


@pytest.mark.parametrize("kind", DAMAGE)
def test_apply_on_a_damaged_journal_is_one_line_and_sends_nothing(
    sipbx: tel.Client, sent: RequestRecorder, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "journal.sqlite"
    _planned(sipbx, path)
    _damage(kind, path)
    records = tmp_path / "fleet.jsonl"
    records.write_text("")
    result = CliRunner().invoke(
        cli,
        [
            "--sandbox",
            "--provider",
            "sipbx",
            "apply",
            str(records),
            "--yes",
            "--journal",
            str(path),
        ],
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if not line.startswith("note:")]
    assert len(errors) == 1 and str(path) in errors[0], result.stderr
    assert "all items done" not in result.output
    assert [r for r in sent.sent if r.method != "GET"] == []


def test_a_fresh_or_empty_file_becomes_a_journal(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    with fleet.Journal(empty) as journal:
        assert not journal.planned
    with fleet.Journal(tmp_path / "new.sqlite") as journal:
        assert not journal.planned


class FullDisk:
    """The journal's connection, its writes failing as SQLite's do on a full disk once
    `after` item updates have been written."""

    def __init__(self, db: sqlite3.Connection, after: int) -> None:
        self._db = db
        self.left = after

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.lstrip().startswith("UPDATE items"):
            if self.left <= 0:
                raise sqlite3.OperationalError("database or disk is full")
            self.left -= 1
        return self._db.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


@pytest.mark.parametrize("after", [0, 5, 11])
def test_a_full_disk_stops_the_run_with_one_error_and_the_resume_is_exactly_once(
    sipbx: tel.Client,
    sent: RequestRecorder,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    after: int,
) -> None:
    path = tmp_path / "journal.sqlite"
    _planned(sipbx, path)
    journal = fleet.Journal(path)
    journal._db = FullDisk(journal._db, after)  # type: ignore[assignment]
    with pytest.raises(tel.ConfigurationError, match=r"cannot be written.*disk is full") as info:
        fleet.apply(
            sipbx, [], journal=journal, concurrency=3, secrets_out=tmp_path / "secrets-1.jsonl"
        )
    journal.close()
    assert "\n" not in str(info.value) and str(path) in str(info.value)
    assert "Traceback" not in capsys.readouterr().err  # no worker thread's traceback
    with fleet.Journal(path) as resumed:
        assert resumed.counts()[IN_FLIGHT] <= 3  # at most the items in flight when it stopped
    report = fleet.apply(
        sipbx, [], journal=path, concurrency=3, secrets_out=tmp_path / "secrets-2.jsonl"
    )
    assert report.ok, report.failures
    creates = [json.loads(r.body or b"")["device"] for r in sent.sent if r.method == "POST"]
    assert sorted(creates) == KEYS  # each created exactly once
    with fleet.Journal(path) as done:
        assert done.counts()[DONE] == len(KEYS)


def test_a_full_disk_is_one_line_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = tmp_path / "fleet.jsonl"
    records.write_text(
        "".join(
            json.dumps({"resource": "devices", "key": k, "transport": "tls"}) + "\n" for k in KEYS
        )
    )
    original = fleet.Journal.__init__

    def full_after_planning(self: fleet.Journal, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self._db = FullDisk(self._db, 2)  # type: ignore[assignment]

    monkeypatch.setattr(fleet.Journal, "__init__", full_after_planning)
    result = CliRunner().invoke(
        cli,
        ["--sandbox", "--provider", "sipbx", "apply", str(records), "--yes",
         "--journal", str(tmp_path / "j.sqlite"), "--secrets-out", str(tmp_path / "s.jsonl")],
    )  # fmt: skip
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if not line.startswith("note:")]
    assert len(errors) == 1 and "disk is full" in errors[0] and "resume" in errors[0], errors


async def test_a_full_disk_stops_an_async_run_with_one_error(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    async with tel.connect_async("sipbx", sandbox=True) as client:
        records = [fleet.make_record("devices", key, {"transport": "tls"}) for key in KEYS]
        journal = fleet.Journal(path)
        plan = [item async for item in fleet.plan_async(client, records)]
        with journal.recording(provider="sipbx", base_url=client.provider.base_url) as add:
            add(plan)
        journal._db = FullDisk(journal._db, 4)  # type: ignore[assignment]
        with pytest.raises(tel.ConfigurationError, match="disk is full"):
            await fleet.apply_async(
                client, [], journal=journal, concurrency=3, secrets_out=tmp_path / "s1.jsonl"
            )
        journal.close()
        report = await fleet.apply_async(
            client, [], journal=path, concurrency=3, secrets_out=tmp_path / "s2.jsonl"
        )
        assert report.ok
        assert sorted([d.id async for d in client.devices.list() if d.id in KEYS]) == KEYS


def test_a_journal_never_keeps_the_base_urls_credentials(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    with fleet.Journal(path) as journal:
        with journal.recording(
            provider="sipbx", base_url="https://ops:pw-in-url-77@pbx.example.com"
        ) as add:
            add([])
        journal.check_target("sipbx", "https://ops:pw-in-url-77@pbx.example.com")
        with pytest.raises(tel.ConfigurationError, match="is for base_url"):
            journal.check_target("sipbx", "https://other.example.com")
    assert b"pw-in-url-77" not in path.read_bytes()
