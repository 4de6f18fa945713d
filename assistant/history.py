"""Conversations, messages and feedback in SQLite under the data dir (never an API key).

An assistant message keeps its full result (the plan, review, email check or brief, as the
tagged `AnswerData`), its notice and the conversation context (the question understood and any
request waiting for an account), so a conversation reopened later shows every panel as first
shown and continues where it stopped.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from assistant.chat import Answer, TurnContext
from assistant.errors import InputError, StoreError
from assistant.results import AnswerData, data_to_markdown

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT '', mode TEXT NOT NULL DEFAULT '',
    citations TEXT NOT NULL DEFAULT '[]', created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    message_id TEXT PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    rating INTEGER NOT NULL, reason TEXT NOT NULL DEFAULT '', created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages(conversation_id, position);
"""
# Columns added after the first release: an older history file gains them on open.
ADDED_COLUMNS = {
    "intent": "TEXT NOT NULL DEFAULT ''",
    "notice": "TEXT NOT NULL DEFAULT ''",
    "model": "TEXT NOT NULL DEFAULT ''",
    "data": "TEXT NOT NULL DEFAULT ''",
    "context": "TEXT NOT NULL DEFAULT ''",
}
MESSAGE_COLUMNS = (
    "id, conversation_id, position, role, content, language, mode, citations, created, "
    "intent, notice, model, data, context"
)
DATA_ADAPTER: TypeAdapter[AnswerData] = TypeAdapter(AnswerData)


class Message(BaseModel):
    id: str
    role: Literal["user", "assistant"]
    content: str
    language: str = ""
    mode: str = ""
    citations: list[dict[str, Any]] = Field(default_factory=list)
    created: str
    rating: int | None = None
    reason: str = ""
    intent: str = ""
    notice: str = ""
    model: str = Field("", description="the chat model that answered, when one did")
    data: AnswerData | None = Field(None, description="the full result shown with the answer")
    context: TurnContext | None = Field(None, description="what the next message may lean on")


class Conversation(BaseModel):
    id: str
    title: str
    created: str
    updated: str
    messages: list[Message] = Field(default_factory=list)


class KnowledgeGap(BaseModel):
    """A thumbs-down with a reason: what the knowledge failed to answer."""

    message_id: str
    conversation_id: str
    question: str
    answer: str
    reason: str
    created: str


M = TypeVar("M", bound=BaseModel)


def readable(model: type[M], values: dict[str, Any], what: str) -> M | None:
    """A stored row as its model, or None with a warning: a row damaged by hand or by another
    version is skipped, never a traceback on every later call."""
    try:
        return model.model_validate(values)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        logger.warning(
            "chat history: skipped %s %s (%s: %s)",
            what,
            values.get("id", "?"),
            where,
            problem["msg"],
        )
        return None


