"""The reproducers of the hardening review (issue 11), one named test each: every failure is
a `TelephonyError`, no secret shows in any excerpt, every call ends, dry runs refuse what
calls refuse, and the progress of a multi-request call is true."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from telephony_vobiz.devices import VobizDevices

import telephony_core as tel
from telephony_core.translate.dryrun import as_curl, as_dict
from telephony_core.translate.redaction import Redactor
from telephony_core.translate.wire import MAX_JSON_DEPTH, MAX_URL_LENGTH, excerpt, parse_json
from tests.conftest import Scripted

# Each test is about how one reply or failure is typed: the clients' retries are off (they
# are tested in test_resilience.py).
VOBIZ = {"auth_id": "MA_HARDEN1", "auth_token": "vobiz-token-4f2a9c", "retries": 0}
SIPBX = {"server": "pbx.example.com", "token": "nss_hardening_token_7e1d", "retries": 0}
VOIPAPPZ = {
    "base_url": "https://voipappz.example.com",
    "token": "voipappz-token-91be",
    "retries": 0,
}
USER = "5d249180-a0e7-4ef0-8e50-95d822dca45d"
EXTENSION = "b773227d-ae9a-4d86-8273-d08915c27686"
DEEP = b"[" * 1000


def _counting(reply: Callable[[httpx.Request], httpx.Response]) -> tuple[list[str], Any]:
    sent: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(f"{request.method} {request.url}")
        return reply(request)

    return sent, httpx.MockTransport(handle)


def _refusing() -> tuple[list[str], Any]:
    return _counting(lambda request: httpx.Response(500))


# Every failure is a TelephonyError.


@pytest.mark.parametrize("status", [200, 400, 500])
def test_deeply_nested_json_reply_is_a_typed_error(status: int, scripted: Scripted) -> None:
    scripted.reply(status, raw=DEEP)
    client = tel.connect("vobiz", transport=scripted.transport, **VOBIZ)
    with pytest.raises(tel.TelephonyError) as info:
        client.devices.get("1")
    assert info.value.status == status


def test_json_nested_deeper_than_the_limit_is_not_json() -> None:
    assert parse_json(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH) is not None
    deeper = b'{"a":' * (MAX_JSON_DEPTH + 1) + b"1" + b"}" * (MAX_JSON_DEPTH + 1)
    with pytest.raises(ValueError, match="nested"):
        parse_json(deeper)


@pytest.mark.parametrize("where", ["id", "tenant"])
def test_a_65000_character_id_or_tenant_is_refused_before_sending(where: str) -> None:
    sent, transport = _refusing()
    client = tel.connect("vobiz", transport=transport, **VOBIZ)
    long = "a" * 65_000
    arguments = ("a" * 65_000,) if where == "id" else ("1",)
    scope = {"tenant": long} if where == "tenant" else {}
    with pytest.raises(tel.ValidationError) as info:
        client.devices.get(*arguments, **scope)
    assert where in info.value.field_errors
    assert sent == []


def test_a_long_id_in_a_read_modify_write_is_refused_before_the_listing() -> None:
    sent, transport = _refusing()
    client = tel.connect("vobiz", transport=transport, **VOBIZ)
    with pytest.raises(tel.ValidationError) as info:
        client.access_rules.update("a" * 65_000, name="office")
    assert "id" in info.value.field_errors
    assert sent == []


def test_a_query_value_too_long_for_any_server_is_refused_before_sending() -> None:
    sent, transport = _refusing()
    client = tel.connect("voipappz", transport=transport, **VOIPAPPZ)
    with pytest.raises(tel.ValidationError, match=f"more than the {MAX_URL_LENGTH}"):
        client.agents.update(USER, name="Ann", state="on_break", state_reason="x" * 65_000)
    assert sent == []


@pytest.mark.parametrize(
    ("provider", "settings", "setting"),
    [
        ("vobiz", {**VOBIZ, "auth_token": "tøken-secret-1"}, "auth_token"),
        ("vobiz", {**VOBIZ, "auth_id": "MA_ÅX"}, "auth_id"),
        ("sipbx", {**SIPBX, "token": "nss_tøken_secret"}, "token"),
        ("voipappz", {**VOIPAPPZ, "token": "token\nwith-a-break"}, "token"),
    ],
)
def test_credentials_a_header_cannot_carry_are_a_configuration_error(
    provider: str, settings: dict[str, str], setting: str
) -> None:
    with pytest.raises(tel.ConfigurationError, match=f"setting {setting} has characters") as info:
        tel.connect(provider, **settings)
    secret = settings[setting]
    assert all(secret not in str(arg) for arg in info.value.args)
    assert info.value.__cause__ is None


def test_a_lone_surrogate_in_a_form_field_is_a_validation_error() -> None:
    sent, transport = _refusing()
    client = tel.connect("voipappz", transport=transport, **VOIPAPPZ)
    undecodable = b"Ann\xff".decode("utf-8", "surrogateescape")  # a non-UTF-8 argument
    with pytest.raises(tel.ValidationError) as info:
        client.agents.update(USER, name=undecodable)
    assert "Unicode" in info.value.field_errors["name"]
    with pytest.raises(tel.ValidationError):
        client.agents.update(USER, extra={"password": undecodable})
    assert sent == []


@pytest.mark.parametrize(
    "value",
    [object(), {1, 2}, float("nan"), float("inf"), 10**30, b"bytes", [{"k": object()}]],
    ids=["object", "set", "nan", "inf", "huge-int", "bytes", "nested-object"],
)
def test_a_non_json_value_in_extra_is_a_validation_error(value: object) -> None:
    sent, transport = _refusing()
    client = tel.connect("vobiz", transport=transport, **VOBIZ)
    with pytest.raises(tel.ValidationError) as info:
        client.devices.create(
            username="desk",
            password="long-enough-1",
            name="Desk",
            application_id="1",
            extra={"sub_account": value},
        )
    assert "extra" in info.value.field_errors
    assert sent == []


def test_extra_nested_too_deeply_is_a_validation_error() -> None:
    nested: Any = "x"
    for _ in range(MAX_JSON_DEPTH + 5):
        nested = [nested]
    client = tel.connect("sipbx", transport=_refusing()[1], **SIPBX)
    with pytest.raises(tel.ValidationError, match="nested"):
        client.devices.update("1001a", extra={"device-push-enabled": nested})


def test_an_x_total_of_5000_digits_is_a_provider_error(scripted: Scripted) -> None:
    scripted.reply(200, [], **{"X-Total": "9" * 5000})
    client = tel.connect("voipappz", transport=scripted.transport, **VOIPAPPZ)
    with pytest.raises(tel.ProviderError, match="X-Total is not a count"):
        list(client.agents.list())


@pytest.mark.parametrize(
    "url",
    ["https://[::1", "https://h:abc", "https://xn--.com", "https://h:99999", "https://h .com"],
)
def test_a_bad_base_url_is_a_configuration_error(url: str) -> None:
    with pytest.raises(tel.ConfigurationError, match="base_url"):
        tel.connect("vobiz", base_url=url, **VOBIZ)


def test_a_profiles_file_that_is_a_directory_is_a_configuration_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEPHONY_CONFIG", str(tmp_path))
    with pytest.raises(tel.ConfigurationError, match="cannot read the profiles file"):
        tel.connect(profile="office")


def test_a_binary_profiles_file_is_a_configuration_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_bytes(b"\xff\xfe\x00binary\x80")
    monkeypatch.setenv("TELEPHONY_CONFIG", str(config))
    with pytest.raises(tel.ConfigurationError, match="not UTF-8"):
        tel.connect(profile="office")


# No secret in any excerpt.


def test_the_excerpt_of_a_malformed_success_reply_is_masked(scripted: Scripted) -> None:
    token = SIPBX["token"]
    scripted.reply(200, raw=f"<html>Authorization: Bearer {token}</html>".encode())
    client = tel.connect("sipbx", transport=scripted.transport, **SIPBX)
    with pytest.raises(tel.ProviderError) as info:
        client.devices.get("1001a")
    assert token not in (info.value.body_excerpt or "")
    assert "Authorization: ********" in (info.value.body_excerpt or "")


def test_a_password_straddling_the_cut_of_an_error_excerpt_does_not_leak(
    scripted: Scripted,
) -> None:
    password = "Straddling-Password-0123456789"
    for cut in range(1, len(password)):
        padding = "x" * (200 - len('{"error":"') - cut)
        scripted.reply(400, raw=f'{{"error":"{padding}{password}"}}'.encode())
    client = tel.connect("vobiz", transport=scripted.transport, **VOBIZ)
    for cut in range(1, len(password)):
        with pytest.raises(tel.ValidationError) as info:
            client.devices.update("1", password=password)
        shown = info.value.body_excerpt or ""
        assert password[: max(cut, 4)] not in shown, cut


def test_excerpt_masks_before_it_cuts() -> None:
    body = b"a" * 195 + b"SECRET-VALUE-42"
    shown = excerpt(body, Redactor(["SECRET-VALUE-42"]))
    assert shown == "a" * 195 + "*****..."
    assert excerpt(b"a" * 190 + b"SECRET-VALUE-42", Redactor(["SECRET-VALUE-42"])) == (
        "a" * 190 + "********"
    )


def test_nested_error_details_are_masked_without_doubled_backslashes(
    scripted: Scripted,
) -> None:
    token = "back\\slash-token-99"
    body = {"error": "bad", "details": {"alias": {"echo": token, "password": "pw-12345"}}}
    scripted.reply(400, body)
    client = tel.connect("vobiz", transport=scripted.transport, **{**VOBIZ, "auth_token": token})
    with pytest.raises(tel.ValidationError) as info:
        client.devices.update("1", name="x")
    error = info.value
    assert error.field_errors == {"name": "echo: ********, password: ********"}
    for text in (str(error), repr(error), error.body_excerpt or "", *map(str, error.args)):
        assert token not in text
        assert token.replace("\\", "\\\\") not in text
        assert "pw-12345" not in text


def test_base_url_userinfo_never_shows() -> None:
    url = "https://proxyuser:Proxy-Pass-77@api.example.com"
    sent, transport = _counting(lambda request: httpx.Response(404, text="Proxy-Pass-77 said no"))
    client = tel.connect("vobiz", base_url=url, transport=transport, **VOBIZ)
    assert "Proxy-Pass-77" not in repr(client)
    with pytest.raises(tel.NotFound) as info:
        client.devices.get("1")
    shown = [str(info.value), repr(info.value), info.value.body_excerpt or ""]
    dry = client.dry_run("devices", "get", "1")
    shown += [as_curl(dry.requests[0]), json.dumps(as_dict(dry.requests[0])), repr(dry)]
    assert all("Proxy-Pass-77" not in text for text in shown), shown
    assert "https://********@api.example.com" in as_curl(dry.requests[0])
    assert len(sent) == 1


# Every call ends.


def _pages_forever(objects: list[dict[str, Any]], meta: dict[str, Any]) -> Any:
    return lambda request: httpx.Response(200, json={"meta": meta, "objects": objects})


def test_a_listing_whose_next_is_always_set_stops_after_two_requests() -> None:
    reply = _pages_forever([{"endpoint_id": "1"}], {"next": "/more", "total_count": 10**12})
    sent, transport = _counting(reply)
    client = tel.connect("vobiz", transport=transport, **VOBIZ)
    with pytest.raises(tel.ProviderError, match="does not advance"):
        list(itertools.islice(client.devices.list(), 10_000))
    assert len(sent) == 2


def test_an_access_rule_get_through_a_never_ending_listing_stops() -> None:
    reply = _pages_forever([{"id": "1", "ip_address": "192.0.2.1"}], {"total": 10**12})
    sent, transport = _counting(reply)
    client = tel.connect("vobiz", transport=transport, **VOBIZ)
    with pytest.raises(tel.ProviderError, match="does not advance"):
        client.access_rules.get("2")
    assert len(sent) == 2


def test_voipappz_ignoring_the_page_parameter_stops_the_listing() -> None:
    users = [{"uuid": f"5d249180-a0e7-4ef0-8e50-95d822dca{i:03d}"} for i in range(25)]
    sent, transport = _counting(lambda request: httpx.Response(200, json=users))
    client = tel.connect("voipappz", transport=transport, **VOIPAPPZ)
    with pytest.raises(tel.ProviderError, match="repeats items"):
        client.agents.find("nobody@example.com")
    assert len(sent) == 2
    with pytest.raises(tel.ProviderError, match="repeats items"):
        list(client.agents.list())


async def test_the_async_listing_stops_too() -> None:
    reply = _pages_forever([{"endpoint_id": "1"}], {"next": "/more"})
    sent: list[httpx.Request] = []

    async def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return reply(request)

    client = tel.connect_async("vobiz", transport=httpx.MockTransport(handle), **VOBIZ)
    with pytest.raises(tel.ProviderError, match="does not advance"):
        async for _ in client.devices.list():
            pass
    assert len(sent) == 2


def test_a_scan_for_one_item_gives_up_after_find_max_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(VobizDevices, "find_max_pages", 3)
    counter = itertools.count()

    def fresh_page(request: httpx.Request) -> httpx.Response:
        n = next(counter)
        objects = [{"endpoint_id": str(n), "username": f"user{n}"}]
        return httpx.Response(200, json={"meta": {"next": "/more"}, "objects": objects})

    sent, transport = _counting(fresh_page)
    client = tel.connect("vobiz", transport=transport, **VOBIZ)
    with pytest.raises(tel.ProviderError, match="first 3 pages"):
        client.devices.find("nobody")
    assert len(sent) == 3


# Dry runs refuse what the call refuses.


@pytest.mark.parametrize("operation", ["get", "update", "delete"])
def test_a_dry_run_with_a_bad_voipappz_id_raises_as_the_call_does(operation: str) -> None:
    client = tel.connect("voipappz", **VOIPAPPZ)
    arguments = {"name": "Ann"} if operation == "update" else {}
    if operation == "delete":
        with pytest.raises(tel.UnsupportedOperation):
            client.dry_run("agents", operation, "not-a-uuid", **arguments)
        return
    with pytest.raises(tel.ValidationError) as info:
        client.dry_run("agents", operation, "not-a-uuid", **arguments)
    assert "id" in info.value.field_errors


# Multi-request progress.


def test_a_garbage_first_reply_stops_the_later_patches_and_counts_as_applied(
    scripted: Scripted,
) -> None:
    scripted.reply(200, raw=b"<html>ok</html>")
    client = tel.connect("voipappz", transport=scripted.transport, **VOIPAPPZ)
    with pytest.raises(tel.ProviderError) as info:
        client.agents.update(USER, name="Ann", extension_id=EXTENSION, state="on_break")
    assert len(scripted.requests) == 1
    assert info.value.applied == ("name",)
    assert info.value.not_applied == ("extension_id", "state")


def test_a_garbage_last_reply_leaves_every_change_applied(scripted: Scripted) -> None:
    scripted.reply(200, {"uuid": USER, "name": "Ann"}).reply(200, {})
    scripted.reply(200, raw=b"<html>ok</html>")
    client = tel.connect("voipappz", transport=scripted.transport, **VOIPAPPZ)
    with pytest.raises(tel.ProviderError) as info:
        client.agents.update(USER, name="Ann", extension_id=EXTENSION, state="on_break")
    assert len(scripted.requests) == 3
    assert info.value.applied == ("name", "extension_id", "state")
    assert info.value.not_applied == ()


def test_a_request_httpx_cannot_build_is_a_validation_error_without_its_value() -> None:
    """The drivers' last resort, for a request that no check of the core saw (a plugin's
    own header): never httpx's or Python's error, which would carry the value."""
    from telephony_core.translate.wire import WireRequest

    sent, transport = _refusing()
    client = tel.connect("vobiz", transport=transport, **VOBIZ)
    request = WireRequest(
        method="GET",
        base_url="https://api.example.com",
        path="/x",
        headers={"X-Plugin": "tøken-in-a-header"},
        secrets=frozenset({"tøken-in-a-header"}),
    )

    def plan() -> Any:
        yield request

    with pytest.raises(tel.ValidationError, match="cannot be sent") as info:
        client._run(plan())
    assert "tøken" not in repr(info.value.args)
    assert sent == []
