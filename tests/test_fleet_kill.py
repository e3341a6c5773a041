"""An apply killed with SIGKILL mid-run, then resumed with the same journal, ends with exactly
the planned state: every device once, each with the password the secrets files say."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import telephony_core as tel
from telephony_core.plugins.registry import get_registry
from telephony_core.sandbox.server import SandboxServer
from tests.test_cli import TELEPHONY

DEVICES = 2000
#: Items reported done before the kill: well inside the run.
KILL_AFTER = 700


@pytest.fixture
def served() -> Iterator[SandboxServer]:
    with SandboxServer({"sipbx": get_registry().sandbox("sipbx")()}) as server:
        yield server


def apply(
    server: SandboxServer, records: Path, journal: Path, secrets: Path
) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIPBX_")}
    env["TELEPHONY_SANDBOX_URL"] = server.url
    return subprocess.Popen(
        [
            TELEPHONY, "--sandbox", "--provider", "sipbx", "apply", str(records),
            "--journal", str(journal), "--secrets-out", str(secrets),
            "--concurrency", "16", "--yes", "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )  # fmt: skip


def test_sigkill_mid_apply_then_resume_creates_each_device_exactly_once(
    served: SandboxServer, tmp_path: Path
) -> None:
    records = tmp_path / "fleet.jsonl"
    keys = [f"k{i:05d}" for i in range(DEVICES)]
    records.write_text("".join(json.dumps({"resource": "devices", "key": k}) + "\n" for k in keys))
    journal = tmp_path / "journal.sqlite"
    first, second = tmp_path / "secrets-1.jsonl", tmp_path / "secrets-2.jsonl"

    killed = apply(served, records, journal, first)
    assert killed.stdout is not None
    done = 0
    output: list[str] = []
    for line in killed.stdout:
        output.append(line)
        if json.loads(line).get("event") == "item":
            done += 1
            if done == KILL_AFTER:
                killed.send_signal(signal.SIGKILL)
                break
    killed.wait(timeout=60)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.read() if killed.stderr else ""
    killed.stdout.close()
    if killed.stderr is not None:
        killed.stderr.close()

    resumed = apply(served, records, journal, second)
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err[-2000:]
    summary = json.loads(out.splitlines()[-1])
    assert summary["ok"] is True and summary["counts"]["done"] == DEVICES
    assert summary["ran"] <= DEVICES - KILL_AFTER  # done items were not run again
    output.append(out)

    with tel.connect("sipbx", sandbox=True, base_url=served.base_url("sipbx")) as client:
        at_target = {d.id: d for d in client.devices.list() if d.id.startswith("k")}
        assert sorted(at_target) == keys  # all there, none twice (ids are unique keys)
        assert client.devices.count() == DEVICES + 2  # and nothing else: the 2 seeded ones

    passwords: dict[str, str] = {}
    for path in (first, second):  # for each device, the last file naming it holds its password
        assert os.stat(path).st_mode & 0o777 == 0o600
        for line in path.read_text().splitlines():
            entry = json.loads(line)
            passwords[entry["key"]] = entry["value"]
    assert set(passwords) == set(keys)
    wrong = [
        k for k, d in at_target.items() if d.password is None or d.password.reveal() != passwords[k]
    ]
    assert wrong == []
    journal_bytes = b"".join(p.read_bytes() for p in tmp_path.glob("journal.sqlite*"))
    shown = "".join(output)
    leaked = [p for p in passwords.values() if p.encode() in journal_bytes or p in shown]
    assert leaked == []
