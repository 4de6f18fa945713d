"""Rule files as typed data: one loader, and a pydantic model per file next to its reader.

`load("rules/chat.yaml", ChatRules)` reads a file shipped inside the `assistant` package once,
through the bounded YAML reader, and validates it; a typo fails at load with the file, the key
path and the reason, never later as a KeyError in the middle of an answer.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.errors import AssistantError
from assistant.safe_yaml import parse_yaml

M = TypeVar("M", bound=BaseModel)

_CACHE: dict[tuple[str, type[BaseModel]], BaseModel] = {}


class RuleError(AssistantError):
    """A rule file breaks its schema: names the file, the key path and the reason."""

    def __init__(self, name: str, path: str, reason: str) -> None:
        self.name = name
        self.path = path
        self.reason = reason
        super().__init__(f"{name}: {path}: {reason}" if path else f"{name}: {reason}")


class RuleModel(BaseModel):
    """Base of every rule-file model: unknown keys are typos, so they fail."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def read_text(name: str) -> str:
    """A data file shipped inside the package (`rules/…`, `ui/…`)."""
    return resources.files("assistant").joinpath(name).read_text("utf-8")


def parse(name: str, text: str, model: type[M]) -> M:
    """Validate a rule text against its model; the error names the file and the key path."""
    raw: Any = json.loads(text) if name.endswith(".json") else parse_yaml(text, name)
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise RuleError(name, *describe(error)) from None


def describe(error: ValidationError, limit: int = 3) -> tuple[str, str]:
    """(key path, reason) of a validation error: unknown keys (typos) first, then the rest,
    so "intentz" reads as "intentz: Extra inputs are not permitted; intents: Field required"."""
    problems = sorted(error.errors(), key=lambda e: e["type"] != "extra_forbidden")[:limit]
    parts = [(".".join(str(p) for p in problem["loc"]), problem["msg"]) for problem in problems]
    first_path, first_reason = parts[0]
    rest = "; ".join(f"{path}: {reason}" if path else reason for path, reason in parts[1:])
    return first_path, f"{first_reason}; {rest}" if rest else first_reason


def load(name: str, model: type[M]) -> M:
    """The validated content of a packaged rule file, read once per process."""
    key = (name, model)
    cached = _CACHE.get(key)
    if cached is None:
        cached = _CACHE[key] = parse(name, read_text(name), model)
    return cached  # type: ignore[return-value]
