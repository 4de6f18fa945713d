"""A real `chroma run` server on 127.0.0.1: ingest from one process, retrieve from another."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"chroma server did not open port {port}")


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if chroma is None:
        pytest.fail("the `chroma` command is missing: chromadb is not installed correctly")
    port = free_port()
    process = subprocess.Popen(
        [
            chroma,
            "run",
            "--path",
            str(tmp_path / "server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def assistant(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env=env,
    )


def test_ingest_and_retrieve_through_a_chroma_server(
    chroma_server: int, small_knowledge: Path, tmp_path: Path
) -> None:
    base = {**os.environ, "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_server)}
    base["ASSISTANT_KNOWLEDGE_DIR"] = str(small_knowledge)
    writer = {**base, "ASSISTANT_DATA_DIR": str(tmp_path / "writer")}
    reader = {**base, "ASSISTANT_DATA_DIR": str(tmp_path / "reader")}

    ingested = assistant(["ingest", "--json"], writer)
    assert ingested.returncode == 0, ingested.stderr
    assert json.loads(ingested.stdout)["chunks"] == 5
    assert not (tmp_path / "writer" / "chroma").exists()  # nothing embedded locally

    found = assistant(["retrieve", "who compares suppliers?", "--k", "1", "--json"], reader)
    assert found.returncode == 0, found.stderr
    hit = json.loads(found.stdout)["hits"][0]
    assert (hit["source"], hit["topic"]) == ("guidance/en/buying-center.md", "buying-center")


def test_unreachable_server_is_one_line_and_exit_2(small_knowledge: Path) -> None:
    env = {**os.environ, "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(free_port())}
    result = assistant(["retrieve", "anything"], env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is unreachable" in lines[0], result.stderr
