"""Fleet apply on the served sandbox: items/s and peak memory at several concurrencies.

    python benchmarks/fleet_apply.py [--items 20000] [--concurrency 1 10 50]

A SiPbx sandbox is served over HTTP on loopback by a separate process (`SandboxServer`, as
`telephony sandbox serve` does) and seeded with `--items` devices through the API. Then each
measurement runs in a fresh process of its own, so that its peak resident memory
(`ru_maxrss`) is its own, and updates every device once (`srtp`):

- `fleet.apply_async`: plan items streamed from a generator into `fleet.apply_async` with
  its journal (a temporary SQLite file) and `concurrency` worker tasks;
- `fleet.apply`: the same with the sync client and `concurrency` worker threads;
- plain asyncio: `asyncio.gather` of one task per item around `client.devices.update`,
  bounded by a semaphore of `concurrency` (no journal): the usual hand-written loop.

Last, the memory check of the issue: `fleet.apply` of 2,000 and of 20,000 creates.
Prints one JSON line per run, then a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from typing import Any

import telephony_core as tel
from telephony_core import fleet

MODES = ("fleet.apply_async", "fleet.apply", "plain asyncio")


def peak_mb() -> float:
    """This process's peak resident set size (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """This process's resident set size now."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


# The server process.
def serve() -> None:
    from telephony_core.plugins.registry import get_registry
    from telephony_core.sandbox.server import SandboxServer

    server = SandboxServer({"sipbx": get_registry().sandbox("sipbx")()})
    print(server.base_url("sipbx"), flush=True)
    server.serve_forever()


def seed(base_url: str, items: int) -> None:
    async def main() -> None:
        async with tel.connect_async("sipbx", sandbox=True, base_url=base_url) as client:
            queue = iter(range(items))

            async def worker() -> None:
                for i in queue:
                    await client.devices.create(id=f"d{i:05d}", password="Bench-Passw0rd-1")

            await asyncio.gather(*(worker() for _ in range(50)))

    asyncio.run(main())


# One measured run (its own process).
def updates(items: int) -> Iterator[fleet.PlanItem]:
    for i in range(items):
        key = f"d{i:05d}"
        srtp = "required" if i % 2 else "opportunistic"
        yield fleet.PlanItem(
            resource="devices", key=key, action="update", id=key, changes={"srtp": srtp}
        )


def creates(items: int, prefix: str) -> Iterator[fleet.PlanItem]:
    for i in range(items):
        key = f"{prefix}{i:05d}"
        yield fleet.PlanItem(
            resource="devices",
            key=key,
            action="create",
            changes={"id": key},
            generate=("password",),
        )


def measure(
    mode: str, base_url: str, items: int, concurrency: int, kind: str, traced: bool
) -> dict[str, Any]:
    before = rss_mb()
    if traced:
        tracemalloc.start()
    with tempfile.TemporaryDirectory() as scratch:
        secrets = os.path.join(scratch, "secrets.jsonl")
        plan = (
            updates(items)
            if kind == "update"
            else creates(items, f"c{items}{'t' if traced else ''}_")
        )
        started = time.perf_counter()
        if mode == "fleet.apply":
            with tel.connect("sipbx", sandbox=True, base_url=base_url) as client:
                report = fleet.apply(client, plan, concurrency=concurrency, secrets_out=secrets)
            assert report.ok, report.to_dict()
        elif mode == "fleet.apply_async":

            async def run_fleet() -> None:
                async with tel.connect_async("sipbx", sandbox=True, base_url=base_url) as client:
                    report = await fleet.apply_async(
                        client, plan, concurrency=concurrency, secrets_out=secrets
                    )
                assert report.ok, report.to_dict()

            asyncio.run(run_fleet())
        else:

            async def run_plain() -> None:
                async with tel.connect_async("sipbx", sandbox=True, base_url=base_url) as client:
                    limit = asyncio.Semaphore(concurrency)

                    async def one(item: fleet.PlanItem) -> None:
                        async with limit:
                            await client.devices.update(item.key, **item.changes)

                    await asyncio.gather(*(one(item) for item in plan))

            asyncio.run(run_plain())
        elapsed = time.perf_counter() - started
    heap = tracemalloc.get_traced_memory()[1] / 2**20 if traced else None
    return {
        "mode": mode,
        "kind": kind,
        "items": items,
        "concurrency": concurrency,
        "items_per_s": round(items / elapsed),
        "seconds": round(elapsed, 1),
        "peak_mb": round(peak_mb(), 1),
        "rss_before_mb": round(before, 1),
        **({"heap_peak_mb": round(heap, 2)} if heap is not None else {}),
    }


def child(args: list[str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "_run", *args], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, Any] = json.loads(out)
    print(json.dumps(result), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    args = parser.parse_args()
    server = subprocess.Popen(
        [sys.executable, __file__, "_serve"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        started = time.perf_counter()
        seed(base_url, args.items)
        print(f"# seeded {args.items} devices in {time.perf_counter() - started:.1f} s", flush=True)
        results = [
            child([mode, base_url, str(args.items), str(c), "update", ""])
            for c in args.concurrency
            for mode in args.modes
        ]
        memory = [
            child(["fleet.apply", base_url, str(n), "10", "create", traced])
            for n in (2000, 20000)
            for traced in ("", "traced")
        ]
    finally:
        server.terminate()
        server.wait()
    print(f"\n{platform.python_version()}, {os.cpu_count()} cores")
    print("| concurrency | " + " | ".join(args.modes) + " |")
    print("|---|" + "---|" * len(args.modes))
    for c in args.concurrency:
        cells = [
            f"{r['items_per_s']:,} items/s, {r['peak_mb']:.0f} MB"
            for mode in args.modes
            for r in results
            if r["mode"] == mode and r["concurrency"] == c
        ]
        print(f"| {c} | " + " | ".join(cells) + " |")
    small, small_heap, large, large_heap = memory
    print(
        f"\nfleet.apply, 2,000 vs 20,000 creates at concurrency 10: peak RSS "
        f"{small['peak_mb']:.1f} vs {large['peak_mb']:.1f} MB "
        f"(ratio {large['peak_mb'] / small['peak_mb']:.2f}); traced Python heap peak "
        f"{small_heap['heap_peak_mb']:.2f} vs {large_heap['heap_peak_mb']:.2f} MB "
        f"(ratio {large_heap['heap_peak_mb'] / small_heap['heap_peak_mb']:.2f})"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["_serve"]:
        serve()
    elif sys.argv[1:2] == ["_run"]:
        mode, base_url, items, concurrency, kind, traced = sys.argv[2:]
        result = measure(mode, base_url, int(items), int(concurrency), kind, bool(traced))
        print(json.dumps(result))
    else:
        main()
