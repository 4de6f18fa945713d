"""Run hostile work in a child process under an address-space limit and a timeout, so a
regression fails its test instead of taking the machine down; reports peak memory and time."""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GB = 1024**3
# The child reports its own peak resident memory as it exits (even after a MemoryError).
# VmHWM, not ru_maxrss: Linux carries the parent's high-water mark across fork and exec, so a
# child of a large pytest process would report the parent's size.
_PEAK_REPORT = (
    "import atexit, re, resource, sys\n"
    "def _report():\n"
    "    usage = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    cpu = usage.ru_utime + usage.ru_stime\n"
    "    with open('/proc/self/status') as status:\n"
    "        peak = re.search(r'VmHWM:\\s+(\\d+)', status.read()).group(1)\n"
    "    print(f'PEAK_KB={peak} CPU_S={cpu:.3f}', file=sys.stderr, flush=True)\n"
    "atexit.register(_report)\n"
)


@dataclass
class Outcome:
    returncode: int | None  # None: killed by the timeout
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    cpu_seconds: float = 0.0  # user + system time of the child: steadier than wall time

    def json(self) -> object:
        return json.loads(self.stdout.strip().splitlines()[-1])


def run_bounded(
    code: str,
    *,
    address_space: int = 2 * GB,
    timeout: float = 60.0,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> Outcome:
    """Run `code` (dedented) with `python -c` in a child limited to `address_space` bytes."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", _PEAK_REPORT + textwrap.dedent(code)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {}), "PYTHONPATH": str(REPO / "tests")},
        preexec_fn=limit,  # noqa: PLW1509 - the limit must be set in the child before exec
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        return Outcome(None, stdout, stderr, time.monotonic() - started, 0.0)
    seconds = time.monotonic() - started
    reports = re.findall(r"^PEAK_KB=(\d+) CPU_S=([\d.]+)$", stderr, re.MULTILINE)
    stderr = re.sub(r"^PEAK_KB=.*\n?", "", stderr, flags=re.MULTILINE)
    peak_mb = int(reports[-1][0]) / 1024 if reports else 0.0
    cpu = float(reports[-1][1]) if reports else 0.0
    return Outcome(process.returncode, stdout, stderr, seconds, peak_mb, cpu)
