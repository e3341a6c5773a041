"""What plugin authors got wrong, each seeded into a copy of the example vendor
(examples/telephony-example-vendor), fails the conformance suite, naming the miss; the copy
as it is passes every check.

A copy is the example's package and cassettes under another provider name, with one
mistake written into its source: what an author writing a plugin from docs/plugins.md
would write. The cassettes stand for recordings from the vendor (they were recorded from the
example as it is).
"""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from telephony_core.testing import Cassettes, ConformanceError, checks, installed_plugin
from telephony_core.testing.conformance import NotRecorded
from tests.conftest import INNER_RUN, ROOT

EXAMPLE = ROOT / "examples" / "telephony-example-vendor"
COPY = "examplecopy"
RECORDED_AT = "http://127.0.0.1:8765/example"
#: Cases each property check tries on a copy (the example's own suite tries the default).
EXAMPLES = 5
#: An edit of the copy: the file, the text it must hold, what replaces it.
Edit = tuple[str, str, str]
Copy = Callable[..., Cassettes]
#: The vendor's error body is `{"fault": {...}}`, a shape the core does not read by itself.
FAULT_BODY = ("emulator.py", '{"error": body}, status)', '{"fault": body}, status)')

SWAP = "swapped-key"  # a stand-in while two keys change places


def swapped(file: str, one: str, other: str) -> list[Edit]:
    """Edits exchanging two quoted keys everywhere in `file`."""
    return [
        (file, f'"{one}"', f'"{SWAP}"'),
        (file, f'"{other}"', f'"{one}"'),
        (file, f'"{SWAP}"', f'"{other}"'),
    ]


@pytest.fixture
def example_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Copy]:
    """Make the copy (with `edits`), install it as provider `examplecopy`, and give the
    suite's view of its cassettes."""
    pytest.importorskip("telephony_example", reason="the example vendor plugin is not installed")
    package = f"telephony_{COPY}"
    installed = ExitStack()

    def make(*edits: Edit) -> Cassettes:
        shutil.copytree(EXAMPLE / "telephony_example", tmp_path / package)
        for path in (tmp_path / package).glob("*.py"):
            text = path.read_text().replace("telephony_example", package)
            text = text.replace('name = "example"', f'name = "{COPY}"')
            path.write_text(text.replace('provider = "example"', f'provider = "{COPY}"'))
        for file, old, new in edits:
            path = tmp_path / package / file
            text = path.read_text()
            assert old in text, f"the seed no longer applies to the example's {file}: {old!r}"
            path.write_text(text.replace(old, new))
        folder = tmp_path / "cassettes" / COPY
        shutil.copytree(EXAMPLE / "cassettes" / "example", folder)
        monkeypatch.syspath_prepend(str(tmp_path))
        installed.enter_context(installed_plugin(importlib.import_module(package), COPY))
        return Cassettes(folder=folder, recorded_at=RECORDED_AT)

    with installed:
        yield make
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


def failures(cassettes: Cassettes) -> dict[str, str]:
    """Each failing check of the copy (`kind:id`) and its message."""
    failed: dict[str, str] = {}
    for check in checks(COPY, examples=EXAMPLES, cassettes=cassettes):
        try:
            check.run()
        except ConformanceError as exc:
            failed[f"{check.kind}:{check.id}"] = str(exc)
        except NotRecorded as exc:
            failed[f"{check.kind}:{check.id}"] = f"not recorded: {exc}"
    return failed


def test_the_copy_as_it_is_passes_every_check(example_copy: Copy) -> None:
    cassettes = example_copy()
    assert failures(cassettes) == {}
    assert len(cassettes.files(COPY)) == 5


def test_a_token_left_in_clear_in_extra_fails(example_copy: Copy) -> None:
    """The vendor returns an `api_token` with each phone; the plugin maps nothing to it."""
    cassettes = example_copy(
        (
            "emulator.py",
            '    return {key: value for key, value in phone.items() if key != "sip_password"}',
            '    return {key: value for key, value in phone.items() if key != "sip_password"} | '
            '{"api_token": "tok_live_8f14e45fceea167a"}',
        )
    )
    failed = failures(cassettes)
    assert {key.split(":")[0] for key in failed} == {"secrets", "cassettes"}
    assert failed["secrets:devices.get.reply-keys"] == (
        "examplecopy devices.get('ph_1001'): the reply's 'api_token' holds a token-like value "
        "that the Device shows in clear, in extra['api_token']: declare 'api_token' in "
        'Provider.secret_fields, or map it to a Secret field (docs/plugins.md, "Secret reply '
        'keys")'
    )
    assert {"secrets:devices.list.reply-keys", "secrets:devices.create.reply-keys"} <= set(failed)


def test_an_error_body_the_core_does_not_read_fails(example_copy: Copy) -> None:
    """The vendor's error body has a shape of its own; the plugin does not read it."""
    cassettes = example_copy(FAULT_BODY)
    failed = failures(cassettes)
    assert {key.split(":")[0] for key in failed} == {"vendor_errors", "cassettes"}
    assert failed["vendor_errors:devices.get.message"] == (
        "examplecopy devices.get('ph_10010') with an unknown id: the emulator's 404 reply says "
        "'No phone ph_10010', but the NotFound does not: 'examplecopy: GET /v1/phones/ph_10010 "
        "failed with 404 (not found)'. Read the vendor's error body in Resource.error_body "
        '(docs/plugins.md, "Vendor error bodies")'
    )
    assert "vendor_errors:devices.list.message" in failed  # a 401 for wrong credentials


