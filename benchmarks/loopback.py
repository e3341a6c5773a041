"""Updates per second over real HTTP on loopback: telephony-core against raw clients.

    python benchmarks/loopback.py [-n 200] [--rounds 10]

Starts the bench server (benchmarks/server.py) on 127.0.0.1 in its own process, answering
at once, and stops it after. Every side makes `-n` Vobiz endpoint updates (POST, auth
headers, JSON body, 202 and no body back) over kept-alive connections:

- sync, one at a time: stdlib `http.client`, raw httpx, requests, the Vobiz SDK
  (`vobiz-python`, pointed at the server), telephony-core;
- async at 1, 10, 50 and 100 in flight (`asyncio.gather` under a semaphore): raw httpx,
  raw aiohttp, telephony-core.

Sides take turns, `-n` updates each per round (the order reverses every round); each
reports the median of its rounds: updates/s, and its own CPU per update (the server runs
in another process), which other processes on a shared machine do not change.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import httpx

import telephony_core as tel

sys.path.insert(0, str(Path(__file__).parent))
from server import Server

ID = "87654321"
AUTH = {"X-Auth-ID": "MA_BENCH", "X-Auth-Token": "bench-token"}
HEADERS = {**AUTH, "Content-Type": "application/json"}
CHANGES = {"name": "Desk", "password": "NewSecurePassword456!"}
WIRE_BODY = {"alias": "Desk", "password": "NewSecurePassword456!"}
CONCURRENCY = (1, 10, 50, 100)
SDK = "vobiz-python, the vendor SDK"


def sync_sides(server: Server) -> dict[str, Callable[[int], None]]:
    """One function per sync side: make `n` updates."""
    url = f"{server.base_url}/Account/MA_BENCH/Endpoint/{ID}/"
    path = f"/api/v1/Account/MA_BENCH/Endpoint/{ID}/"
    sides: dict[str, Callable[[int], None]] = {}

    conn = http.client.HTTPConnection("127.0.0.1", server.port)

    def stdlib(n: int) -> None:
        for _ in range(n):
            conn.request("POST", path, body=json.dumps(WIRE_BODY), headers=HEADERS)
            response = conn.getresponse()
            response.read()
            assert response.status == 202

    sides["stdlib http.client"] = stdlib

    raw = httpx.Client()

    def raw_httpx(n: int) -> None:
        for _ in range(n):
            response = raw.post(url, headers=HEADERS, content=json.dumps(WIRE_BODY))
            assert response.status_code == 202

    sides["raw httpx"] = raw_httpx

    try:
        import requests
    except ImportError:  # the `bench` extra is not installed
        requests = None  # type: ignore[assignment]
    if requests is not None:
        session = requests.Session()

        def raw_requests(n: int) -> None:
            for _ in range(n):
                response = session.post(url, headers=HEADERS, data=json.dumps(WIRE_BODY))
                assert response.status_code == 202

        sides["requests"] = raw_requests

    try:
        import vobiz
    except ImportError:
        vobiz = None
    if vobiz is not None:
        sdk = vobiz.RestClient(auth_id="MA_BENCH", auth_token="bench-token")
        sdk.base_uri = f"{server.base_url}/Account"  # the SDK's API root, made the server's

        def vendor_sdk(n: int) -> None:
            for _ in range(n):
                sdk.endpoints.update(ID, alias="Desk", password=CHANGES["password"])

        sides[SDK] = vendor_sdk

    client = tel.connect(
        "vobiz", auth_id="MA_BENCH", auth_token="bench-token", base_url=server.base_url
    )

    def library(n: int) -> None:
        for _ in range(n):
            client.devices.update(ID, **CHANGES)

    sides["telephony-core"] = library
    return sides


async def gather_limited(call: Callable[[], Awaitable[object]], n: int, concurrency: int) -> None:
    """Make `n` calls with at most `concurrency` in flight."""
    limit = asyncio.Semaphore(concurrency)

    async def one() -> None:
        async with limit:
            await call()

    await asyncio.gather(*(one() for _ in range(n)))


AsyncSide = Callable[[int, int], Awaitable[None]]


def async_sides(server: Server) -> tuple[dict[str, AsyncSide], Callable[[], Awaitable[None]]]:
    """One coroutine function per async side (`n`, concurrency), and a closer for them all."""
    url = f"{server.base_url}/Account/MA_BENCH/Endpoint/{ID}/"
    raw = httpx.AsyncClient()
    session: list[aiohttp.ClientSession] = []
    client = tel.connect_async(
        "vobiz", auth_id="MA_BENCH", auth_token="bench-token", base_url=server.base_url
    )

    async def raw_httpx(n: int, concurrency: int) -> None:
        async def call() -> None:
            response = await raw.post(url, headers=HEADERS, content=json.dumps(WIRE_BODY))
            assert response.status_code == 202

        await gather_limited(call, n, concurrency)

    async def raw_aiohttp(n: int, concurrency: int) -> None:
        if not session:
            session.append(aiohttp.ClientSession())

        async def call() -> None:
            async with session[0].post(url, headers=HEADERS, data=json.dumps(WIRE_BODY)) as r:
                await r.read()
                assert r.status == 202

        await gather_limited(call, n, concurrency)

    async def library(n: int, concurrency: int) -> None:
        await gather_limited(lambda: client.devices.update(ID, **CHANGES), n, concurrency)

    async def close() -> None:
        await raw.aclose()
        await client.aclose()
        if session:
            await session[0].close()

    sides = {"raw httpx": raw_httpx, "raw aiohttp": raw_aiohttp, "telephony-core": library}
    return sides, close


def measure(n: int, rounds: int) -> dict[str, tuple[float, float]]:
    """Every side's (updates/s, client CPU us per update), each the median of its rounds.

    The sides take turns in every round (the order reverses from round to round), so that
    a change in the machine's load hits them alike.
    """
    rates: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}

    def record(key: str, count: int, elapsed: float, cpu: float) -> None:
        rates.setdefault(key, []).append(count / elapsed)
        cpus.setdefault(key, []).append(cpu / count * 1e6)

    with Server(latency=0.0) as server:
        sync = sync_sides(server)
        for run in sync.values():
            run(50)  # connect and warm up
        for index in range(rounds):
            for name in list(sync) if index % 2 == 0 else list(sync)[::-1]:
                cpu, started = time.process_time(), time.perf_counter()
                sync[name](n)
                record(
                    f"{name} (sync)", n, time.perf_counter() - started, time.process_time() - cpu
                )

        async def run_async() -> None:
            sides, close = async_sides(server)
            for side in sides.values():
                await side(100, 100)  # open the connections
            for index in range(rounds):
                for concurrency in CONCURRENCY:
                    for name in list(sides) if index % 2 == 0 else list(sides)[::-1]:
                        cpu, started = time.process_time(), time.perf_counter()
                        await sides[name](n, concurrency)
                        elapsed = time.perf_counter() - started
                        key = f"{name} (async, {concurrency} in flight)"
                        record(key, n, elapsed, time.process_time() - cpu)
            await close()

        asyncio.run(run_async())
    return {key: (statistics.median(rates[key]), statistics.median(cpus[key])) for key in rates}


def table(results: dict[str, tuple[float, float]]) -> str:
    """Markdown: each side's updates/s, client CPU per update, and its ratio to raw httpx of
    the same mode (and to the vendor SDK, sync)."""
    sdk = results.get(f"{SDK} (sync)")
    lines = [
        "| side | updates/s | client CPU us/update | vs raw httpx | vs vendor SDK |",
        "|---|---|---|---|---|",
    ]
    for name, (rate, cpu) in results.items():
        mode = name[name.rindex("(") :]
        reference = results.get(f"raw httpx {mode}")
        ratio = f"{rate / reference[0]:.2f}x" if reference else ""
        vs_sdk = f"{rate / sdk[0]:.2f}x" if sdk and mode == "(sync)" else ""
        lines.append(f"| {name} | {rate:,.0f} | {cpu:.0f} | {ratio} | {vs_sdk} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="updates per side per round")
    parser.add_argument("--rounds", type=int, default=10, help="rounds (median)")
    args = parser.parse_args()
    print(f"loopback, {args.n} updates per side per round, median of {args.rounds} rounds")
    print(table(measure(args.n, args.rounds)))


if __name__ == "__main__":
    sys.exit(main())
