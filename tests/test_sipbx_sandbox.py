"""The SiPbx sandbox: no network, no credentials, the documented semantics."""

from __future__ import annotations

import pytest
from telephony_sipbx.emulator import SANDBOX_DOMAIN, SANDBOX_USER

import telephony_core as tel


@pytest.fixture
def client() -> tel.Client:
    return tel.connect("sipbx", sandbox=True)


def test_the_seeded_device_is_reachable_with_the_default_scope(client: tel.Client) -> None:
    device = client.devices.get("1001a")
    assert (device.tenant, device.owner) == (SANDBOX_DOMAIN, SANDBOX_USER)
    assert device.registered is True
    assert device.mac_address == "80:5e:c0:12:34:56"
    assert device.username == "1001@example.com"


def test_tilde_and_the_explicit_names_are_the_same_devices(client: tel.Client) -> None:
    own = [d.id for d in client.devices.list()]
    explicit = [d.id for d in client.devices.list(tenant="example.com", owner="1001")]
    assert own == explicit == ["1001a", "1001b"]
    assert [d.id for d in client.devices.list(owner="1002")] == ["1002a"]
    assert client.devices.count() == 2


def test_update_is_kept_across_calls(client: tel.Client) -> None:
    updated = client.devices.update(
        "1001a",
        srtp="required",
        transport="tls",
        recording="transcribed_with_sentiment",
        nat_traversal="fixed",
        auto_answer=True,
        registration_expiry_s=300,
        mac_address="AA-BB-CC-DD-EE-FF",
        model="Poly VVX 450",
        emergency_address_id=None,
        extra={"device-sip-no-to-tag-in-cancel": "yes"},
    )
    again = client.devices.get("1001a")
    for field in (
        "srtp",
        "transport",
        "recording",
        "nat_traversal",
        "auto_answer",
        "registration_expiry_s",
        "mac_address",
        "model",
    ):
        assert getattr(again, field) == getattr(updated, field), field
    assert again.mac_address == "aa:bb:cc:dd:ee:ff"
    assert again.extra["device-sip-no-to-tag-in-cancel"] == "yes"
    assert again.password == tel.Secret("Desk-Phone-1001a")  # untouched: only changes are sent


def test_create_count_delete_round_trip(client: tel.Client) -> None:
    created = client.devices.create(id="1001c", srtp="opportunistic")
    assert (created.id, created.tenant, created.owner) == ("1001c", "example.com", "1001")
    assert created.srtp is tel.SrtpMode.OPPORTUNISTIC
    assert created.password is not None
    assert len(created.password) == 16  # the vendor makes one up
    assert client.devices.count() == 3
    with pytest.raises(tel.ValidationError, match="already exists"):
        client.devices.create(id="1001c")
    client.devices.delete("1001c")
    assert client.devices.count() == 2
    with pytest.raises(tel.NotFound):
        client.devices.delete("1001c")


def test_unknown_device_or_user_is_404(client: tel.Client) -> None:
    with pytest.raises(tel.NotFound, match="Record not found"):
        client.devices.update("1001x", srtp="off")
    with pytest.raises(tel.NotFound):
        client.devices.get("1001a", owner="9999")


def test_another_domain_is_403(client: tel.Client) -> None:
    with pytest.raises(tel.PermissionDenied):
        client.devices.update("1001a", tenant="other.example.com", srtp="off")


def test_a_wrong_token_is_401() -> None:
    client = tel.connect("sipbx", sandbox=True, token="nsd_not-the-sandbox-token")
    with pytest.raises(tel.AuthenticationError, match="Authentication Required"):
        client.devices.get("1001a")


def test_the_emulator_refuses_what_the_vendor_refuses(client: tel.Client) -> None:
    """Sent past the client's own checks, by running the plan directly."""
    from telephony_core.translate.provider import Scope

    plan = client.provider.resources["devices"].plan_update(
        "1001a", {"extra": {"login-username": "x"}}, Scope()
    )
    with pytest.raises(tel.ValidationError, match="login-username is read-only") as info:
        client._run(plan)
    assert info.value.status == 400


def test_each_sandbox_client_has_its_own_state() -> None:
    first = tel.connect("sipbx", sandbox=True)
    first.devices.update("1001a", srtp="required")
    assert tel.connect("sipbx", sandbox=True).devices.get("1001a").srtp is tel.SrtpMode.OFF


def test_sandbox_ignores_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIPBX_TOKEN", "nsd_real-token-from-env")
    monkeypatch.setenv("SIPBX_SERVER", "real.example.com")
    client = tel.connect("sipbx", sandbox=True)
    assert client.provider.setting("token") != "nsd_real-token-from-env"
    assert "real.example.com" not in client.provider.base_url
    client.devices.get("1001a")


async def test_sandbox_async() -> None:
    async with tel.connect_async("sipbx", sandbox=True) as client:
        await client.devices.update("1001a", transport="tcp")
        assert (await client.devices.get("1001a")).transport is tel.Transport.TCP
        assert [d.id async for d in client.devices.list()] == ["1001a", "1001b"]
        assert await client.devices.count(owner="1002") == 1
        await client.devices.delete("1001b")
        assert await client.devices.count() == 1


def test_every_domain_is_beyond_a_domain_key(client: tel.Client) -> None:
    """`*` (every domain) is a valid domain path; the sandbox's domain key may not use it."""
    with pytest.raises(tel.PermissionDenied):
        list(client.devices.list(tenant="*"))
