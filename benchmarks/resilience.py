"""Resilience against the served sandbox on a bad day: updates and creates through injected
429s and dropped connections, compared with the same run without faults.

    python benchmarks/resilience.py [-n 2000] [--creates 500] [--concurrency 20]

The sandbox is served by uvicorn on loopback (`telephony sandbox serve`'s server) with the
`FaultyApp` middleware in front: 10% of requests answered 429 with `Retry-After: 1`, 5% of
connections dropped after the request was applied (the reply is lost). An async client with
the default retries creates `creates` Vobiz endpoints, then renames `n` others (`concurrency`
calls in flight). Reported: calls completed, the vendor's state checked afterwards (exactly
one endpoint per username: no duplicate, none missing; every renamed endpoint holds its new
name), requests sent, retries, and the time against the fault-free run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import sys
import time
from collections import Counter
from typing import Any

from telephony_vobiz.emulator import VobizEmulator

import telephony_core as tel
from telephony_core.plugins.registry import get_registry
from telephony_core.sandbox.app import SandboxApp
from telephony_core.sandbox.faults import FaultyApp
from telephony_core.sandbox.server import SandboxServer
from telephony_core.translate.provider import Provider
from telephony_core.translate.wire import WireRequest, WireResponse

BAD_DAY = tel.Faults(rate_limited=0.10, retry_after=1, drop_after=0.05, seed=2026)


class Tally:
    """Counts what the client sent and retried (a plugin on the client's hooks)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    @tel.hookimpl
    def telephony_before_send(self, request: WireRequest, provider: Provider) -> None:
        self.counts[f"requests {request.method}"] += 1

    @tel.hookimpl
    def telephony_before_retry(
        self,
        request: WireRequest,
        response: WireResponse | None,
        attempt: int,
        delay: float,
        provider: Provider,
    ) -> None:
        self.counts["retries"] += 1


async def _calls(
    client: tel.AsyncClient, calls: list[dict[str, Any]], concurrency: int, create: bool
) -> tuple[int, float]:
    limit = asyncio.Semaphore(concurrency)

    async def one(arguments: dict[str, Any]) -> bool:
        async with limit:
            try:
                if create:
                    await client.devices.create(**arguments)
                else:
                    await client.devices.update(**arguments)
            except tel.TelephonyError:
                return False
            return True

    started = time.perf_counter()
    done = await asyncio.gather(*(one(arguments) for arguments in calls))
    return sum(done), time.perf_counter() - started


def run(faults: tel.Faults | None, updates: int, creates: int, concurrency: int) -> dict[str, Any]:
    """One run of the creates, then the updates, on a fresh sandbox."""
    emulator = VobizEmulator()
    account = emulator.account("MA_SANDBOX")
    create_calls = [
        {
            "username": f"bench{n:05d}",
            "password": "Bench-Passw0rd",
            "name": f"Bench {n}",
            "application_id": "98765432",
        }
        for n in range(creates)
    ]
    update_calls = [{"id": str(9_000_000 + n), "name": f"Renamed {n}"} for n in range(updates)]
    app = FaultyApp(SandboxApp({"vobiz": emulator}), faults) if faults is not None else None
    tally = Tally()
    get_registry().manager.register(tally)
    try:
        with SandboxServer({"vobiz": emulator}, app=app) as server:

            async def both() -> tuple[tuple[int, float], tuple[int, float]]:
                async with tel.connect_async(
                    "vobiz", base_url=server.base_url("vobiz"), **emulator.credentials
                ) as client:
                    created = await _calls(client, create_calls, concurrency, create=True)
                    for call in update_calls:  # endpoints to rename, added behind the API
                        account.add(
                            call["id"], {"username": f"u{call['id']}", "password": "Passw0rd-1"}
                        )
                    updated = await _calls(client, update_calls, concurrency, create=False)
                return created, updated

            (created, create_time), (updated, update_time) = asyncio.run(both())
    finally:
        get_registry().manager.unregister(tally)
    wrong = sum(1 for c in update_calls if account.endpoints[c["id"]]["alias"] != c["name"])
    usernames = Counter(
        e["username"] for e in account.endpoints.values() if e["username"].startswith("bench")
    )
    return {
        "creates completed": f"{created}/{creates}",
        "creates time (s)": round(create_time, 2),
        "endpoints created": len(usernames),
        "duplicates": sum(count - 1 for count in usernames.values()),
        "missing": creates - len(usernames),
        "updates completed": f"{updated}/{updates}",
        "updates time (s)": round(update_time, 2),
        "renamed endpoints without their new name": wrong,
        **dict(sorted(tally.counts.items())),
        **({"faults injected": dict(app.injector.counts)} if app is not None else {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=2000, help="updates per run")
    parser.add_argument("--creates", type=int, default=500, help="creates per run")
    parser.add_argument("--concurrency", type=int, default=20, help="calls in flight")
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {args}", file=sys.stderr)
    results = {
        "fault-free": run(None, args.n, args.creates, args.concurrency),
        "10% 429 (Retry-After 1), 5% dropped after applying": run(
            BAD_DAY, args.n, args.creates, args.concurrency
        ),
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