def stored_citations(values: dict[str, Any]) -> list[dict[str, Any]]:
    """A message's citations; unreadable JSON is dropped with a warning, the message kept."""
    try:
        citations = json.loads(values.get("citations") or "[]")
    except (TypeError, ValueError):
        citations = None
    if isinstance(citations, list) and all(isinstance(c, dict) for c in citations):
        return citations
    logger.warning(
        "chat history: message %s has unreadable citations; shown without them",
        values.get("id", "?"),
    )
    return []


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class History:
    """One SQLite file per data dir; every call opens a short transaction."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "history.sqlite3"

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = sqlite3.connect(self.path, timeout=10)
            connection.row_factory = sqlite3.Row
            # Text that is not UTF-8 (written by another tool) is shown with replacement
            # characters instead of failing every read of the history.
            connection.text_factory = lambda data: data.decode("utf-8", "replace")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.executescript(SCHEMA)
            present = {row[1] for row in connection.execute("PRAGMA table_info(messages)")}
            for column, definition in ADDED_COLUMNS.items():
                if column not in present:
                    connection.execute(f"ALTER TABLE messages ADD COLUMN {column} {definition}")
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"chat history at {self.path} is damaged ({error}); move the file away to "
                "start a new history"
            ) from None
        try:
            with connection:
                yield connection
        except sqlite3.DatabaseError as error:
            raise StoreError(f"chat history at {self.path} failed: {error}") from None
        finally:
            connection.close()

    def create(self, title: str = "New conversation") -> Conversation:
        stamp = now()
        conversation = Conversation(
            id=uuid.uuid4().hex[:12], title=title, created=stamp, updated=stamp
        )
        with self.connect() as db:
            db.execute(
                "INSERT INTO conversations VALUES (?, ?, ?, ?)",
                (conversation.id, conversation.title, stamp, stamp),
            )
        return conversation

    def list(self) -> list[Conversation]:
        with self.connect() as db:
            rows = db.execute("SELECT * FROM conversations ORDER BY updated DESC, id").fetchall()
        return [c for c in (readable(Conversation, dict(row), "conversation") for row in rows) if c]

    def get(self, conversation_id: str) -> Conversation:
        with self.connect() as db:
            row = db.execute(
                "SELECT * FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if row is None:
                raise InputError(f"no conversation {conversation_id!r}", field="conversation")
            messages = db.execute(
                "SELECT m.*, f.rating, f.reason FROM messages m "
                "LEFT JOIN feedback f ON f.message_id = m.id "
                "WHERE conversation_id = ? ORDER BY position",
                (conversation_id,),
            ).fetchall()
        conversation = readable(Conversation, dict(row), "conversation")
        if conversation is None:
            raise InputError(
                f"conversation {conversation_id!r} is damaged and cannot be shown",
                field="conversation",
            )
        for row in messages:
            values = dict(row)
            values.pop("conversation_id", None)
            values.pop("position", None)
            values["citations"] = stored_citations(values)
            values["reason"] = str(values.get("reason") or "")
            if values.get("rating") not in (None, 1, -1):
                logger.warning("chat history: message %s has a bad rating; ignored", values["id"])
                values["rating"] = None
            values["data"], note = stored_data(values.get("data") or "")
            values["notice"] = " ".join(filter(None, (values.get("notice") or "", note)))
            values["context"] = stored_context(values.get("context") or "")
            message = readable(Message, values, "message")
            if message is not None:
                conversation.messages.append(message)
        return conversation

    def last_context(self, conversation_id: str) -> TurnContext | None:
        """The context of the conversation's latest answer: what the next message continues."""
        answers = [m for m in self.get(conversation_id).messages if m.role == "assistant"]
        return answers[-1].context if answers else None

    def add_message(
        self,
        conversation_id: str,
        role: Literal["user", "assistant"],
        content: str,
        language: str = "",
        mode: str = "",
        citations: list[dict[str, Any]] | None = None,
        *,
        intent: str = "",
        notice: str = "",
        model: str = "",
        data: AnswerData | None = None,
        context: TurnContext | None = None,
    ) -> Message:
        stamp = now()
        message = Message(
            id=uuid.uuid4().hex[:12],
            role=role,
            content=content,
            language=language,
            mode=mode,
            citations=citations or [],
            created=stamp,
            intent=intent,
            notice=notice,
            model=model,
            data=data,
            context=context,
        )
        with self.connect() as db:
            exists = db.execute(
                "SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if exists is None:
                raise InputError(f"no conversation {conversation_id!r}", field="conversation")
            (position,) = db.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM messages WHERE conversation_id = ?",
                (conversation_id,),
            ).fetchone()
            db.execute(
                f"INSERT INTO messages ({MESSAGE_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    message.id,
                    conversation_id,
                    position,
                    role,
                    content,
                    language,
                    mode,
                    json.dumps(message.citations, ensure_ascii=False),
                    stamp,
                    intent,
                    notice,
                    model,
                    DATA_ADAPTER.dump_json(data).decode("utf-8") if data is not None else "",
                    context.model_dump_json() if context is not None else "",
                ),
            )
            db.execute(
                "UPDATE conversations SET updated = ? WHERE id = ?", (stamp, conversation_id)
            )
        return message

    def add_answer(self, conversation_id: str, answer: Answer, model: str = "") -> Message:
        """Store an assistant answer whole: text, citations, the full result (plan, review,
        email check, brief), its notice and the conversation context."""
        return self.add_message(
            conversation_id,
            "assistant",
            answer.answer,
            language=answer.language,
            mode=answer.mode,
            citations=[citation.model_dump() for citation in answer.citations],
            intent=answer.intent,
            notice=answer.notice,
            model=model,
            data=answer.data,
            context=answer.context,
        )

    def rename(self, conversation_id: str, title: str) -> None:
        if not title.strip():
            raise InputError("title is empty", field="title")
        with self.connect() as db:
            changed = db.execute(
                "UPDATE conversations SET title = ? WHERE id = ?", (title.strip(), conversation_id)
            ).rowcount
        if not changed:
            raise InputError(f"no conversation {conversation_id!r}", field="conversation")

    def delete(self, conversation_id: str) -> bool:
        """Delete a conversation; False when there was none with this id."""
        with self.connect() as db:
            deleted = db.execute(
                "DELETE FROM conversations WHERE id = ?", (conversation_id,)
            ).rowcount
        return bool(deleted)

    def rate(self, message_id: str, rating: int, reason: str = "") -> None:
        """Thumbs up (+1) or down (-1) on an assistant answer, with an optional reason."""
        if rating not in (1, -1):
            raise InputError("must be 1 (up) or -1 (down)", field="rating")
        with self.connect() as db:
            row = db.execute("SELECT role FROM messages WHERE id = ?", (message_id,)).fetchone()
            if row is None or row["role"] != "assistant":
                raise InputError(f"no answer {message_id!r}", field="message")
            db.execute(
                "INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?)",
                (message_id, rating, reason.strip(), now()),
            )

    def gaps(self) -> list[KnowledgeGap]:
        """Thumbs-down answers with a reason, newest first, with the question they answered."""
        with self.connect() as db:
            rows = db.execute(
                "SELECT f.message_id, m.conversation_id, m.content AS answer, f.reason, f.created, "
                "(SELECT q.content FROM messages q WHERE q.conversation_id = m.conversation_id "
                " AND q.position < m.position AND q.role = 'user' ORDER BY q.position DESC LIMIT 1)"
                " AS question FROM feedback f JOIN messages m ON m.id = f.message_id "
                "WHERE f.rating = -1 AND f.reason != '' ORDER BY f.created DESC, f.message_id"
            ).fetchall()
        gaps = (
            readable(KnowledgeGap, {**dict(row), "question": row["question"] or ""}, "feedback")
            for row in rows
        )
        return [gap for gap in gaps if gap is not None]


