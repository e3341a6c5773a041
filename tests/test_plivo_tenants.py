"""Plivo subaccounts as tenants, on the wire: the auth_id as the id, the token a `Secret`
everywhere, an update always carrying `name`, delete without `cascade`, the listing's pages;
and the settings of the provider."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import pytest

import telephony_core as tel
from tests.conftest import Scripted

AUTH_ID = "MA2025RK4E639VJFZAGV"
SUB = "SA2025RK4E639VJFZAMM"
TOKEN = "plivo-test-auth-token"
SUB_TOKEN = "MTZjYWM0YzVjNjMwZmVmODFiNWJjNPJmOGJjZjgw"
SUBACCOUNTS = f"https://api.plivo.com/v1/Account/{AUTH_ID}/Subaccount/"
#: The Subaccount object of the API reference.
SUBACCOUNT = {
    "account": f"/v1/Account/{AUTH_ID}/",
    "api_id": "968f0a22-9237-11e7-a51d-0245fa790d9e",
    "auth_id": SUB,
    "auth_token": "NWM3YjliMjk0ZGYxMGM2YjJiYWE0MjEwZDM5YWU5",
    "created": "2022-09-05",
    "enabled": True,
    "modified": None,
    "name": "Subaccount Test",
    "resource_uri": f"/v1/Account/{AUTH_ID}/Subaccount/{SUB}/",
}


@pytest.fixture
def plivo(scripted: Scripted) -> tel.Client:
    # One reply a request: these tests read each vendor answer as it is (no retries).
    return tel.connect(
        "plivo", auth_id=AUTH_ID, auth_token=TOKEN, transport=scripted.transport, retries=0
    )


def test_create_returns_the_auth_id_and_the_token_as_a_secret(
    plivo: tel.Client, scripted: Scripted, caplog: pytest.LogCaptureFixture
) -> None:
    """Acceptance: `tenants.create(name="Support")` -> the subaccount's auth_id as id, its
    token a `Secret` shown in no repr or log."""
    scripted.reply(
        201,
        {
            "api_id": "324a7dd8-0db2-11e4-8a4a-123140008edf",
            "auth_id": SUB,
            "auth_token": SUB_TOKEN,
            "message": "created",
        },
    )
    with caplog.at_level(logging.DEBUG):
        tenant = plivo.tenants.create(name="Support")
    assert (scripted.requests[0].method, str(scripted.requests[0].url)) == ("POST", SUBACCOUNTS)
    assert scripted.json_body() == {"name": "Support"}  # enabled: Plivo's default (false)
    assert (tenant.id, tenant.name) == (SUB, "Support")
    assert isinstance(tenant.auth_token, tel.Secret) and tenant.auth_token.reveal() == SUB_TOKEN
    assert tenant.extra == {}
    assert SUB_TOKEN not in repr(tenant) and SUB_TOKEN not in str(tenant)
    assert SUB_TOKEN not in caplog.text


def test_a_subaccount_reads_as_a_tenant(plivo: tel.Client, scripted: Scripted) -> None:
    scripted.reply(200, {**SUBACCOUNT, "new_auth_token": "YjE4NWEyNzgzODkyNGI2NjdmZmZhZTdj"})
    tenant = plivo.tenants.get(SUB)
    assert str(scripted.requests[0].url) == SUBACCOUNTS + SUB + "/"
    assert tenant == tel.Tenant(
        id=SUB,
        parent_id=AUTH_ID,
        name="Subaccount Test",
        enabled=True,
        auth_token="NWM3YjliMjk0ZGYxMGM2YjJiYWE0MjEwZDM5YWU5",
        created_at=datetime(2022, 9, 5, tzinfo=UTC),
        extra={"new_auth_token": tel.Secret("YjE4NWEyNzgzODkyNGI2NjdmZmZhZTdj")},
    )
    assert "YjE4NWEy" not in repr(tenant) and "NWM3Yjli" not in repr(tenant)


def test_an_update_with_a_name_is_one_post(plivo: tel.Client, scripted: Scripted) -> None:
    scripted.reply(202, {"message": "changed", "api_id": "5a9fcb68-523d-11e1-86da-6ff39efcb949"})
    tenant = plivo.tenants.update(SUB, name="Updated Subaccount Name", enabled=False)
    [request] = scripted.requests
    assert (request.method, str(request.url)) == ("POST", SUBACCOUNTS + SUB + "/")
    assert scripted.json_body() == {"name": "Updated Subaccount Name", "enabled": False}
    assert tenant == tel.Tenant(id=SUB, name="Updated Subaccount Name", enabled=False)


def test_an_update_without_a_name_resends_the_current_one(
    plivo: tel.Client, scripted: Scripted
) -> None:
    """Update a Subaccount requires `name`: the current one is read and sent again."""
    scripted.reply(200, SUBACCOUNT).reply(202, {"message": "changed", "api_id": "x"})
    tenant = plivo.tenants.update(SUB, enabled=False)
    assert [r.method for r in scripted.requests] == ["GET", "POST"]
    assert scripted.json_body(1) == {"name": "Subaccount Test", "enabled": False}
    assert (tenant.name, tenant.enabled, tenant.parent_id) == ("Subaccount Test", False, AUTH_ID)


def test_a_dry_run_of_an_update_without_a_name_shows_where_it_goes(plivo: tel.Client) -> None:
    planned = plivo.dry_run("tenants", "update", SUB, enabled=True)
    assert planned.complete
    assert [(r.method, r.path) for r in planned.requests] == [
        ("GET", f"/v1/Account/{AUTH_ID}/Subaccount/{SUB}/"),
        ("POST", f"/v1/Account/{AUTH_ID}/Subaccount/{SUB}/"),
    ]
    assert planned.requests[1].body == b'{"name":"<current name>","enabled":true}'


def test_delete_sends_no_cascade(plivo: tel.Client, scripted: Scripted) -> None:
    scripted.reply(204)
    assert plivo.tenants.delete(SUB) is None
    [request] = scripted.requests
    assert (request.method, str(request.url), request.content) == (
        "DELETE",
        SUBACCOUNTS + SUB + "/",
        b"",
    )


def test_list_pages_and_find_by_name(plivo: tel.Client, scripted: Scripted) -> None:
    first = {
        "meta": {"limit": 1, "offset": 0, "total_count": 2, "next": "x"},
        "objects": [SUBACCOUNT],
    }
    second = {
        "meta": {"limit": 1, "offset": 1, "total_count": 2, "next": None},
        "objects": [{**SUBACCOUNT, "auth_id": "SA0000000000000000002", "name": "Support"}],
    }
    scripted.reply(200, first).reply(200, second)
    assert [t.name for t in plivo.tenants.list(page_size=1)] == ["Subaccount Test", "Support"]
    assert [dict(r.url.params) for r in scripted.requests] == [
        {"limit": "1", "offset": "0"},
        {"limit": "1", "offset": "1"},
    ]
    scripted.reply(
        200, {**second, "meta": {"total_count": 2}, "objects": [SUBACCOUNT, *second["objects"]]}
    )
    found = plivo.tenants.find("Support")
    assert found is not None and found.id == "SA0000000000000000002"


VALUES: dict[str, Any] = {"rate_limit": 750, "permissions": {"calls": True}}


@pytest.mark.parametrize("field", ["email", "phone", "description", "rate_limit", "permissions"])
def test_what_a_subaccount_does_not_have_is_refused(plivo: tel.Client, field: str) -> None:
    with pytest.raises(tel.UnsupportedField, match="a name and an enabled state"):
        plivo.tenants.update(SUB, **{field: VALUES.get(field, "x")})


def test_a_create_without_a_name_is_refused(plivo: tel.Client, scripted: Scripted) -> None:
    with pytest.raises(tel.ValidationError) as refused:
        plivo.tenants.create(enabled=True)
    assert "name" in refused.value.field_errors
    assert scripted.requests == []


def test_enabled_is_read_from_a_string_too(plivo: tel.Client, scripted: Scripted) -> None:
    scripted.reply(200, {**SUBACCOUNT, "enabled": "false"})
    assert plivo.tenants.get(SUB).enabled is False


def test_access_rules_say_why_plivo_has_none(plivo: tel.Client) -> None:
    with pytest.raises(tel.UnsupportedOperation, match="IP access control lists"):
        plivo.access_rules.list()
    assert not plivo.capabilities.supports("access_rules")


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLIVO_AUTH_ID", AUTH_ID)
    monkeypatch.setenv("PLIVO_AUTH_TOKEN", TOKEN)
    with tel.connect("plivo") as client:
        assert client.provider.base_url == "https://api.plivo.com"
        assert TOKEN not in repr(client.provider.config)


def test_a_missing_token_names_its_variable() -> None:
    with pytest.raises(tel.ConfigurationError, match="PLIVO_AUTH_TOKEN"):
        tel.connect("plivo", auth_id=AUTH_ID)
