"""The built-in plugins pass the conformance suite of the plugin-author kit, unmodified; and
breaking one on purpose makes the suite fail with a message naming the provider, the field
and the call."""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from typing import Any

import attrs
import httpx
import pytest
from telephony_sipbx.devices import FIELDS as SIPBX_FIELDS
from telephony_sipbx.devices import SipbxDevices
from telephony_sipbx.emulator import SipbxEmulator
from telephony_vobiz.devices import FIELDS as VOBIZ_FIELDS
from telephony_vobiz.devices import VobizDevices
from telephony_vobiz.emulator import VobizEmulator

import telephony_core as tel
from telephony_core.plugins.registry import get_registry
from telephony_core.secret import Secret
from telephony_core.testing.conformance import (
    KINDS,
    Cassettes,
    Check,
    ConformanceError,
    ConformanceSuite,
    NotRecorded,
    checks,
)
from telephony_core.translate.auth import basic_auth
from telephony_core.translate.dryrun import as_curl, as_dict
from telephony_core.translate.fieldmap import FieldMap, WireField
from telephony_core.translate.paging import Page
from telephony_core.translate.provider import Scope
from telephony_core.translate.wire import Plan
from tests import basic_vendor
from tests import test_plivo_cassettes as plivo_cassettes
from tests import test_sipbx_number_cassettes as sipbx_number_cassettes
from tests import test_telnyx_cassettes as telnyx_cassettes
from tests import test_twilio_cassettes as twilio_cassettes
from tests.conftest import INNER_RUN


class TestVobizConformance(ConformanceSuite):
    provider = "vobiz"
    cassettes = Cassettes(
        unchecked="they are the vendor's documented examples, each on its own state: "
        "tests/test_vobiz_cassettes.py checks the emulator against them one interaction at a "
        "time, at the time each example was written"
    )


class TestSipbxConformance(ConformanceSuite):
    provider = "sipbx"
    # The device cassettes name the vendor's host; the numbers' were recorded from the served
    # sandbox, at this root.
    cassettes = Cassettes(recorded_at=sipbx_number_cassettes.RECORDED_AT)


class TestVoipappzConformance(ConformanceSuite):
    provider = "voipappz"


class TestTwilioConformance(ConformanceSuite):
    provider = "twilio"
    cassettes = Cassettes(
        recorded_at=twilio_cassettes.RECORDED_AT,
        ignore_keys=twilio_cassettes.DATES,
        unmask={"Password": twilio_cassettes.PASSWORD},
    )


class TestPlivoConformance(ConformanceSuite):
    provider = "plivo"
    cassettes = Cassettes(
        recorded_at=plivo_cassettes.RECORDED_AT, ignore_keys=plivo_cassettes.VARYING
    )


class TestTelnyxConformance(ConformanceSuite):
    provider = "telnyx"
    cassettes = Cassettes(
        recorded_at=telnyx_cassettes.RECORDED_AT, ignore_keys=telnyx_cassettes.DATES
    )


def check(provider: str, kind: str, id: str) -> Check:
    found = [c for c in checks(provider) if c.kind == kind and c.id == id]
    assert len(found) == 1, f"no {kind} check {id} of {provider}"
    return found[0]


def fails_with(check: Check, message: str) -> None:
    with pytest.raises(ConformanceError) as info:
        check.run()
    assert str(info.value) == message


@pytest.mark.parametrize("provider", ["vobiz", "sipbx", "voipappz", "twilio", "plivo", "telnyx"])
def test_every_kind_of_check_runs_for_every_built_in(provider: str) -> None:
    assert {c.kind for c in checks(provider)} == set(KINDS)


def test_every_settable_field_of_sipbx_is_round_tripped() -> None:
    tripped = {
        c.field
        for c in checks("sipbx")
        if c.kind == "round_trips" and c.resource == "devices" and c.operation == "update"
    }
    assert tripped == {
        *SIPBX_FIELDS.settable("update"),
        *(f"extra.{k}" for k in SipbxDevices.extra_keys["update"]),
    }


