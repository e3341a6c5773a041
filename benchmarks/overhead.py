"""Overhead of telephony-core over raw httpx, measured in one run on the same transport.

    python benchmarks/overhead.py [-n 500] [--rounds 15]

For each operation (a Vobiz endpoint update, a get, a one-page list) both sides make the
same request (method, URL, auth headers, JSON body) through an httpx client over the same
in-process `httpx.MockTransport`, which answers as Vobiz does (202 and no body; the endpoint
object; one page). The raw side is what an application using httpx directly would write:
`client.post(...)` / `client.get(...)`, then `response.json()` for reads. The difference is
what the library adds: validation, translation, the plan, hooks, logging and the neutral
result. Sync and async, library and raw, run interleaved round after round (so drifting
machine load hits all sides alike); each reports the median of its rounds, in
microseconds per call, and each ratio is the median of the rounds' library/raw ratios.
Times are this process's CPU time (`time.process_time`): everything runs in-process and
never waits, so that is the cost of a call, and other processes on a shared machine do
not count in it.
"Translation only" builds the plan's request, no HTTP.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

import telephony_core as tel
from telephony_core.translate.provider import Scope

sys.path.insert(0, str(Path(__file__).parent))
from server import ENDPOINT, ONE_PAGE  # the bench server's replies

ROOT = "https://api.vobiz.ai/api/v1/Account/MA_BENCH/Endpoint/"
ITEM = ROOT + "87654321/"
HEADERS = {"X-Auth-ID": "MA_BENCH", "X-Auth-Token": "bench-token"}
JSON_HEADERS = {**HEADERS, "Content-Type": "application/json"}
CHANGES = {"name": "Desk", "password": "NewSecurePassword456!"}
WIRE_BODY = {"alias": "Desk", "password": "NewSecurePassword456!"}
OPERATIONS = ("update", "get", "list")
ENDPOINT_BODY = json.dumps(ENDPOINT).encode()
PAGE_BODY = json.dumps(ONE_PAGE).encode()
JSON_TYPE = {"Content-Type": "application/json"}


def vobiz(request: httpx.Request) -> httpx.Response:
    """Answer as Vobiz does: 202 to an update, the endpoint to a get, one page to a list."""
    if request.method == "POST":
        return httpx.Response(202)
    if request.url.path.endswith("/Endpoint/"):
        return httpx.Response(200, headers=JSON_TYPE, content=PAGE_BODY)
    return httpx.Response(200, headers=JSON_TYPE, content=ENDPOINT_BODY)


Run = Callable[[int], None]


def sync_runs(transport: httpx.MockTransport) -> dict[str, Run]:
    raw = httpx.Client(transport=transport)
    client = tel.connect("vobiz", auth_id="MA_BENCH", auth_token="bench-token", transport=transport)

    def raw_update(n: int) -> None:
        for _ in range(n):
            response = raw.post(ITEM, headers=JSON_HEADERS, content=json.dumps(WIRE_BODY))
            assert response.status_code == 202

    def raw_get(n: int) -> None:
        for _ in range(n):
            response = raw.get(ITEM, headers=HEADERS)
            assert response.status_code == 200
            response.json()

    def raw_list(n: int) -> None:
        for _ in range(n):
            response = raw.get(ROOT, headers=HEADERS, params={"limit": 20, "offset": 0})
            assert response.status_code == 200
            response.json()

    def lib_update(n: int) -> None:
        for _ in range(n):
            client.devices.update("87654321", **CHANGES)

    def lib_get(n: int) -> None:
        for _ in range(n):
            client.devices.get("87654321")

    def lib_list(n: int) -> None:
        for _ in range(n):
            list(client.devices.list())

    return {
        "raw update": raw_update,
        "lib update": lib_update,
        "raw get": raw_get,
        "lib get": lib_get,
        "raw list": raw_list,
        "lib list": lib_list,
    }


def async_runs(transport: httpx.MockTransport) -> dict[str, Run]:
    raw = httpx.AsyncClient(transport=transport)
    client = tel.connect_async(
        "vobiz", auth_id="MA_BENCH", auth_token="bench-token", transport=transport
    )
    loop = asyncio.new_event_loop()

    async def raw_update(n: int) -> None:
        for _ in range(n):
            response = await raw.post(ITEM, headers=JSON_HEADERS, content=json.dumps(WIRE_BODY))
            assert response.status_code == 202

    async def raw_get(n: int) -> None:
        for _ in range(n):
            response = await raw.get(ITEM, headers=HEADERS)
            assert response.status_code == 200
            response.json()

    async def raw_list(n: int) -> None:
        for _ in range(n):
            response = await raw.get(ROOT, headers=HEADERS, params={"limit": 20, "offset": 0})
            assert response.status_code == 200
            response.json()

    async def lib_update(n: int) -> None:
        for _ in range(n):
            await client.devices.update("87654321", **CHANGES)

    async def lib_get(n: int) -> None:
        for _ in range(n):
            await client.devices.get("87654321")

    async def lib_list(n: int) -> None:
        for _ in range(n):
            [d async for d in client.devices.list()]

    def on_loop(go: Callable[[int], object]) -> Run:
        return lambda n: loop.run_until_complete(go(n))  # type: ignore[arg-type]

    return {
        "raw update": on_loop(raw_update),
        "lib update": on_loop(lib_update),
        "raw get": on_loop(raw_get),
        "lib get": on_loop(lib_get),
        "raw list": on_loop(raw_list),
        "lib list": on_loop(lib_list),
    }


def translation_run() -> Run:
    client = tel.connect("vobiz", auth_id="MA_BENCH", auth_token="bench-token")
    devices = client.provider.resources["devices"]
    changes = {"name": "Desk", "password": tel.Secret(CHANGES["password"])}

    def translation_only(n: int) -> None:
        for _ in range(n):
            next(devices.plan_update("87654321", changes, Scope()))

    return translation_only


def measure(n: int, rounds: int) -> tuple[dict[str, float], dict[str, float]]:
    """Median microseconds per call of every side, and the median per-round ratios.

    In each round every library side runs right next to its raw twin (which goes first
    alternates from round to round), so a change in machine load hits both alike; the
    ratio of a round compares those two neighbouring runs.
    """
    transport = httpx.MockTransport(vobiz)
    runs = {
        **{f"{k} (sync)": v for k, v in sync_runs(transport).items()},
        **{f"{k} (async)": v for k, v in async_runs(transport).items()},
        "translation only": translation_run(),
    }
    for run in runs.values():
        run(min(n, 200))  # warm up
    samples: dict[str, list[float]] = {name: [] for name in runs}
    round_ratios: dict[str, list[float]] = {}

    def timed(name: str) -> float:
        started = time.process_time()
        runs[name](n)
        per_call = (time.process_time() - started) / n * 1e6
        samples[name].append(per_call)
        return per_call

    for index in range(rounds):
        for mode in ("sync", "async"):
            for op in OPERATIONS:
                pair = [f"raw {op} ({mode})", f"lib {op} ({mode})"]
                first, second = pair if index % 2 == 0 else pair[::-1]
                times = {first: timed(first), second: timed(second)}
                round_ratios.setdefault(f"{op} ({mode})", []).append(
                    times[pair[1]] / times[pair[0]]
                )
        timed("translation only")
    medians = {name: statistics.median(values) for name, values in samples.items()}
    ratio = {name: statistics.median(values) for name, values in round_ratios.items()}
    for mode in ("sync", "async"):
        ratio[f"worst ({mode})"] = max(ratio[f"{op} ({mode})"] for op in OPERATIONS)
    return medians, ratio


def table(results: dict[str, float], ratio: dict[str, float]) -> str:
    """A Markdown table: per operation and mode, raw and library us/call and the ratio."""
    lines = [
        "| operation | raw httpx us | telephony-core us | ratio |",
        "|---|---|---|---|",
    ]
    for mode in ("sync", "async"):
        for op in OPERATIONS:
            raw, lib = results[f"raw {op} ({mode})"], results[f"lib {op} ({mode})"]
            lines.append(
                f"| {op} ({mode}) | {raw:.1f} | {lib:.1f} | {ratio[f'{op} ({mode})']:.2f}x |"
            )
    lines.append(f"| translation only (plan, no HTTP) | | {results['translation only']:.1f} | |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=500, help="calls per side per round")
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds (median)")
    args = parser.parse_args()
    results, ratio = measure(args.n, args.rounds)
    print(
        f"python {platform.python_version()} on {platform.machine()}, httpx {httpx.__version__}, "
        f"n={args.n}, median of {args.rounds} interleaved rounds"
    )
    print(table(results, ratio))
    print(f"ratio library/raw (sync)  {ratio['worst (sync)']:.2f}x  (worst operation)")
    print(f"ratio library/raw (async) {ratio['worst (async)']:.2f}x  (worst operation)")


if __name__ == "__main__":
    sys.exit(main())
