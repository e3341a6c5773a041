"""Fleet operations (telephony_core.fleet): records, plans, apply with a journal, migrate."""

from __future__ import annotations

import asyncio
import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

import telephony_core as tel
from telephony_core import fleet
from telephony_core.fleet.journal import DONE, FAILED, IN_FLIGHT, PENDING
from telephony_core.plugins.recorder import RequestRecorder
from telephony_core.plugins.registry import get_registry
from telephony_core.translate.passwords import PasswordPolicy

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture
def vobiz() -> Iterator[tel.Client]:
    with tel.connect("vobiz", sandbox=True) as client:
        yield client


@pytest.fixture
def sipbx() -> Iterator[tel.Client]:
    with tel.connect("sipbx", sandbox=True) as client:
        yield client


@pytest.fixture
def sent() -> RequestRecorder:
    recorder = RequestRecorder()
    get_registry().manager.register(recorder)
    return recorder


def device(key: str, **fields: object) -> fleet.Record:
    return fleet.make_record("devices", key, fields)


def secrets_in(path: Path) -> dict[str, str]:
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    return {line["key"]: line["value"] for line in lines}


# Export and records.
def test_export_gives_the_natural_key_and_settable_fields_without_ids_or_secrets(
    vobiz: tel.Client,
) -> None:
    [record] = fleet.export(vobiz, "devices")
    assert record.resource == "devices"
    assert record.key == "john_desk"
    # What the Vobiz listing shows of an endpoint (the allow_* switches only come from get).
    assert record.fields == {"name": "John's Desktop Phone", "application_id": "12345678"}
    assert record.secrets == {}
    assert "87654321" not in json.dumps(record.to_dict())  # the vendor id stays behind


def test_export_of_a_resource_the_provider_cannot_list_is_refused(sipbx: tel.Client) -> None:
    with pytest.raises(tel.UnsupportedOperation, match="sipbx cannot list tenants"):
        list(fleet.export(sipbx, "tenants"))


def test_jsonl_and_csv_round_trip_keep_the_types(vobiz: tel.Client) -> None:
    records = [
        *fleet.export(vobiz, "devices", "tenants", "access_rules"),
        device("desk-2", transport="tls", registration_expiry_s=300, auto_answer=True),
    ]
    as_jsonl, as_csv = io.StringIO(), io.StringIO()
    resources = ["devices", "tenants", "access_rules"]
    assert fleet.write_jsonl(records, as_jsonl) == len(records)
    assert fleet.write_csv(records, as_csv, resources) == len(records)
    from_jsonl = list(fleet.read_jsonl(io.StringIO(as_jsonl.getvalue())))
    from_csv = list(fleet.read_csv(io.StringIO(as_csv.getvalue())))
    assert from_jsonl == records
    assert from_csv == records
    tenant = next(r for r in from_csv if r.resource == "tenants")
    assert isinstance(tenant.fields["permissions"], dict)
    assert isinstance(tenant.fields["rate_limit"], int)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"resource": "devices", "key": "a"}\nnot json\n', "fleet.jsonl line 2: not JSON"),
        ('{"resource": "phones", "key": "a"}\n', "line 1: invalid resource: 'phones'"),
        ('{"resource": "devices", "key": ""}\n', "key: must be a non-empty string"),
        ('{"resource": "devices", "key": "a", "colour": "red"}\n', "no field 'colour'"),
        ('{"resource": "devices", "key": "a", "allow_voice": "yes"}\n', "allow_voice: must be"),
        ('{"resource": "devices", "key": "a", "registered": true}\n', "registered: is read-only"),
        ('{"resource": "devices", "key": "a", "extra": {"x": 1}}\n', "extra: vendor keys"),
    ],
)
def test_a_bad_jsonl_record_is_named_by_line_and_field(text: str, message: str) -> None:
    with pytest.raises(tel.ValidationError, match=message):
        list(fleet.read_jsonl(io.StringIO(text), "fleet.jsonl"))


