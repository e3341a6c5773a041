"""The Vobiz sandbox: no network, no credentials, the documented semantics."""

from __future__ import annotations

import pytest

import telephony_core as tel


@pytest.fixture
def client() -> tel.Client:
    return tel.connect("vobiz", sandbox=True)


def test_update_is_kept_across_calls(client: tel.Client) -> None:
    updated = client.devices.update("87654321", name="Front desk", allow_video=True)
    assert updated.name == "Front desk"
    again = client.devices.get("87654321")
    assert again.name == "Front desk"
    assert again.allow_video is True
    assert again.username == "john_desk"


def test_password_rule_is_enforced_by_the_emulator_too(client: tel.Client) -> None:
    plan = client.provider.resources["devices"].plan_update(
        "87654321", {"password": tel.Secret("short")}, tel_scope()
    )
    with pytest.raises(tel.ValidationError) as info:
        client._run(plan)
    assert info.value.field_errors == {"password": "Password must be at least 8 characters"}


def tel_scope() -> object:
    from telephony_core.translate.provider import Scope

    return Scope()


def test_unknown_application_is_a_400(client: tel.Client) -> None:
    with pytest.raises(tel.ValidationError) as info:
        client.devices.update("87654321", application_id="11111111")
    assert info.value.field_errors == {"application_id": "Application not found"}
    assert client.devices.get("87654321").application_id == "12345678"
    client.devices.update("87654321", application_id="98765432")
    assert client.devices.get("87654321").application_id == "98765432"


def test_unknown_endpoint_is_404(client: tel.Client) -> None:
    with pytest.raises(tel.NotFound):
        client.devices.update("00000000", name="x")
    with pytest.raises(tel.NotFound):
        client.devices.get("00000000")


def test_locked_fields_are_refused_by_the_emulator(client: tel.Client) -> None:
    plan = client.provider.resources["devices"].plan_update(
        "87654321", {"extra": {"allow_same_domain": True}}, tel_scope()
    )
    with pytest.raises(tel.ValidationError) as info:
        client._run(plan)
    assert "extra.allow_same_domain" not in info.value.field_errors
    assert info.value.field_errors == {"allow_same_domain": "This field cannot be updated"}


def test_create_list_delete_round_trip(client: tel.Client) -> None:
    created = client.devices.create(
        username="reception", password="Recept1on-Pass", name="Reception", application_id="12345678"
    )
    assert created.username == "reception"
    ids = [d.id for d in client.devices.list(page_size=1)]
    assert ids == ["87654321", created.id]
    with pytest.raises(tel.Conflict):
        client.devices.create(
            username="reception", password="Another-Pass1", name="Dup", application_id="12345678"
        )
    client.devices.delete(created.id)
    assert [d.id for d in client.devices.list()] == ["87654321"]
    with pytest.raises(tel.NotFound):
        client.devices.delete(created.id)


def test_each_sandbox_client_has_its_own_state() -> None:
    first = tel.connect("vobiz", sandbox=True)
    first.devices.update("87654321", name="Changed")
    assert tel.connect("vobiz", sandbox=True).devices.get("87654321").name == "John's Desktop Phone"


def test_sandbox_needs_no_credentials_and_ignores_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VOBIZ_AUTH_TOKEN", "real-token-from-env")
    client = tel.connect("vobiz", sandbox=True)
    assert client.provider.setting("auth_token") != "real-token-from-env"


async def test_sandbox_async() -> None:
    async with tel.connect_async("vobiz", sandbox=True) as client:
        await client.devices.update("87654321", name="Async desk")
        assert (await client.devices.get("87654321")).name == "Async desk"
        assert [d.id async for d in client.devices.list()] == ["87654321"]


def test_sandbox_and_transport_are_exclusive() -> None:
    import httpx

    with pytest.raises(TypeError):
        tel.connect(
            "vobiz", sandbox=True, transport=httpx.MockTransport(lambda r: httpx.Response(200))
        )
