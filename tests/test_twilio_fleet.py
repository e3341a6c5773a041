"""Switching carrier to Twilio with the fleet operations: a Vobiz sandbox migrated to the
Twilio sandbox, new SIP credentials given passwords that meet Twilio's rule."""

from __future__ import annotations

import json
from pathlib import Path

from telephony_twilio.devices import PASSWORD_POLICY

import telephony_core as tel
from telephony_core import fleet


def test_vobiz_migrates_to_twilio(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.jsonl"
    with tel.connect("vobiz", sandbox=True) as vobiz, tel.connect("twilio", sandbox=True) as twilio:
        report = fleet.migrate(
            vobiz, twilio, "devices", "access_rules", "tenants", secrets_out=secrets
        )
        assert report.ok, report.apply.failures
        created = {(row.resource, row.key) for row in report.mapping if row.action == "create"}
        assert created == {
            ("devices", "john_desk"),
            ("access_rules", "192.168.1.0/24"),
            ("access_rules", "192.168.1.200"),
            ("tenants", "Support Team"),
        }
        assert twilio.access_rules.find("192.168.1.0/24") is not None
        assert twilio.tenants.find("Support Team") is not None
        # Planned again, nothing is left to do.
        again = fleet.migration_plan(vobiz, twilio, "devices", "access_rules", "tenants")
        assert {item.action for item in again} <= {"unchanged", "unsupported"}
    lines = [json.loads(line) for line in secrets.read_text().splitlines()]
    assert [line["key"] for line in lines] == ["john_desk"]
    assert PASSWORD_POLICY.problems(lines[0]["value"]) == []
