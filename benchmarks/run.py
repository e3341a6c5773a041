"""Run every benchmark in one go and write their tables to one Markdown file.

    pip install -e '.[bench]'     # requests, vobiz-python and aiohttp, for the comparisons
    python benchmarks/run.py [--output benchmarks/results.md] [--quick]

In order: start-up (import, `telephony --help`), overhead over raw httpx on one transport,
the loopback comparison with raw clients and the vendor SDK, and bulk async throughput at
20 ms latency. Every ratio in the file is measured in this one run. `--quick` makes fewer
calls per side (a smoke run; the figures are noisier).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
from pathlib import Path

import aiohttp
import h11
import httpx

sys.path.insert(0, str(Path(__file__).parent))
import bulk
import loopback
import overhead
import startup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path(__file__).parent / "results.md")
    parser.add_argument("--quick", action="store_true", help="fewer calls (smoke run)")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    load_at_start = os.getloadavg()[0]

    sections = [
        "# Benchmark results",
        "",
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, python "
        f"{platform.python_version()} on {platform.machine()} ({os.cpu_count()} cores), httpx "
        f"{httpx.__version__}, h11 {h11.__version__}, aiohttp {aiohttp.__version__} (reference); "
        f"`python benchmarks/run.py"
        f"{' --quick' if args.quick else ''}`.",
    ]

    def section(title: str, body: str) -> None:
        sections.extend(["", f"## {title}", "", body])
        print(f"\n## {title}\n\n{body}", flush=True)

    section("Start-up (median of 15 runs)", startup.table(startup.measure(15 // scale + 1)))
    results, ratio = overhead.measure(500 // scale, 15 if not args.quick else 3)
    section(
        "Overhead over raw httpx, same MockTransport (CPU us per call, median of "
        "interleaved rounds)",
        overhead.table(results, ratio)
        + f"\n\nWorst ratio: sync {ratio['worst (sync)']:.2f}x, async "
        f"{ratio['worst (async)']:.2f}x (goal <= 1.10x).",
    )
    section(
        "Loopback: 2,000 updates per side over real HTTP, server answering at once "
        "(10 interleaved rounds of 200, medians)",
        loopback.table(loopback.measure(200 // scale, 10)),
    )
    section(
        "Bulk async: 2,000 updates, server answering after 20 ms",
        bulk.table(bulk.measure(2000 // scale, 0.02)),
    )
    sections.insert(
        3,
        f"Load average (1 min) at the start {load_at_start:.1f}, at the end "
        f"{os.getloadavg()[0]:.1f}: wall-clock figures (loopback, bulk) fall as it rises.",
    )
    args.output.write_text("\n".join(sections) + "\n")
    print(f"\nwritten to {args.output}")


if __name__ == "__main__":
    sys.exit(main())
