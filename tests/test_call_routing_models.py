"""The neutral models of call routing (`Application`, `PhoneNumber`, `AvailableNumber`,
`NumberSearch`) and the sandbox's number inventory, without any vendor."""

from __future__ import annotations

import itertools

import pytest

import telephony_core as tel
from telephony_core.sandbox.numbers import NumberInventory, is_valid


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("+14155550100", "+14155550100"),
        ("+1 (415) 555-0100", "+14155550100"),
        ("+44.20.7946.0000", "+442079460000"),
    ],
)
def test_numbers_are_e164_with_the_plus(written: str, e164: str) -> None:
    assert tel.PhoneNumber(id="x", number=written).number == e164


@pytest.mark.parametrize(
    "bad", ["14155550100", "+04155550100", "+1415", "+1415555010000000", "tel:+1", ""]
)
def test_a_number_that_is_not_e164_names_the_field(bad: str) -> None:
    with pytest.raises(tel.ValidationError) as caught:
        tel.PhoneNumber(id="x", number=bad)
    assert set(caught.value.field_errors) == {"number"}


def test_country_capabilities_and_kind_are_checked() -> None:
    number = tel.PhoneNumber(
        id="x", country="us", number_type="toll_free", capabilities={"voice", "sms"}
    )
    assert (number.country, number.number_type, number.capabilities) == (
        "US",
        tel.NumberType.TOLL_FREE,
        frozenset({"voice", "sms"}),
    )
    for field, value in [
        ("country", "USA"),
        ("number_type", "premium"),
        ("capabilities", {"telex"}),
    ]:
        with pytest.raises(tel.ValidationError) as caught:
            tel.PhoneNumber(id="x", **{field: value})
        assert set(caught.value.field_errors) == {field}


def test_application_urls_and_methods() -> None:
    app = tel.Application(
        id="a", name="Main IVR", answer_url="https://ivr.example/answer", answer_method="post"
    )
    assert app.answer_method is tel.HttpMethod.POST
    for bad in ["ftp://ivr.example/a", "/answer", "https://", "https://ivr.example/a b"]:
        with pytest.raises(tel.ValidationError) as caught:
            tel.Application(id="a", hangup_url=bad)
        assert set(caught.value.field_errors) == {"hangup_url"}


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"country": "United States"}, "country"),
        ({"country": "US", "area_code": "41a"}, "area_code"),
        ({"country": "US", "contains": "55*"}, "contains"),
        ({"country": "US", "number_type": "premium"}, "number_type"),
        ({"country": "US", "limit": 0}, "limit"),
    ],
)
def test_a_bad_search_names_the_argument(arguments: dict[str, object], field: str) -> None:
    with pytest.raises(tel.ValidationError) as caught:
        tel.NumberSearch(**arguments)  # type: ignore[arg-type]
    assert set(caught.value.field_errors) == {field}


def test_the_inventory_offers_matching_numbers_no_account_holds() -> None:
    inventory = NumberInventory()
    inventory.hold("+14155550101", "AC_1")
    offered = list(itertools.islice(inventory.offers("US", area_code="415"), 50))
    assert len(set(offered)) == 50 and "+14155550101" not in offered
    assert all(n.startswith("+1415") and is_valid(n) for n in offered)
    assert all("7777" in n for n in itertools.islice(inventory.offers("US", contains="7777"), 20))
    assert all(
        n[2:5] in {"800", "833", "844", "855", "866", "877", "888"}
        for n in itertools.islice(inventory.offers("US", number_type="toll_free"), 20)
    )
    assert list(inventory.offers("US", area_code="999")) == []
    assert list(inventory.offers("ZZ")) == []
    assert list(inventory.offers("US", contains="99999999")) == []  # ends, does not scan forever
    inventory.release("+14155550101")
    assert inventory.holder("+14155550101") is None
