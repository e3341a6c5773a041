"""`telephony export / plan / apply / migrate`, in-process and against a served sandbox."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from telephony_core.cli import cli
from telephony_core.cli.progress import next_steps
from telephony_core.fleet import ApplyReport, ItemResult
from telephony_core.plugins.recorder import RequestRecorder
from telephony_core.plugins.registry import get_registry
from telephony_core.sandbox.server import SandboxServer


def run(*args: str, input: str | None = None, **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def served() -> Iterator[str]:
    """A sandbox served on loopback; its state lasts across commands."""
    emulators = {name: get_registry().sandbox(name)() for name in ("vobiz", "sipbx")}
    with SandboxServer(emulators) as server:
        yield server.url


def secret_values(path: Path) -> list[str]:
    return [json.loads(line)["value"] for line in path.read_text().splitlines()]


def test_export_plan_apply_plan_across_commands_on_a_served_sandbox(
    served: str, tmp_path: Path
) -> None:
    """The issue's acceptance sequence, each command on its own, the state in the server."""
    env = {"TELEPHONY_SANDBOX_URL": served}
    code, fleet_jsonl, _ = run(
        "--sandbox", "--provider", "vobiz", "--json", "export", "devices", **env
    )
    assert code == 0
    records = tmp_path / "fleet.jsonl"
    records.write_text(fleet_jsonl)
    assert [json.loads(line)["key"] for line in fleet_jsonl.splitlines()] == ["john_desk"]

    code, out, _ = run("--sandbox", "--provider", "sipbx", "plan", str(records), **env)
    assert code == 0
    assert "+ create      devices john_desk" in out
    assert "Plan for sipbx: 1 to create, 0 to update, 0 unchanged" in out
    assert "devices.name (1 record): sipbx cannot set devices.name on create" in out

    secrets = tmp_path / "secrets.jsonl"
    code, out, err = run(
        "--sandbox", "--provider", "sipbx", "apply", str(records),
        "--secrets-out", str(secrets), "--yes", **env,
    )  # fmt: skip
    assert code == 0, err
    assert "all items done" in out
    assert stat.S_IMODE(os.stat(secrets).st_mode) == 0o600
    [password] = secret_values(secrets)
    assert password not in out + err

    code, out, _ = run("--sandbox", "--provider", "sipbx", "plan", str(records), **env)
    assert code == 0
    assert "= unchanged   devices john_desk  (id john_desk)" in out
    assert "0 to create, 0 to update, 1 unchanged" in out


def test_plan_sends_no_write_and_prints_json_items(tmp_path: Path) -> None:
    recorder = RequestRecorder()
    get_registry().manager.register(recorder)
    records = tmp_path / "fleet.csv"
    records.write_text("resource,key,transport\ndevices,1001a,tls\ndevices,2002z,\n")
    code, out, _ = run("--sandbox", "--provider", "sipbx", "plan", str(records), "--json")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[0] == {
        "resource": "devices",
        "key": "1001a",
        "action": "update",
        "id": "1001a",
        "changes": {"transport": "tls"},
        "before": {"transport": "udp"},
    }
    assert lines[1]["action"] == "create"
    assert lines[2]["summary"]["actions"]["update"] == 1
    assert recorder.sent and {r.method for r in recorder.sent} == {"GET"}


def test_export_as_csv_and_the_json_conflict(tmp_path: Path) -> None:
    code, out, _ = run(
        "--sandbox", "--provider", "vobiz", "export", "devices", "access-rules", "--format", "csv"
    )
    assert code == 0
    header, *rows = out.splitlines()
    assert header.startswith("resource,key,")
    assert rows[0].startswith("devices,john_desk,")
    assert rows[1].startswith("access_rules,")
    code, _, err = run(
        "--sandbox", "--provider", "vobiz", "--json", "export", "devices", "--format", "csv"
    )
    assert code == 1 and "--json writes JSON Lines" in err


def test_apply_without_yes_off_a_terminal_is_refused_before_any_request(tmp_path: Path) -> None:
    recorder = RequestRecorder()
    get_registry().manager.register(recorder)
    records = tmp_path / "fleet.jsonl"
    records.write_text('{"resource": "devices", "key": "x1"}\n')
    code, _, err = run("--sandbox", "--provider", "sipbx", "apply", str(records))
    assert code == 1 and "pass --yes" in err
    assert recorder.sent == []


