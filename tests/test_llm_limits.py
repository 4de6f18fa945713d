"""LLM mode keeps its promise against hostile servers: a total deadline, a size cap per answer,
cancellation when the reader leaves, and the offline answer with a notice for every failure.

Everything that could hang runs in a child process with a timeout; the server is the real
OpenAI-compatible one of tests/openai_server.py, started inside that child.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openai_server import BrokenStreamReply, FakeOpenAIServer, RawReply

from assistant.cli import cli
from assistant.config import load_settings
from assistant.history import History

TESTS = Path(__file__).resolve().parent
CHILD_TIMEOUT = 120  # far above every budget below: reaching it means an answer hung
HTML_REPLY = RawReply(b"<html><body><h1>502 Bad Gateway</h1></body></html>")

# Runs the attacks named in argv, one after another in one process (one import of the stack):
# starts the fake server, scripts it, answers one question per attack, prints one JSON line.
# Only the trickle runs against the 3 s deadline; the others have 60 s, so each one's own
# limit is what stops it.
CHILD = """
import json, os, sys, time
from openai_server import *
from assistant.agent import make_assistant
from assistant.config import load_settings

server = FakeOpenAIServer(model="fake-chat").start()
BASE = dict(
    OPENAI_BASE_URL=server.base_url, OPENAI_API_KEY="sk-child", ASSISTANT_CHAT_MODEL="fake-chat",
    ASSISTANT_LLM_TIMEOUT="5", ASSISTANT_LLM_MAX_RETRIES="0", ASSISTANT_LLM_DEADLINE="60",
    ASSISTANT_LLM_MAX_ANSWER_CHARS="2000",
)
SCRIPTS = {
    "trickle": TrickleReply(interval=0.2),
    "huge-words": HugeReply(4_000_000),
    "huge-event": HugeReply(8_000_000, one_event=True),
    "html": RawReply(b"<html><body><h1>502 Bad Gateway</h1></body></html>"),
    "not-json": RawReply(b"upstream said no", content_type="application/json"),
    "broken": BrokenStreamReply(),
}
results = {}
for attack in sys.argv[1:]:
    os.environ.update(BASE)
    if attack in ("trickle", "cancel"):
        os.environ["ASSISTANT_LLM_DEADLINE"] = "3"
    server.default_reply = None
    hangups = len(server.hangups)
    requests = len(server.chat_requests())
    if attack in SCRIPTS:
        server.enqueue(SCRIPTS[attack])
    elif attack == "tool-loop":
        server.default_reply = ToolCallsReply((ToolCall("check_email", {"html": "<p>Hi</p>"}),))
    assistant = make_assistant(load_settings())
    started = time.monotonic()
    if attack == "cancel":
        server.enqueue(TrickleReply(interval=0.2))
        stream = assistant.stream("What does a buyer need?")
        tokens = [next(stream) for _ in range(3)]
        closing = time.monotonic()
        stream.close()
        closed = time.monotonic() - closing
        while len(server.hangups) == hangups and time.monotonic() - closing < 10:
            time.sleep(0.05)
        seen = server.hangups[-1]["at"] - closing if len(server.hangups) > hangups else None
        results[attack] = {"tokens": tokens, "close_seconds": closed, "hangup_after": seen}
        continue
    answer = assistant.answer("What does a buyer need at negotiation?")
    results[attack] = {
        "mode": answer.mode, "notice": answer.notice, "citations": len(answer.citations),
        "seconds": time.monotonic() - started,
        "requests": len(server.chat_requests()) - requests,
        "hangups": len(server.hangups) - hangups,
    }
server.stop()
print(json.dumps(results))
"""
ATTACKS = ("trickle", "huge-words", "huge-event", "html", "not-json", "broken", "tool-loop")


@pytest.fixture(scope="module")
def attacked(indexed_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every attack's outcome, from one child process with a timeout (a hang fails them)."""
    root = tmp_path_factory.mktemp("attacks")
    shutil.copytree(indexed_template / "data", root / "data")
    env = {
        **os.environ,
        "PYTHONPATH": str(TESTS),
        "ASSISTANT_KNOWLEDGE_DIR": str(indexed_template / "knowledge"),
        "ASSISTANT_DATA_DIR": str(root / "data"),
    }
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CHILD), *ATTACKS, "cancel"],
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT * 3,
        env=env,
        cwd=root,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


NOTICE = "The chat model failed ({}); this is the offline answer."


@pytest.mark.parametrize(
    ("attack", "reason"),
    [
        ("trickle", "no complete answer within 3 s"),
        ("huge-words", "the answer was longer than 2,000 characters"),
        ("huge-event", "the model sent more than 200,000 bytes"),
        ("html", "the server's reply was not a chat completion"),
        ("not-json", "the server's reply was not a chat completion"),
        ("broken", "the connection broke mid-answer"),
        ("tool-loop", "the model kept calling tools without answering"),
    ],
)
def test_hostile_replies_end_in_the_offline_answer_with_a_notice(
    attacked: dict, attack: str, reason: str
) -> None:
    result = attacked[attack]
    assert result["mode"] == "offline"
    assert result["notice"] == NOTICE.format(reason)
    assert result["citations"]  # the offline answer is still grounded
    if attack == "trickle":
        assert result["seconds"] < 30  # 3 s deadline + the offline answer
        assert result["hangups"] == 1  # the endless stream was cut, not read on
    if attack == "tool-loop":
        assert result["requests"] >= 5


