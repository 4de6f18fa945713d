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
    """A knowledge file cannot be read or parsed."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class PersonaError(KnowledgeError):
    """A persona file breaks the schema; names the field at fault."""

    def __init__(self, path: Path | str, field: str, reason: str) -> None:
        self.field = field
        super().__init__(path, f"{field}: {reason}" if field else reason)


class StoreError(AssistantError):
    """The vector store is unreachable or damaged."""


class ModelError(AssistantError):
    """The chat or embedding model failed (auth, timeout, rate limit, server error)."""
