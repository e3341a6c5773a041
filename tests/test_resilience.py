"""Retries where they are safe, Retry-After, creates that never duplicate (DESIGN
"Resilience"), against scripted replies and the fault-injecting sandbox."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from telephony_vobiz.emulator import VobizEmulator

import telephony_core as tel
from telephony_core.cli import cli
from telephony_core.plugins.recorder import RequestRecorder
from telephony_core.plugins.registry import get_registry
from telephony_core.sandbox.faults import FaultyTransport
from telephony_core.testing.clients import async_sandbox_client, isolated_client, sandbox_client
from telephony_core.translate.provider import Provider
from telephony_core.translate.wire import Plan, WireRequest, WireResponse
from tests.conftest import Scripted

#: Short waits: the tests are about which requests are sent, not about how long back-off is.
FAST = tel.Retries(attempts=4, wait_initial=0.001, wait_max=0.005)
DEVICE = {
    "username": "desk1001",
    "password": "Passw0rd-1001",
    "name": "Desk",
    "application_id": "98765432",
}
CREATED = {
    "api_id": "x",
    "endpoint_id": "555",
    "username": "desk1001",
    "alias": "Desk",
    "sip_registered": "false",
    "sip_uri": "sip:desk1001@sip.vobiz.ai",
}
LISTING_PATH = "/api/v1/Account/MA_X/Endpoint/"


def vobiz(scripted: Scripted, **options: Any) -> tel.Client:
    options.setdefault("retries", FAST)
    return tel.connect(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport, **options
    )


def listing(*objects: dict[str, Any]) -> dict[str, Any]:
    meta = {"limit": 20, "offset": 0, "total_count": len(objects), "next": None}
    return {"api_id": "x", "meta": meta, "objects": list(objects)}


def dropped(request: httpx.Request) -> httpx.Response:
    raise httpx.RemoteProtocolError("Server disconnected without sending a response.")


def calls(scripted: Scripted) -> list[str]:
    return [f"{r.method} {r.url.path}" for r in scripted.requests]


class RetrySpy:
    """A plugin that keeps what `telephony_before_retry` is told."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, int | None, int, float]] = []

    @tel.hookimpl
    def telephony_before_retry(
        self,
        request: WireRequest,
        response: WireResponse | None,
        attempt: int,
        delay: float,
        provider: Provider,
    ) -> None:
        status = response.status if response is not None else None
        self.seen.append((request.method, status, attempt, delay))


# Acceptance: a GET answered 503, 503, 200 returns the resource after 3 requests.
def test_a_read_is_retried_until_it_succeeds(scripted: Scripted) -> None:
    scripted.reply(503).reply(503).reply(200, {"endpoint_id": "1", "username": "u"})
    device = vobiz(scripted).devices.get("1")
    assert device.username == "u"
    assert calls(scripted) == ["GET /api/v1/Account/MA_X/Endpoint/1/"] * 3


def test_a_read_is_retried_on_the_fault_injecting_sandbox() -> None:
    recorder = RequestRecorder()
    get_registry().manager.register(recorder)
    with tel.connect("vobiz", sandbox=tel.Faults(schedule=["503", "503"]), retries=FAST) as client:
        assert client.devices.get("87654321").id == "87654321"
    assert [r.method for r in recorder.sent] == ["GET"] * 3


async def test_the_async_client_retries_too(scripted: Scripted) -> None:
    scripted.reply(503).reply(502).reply(200, {"endpoint_id": "1", "username": "u"})
    async with tel.connect_async(
        "vobiz", auth_id="MA_X", auth_token="t", transport=scripted.transport, retries=FAST
    ) as client:
        assert (await client.devices.get("1")).username == "u"
    assert len(scripted.requests) == 3


# Acceptance: a 429 with Retry-After: 1 then 202 makes an update succeed after ~1 s.
def test_retry_after_is_honoured(scripted: Scripted) -> None:
    scripted.reply(429, {"error": "slow down"}, **{"Retry-After": "1"}).reply(202)
    spy = RetrySpy()
    get_registry().manager.register(spy)
    started = time.monotonic()
    device = vobiz(scripted).devices.update("1", name="Desk")
    elapsed = time.monotonic() - started
    assert device.name == "Desk"
    assert 0.95 <= elapsed < 2.0, elapsed
    assert len(scripted.requests) == 2
    assert spy.seen == [("POST", 429, 2, 1.0)]