def stored_data(text: str) -> tuple[AnswerData | None, str]:
    """A saved result, or None and a note when it no longer fits today's schema (saved by an
    older version): the message itself is always kept."""
    if not text:
        return None, ""
    try:
        return DATA_ADAPTER.validate_json(text), ""
    except ValidationError:
        return None, "The full result saved with this answer can no longer be shown."


def stored_context(text: str) -> TurnContext | None:
    if not text:
        return None
    try:
        return TurnContext.model_validate_json(text)
    except ValidationError:
        return None  # an older context only loses the follow-up link, never the message


def conversation_to_markdown(conversation: Conversation) -> str:
    lines = [f"# {conversation.title}", "", f"_{conversation.created}_", ""]
    for message in conversation.messages:
        who = "You" if message.role == "user" else f"Assistant ({message.mode or 'offline'})"
        lines += [f"**{who}:**", ""]
        if message.notice:
            lines += [f"_{message.notice}_", ""]
        lines += [message.content, ""]
        if message.data is not None:
            lines += [data_to_markdown(message.data), ""]
        for number, citation in enumerate(message.citations, 1):
            shown = citation.get("label") or citation.get("section") or citation.get("source", "")
            lines.append(f"[{number}] {shown}")
        if message.citations:
            lines.append("")
    return "\n".join(lines)