def test_a_field_mapped_to_a_wrong_key_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """SiPbx ignores keys it does not know: only reading the device back shows the mistake."""
    wrong = attrs.evolve(SIPBX_FIELDS.fields["srtp"], wire="device-srtp-mode")
    monkeypatch.setitem(SIPBX_FIELDS.fields, "srtp", wrong)
    fails_with(
        check("sipbx", "round_trips", "devices.update.srtp"),
        "sipbx devices.update('1001a', srtp=...) returned srtp=None, expected 'required'",
    )
    with pytest.raises(
        ConformanceError, match=re.escape("then get: srtp expected 'required', got 'off'")
    ):
        check("sipbx", "operations", "devices.update").run()


def test_a_declared_field_the_plan_does_not_send_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    update = SipbxDevices.plan_update

    def forgetful(
        self: SipbxDevices, id: str, changes: Mapping[str, Any], scope: Scope
    ) -> Plan[Any]:
        return update(self, id, {k: v for k, v in changes.items() if k != "auto_answer"}, scope)

    monkeypatch.setattr(SipbxDevices, "plan_update", forgetful)
    fails_with(
        check("sipbx", "round_trips", "devices.update.auto_answer"),
        "sipbx devices.update('1001a', auto_answer=...) returned auto_answer=None, expected True",
    )


def test_declaring_a_field_the_vendor_does_not_know_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    table = FieldMap(*VOBIZ_FIELDS.fields.values(), WireField("transport", "transport"))
    monkeypatch.setattr(VobizDevices, "fields", table)
    fails_with(
        check("vobiz", "round_trips", "devices.update.transport"),
        "vobiz devices.transport: the emulator declares no sample value "
        "(Emulator.samples['devices']['transport'])",
    )
    monkeypatch.setattr(VobizEmulator, "samples", {"devices": {"transport": "tls"}})
    with pytest.raises(
        ConformanceError,
        match=re.escape(
            "vobiz devices.update('87654321', transport=...) failed on the sandbox: ValidationError:"
        ),
    ) as info:
        check("vobiz", "round_trips", "devices.update.transport").run()
    assert "transport: Unknown field" in str(info.value)


def test_a_sample_equal_to_the_seeded_value_proves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SipbxEmulator.samples["devices"], "srtp", "off")  # type: ignore[index]
    fails_with(
        check("sipbx", "round_trips", "devices.update.srtp"),
        "sipbx devices.srtp: the sample 'off' is the example's current value; "
        "declare one that differs (Emulator.samples)",
    )


def test_a_secret_the_plugin_reveals_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """Revealed into the body (not kept as a `Secret`), the password is not known as secret:
    a vendor echoing it in an error puts it in the exception."""
    revealing = attrs.evolve(VOBIZ_FIELDS.fields["password"], to_wire=lambda s: s.reveal())
    monkeypatch.setitem(VOBIZ_FIELDS.fields, "password", revealing)
    with pytest.raises(
        ConformanceError,
        match=r"^vobiz devices\.update\('87654321', .*password=\.\.\.\): the sample of password appears in the exception$",
    ):
        check("vobiz", "secrets", "devices.update").run()


def test_a_malformed_reply_that_escapes_as_a_key_error_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def careless_get(self: VobizDevices, id: str, scope: Scope) -> Plan[Any]:
        request = self.provider.request("GET", self.path(scope, id))
        response = yield request
        self.check(request, response, 200)
        body = self.json_object(response)
        return self.to_model(body, response, id=body["endpoint_id"])

    monkeypatch.setattr(VobizDevices, "plan_get", careless_get)
    fails_with(
        check("vobiz", "vendor_errors", "devices.get.statuses"),
        "vobiz devices.get('87654321'): a malformed 200 reply b'{}' raised KeyError: "
        "'endpoint_id' (a malformed reply must be a TelephonyError)",
    )