# Acceptance: with retries=0 the first error is raised.
@pytest.mark.parametrize(
    ("reply", "error"),
    [((503, None), tel.ServerError), ((429, {"error": "slow"}), tel.RateLimited)],
)
def test_retries_off_raises_the_first_error(
    scripted: Scripted, reply: tuple[int, Any], error: type[Exception]
) -> None:
    scripted.reply(*reply)
    with pytest.raises(error):
        vobiz(scripted, retries=0).devices.get("1")
    assert len(scripted.requests) == 1


def test_retries_end_with_the_last_error(scripted: Scripted) -> None:
    for _ in range(4):
        scripted.reply(503)
    with pytest.raises(tel.ServerError) as info:
        vobiz(scripted).devices.get("1")
    assert info.value.status == 503
    assert len(scripted.requests) == FAST.attempts


def test_a_retry_after_beyond_the_deadline_is_not_waited_for(scripted: Scripted) -> None:
    scripted.reply(429, {"error": "slow down"}, **{"Retry-After": "120"})
    started = time.monotonic()
    with pytest.raises(tel.RateLimited) as info:
        vobiz(scripted, timeout=5).devices.get("1")
    assert time.monotonic() - started < 1
    assert info.value.retry_after == 120.0
    assert len(scripted.requests) == 1


def test_a_retry_after_date_counts_from_the_reply_date(scripted: Scripted) -> None:
    headers = {
        "Date": "Sun, 06 Nov 1994 08:49:37 GMT",
        "Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT",
    }
    scripted.reply(503, **headers).reply(200, {"endpoint_id": "1"})
    spy = RetrySpy()
    get_registry().manager.register(spy)
    vobiz(scripted).devices.get("1")
    assert spy.seen == [("GET", 503, 2, 0.0)]


def test_a_retry_after_that_is_no_number_falls_back_to_back_off(scripted: Scripted) -> None:
    scripted.reply(429, **{"Retry-After": "1e400"}).reply(200, {"endpoint_id": "1"})
    spy = RetrySpy()
    get_registry().manager.register(spy)
    started = time.monotonic()
    vobiz(scripted).devices.get("1")
    assert time.monotonic() - started < 0.5
    assert spy.seen[0][3] <= FAST.wait_max


def test_each_retry_is_logged_at_info_without_secrets(
    scripted: Scripted, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="telephony_core")
    scripted.reply(503).reply(200, {"endpoint_id": "1"})
    tel.connect(
        "vobiz",
        auth_id="MA_X",
        auth_token="secret-token-123",
        transport=scripted.transport,
        retries=FAST,
    ).devices.get("1")
    retries = [r for r in caplog.records if r.levelno == logging.INFO and "attempt 2" in r.message]
    assert len(retries) == 1
    assert "GET" in retries[0].message and "503" in retries[0].message
    assert "secret-token-123" not in caplog.text


# Writes: only those declared idempotent are resent after an unknown outcome.
def test_a_partial_update_resends_the_same_body_after_a_dropped_reply() -> None:
    emulator = VobizEmulator()
    recorder = RequestRecorder()
    get_registry().manager.register(recorder)
    faults = tel.Faults(schedule=["drop_after"])
    with sandbox_client(emulator, faults, retries=FAST) as client:
        device = client.devices.update("87654321", name="Front desk", allow_video=True)
    posts = [r for r in recorder.sent if r.method == "POST"]
    assert len(posts) == 2
    assert posts[0].body == posts[1].body
    assert json.loads(posts[0].body or b"") == {"alias": "Front desk", "allow_video": True}
    assert (device.name, device.allow_video) == ("Front desk", True)
    stored = emulator.account("MA_SANDBOX").endpoints["87654321"]
    assert (stored["alias"], stored["allow_video"]) == ("Front desk", True)


def _post(client: tel.Client, idempotent: bool | None = None) -> Plan[int]:
    """A plan of one POST, run with no operation declared (as `client._run(plan)` does)."""
    response = yield client.provider.request("POST", "/x", idempotent=idempotent)
    return response.status


