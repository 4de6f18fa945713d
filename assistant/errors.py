"""Typed errors whose message tells the user how to fix the problem (one line, no traceback)."""

from __future__ import annotations

from pathlib import Path


class AssistantError(Exception):
    """Base of every error a user can cause or fix; the CLI maps it to exit code 2."""


class ConfigError(AssistantError):
    """A setting is missing or wrong."""


class InputError(AssistantError):
    """A command-line option, request field or pasted input is invalid."""

    def __init__(self, message: str, field: str | None = None) -> None:
        self.field = field
        super().__init__(f"{field}: {message}" if field else message)


class KnowledgeError(AssistantError):
    """A knowledge file cannot be read or parsed; `code` names the kind of problem (the page
    says it in the user's language): too-large, empty, unreadable, not-text, bad-name,
    link-outside, bad-front-matter, bad-persona, bad-document, archive-bomb, no-text,
    bad-guidance, truncated, failed."""

    def __init__(self, path: Path | str, reason: str, code: str = "unreadable") -> None:
        self.path = str(path)
        self.reason = reason
        self.code = code
        super().__init__(f"{self.path}: {reason}")


class PersonaError(KnowledgeError):
    """A persona file breaks the schema; names the field at fault."""

    def __init__(self, path: Path | str, field: str, reason: str) -> None:
        self.field = field
        super().__init__(path, f"{field}: {reason}" if field else reason, code="bad-persona")


class StoreError(AssistantError):
    """The vector store is unreachable or damaged."""


class NoIndexError(StoreError):
    """No index exists yet in this data dir (or on this Chroma server)."""


class IndexNotReady(StoreError):
    """The index exists but has nothing to search yet: an ingest is building it, or the
    knowledge folder has nothing indexed. Says which, in one line."""


class ModelError(AssistantError):
    """The chat or embedding model failed (auth, timeout, rate limit, server error)."""


class AnswerLimitError(ModelError):
    """The chat model's answer ran past its deadline or size cap, or the reader went away;
    `failure` holds the reason in a form every language can render (assistant.llm.Failure)."""

    failure: object = None


def one_line(text: str) -> str:
    """Messages are single lines: a newline in a file name or a value must not split them."""
    return " ".join(str(text).replace("\r", "\n").split("\n")).strip()


def from_os_error(error: OSError) -> InputError:
    """A file-system failure as the one-line sentence users see: `<file>: <reason>`."""
    reason = (error.strerror or type(error).__name__).lower()
    where = error.filename if error.filename is not None else None
    if isinstance(where, bytes):
        where = where.decode("utf-8", "backslashreplace")
    if where is not None:
        where = ascii_safe(str(where))
    return InputError(reason, field=where)


def ascii_safe(text: str) -> str:
    """A name from outside (argv, file names) printable on any terminal: lone surrogates from
    invalid UTF-8 and control characters become visible escapes."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(
        char if char.isprintable() or char == " " else char.encode("unicode_escape").decode()
        for char in text
    )