def test_a_bad_csv_cell_is_named_by_line_and_field() -> None:
    text = "resource,key,allow_voice\ndevices,a,true\ndevices,b,maybe\n"
    with pytest.raises(tel.ValidationError, match="fleet.csv line 3: .*allow_voice: must be true"):
        list(fleet.read_csv(io.StringIO(text), "fleet.csv"))


def test_a_password_in_the_input_is_kept_apart_and_never_written_out() -> None:
    [record] = fleet.read_jsonl(
        io.StringIO('{"resource": "devices", "key": "a", "password": "Given-Passw0rd-1"}\n')
    )
    assert record.fields == {}
    assert record.secrets["password"].reveal() == "Given-Passw0rd-1"
    out = io.StringIO()
    fleet.write_jsonl([record], out)
    fleet.write_csv([record], out, ["devices"])
    assert "Given-Passw0rd-1" not in out.getvalue() + repr(record)


# Plans.
def test_plan_sorts_records_into_create_update_unchanged_delete_and_sends_no_write(
    sipbx: tel.Client, sent: RequestRecorder
) -> None:
    records = [
        device("1001a", transport="tls", model="Yealink T48S"),  # udp at the target
        device("2001x", srtp="required"),  # not at the target
    ]
    items = {item.key: item for item in fleet.plan(sipbx, records, prune=True)}
    assert items["1001a"].action == "update"
    assert items["1001a"].changes == {"transport": "tls"}  # only the changed field
    assert items["1001a"].before == {"transport": "udp"}
    assert items["2001x"].action == "create"
    assert items["2001x"].changes == {"id": "2001x", "srtp": "required"}
    assert items["2001x"].generate == ("password",)
    assert items["1001b"].action == "delete"  # prune: no record names it
    assert items["1001b"].id == "1001b"
    assert {r.method for r in sent.sent} == {"GET"}
    assert len(sent.sent) == 1  # one listing pass for every record


def test_plan_names_the_fields_the_target_cannot_set_with_the_providers_hint(
    vobiz: tel.Client, sipbx: tel.Client
) -> None:
    [item] = fleet.plan(sipbx, fleet.export(vobiz, "devices"))
    assert item.action == "create"
    assert set(item.unsupported) == {"name", "application_id"}
    [update] = fleet.plan(sipbx, [device("1001a", username="someone")])
    assert update.unsupported["username"].startswith("read-only at SiPbx")
    assert update.action == "unchanged"


def test_plan_marks_what_the_target_refuses_as_unsupported_with_the_reason(
    vobiz: tel.Client, sipbx: tel.Client
) -> None:
    [no_alias] = fleet.plan(vobiz, [device("front")])  # Vobiz needs an alias
    assert no_alias.action == "unsupported"
    assert "name" in no_alias.unsupported
    assert "name" in (no_alias.reason or "")
    [tenant] = fleet.plan(sipbx, [fleet.make_record("tenants", "Ops", {})])
    assert tenant.action == "unsupported"
    assert tenant.reason == "sipbx has no tenants"


@pytest.mark.parametrize("provider", sorted(get_registry().sandboxes))
def test_an_export_planned_against_its_own_source_is_all_unchanged(provider: str) -> None:
    """Export and plan agree on every provider: what was read compares equal to itself."""
    with tel.connect(provider, sandbox=True) as client:
        listable = [
            name
            for name, caps in client.capabilities.resources.items()
            if "list" in caps.operations
        ]
        records = list(fleet.export(client, *listable))
        assert records
        items = list(fleet.plan(client, records))
    assert [(i.key, i.action, dict(i.unsupported)) for i in items] == [
        (r.key, "unchanged", {}) for r in records
    ]


