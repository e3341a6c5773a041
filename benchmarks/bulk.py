"""Bulk async throughput: many updates in flight against a server that takes 20 ms to answer.

    python benchmarks/bulk.py [-n 2000] [--latency 0.02]

Starts the bench server (benchmarks/server.py) on 127.0.0.1 in its own process, answering
each request after `--latency` seconds, and stops it after. The async client makes `-n`
Vobiz endpoint updates with `asyncio.gather` under a semaphore of 1, 10, 50 and 100 (at 1,
a tenth of `-n`: one at a time takes `n * latency` seconds), after opening its connections
with one call per slot. Ideal throughput is concurrency / latency.

Sides, all under the same `asyncio.gather` + semaphore: telephony-core as shipped (the async
client's asyncio driver, `telephony_core/transport/asyncio_driver.py`); telephony-core driven through
httpx's own async transport (`transport=httpx.AsyncHTTPTransport()`); and raw aiohttp
making the same requests (the driver before, for reference). For each it reports
updates/s, the share of the ideal, the client's CPU per update and the server's (measured
in its own process: it is not the bottleneck while its CPU per update stays far below
1 / updates-per-second).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import httpx

import telephony_core as tel

sys.path.insert(0, str(Path(__file__).parent))
from server import Server

ID = "87654321"
CONCURRENCY = (1, 10, 50, 100)


Update = Callable[[], Awaitable[Any]]
#: A side: an async context manager giving the function that makes one update.
Side = Callable[[str], AbstractAsyncContextManager[Update]]


@contextlib.asynccontextmanager
async def library(base_url: str, **options: Any) -> AsyncIterator[Update]:
    """telephony-core's async client (its own driver unless `transport=` is given)."""
    settings = {"auth_id": "MA_BENCH", "auth_token": "bench-token", "base_url": base_url}
    async with tel.connect_async("vobiz", **settings, **options) as client:
        yield lambda: client.devices.update(ID, name="Desk")


@contextlib.asynccontextmanager
async def over_httpx(base_url: str) -> AsyncIterator[Update]:
    async with library(base_url, transport=httpx.AsyncHTTPTransport()) as update:
        yield update


@contextlib.asynccontextmanager
async def raw_aiohttp(base_url: str) -> AsyncIterator[Update]:
    """The same request with aiohttp directly (the bench extra installs it)."""
    import aiohttp

    url = f"{base_url}/api/v1/Account/MA_BENCH/Endpoint/{ID}/"
    headers = {"X-Auth-ID": "MA_BENCH", "X-Auth-Token": "bench-token"}

    async with aiohttp.ClientSession() as session:

        async def update() -> None:
            async with session.post(url, headers=headers, json={"alias": "Desk"}) as response:
                await response.read()
                assert response.status == 202

        yield update


SIDES: dict[str, Side] = {
    "telephony-core (asyncio driver)": library,
    "telephony-core over httpx": over_httpx,
}
if importlib.util.find_spec("aiohttp") is not None:  # the bench extra
    SIDES["raw aiohttp (reference)"] = raw_aiohttp


async def bulk(update: Update, n: int, concurrency: int) -> None:
    """`n` updates with at most `concurrency` in flight."""
    limit = asyncio.Semaphore(concurrency)

    async def one() -> None:
        async with limit:
            await update()

    await asyncio.gather(*(one() for _ in range(n)))


async def timed_bulk(
    side: Side, server: Server, count: int, concurrency: int
) -> tuple[float, float]:
    """(wall, client CPU) seconds of `count` updates, the connections opened first."""
    async with side(server.root) as update:
        await bulk(update, concurrency, concurrency)  # open the connections
        server.reset()
        cpu = time.process_time()
        started = time.perf_counter()
        await bulk(update, count, concurrency)
        return time.perf_counter() - started, time.process_time() - cpu


def measure(n: int, latency: float) -> list[dict[str, Any]]:
    """One row per side and concurrency: rate, share of ideal, client and server CPU."""
    rows: list[dict[str, Any]] = []
    with Server(latency=latency) as server:
        for name, side in SIDES.items():
            for concurrency in CONCURRENCY:
                count = max(n // 10, 1) if concurrency == 1 else n
                elapsed, client_cpu = asyncio.run(timed_bulk(side, server, count, concurrency))
                stats = server.stats()
                rows.append(
                    {
                        "side": name,
                        "concurrency": concurrency,
                        "updates": count,
                        "rate": count / elapsed,
                        "ideal": concurrency / latency if latency else float("inf"),
                        "client_us": client_cpu / count * 1e6,
                        "server_us": stats["cpu_s"] / max(stats["requests"], 1) * 1e6,
                    }
                )
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    """Markdown: updates/s, share of ideal, client and server CPU per update."""
    lines = [
        "| side | in flight | updates | updates/s | ideal | of ideal | client CPU us/update "
        "| server CPU us/update |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        rate, ideal = row["rate"], row["ideal"]
        lines.append(
            f"| {row['side']} | {row['concurrency']} | {row['updates']} | {rate:,.0f} "
            f"| {ideal:,.0f} | {rate / ideal:.0%} | {row['client_us']:.0f} "
            f"| {row['server_us']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="updates per concurrency level")
    parser.add_argument("--latency", type=float, default=0.02, help="server answer delay (s)")
    args = parser.parse_args()
    print(f"bulk async updates, server latency {args.latency * 1000:.0f} ms")
    if "raw aiohttp (reference)" not in SIDES:
        print("(no raw aiohttp reference: pip install -e '.[bench]' adds it)")
    print(table(measure(args.n, args.latency)))


if __name__ == "__main__":
    sys.exit(main())
