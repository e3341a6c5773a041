"""Overhead of telephony-core over raw httpx, measured in one run on the same transport.

    python benchmarks/overhead.py [-n 5000] [--repeat 5]

Both sides make the same Vobiz endpoint update (POST, auth headers, the same JSON body)
through an `httpx.Client` over the same in-process `httpx.MockTransport` answering 202, so
the difference is what the library adds: validation, translation, the plan, hooks, logging
and parsing. Also times the translation alone (building the plan's request, no HTTP).
Reports the best of `--repeat` runs, in microseconds per call.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import sys
import time
from collections.abc import Callable

import httpx

import telephony_core as tel
from telephony_core.provider import Scope

URL = "https://api.vobiz.ai/api/v1/Account/MA_BENCH/Endpoint/87654321/"
HEADERS = {
    "X-Auth-ID": "MA_BENCH",
    "X-Auth-Token": "bench-token",
    "Content-Type": "application/json",
}
CHANGES = {"name": "Desk", "password": "NewSecurePassword456!"}
WIRE_BODY = {"alias": "Desk", "password": "NewSecurePassword456!"}


def accept(request: httpx.Request) -> httpx.Response:
    return httpx.Response(202)


def best_per_call_us(run: Callable[[int], None], n: int, repeat: int) -> float:
    run(min(n, 200))  # warm up
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run(n)
        timings.append(time.perf_counter() - started)
    return min(timings) / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000, help="calls per timed run")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs; the best is reported")
    args = parser.parse_args()
    transport = httpx.MockTransport(accept)

    raw = httpx.Client(transport=transport)

    def raw_httpx(n: int) -> None:
        for _ in range(n):
            response = raw.post(URL, headers=HEADERS, content=json.dumps(WIRE_BODY).encode())
            assert response.status_code == 202

    client = tel.connect("vobiz", auth_id="MA_BENCH", auth_token="bench-token", transport=transport)

    def library(n: int) -> None:
        for _ in range(n):
            client.devices.update("87654321", **CHANGES)

    devices = client.provider.resources["devices"]
    secret_changes = {"name": "Desk", "password": tel.Secret(CHANGES["password"])}

    def translation_only(n: int) -> None:
        for _ in range(n):
            next(devices.plan_update("87654321", secret_changes, Scope()))

    araw = httpx.AsyncClient(transport=transport)
    aclient = tel.connect_async(
        "vobiz", auth_id="MA_BENCH", auth_token="bench-token", transport=transport
    )

    def async_raw(n: int) -> None:
        async def go() -> None:
            for _ in range(n):
                await araw.post(URL, headers=HEADERS, content=json.dumps(WIRE_BODY).encode())

        asyncio.run(go())

    def async_library(n: int) -> None:
        async def go() -> None:
            for _ in range(n):
                await aclient.devices.update("87654321", **CHANGES)

        asyncio.run(go())

    results = {
        "raw httpx (sync)": best_per_call_us(raw_httpx, args.n, args.repeat),
        "telephony-core (sync)": best_per_call_us(library, args.n, args.repeat),
        "raw httpx (async)": best_per_call_us(async_raw, args.n, args.repeat),
        "telephony-core (async)": best_per_call_us(async_library, args.n, args.repeat),
        "translation only (plan, no HTTP)": best_per_call_us(translation_only, args.n, args.repeat),
    }
    print(
        f"python {platform.python_version()} on {platform.machine()}, httpx {httpx.__version__}, "
        f"n={args.n}, best of {args.repeat}"
    )
    for name, us in results.items():
        print(f"{name:34s} {us:9.1f} us/call")
    sync_ratio = results["telephony-core (sync)"] / results["raw httpx (sync)"]
    async_ratio = results["telephony-core (async)"] / results["raw httpx (async)"]
    print(f"{'ratio library/raw (sync)':34s} {sync_ratio:9.2f}x")
    print(f"{'ratio library/raw (async)':34s} {async_ratio:9.2f}x")


if __name__ == "__main__":
    sys.exit(main())
