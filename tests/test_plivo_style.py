"""The core mechanisms Plivo and Vobiz share (`telephony_core.plivo_style`), and the small core
helpers the Plivo provider brought: each on its own, without a vendor."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from telephony_plivo import PlivoEmulator, PlivoProvider
from telephony_vobiz.access_rules import VobizAccessRules
from telephony_vobiz.devices import VobizDevices

from telephony_core.dates import calendar_date
from telephony_core.plivo_style import OffsetPaging, id_text, numeric_id, text_bool, uri_id
from telephony_core.plugins.registry import get_registry
from telephony_core.plugins.vendor_plugin import VendorPlugin
from telephony_core.secret import Secret
from telephony_core.translate.auth import basic_auth, parse_basic_auth
from telephony_core.translate.redaction import is_secret_key

PLIVO = OffsetPaging(max_limit=20, default_limit=20)
ACL = OffsetPaging(max_limit=100, offset_on_first_page=False, total_keys=("total", "total_count"))


@pytest.mark.parametrize(
    ("paging", "offset", "page_size", "query"),
    [
        (PLIVO, 0, None, [("limit", 20), ("offset", 0)]),
        (PLIVO, 40, 50, [("limit", 20), ("offset", 40)]),  # at most max_limit
        (PLIVO, 0, 5, [("limit", 5), ("offset", 0)]),
        (ACL, 0, None, []),  # nothing asked: the vendor's defaults
        (ACL, 2, None, [("offset", 2)]),
        (ACL, 0, 1, [("limit", 1)]),
    ],
)
def test_the_query_of_a_page(
    paging: OffsetPaging, offset: int, page_size: int | None, query: list[tuple[str, int]]
) -> None:
    assert paging.query(offset, page_size) == query


@pytest.mark.parametrize(
    ("meta", "objects", "offset", "following"),
    [
        ({"total_count": 3}, [1, 2], 0, 2),
        ({"total_count": 3}, [3], 2, None),
        ({"next": "/v1/Account/MA/Endpoint/?limit=2&offset=2"}, [1, 2], 0, 2),  # no total
        ({"next": None, "total_count": None}, [1], 0, None),  # a null total says nothing
        ({}, [1, 2], 0, None),  # neither: the last page
        ({"total_count": 9, "next": "x"}, [], 4, None),  # an empty page ends the listing
        ({"total": 3, "total_count": 1}, [1], 0, 1),  # the first key present wins
        # Whichever end comes first: `next` null though the total is larger (plivo-go's
        # fixtures/endpointListResponse.json), or the total reached though `next` is set.
        ({"next": None, "total_count": 11}, [1, 2], 0, None),
        ({"next": "/v1/Account/MA/Endpoint/?limit=2&offset=4", "total_count": 4}, [3, 4], 2, None),
    ],
)
def test_the_next_offset(
    meta: dict[str, Any], objects: list[int], offset: int, following: int | None
) -> None:
    paging = ACL if "total" in meta else PLIVO
    assert paging.read({"meta": meta, "objects": objects}, offset) == (objects, following)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"objects": []},
        {"meta": {}},
        {"meta": [], "objects": []},
        {"meta": {"total_count": "3"}, "objects": []},
    ],
)
def test_a_listing_of_another_shape_is_refused(body: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="expected"):
        PLIVO.read(body, 0)


def test_values_in_their_plivo_style_forms() -> None:
    assert (text_bool("true"), text_bool(False)) == (True, False)
    assert (id_text(37371860103666), id_text("32866729519064")) == (
        "37371860103666",
        "32866729519064",
    )
    assert uri_id("/v1/Account/MA2025RK4E639VJFZAGV/") == "MA2025RK4E639VJFZAGV"
    assert uri_id("/v1/Account/MA_X/Application/33406267401237901/") == "33406267401237901"
    assert numeric_id(98765432) == numeric_id("/api/v1/Account/MA_X/Application/98765432/")
    for read, odd in [
        (text_bool, "yes"),
        (text_bool, 1),
        (id_text, True),
        (id_text, None),
        (uri_id, "/"),
        (uri_id, "/v1/Account/a b/"),
        (uri_id, 5),
        (numeric_id, "/v1/Account/MA_X/"),
        (numeric_id, True),
    ]:
        with pytest.raises(ValueError, match=r"\w"):
            read(odd)


def test_item_paths_default_to_the_collection_with_a_trailing_slash() -> None:
    assert VobizDevices.item_path == "/api/v1/Account/{auth_id}/Endpoint/{id}/"
    assert VobizAccessRules.item_path == "/api/v1/Account/{auth_id}/ip-acl/{id}"  # declared
    assert PlivoProvider.resource_types["tenants"].item_path.endswith("/Subaccount/{id}/")


def test_basic_credentials_are_read_back() -> None:
    header = basic_auth("MA2025RK4E639VJFZAGV", "to:ken")["Authorization"]
    assert isinstance(header, Secret)
    assert parse_basic_auth(header.reveal()) == ("MA2025RK4E639VJFZAGV", "to:ken")
    for odd in (None, "", "Bearer abc", "Basic !!!", "Basic " + "bm9jb2xvbg==", "Basic /w=="):
        assert parse_basic_auth(odd) is None


def test_a_day_is_midnight_utc() -> None:
    assert calendar_date("2022-09-05") == datetime(2022, 9, 5, tzinfo=UTC)
    for odd in ("2022-09-05T10:00:00", "05/09/2022", None, 20220905):
        with pytest.raises(ValueError, match="date"):
            calendar_date(odd)


def test_any_auth_token_key_is_secret() -> None:
    assert is_secret_key("new_auth_token") and is_secret_key("auth_token")
    assert not is_secret_key("auth_id")


def test_a_vendor_plugin_registers_its_provider_and_emulator() -> None:
    registry = get_registry()
    assert registry.provider("plivo") is PlivoProvider
    assert registry.sandbox("plivo") is PlivoEmulator
    registry.providers.pop("plivo")
    registry.sandboxes.pop("plivo")
    registry.add_plugin(VendorPlugin(PlivoProvider, PlivoEmulator), "plivo-again")
    assert (registry.provider("plivo"), registry.sandbox("plivo")) == (PlivoProvider, PlivoEmulator)
