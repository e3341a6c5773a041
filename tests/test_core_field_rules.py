"""Core mechanisms added for access rules and tenants: model field rules (converters) that
hold for constructors, `**changes` and vendor replies alike; reply-only vendor keys in a
`FieldMap`; naming secret body keys; emulators composed of one class per resource."""

from __future__ import annotations

import ipaddress
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import telephony_core as tel
from telephony_core.sandbox import Emulator, EmuRequest, EmuResponse, json_response, route
from telephony_core.translate.changes import apply_converter, coerce_changes
from telephony_core.translate.fieldmap import FieldMap, WireField
from telephony_core.translate.redaction import is_secret_key


@pytest.mark.parametrize(
    ("given_", "normalised"),
    [
        ("192.168.1.200", "192.168.1.200"),
        ("192.168.1.200/32", "192.168.1.200"),
        ("10.40.50.0/24", "10.40.50.0/24"),
        ("10.40.50.0/255.255.255.0", "10.40.50.0/24"),
        ("0.0.0.0/0", "0.0.0.0/0"),
    ],
)
def test_cidr_is_normalised_by_the_model_and_in_changes(given_: str, normalised: str) -> None:
    assert tel.AccessRule(id="r", cidr=given_).cidr == normalised
    assert coerce_changes(tel.AccessRule, {"cidr": given_}) == {"cidr": normalised}


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ("300.1.1.1", "IPv4 address or network"),
        ("fe80::/10", "IPv6"),
        ("::1", "IPv6"),
        ("10.40.50.1/24", "host bits set: the network is 10.40.50.0/24"),
        ("garbage", "IPv4 address or network"),
        ("", "IPv4 address or network"),
        (" 10.0.0.1", "IPv4 address or network"),
        ("010.1.1.1", "IPv4 address or network"),
        ("1.2.3.4/33", "IPv4 address or network"),
    ],
)
def test_bad_cidr_is_a_validation_error_naming_the_field(bad: str, says: str) -> None:
    with pytest.raises(tel.ValidationError) as info:
        coerce_changes(tel.AccessRule, {"cidr": bad})
    assert says in info.value.field_errors["cidr"]
    with pytest.raises(tel.ValidationError) as info:
        tel.AccessRule(id="r", cidr=bad)
    assert set(info.value.field_errors) == {"cidr"}


def test_cidr_must_be_a_string() -> None:
    with pytest.raises(tel.ValidationError, match="cidr: must be a string"):
        coerce_changes(tel.AccessRule, {"cidr": 3232235976})
    with pytest.raises(tel.ValidationError, match="cidr: must be a string"):
        tel.AccessRule(id="r", cidr=3232235976)  # type: ignore[arg-type]


@given(st.ip_addresses(v=4), st.integers(min_value=0, max_value=32))
def test_every_ipv4_network_is_accepted_in_one_canonical_form(
    address: ipaddress.IPv4Address, prefix: int
) -> None:
    network = ipaddress.IPv4Network((address, prefix), strict=False)
    for spelling in (str(network), f"{network.network_address}/{network.netmask}"):
        cidr = tel.AccessRule(id="r", cidr=spelling).cidr
        assert cidr is not None
        assert ipaddress.IPv4Network(cidr) == network
        assert tel.AccessRule(id="r", cidr=cidr).cidr == cidr  # idempotent


def _upper(value: str) -> str:
    return value.upper()


def _no_spaces(value: str, field: attrs.Attribute[Any]) -> str:
    if " " in value:
        raise tel.ValidationError(field_errors={field.name: "must not contain spaces"})
    return value


def _no_spaces_field() -> Any:
    return attrs.field(default=None, converter=attrs.Converter(_no_spaces, takes_field=True))


@attrs.frozen(kw_only=True)
class _Sample:
    id: str
    code: str | None = attrs.field(default=None, converter=_upper)
    slug: str | None = _no_spaces_field()


def test_apply_converter_runs_plain_and_field_aware_converters() -> None:
    fields = attrs.fields_dict(_Sample)
    assert apply_converter(fields["code"], "abc") == "ABC"
    assert apply_converter(fields["slug"], "a-b") == "a-b"
    assert apply_converter(fields["id"], "x") == "x"
    with pytest.raises(tel.ValidationError) as info:
        apply_converter(fields["slug"], "a b")
    assert info.value.field_errors == {"slug": "must not contain spaces"}


def test_reply_key_differs_from_the_request_key() -> None:
    table = FieldMap(
        WireField("name", "name", reply="description"),
        WireField("cidr", "ip_address"),
    )
    assert table.to_wire({"name": "Office", "cidr": "10.0.0.1"}) == {
        "name": "Office",
        "ip_address": "10.0.0.1",
    }
    assert table.from_wire({"description": "Office", "ip_address": "10.0.0.1", "name": "n"}) == {
        "name": "Office",
        "cidr": "10.0.0.1",
        "extra": {"name": "n"},
    }
    # Vendor error details may use either key: both are the neutral field.
    assert table.neutral_name("name") == "name"
    assert table.neutral_name("description") == "name"
    assert table.neutral_name("ip_address") == "cidr"


def test_a_reply_breaking_a_model_rule_is_read_tolerantly_not_invalid_input(
    scripted: Any,
) -> None:
    """The model's own rules (an IPv4 `cidr`) apply to replies too, but a vendor value that
    breaks one leaves the field unset (raw value in `extra`): no ValidationError, no failure."""
    listing = {
        "meta": {"limit": 20, "offset": 0, "total": 1},
        "objects": [{"id": "r1", "ip_address": "fe80::1", "description": "v6"}],
    }
    scripted.reply(200, listing)
    client = tel.connect("vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport)
    [rule] = client.access_rules.list()
    assert (rule.cidr, rule.name, rule.extra) == (None, "v6", {"ip_address": "fe80::1"})


@pytest.mark.parametrize(
    ("key", "secret"),
    [
        ("auth_token", True),
        ("Auth_Token", True),
        ("password", True),
        ("sip_password", True),
        ("device-sip-registration-password", True),
        ("token", True),
        ("passwords", False),
        ("x_token", False),
        ("name", False),
        ("parent_auth_id", False),
    ],
)
def test_is_secret_key(key: str, secret: bool) -> None:
    assert is_secret_key(key) is secret


class _Things(Emulator):
    def reset(self) -> None:
        super().reset()
        self.things = ["t1"]

    @route("GET", "/things")
    def list_things(self, request: EmuRequest) -> EmuResponse:
        return json_response(self.things)


class _Widgets(Emulator):
    def reset(self) -> None:
        super().reset()
        self.widgets = ["w1"]

    @route("GET", "/widgets")
    def list_widgets(self, request: EmuRequest) -> EmuResponse:
        return json_response(self.widgets)


class _Composed(_Things, _Widgets):
    provider = "composed"

    @route("GET", "/things")
    def list_things(self, request: EmuRequest) -> EmuResponse:
        return json_response(["overridden"])


def test_an_emulator_is_composed_of_one_class_per_resource() -> None:
    emulator = _Composed()
    with httpx.Client(transport=emulator.transport(), base_url="http://sandbox") as http:
        assert http.get("/widgets").json() == ["w1"]
        assert http.get("/things").json() == ["overridden"]
    assert sorted(name for *_, name in _Composed._routes) == ["list_things", "list_widgets"]
    assert emulator.things == ["t1"]
