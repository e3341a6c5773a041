"""The Vobiz replies of older copies of the documents (and other documented shapes the
emulator does not answer with), replayed from cassettes/vobiz/variants through the real httpx
transport: the client reads them as it reads the newest shapes. The emulator is checked
against the newest-shape cassettes (tests/test_vobiz_cassettes.py), not these."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

import telephony_core as tel
from tests.conftest import CASSETTES

pytestmark = pytest.mark.telephony_provider("vobiz")


@pytest.fixture
def vcr_cassette_dir() -> str:
    return str(CASSETTES / "vobiz" / "variants")


@pytest.fixture
def telephony_settings() -> dict[str, str]:
    return {"auth_id": "MA_XXXXXX", "auth_token": "not-a-real-token"}


@pytest.mark.vcr
def test_update_sub_account(telephony_client: tel.Client, vcr: Any) -> None:
    """The project's copy of the page (shared/vendor-docs): `id` is the sub_auth_id,
    `auth_id` the caller's account, `parent_auth_id` sent twice."""
    tenant = telephony_client.tenants.update(
        "SA_1",
        description="Updated permissions",
        rate_limit=750,
        email="updated@example.com",
        enabled=True,
    )
    assert (tenant.id, tenant.parent_id) == ("SA_1", "MA_XXXXXX")
    assert (tenant.description, tenant.rate_limit, tenant.email, tenant.enabled) == (
        "Updated permissions",
        750,
        "updated@example.com",
        True,
    )
    assert tenant.auth_token is None  # scrubbed from the cassette: no token to show
    assert tenant.updated_at == datetime.fromisoformat("2025-10-22T03:59:52.261439Z")
    assert tenant.extra == {"email_verified": True, "last_used": None}
    assert vcr.all_played


@pytest.mark.vcr
def test_list_endpoints_oldest_copy(telephony_client: tel.Client, vcr: Any) -> None:
    """The application as `{app_id, app_name}`, registration details as `sip_*` keys."""
    [device] = telephony_client.devices.list()
    assert (device.id, device.username, device.application_id) == (
        "87654321",
        "john_doe",
        "12345678",
    )
    assert device.registered is True
    assert device.extra["sip_contact"] == "192.168.1.100:5060"
    assert device.extra["allow_phones"] is True
    assert vcr.all_played


@pytest.mark.vcr
def test_get_endpoint_application_uri(telephony_client: tel.Client, vcr: Any) -> None:
    device = telephony_client.devices.get("147322537258167")
    assert (device.application_id, device.registered) == ("12345678901234567", False)
    assert vcr.all_played


@pytest.mark.vcr
def test_list_ip_acls_total_count(telephony_client: tel.Client, vcr: Any) -> None:
    """`meta.total_count` instead of `meta.total`, and no `account_id`."""
    [rule] = telephony_client.access_rules.list()
    assert (rule.id, rule.tenant, rule.cidr, rule.enabled) == (
        "e3f4a5b6-c7d8-9012-ef12-34567890abcd",
        "MA_XXXXXX",
        "192.0.2.100",
        False,
    )
    assert vcr.all_played


@pytest.mark.vcr
def test_create_sub_account_oldest_copy(telephony_client: tel.Client, vcr: Any) -> None:
    """The tenant id is the credentials' auth_id; the `SA_` id of that copy goes to extra."""
    tenant = telephony_client.tenants.create(name="Support Team")
    assert tenant.id == "inG9oUky5uFjdUECaQNzeyVYD6ommaJd"
    assert tenant.extra["id"] == "SA_67401KW8"
    assert tenant.auth_token is None  # masked in the cassette
    assert vcr.all_played
