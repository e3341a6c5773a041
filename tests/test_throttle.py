"""Client-side rate limits: one budget per provider and credentials, shared by sync and async
clients in a process and, through Redis, by processes; 429s slow it down, then it recovers."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import limits
import pytest
import redis
from fakeredis import TcpFakeServer

import telephony_core as tel
from telephony_core.resilience import throttle as throttle_mod
from telephony_core.resilience.throttle import RECOVERY_WINDOWS, Throttle, parse_rate, throttle_for
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("text", "amount", "seconds"),
    [("10/s", 10, 1), ("20/second", 20, 1), ("600/minute", 600, 60), ("100/5s", 100, 5)],
)
def test_rates_are_read_in_short_and_long_notations(text: str, amount: int, seconds: int) -> None:
    rate = parse_rate(text)
    assert (rate.amount, rate.get_expiry()) == (amount, seconds)


@pytest.mark.parametrize("text", ["fast", "0/s", "10/fortnight", "-1/s"])
def test_a_bad_rate_is_a_configuration_error(text: str) -> None:
    with pytest.raises(tel.ConfigurationError, match="rate_limit"):
        tel.connect("vobiz", sandbox=True, rate_limit=text)


def test_clients_of_one_account_share_one_budget_sync_and_async() -> None:
    sync = tel.connect("vobiz", auth_id="MA_A", auth_token="t", rate_limit="7/s")
    other = tel.connect_async("vobiz", auth_id="MA_A", auth_token="t", rate_limit="7/s")
    elsewhere = tel.connect("vobiz", auth_id="MA_B", auth_token="t", rate_limit="7/s")
    assert sync.throttle is not None
    assert sync.throttle is other.throttle
    assert elsewhere.throttle is not sync.throttle
    assert "MA_A" not in sync.throttle.key and "t" not in sync.throttle.key.split("/")
    assert tel.connect("vobiz", sandbox=True).throttle is None  # no limit unless asked


def test_a_client_waits_for_its_turn() -> None:
    with tel.connect("vobiz", sandbox=True, rate_limit="5/s", auth_id="MA_WAIT") as client:
        started = time.monotonic()
        for _ in range(7):
            next(client.devices.list(page_size=1))
        elapsed = time.monotonic() - started
    assert 0.9 <= elapsed < 2.0, elapsed  # 5 at once, the next 2 a second later


async def test_an_async_client_waits_for_its_turn_without_blocking() -> None:
    client = tel.connect_async("vobiz", sandbox=True, rate_limit="5/s", auth_id="MA_ASYNC")
    started = time.monotonic()
    async with client:
        for _ in range(7):
            await client.devices.list(page_size=1).__anext__()
    assert 0.9 <= time.monotonic() - started < 2.0


def test_the_deadline_bounds_the_wait_for_a_turn() -> None:
    with tel.connect("vobiz", sandbox=True, rate_limit="1/minute", timeout=0.5) as client:
        next(client.devices.list())
        started = time.monotonic()
        with pytest.raises(tel.TransportError, match="rate limit"):
            next(client.devices.list())
    assert time.monotonic() - started < 0.5


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def test_429s_slow_the_rate_down_then_it_recovers(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    monkeypatch.setattr(throttle_mod.time, "monotonic", clock.monotonic)
    throttle = Throttle(parse_rate("8/s"), "telephony/test/slowdown")
    assert throttle.slowdown == 1
    throttle.slow_down()
    assert throttle.slowdown == 2
    throttle.slow_down()  # the same window: one step per window
    assert throttle.slowdown == 2
    for _ in range(3):
        clock.now += 1
        throttle.slow_down()
    assert throttle.slowdown == 8  # at most MAX_SLOWDOWN
    clock.now += RECOVERY_WINDOWS - 0.1
    assert throttle.slowdown == 8
    clock.now += 0.2
    assert throttle.slowdown == 4
    clock.now += 2 * RECOVERY_WINDOWS
    assert throttle.slowdown == 1


def test_a_429_from_the_vendor_slows_the_shared_budget() -> None:
    faults = tel.Faults(schedule=["429"], retry_after=0)
    with tel.connect("vobiz", sandbox=faults, rate_limit="50/s", auth_id="MA_SLOW") as client:
        assert client.throttle is not None
        next(client.devices.list())  # answered 429 first, then listed
        assert client.throttle.slowdown == 2


# Across processes: two processes sharing a Redis-backed limit of 20/s.
@pytest.fixture
def redis_url() -> Iterator[str]:
    """A Redis server on loopback (fakeredis's), stopped after the test.

    fakeredis's TCP server drops a connection after any error reply, including the NOSCRIPT
    with which redis-py learns that a Lua script must be loaded first: limits' scripts are
    loaded up front, as a real server would keep them after their first use.
    """
    server = TcpFakeServer(("127.0.0.1", 0), server_type="redis")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    scripts = Path(limits.__file__).parent / "resources" / "redis" / "lua_scripts"
    with redis.Redis(host="127.0.0.1", port=port) as connection:
        for script in sorted(scripts.glob("*.lua")):
            connection.script_load(script.read_text())
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


SENDER = textwrap.dedent(
    """
    import json, sys, time
    import telephony_core as tel

    url, start, stop = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    sent = []
    with tel.connect(
        "vobiz", sandbox=True, rate_limit="20/s", rate_limit_storage=url, timeout=5
    ) as client:
        time.sleep(max(0.0, start - time.time()))
        while time.time() < stop:
            next(client.devices.list(page_size=1))
            sent.append(time.time())
    print(json.dumps(sent))
    """
)


def test_two_processes_share_one_redis_backed_budget(redis_url: str) -> None:
    start = time.time() + 3.0  # both processes have imported the library by then
    stop = start + 5.0
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SENDER, redis_url, str(start), str(stop)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=60) for process in processes]
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    sent = [json.loads(out) for out, _ in outputs]
    assert all(times for times in sent), "each process sent requests"
    total = sum(len(times) for times in sent)
    # At most 20 in any second: 100 over 5 s (20% tolerance), and the budget was used.
    assert 80 <= total <= 120, (total, [len(times) for times in sent])
    every = sorted(t for times in sent for t in times)
    busiest = max(sum(1 for t in every if s <= t < s + 1.0) for s in every)
    assert busiest <= 24, busiest


def test_a_redis_budget_is_shared_by_sync_and_async_clients(redis_url: str) -> None:
    sync = throttle_for("vobiz", {"auth_id": "MA_R"}, "3/minute", redis_url)
    assert [sync.try_acquire() for _ in range(2)] == [0.0, 0.0]

    async def third_and_fourth() -> list[float]:
        return [await sync.try_acquire_async() for _ in range(2)]

    third, fourth = asyncio.run(third_and_fourth())
    assert third == 0.0
    assert 0 < fourth <= 60