def test_keys_are_matched_in_their_canonical_form(vobiz: tel.Client) -> None:
    rules = [
        fleet.make_record("access_rules", "192.168.1.200/32", {"name": "Office"}),
        fleet.make_record("access_rules", "10.1.2.3/32", {"name": "Branch"}),
    ]
    existing, new = fleet.plan(vobiz, rules)
    assert (existing.key, existing.action) == ("192.168.1.200", "update")
    assert (new.key, new.action) == ("10.1.2.3", "create")
    assert new.changes == {"cidr": "10.1.2.3", "name": "Branch"}


def test_a_record_named_twice_is_refused(sipbx: tel.Client) -> None:
    with pytest.raises(tel.ValidationError, match="a second devices record with key 'x'"):
        list(fleet.plan(sipbx, [device("x"), device("x")]))


def test_plan_items_are_plain_data_without_secret_values(sipbx: tel.Client) -> None:
    record = fleet.make_record("devices", "3001a", {"password": "Given-Passw0rd-1"})
    [item] = fleet.plan(sipbx, [record])
    assert item.given == ("password",)
    assert item.generate == ()
    data = json.loads(json.dumps(item.to_dict()))
    assert "Given-Passw0rd-1" not in json.dumps(data) + repr(item)
    assert fleet.PlanItem.from_dict(data) == item


# Apply.
def test_apply_creates_with_generated_passwords_kept_only_in_the_secrets_file(
    sipbx: tel.Client, tmp_path: Path
) -> None:
    records = [device(f"40{i:02d}") for i in range(12)]
    journal, secrets = tmp_path / "journal.sqlite", tmp_path / "secrets.jsonl"
    report = fleet.apply(
        sipbx, fleet.plan(sipbx, records), concurrency=4, journal=journal, secrets_out=secrets
    )
    assert report.ok and report.counts[DONE] == 12
    assert stat.S_IMODE(os.stat(secrets).st_mode) == 0o600
    passwords = secrets_in(secrets)
    assert set(passwords) == {r.key for r in records}
    for key, password in passwords.items():
        created = sipbx.devices.get(key)
        assert created.password is not None and created.password.reveal() == password
    journal_bytes = b"".join(p.read_bytes() for p in tmp_path.glob("journal.sqlite*"))
    assert not any(password.encode() in journal_bytes for password in passwords.values())
    assert all(item.action == "unchanged" for item in fleet.plan(sipbx, records))


def test_a_password_from_the_records_is_used_and_not_written_anywhere(
    sipbx: tel.Client, tmp_path: Path
) -> None:
    record = fleet.make_record("devices", "5001a", {"password": "Given-Passw0rd-1"})
    report = fleet.apply(sipbx, fleet.plan(sipbx, [record]), journal=tmp_path / "j.sqlite")
    assert report.ok
    assert sipbx.devices.get("5001a").password == tel.Secret("Given-Passw0rd-1")
    journal_bytes = b"".join(p.read_bytes() for p in tmp_path.glob("j.sqlite*"))
    assert b"Given-Passw0rd-1" not in journal_bytes


def test_apply_refuses_before_any_write_when_generated_passwords_have_nowhere_to_go(
    sipbx: tel.Client, sent: RequestRecorder
) -> None:
    with pytest.raises(tel.ConfigurationError, match="secrets_out"):
        fleet.apply(sipbx, fleet.plan(sipbx, [device("6001a")]))
    assert {r.method for r in sent.sent} == {"GET"}


