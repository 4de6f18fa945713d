"""Chat history in SQLite: survives a restart, rename/delete/export, feedback becomes gaps."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.errors import InputError, StoreError
from assistant.history import History, conversation_to_markdown


def test_history_survives_a_new_process_object(tmp_path: Path) -> None:
    data_dir = load_settings().data_dir
    first = History(data_dir)
    conversation = first.create("Q3 campaign")
    first.add_message(conversation.id, "user", "Who is the filter?", language="en")
    answer = first.add_message(
        conversation.id,
        "assistant",
        "The gatekeeper.",
        language="en",
        mode="offline",
        citations=[
            {
                "chunk_id": "guidance/en/buying-center.md#1",
                "source": "guidance/en/buying-center.md",
                "section": "Roles",
            }
        ],
    )
    reopened = History(data_dir).get(conversation.id)
    assert [m.content for m in reopened.messages] == ["Who is the filter?", "The gatekeeper."]
    assert reopened.messages[1].citations[0]["section"] == "Roles"
    assert reopened.messages[1].id == answer.id


def test_rename_list_delete(tmp_path: Path) -> None:
    history = History(load_settings().data_dir)
    a = history.create("A")
    b = history.create("B")
    history.rename(a.id, "Renamed")
    assert {c.title for c in history.list()} == {"Renamed", "B"}
    history.delete(b.id)
    assert [c.id for c in history.list()] == [a.id]
    with pytest.raises(InputError):
        history.rename("nope", "x")


def test_thumbs_down_with_reason_is_a_knowledge_gap(tmp_path: Path) -> None:
    history = History(load_settings().data_dir)
    conversation = history.create()
    history.add_message(conversation.id, "user", "What CPL is normal for medtech?")
    answer = history.add_message(conversation.id, "assistant", "No passage answers this.")
    other = history.add_message(conversation.id, "assistant", "Fine answer.")
    history.rate(answer.id, -1, "No benchmark for medtech CPL")
    history.rate(other.id, 1)
    gaps = history.gaps()
    assert len(gaps) == 1
    assert gaps[0].question == "What CPL is normal for medtech?"
    assert gaps[0].reason == "No benchmark for medtech CPL"
    with pytest.raises(InputError):
        history.rate(answer.id, 0)


def test_markdown_export_lists_citations(tmp_path: Path) -> None:
    history = History(load_settings().data_dir)
    conversation = history.create("Export me")
    history.add_message(conversation.id, "user", "Hi")
    history.add_message(
        conversation.id,
        "assistant",
        "Hello",
        citations=[{"source": "s.md", "section": "Intro", "label": "Guide › Intro"}],
    )
    text = conversation_to_markdown(history.get(conversation.id))
    assert text.startswith("# Export me") and "[1] Guide › Intro" in text


def test_damaged_history_file_is_a_clear_error(tmp_path: Path) -> None:
    data_dir = load_settings().data_dir
    data_dir.mkdir(parents=True)
    (data_dir / "history.sqlite3").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="chat history at .* is damaged"):
        History(data_dir).list()


def test_history_commands(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from assistant.cli import cli

    history = History(load_settings().data_dir)
    conversation = history.create("Draft")
    history.add_message(conversation.id, "user", "Hello")
    runner = CliRunner()
    listed = json.loads(runner.invoke(cli, ["history", "list", "--json"]).stdout)
    assert listed["conversations"][0]["title"] == "Draft"
    assert runner.invoke(cli, ["history", "rename", conversation.id, "Q3 plan"]).exit_code == 0
    shown = runner.invoke(cli, ["history", "show", conversation.id, "--format", "json"])
    assert json.loads(shown.stdout)["title"] == "Q3 plan"
    assert runner.invoke(cli, ["history", "show", conversation.id]).stdout.startswith("# Q3 plan")
    assert runner.invoke(cli, ["history", "delete", conversation.id]).exit_code == 0
    missing = runner.invoke(cli, ["history", "show", conversation.id])
    assert missing.exit_code == 2 and "no conversation" in missing.stderr


def test_answers_keep_their_result_and_context_and_old_files_gain_the_columns(
    tmp_path: Path,
) -> None:
    import sqlite3

    from assistant.chat import Answer, PendingRequest, TurnContext
    from assistant.email_check import check_email
    from assistant.results import EmailData

    data_dir = load_settings().data_dir
    data_dir.mkdir(parents=True)
    old = sqlite3.connect(data_dir / "history.sqlite3")  # a history file from before results
    old.executescript(
        "CREATE TABLE conversations (id TEXT PRIMARY KEY, title TEXT NOT NULL, "
        "created TEXT NOT NULL, updated TEXT NOT NULL);"
        "CREATE TABLE messages (id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, "
        "position INTEGER NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL, "
        "language TEXT NOT NULL DEFAULT '', mode TEXT NOT NULL DEFAULT '', "
        "citations TEXT NOT NULL DEFAULT '[]', created TEXT NOT NULL);"
        "INSERT INTO conversations VALUES ('c1', 'Old', 't', 't');"
        "INSERT INTO messages VALUES ('m1', 'c1', 0, 'user', 'Hi', 'en', '', '[]', 't');"
    )
    old.commit()
    old.close()
    history = History(data_dir)
    assert history.get("c1").messages[0].content == "Hi"  # nothing stored is lost
    report = check_email(b"<table><tr><td><img src='a.png'></td></tr></table>", name="x")
    pending = TurnContext(pending=PendingRequest(intent="plan", message="Make a content plan"))
    answer = Answer(
        answer="2 findings.",
        language="en",
        mode="offline",
        intent="email",
        notice="The chat model failed (timed out); this is the offline answer.",
        data=EmailData(report=report),
        context=pending,
    )
    history.add_answer("c1", answer)
    reopened = History(data_dir).get("c1").messages[-1]
    assert reopened.data is not None and reopened.data.kind == "email"
    assert reopened.data.report == report and reopened.notice == answer.notice
    assert History(data_dir).last_context("c1") == pending
    exported = conversation_to_markdown(History(data_dir).get("c1"))
    assert "**Fix before sending · deliverability risk" in exported
    assert "Missing alt text" in exported