def test_a_write_not_declared_idempotent_is_not_resent_after_an_unknown_outcome(
    scripted: Scripted,
) -> None:
    client = vobiz(scripted)
    scripted.reply(503)
    assert client._run(_post(client)) == 503
    assert len(scripted.requests) == 1
    # ... but a reply that says it was not applied lets it go again,
    scripted.reply(429, **{"Retry-After": "0"}).reply(202)
    assert client._run(_post(client)) == 202
    assert len(scripted.requests) == 3
    # ... and so does a request declared idempotent.
    scripted.reply(503).reply(200)
    assert client._run(_post(client, idempotent=True)) == 200
    assert len(scripted.requests) == 5


def test_a_delete_whose_resend_finds_it_gone_is_done() -> None:
    emulator = VobizEmulator()
    faults = tel.Faults(schedule=["drop_after"])
    with sandbox_client(emulator, faults, retries=FAST) as client:
        assert client.devices.delete("87654321") is None
    assert "87654321" not in emulator.account("MA_SANDBOX").endpoints
    with sandbox_client(emulator) as client, pytest.raises(tel.NotFound):
        client.devices.delete("87654321")  # without an unknown outcome, 404 is NotFound


def test_a_retried_step_never_reapplies_a_step_that_succeeded(scripted: Scripted) -> None:
    base = "https://api.voipappz.io"
    user = "3f0c8f4e-5a8b-4b8e-9a57-1f1d7c2a9b10"
    extension = "8a1f0c3e-2b4d-4e6f-8a9b-0c1d2e3f4a5b"
    scripted.reply(200, {"uuid": user, "name": "Ann"})  # the profile
    scripted.reply(503)  # the extension, lost
    scripted.reply(200, {})  # the extension again
    client = tel.connect(
        "voipappz", base_url=base, token="tok", transport=scripted.transport, retries=FAST
    )
    agent = client.agents.update(user, name="Ann", extension_id=extension)
    assert (agent.name, agent.extension_id) == ("Ann", extension)
    queries = [r.url.params.get("action") for r in scripted.requests]
    assert queries == [None, "extension", "extension"]


# Creates: never sent again without a lookup by natural key.
def test_a_create_whose_reply_was_lost_is_found_not_resent(scripted: Scripted) -> None:
    scripted._replies.append(dropped)
    scripted.reply(200, listing(dict(CREATED, endpoint_id="999", username="other"), CREATED))
    device = vobiz(scripted).devices.create(**DEVICE)
    assert (device.id, device.username) == ("555", "desk1001")
    assert calls(scripted) == [f"POST {LISTING_PATH}", f"GET {LISTING_PATH}"]


def test_a_create_confirmed_absent_is_sent_once_more(scripted: Scripted) -> None:
    scripted.reply(504)
    scripted.reply(200, listing())
    scripted.reply(201, CREATED)
    device = vobiz(scripted).devices.create(**DEVICE)
    assert device.id == "555"
    assert calls(scripted) == [
        f"POST {LISTING_PATH}",
        f"GET {LISTING_PATH}",
        f"POST {LISTING_PATH}",
    ]
    assert scripted.requests[0].content == scripted.requests[2].content


def test_a_create_is_never_resent_without_the_lookup(scripted: Scripted) -> None:
    """Every unknown outcome of a create is followed by a lookup before any resend."""
    for _ in range(3):
        scripted._replies.append(dropped)
        scripted.reply(200, listing())
    scripted._replies.append(dropped)
    with pytest.raises(tel.TransportError):
        vobiz(scripted).devices.create(**DEVICE)
    methods = [r.method for r in scripted.requests]
    assert methods == ["POST", "GET", "POST", "GET", "POST", "GET", "POST"]


def test_a_rate_limited_create_was_not_applied_and_goes_again(scripted: Scripted) -> None:
    scripted.reply(429, {"error": "slow down"}, **{"Retry-After": "0"}).reply(201, CREATED)
    assert vobiz(scripted).devices.create(**DEVICE).id == "555"
    assert [r.method for r in scripted.requests] == ["POST", "POST"]


def test_a_create_with_retries_off_raises_at_once(scripted: Scripted) -> None:
    scripted._replies.append(dropped)
    with pytest.raises(tel.TransportError) as info:
        vobiz(scripted, retries=0).devices.create(**DEVICE)
    assert info.value.request_sent
    assert len(scripted.requests) == 1


def test_a_failed_lookup_says_the_create_may_exist(scripted: Scripted) -> None:
    scripted._replies.append(dropped)
    scripted.reply(401, {"error": "unauthorized"})
    with pytest.raises(tel.AuthenticationError) as info:
        vobiz(scripted).devices.create(**DEVICE)
    assert any("it may exist" in note for note in info.value.__notes__)