def test_an_existing_secrets_file_is_never_overwritten(sipbx: tel.Client, tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.jsonl"
    secrets.write_text("keep me\n")
    with pytest.raises(tel.ConfigurationError, match="exists: refusing to overwrite"):
        fleet.apply(sipbx, fleet.plan(sipbx, [device("6002a")]), secrets_out=secrets)
    assert secrets.read_text() == "keep me\n"
    assert sipbx.devices.find("6002a") is None


def test_resume_skips_done_reconciles_in_flight_and_retries_failed(
    sipbx: tel.Client, tmp_path: Path
) -> None:
    path = tmp_path / "journal.sqlite"
    items = list(fleet.plan(sipbx, [device(k) for k in ("7001", "7002", "7003", "7004")]))
    with fleet.Journal(path) as journal:
        with journal.recording(provider="sipbx", base_url=sipbx.provider.base_url) as add:
            add(items)
        entries = {e.item.key: e for e in journal.entries()}
        # 7001: done before the stop. 7002: sent, then the run died before marking it done.
        # 7003: started, died before sending. 7004: failed last time.
        sipbx.devices.create(id="7001", password="Passw0rd-7001-x")
        journal.start(entries["7001"].seq)
        journal.finish(entries["7001"].seq, "7001", reconciled=False)
        sipbx.devices.create(id="7002", password="Passw0rd-7002-x")
        journal.start(entries["7002"].seq)
        journal.start(entries["7003"].seq)
        journal.start(entries["7004"].seq)
        journal.fail(entries["7004"].seq, "ServerError: try again")
        assert journal.counts() == {PENDING: 0, IN_FLIGHT: 2, DONE: 1, FAILED: 1}
    recorder = RequestRecorder()
    get_registry().manager.register(recorder)
    report = fleet.apply(sipbx, [], journal=path, secrets_out=tmp_path / "secrets.jsonl")
    assert report.ok
    assert report.ran == 3 and report.reconciled == 1  # 7002 was found, not created again
    creates = [r for r in recorder.sent if r.method == "POST"]
    assert sorted(json.loads(r.body or b"")["device"] for r in creates) == ["7003", "7004"]
    assert set(secrets_in(tmp_path / "secrets.jsonl")) == {"7003", "7004"}


def test_a_journal_is_not_resumed_against_another_target(
    sipbx: tel.Client, vobiz: tel.Client, tmp_path: Path
) -> None:
    path = tmp_path / "journal.sqlite"
    fleet.apply(sipbx, fleet.plan(sipbx, [device("1001a")]), journal=path)
    with pytest.raises(tel.ConfigurationError, match="is for provider 'sipbx', not 'vobiz'"):
        fleet.apply(vobiz, [], journal=path)


def test_an_authentication_failure_stops_the_run_and_leaves_the_rest_pending(
    tmp_path: Path,
) -> None:
    items = [
        fleet.PlanItem(
            resource="devices",
            key=f"k{i}",
            action="update",
            id="1001a",
            changes={"srtp": "required"},
        )
        for i in range(5)
    ]
    with tel.connect("sipbx", sandbox=True, token="nsd_" + "wrong".ljust(56, "0")) as client:
        report = fleet.apply(client, items, concurrency=1, journal=tmp_path / "j.sqlite")
    assert not report.ok
    assert report.stopped is not None and report.stopped.startswith("AuthenticationError")
    assert report.counts[FAILED] == 1 and report.counts[PENDING] == 4
    assert report.failures[0].key == "k0"


def test_unsupported_items_are_failures_that_name_the_reason(
    vobiz: tel.Client, tmp_path: Path
) -> None:
    report = fleet.apply(vobiz, fleet.plan(vobiz, [device("front")]))
    assert not report.ok
    [failure] = report.failures
    assert failure.key == "front" and "name" in (failure.error or "")


def test_a_serialised_item_runs_through_run_item_as_a_task_queue_worker_would(
    sipbx: tel.Client, tmp_path: Path
) -> None:
    [item] = fleet.plan(sipbx, [device("8001a", recording="on")])
    wire = json.dumps(item.to_dict())  # what a queue carries
    secrets = fleet.SecretsFile(tmp_path / "worker-secrets.jsonl")
    outcome = fleet.run_item(fleet.PlanItem.from_dict(json.loads(wire)), sipbx, secrets=secrets)
    secrets.close()
    assert outcome == fleet.Outcome("8001a")
    assert sipbx.devices.get("8001a").recording == tel.RecordingMode.ON
    again = fleet.run_item(fleet.PlanItem.from_dict(json.loads(wire)), sipbx, reconcile=True)
    assert again == fleet.Outcome("8001a", reconciled=True)


# Async, and bounded concurrency.
async def test_apply_async_runs_at_most_concurrency_tasks(tmp_path: Path) -> None:
    async with tel.connect_async("sipbx", sandbox=True) as client:
        records = [device(f"9{i:03d}") for i in range(60)]
        most = 0

        def progress(event: fleet.ApplyEvent) -> None:
            nonlocal most
            most = max(most, len(asyncio.all_tasks()))

        report = await fleet.apply_async(
            client,
            fleet.plan_async(client, records),
            concurrency=5,
            journal=tmp_path / "j.sqlite",
            secrets_out=tmp_path / "s.jsonl",
            progress=progress,
        )
        assert report.ok and report.counts[DONE] == 60
        assert most <= 5 + 1  # the workers and the test itself, never one task per item
        assert [r.key async for r in fleet.export_async(client, "devices")][-1] == "9059"


async def test_migrate_async_reports_the_mapping(tmp_path: Path) -> None:
    async with (
        tel.connect_async("vobiz", sandbox=True) as source,
        tel.connect_async("sipbx", sandbox=True) as target,
    ):
        report = await fleet.migrate_async(
            source, target, "devices", secrets_out=tmp_path / "s.jsonl"
        )
    assert report.ok
    [row] = report.mapping
    assert (row.key, row.source_id, row.target_id, row.state) == (
        "john_desk",
        "87654321",
        "john_desk",
        "done",
    )


def test_migrate_with_key_and_transform(
    vobiz: tel.Client, sipbx: tel.Client, tmp_path: Path
) -> None:
    vobiz.devices.create(
        username="front_desk", name="front", password="Front-Passw0rd", application_id="98765432"
    )

    def only_front(record: fleet.Record) -> fleet.Record | None:
        return record if record.key == "front_desk" else None

    report = fleet.migrate(
        vobiz, sipbx, "devices", key="name", transform=only_front, secrets_out=tmp_path / "s"
    )
    assert report.ok
    [row] = report.mapping
    assert row.key == "front" and row.target_id == "front"
    assert sipbx.devices.find("front") is not None


def test_password_policies_generate_what_they_promise() -> None:
    twilio_like = PasswordPolicy(
        min_length=12, require_digit=True, require_lower=True, require_upper=True
    )
    for _ in range(50):
        value = twilio_like.generate().reveal()
        assert twilio_like.problems(value) == []
        assert len(value) == 20
    assert PasswordPolicy(min_length=8, max_length=10).length() == 10
    assert len(PasswordPolicy(symbols="-_").generate().reveal()) == 20
    with pytest.raises(ValueError, match="no password can meet"):
        PasswordPolicy(min_length=2, max_length=1)
    assert twilio_like.problems("short") == [
        "at least 12 characters",
        "a digit",
        "an upper-case letter",
    ]
    vobiz_policy = tel.connect("vobiz", sandbox=True).capabilities.resources["devices"]
    assert vobiz_policy.password_policy is not None
    assert vobiz_policy.password_policy.min_length == 8


def test_a_plan_matches_a_username_the_target_altered_at_create(
    vobiz: tel.Client, tmp_path: Path
) -> None:
    """Plivo appends 12 digits to a new endpoint's username: a second plan must still find
    the endpoint the first apply created (`Resource.matches`), or it would create it again."""
    with tel.connect("plivo", sandbox=True) as plivo:
        records = [
            fleet.make_record("devices", "desk7", {"name": "Desk seven"}),
        ]
        [create] = fleet.plan(plivo, records)
        assert create.action == "create"
        report = fleet.apply(plivo, [create], secrets_out=tmp_path / "secrets.jsonl")
        assert report.ok
        [created] = [d for d in plivo.devices.list() if (d.username or "").startswith("desk7")]
        assert created.username != "desk7"  # the vendor altered it
        [again] = fleet.plan(plivo, records)
        assert (again.action, again.id) == ("unchanged", created.id)
