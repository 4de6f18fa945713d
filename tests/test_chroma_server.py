"""A real `chroma run` server on 127.0.0.1: ingest from one process, retrieve from another."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from chroma_server import ChromaServer, free_port

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    with ChromaServer(tmp_path / "server") as server:
        yield server.port


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


def test_a_running_instance_sees_what_another_process_ingests(
    chroma_server: int, small_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two page instances share one server: one keeps a live retriever (as the page does),
    another process ingests a new file; the first finds it on its next search."""
    from assistant.config import load_settings
    from assistant.retrieval import Retriever

    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(chroma_server))
    writer = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "writer")}
    assert assistant(["ingest"], writer).returncode == 0
    live = Retriever(load_settings())  # this instance's data dir: tmp_path / "data"
    assert live.search("who compares suppliers?", k=1).hits[0].topic == "buying-center"
    (small_knowledge / "guidance" / "en" / "trade-fairs.md").write_text(
        "---\ntopic: b2b-communication\nlanguage: en\ntitle: Trade fairs\nsource: test\n---\n"
        "# Trade fairs\n\n## Booth meetings\n\nBook booth meetings with named buyers two weeks "
        "before the trade fair opens.\n",
        encoding="utf-8",
    )
    assert assistant(["ingest"], writer).returncode == 0
    hit = live.search("when to book booth meetings at a trade fair", k=1).hits[0]
    assert hit.source == "guidance/en/trade-fairs.md"