def test_closing_the_stream_cuts_the_model_connection_at_once(attacked: dict) -> None:
    result = attacked["cancel"]
    assert result["tokens"] == ["word ", "word ", "word "]
    assert result["close_seconds"] < 5
    assert result["hangup_after"] is not None and result["hangup_after"] < 5


# --------------------------------------------------------------- the CLI keeps history


def test_cli_chat_falls_back_and_keeps_history(
    indexed_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeOpenAIServer(model="fake-chat") as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("ASSISTANT_CHAT_MODEL", "fake-chat")
        monkeypatch.setenv("ASSISTANT_LLM_MAX_RETRIES", "0")
        server.enqueue_text("Buyers compare suppliers on total cost.")
        server.enqueue(HTML_REPLY)
        result = CliRunner().invoke(
            cli, ["chat"], input="What does a buyer need?\nAnd a decider?\n\n"
        )
    assert result.exit_code == 0, result.output
    assert NOTICE.format("the server's reply was not a chat completion") in result.stdout
    history = History(load_settings().data_dir)
    conversation = history.get(history.list()[0].id)
    assert [m.role for m in conversation.messages] == ["user", "assistant", "user", "assistant"]
    assert conversation.messages[1].content == "Buyers compare suppliers on total cost."


def test_cli_ask_with_a_trickling_server_ends(small_knowledge: Path) -> None:
    from assistant.index import ingest

    ingest(load_settings())  # the small fixture: the deadline is under test, not the pack
    code = """
import os, subprocess, sys
from openai_server import FakeOpenAIServer, TrickleReply
with FakeOpenAIServer(model="fake-chat", default_reply=TrickleReply(interval=0.2)) as server:
    env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "ASSISTANT_LLM_DEADLINE": "2"}
    done = subprocess.run([sys.executable, "-m", "assistant", "ask", "What is a buyer?",
                           "--json"], env=env, capture_output=True, text=True, timeout=100)
print(done.returncode)
print(done.stdout)
"""
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        env={**os.environ, "PYTHONPATH": str(TESTS)},
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    code_line, payload = completed.stdout.split("\n", 1)
    assert code_line == "0"
    answer = json.loads(payload)
    assert answer["mode"] == "offline"
    assert answer["notice"] == NOTICE.format("no complete answer within 2 s")


# --------------------------------------------------------------- embeddings never leak the key


def test_openai_embeddings_401_does_not_print_the_echoed_key(
    small_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server repeats the key it was sent in its 401 body; we print one line without it."""
    secret = "sk-proj-LEAKCHECK-0123456789abcdef"
    expected = "error: OpenAI embeddings failed (authentication failed: check OPENAI_API_KEY)"
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(cli, list(args), catch_exceptions=False)

    with FakeOpenAIServer(require_key="sk-right", echo_key_in_errors=True) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("ASSISTANT_EMBEDDINGS", "openai")
        monkeypatch.setenv("ASSISTANT_LLM_MAX_RETRIES", "0")
        monkeypatch.setenv("OPENAI_API_KEY", secret)
        refused = run("ingest", "--json")  # embedding documents
        monkeypatch.setenv("OPENAI_API_KEY", "sk-right")
        assert run("ingest").exit_code == 0
        monkeypatch.setenv("OPENAI_API_KEY", secret)
        searched = run("retrieve", "buyer")  # embedding the query
        bodies = [r for r in server.requests if r["path"] == "/v1/embeddings"]
    assert any(secret in r["headers"].get("authorization", "") for r in bodies)
    for result in (refused, searched):
        assert secret not in result.output
        assert result.exit_code == 2 and result.stderr.strip() == expected


# --------------------------------------------------------------- the page


@pytest.fixture
def page_data(indexed_knowledge: Path) -> Path:
    return indexed_knowledge


def test_page_falls_back_on_an_html_reply_and_keeps_the_conversation(
    page_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_app import open_page, texts

    with FakeOpenAIServer(model="fake-chat") as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("ASSISTANT_CHAT_MODEL", "fake-chat")
        monkeypatch.setenv("ASSISTANT_LLM_MAX_RETRIES", "0")
        server.enqueue_text("Buyers compare suppliers on total cost.")
        server.enqueue(HTML_REPLY)
        server.enqueue(BrokenStreamReply())
        at = open_page()
        at.chat_input[0].set_value("What does a buyer need?").run()
        at.chat_input[0].set_value("And a decider?").run()
        assert NOTICE.format("the server's reply was not a chat completion") in texts(at)
        at.chat_input[0].set_value("And a filter?").run()
        assert NOTICE.format("the connection broke mid-answer") in texts(at)
        assert not at.exception
        conversation = History(load_settings().data_dir).get(at.session_state["conversation_id"])
        assert len(conversation.messages) == 6


def test_page_refuses_a_message_over_the_cap_before_storing_it(
    page_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_app import open_page, texts

    monkeypatch.setenv("ASSISTANT_MAX_MESSAGE_CHARS", "1000")
    at = open_page()
    at.chat_input[0].set_value("word " * 300).run()
    assert "message: is 1,500 characters; the limit is 1,000 (ASSISTANT_MAX_MESSAGE_CHARS)" in (
        texts(at)
    )
    assert History(load_settings().data_dir).list() == []


def test_page_with_bad_settings_shows_the_cli_sentence(
    page_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest
    from test_app import APP, texts

    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "-1")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "error: ASSISTANT_MAX_FILE_MB: Input should be greater than 0 (got '-1')" in texts(at)
    result = CliRunner().invoke(cli, ["gaps"])
    assert result.stderr.strip() in texts(at)
