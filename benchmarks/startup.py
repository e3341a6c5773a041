"""Start-up costs: `import telephony_core` and `telephony --help`, each in a fresh process.

    python benchmarks/startup.py [--runs 15]

Import time is measured inside a fresh interpreter around the import statement alone;
`telephony --help` is the whole process, interpreter start included. Each is the median
of `--runs` runs, as wall time and as the CPU time of the process (user + system: what
other processes on a shared machine do not change). Goals: import < 150 ms, help < 300 ms.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

IMPORT = (
    "import time; started = time.perf_counter(); cpu = time.process_time(); "
    "import telephony_core; "
    "print(time.perf_counter() - started, time.process_time() - cpu)"
)
GOALS_MS = {"import telephony_core": 150.0, "telephony --help": 300.0}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def import_time(runs: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of `import telephony_core` in a fresh interpreter."""
    walls, cpus = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", IMPORT], check=True, capture_output=True, text=True
        ).stdout.split()
        walls.append(float(out[0]))
        cpus.append(float(out[1]))
    return statistics.median(walls), statistics.median(cpus)


def help_time(runs: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of the whole `telephony --help` process."""
    command = shutil.which("telephony", path=os.path.dirname(sys.executable)) or "telephony"
    walls, cpus = [], []
    for _ in range(runs):
        cpu = _children_cpu()
        started = time.perf_counter()
        subprocess.run([command, "--help"], check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
        cpus.append(_children_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def measure(runs: int) -> dict[str, tuple[float, float]]:
    """Name -> (wall ms, CPU ms)."""
    results = {"import telephony_core": import_time(runs), "telephony --help": help_time(runs)}
    return {name: (wall * 1000, cpu * 1000) for name, (wall, cpu) in results.items()}


def table(results: dict[str, tuple[float, float]]) -> str:
    """Markdown: wall and CPU milliseconds against the goal."""
    lines = ["| what | wall ms | CPU ms | goal |", "|---|---|---|---|"]
    for name, (wall, cpu) in results.items():
        lines.append(f"| {name} | {wall:.0f} | {cpu:.0f} | < {GOALS_MS[name]:.0f} ms |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each (median)")
    args = parser.parse_args()
    print(f"start-up, median of {args.runs} runs")
    print(table(measure(args.runs)))


if __name__ == "__main__":
    sys.exit(main())