def test_a_broken_plugin_fails_the_suite_in_a_pytest_run(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one-module way a plugin author runs the suite, in its own pytest session."""
    wrong = attrs.evolve(SIPBX_FIELDS.fields["srtp"], wire="device-srtp-mode")
    monkeypatch.setitem(SIPBX_FIELDS.fields, "srtp", wrong)
    inner.makepyfile(
        test_sipbx_conformance="""
        from telephony_core.testing.conformance import ConformanceSuite

        class TestSipbxConformance(ConformanceSuite):
            provider = "sipbx"
        """
    )
    result = inner.runpytest_inprocess(*INNER_RUN, "-rf")
    # The inner session has no cassettes: that check is skipped, saying so.
    inner_checks = checks("sipbx", cassettes=Cassettes(folder=inner.path / "cassettes"))
    result.assert_outcomes(passed=len(inner_checks) - 5, failed=4, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "E *ConformanceError: sipbx devices.update('1001a', srtp=...) returned srtp=None, "
            "expected 'required'",
            "FAILED *::TestSipbxConformance::test_operations[[]devices.update[]]*",
            "FAILED *::TestSipbxConformance::test_round_trips[[]devices.create.srtp[]]*",
            "FAILED *::TestSipbxConformance::test_round_trips[[]devices.update.srtp[]]*",
            "FAILED *::TestSipbxConformance::test_fleet[[]devices.plan[]]*",
        ]
    )


def test_the_suite_names_its_provider_from_the_marker_or_says_how(
    inner: pytest.Pytester,
) -> None:
    inner.makepyfile(
        test_named="""
        import pytest
        from telephony_core.testing.conformance import ConformanceSuite

        @pytest.mark.telephony_provider("voipappz")
        class TestNamed(ConformanceSuite):
            pass

        class TestUnnamed(ConformanceSuite):
            pass
        """
    )
    result = inner.runpytest_inprocess(
        "-p", "no:cacheprovider", "-p", "no:hypothesispytest", "--co", "-q"
    )
    result.stdout.fnmatch_lines(
        [
            "*test_named.py::TestNamed::test_round_trips[[]agents.update.state_reason[]]",
            '*TestUnnamed: set `provider = "<name>"`, or name it with the telephony_provider marker or ini option',
        ],
        consecutive=False,
    )


# Basic Phones (tests/basic_vendor.py): HTTP Basic auth, a paged listing, one phone seeded.


@pytest.fixture
def basic_phones() -> str:
    get_registry().add_plugin(basic_vendor, basic_vendor.NAME)
    return basic_vendor.NAME


BASIC_CREDENTIALS = dict(basic_vendor.BasicEmulator.credentials)


def test_basic_phones_passes_every_check(basic_phones: str) -> None:
    """Every check but the cassettes one, which says there are none to replay."""
    for each in checks(basic_phones):
        if each.kind != "cassettes":
            each.run()
            continue
        with pytest.raises(NotRecorded, match="^basicphones: no cassettes in "):
            each.run()


def _plain_basic_header(self: basic_vendor.BasicProvider) -> Mapping[str, str | Secret]:
    pair = f"{self.setting('account')}:{self.setting('token')}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


def test_a_plain_basic_header_fails_naming_the_header(
    basic_phones: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(basic_vendor.BasicProvider, "auth_headers", _plain_basic_header)
    fails_with(
        check(basic_phones, "secrets", "provider.auth_headers"),
        "basicphones auth_headers()['Authorization'] carries the token setting (base64 of the "
        "account setting:secret, HTTP Basic) in a plain str: return the value as a Secret, so "
        "that it is masked wherever a request shows (telephony_core.translate.auth.basic_auth and "
        "bearer_auth make one)",
    )


def test_the_core_masks_a_plain_basic_header_all_the_same(
    basic_phones: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(basic_vendor.BasicProvider, "auth_headers", _plain_basic_header)
    client = tel.connect(basic_phones, sandbox=True)
    encoded = _plain_basic_header(client.provider)["Authorization"]
    assert client.devices.get("ph_1").name == "Reception"  # the header is right
    dry = client.dry_run("devices", "get", "ph_1")
    shown = as_curl(dry.requests[0]) + repr(as_dict(dry.requests[0])) + repr(dry.requests[0])
    assert "Authorization: Basic ********" in shown
    assert str(encoded).removeprefix("Basic ") not in shown

    def echo(request: httpx.Request) -> httpx.Response:  # a vendor repeating the request
        return httpx.Response(400, json={"error": f"bad {request.headers['Authorization']}"})

    echoed = tel.connect(basic_phones, transport=httpx.MockTransport(echo), **BASIC_CREDENTIALS)
    with pytest.raises(tel.ValidationError) as info:
        echoed.devices.get("ph_1")
    assert "bad Basic ********" in str(info.value) and "bad Basic ********" in (
        info.value.body_excerpt or ""
    )


def test_a_secret_in_any_encoding_is_found(
    basic_phones: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A header the core does not know to mask, with the token base64-encoded: named."""

    def signed(self: basic_vendor.BasicProvider) -> Mapping[str, str | Secret]:
        token = base64.b64encode(self.setting("token").encode()).decode()
        return {**basic_auth(self.setting("account"), self.secret("token")), "X-Sig": token}

    monkeypatch.setattr(basic_vendor.BasicProvider, "auth_headers", signed)
    with pytest.raises(
        ConformanceError,
        match=re.escape(
            "basicphones auth_headers()['X-Sig'] carries the token setting (base64-encoded)"
        ),
    ):
        check(basic_phones, "secrets", "provider.auth_headers").run()


_LIST_PAGE = basic_vendor.BasicPhones.plan_list


def _stops_after_page_one(
    self: basic_vendor.BasicPhones, scope: Scope, cursor: Any, page_size: int | None
) -> Plan[Page[tel.Device]]:
    page = yield from _LIST_PAGE(self, scope, cursor, page_size)
    return Page(items=page.items, next=None)


def _ignores_the_page_size(
    self: basic_vendor.BasicPhones, scope: Scope, cursor: Any, page_size: int | None
) -> Plan[Page[tel.Device]]:
    return (yield from _LIST_PAGE(self, scope, cursor, None))


@pytest.mark.parametrize(
    ("listing", "message"),
    [
        (
            _stops_after_page_one,
            "basicphones devices.list(page_size=...) returned ['ph_1'], but devices.list() "
            "returned ['ph_1', 'ph_2']: plan_list must return the cursor of the next page "
            "(Page.next) until the last",
        ),
        (
            _ignores_the_page_size,
            "basicphones devices.list(page_size=...) of 2 items sent 1 request(s): plan_list "
            "must ask the vendor for page_size items a page (if the vendor's listing has no "
            "pages, declare Resource.paged_listing = False)",
        ),
    ],
    ids=["stops-after-page-one", "ignores-the-page-size"],
)
def test_a_listing_that_does_not_page_fails(
    listing: object, message: str, basic_phones: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One phone is seeded: the suite creates another, so that a page of one is not all."""
    monkeypatch.setattr(basic_vendor.BasicPhones, "plan_list", listing)
    fails_with(check(basic_phones, "operations", "devices.list"), message)


def test_a_listing_too_short_to_page_says_what_to_do(
    basic_phones: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(basic_vendor.BasicPhones, "operations", frozenset({"get", "list"}))
    fails_with(
        check(basic_phones, "operations", "devices.list"),
        "basicphones devices.list() returned 1 item(s); the suite needs at least 2 to see the "
        "listing's pages: seed more in the emulator's reset(), or declare create",
    )


def test_a_find_that_ignores_the_key_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    from telephony_vobiz.numbers import VobizNumbers

    def first_number(self: VobizNumbers, key: Any, scope: Scope) -> Plan[Any]:
        page = yield from self.plan_list(scope, None, None)
        return page.items[0]

    monkeypatch.setattr(VobizNumbers, "plan_find", first_number)
    fails_with(
        check("vobiz", "operations", "numbers.find"),
        "vobiz numbers.find('+9180713871490') returned the numbers '+918071387149', expected None",
    )


def test_routes_a_call_cannot_set_together_are_sent_one_at_a_time() -> None:
    numbers = [c for c in checks("vobiz") if c.resource == "numbers" and c.kind == "round_trips"]
    assert {c.field for c in numbers} >= {"application_id", "trunk_id", "number"}
    for found in numbers:
        if found.field in ("application_id", "trunk_id"):
            found.run()
