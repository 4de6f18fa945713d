"""Things break: the Chroma server, the chat-model server, concurrent or killed ingests, a
damaged data dir. Each gives one clear message, keeps what works working, and loses nothing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from chroma_server import ChromaServer
from click.testing import CliRunner
from filelock import FileLock, Timeout
from openai_server import FakeOpenAIServer

from assistant.agent import make_assistant
from assistant.cli import cli
from assistant.config import load_settings
from assistant.errors import StoreError
from assistant.history import History
from assistant.index import Store, indexed_files, ingest
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


def knowledge_for_kill_test(tmp_path: Path) -> Path:
    """Two languages of guidance, every prose line changed so no shipped vector applies.

    The package ships vectors for the bundled pack, so an unchanged copy would be indexed in
    about a second and leave nothing to kill or wait for; a changed line must be embedded.
    """
    root = tmp_path / "knowledge"
    for language in ("en", "es"):
        shutil.copytree(REPO / "knowledge" / "guidance" / language, root / "guidance" / language)
    for path in root.rglob("*.md"):
        head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
        lines = [f"{line} (copy)" if line[:1].isalpha() else line for line in body.splitlines()]
        path.write_text(head + "\n---\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return root


def run_ingest(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", "ingest", "--json"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_ingests_are_serialised_and_a_killed_one_is_repaired(tmp_path: Path) -> None:
    knowledge = knowledge_for_kill_test(tmp_path)
    data = tmp_path / "data"
    env = {**os.environ, "ASSISTANT_KNOWLEDGE_DIR": str(knowledge), "ASSISTANT_DATA_DIR": str(data)}
    first = run_ingest(env)
    lock = FileLock(str(data / "ingest.lock"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until the first ingest holds the lock
        try:
            lock.acquire(timeout=0)
            lock.release()
            time.sleep(0.05)
        except Timeout:
            break
    second = run_ingest(env)
    time.sleep(3)  # the first is embedding; the second waits on the lock
    assert second.poll() is None
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    report = json.loads(out)
    assert report["errors"] == []
    settings = load_settings(knowledge_dir=knowledge, data_dir=data)
    files = indexed_files(Store.open(settings))
    assert len(files) == 22 and all(len(hashes) == 1 for hashes, _ in files.values())
    again = ingest(settings)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 22)


def test_ingest_killed_alone_is_repaired_by_the_next_ingest(tmp_path: Path) -> None:
    knowledge = knowledge_for_kill_test(tmp_path)
    data = tmp_path / "data"
    env = {**os.environ, "ASSISTANT_KNOWLEDGE_DIR": str(knowledge), "ASSISTANT_DATA_DIR": str(data)}
    process = run_ingest(env)
    time.sleep(6)  # model loaded, some batches embedded or in flight
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    settings = load_settings(knowledge_dir=knowledge, data_dir=data)
    repaired = ingest(settings)
    assert repaired.errors == []
    clean = ingest(load_settings(knowledge_dir=knowledge, data_dir=tmp_path / "clean"))
    assert repaired.chunks == clean.chunks


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