def test_a_vendor_idempotency_key_is_sent_and_kept_on_the_resend(
    scripted: Scripted, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_registry().provider("vobiz"), "idempotency_header", "Idempotency-Key")
    scripted.reply(503).reply(200, listing()).reply(201, CREATED).reply(201, CREATED)
    client = vobiz(scripted)
    client.devices.create(**DEVICE)
    client.devices.create(**dict(DEVICE, username="desk1002"))
    keys = [r.headers.get("idempotency-key") for r in scripted.requests]
    assert keys[0] == keys[2] and keys[0] is not None
    assert keys[1] is None  # the lookup is a read
    assert keys[3] not in (None, keys[0])


# Acceptance: 500 creates with 10% "applied, then dropped" leave exactly 500 devices.
CREATES = 500
DROPPY = tel.Faults(drop_after=0.10, methods={"POST"}, seed=13)


def _new_device(n: int) -> dict[str, Any]:
    return dict(DEVICE, username=f"bulk{n:04d}", name=f"Bulk {n}")


def _check_exactly_created(emulator: VobizEmulator, results: list[tel.Device]) -> None:
    endpoints = emulator.account("MA_SANDBOX").endpoints.values()
    bulk = {e["username"]: e for e in endpoints if e["username"].startswith("bulk")}
    assert len([e for e in endpoints if e["username"].startswith("bulk")]) == CREATES
    assert sorted(bulk) == [f"bulk{n:04d}" for n in range(CREATES)]
    assert {d.username: d.id for d in results} == {u: e["endpoint_id"] for u, e in bulk.items()}


def test_creates_through_dropped_replies_leave_exactly_the_devices_asked_for() -> None:
    emulator = VobizEmulator()
    transport = FaultyTransport(emulator, DROPPY)
    client = isolated_client("vobiz", emulator.credentials, transport=transport, retries=FAST)
    with client:
        results = [client.devices.create(**_new_device(n)) for n in range(CREATES)]
    assert transport.injector.counts["drop_after"] >= CREATES * 0.05  # the faults did happen
    _check_exactly_created(emulator, results)


async def test_async_creates_through_dropped_replies_leave_exactly_the_devices_asked_for() -> None:
    emulator = VobizEmulator()
    client = async_sandbox_client(emulator, DROPPY, retries=FAST)
    limit = asyncio.Semaphore(20)

    async def create(n: int) -> tel.Device:
        async with limit:
            return await client.devices.create(**_new_device(n))

    async with client:
        results = await asyncio.gather(*(create(n) for n in range(CREATES)))
    _check_exactly_created(emulator, list(results))


# Settings: keywords, else the profile, else the defaults; and the CLI.
def test_resilience_options_come_from_the_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[profiles.calm]\nprovider = "vobiz"\nauth_id = "MA_P"\nauth_token = "t"\n'
        'retries = 0\ntimeout = 4.5\nrate_limit = "9/s"\n'
    )
    monkeypatch.setenv("TELEPHONY_CONFIG", str(path))
    client = tel.connect(profile="calm")
    assert (client.retries.attempts, client.timeout) == (1, 4.5)
    assert client.throttle is not None and client.throttle.rate.amount == 9
    keywords_win = tel.connect(profile="calm", retries=5, timeout=2)
    assert (keywords_win.retries.attempts, keywords_win.timeout) == (6, 2)
    default = tel.connect("vobiz", sandbox=True)
    assert (default.retries, default.timeout, default.throttle) == (tel.Retries(), 30.0, None)


@pytest.mark.parametrize("retries", [-1, "3", 1.5, True])
def test_retries_must_be_a_count(retries: object) -> None:
    with pytest.raises(tel.ConfigurationError, match="retries"):
        tel.connect("vobiz", sandbox=True, retries=retries)  # type: ignore[arg-type]


def test_the_cli_takes_the_resilience_options() -> None:
    result = CliRunner().invoke(
        cli,
        [
            *("--sandbox", "--provider", "vobiz", "--retries", "0", "--timeout", "3"),
            *("--rate-limit", "50/s", "devices", "get", "87654321"),
        ],
    )
    assert result.exit_code == 0, result.output
    bad = CliRunner().invoke(cli, ["--sandbox", "--provider", "vobiz", "--retries", "-2"])
    assert bad.exit_code == 2