def test_apply_shows_the_plan_and_a_no_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from telephony_core.cli import fleet as fleet_cli

    monkeypatch.setattr(fleet_cli, "_need_yes", lambda yes: None)  # as on a terminal
    recorder = RequestRecorder()
    get_registry().manager.register(recorder)
    records = tmp_path / "fleet.jsonl"
    records.write_text('{"resource": "devices", "key": "x1"}\n')
    journal = tmp_path / "journal.sqlite"
    code, _, err = run(
        "--sandbox", "--provider", "sipbx", "apply", str(records), "--journal", str(journal),
        input="n\n",
    )  # fmt: skip
    assert code == 1
    assert "Apply to sipbx: create 1?" in err
    assert "nothing applied" in err
    assert not journal.exists()
    assert {r.method for r in recorder.sent} == {"GET"}


def test_apply_json_events_and_a_failure_named_with_exit_1(tmp_path: Path) -> None:
    records = tmp_path / "fleet.jsonl"
    records.write_text(
        '{"resource": "devices", "key": "ok_one", "name": "Desk", "application_id": "98765432",'
        ' "password": "Given-Passw0rd-1"}\n'
        '{"resource": "devices", "key": "no_alias"}\n'
    )
    code, out, err = run(
        "--sandbox", "--provider", "vobiz", "apply", str(records), "--yes", "--json"
    )
    assert code == 1
    events = [json.loads(line) for line in out.splitlines()]
    assert events[0] == {"event": "start", "total": 2, "done": 0}
    items = {e["key"]: e for e in events if e["event"] == "item"}
    assert items["ok_one"]["state"] == "done"
    summary = events[-1]
    assert summary["event"] == "summary" and summary["ok"] is False
    [failure] = summary["failures"]
    assert failure["key"] == "no_alias" and "name" in failure["error"]
    assert failure["retryable"] is False  # refused: the same plan fails the same way
    assert "Given-Passw0rd-1" not in out + err


def test_apply_text_summary_names_each_failure(tmp_path: Path) -> None:
    records = tmp_path / "fleet.jsonl"
    records.write_text('{"resource": "devices", "key": "no_alias"}\n')
    code, out, _ = run("--sandbox", "--provider", "vobiz", "apply", str(records), "--yes")
    assert code == 1
    assert "Failures (1)" in out and "no_alias" in out
    assert "not every item is done" in out
    # A refusal recurs: the summary says so instead of suggesting to run it again.
    assert (
        "1 refused (see the errors: invalid values, a conflict, ...): running again sends " in out
    )
    assert "the same and fails the same way; change the records or the target" in out
    assert "resume" not in out and "retry" not in out
    journal = tmp_path / "j.sqlite"
    code, out, _ = run(
        "--sandbox",
        "--provider",
        "vobiz",
        "apply",
        str(records),
        "--yes",
        "--journal",
        str(journal),
    )
    assert code == 1
    assert "then plan and apply them anew with a new --journal" in out and journal.exists()


def test_migrate_prints_the_mapping(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.csv"
    code, out, err = run(
        "--sandbox", "--provider", "vobiz", "migrate", "devices", "--to", "sipbx",
        "--secrets-out", str(tmp_path / "s.jsonl"), "--yes", "--mapping-out", str(mapping),
    )  # fmt: skip
    assert code == 0, err
    assert mapping.read_text().splitlines() == [
        "resource,key,source_id,target_id,action,state",
        "devices,john_desk,87654321,john_desk,create,done",
    ]
    code, out, _ = run(
        "--sandbox", "--provider", "vobiz", "migrate", "devices", "--to", "sipbx",
        "--secrets-out", str(tmp_path / "s2.jsonl"), "--yes", "--json",
    )  # fmt: skip
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines() if '"mapping"' in line]
    assert rows == [
        {
            "event": "mapping",
            "resource": "devices",
            "key": "john_desk",
            "source_id": "87654321",
            "target_id": "john_desk",
            "action": "create",
            "state": "done",
        }
    ]


