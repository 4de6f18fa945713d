"""Things break: the Chroma server, the chat-model server, concurrent or killed ingests, a
damaged data dir. Each gives one clear message, keeps what works working, and loses nothing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from chroma_server import ChromaServer
from click.testing import CliRunner
from openai_server import FakeOpenAIServer

from assistant.agent import make_assistant
from assistant.cli import cli
from assistant.config import load_settings
from assistant.errors import StoreError
from assistant.history import History
from assistant.index import Store, indexed_files, ingest, load_file, scan
from assistant.personas import resolve
from assistant.planner import make_plan
from assistant.retrieval import Retriever
from assistant.review import review_copy

REPO = Path(__file__).resolve().parent.parent


def test_chroma_server_stops_mid_session_and_recovers(
    small_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = ChromaServer(tmp_path / "server").start()
    try:
        monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
        monkeypatch.setenv("CHROMA_PORT", str(server.port))
        settings = load_settings()
        ingest(settings)
        retriever = Retriever(settings)
        assert retriever.search("supplier quotes", k=1).hits
        server.stop()
        with pytest.raises(StoreError) as caught:
            retriever.search("supplier quotes", k=1)
        message = str(caught.value)
        assert "\n" not in message and f"127.0.0.1:{server.port}" in message
        # Review and planning keep working while the index is away.
        assert review_copy("Our innovative platform helps many teams.").verdict == "soft"
        plan = make_plan(settings, resolve(settings, "tiny-co"), retriever=retriever)
        assert plan.cells
        assert any("guidance citations unavailable" in w.lower() for w in plan.warnings)
        server.start()
        assert retriever.search("supplier quotes", k=1).hits[0].topic == "buying-center"
    finally:
        server.stop()


def test_chat_model_unreachable_falls_back_and_keeps_history(
    indexed_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeOpenAIServer() as server:
        base_url = server.base_url
    monkeypatch.setenv("OPENAI_BASE_URL", base_url)  # the server is gone: connection refused
    monkeypatch.setenv("ASSISTANT_LLM_MAX_RETRIES", "0")
    history = History(load_settings().data_dir)
    conversation = history.create("kept")
    history.add_message(conversation.id, "user", "earlier question")
    answer = make_assistant(load_settings()).answer("What does a decider need?")
    assert answer.mode == "offline" and "server unreachable" in answer.notice
    assert [m.content for m in history.get(conversation.id).messages] == ["earlier question"]


def test_slow_chat_model_times_out_then_offline(
    indexed_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeOpenAIServer() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "0.5")
        monkeypatch.setenv("ASSISTANT_LLM_MAX_RETRIES", "1")
        server.enqueue_delay(3, then="late")
        server.enqueue_delay(3, then="late")
        answer = make_assistant(load_settings()).answer("What is a buying center?")
    assert answer.mode == "offline" and "timed out" in answer.notice
    assert len(server.chat_requests()) == 2  # one retry, then the fallback


KILL_TEST_FILES = 4


def knowledge_for_kill_test(tmp_path: Path) -> Path:
    """Four English guidance files with every prose line changed, so no shipped vector applies.

    The package ships vectors for the bundled pack, so an unchanged copy would be indexed
    without the model and leave nothing half-written to kill; a changed line must be embedded.
    """
    root = tmp_path / "knowledge" / "guidance" / "en"
    root.mkdir(parents=True)
    for path in sorted((REPO / "knowledge" / "guidance" / "en").glob("*.md"))[:KILL_TEST_FILES]:
        head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
        lines = [f"{line} (copy)" if line[:1].isalpha() else line for line in body.splitlines()]
        (root / path.name).write_text(head + "\n---\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path / "knowledge"


# An ingest that stops half-way through writing and says so: store writes of 4 chunks, and
# once 8 chunks are embedded (a batch already written, the lock held, the revision dirty) it
# prints "half-written" and waits there until the test kills it.
HALF_WRITTEN_INGEST = """
import sys, time
import assistant.index as index
from assistant.config import load_settings
index.WRITE_BATCH = index.EMBED_BATCH = 4
def stop(phase, done, total):
    if phase == "embed" and done >= 8:
        print("half-written", flush=True)
        time.sleep(600)
index.ingest(load_settings(), progress=stop)
"""

# `assistant ingest --json` with filelock's own log on stderr: "not acquired" means it waits.
LOGGED_CLI_INGEST = """
import logging, sys
logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
logging.getLogger("filelock").setLevel(logging.DEBUG)
from assistant.cli import main
sys.argv = ["assistant", "ingest", "--json"]
main()
"""


def start(script: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_line(process: subprocess.Popen[str], stream: str, text: str) -> None:
    """Read the process's stdout or stderr until a line holds `text` (fails if it exits)."""
    pipe = getattr(process, stream)
    seen = []
    for line in iter(pipe.readline, ""):
        if text in line:
            return
        seen.append(line)
    raise AssertionError(f"exit {process.wait()} before {text!r}: {''.join(seen)[-2000:]}")


def half_written_ingest(env: dict[str, str]) -> subprocess.Popen[str]:
    process = start(HALF_WRITTEN_INGEST, env)
    wait_for_line(process, "stdout", "half-written")
    return process


