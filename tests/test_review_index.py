"""Nothing-new against the real index: copy that repeats the team's knowledge is flagged, and
the same copy gets the same findings through the CLI, the page, chat and the agent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.config import load_settings
from assistant.index import ingest
from assistant.retrieval import Retriever
from assistant.review import ReviewResult, knowledge_lookup, review_copy


def test_repeated_sentence_is_flagged_new_one_is_not(small_knowledge: Path) -> None:
    ingest(load_settings())
    known = knowledge_lookup(Retriever(load_settings()))
    text = (
        "Prescribers write the specification; buyers compare suppliers and collect quotes. "
        "Our pilot at Rotterdam cut pallet dwell time from 41 to 26 hours in March 2025."
    )
    result = review_copy(text, language="en", known_passages=known)
    flagged = [text[f.start : f.end] for f in result.findings if f.rule == "nothing-new"]
    assert len(flagged) == 1 and flagged[0].startswith("Prescribers write the specification")


def test_spanish_repetition_is_caught_lexically(small_knowledge: Path) -> None:
    ingest(load_settings())
    known = knowledge_lookup(Retriever(load_settings()))
    text = (
        "Los departamentos de TI actualizan el software de correo con retraso, así que conviene "
        "usar tablas y HTML sencillo."
    )
    result = review_copy(text, language="es", known_passages=known)
    assert any(f.rule == "nothing-new" for f in result.findings)


def test_cli_review_uses_the_index_when_present(small_knowledge: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    copy = tmp_path / "copy.txt"
    copy.write_text(
        "The filter is the gatekeeper who decides which vendor email reaches the team.",
        encoding="utf-8",
    )
    before = runner.invoke(cli, ["review", str(copy), "--json"])
    assert before.exit_code == 0
    assert "nothing-new check skipped: no index yet" in before.stderr
    runner.invoke(cli, ["ingest"])
    after = json.loads(runner.invoke(cli, ["review", str(copy), "--json"]).stdout)
    assert "nothing-new" in {f["rule"] for f in after["findings"]}
    skipped = json.loads(runner.invoke(cli, ["review", str(copy), "--json", "--no-index"]).stdout)
    assert "nothing-new" not in {f["rule"] for f in skipped["findings"]}


SAME_COPY = (
    "The filter is the gatekeeper who decides which vendor email reaches the team. "
    "Our pilot at Rotterdam cut pallet dwell time from 41 to 26 hours in March 2025. "
    "We are a world-class, innovative partner."
)


def test_the_same_copy_gets_the_same_findings_everywhere(
    small_knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One nothing-new lookup (review.knowledge_lookup) behind the CLI, the page, chat and the
    agent's review_copy tool: identical findings, the nothing-new one included."""
    from openai_server import FakeOpenAIServer
    from test_app import button, open_page

    from assistant.agent import make_assistant
    from assistant.chat import ChatEngine
    from assistant.results import ReviewData

    ingest(load_settings())
    copy = tmp_path / "copy.txt"
    copy.write_text(SAME_COPY, encoding="utf-8")
    printed = CliRunner().invoke(cli, ["review", str(copy), "--json"])
    assert printed.exit_code == 0, printed.output
    by_cli = ReviewResult.model_validate_json(printed.stdout)

    page = open_page("review")
    page.text_area(key="review-text").set_value(SAME_COPY)
    button(page, "review_button").click().run()
    assert not page.exception, [e.value for e in page.exception]
    by_page = page.session_state["review_result"][1]

    chat_answer = ChatEngine(load_settings()).answer(f"Review this: {SAME_COPY}")
    assert isinstance(chat_answer.data, ReviewData)
    by_chat = chat_answer.data.review

    with FakeOpenAIServer(model="fake-chat", require_key="sk-test") as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        monkeypatch.setenv("ASSISTANT_CHAT_MODEL", "fake-chat")
        server.enqueue_tool_call("review_copy", {"text": SAME_COPY})
        server.enqueue_text("The first sentence repeats the guidance; the pilot is specific.")
        agent_answer = make_assistant(load_settings()).answer(SAME_COPY)
    assert agent_answer.mode == "llm" and isinstance(agent_answer.data, ReviewData)
    by_agent = agent_answer.data.review

    assert "nothing-new" in {f.rule for f in by_cli.findings}
    for other in (by_page, by_chat, by_agent):
        assert other.findings == by_cli.findings
        assert other.score == by_cli.score