def test_an_error_body_read_by_the_plugin_passes(example_copy: Copy) -> None:
    """The same vendor, its plugin reading the body in `Resource.error_body`."""
    cassettes = example_copy(
        FAULT_BODY,
        (
            "phones.py",
            "    def plan_get(",
            "    def error_body(self, body: object) -> object:\n"
            '        fault = body.get("fault") if isinstance(body, dict) else None\n'
            "        return fault if isinstance(fault, dict) else body\n\n"
            "    def plan_get(",
        ),
    )
    # Only the recorded error reply (of the vendor as it was) differs from the emulator's.
    assert set(failures(cassettes)) == {"cassettes:cassettes.test_unknown_phone_is_404"}


def test_a_password_without_a_policy_fails(example_copy: Copy) -> None:
    """Records carry no passwords: without a policy, no fleet create could be sent."""
    cassettes = example_copy(
        (
            "phones.py",
            "    password_policy = PasswordPolicy(\n        min_length=MIN_PASSWORD, source=",
            "    unused = dict(\n        min_length=MIN_PASSWORD, source=",
        )
    )
    assert failures(cassettes) == {
        "fleet:devices.plan": "examplecopy devices: create takes a password, but the resource "
        "declares no password_policy: records carry no secrets, so a fleet create has none to "
        "send. Declare Resource.password_policy = PasswordPolicy(...) with the vendor's "
        "documented rules, and fleet operations generate one"
    }


def test_keys_swapped_in_plugin_and_emulator_alike_fail_only_on_recorded_cassettes(
    example_copy: Copy,
) -> None:
    """`name` and `username` each mapped to the other's key, in the plugin and in the
    emulator its author wrote: every check against the emulator passes."""
    cassettes = example_copy(
        *swapped("fields.py", "label", "sip_username"),
        *swapped("emulator.py", "label", "sip_username"),
    )
    failed = failures(cassettes)
    assert {key.split(":")[0] for key in failed} == {"cassettes"}
    phone = (
        "'transport': 'TLS', 'auto_answer': True, 'status': 'offline', "
        "'sip_uri': 'sip:ph_1002@sip.example.net', 'firmware': '4.1.0'}"
    )
    assert failed["cassettes:cassettes.test_get_phone"] == (
        "examplecopy cassette test_get_phone.yaml: the emulator does not answer as the vendor "
        "was recorded answering: test_get_phone.yaml, interaction 1 (GET /example/v1/phones/"
        "ph_1002): body {'id': 'ph_1002', 'sip_username': 'Conference room', 'label': "
        f"'conference', {phone}, recorded {{'id': 'ph_1002', 'label': 'Conference room', "
        f"'sip_username': 'conference', {phone}. The plugin and its emulator may agree with "
        "each other and not with the vendor: only cassettes recorded from the real vendor catch "
        "a field mapping that the plugin and its emulator agree on (docs/plugins.md, step 8)"
    )


def test_without_recorded_cassettes_the_suite_says_what_it_cannot_see(
    example_copy: Copy, tmp_path: Path
) -> None:
    example_copy(
        *swapped("fields.py", "label", "sip_username"),
        *swapped("emulator.py", "label", "sip_username"),
    )
    failed = failures(Cassettes(folder=tmp_path / "none"))
    assert failed == {
        "cassettes:cassettes.none": f"not recorded: examplecopy: no cassettes in {tmp_path / 'none'}: "
        "nothing checks the emulator against the vendor itself; only cassettes recorded from "
        "the real vendor catch a field mapping that the plugin and its emulator agree on "
        "(docs/plugins.md, step 8)"
    }


def test_a_scope_the_plans_ignore_fails(example_copy: Copy) -> None:
    """Copied from a vendor that has them, `scopes` declares what Example Phones lacks."""
    cassettes = example_copy(
        (
            "phones.py",
            '    write_only = frozenset({"password"})  # the API never returns it\n',
            '    write_only = frozenset({"password"})  # the API never returns it\n'
            '    scopes = frozenset({"tenant", "owner"})\n',
        )
    )
    failed = failures(cassettes)
    assert {key.split(":")[0] for key in failed} == {"scopes"}
    assert {key for key in failed if key.endswith(".tenant")} == {
        f"scopes:devices.{operation}.tenant"
        for operation in ("get", "list", "create", "update", "delete")
    }
    assert failed["scopes:devices.get.owner"] == (
        "examplecopy devices.get('ph_1001', owner=...) with owner='conformance-scope' sent the "
        "same request(s) as without it: the plans ignore owner=. Read it from the Scope, or "
        "leave it out of Resource.scopes (a call passing it is then refused)"
    )


def test_the_suite_in_a_pytest_run_says_only_recorded_cassettes_catch_a_shared_mistake(
    inner: pytest.Pytester,
) -> None:
    inner.makepyfile(
        test_example_conformance="""
        from telephony_core.testing import ConformanceSuite

        class TestExampleConformance(ConformanceSuite):
            provider = "example"
            property_examples = 2
        """
    )
    result = inner.runpytest_inprocess(*INNER_RUN, "-rs", "-k", "cassettes or fleet")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "telephony conformance: cassettes replayed against the emulator: *example none*; "
            "only cassettes recorded from the real vendor catch a field mapping that the "
            "plugin and its emulator agree on (docs/plugins.md, step 8)",
            "SKIPPED * example: no cassettes in */cassettes/example: nothing checks the emulator "
            "against the vendor itself; only cassettes recorded from the real vendor catch a "
            "field mapping that the plugin and its emulator agree on (docs/plugins.md, step 8)",
        ],
        consecutive=False,
    )
