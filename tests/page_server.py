"""`streamlit run app.py` on 127.0.0.1 for the browser tests: started, waited on until healthy,
stopped (if the test did not stop it) and its log closed, in one place."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chroma_server import free_port

REPO = Path(__file__).resolve().parent.parent


@contextmanager
def streamlit_page(
    cwd: Path, env: dict[str, str], start_within: float
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """The running server and its URL; its output goes to `cwd/streamlit.log`."""
    port = free_port()
    log_path = cwd / "streamlit.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(REPO / "app.py"),
            "--server.address=127.0.0.1",
            f"--server.port={port}",
            "--server.headless=true",
            "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none",
        ],
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_within
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert server.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, f"streamlit did not start in {start_within:g} s"
            time.sleep(0.3)
        yield server, url
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        log.close()