def chunk_ids(knowledge: Path) -> set[str]:
    """The chunk ids a complete index of this folder holds."""
    return {
        chunk.id for file in scan(knowledge).files for chunk in load_file(file, 10_000_000).chunks
    }


def test_two_ingests_are_serialised_and_a_killed_one_is_repaired(tmp_path: Path) -> None:
    knowledge = knowledge_for_kill_test(tmp_path)
    data = tmp_path / "data"
    env = {**os.environ, "ASSISTANT_KNOWLEDGE_DIR": str(knowledge), "ASSISTANT_DATA_DIR": str(data)}
    first = half_written_ingest(env)  # holds the lock, index half-written
    second = start(LOGGED_CLI_INGEST, env)
    wait_for_line(second, "stderr", "not acquired")  # the second waits on the lock
    assert second.poll() is None
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    report = json.loads(out)
    assert report["errors"] == []
    settings = load_settings(knowledge_dir=knowledge, data_dir=data)
    files = indexed_files(Store.open(settings))
    assert len(files) == KILL_TEST_FILES and all(len(hashes) == 1 for hashes, _ in files.values())
    assert {i for _, ids in files.values() for i in ids} == chunk_ids(knowledge)
    again = ingest(settings)
    assert (again.added, again.updated, again.unchanged) == (0, 0, KILL_TEST_FILES)


def test_ingest_killed_alone_is_repaired_by_the_next_ingest(tmp_path: Path) -> None:
    knowledge = knowledge_for_kill_test(tmp_path)
    data = tmp_path / "data"
    env = {**os.environ, "ASSISTANT_KNOWLEDGE_DIR": str(knowledge), "ASSISTANT_DATA_DIR": str(data)}
    process = half_written_ingest(env)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    settings = load_settings(knowledge_dir=knowledge, data_dir=data)
    written = Store.open(settings).count()
    assert 0 < written < len(chunk_ids(knowledge))  # the kill left the index half-written
    repaired = ingest(settings)
    assert repaired.errors == []
    # Exactly the chunks of a clean index: none missing, no leftovers of the killed write.
    files = indexed_files(Store.open(settings))
    assert {i for _, ids in files.values() for i in ids} == chunk_ids(knowledge)
    assert repaired.chunks == len(chunk_ids(knowledge))


def test_truncated_history_is_a_clear_error(indexed_knowledge: Path) -> None:
    settings = load_settings()
    history = History(settings.data_dir)
    history.add_message(history.create().id, "user", "hello")
    path = settings.data_dir / "history.sqlite3"
    path.write_bytes(path.read_bytes()[:100])
    result = CliRunner().invoke(cli, ["history", "list"])
    assert result.exit_code == 2
    assert "chat history at" in result.stderr and "damaged" in result.stderr


def test_deleted_chroma_files_then_rebuild_keeps_history(indexed_knowledge: Path) -> None:
    settings = load_settings()
    history = History(settings.data_dir)
    conversation = history.create("survives rebuild")
    history.add_message(conversation.id, "user", "keep me")
    for path in (settings.data_dir / "chroma").iterdir():
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    runner = CliRunner()
    broken = runner.invoke(cli, ["retrieve", "buying center"])
    assert broken.exit_code == 2 and broken.stderr.startswith("error: ")
    assert len(broken.stderr.strip().splitlines()) == 1
    rebuilt = runner.invoke(cli, ["ingest", "--rebuild", "--json"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert json.loads(rebuilt.stdout)["chunks"] > 100
    assert runner.invoke(cli, ["retrieve", "buying center"]).exit_code == 0
    assert History(settings.data_dir).get(conversation.id).messages[0].content == "keep me"


def test_page_keeps_reviewing_and_planning_while_the_chroma_server_is_down(
    small_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from assistant.ui.i18n import strings

    def open_view(view: str) -> AppTest:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        at.session_state["view"] = strings()[f"tab_{view}"]["en"]
        at.session_state["persona_id"] = "tiny-co"
        return at.run()

    server = ChromaServer(tmp_path / "server").start()
    try:
        monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
        monkeypatch.setenv("CHROMA_PORT", str(server.port))
        ingest(load_settings())
        server.stop()
        at = open_view("chat")
        assert not at.exception
        at.chat_input[0].set_value("who compares supplier quotes?").run()
        assert not at.exception
        errors = [error.value.replace("\\", "") for error in at.error]
        assert any(f"127.0.0.1:{server.port} is unreachable" in error for error in errors), errors

        at = open_view("review")
        at.text_area(key="review-text").set_value("Our innovative platform helps many teams.")
        at.button(key="review-run").click().run()
        assert not at.exception and "Findings (" in " ".join(m.value for m in at.markdown)

        at = open_view("plan")
        [make] = [b for b in at.button if b.label == "Make the plan"]
        make.click().run()
        assert not at.exception and at.dataframe, [e.value for e in at.error]
        assert any("guidance citations unavailable" in c.value.lower() for c in at.caption)

        server.start()
        at = open_view("chat")
        at.chat_input[0].set_value("who compares supplier quotes?").run()
        assert not at.error and any(e.label.startswith("[1]") for e in at.expander)
    finally:
        server.stop()
