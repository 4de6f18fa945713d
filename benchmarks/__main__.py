"""Run every benchmark and print one table: `python -m benchmarks [--only NAME ...]`."""

from __future__ import annotations

import argparse
import os
import platform
import time
from datetime import date

from benchmarks.suite import BENCHMARKS


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), help="benchmarks to run")
    args = parser.parse_args()
    names = args.only or list(BENCHMARKS)
    machine = platform.processor() or platform.machine()
    python = platform.python_version()
    print(f"# {date.today()} · {machine} · {os.cpu_count()} cores · Python {python}")
    print(f"{'benchmark':<44} {'value':>14}  unit")
    started = time.perf_counter()
    for name in names:
        for row in BENCHMARKS[name]():  # printed as measured
            print(f"{row.name:<44} {row.value:>14,.2f}  {row.unit}", flush=True)
    print(f"# total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
