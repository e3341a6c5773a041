"""Twilio SIP IP addresses as access rules: `cidr` split into `IpAddress` + `CidrPrefixLength`
and folded back, partial updates in one POST, RFC 2822 dates."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import pytest
from telephony_twilio.access_rules import fold_cidr

import telephony_core as tel
from tests.conftest import Scripted

ACCOUNT = "AC" + "1" * 32
IP_LIST = "AL" + "1" * 32
RULE = "IP" + "1" * 32
PATH = f"/2010-04-01/Accounts/{ACCOUNT}/SIP/IpAccessControlLists/{IP_LIST}/IpAddresses"


def address(ip: str = "10.40.50.0", prefix: Any = 24, name: str = "Office") -> dict[str, Any]:
    return {
        "account_sid": ACCOUNT,
        "date_created": "Mon, 20 Jul 2015 17:27:10 +0000",
        "date_updated": "Tue, 21 Jul 2015 08:00:00 +0000",
        "friendly_name": name,
        "ip_access_control_list_sid": IP_LIST,
        "ip_address": ip,
        "cidr_prefix_length": prefix,
        "sid": RULE,
        "uri": f"{PATH}/{RULE}.json",
    }


@pytest.fixture
def twilio(scripted: Scripted) -> tel.Client:
    return tel.connect(
        "twilio",
        account_sid=ACCOUNT,
        auth_token="test-auth-token-0123456789",
        ip_access_control_list=IP_LIST,
        transport=scripted.transport,
    )


def form(scripted: Scripted, index: int = 0) -> list[tuple[str, str]]:
    return parse_qsl(scripted.requests[index].content.decode())


def test_create_splits_the_cidr_and_reading_it_back_joins_it(
    twilio: tel.Client, scripted: Scripted
) -> None:
    scripted.reply(201, address()).reply(200, address())
    created = twilio.access_rules.create(name="Office", cidr="10.40.50.0/24")
    assert str(scripted.requests[0].url) == f"https://api.twilio.com{PATH}.json"
    assert form(scripted) == [
        ("FriendlyName", "Office"),
        ("IpAddress", "10.40.50.0"),
        ("CidrPrefixLength", "24"),
    ]
    read = twilio.access_rules.get(RULE)
    assert created.cidr == read.cidr == "10.40.50.0/24"
    assert (read.id, read.tenant, read.owner, read.name) == (RULE, ACCOUNT, IP_LIST, "Office")
    assert read.created_at == datetime(2015, 7, 20, 17, 27, 10, tzinfo=UTC)
    assert read.updated_at == datetime(2015, 7, 21, 8, 0, tzinfo=UTC)
    assert "cidr_prefix_length" not in read.extra


def test_a_single_address_is_sent_with_prefix_32(twilio: tel.Client, scripted: Scripted) -> None:
    scripted.reply(201, address("192.0.2.7", 32))
    rule = twilio.access_rules.create(name="Host", cidr="192.0.2.7/32")
    assert ("CidrPrefixLength", "32") in form(scripted)
    assert rule.cidr == "192.0.2.7"


@pytest.mark.parametrize(
    ("changes", "sent"),
    [
        ({"name": "Renamed"}, [("FriendlyName", "Renamed")]),
        ({"cidr": "10.0.0.0/8"}, [("IpAddress", "10.0.0.0"), ("CidrPrefixLength", "8")]),
        (
            {"name": "Both", "cidr": "198.51.100.0/25"},
            [("FriendlyName", "Both"), ("IpAddress", "198.51.100.0"), ("CidrPrefixLength", "25")],
        ),
    ],
)
def test_update_is_partial_and_one_post(
    twilio: tel.Client, scripted: Scripted, changes: dict[str, str], sent: list[tuple[str, str]]
) -> None:
    scripted.reply(200, address())
    twilio.access_rules.update(RULE, **changes)
    (request,) = scripted.requests
    assert (request.method, request.url.path) == ("POST", f"{PATH}/{RULE}.json")
    assert form(scripted) == sent


def test_nothing_can_be_cleared(twilio: tel.Client, scripted: Scripted) -> None:
    with pytest.raises(tel.ValidationError) as info:
        twilio.access_rules.update(RULE, name=None)
    assert info.value.field_errors == {"name": "cannot be cleared at twilio: pass a value"}
    assert scripted.requests == []


def test_enabled_is_not_a_twilio_field(twilio: tel.Client, scripted: Scripted) -> None:
    with pytest.raises(tel.UnsupportedField, match="delete it"):
        twilio.access_rules.update(RULE, enabled=False)
    assert scripted.requests == []


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "Office"}, "cidr"),
        ({"cidr": "10.0.0.0/8"}, "name"),
        ({"name": "x" * 256, "cidr": "10.0.0.0/8"}, "name"),
        ({"name": "Everything", "cidr": "0.0.0.0/0"}, "cidr"),
        ({"name": "v6", "cidr": "2001:db8::/32"}, "cidr"),
    ],
)
def test_invalid_rules_are_refused_before_sending(
    twilio: tel.Client, scripted: Scripted, values: dict[str, str], field: str
) -> None:
    with pytest.raises(tel.ValidationError) as info:
        twilio.access_rules.create(**values)
    assert field in info.value.field_errors
    assert scripted.requests == []


@pytest.mark.parametrize(
    ("ip", "prefix", "cidr"),
    [
        ("10.40.50.0", 24, "10.40.50.0/24"),
        ("10.40.50.0", "24", "10.40.50.0/24"),
        ("192.168.1.1", 32, "192.168.1.1"),
        ("192.168.1.1", None, "192.168.1.1"),
        ("192.168.1.1", 0, "192.168.1.1"),  # the schema's default: the whole address
    ],
)
def test_the_prefix_length_is_read_in_every_documented_shape(
    ip: str, prefix: object, cidr: str
) -> None:
    folded = fold_cidr(address(ip, prefix))
    assert folded["ip_address"] == cidr
    assert "cidr_prefix_length" not in folded


@pytest.mark.parametrize(
    ("ip", "prefix", "kept"),
    [
        ("10.40.50.0", True, "10.40.50.0/True"),  # no number: never the bare address
        ("10.40.50.7", 24, "10.40.50.7/24"),  # host bits set: not a network
        ("10.40.50.0", 33, "10.40.50.0/33"),
    ],
)
def test_an_unreadable_cidr_is_left_unknown_and_kept(
    twilio: tel.Client,
    scripted: Scripted,
    caplog: pytest.LogCaptureFixture,
    ip: str,
    prefix: object,
    kept: str,
) -> None:
    scripted.reply(200, address(ip, prefix))
    rule = twilio.access_rules.get(RULE)
    assert (rule.id, rule.name, rule.cidr) == (RULE, "Office", None)
    assert rule.extra["ip_address"] == kept
    assert "ip_address" in caplog.text  # reported once, at WARNING


def test_find_scans_for_the_cidr(twilio: tel.Client, scripted: Scripted) -> None:
    scripted.reply(200, {"ip_addresses": [address()], "next_page_uri": None})
    found = twilio.access_rules.find("10.40.50.0/24")
    assert found is not None and found.id == RULE


def test_no_ip_access_control_list_is_a_configuration_error(scripted: Scripted) -> None:
    twilio = tel.connect(
        "twilio", account_sid=ACCOUNT, auth_token="t" * 12, transport=scripted.transport
    )
    with pytest.raises(tel.ConfigurationError, match="TWILIO_IP_ACCESS_CONTROL_LIST_SID"):
        list(twilio.access_rules.list())
    assert scripted.requests == []


def test_vobiz_rules_take_no_owner() -> None:
    """Vobiz has one IP ACL per account: `owner=` is refused, not silently ignored."""
    with tel.connect("vobiz", sandbox=True) as vobiz, pytest.raises(TypeError, match="owner"):
        vobiz.access_rules.get("x", owner=IP_LIST)
