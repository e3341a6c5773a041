"""`tel.Faults`: a sandbox that injects 429s, 5xx, slow replies and dropped connections,
reproducibly, for the tests of applications built on the library."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from telephony_vobiz.emulator import VobizEmulator

import telephony_core as tel
from telephony_core.sandbox.app import SandboxApp
from telephony_core.sandbox.faults import FaultInjector, Faults, FaultyApp, FaultyTransport
from telephony_core.sandbox.server import SandboxServer

FATES = ("ok", "429", "5xx", "slow", "drop_before", "drop_after")


def fates(faults: Faults, count: int, method: str = "GET") -> list[str]:
    injector = FaultInjector(faults)
    return [injector.next(method).fate for _ in range(count)]


def test_the_same_seed_gives_the_same_faults() -> None:
    faults = Faults(rate_limited=0.2, server_errors=0.2, drop_after=0.2, seed=42)
    assert fates(faults, 200) == fates(faults, 200)
    assert fates(faults, 200) != fates(
        Faults(rate_limited=0.2, server_errors=0.2, drop_after=0.2, seed=43), 200
    )


def test_shares_are_about_right() -> None:
    drawn = fates(Faults(rate_limited=0.1, drop_after=0.05, seed=1), 4000)
    assert 0.08 < drawn.count("429") / 4000 < 0.12
    assert 0.035 < drawn.count("drop_after") / 4000 < 0.065


def test_a_schedule_comes_first_and_methods_choose_the_victims() -> None:
    faults = Faults(schedule=["5xx", "429", "ok"], methods={"post"})
    injector = FaultInjector(faults)
    assert injector.next("GET").fate == "ok"  # not a POST: untouched, schedule kept
    assert [injector.next("POST").fate for _ in range(4)] == ["5xx", "429", "ok", "ok"]
    assert injector.counts == {"ok": 3, "5xx": 1, "429": 1}


def test_a_scheduled_5xx_can_name_its_status() -> None:
    injector = FaultInjector(Faults(schedule=["500", "504"]))
    assert [injector.next("GET").status for _ in range(2)] == [500, 504]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"rate_limited": 1.5},
        {"rate_limited": 0.6, "drop_after": 0.6},
        {"schedule": ["boom"]},
        {"delay": -1},
        {"server_error_status": 404},
    ],
)
def test_bad_faults_are_configuration_errors(kwargs: dict[str, object]) -> None:
    with pytest.raises(tel.ConfigurationError):
        Faults(**kwargs)  # type: ignore[arg-type]


def test_faults_read_from_the_command_line() -> None:
    parsed = Faults.parse("rate_limited=0.1, drop_after=0.05,seed=7,schedule=429;ok,methods=POST")
    assert parsed == Faults(
        rate_limited=0.1, drop_after=0.05, seed=7, schedule=("429", "ok"), methods={"POST"}
    )
    assert Faults.parse("retry_after=none").retry_after is None
    with pytest.raises(tel.ConfigurationError, match="NAME=VALUE"):
        Faults.parse("loss=0.1")
    with pytest.raises(tel.ConfigurationError, match="not a number"):
        Faults.parse("slow=lots")


def _send(transport: FaultyTransport, method: str = "GET") -> httpx.Response:
    with httpx.Client(transport=transport, base_url="https://api.vobiz.ai") as http:
        return http.request(
            method,
            "/api/v1/Account/MA_SANDBOX/Endpoint/87654321/",
            headers={"X-Auth-ID": "MA_SANDBOX", "X-Auth-Token": "sandbox-token"},
            json={"alias": "Changed"} if method == "POST" else None,
        )


def test_each_fate_as_a_client_sees_it() -> None:
    emulator = VobizEmulator()
    endpoint = emulator.account("MA_SANDBOX").endpoints["87654321"]
    schedule = ["429", "5xx", "drop_before", "drop_after", "slow", "ok"]
    transport = FaultyTransport(emulator, Faults(schedule=schedule, delay=0.2, retry_after=3))
    limited = _send(transport, "POST")
    assert (limited.status_code, limited.headers["retry-after"]) == (429, "3")
    failed = _send(transport, "POST")
    assert (failed.status_code, failed.content) == (503, b"")
    assert endpoint["alias"] != "Changed"  # neither was applied
    with pytest.raises(httpx.RemoteProtocolError):
        _send(transport, "POST")
    assert endpoint["alias"] != "Changed"  # dropped before it got there
    with pytest.raises(httpx.RemoteProtocolError):
        _send(transport, "POST")
    assert endpoint["alias"] == "Changed"  # applied, then the reply was lost
    started = time.monotonic()
    assert _send(transport).status_code == 200
    assert time.monotonic() - started >= 0.2
    assert _send(transport).status_code == 200


async def test_the_async_client_meets_the_same_faults() -> None:
    faults = Faults(schedule=["5xx", "drop_after", "slow"], delay=0.1)
    async with tel.connect_async(
        "vobiz", sandbox=faults, retries=tel.Retries(wait_initial=0.001)
    ) as client:
        device = await client.devices.get("87654321")
    assert device.id == "87654321"


def test_connect_takes_faults_as_its_sandbox() -> None:
    faults = Faults(schedule=["5xx", "5xx"])
    with tel.connect("vobiz", sandbox=faults, retries=0) as client, pytest.raises(tel.ServerError):
        client.devices.get("87654321")
    with tel.connect("vobiz", sandbox=faults, retries=tel.Retries(wait_initial=0.001)) as client:
        assert client.devices.get("87654321").id == "87654321"
    with pytest.raises(TypeError, match="sandbox= or transport="):
        tel.connect(
            "vobiz", sandbox=faults, transport=httpx.MockTransport(lambda r: httpx.Response(200))
        )


class Counting:
    """An ASGI app that answers 200 and counts the requests it applied."""

    def __init__(self) -> None:
        self.applied = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        await receive()
        self.applied += 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def _asgi(app: FaultyApp, path: str = "/vobiz/api") -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app({"type": "http", "method": "POST", "path": path, "headers": []}, receive, send)
    return sent


async def test_the_served_sandbox_meets_each_fate() -> None:
    inner = Counting()
    schedule = ["429", "503", "drop_before", "drop_after", "slow", "ok"]
    app = FaultyApp(inner, Faults(schedule=schedule, delay=0.05))
    limited, failed, before, after = [await _asgi(app) for _ in range(4)]
    assert limited[0]["status"] == 429 and (b"retry-after", b"1") in limited[0]["headers"]
    assert (failed[0]["status"], failed[1]["body"]) == (503, b"")
    assert inner.applied == 1  # only the drop after applying reached the app
    for dropped in (before, after):  # a reply that starts and never ends: the server hangs up
        assert len(dropped) == 1 and (b"content-length", b"1") in dropped[0]["headers"]
    started = time.monotonic()
    slow = await _asgi(app)
    assert time.monotonic() - started >= 0.05 and slow[1]["body"] == b"ok"
    assert (await _asgi(app))[1]["body"] == b"ok"
    assert (await _asgi(app, "/"))[1]["body"] == b"ok"  # the index is never faulted
    assert app.injector.counts["ok"] == 1


# The served sandbox (uvicorn) with faults in front: what `telephony sandbox serve --faults`
# serves.
def test_creates_through_the_served_sandbox_with_dropped_replies_never_duplicate() -> None:
    emulator = VobizEmulator()
    faults = Faults(drop_after=0.1, rate_limited=0.1, retry_after=0, methods={"POST"}, seed=5)
    app = FaultyApp(SandboxApp({"vobiz": emulator}), faults)
    fast = tel.Retries(attempts=8, wait_initial=0.001, wait_max=0.01)
    with SandboxServer({"vobiz": emulator}, app=app) as server:
        settings = {"base_url": server.base_url("vobiz"), **emulator.credentials}
        with tel.connect("vobiz", retries=fast, **settings) as client:
            for n in range(60):
                client.devices.create(
                    username=f"s{n}", password="Passw0rd-1", name="S", application_id="98765432"
                )

        async def concurrently() -> None:
            async with tel.connect_async("vobiz", retries=fast, **settings) as client:
                await asyncio.gather(
                    *(
                        client.devices.create(
                            username=f"a{n}",
                            password="Passw0rd-1",
                            name="A",
                            application_id="98765432",
                        )
                        for n in range(60)
                    )
                )

        asyncio.run(concurrently())
    assert app.injector.counts["drop_after"] >= 6
    usernames = [e["username"] for e in emulator.account("MA_SANDBOX").endpoints.values()]
    assert sorted(usernames) == sorted(
        ["john_desk", *(f"s{n}" for n in range(60)), *(f"a{n}" for n in range(60))]
    )


def test_telephony_sandbox_serve_with_faults() -> None:
    telephony = str(Path(sys.executable).parent / "telephony")
    process = subprocess.Popen(
        [telephony, "sandbox", "serve", "--port", "0", "--faults", "schedule=503;drop_after"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split(" on ", 1)[1].strip()
        assert "schedule=('503', 'drop_after')" in process.stdout.readline()
        base = f"{url}/vobiz"
        credentials = {"auth_id": "MA_SANDBOX", "auth_token": "sandbox-token"}
        with tel.connect("vobiz", base_url=base, retries=0, **credentials) as client:
            with pytest.raises(tel.ServerError):
                client.devices.get("87654321")
            with pytest.raises(tel.TransportError):
                client.devices.get("87654321")
            assert client.devices.get("87654321").id == "87654321"
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        if process.stdout:
            process.stdout.close()
        if process.stderr:
            assert "Traceback" not in process.stderr.read()
            process.stderr.close()


def test_serve_refuses_bad_faults() -> None:
    telephony = str(Path(sys.executable).parent / "telephony")
    done = subprocess.run(
        [telephony, "sandbox", "serve", "--port", "0", "--faults", "loss=0.5"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "NAME=VALUE" in done.stderr