def test_a_journal_is_resumed_only_with_the_same_records_file(tmp_path: Path) -> None:
    records = tmp_path / "fleet.jsonl"
    records.write_text('{"resource": "devices", "key": "1001a", "srtp": "required"}\n')
    journal = tmp_path / "journal.sqlite"
    args = ("--sandbox", "--provider", "sipbx", "apply", str(records), "--journal", str(journal))
    assert run(*args, "--yes")[0] == 0
    records.write_text('{"resource": "devices", "key": "1001a", "srtp": "off"}\n')
    code, _, err = run(*args, "--yes")
    assert code == 1
    assert "holds the plan of other records (the input has changed since)" in err
    assert "plan them with a new journal (--journal NEW.sqlite), which skips what is" in err
    assert len(err.strip().splitlines()) == 1 and "fingerprint" not in err


def test_migrate_refuses_one_base_url_for_two_providers() -> None:
    code, out, err = run(
        "--sandbox", "--base-url", "http://127.0.0.1:8765/vobiz", "--provider", "vobiz",
        "migrate", "devices", "--to", "twilio", "--yes",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err == (
        "error: migrate talks to two providers, and --base-url names one API root: set the "
        "source's in its profile or <PROVIDER>_BASE_URL and the target's in --to-profile or "
        "its variable, or, for a served sandbox, pass --sandbox --sandbox-url URL (both "
        "emulators are there)\n"
    )


def test_migrate_on_a_served_sandbox_keeps_both_sides(served: str, tmp_path: Path) -> None:
    """--sandbox with --sandbox-url: the source and the target are both the served ones."""
    code, _, err = run(
        "--sandbox", "--sandbox-url", served, "--provider", "vobiz", "migrate", "devices",
        "--to", "sipbx", "--secrets-out", str(tmp_path / "s.jsonl"), "--yes",
    )  # fmt: skip
    assert code == 0, err
    assert "note:" not in err  # the state lasts: nothing to warn about
    code, out, _ = run(
        "--sandbox", "--sandbox-url", served, "--provider", "sipbx", "devices", "get", "john_desk"
    )
    assert code == 0 and "john_desk" in out


def test_migrate_in_process_says_its_state_is_gone(tmp_path: Path) -> None:
    code, _, err = run(
        "--sandbox", "--provider", "vobiz", "migrate", "devices", "--to", "sipbx",
        "--secrets-out", str(tmp_path / "s.jsonl"), "--yes",
    )  # fmt: skip
    assert code == 0
    assert err.splitlines()[-1].startswith("note: --sandbox ran the emulator in this process")


def test_plan_summary_shows_counts_and_each_destructive_item(tmp_path: Path) -> None:
    records = tmp_path / "fleet.jsonl"
    records.write_text(
        "".join(
            json.dumps({"resource": "devices", "key": f"desk_{n}", "name": f"Desk {n}"}) + "\n"
            for n in range(5)
        )
    )
    args = ("--sandbox", "--provider", "vobiz", "plan", str(records), "--prune", "--summary")
    code, out, _ = run(*args)
    assert code == 0
    assert out.splitlines() == [
        "- delete      devices john_desk  (id 87654321)",
        "Plan for vobiz: 5 to create, 0 to update, 0 unchanged, 1 to delete, 0 unsupported.",
    ]
    code, out, _ = run(*args, "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line.get("action") for line in lines[:-1]] == ["delete"]
    assert lines[-1]["summary"]["actions"]["create"] == 5


def test_the_next_steps_of_an_unfinished_run_say_what_running_again_does() -> None:
    def failed(key: str, retryable: bool) -> ItemResult:
        return ItemResult(
            resource="devices", key=key, action="create", state="failed", retryable=retryable
        )

    report = ApplyReport(
        total=4,
        counts={"done": 1, "failed": 2, "pending": 1},
        ran=3,
        reconciled=0,
        failures=(failed("busy", True), failed("refused", False)),
        journal="j.sqlite",
    )
    assert next_steps(report) == [
        "1 failed for a reason that may pass (a busy or failing vendor, no reply), 1 not run: "
        "to retry, run the same command again (it resumes journal j.sqlite)",
        "1 refused (see the errors: invalid values, a conflict, ...): running again sends the "
        "same and fails the same way; change the records or the target, then plan and apply "
        "them anew with a new --journal",
    ]
    stopped = attrs.evolve(report, stopped="AuthenticationError: ...", journal=None)
    assert next_steps(stopped)[0] == (
        "to go on, fix what stopped the run, then run the same command again (it plans "
        "afresh: what is done shows as unchanged)"
    )
