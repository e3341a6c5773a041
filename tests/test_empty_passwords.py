"""An empty password (or any empty secret a write would set) invites toll fraud: it is refused
before any request, at every vendor, for neutral secret fields and secret vendor keys, in
library calls, fleet records and the command line, unless the vendor's password policy
documents empty ones (`PasswordPolicy.allow_empty`)."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import telephony_core as tel
from telephony_core.cli import cli
from telephony_core.fleet import read_jsonl
from telephony_core.plugins.recorder import RequestRecorder
from telephony_core.plugins.registry import get_registry
from telephony_core.secret import Secret
from telephony_core.translate.changes import fields_of, non_optional
from telephony_core.translate.passwords import PasswordPolicy
from telephony_core.translate.redaction import is_secret_key

BUILT_IN = ("vobiz", "sipbx", "voipappz", "twilio", "plivo")


def _empty_secret_writes() -> list[tuple[str, str, str, str]]:
    """(provider, resource, operation, field or extra.key) of every secret a write sets."""
    found = []
    for provider in BUILT_IN:
        for resource, cls in get_registry().provider(provider).resource_types.items():
            for operation in ("create", "update"):
                if operation not in cls.operations:
                    continue
                for name in sorted(cls.settable(operation) - {"extra"}):
                    if non_optional(fields_of(cls.model)[name].type) is Secret:
                        found.append((provider, resource, operation, name))
                for key in sorted(cls.extra_keys.get(operation, ())):
                    if is_secret_key(key):
                        found.append((provider, resource, operation, f"extra.{key}"))
    return found


WRITES = _empty_secret_writes()


def test_every_vendor_has_secret_writes_to_check() -> None:
    assert {provider for provider, *_ in WRITES} == set(BUILT_IN)


def _client(provider: str) -> tuple[tel.Client, RequestRecorder]:
    client = tel.connect(provider, sandbox=True)
    recorder = RequestRecorder()
    get_registry().manager.register(recorder)
    return client, recorder


@pytest.mark.parametrize(("provider", "resource", "operation", "field"), WRITES)
@pytest.mark.parametrize("empty", ["", Secret("")])
def test_an_empty_secret_is_refused_before_sending(
    provider: str, resource: str, operation: str, field: str, empty: object
) -> None:
    client, recorder = _client(provider)
    if field.startswith("extra."):
        arguments: dict[str, Any] = {"extra": {field.removeprefix("extra."): empty}}
        named = field.removeprefix("extra.")
    else:
        arguments, named = {field: empty}, field
    target = getattr(client, resource)
    write = target.create if operation == "create" else partial(target.update, "any-id-1")
    try:
        with pytest.raises(tel.ValidationError) as info:
            write(**arguments)
    finally:
        get_registry().manager.unregister(recorder)
        client.close()
    assert any(named in key for key in info.value.field_errors), info.value.field_errors
    assert recorder.sent == []


def test_the_reported_sipbx_create_is_refused() -> None:
    with tel.connect("sipbx", sandbox=True) as client:
        with pytest.raises(tel.ValidationError, match="password: must not be empty"):
            client.devices.create(id="open1", password="")
        with pytest.raises(tel.NotFound):
            client.devices.get("open1")


def test_the_reported_vobiz_create_is_refused() -> None:
    with (
        tel.connect("vobiz", sandbox=True) as client,
        pytest.raises(tel.ValidationError, match="password"),
    ):
        client.devices.create(username="open1", password="", name="Open")


def test_a_vendor_that_documents_empty_passwords_gets_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    devices = get_registry().provider("sipbx").resource_types["devices"]
    policy = PasswordPolicy(allow_empty=True, source="a test: the vendor documents it")
    monkeypatch.setattr(devices, "password_policy", policy)
    with tel.connect("sipbx", sandbox=True) as client:
        created = client.devices.create(id="open2", password="")
    assert created.id == "open2"


def test_a_fleet_record_with_an_empty_password_is_refused_where_it_is_read() -> None:
    lines = [
        json.dumps({"resource": "devices", "key": "ok", "name": "Fine"}),
        json.dumps({"resource": "devices", "key": "open1", "password": ""}),
    ]
    records = read_jsonl(lines, "fleet.jsonl")
    next(records)
    with pytest.raises(tel.ValidationError, match=r"fleet.jsonl line 2.*password: must not be"):
        next(records)


def test_apply_of_a_record_with_an_empty_password_sends_nothing(tmp_path: Path) -> None:
    records = tmp_path / "fleet.jsonl"
    records.write_text(
        json.dumps({"resource": "devices", "key": "open1", "password": "", "name": "Open"}) + "\n"
    )
    recorder = RequestRecorder()
    get_registry().manager.register(recorder)
    try:
        result = CliRunner().invoke(
            cli, ["--sandbox", "--provider", "sipbx", "apply", str(records), "--yes"]
        )
    finally:
        get_registry().manager.unregister(recorder)
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if not line.startswith("note:")]
    assert len(errors) == 1 and "line 1" in errors[0] and errors[0].startswith("error:")
    assert "password" in result.stderr and "Traceback" not in result.output
    assert [r for r in recorder.sent if r.method != "GET"] == []
